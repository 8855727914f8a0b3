/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-demo.h"
#include "tlk-machine.h"
#include "tlk-store-test-util.h"

#define DEMO_KITS   300
#define DEMO_SEED   7
#define DEMO_CYCLES 3

#define EVENTS_SQL "SELECT event_id, device_seq, type, subject, actor, occurred_at, payload FROM events ORDER BY seq"

/* ---- the demo database most tests share --------------------------------- */

/* A new database at @name holding the demo for @seed. */
static TlkStore *
load_demo (const char *name,
           guint32     seed)
{
  g_autofree char *path = tlk_test_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (path, &error);
  TlkDemoOptions options = { DEMO_KITS, seed, DEMO_CYCLES };
  gboolean ok;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  ok = tlk_store_load_demo (store, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return g_steal_pointer (&store);
}

static char *
events_checksum (const char *path)
{
  g_autofree char *rows = tlk_test_sql_rows (path, EVENTS_SQL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, rows, -1);
}

static TlkStore *demo;
static char *demo_path;
static char *demo_dump;        /* the projections right after loading */
static char *demo_events_sum;  /* and a checksum of the event log */

static TlkStore *
demo_store (void)
{
  g_autoptr(GError) error = NULL;

  if (demo != NULL)
    return demo;
  demo = load_demo ("demo.db", DEMO_SEED);
  demo_path = g_strdup (tlk_store_get_path (demo));
  demo_dump = tlk_store_dump_projections (demo, &error);
  g_assert_no_error (error);
  demo_events_sum = events_checksum (demo_path);
  return demo;
}

/* Opens the shared store again, after a test closed it to change the file
 * behind its back. */
static TlkStore *
demo_store_reopen (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (demo);
  g_assert_nonnull (demo_path);
  demo = tlk_store_open (demo_path, &error);
  g_assert_no_error (error);
  return demo;
}

static char *
dump (TlkStore *store)
{
  g_autoptr(GError) error = NULL;
  char *text = tlk_store_dump_projections (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

/* @select, restricted to the events of this computer, then @rest. */
static char *
device_sql (TlkStore   *store,
            const char *select,
            const char *rest)
{
  /* The device id is a UUID the store made: safe to put in the SQL. */
  g_assert_true (g_uuid_string_is_valid (tlk_store_get_device_id (store)));
  return g_strconcat (select, " FROM events WHERE device_id = '", tlk_store_get_device_id (store), "'",
                      rest, NULL);
}

static gint64
max_device_seq (TlkStore *store)
{
  g_autofree char *sql = device_sql (store, "SELECT MAX(device_seq)", "");

  return tlk_test_sql_int (tlk_store_get_path (store), sql);
}

/* The ready kits, ordered by id; the test needs at least @n. */
static GPtrArray *
ready_kits (TlkStore *store,
            guint     n)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *kits = tlk_store_list_kits (store, "ready", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kits);
  g_assert_cmpuint (kits->len, >=, n);
  return kits;
}

/* A shelf other than @not_here. */
static char *
other_shelf (TlkStore   *store,
             const char *not_here)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) locations = tlk_store_list (store, TLK_SUBJECT_LOCATION, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < locations->len; i++)
    {
      const TlkLocation *l = g_ptr_array_index (locations, i);

      if (g_strcmp0 (l->kind, "shelf") == 0 && g_strcmp0 (l->id, not_here) != 0)
        return g_strdup (l->id);
    }
  g_assert_not_reached ();
}

static TlkEvent *
kit_event (TlkEventType type,
           const char  *kit,
           const char  *field,
           const char  *value)
{
  TlkEvent *event = tlk_event_new (type, kit, "mette");

  if (field != NULL)
    tlk_event_set_string (event, field, value);
  return event;
}

/* ---- projections -------------------------------------------------------- */

static void
test_rebuild_equals_incremental (void)
{
  TlkStore *store = demo_store ();
  g_autofree char *before = dump (store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* The demo has every kind of record; a rebuild of nothing proves nothing. */
  g_assert_nonnull (strstr (before, "|installed|"));
  g_assert_nonnull (strstr (before, "|ready|"));
  g_assert_nonnull (strstr (before, "|closed|"));

  ok = tlk_store_rebuild (store, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  after = dump (store);
  g_assert_cmpstr (after, ==, before);
}

/* Projection rows damaged behind the store's back are put right by a
 * rebuild. */
static void
test_rebuild_repairs (void)
{
  TlkStore *store = demo_store ();
  g_autofree char *before = dump (store);
  g_autofree char *kit = NULL;
  g_autofree char *damage = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  kit = tlk_test_sql_text (demo_path, "SELECT id FROM kits WHERE state = 'installed' ORDER BY id LIMIT 1");
  damage = g_strdup_printf ("UPDATE kits SET state = 'ready', location = NULL WHERE id = '%s';"
                            "DELETE FROM devices WHERE id = (SELECT MIN(id) FROM devices);"
                            "INSERT INTO kits (id, kit_type, state, devices, steps_passed, missing)"
                            " VALUES ('K99999999X', 'kol', 'ready', '[]', '[]', '[]');", kit);

  g_clear_pointer (&demo, tlk_store_free);
  tlk_test_sql_exec (demo_path, damage);
  store = demo_store_reopen ();

  damaged = dump (store);
  g_assert_cmpstr (damaged, !=, before);
  g_assert_nonnull (strstr (damaged, "K99999999X"));

  ok = tlk_store_rebuild (store, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  after = dump (store);
  g_assert_cmpstr (after, ==, before);
}

/* The store sees what another connection wrote (the sync engine and the
 * app share one database file) and can write after it. */
static void
test_sees_other_connection (void)
{
  TlkStore *store = demo_store ();
  g_autofree char *before = dump (store);
  g_autofree char *kit = NULL;
  g_autofree char *damage = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkKit) loaded = NULL;
  gboolean ok;

  /* Reads first, as the app does before another process writes. */
  g_assert_cmpint (tlk_store_count_events (store), >, 0);
  kit = tlk_test_sql_text (demo_path, "SELECT id FROM kits WHERE state = 'installed' ORDER BY id LIMIT 1");
  loaded = tlk_store_load (store, TLK_SUBJECT_KIT, kit);
  g_assert_nonnull (loaded);
  g_clear_pointer (&loaded, tlk_kit_free);

  damage = g_strdup_printf ("UPDATE kits SET state = 'ready' WHERE id = '%s'", kit);
  tlk_test_sql_exec (demo_path, damage);

  /* The store reads the other connection's write... */
  damaged = dump (store);
  g_assert_cmpstr (damaged, !=, before);
  /* ...and can write after it. */
  ok = tlk_store_rebuild (store, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  after = dump (store);
  g_assert_cmpstr (after, ==, before);
}

/* Two handles on one file (the app and telekit-cli on one computer) write
 * in turn; the numbering stays one sequence. */
static void
test_two_handles (void)
{
  g_autofree char *path = tlk_test_path ("two-handles.db");
  g_autoptr(TlkStore) a = NULL;
  g_autoptr(TlkStore) b = NULL;
  g_autoptr(TlkEvent) from_b = kit_event (TLK_EVENT_KIT_HELD, TLK_TEST_KIT, "reason", "Mangler oplader");
  g_autoptr(TlkEvent) from_a = kit_event (TLK_EVENT_KIT_RESUMED, TLK_TEST_KIT, NULL, NULL);
  g_autoptr(TlkKit) kit = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  a = tlk_store_open (path, &error);
  g_assert_no_error (error);
  tlk_test_append_basics (a);
  b = tlk_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tlk_store_get_device_id (b), ==, tlk_store_get_device_id (a));

  ok = tlk_store_append (b, from_b, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (from_b->device_seq, ==, TLK_TEST_N_BASICS + 1);

  ok = tlk_store_append (a, from_a, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (from_a->device_seq, ==, TLK_TEST_N_BASICS + 2);
  kit = tlk_store_load (a, TLK_SUBJECT_KIT, TLK_TEST_KIT);
  g_assert_cmpint (kit->state, ==, TLK_KIT_ASSEMBLING);
}

static void
test_determinism (void)
{
  g_autoptr(TlkStore) again = NULL;
  g_autoptr(TlkStore) other = NULL;
  g_autofree char *again_dump = NULL;
  g_autofree char *again_sum = NULL;
  g_autofree char *other_dump = NULL;
  g_autofree char *other_sum = NULL;

  demo_store ();

  again = load_demo ("demo-again.db", DEMO_SEED);
  again_dump = dump (again);
  g_assert_cmpstr (again_dump, ==, demo_dump);
  again_sum = events_checksum (tlk_store_get_path (again));
  g_assert_cmpstr (again_sum, ==, demo_events_sum);

  other = load_demo ("demo-other.db", DEMO_SEED + 1);
  other_dump = dump (other);
  g_assert_cmpstr (other_dump, !=, demo_dump);
  other_sum = events_checksum (tlk_store_get_path (other));
  g_assert_cmpstr (other_sum, !=, demo_events_sum);
}

/* ---- personal data stays out of the event log --------------------------- */

/* Every scalar in @node, as text. */
static void
collect_values (JsonNode  *node,
                GPtrArray *values)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *child;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &child))
          {
            g_ptr_array_add (values, g_strdup (member));
            collect_values (child, values);
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          collect_values (json_array_get_element (array, i), values);
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (values, g_strdup (json_node_get_string (node)));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)));
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
test_no_personal_data_in_events (void)
{
  TlkStore *store = demo_store ();
  g_autoptr(sqlite3) db = tlk_test_sql_open (tlk_store_get_path (store));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) personal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *first_citizen = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n_payloads = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, name, address, phone, access_notes FROM citizens",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (first_citizen == NULL)
        first_citizen = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      for (int c = 1; c <= 4; c++)
        if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
          g_hash_table_add (personal, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* Without citizens this test would pass for the wrong reason. */
  g_assert_nonnull (first_citizen);
  g_assert_cmpuint (g_hash_table_size (personal), >=, 100);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM events", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *payload = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, payload, -1, &error);
      g_assert_no_error (error);
      g_ptr_array_set_size (values, 0);
      collect_values (json_parser_get_root (parser), values);
      for (guint i = 0; i < values->len; i++)
        {
          const char *value = g_ptr_array_index (values, i);

          if (!tlk_text_check_free ("payload", value, &error))
            g_error ("an event payload holds “%s”: %s (%s)", value, error->message, payload);
          g_string_append (all, value);
          g_string_append_c (all, '\n');
        }
      n_payloads++;
    }
  g_assert_cmpuint (n_payloads, ==, tlk_store_count_events (store));

  /* The pseudonymous id is in the orders, so the search does find things. */
  g_assert_nonnull (strstr (all->str, first_citizen));

  g_hash_table_iter_init (&iter, personal);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (strstr (all->str, key) != NULL)
      g_error ("personal data “%s” is in the event log", (const char *) key);
}

/* ---- refusals change nothing -------------------------------------------- */

static void
assert_refused_changes_nothing (TlkStore *store,
                                TlkEvent *event,
                                GQuark    domain,
                                int       code)
{
  g_autofree char *before = dump (store);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) history_before = NULL;
  g_autoptr(GPtrArray) history_after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = tlk_store_count_events (store);
  gint64 max_seq = max_device_seq (store);
  gboolean ok;

  history_before = tlk_store_history (store, event->subject, &error);
  g_assert_no_error (error);

  ok = tlk_store_check (store, event, &error);
  g_assert_false (ok);
  g_assert_error (error, domain, code);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  ok = tlk_store_append (store, event, &error);
  g_assert_false (ok);
  g_assert_error (error, domain, code);
  g_assert_cmpstr (error->message, !=, "");

  g_assert_cmpint (tlk_store_count_events (store), ==, count);
  g_assert_cmpint (max_device_seq (store), ==, max_seq);
  after = dump (store);
  g_assert_cmpstr (after, ==, before);
  history_after = tlk_store_history (store, event->subject, NULL);
  g_assert_cmpuint (history_after->len, ==, history_before->len);
}

static void
test_refused_event (void)
{
  TlkStore *store = demo_store ();
  g_autoptr(GPtrArray) kits = ready_kits (store, 1);
  const TlkKit *kit = g_ptr_array_index (kits, 0);
  g_autoptr(TlkEvent) invalid = kit_event (TLK_EVENT_KIT_REPROCESSING_STARTED, kit->id, NULL, NULL);
  g_autoptr(TlkEvent) nowhere = kit_event (TLK_EVENT_KIT_MOVED, kit->id, "location", "L00000000T");
  g_autoptr(TlkEvent) malformed = kit_event (TLK_EVENT_KIT_MOVED, kit->id, "location", "L00000000T");
  g_autoptr(TlkKit) after = NULL;

  tlk_event_set_string (malformed, "colour", "blue");

  assert_refused_changes_nothing (store, invalid, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  assert_refused_changes_nothing (store, nowhere, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND);
  assert_refused_changes_nothing (store, malformed, TLK_EVENT_ERROR, TLK_EVENT_ERROR_UNKNOWN_FIELD);

  after = tlk_store_load (store, TLK_SUBJECT_KIT, kit->id);
  g_assert_cmpint (after->state, ==, TLK_KIT_READY);
  g_assert_cmpstr (after->location, ==, kit->location);
}

static void
test_batch_all_or_nothing (void)
{
  TlkStore *store = demo_store ();
  g_autoptr(GPtrArray) kits = ready_kits (store, 2);
  const TlkKit *kit = g_ptr_array_index (kits, 0);
  const TlkKit *other = g_ptr_array_index (kits, 1);
  g_autofree char *shelf = other_shelf (store, kit->location);
  g_autofree char *other_target = other_shelf (store, other->location);
  g_autofree char *before = dump (store);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(TlkEvent) single = NULL;
  g_autoptr(TlkKit) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = tlk_store_count_events (store);
  gint64 max_seq = max_device_seq (store);
  gboolean ok;

  g_ptr_array_add (batch, kit_event (TLK_EVENT_KIT_MOVED, kit->id, "location", shelf));
  g_ptr_array_add (batch, kit_event (TLK_EVENT_KIT_HELD, kit->id, "reason", "Låget er revnet"));
  g_ptr_array_add (batch, kit_event (TLK_EVENT_KIT_RESUMED, kit->id, NULL, NULL));
  g_ptr_array_add (batch, kit_event (TLK_EVENT_KIT_REPROCESSING_STARTED, kit->id, NULL, NULL));

  ok = tlk_store_append_batch (store, batch, &error);
  g_assert_false (ok);
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  g_assert_cmpint (tlk_store_count_events (store), ==, count);
  g_assert_cmpint (max_device_seq (store), ==, max_seq);
  loaded = tlk_store_load (store, TLK_SUBJECT_KIT, kit->id);
  g_assert_cmpint (loaded->state, ==, TLK_KIT_READY);
  g_assert_cmpstr (loaded->location, ==, kit->location);
  g_clear_pointer (&loaded, tlk_kit_free);
  after = dump (store);
  g_assert_cmpstr (after, ==, before);

  /* The numbers the failed batch used are handed out again, without gaps. */
  single = kit_event (TLK_EVENT_KIT_MOVED, other->id, "location", other_target);
  ok = tlk_store_append (store, single, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (single->device_seq, ==, max_seq + 1);
  g_assert_cmpint (max_device_seq (store), ==, max_seq + 1);

  /* The valid part of the batch, tried again, goes through and is numbered
   * after the single event. */
  g_ptr_array_remove_index (batch, batch->len - 1);
  ok = tlk_store_append_batch (store, batch, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  for (guint i = 0; i < batch->len; i++)
    g_assert_cmpint (((TlkEvent *) g_ptr_array_index (batch, i))->device_seq, ==, max_seq + 2 + i);
  g_assert_cmpint (tlk_store_count_events (store), ==, count + 1 + batch->len);
  /* Held from the shelf and resumed: tested again before it ships. */
  loaded = tlk_store_load (store, TLK_SUBJECT_KIT, kit->id);
  g_assert_cmpint (loaded->state, ==, TLK_KIT_REPROCESSING);
  g_assert_cmpstr (loaded->location, ==, shelf);
}

static void
test_duplicate_event (void)
{
  TlkStore *store = demo_store ();
  g_autoptr(GPtrArray) kits = ready_kits (store, 1);
  const TlkKit *kit = g_ptr_array_index (kits, 0);
  g_autofree char *shelf = other_shelf (store, kit->location);
  g_autoptr(TlkEvent) moved = kit_event (TLK_EVENT_KIT_MOVED, kit->id, "location", shelf);
  g_autoptr(TlkEvent) again = NULL;
  g_autoptr(TlkEvent) back = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(TlkKit) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;
  gboolean ok;

  ok = tlk_store_append (store, moved, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  count = tlk_store_count_events (store);

  /* The same id with a fresh number and another payload is still the same event. */
  again = tlk_event_copy (moved);
  again->device_seq = 0;
  tlk_event_set_string (again, "location", kit->location);
  ok = tlk_store_append (store, again, &error);
  g_assert_false (ok);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, moved->event_id));
  g_clear_error (&error);
  g_assert_cmpint (tlk_store_count_events (store), ==, count);

  /* Twice in one batch: neither is stored. */
  back = kit_event (TLK_EVENT_KIT_MOVED, kit->id, "location", kit->location);
  g_ptr_array_add (batch, tlk_event_copy (back));
  g_ptr_array_add (batch, tlk_event_copy (back));
  ok = tlk_store_append_batch (store, batch, &error);
  g_assert_false (ok);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (tlk_store_count_events (store), ==, count);
  loaded = tlk_store_load (store, TLK_SUBJECT_KIT, kit->id);
  g_assert_cmpstr (loaded->location, ==, shelf);

  /* An event from the demo, exactly as stored. */
  history = tlk_store_history (store, kit->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 0);
  ok = tlk_store_append (store, g_ptr_array_index (history, 0), &error);
  g_assert_false (ok);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_DUPLICATE);
  g_assert_cmpint (tlk_store_count_events (store), ==, count);
}

static void
test_device_seq_increasing (void)
{
  TlkStore *store = demo_store ();
  g_autofree char *sql = device_sql (store, "SELECT device_seq", " ORDER BY seq");
  g_autofree char *rows = tlk_test_sql_rows (tlk_store_get_path (store), sql);
  g_auto(GStrv) lines = g_strsplit (rows, "\n", -1);
  guint n = g_strv_length (lines) - 1;   /* after the last newline */

  /* Every event here was written by this computer. */
  g_assert_cmpint (n, ==, tlk_store_count_events (store));
  g_assert_cmpuint (n, >, DEMO_KITS);
  for (guint i = 0; i < n; i++)
    {
      gint64 seq = g_ascii_strtoll (lines[i], NULL, 10);

      if (seq != (gint64) i + 1)
        g_error ("event %u of this computer has device_seq %s", i + 1, lines[i]);
    }
}

/* ---- personal data ------------------------------------------------------ */

static gint64
access_log_count (const char *path,
                  const char *citizen,
                  const char *actor,
                  const char *action,
                  const char *reason)
{
  g_autoptr(sqlite3) db = tlk_test_sql_open (path);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM personal_access_log WHERE citizen = ?1"
                                           " AND actor = ?2 AND action = ?3 AND reason = ?4",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, citizen, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_citizen_read_is_logged (void)
{
  TlkStore *store = demo_store ();
  const char *path = tlk_store_get_path (store);
  const char *reason = "Kørsel til levering";
  g_autofree char *id = tlk_test_sql_text (path, "SELECT id FROM citizens ORDER BY id LIMIT 1");
  g_autofree char *name_sql = g_strdup_printf ("SELECT name FROM citizens WHERE id = '%s'", id);
  g_autofree char *name = tlk_test_sql_text (path, name_sql);
  g_autoptr(TlkCitizen) citizen = NULL;
  g_autoptr(TlkCitizen) nobody = NULL;
  g_autoptr(GError) error = NULL;
  gint64 all = tlk_test_sql_int (path, "SELECT COUNT(*) FROM personal_access_log");
  gint64 logged = access_log_count (path, id, "jens", "read", reason);

  citizen = tlk_store_get_citizen (store, id, "jens", reason, &error);
  g_assert_no_error (error);
  g_assert_nonnull (citizen);
  g_assert_cmpstr (citizen->id, ==, id);
  g_assert_cmpstr (citizen->name, ==, name);
  g_assert_nonnull (citizen->address);
  g_assert_cmpint (access_log_count (path, id, "jens", "read", reason), ==, logged + 1);
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM personal_access_log"), ==, all + 1);

  nobody = tlk_store_get_citizen (store, "c999999", "jens", reason, &error);
  g_assert_null (nobody);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND);
}

typedef struct
{
  const char *field;   /* as the message names it */
  const char *name;
  const char *address;
  const char *phone;
  const char *access_notes;
} CprCase;

static const CprCase cpr_cases[] = {
  { "name", "Anna 010190-1234", "Vestergade 1, Viborg", "+45 20 30 40 50", NULL },
  { "address", "Anna Jensen", "Vestergade 1, 010190-1234 Viborg", "+45 20 30 40 50", NULL },
  { "phone", "Anna Jensen", "Vestergade 1, Viborg", "0101901234", NULL },
  { "access notes", "Anna Jensen", "Vestergade 1, Viborg", NULL, "Nøgle hos nabo, CPR 311299 1234" },
};

static void
test_citizen_cpr_refused (void)
{
  TlkStore *store = demo_store ();
  const char *path = tlk_store_get_path (store);
  g_autofree char *existing = tlk_test_sql_text (path, "SELECT id FROM citizens ORDER BY id LIMIT 1");
  g_autofree char *citizens_before = tlk_test_sql_rows (path, "SELECT * FROM citizens ORDER BY id");
  g_autofree char *citizens_after = NULL;
  gint64 log_before = tlk_test_sql_int (path, "SELECT COUNT(*) FROM personal_access_log");
  const char *ids[] = { "c900001", existing };

  for (guint i = 0; i < G_N_ELEMENTS (cpr_cases); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
      {
        TlkCitizen citizen = { (char *) ids[j], (char *) cpr_cases[i].name, (char *) cpr_cases[i].address,
                               (char *) cpr_cases[i].phone, (char *) cpr_cases[i].access_notes };
        g_autoptr(GError) error = NULL;
        g_autofree char *quoted = g_strdup_printf ("“%s”", cpr_cases[i].field);
        gboolean ok = tlk_store_put_citizen (store, &citizen, "anne", "Ny bestilling", &error);

        g_assert_false (ok);
        g_assert_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR);
        g_assert_nonnull (strstr (error->message, "CPR"));
        if (strstr (error->message, quoted) == NULL)
          g_error ("“%s” does not name the field %s", error->message, cpr_cases[i].field);
      }

  citizens_after = tlk_test_sql_rows (path, "SELECT * FROM citizens ORDER BY id");
  g_assert_cmpstr (citizens_after, ==, citizens_before);
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM personal_access_log"), ==, log_before);
}

static void
test_citizen_without_name (void)
{
  TlkStore *store = demo_store ();
  const char *path = tlk_store_get_path (store);
  TlkCitizen citizen = { (char *) "c900003", (char *) "", (char *) "Engvej 2, Viborg", NULL, NULL };
  g_autofree char *citizens_before = tlk_test_sql_rows (path, "SELECT * FROM citizens ORDER BY id");
  g_autofree char *citizens_after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 log_before = tlk_test_sql_int (path, "SELECT COUNT(*) FROM personal_access_log");
  gboolean ok;

  ok = tlk_store_put_citizen (store, &citizen, "anne", "Ny bestilling", &error);
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_cmpuint (error->domain, ==, TLK_TEXT_ERROR);
  g_assert_nonnull (strstr (error->message, "name"));

  citizens_after = tlk_test_sql_rows (path, "SELECT * FROM citizens ORDER BY id");
  g_assert_cmpstr (citizens_after, ==, citizens_before);
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM personal_access_log"), ==, log_before);
}

static void
test_citizen_write_is_logged (void)
{
  TlkStore *store = demo_store ();
  const char *path = tlk_store_get_path (store);
  TlkCitizen citizen = { (char *) "c900002", (char *) "Birgit Holm", (char *) "Skovvej 3, 8800 Viborg",
                         (char *) "+45 86 12 34 56", NULL };
  g_autoptr(TlkCitizen) read = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM citizens WHERE id = 'c900002'"), ==, 0);
  ok = tlk_store_put_citizen (store, &citizen, "anne", "Ny bestilling", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (access_log_count (path, "c900002", "anne", "write", "Ny bestilling"), ==, 1);

  read = tlk_store_get_citizen (store, "c900002", "anne", "Kontrol", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->address, ==, citizen.address);
  g_assert_cmpstr (read->phone, ==, citizen.phone);
  g_assert_null (read->access_notes);
}

/* ---- history ------------------------------------------------------------ */

static void
test_kit_history (void)
{
  TlkStore *store = demo_store ();
  const char *path = tlk_store_get_path (store);
  g_autofree char *kit = tlk_test_sql_text (path, "SELECT subject FROM events WHERE type = 'kit.created'"
                                                  " AND subject IN (SELECT subject FROM events"
                                                  "   WHERE type = 'kit.installed')"
                                                  " ORDER BY seq LIMIT 1");
  g_autofree char *ids_sql = g_strdup_printf ("SELECT event_id FROM events WHERE subject = '%s' ORDER BY seq", kit);
  g_autofree char *ids = tlk_test_sql_rows (path, ids_sql);
  g_auto(GStrv) expected = g_strsplit (ids, "\n", -1);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(TlkKit) loaded = tlk_store_load (store, TLK_SUBJECT_KIT, kit);
  g_autoptr(GError) error = NULL;
  const TlkEvent *first;

  history = tlk_store_history (store, kit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  /* Created, filled, released, reserved, loaded, installed at least. */
  g_assert_cmpuint (history->len, >=, 6);
  g_assert_cmpuint (history->len, ==, g_strv_length (expected) - 1);
  for (guint i = 0; i < history->len; i++)
    {
      const TlkEvent *event = g_ptr_array_index (history, i);

      g_assert_cmpstr (event->event_id, ==, expected[i]);
      g_assert_cmpstr (event->subject, ==, kit);
      g_assert_cmpstr (event->device_id, ==, tlk_store_get_device_id (store));
      g_assert_cmpint (tlk_event_type_subject (event->type), ==, TLK_SUBJECT_KIT);
    }

  first = g_ptr_array_index (history, 0);
  g_assert_cmpint (first->type, ==, TLK_EVENT_KIT_CREATED);
  g_assert_cmpstr (tlk_event_get_string (first, "kit_type"), ==, loaded->kit_type);

  none = tlk_store_history (store, "K00000000Q", &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/rebuild/equals-incremental", test_rebuild_equals_incremental);
  g_test_add_func ("/store/rebuild/repairs-projections", test_rebuild_repairs);
  g_test_add_func ("/store/concurrency/other-connection", test_sees_other_connection);
  g_test_add_func ("/store/concurrency/two-handles", test_two_handles);
  g_test_add_func ("/store/demo/determinism", test_determinism);
  g_test_add_func ("/store/events/no-personal-data", test_no_personal_data_in_events);
  g_test_add_func ("/store/events/refused-changes-nothing", test_refused_event);
  g_test_add_func ("/store/events/batch-all-or-nothing", test_batch_all_or_nothing);
  g_test_add_func ("/store/events/duplicate", test_duplicate_event);
  g_test_add_func ("/store/events/device-seq-increasing", test_device_seq_increasing);
  g_test_add_func ("/store/citizens/read-is-logged", test_citizen_read_is_logged);
  g_test_add_func ("/store/citizens/cpr-refused", test_citizen_cpr_refused);
  g_test_add_func ("/store/citizens/without-name", test_citizen_without_name);
  g_test_add_func ("/store/citizens/write-is-logged", test_citizen_write_is_logged);
  g_test_add_func ("/store/history/kit", test_kit_history);

  status = g_test_run ();

  g_clear_pointer (&demo, tlk_store_free);
  g_clear_pointer (&demo_path, g_free);
  g_clear_pointer (&demo_dump, g_free);
  g_clear_pointer (&demo_events_sum, g_free);
  tlk_test_tmpdir_clear ();
  return status;
}
