/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-helper.h"

/*
 * The CLI contract of DESIGN §8 and the acceptance list of issue 2, run
 * against the real telekit-cli on demo databases in a temporary folder.
 */

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static char *tmp_dir;
/* demo --kits 2000 --seed 1: made on first use, shared by the tests. */
static char *demo_db;
/* demo --kits 30 --seed 7, for the exports, with its event count. */
static char *small_db;
static guint64 small_db_events;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static const char *
shared_db (void)
{
  g_auto(CliRun) run = { 0 };

  if (demo_db != NULL)
    return demo_db;
  demo_db = tmp_path ("demo.db");
  cli_run_ok (&run, demo_db, "demo", "--kits", "2000", "--seed", "1", NULL);
  g_assert_nonnull (strstr (run.out, "2000 kits"));
  return demo_db;
}

static const char *
export_db (void)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *count = NULL;

  if (small_db != NULL)
    return small_db;
  small_db = tmp_path ("small.db");
  cli_run_ok (&run, small_db, "demo", "--kits", "30", "--seed", "7", NULL);
  regex = g_regex_new ("([0-9]+) events", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, run.out, 0, &match));
  count = g_match_info_fetch (match, 1);
  small_db_events = g_ascii_strtoull (count, NULL, 10);
  g_assert_cmpuint (small_db_events, >, 0);
  return small_db;
}

/* ---- JSON helpers ------------------------------------------------------ */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonArray *
node_array (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static JsonObject *
array_object (JsonArray *array,
              guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* A member that must be there, as a string or null. */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (!json_object_has_member (object, name))
    g_test_message ("no member “%s”", name);
  g_assert_true (json_object_has_member (object, name));
  node = json_object_get_member (object, name);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  return json_node_get_string (node);
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, name));
  node = json_object_get_member (object, name);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return node_array (json_object_get_member (object, name));
}

/* The first row of @rows whose @name is @value. */
static JsonObject *
find_row (JsonArray  *rows,
          const char *name,
          const char *value)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = array_object (rows, i);

      if (g_strcmp0 (member_string (row, name), value) == 0)
        return row;
    }
  return NULL;
}

static JsonNode *
list_json (const char *db,
           const char *what,
           const char *state)
{
  g_auto(CliRun) run = { 0 };

  if (state != NULL)
    cli_run_ok (&run, db, "list", what, "--state", state, "--json", NULL);
  else
    cli_run_ok (&run, db, "list", what, "--json", NULL);
  return parse_json (run.out);
}

static char *
action_code (const char *db,
             const char *action)
{
  g_autoptr(JsonNode) node = list_json (db, "actions", NULL);
  JsonObject *row = find_row (node_array (node), "action", action);

  g_assert_nonnull (row);
  return g_strdup (member_string (row, "code"));
}

static char *
kit_history_text (const char *db,
                  const char *code)
{
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&run, db, "kit", "history", code, "--json", NULL);
  return g_steal_pointer (&run.out);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static guint
count_lines_with (const char *text,
                  const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

/* ---- kit show / kit history ------------------------------------------- */

static const char *
event_type (JsonArray *history,
            int        i)
{
  return member_string (array_object (history, (guint) i), "type");
}

static const char *
event_step (JsonArray *history,
            int        i)
{
  JsonObject *event = array_object (history, (guint) i);
  JsonObject *payload = json_object_get_object_member (event, "payload");

  g_assert_nonnull (payload);
  return member_string (payload, "step");
}

/* The last event of @type in (@after, @before), or -1. */
static int
last_of (JsonArray  *history,
         const char *type,
         int         after,
         int         before)
{
  for (int i = before - 1; i > after; i--)
    if (strcmp (event_type (history, i), type) == 0)
      return i;
  return -1;
}

/*
 * The rule of DESIGN §3 on one kit: every kit.reserved after a home visit
 * (kit.installed) is preceded, since that visit and in this order, by the
 * way into quarantine (kit.received, or kit.found after a loss),
 * kit.reprocessing_started, the last verdict on each step of @steps being
 * kit.step_passed, and kit.released. Returns how often the kit came back
 * from a home and was reserved again.
 */
static guint
assert_home_and_back (const char *code,
                      JsonArray  *history,
                      JsonArray  *steps)
{
  int n = (int) json_array_get_length (history);
  guint cycles = 0;

  for (int r = 0; r < n; r++)
    {
      int installed, released, started, resumed, quarantined;

      if (strcmp (event_type (history, r), "kit.reserved") != 0)
        continue;
      installed = last_of (history, "kit.installed", -1, r);
      if (installed < 0)
        continue;

      released = last_of (history, "kit.released", installed, r);
      g_assert_cmpint (released, >, installed);
      started = last_of (history, "kit.reprocessing_started", installed, released);
      g_assert_cmpint (started, >, installed);
      quarantined = MAX (last_of (history, "kit.received", installed, started),
                         last_of (history, "kit.found", installed, started));
      g_assert_cmpint (quarantined, >, installed);
      /* Taking a kit off hold back into reprocessing clears its steps. */
      resumed = MAX (started, last_of (history, "kit.resumed", started, released));

      for (guint s = 0; s < json_array_get_length (steps); s++)
        {
          const char *step = member_string (array_object (steps, s), "step");
          const char *verdict = NULL;

          for (int i = released - 1; i > resumed && verdict == NULL; i--)
            if ((strcmp (event_type (history, i), "kit.step_passed") == 0 ||
                 strcmp (event_type (history, i), "kit.step_failed") == 0) &&
                g_strcmp0 (event_step (history, i), step) == 0)
              verdict = event_type (history, i);
          if (g_strcmp0 (verdict, "kit.step_passed") != 0)
            g_test_message ("%s: step %s before the release at event %d: %s", code, step, released,
                            verdict ? verdict : "never passed");
          g_assert_cmpstr (verdict, ==, "kit.step_passed");
        }
      cycles++;
    }
  if (cycles > 0)
    g_test_message ("%s: back from a home and reserved again %u times", code, cycles);
  return cycles;
}

static void
assert_history_rows (JsonArray *history)
{
  const char *previous = "";

  g_assert_cmpuint (json_array_get_length (history), >, 0);
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *event = array_object (history, i);
      const char *occurred_at = member_string (event, "occurred_at");

      g_assert_nonnull (member_string (event, "type"));
      g_assert_nonnull (member_string (event, "actor"));
      g_assert_true (json_object_has_member (event, "server_seq"));
      /* Oldest first; the demo writes its events in time order. */
      g_assert_nonnull (occurred_at);
      g_assert_cmpstr (previous, <=, occurred_at);
      previous = occurred_at;
    }
}

/* kit show --json against the list row and the device list. */
static void
assert_kit_show (JsonObject *shown,
                 JsonObject *listed,
                 JsonArray  *devices)
{
  const char *code = member_string (listed, "code");
  JsonArray *slots = member_array (shown, "slots");
  JsonArray *problems = member_array (shown, "problems");

  g_assert_cmpstr (member_string (shown, "code"), ==, code);
  g_assert_cmpstr (member_string (shown, "kit_type"), ==, member_string (listed, "kit_type"));
  g_assert_cmpstr (member_string (shown, "state"), ==, member_string (listed, "state"));
  g_assert_cmpint (member_bool (shown, "complete"), ==, json_array_get_length (problems) == 0);

  g_assert_cmpuint (json_array_get_length (slots), >, 0);
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = array_object (slots, i);
      const char *kind = member_string (slot, "kind");
      const char *device = member_string (slot, "device");
      const char *serial = member_string (slot, "serial");

      g_assert_nonnull (kind);
      g_assert_cmpstr (kind, !=, "");
      if (device == NULL)
        {
          g_assert_null (serial);
          continue;
        }
      {
        JsonObject *row = find_row (devices, "code", device);

        g_assert_nonnull (row);
        g_assert_cmpstr (member_string (row, "kit"), ==, code);
        g_assert_nonnull (serial);
        g_assert_cmpstr (member_string (row, "serial"), ==, serial);
      }
    }
}

/* Acceptance: after demo --kits 2000, kit show and kit history of a kit
 * that has been to a home and back show quarantine and the full
 * reprocessing checklist before it was reserved again. */
static void
test_kit_home_and_back (void)
{
  const char *db = shared_db ();
  g_autoptr(JsonNode) kits_node = list_json (db, "kits", NULL);
  g_autoptr(JsonNode) devices_node = list_json (db, "devices", NULL);
  JsonArray *kits = node_array (kits_node);
  g_autofree char *found = NULL;
  guint examined = 0;

  g_assert_cmpuint (json_array_get_length (kits), ==, 2000);

  /* Kits that went out again after a home visit are reserved, out,
   * installed or back on the shelf; look at some of each. */
  for (guint i = 0; i < json_array_get_length (kits) && (found == NULL || examined < 12); i++)
    {
      JsonObject *listed = array_object (kits, i);
      const char *code = member_string (listed, "code");
      const char *state = member_string (listed, "state");
      g_auto(CliRun) run = { 0 };
      g_autoptr(JsonNode) shown_node = NULL;
      g_autoptr(JsonNode) history_node = NULL;
      g_autofree char *history_text = NULL;

      if (g_strcmp0 (state, "ready") != 0 && g_strcmp0 (state, "reserved") != 0 &&
          g_strcmp0 (state, "installed") != 0)
        continue;
      examined++;

      cli_run_ok (&run, db, "kit", "show", code, "--json", NULL);
      shown_node = parse_json (run.out);
      history_text = kit_history_text (db, code);
      history_node = parse_json (history_text);
      assert_history_rows (node_array (history_node));
      assert_kit_show (json_node_get_object (shown_node), listed, node_array (devices_node));

      if (assert_home_and_back (code, node_array (history_node),
                                member_array (json_node_get_object (shown_node), "checklist")) > 0 &&
          found == NULL)
        found = g_strdup (code);
    }

  g_test_message ("examined %u kits; %s has been to a home and back", examined, found);
  g_assert_nonnull (found);
}

/* kit show of a kit on the shelf: complete, every slot filled. */
static void
test_kit_show_ready (void)
{
  const char *db = shared_db ();
  g_autoptr(JsonNode) kits_node = list_json (db, "kits", "ready");
  g_autoptr(JsonNode) devices_node = list_json (db, "devices", NULL);
  g_autoptr(JsonNode) shown_node = NULL;
  JsonObject *listed = array_object (node_array (kits_node), 0);
  JsonObject *shown;
  JsonArray *slots;
  JsonArray *checklist;
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&run, db, "kit", "show", member_string (listed, "code"), "--json", NULL);
  shown_node = parse_json (run.out);
  shown = json_node_get_object (shown_node);
  assert_kit_show (shown, listed, node_array (devices_node));

  g_assert_cmpstr (member_string (shown, "state"), ==, "ready");
  slots = member_array (shown, "slots");
  for (guint i = 0; i < json_array_get_length (slots); i++)
    g_assert_nonnull (member_string (array_object (slots, i), "device"));
  checklist = member_array (shown, "checklist");
  g_assert_cmpuint (json_array_get_length (checklist), >, 0);
  for (guint i = 0; i < json_array_get_length (checklist); i++)
    {
      g_assert_nonnull (member_string (array_object (checklist, i), "step"));
      g_assert_nonnull (member_string (array_object (checklist, i), "name"));
    }

  /* The text form says the same. */
  cli_run_ok (&run, db, "kit", "show", member_string (listed, "code"), NULL);
  g_assert_nonnull (strstr (run.out, "ready"));
}

/* ---- scan ---------------------------------------------------------------- */

/* "K3F9A2CXMS" as someone types it: "k3f9-a2c-xms". */
static char *
typed_sloppily (const char *code)
{
  g_autofree char *lower = g_ascii_strdown (code, -1);

  return g_strdup_printf ("%.4s-%.3s-%.3s", lower, lower + 4, lower + 7);
}

/* @code with one serial character replaced by its neighbour in the
 * alphabet; the check character catches every single substitution. */
static char *
mistyped (const char *code)
{
  char *typo = g_strdup (code);
  const char *at = strchr (alphabet, typo[5]);

  g_assert_nonnull (at);
  typo[5] = alphabet[(at - alphabet + 1) % (int) (sizeof alphabet - 1)];
  g_assert_cmpstr (typo, !=, code);
  return typo;
}

typedef struct
{
  const char *input;
  const char *words[3];  /* what its REFUSED line must say */
} Refusal;

static void
assert_refusal_line (const char    *err,
                     const Refusal *refusal)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
  g_autofree char *head = g_strdup_printf ("%s:", refusal->input);
  const char *line = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "REFUSED") && strstr (lines[i], head) != NULL)
      {
        g_assert_null (line);
        line = lines[i];
      }
  if (line == NULL)
    g_test_message ("no REFUSED line for %s in:\n%s", refusal->input, err);
  g_assert_nonnull (line);
  for (guint w = 0; w < G_N_ELEMENTS (refusal->words) && refusal->words[w] != NULL; w++)
    {
      if (strstr (line, refusal->words[w]) == NULL)
        g_test_message ("“%s” not in: %s", refusal->words[w], line);
      g_assert_nonnull (strstr (line, refusal->words[w]));
    }
}

/* Acceptance: an action code and ten kit codes — some in the wrong state,
 * one mistyped, one in lower case with dashes, one scanned twice — change
 * exactly the right kits, every other code gets a reason, the exit status
 * is non-zero and the refused kits' histories are unchanged. */
static void
test_scan_acceptance (void)
{
  const char *db = shared_db ();
  g_autofree char *action = action_code (db, "start_reprocessing");
  g_autoptr(JsonNode) quarantine_node = list_json (db, "kits", "quarantine");
  g_autoptr(JsonNode) before_node = list_json (db, "kits", NULL);
  g_autoptr(JsonNode) after_node = NULL;
  g_autoptr(GHashTable) histories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *sloppy = NULL;
  g_autofree char *typo = NULL;
  JsonArray *quarantine = node_array (quarantine_node);
  JsonArray *before = node_array (before_node);
  JsonArray *after;
  const char *q[6];
  const char *ready, *installed, *on_hold;
  const char *good[5];
  const char *untouched[4];
  g_auto(CliRun) run = { 0 };

  g_assert_cmpuint (json_array_get_length (quarantine), >=, 8);
  for (guint i = 0; i < json_array_get_length (quarantine); i++)
    g_assert_cmpstr (member_string (array_object (quarantine, i), "state"), ==, "quarantine");
  for (guint i = 0; i < G_N_ELEMENTS (q); i++)
    q[i] = member_string (array_object (quarantine, i), "code");
  ready = member_string (find_row (before, "state", "ready"), "code");
  installed = member_string (find_row (before, "state", "installed"), "code");
  on_hold = member_string (find_row (before, "state", "on_hold"), "code");
  sloppy = typed_sloppily (q[1]);
  typo = mistyped (q[2]);

  good[0] = q[0];
  good[1] = q[1];
  good[2] = q[3];
  good[3] = q[4];
  good[4] = q[5];
  untouched[0] = q[2];  /* mistyped */
  untouched[1] = ready;
  untouched[2] = installed;
  untouched[3] = on_hold;
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_hash_table_insert (histories, (gpointer) good[i], kit_history_text (db, good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (untouched); i++)
    g_hash_table_insert (histories, (gpointer) untouched[i], kit_history_text (db, untouched[i]));

  {
    const char *argv[] = {
      "scan", "--user", "mette", action,
      q[0], ready, sloppy, typo, installed, q[3], on_hold, q[4], q[5],
      q[0],  /* again: it is being reprocessed now */
    };
    for (guint i = 0; i < G_N_ELEMENTS (argv); i++)
      g_ptr_array_add (args, (gpointer) argv[i]);
  }
  cli_runv (&run, db, args);
  g_test_message ("stdout:\n%sstderr:\n%s", run.out, run.err);

  g_assert_cmpint (run.status, !=, 0);
  /* The action card and the five good kits. */
  g_assert_cmpuint (count_lines_with (run.out, "OK"), ==, 6);
  g_assert_cmpuint (count_lines (run.out), ==, 6);
  /* One line per refused code, then the summary. */
  g_assert_cmpuint (count_lines_with (run.err, "REFUSED"), ==, 5);
  g_assert_cmpuint (count_lines (run.err), ==, 6);
  g_assert_nonnull (strstr (run.err, "5 codes were refused"));
  {
    const Refusal refusals[] = {
      { ready, { "ready on the shelf", "quarantine" } },
      { installed, { "installed", "quarantine" } },
      { on_hold, { "on hold", "quarantine" } },
      { typo, { "one character is wrong or two are swapped" } },
      { q[0], { "being reprocessed", "quarantine" } },
    };
    for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
      assert_refusal_line (run.err, &refusals[i]);
  }

  /* Exactly the five good kits changed state. */
  after_node = list_json (db, "kits", NULL);
  after = node_array (after_node);
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));
  for (guint i = 0; i < json_array_get_length (before); i++)
    {
      JsonObject *was = array_object (before, i);
      JsonObject *is = array_object (after, i);
      const char *code = member_string (was, "code");
      gboolean changed = FALSE;

      g_assert_cmpstr (member_string (is, "code"), ==, code);
      for (guint g = 0; g < G_N_ELEMENTS (good); g++)
        changed |= strcmp (code, good[g]) == 0;
      g_assert_cmpstr (member_string (is, "state"), ==, changed ? "reprocessing" : member_string (was, "state"));
    }

  /* The refused kits' histories are byte for byte what they were. */
  for (guint i = 0; i < G_N_ELEMENTS (untouched); i++)
    {
      g_autofree char *now = kit_history_text (db, untouched[i]);
      g_assert_cmpstr (now, ==, g_hash_table_lookup (histories, untouched[i]));
    }

  /* The good ones got exactly one new event each. */
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *now = kit_history_text (db, good[i]);
      g_autoptr(JsonNode) was_node = parse_json (g_hash_table_lookup (histories, good[i]));
      g_autoptr(JsonNode) is_node = parse_json (now);
      JsonArray *was = node_array (was_node);
      JsonArray *is = node_array (is_node);
      guint n = json_array_get_length (was);
      JsonObject *last;

      g_assert_cmpuint (json_array_get_length (is), ==, n + 1);
      for (guint e = 0; e < n; e++)
        g_assert_true (json_node_equal (json_array_get_element (was, e), json_array_get_element (is, e)));
      last = array_object (is, n);
      g_assert_cmpstr (member_string (last, "type"), ==, "kit.reprocessing_started");
      g_assert_cmpstr (member_string (last, "actor"), ==, "mette");
    }
}

/* scan --json: one object per input with ok true or false. */
static void
test_scan_json (void)
{
  const char *db = shared_db ();
  g_autofree char *action = action_code (db, "start_reprocessing");
  g_autoptr(JsonNode) quarantine_node = list_json (db, "kits", "quarantine");
  g_autoptr(JsonNode) ready_node = list_json (db, "kits", "ready");
  g_autoptr(JsonNode) result_node = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  JsonArray *quarantine = node_array (quarantine_node);
  JsonArray *ready = node_array (ready_node);
  guint nq = json_array_get_length (quarantine);
  guint nr = json_array_get_length (ready);
  JsonArray *results;
  g_auto(CliRun) run = { 0 };
  /* From the ends of the lists: the acceptance test takes the first ones. */
  const char *qa = nq >= 2 ? member_string (array_object (quarantine, nq - 1), "code") : NULL;
  const char *qb = nq >= 2 ? member_string (array_object (quarantine, nq - 2), "code") : NULL;
  const char *rd = nr >= 1 ? member_string (array_object (ready, nr - 1), "code") : NULL;
  const struct {
    const char *input;
    gboolean    ok;
    const char *code;
    const char *event;
  } expected[] = {
    { action, TRUE, action, NULL },
    { qa, TRUE, qa, "kit.reprocessing_started" },
    { "NOTACODE", FALSE, NULL, NULL },
    { rd, FALSE, NULL, NULL },
    { qb, TRUE, qb, "kit.reprocessing_started" },
  };

  g_assert_nonnull (qb);
  g_assert_nonnull (rd);
  g_ptr_array_add (args, (gpointer) "scan");
  g_ptr_array_add (args, (gpointer) "--json");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_ptr_array_add (args, (gpointer) expected[i].input);
  cli_runv (&run, db, args);

  g_assert_cmpint (run.status, !=, 0);
  result_node = parse_json (run.out);
  results = node_array (result_node);
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *result = array_object (results, i);
      const char *message = member_string (result, "message");

      g_assert_cmpstr (member_string (result, "input"), ==, expected[i].input);
      g_assert_cmpint (member_bool (result, "ok"), ==, expected[i].ok);
      g_assert_cmpstr (member_string (result, "code"), ==, expected[i].code);
      {
        JsonArray *events = json_object_get_array_member (result, "events");

        g_assert_cmpuint (json_array_get_length (events), ==, expected[i].event ? 1 : 0);
        if (expected[i].event != NULL)
          g_assert_cmpstr (json_array_get_string_element (events, 0), ==, expected[i].event);
      }
      g_assert_nonnull (message);
      g_assert_cmpstr (message, !=, "");
    }

  {
    g_autoptr(JsonNode) after_node = list_json (db, "kits", NULL);
    JsonArray *after = node_array (after_node);

    g_assert_cmpstr (member_string (find_row (after, "code", qa), "state"), ==, "reprocessing");
    g_assert_cmpstr (member_string (find_row (after, "code", qb), "state"), ==, "reprocessing");
    g_assert_cmpstr (member_string (find_row (after, "code", rd), "state"), ==, "ready");
  }
}

/* Codes that name nothing, or a thing this action has no use for. */
static void
test_scan_refusals (void)
{
  const char *db = shared_db ();
  g_autofree char *action = action_code (db, "start_reprocessing");
  g_autoptr(JsonNode) ready_node = list_json (db, "kits", "ready");
  const char *ready = member_string (array_object (node_array (ready_node), 0), "code");
  g_autofree char *before = kit_history_text (db, ready);
  g_autofree char *after = NULL;
  g_auto(CliRun) run = { 0 };
  const Refusal refusals[] = {
    { "K00000000Q", { "not registered" } },
    { "S000000008", { "stop", "route view" } },
    { "X12345", { "not a kind of Telekit code" } },
  };

  /* Without an action card a kit is only shown. */
  cli_run_ok (&run, db, "scan", ready, NULL);
  g_assert_nonnull (strstr (run.out, "ready on the shelf"));

  cli_run (&run, db, "scan", action, refusals[0].input, refusals[1].input, refusals[2].input, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpuint (count_lines_with (run.err, "REFUSED"), ==, G_N_ELEMENTS (refusals));
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    assert_refusal_line (run.err, &refusals[i]);

  after = kit_history_text (db, ready);
  g_assert_cmpstr (after, ==, before);
}

/* rebuild recomputes the projections from the log: after the demo and the
 * scans above, they come out as they were. */
static void
test_rebuild (void)
{
  static const char *const lists[] = { "kits", "devices", "orders" };
  const char *db = shared_db ();
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_auto(CliRun) run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      cli_run_ok (&run, db, "list", lists[i], "--json", NULL);
      g_ptr_array_add (before, g_steal_pointer (&run.out));
    }
  cli_run_ok (&run, db, "rebuild", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      cli_run_ok (&run, db, "list", lists[i], "--json", NULL);
      g_assert_cmpstr (run.out, ==, g_ptr_array_index (before, i));
    }
}

/* ---- gs1 ------------------------------------------------------------------ */

/* One UDI in the three forms scanners and people produce. The literal is
 * split after \x1d so the escape does not swallow the digits after it. */
static const char *const udi_forms[] = {
  "(01)05712345678909(17)270131(10)AB12(21)SN123",
  "01057123456789091727013110AB12\x1d" "21SN123",
  "]d201057123456789091727013110AB12\x1d" "21SN123",
};

static void
test_gs1_forms (void)
{
  g_autofree char *first = NULL;
  static const char *const elements[][2] = {
    { "01", "05712345678909" }, { "17", "270131" }, { "10", "AB12" }, { "21", "SN123" },
  };

  for (guint f = 0; f < G_N_ELEMENTS (udi_forms); f++)
    {
      g_auto(CliRun) run = { 0 };
      g_autoptr(JsonNode) node = NULL;
      JsonObject *gs1;
      JsonArray *array;

      cli_run_ok (&run, NULL, "gs1", udi_forms[f], "--json", NULL);
      node = parse_json (run.out);
      gs1 = json_node_get_object (node);
      array = member_array (gs1, "elements");
      g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (elements));
      for (guint e = 0; e < G_N_ELEMENTS (elements); e++)
        {
          g_assert_cmpstr (member_string (array_object (array, e), "ai"), ==, elements[e][0]);
          g_assert_cmpstr (member_string (array_object (array, e), "value"), ==, elements[e][1]);
        }
      g_assert_cmpstr (member_string (gs1, "gtin"), ==, "05712345678909");
      g_assert_cmpstr (member_string (gs1, "lot"), ==, "AB12");
      g_assert_cmpstr (member_string (gs1, "serial"), ==, "SN123");
      g_assert_cmpstr (member_string (gs1, "expiry"), ==, "2027-01-31");

      if (first == NULL)
        first = g_strdup (run.out);
      g_assert_cmpstr (run.out, ==, first);
    }
}

/* DD=00 is the last day of the month; absent fields are absent. */
static void
test_gs1_end_of_month (void)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *gs1;

  cli_run_ok (&run, NULL, "gs1", "(01)05712345678909(17)280200", "--json", NULL);
  node = parse_json (run.out);
  gs1 = json_node_get_object (node);
  g_assert_cmpstr (member_string (gs1, "expiry"), ==, "2028-02-29");
  g_assert_false (json_object_has_member (gs1, "lot"));
  g_assert_false (json_object_has_member (gs1, "serial"));
}

static const struct {
  const char *name;
  const char *input;
  const char *where;  /* the AI and its position, as the message says them */
  const char *what;
} gs1_refusals[] = {
  { "check-digit", "(01)05712345678904(17)270131(10)AB12", "AI (01) at position 1:", "check digit" },
  { "check-digit-aim", "]d2010571234567890417270131", "AI (01) at position 4:", "check digit" },
  { "date", "(01)05712345678909(17)270231(10)AB12", "AI (17) at position 19:", "not a real date" },
  { "date-raw", "01057123456789091727023110AB12", "AI (17) at position 17:", "not a real date" },
  { "long-lot", "010571234567890910ABCDEFGHIJKLMNOPQRSTU", "AI (10) at position 17:", "longer than 20" },
  { "missing-separator", "01057123456789091727013110AB1221SN1234567890123456", "AI (10) at position 25:",
    "separator" },
  { "unknown-ai", "(01)05712345678909(99)ABC", "“99” at position 19", "Unknown application identifier" },
  { "unknown-ai-raw", "0105712345678909990ABC", "“99” at position 17", "Unknown application identifier" },
};

static void
test_gs1_refused (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_auto(CliRun) run = { 0 };

  cli_run (&run, NULL, "gs1", gs1_refusals[i].input, "--json", NULL);
  cli_assert_refused (&run, gs1_refusals[i].where);
  cli_assert_refused (&run, gs1_refusals[i].what);
}

/* ---- list ------------------------------------------------------------------ */

static void
test_list_customers (void)
{
  g_autoptr(JsonNode) node = list_json (shared_db (), "customers", NULL);
  JsonArray *rows = node_array (node);
  guint municipalities = 0, regions = 0, hospitals = 0;

  g_assert_cmpuint (json_array_get_length (rows), ==, 27);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = array_object (rows, i);
      const char *kind = member_string (row, "kind");

      g_assert_nonnull (member_string (row, "name"));
      municipalities += g_strcmp0 (kind, "municipality") == 0;
      regions += g_strcmp0 (kind, "region") == 0;
      hospitals += g_strcmp0 (kind, "hospital") == 0;
    }
  g_assert_cmpuint (municipalities, ==, 19);
  g_assert_cmpuint (regions, ==, 1);
  g_assert_cmpuint (hospitals, ==, 7);
  g_assert_cmpstr (member_string (find_row (rows, "name", "Aarhus Kommune"), "kind"), ==, "municipality");
  g_assert_cmpstr (member_string (find_row (rows, "name", "Region Midtjylland"), "kind"), ==, "region");
}

static void
test_list_users (void)
{
  static const char *const roles[] = { "warehouse", "driver", "coordinator", "admin" };
  g_autoptr(JsonNode) node = list_json (shared_db (), "users", NULL);
  JsonArray *rows = node_array (node);

  g_assert_cmpuint (json_array_get_length (rows), >=, G_N_ELEMENTS (roles));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = array_object (rows, i);

      g_assert_nonnull (member_string (row, "name"));
      g_assert_true (g_strv_contains (roles, member_string (row, "role")));
    }
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    g_assert_nonnull (find_row (rows, "role", roles[r]));
}

static void
test_list_actions (void)
{
  g_autoptr(JsonNode) node = list_json (shared_db (), "actions", NULL);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *rows = node_array (node);

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = array_object (rows, i);
      const char *code = member_string (row, "code");

      g_assert_nonnull (member_string (row, "action"));
      g_assert_nonnull (code);
      g_assert_cmpint (strlen (code), ==, 10);
      g_assert_cmpint (code[0], ==, 'A');
      g_assert_true (g_hash_table_add (codes, (gpointer) code));
    }
  g_assert_nonnull (find_row (rows, "action", "start_reprocessing"));
  g_assert_nonnull (find_row (rows, "action", "release"));
}

static void
test_list_bad_state (void)
{
  g_auto(CliRun) run = { 0 };

  cli_run (&run, shared_db (), "list", "kits", "--state", "dusty", NULL);
  cli_assert_refused (&run, "dusty");
  cli_run (&run, shared_db (), "list", "spoons", NULL);
  cli_assert_refused (&run, "spoons");
}

/* ---- export ------------------------------------------------------------------ */

#define BOM "\xef\xbb\xbf"

/* Rows of fields: ';' between fields, CRLF after every row, '"' quotes
 * with "" for a quote inside. */
static GPtrArray *
csv_parse (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        {
          g_string_append_c (field, '"');
          p++;
        }
      else if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        g_string_append_c (field, *p);
      else if (*p == ';')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else
        {
          /* Rows end with CRLF, never a bare line feed. */
          g_assert_cmpint (*p, !=, '\n');
          if (*p == '\r')
            {
              g_assert_cmpint (p[1], ==, '\n');
              p++;
              g_ptr_array_add (row, g_strdup (field->str));
              g_string_truncate (field, 0);
              g_ptr_array_add (rows, g_steal_pointer (&row));
              row = g_ptr_array_new_with_free_func (g_free);
            }
          else
            g_string_append_c (field, *p);
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (field->len, ==, 0);
  g_assert_cmpuint (row->len, ==, 0);
  return rows;
}

static GPtrArray *
read_csv (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, BOM));
  return csv_parse (text + strlen (BOM));
}

static const char *
csv_cell (GPtrArray *rows,
          guint      r,
          guint      c)
{
  GPtrArray *row = g_ptr_array_index (rows, r);

  g_assert_cmpuint (c, <, row->len);
  return g_ptr_array_index (row, c);
}

static void
assert_csv_header (GPtrArray         *rows,
                   const char *const *names)
{
  GPtrArray *header;

  g_assert_cmpuint (rows->len, >, 0);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, g_strv_length ((char **) names));
  for (guint i = 0; i < header->len; i++)
    g_assert_cmpstr (g_ptr_array_index (header, i), ==, names[i]);
  for (guint r = 1; r < rows->len; r++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, r))->len, ==, header->len);
}

static void
test_export_stock (void)
{
  static const char *const names[] = { "kit_type", "state", "location", "location_code", "count", NULL };
  const char *db = export_db ();
  g_autofree char *path = tmp_path ("stock.csv");
  g_autoptr(JsonNode) kits_node = list_json (db, "kits", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *kits = node_array (kits_node);
  guint64 total = 0;
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&run, db, "export", "stock", "--out", path, NULL);
  rows = read_csv (path);
  assert_csv_header (rows, names);
  g_assert_cmpuint (rows->len, >, 1);
  for (guint r = 1; r < rows->len; r++)
    {
      guint64 n = g_ascii_strtoull (csv_cell (rows, r, 4), NULL, 10);
      const char *state = csv_cell (rows, r, 1);

      g_assert_cmpuint (n, >, 0);
      total += n;
      g_hash_table_insert (by_state, g_strdup (state),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (by_state, state)) + n));
    }
  /* Every kit is counted once, in its state. */
  g_assert_cmpuint (total, ==, json_array_get_length (kits));
  for (guint i = 0; i < json_array_get_length (kits); i++)
    {
      const char *state = member_string (array_object (kits, i), "state");
      gsize left = GPOINTER_TO_SIZE (g_hash_table_lookup (by_state, state));

      g_assert_cmpuint (left, >, 0);
      g_hash_table_insert (by_state, g_strdup (state), GSIZE_TO_POINTER (left - 1));
    }
}

static const char *const event_columns[] = {
  "event_id", "occurred_at", "type", "subject", "actor", "device_id", "device_seq", "server_seq", "payload", NULL,
};

static void
test_export_events (void)
{
  const char *db = export_db ();
  g_autofree char *path = tmp_path ("events.csv");
  g_autofree char *month_path = tmp_path ("events-month.csv");
  g_autoptr(JsonNode) kits_node = list_json (db, "kits", NULL);
  g_autoptr(JsonNode) history_node = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) month_rows = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *history_text = NULL;
  g_autofree char *month = NULL;
  const char *kit = member_string (array_object (node_array (kits_node), 0), "code");
  JsonArray *history;
  guint about_kit = 0, in_month = 0;
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&run, db, "export", "events", "--out", path, NULL);
  rows = read_csv (path);
  assert_csv_header (rows, event_columns);
  /* One row per event. */
  g_assert_cmpuint (rows->len - 1, ==, small_db_events);
  month = g_strndup (csv_cell (rows, 1, 1), 7);
  for (guint r = 1; r < rows->len; r++)
    {
      g_assert_true (g_hash_table_add (ids, (gpointer) csv_cell (rows, r, 0)));
      about_kit += strcmp (csv_cell (rows, r, 3), kit) == 0;
      in_month += g_str_has_prefix (csv_cell (rows, r, 1), month);
    }

  /* The kit's rows are its history. */
  history_text = kit_history_text (db, kit);
  history_node = parse_json (history_text);
  history = node_array (history_node);
  g_assert_cmpuint (about_kit, ==, json_array_get_length (history));
  for (guint i = 0; i < json_array_get_length (history); i++)
    g_assert_true (g_hash_table_contains (ids, member_string (array_object (history, i), "event_id")));

  /* --month keeps that month's rows only. */
  cli_run_ok (&run, db, "export", "events", "--month", month, "--out", month_path, NULL);
  month_rows = read_csv (month_path);
  assert_csv_header (month_rows, event_columns);
  g_assert_cmpuint (month_rows->len - 1, ==, in_month);
  g_assert_cmpuint (in_month, >, 0);
  g_assert_cmpuint (in_month, <, small_db_events);
  for (guint r = 1; r < month_rows->len; r++)
    g_assert_true (g_str_has_prefix (csv_cell (month_rows, r, 1), month));
}

/* The billing basis itself is checked against a hand-computed table in
 * tests/cli/test-billing.c; here the contract: a CSV for the month asked,
 * and an unknown export refused. */
static void
test_export_billing (void)
{
  g_autofree char *path = tmp_path ("billing.csv");
  g_autofree char *other = tmp_path ("other.csv");
  g_autofree char *csv = NULL;
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&run, export_db (), "export", "billing", "--month", "2026-03", "--out", path, NULL);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "Customer;EAN number;Month;"));
  g_assert_nonnull (strstr (csv, "\r\nAll customers;;2026-03;Grand total;"));

  cli_run (&run, export_db (), "export", "invoices", "--out", other, NULL);
  cli_assert_refused (&run, "invoices");
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_export_bad_month (void)
{
  static const char *const months[] = { "2025-13", "2025-00", "2025-1", "25-01-01", "2025/01", "march" };
  g_autofree char *path = tmp_path ("month.csv");

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_auto(CliRun) run = { 0 };

      cli_run (&run, export_db (), "export", "events", "--month", months[i], "--out", path, NULL);
      cli_assert_refused (&run, months[i]);
      cli_assert_refused (&run, "YYYY-MM");
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

/* ---- refusals ---------------------------------------------------------------- */

static void
test_error_unknown_command (void)
{
  g_auto(CliRun) run = { 0 };

  cli_run (&run, shared_db (), "frobnicate", NULL);
  cli_assert_refused (&run, "frobnicate");
}

static void
test_error_kit_not_a_code (void)
{
  g_auto(CliRun) run = { 0 };

  cli_run (&run, shared_db (), "kit", "show", "NOTACODE", NULL);
  cli_assert_refused (&run, "NOTACODE");
  cli_run (&run, shared_db (), "kit", "history", "NOTACODE", "--json", NULL);
  cli_assert_refused (&run, "NOTACODE");
  /* A valid code that names no kit. */
  cli_run (&run, shared_db (), "kit", "show", "K00000000Q", NULL);
  cli_assert_refused (&run, "not registered");
  cli_run (&run, shared_db (), "kit", "history", "K00000000Q", NULL);
  cli_assert_refused (&run, "not registered");
  /* One character off. */
  cli_run (&run, shared_db (), "kit", "show", "K00000000R", NULL);
  cli_assert_refused (&run, "one character is wrong or two are swapped");
}

static void
test_error_not_a_database (void)
{
  g_autofree char *path = tmp_path ("notes.txt");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  g_file_set_contents (path, "shopping list: milk, bread\n", -1, &error);
  g_assert_no_error (error);
  cli_run (&run, path, "list", "kits", NULL);
  cli_assert_refused (&run, "not a database");
  /* Refused, not overwritten. */
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "shopping list: milk, bread\n");
}

/* DESIGN §8: non-zero with a one-line reason on stderr. */
static void
test_error_no_command (void)
{
  g_auto(CliRun) run = { 0 };

  cli_run (&run, shared_db (), NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_true (g_str_has_prefix (run.err, "telekit-cli: "));
  g_assert_cmpuint (count_lines (run.err), ==, 1);
}

static void
test_error_demo_not_empty (void)
{
  const char *db = shared_db ();
  g_auto(CliRun) before = { 0 };
  g_auto(CliRun) after = { 0 };
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&before, db, "list", "kits", "--json", NULL);
  cli_run (&run, db, "demo", "--kits", "5", NULL);
  cli_assert_refused (&run, "already holds data");
  cli_run_ok (&after, db, "list", "kits", "--json", NULL);
  g_assert_cmpstr (after.out, ==, before.out);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("telekit-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/kit/home-and-back", test_kit_home_and_back);
  g_test_add_func ("/cli/kit/show-ready", test_kit_show_ready);
  g_test_add_func ("/cli/scan/acceptance", test_scan_acceptance);
  g_test_add_func ("/cli/scan/json", test_scan_json);
  g_test_add_func ("/cli/scan/refusals", test_scan_refusals);
  g_test_add_func ("/cli/rebuild", test_rebuild);
  g_test_add_func ("/cli/gs1/forms", test_gs1_forms);
  g_test_add_func ("/cli/gs1/end-of-month", test_gs1_end_of_month);
  for (guint i = 0; i < G_N_ELEMENTS (gs1_refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/gs1/refused/%s", gs1_refusals[i].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_gs1_refused);
    }
  g_test_add_func ("/cli/list/customers", test_list_customers);
  g_test_add_func ("/cli/list/users", test_list_users);
  g_test_add_func ("/cli/list/actions", test_list_actions);
  g_test_add_func ("/cli/list/bad-state", test_list_bad_state);
  g_test_add_func ("/cli/export/stock", test_export_stock);
  g_test_add_func ("/cli/export/events", test_export_events);
  g_test_add_func ("/cli/export/billing", test_export_billing);
  g_test_add_func ("/cli/export/bad-month", test_export_bad_month);
  g_test_add_func ("/cli/error/unknown-command", test_error_unknown_command);
  g_test_add_func ("/cli/error/kit-not-a-code", test_error_kit_not_a_code);
  g_test_add_func ("/cli/error/not-a-database", test_error_not_a_database);
  g_test_add_func ("/cli/error/no-command", test_error_no_command);
  g_test_add_func ("/cli/error/demo-not-empty", test_error_demo_not_empty);

  status = g_test_run ();

  cli_rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&demo_db, g_free);
  g_clear_pointer (&small_db, g_free);
  return status;
}
