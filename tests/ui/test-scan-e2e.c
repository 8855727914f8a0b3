/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli-helper.h"

/*
 * The scan view end to end (issue 3, acceptance): the real telekit under a
 * real X server (xvfb-run), keys from xdotool on the Danish layout at a
 * scanner's speed while keyboard focus is on a button, and the database
 * checked afterwards with the real telekit-cli.
 *
 * One app runs for the whole program; every case starts by proving that the
 * scanner, not a text field, reads the keys (see probe_scanner()). The app
 * says what the desk saw on its log (G_MESSAGES_DEBUG=tlk-ui):
 * "scan feedback info|success|error: MESSAGE (INPUT)", one line a scan.
 */

#define FEEDBACK_TIMEOUT_MS 5000
#define WINDOW_TIMEOUT_MS   30000
/* Milliseconds between the keys of one scan; the app's limit is 40. */
#define SCANNER_DELAY       "5"

/* The scan view's actions, in the order of TlkAction (Alt+0 … Alt+9). */
enum
{
  ACTION_SHOW,
  ACTION_ASSEMBLE,
  ACTION_RECEIVE_RETURN,
  ACTION_START_REPROCESSING,
  ACTION_PASS_STEP,
  ACTION_FAIL_STEP,
  ACTION_RELEASE,
};

typedef struct
{
  char        *dir;        /* temporary: databases, the app's log */
  char        *db;
  char        *log;        /* the app's stdout and stderr */
  char        *shots;      /* where screenshots go */
  GSubprocess *app;
  gsize        log_read;   /* bytes of the log already looked at */
  int          action;     /* the scan view's action, as this test set it */
  guint        serial;     /* makes serial numbers unique */
  JsonNode    *models;     /* list models --json */
  JsonNode    *actions;    /* list actions --json */
  char        *probe_kit;  /* a kit that only gets shown */
  gboolean     failing;
} Env;

static Env env;

typedef struct
{
  char *kind;     /* info, success, error */
  char *message;
  char *input;    /* what the app read; GS shown as | */
} Feedback;

static void
feedback_free (Feedback *fb)
{
  g_free (fb->kind);
  g_free (fb->message);
  g_free (fb->input);
  g_free (fb);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Feedback, feedback_free)

/* A device this test registered at goods-in. */
typedef struct
{
  char *code;
  char *serial;
  char *gs1;     /* its manufacturer barcode, GS as 0x1D */
} Device;

static void
device_free (Device *d)
{
  g_free (d->code);
  g_free (d->serial);
  g_free (d->gs1);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Device, device_free)

/* ---- failing with context ---------------------------------------------- */

/* The last @n_lines of the app's log, without the sound library's
 * complaints about a machine without a sound card. */
static char *
app_log_tail (guint n_lines)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  guint n;

  if (env.log == NULL || !g_file_get_contents (env.log, &text, NULL, NULL))
    return g_strdup ("(no log)");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "ALSA lib "))
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_add (kept, NULL);
  n = kept->len - 1;
  return g_strjoinv ("\n", (char **) kept->pdata + (n > n_lines ? n - n_lines : 0));
}

static void
screenshot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s/scan-e2e-%s.png", env.shots, name);
  const char *argv[] = { "import", "-window", "root", file, NULL };
  int status = 0;

  /* The log line comes before the window repaints; on a busy machine the
   * frame can follow a good while later. */
  g_usleep (G_TIME_SPAN_SECOND);
  /* Best effort: a failing screenshot must not hide the real failure. */
  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, NULL) && status == 0)
    g_test_message ("screenshot: %s", file);
}

G_GNUC_PRINTF (4, 5) G_GNUC_NORETURN static void
fail_at (const char *file,
         int         line,
         const char *func,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  g_autofree char *tail = NULL;
  g_auto(GStrv) lines = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  if (!env.failing)
    {
      env.failing = TRUE;
      screenshot ("failure");
      tail = app_log_tail (30);
      lines = g_strsplit (tail, "\n", -1);
      g_test_message ("the app's log (%s), last lines:%s", env.log, *tail == '\0' ? " none" : "");
      for (guint i = 0; lines[i] != NULL; i++)
        g_test_message ("  | %s", lines[i]);
      g_test_message ("files of this run are kept in %s", env.dir);
    }
  /* TAP reads stdout line by line: one line for the verdict. */
  g_strdelimit (message, "\n", ' ');
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
  abort ();
}

#define check(cond, ...) \
  G_STMT_START { if (G_UNLIKELY (!(cond))) fail_at (__FILE__, __LINE__, G_STRFUNC, __VA_ARGS__); } G_STMT_END

/* ---- programs ------------------------------------------------------------ */

/* Runs @argv (NULL-terminated) and returns its stdout; fails unless it exits 0. */
static char *
run_program (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    fail_at (__FILE__, __LINE__, G_STRFUNC, "cannot run %s: %s", argv[0], error->message);
  check (g_spawn_check_wait_status (status, &error), "%s: %s\n%s", command, error->message, err);
  return g_steal_pointer (&out);
}

G_GNUC_NULL_TERMINATED static GPtrArray *
strv_new (const char *first,
          ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  return argv;
}

static char *
run_argv (GPtrArray *argv)
{
  char *out;

  g_ptr_array_add (argv, NULL);
  out = run_program ((const char *const *) argv->pdata);
  g_ptr_array_remove_index (argv, argv->len - 1);
  return out;
}

/* ---- telekit-cli ---------------------------------------------------------- */

/* Runs telekit-cli --db @db @args and returns its stdout; it must succeed. */
static char *
cli_outv (const char *db,
          GPtrArray  *args)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *command = NULL;

  g_ptr_array_add (args, NULL);
  command = g_strjoinv (" ", (char **) args->pdata);
  g_ptr_array_remove_index (args, args->len - 1);

  cli_runv (&run, db, args);
  check (run.status == 0, "telekit-cli %s exited with %d: %s", command, run.status, run.err);
  return g_steal_pointer (&run.out);
}

G_GNUC_NULL_TERMINATED static char *
cli_out (const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list ap;

  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  return cli_outv (db, args);
}

/* The same with --json, parsed. */
G_GNUC_NULL_TERMINATED static JsonNode *
cli_json (const char *db,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  JsonNode *node;
  va_list ap;

  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, g_strdup ("--json"));

  out = cli_outv (db, args);
  node = json_from_string (out, &error);
  check (node != NULL, "telekit-cli printed no JSON: %s\n%s", error ? error->message : "empty", out);
  return node;
}

static const char *
member_str (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static JsonNode *
kit_show (const char *code)
{
  return cli_json (env.db, "kit", "show", code, NULL);
}

static char *
kit_state (const char *code)
{
  g_autoptr(JsonNode) kit = kit_show (code);

  return g_strdup (member_str (json_node_get_object (kit), "state"));
}

/* The kit's history as telekit-cli prints it, to compare before and after. */
static char *
kit_history (const char *code)
{
  return cli_out (env.db, "kit", "history", code, "--json", NULL);
}

static JsonObject *
last_history_event (JsonNode *history)
{
  JsonArray *events = json_node_get_array (history);
  guint n = json_array_get_length (events);

  check (n > 0, "the kit has no history");
  return json_array_get_object_element (events, n - 1);
}

/* The whole event log: a refusal must leave it byte for byte as it was. */
static char *
event_log (void)
{
  g_autofree char *file = g_build_filename (env.dir, "events.csv", NULL);
  g_autofree char *out = cli_out (env.db, "export", "events", "--out", file, NULL);
  char *text = NULL;

  check (g_file_get_contents (file, &text, NULL, NULL), "export events wrote no %s", file);
  return text;
}

static GPtrArray *
list_codes (const char *what,
            const char *state)
{
  g_autoptr(JsonNode) list = cli_json (env.db, "list", what, "--state", state, NULL);
  JsonArray *rows = json_node_get_array (list);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_ptr_array_add (codes, g_strdup (member_str (json_array_get_object_element (rows, i), "code")));
  return codes;
}

/* The row of list devices --json with @serial, or NULL. */
static JsonNode *
find_device (const char *serial)
{
  g_autoptr(JsonNode) list = cli_json (env.db, "list", "devices", NULL);
  JsonArray *rows = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      if (g_strcmp0 (member_str (json_node_get_object (row), "serial"), serial) == 0)
        return json_node_copy (row);
    }
  return NULL;
}

static JsonObject *
model_of_kind (const char *kind)
{
  JsonArray *models = json_node_get_array (env.models);

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *m = json_array_get_object_element (models, i);
      if (g_strcmp0 (member_str (m, "kind"), kind) == 0 && member_str (m, "gtin") != NULL)
        return m;
    }
  fail_at (__FILE__, __LINE__, G_STRFUNC, "the demo has no model of kind %s with a GTIN", kind);
}

static const char *
action_field (int         action,
              const char *field)
{
  JsonArray *rows = json_node_get_array (env.actions);

  /* list actions starts at ASSEMBLE: SHOW has no card. */
  check (action >= 1 && (guint) action <= json_array_get_length (rows), "no action card %d", action);
  return member_str (json_array_get_object_element (rows, action - 1), field);
}

/* "K3F9A2CXM7" → "K 3F9 A2C XM7", as the app shows codes. */
static char *
shown_code (const char *code)
{
  GString *s = g_string_new_len (code, 1);

  for (const char *p = code + 1; *p != '\0'; p += MIN (3, strlen (p)))
    {
      g_string_append_c (s, ' ');
      g_string_append_len (s, p, MIN (3, strlen (p)));
    }
  return g_string_free (s, FALSE);
}

/* ---- the app's log ------------------------------------------------------ */

static gboolean
app_running (void)
{
  return env.app != NULL && g_subprocess_get_identifier (env.app) != NULL;
}

/* The next feedback line after what was read, or NULL if none is there yet. */
static Feedback *
next_feedback (void)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (env.log, &text, &len, NULL))
    return NULL;

  while (env.log_read < len)
    {
      const char *line = text + env.log_read;
      const char *end = memchr (line, '\n', len - env.log_read);
      const char *mark;
      const char *colon;
      const char *paren;
      Feedback *fb;

      if (end == NULL)
        return NULL;  /* still being written */
      env.log_read = end + 1 - text;

      mark = g_strstr_len (line, end - line, "scan feedback ");
      if (mark == NULL)
        continue;
      mark += strlen ("scan feedback ");
      colon = g_strstr_len (mark, end - mark, ": ");
      paren = g_strrstr_len (mark, end - mark, " (");
      check (colon != NULL && paren != NULL && paren > colon && end[-1] == ')',
             "a feedback line of an unknown form: %.*s", (int) (end - line), line);

      fb = g_new0 (Feedback, 1);
      fb->kind = g_strndup (mark, colon - mark);
      fb->message = g_strndup (colon + 2, paren - colon - 2);
      fb->input = g_strndup (paren + 2, end - 1 - paren - 2);
      return fb;
    }
  return NULL;
}

static Feedback *
wait_feedback_ms (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      Feedback *fb = next_feedback ();

      if (fb != NULL)
        return fb;
      check (app_running (), "the app exited");
      if (g_get_monotonic_time () > deadline)
        return NULL;
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
}

static Feedback *
wait_feedback (const char *what)
{
  Feedback *fb = wait_feedback_ms (FEEDBACK_TIMEOUT_MS);

  check (fb != NULL, "no feedback within %d ms after %s (a text field with the focus takes a scan ended by Tab; "
         "a scan slower than the app's limit goes to the entry)", FEEDBACK_TIMEOUT_MS, what);
  return fb;
}

/* Every feedback so far was expected: nothing left over from earlier keys. */
static void
check_quiet (void)
{
  g_autoptr(Feedback) fb = next_feedback ();

  check (fb == NULL, "unexpected feedback %s: %s (%s)", fb->kind, fb->message, fb->input);
}

static void
expect_feedback (const Feedback *fb,
                 const char     *kind,
                 const char     *fragment)
{
  check (g_strcmp0 (fb->kind, kind) == 0 && (fragment == NULL || strstr (fb->message, fragment) != NULL),
         "expected %s feedback saying “%s”, got %s: “%s” (%s)",
         kind, fragment ? fragment : "anything", fb->kind, fb->message, fb->input);
}

/* ---- keys ------------------------------------------------------------- */

/* Presses @keys (xdotool key names) the way a person does. */
G_GNUC_NULL_TERMINATED static void
press (const char *first,
       ...)
{
  g_autoptr(GPtrArray) argv = strv_new ("xdotool", "key", "--delay", "30", NULL);
  g_autofree char *out = NULL;
  const char *key;
  va_list ap;

  va_start (ap, first);
  for (key = first; key != NULL; key = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (key));
  va_end (ap);
  out = run_argv (argv);
}

/*
 * Types @text as a keyboard-wedge scanner does: one xdotool run, a few
 * milliseconds a key, then @terminator (Return or Tab). GS (0x1D) is
 * Ctrl+]. Key names, not `xdotool type`, because `type` takes every later
 * argument as text; xdotool finds each key on the current (Danish) layout,
 * where ] is AltGr+9.
 */
static void
type_scan (const char *text,
           const char *terminator)
{
  g_autoptr(GPtrArray) argv = strv_new ("xdotool", "key", "--delay", SCANNER_DELAY, NULL);
  g_autofree char *out = NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\x1d')
        g_ptr_array_add (argv, g_strdup ("ctrl+bracketright"));
      else if (*p == ']')
        g_ptr_array_add (argv, g_strdup ("bracketright"));
      else
        {
          check (g_ascii_isalnum (*p), "the test cannot type “%c”", *p);
          g_ptr_array_add (argv, g_strndup (p, 1));
        }
    }
  g_ptr_array_add (argv, g_strdup (terminator));
  out = run_argv (argv);
}

static void focus_away_from_text (void);

/*
 * Scans @text and returns the app's feedback, which must quote @text.
 *
 * The app tells a scanner from a person by the gaps between key events
 * (X server time). On a busy machine xdotool itself can stall longer than
 * that between two keys; the app then rightly hands the keys to the entry
 * as typed text, says nothing, and nothing is scanned. That is retried once,
 * and said in the log; a second miss fails.
 */
static Feedback *
scan (const char *text,
      const char *terminator)
{
  g_autofree char *shown = g_strdup (text);
  Feedback *fb = NULL;

  g_strdelimit (shown, "\x1d", '|');
  for (guint attempt = 1; fb == NULL; attempt++)
    {
      check_quiet ();
      type_scan (text, terminator);
      fb = wait_feedback_ms (FEEDBACK_TIMEOUT_MS);
      if (fb != NULL)
        break;
      check (attempt < 2, "no feedback within %d ms after scanning %s twice (a text field with the focus "
             "takes a scan ended by Tab; a scan slower than the app's limit goes to the entry)",
             FEEDBACK_TIMEOUT_MS, shown);
      g_test_message ("no feedback for %s: keys too slow for a scanner on this busy machine? Scanning again",
                      shown);
      screenshot ("retried");
      focus_away_from_text ();
    }
  check (g_strcmp0 (fb->input, shown) == 0, "the app read “%s”; the scanner typed “%s”", fb->input, shown);
  return fb;
}

static void
scan_expect (const char *text,
             const char *kind,
             const char *fragment)
{
  g_autoptr(Feedback) fb = scan (text, "Return");

  expect_feedback (fb, kind, fragment);
}

/* Alt+@action, as printed next to the drop-down. */
static void
choose_action (int action)
{
  g_autofree char *key = g_strdup_printf ("alt+%d", action);
  g_autoptr(Feedback) fb = NULL;

  check_quiet ();
  press (key, NULL);
  if (action == env.action)
    return;  /* no change, no feedback */
  fb = wait_feedback (key);
  expect_feedback (fb, "info", action == ACTION_SHOW ? "Action: SHOW" : action_field (action, "name"));
  check (g_strcmp0 (fb->input, "keyboard") == 0, "the action came from “%s”, not the keyboard", fb->input);
  env.action = action;
}

/* Ctrl+L, clear the entry, Shift+Tab: focus on the action drop-down, a
 * button, so no text field takes the keys. */
static void
focus_away_from_text (void)
{
  /* Ctrl+2 Ctrl+1 first: from the header bar (where focus starts) the scan
   * view's own keys do not reach it; switching views moves focus in. */
  press ("ctrl+2", "ctrl+1", "ctrl+l", "ctrl+a", "BackSpace", "shift+Tab", NULL);
}

/*
 * Proves the scanner reads the keys with focus on a button: a code ended by
 * Tab reaches the app only through the scanner (in a text field Tab moves the
 * focus and nothing is scanned), and Alt+0 works only with focus in the view.
 */
static void
probe_scanner (void)
{
  g_autoptr(Feedback) fb = NULL;
  g_autofree char *shown = shown_code (env.probe_kit);

  choose_action (ACTION_SHOW);
  fb = scan (env.probe_kit, "Tab");
  expect_feedback (fb, "info", shown);
}

/* The app said nothing alarming: no GLib warning or critical, no sanitizer. */
static void
check_app_log_clean (void)
{
  static const char *const alarms[] = { "-WARNING **", "-CRITICAL **", "Sanitizer", "runtime error:" };
  g_autofree char *text = NULL;

  check (g_file_get_contents (env.log, &text, NULL, NULL), "cannot read %s", env.log);
  for (guint i = 0; i < G_N_ELEMENTS (alarms); i++)
    {
      const char *hit = strstr (text, alarms[i]);

      if (hit == NULL)
        continue;
      while (hit > text && hit[-1] != '\n')
        hit--;
      fail_at (__FILE__, __LINE__, G_STRFUNC, "the app's log says: %.*s", (int) (strchrnul (hit, '\n') - hit), hit);
    }
}

/* Every case ends the same way: look, prove the scanner still has the keys,
 * and find nothing alarming in the log. */
static void
end_case (const char *name)
{
  screenshot (name);
  probe_scanner ();
  check_app_log_clean ();
}

/* ---- goods-in ------------------------------------------------------------ */

static char *
new_serial (void)
{
  return g_strdup_printf ("E2E%06d%02u", g_random_int_range (0, 1000000), ++env.serial);
}

/* A manufacturer's UDI: AIM ]d2, GTIN, expiry, lot, GS, serial. */
static char *
make_gs1 (const char *gtin,
          const char *yymmdd,
          const char *lot,
          const char *serial)
{
  return g_strdup_printf ("]d201%s17%s10%s\x1d" "21%s", gtin, yymmdd, lot, serial);
}

/* Registers a new device of @model by scanning its UDI (in any action but
 * ASSEMBLE) and returns it as list devices shows it. */
static Device *
register_device (JsonObject *model)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = g_date_time_add_years (now, 2);
  g_autofree char *yymmdd = g_date_time_format (expiry, "%y%m%d");
  g_autofree char *lot = g_strdup_printf ("L%05d", g_random_int_range (0, 100000));
  g_autoptr(JsonNode) row = NULL;
  Device *d = g_new0 (Device, 1);

  d->serial = new_serial ();
  d->gs1 = make_gs1 (member_str (model, "gtin"), yymmdd, lot, d->serial);
  scan_expect (d->gs1, "success", d->serial);
  row = find_device (d->serial);
  check (row != NULL, "no device with serial %s after goods-in", d->serial);
  check (g_strcmp0 (member_str (json_node_get_object (row), "model"), member_str (model, "id")) == 0,
         "device %s is a %s, not a %s", d->serial, member_str (json_node_get_object (row), "model"),
         member_str (model, "id"));
  d->code = g_strdup (member_str (json_node_get_object (row), "code"));
  return d;
}

/* ---- kits --------------------------------------------------------------- */

/* The slot kinds of @kit without a device (kit show --json). */
static GPtrArray *
empty_slots (JsonObject *kit)
{
  JsonArray *slots = json_object_get_array_member (kit, "slots");
  GPtrArray *kinds = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);
      if (member_str (slot, "device") == NULL)
        g_ptr_array_add (kinds, g_strdup (member_str (slot, "kind")));
    }
  return kinds;
}

/* The kind of the slot holding @device, or NULL. */
static const char *
slot_of_device (JsonObject *kit,
                const char *device)
{
  JsonArray *slots = json_object_get_array_member (kit, "slots");

  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);
      if (g_strcmp0 (member_str (slot, "device"), device) == 0)
        return member_str (slot, "kind");
    }
  return NULL;
}

static gboolean
kit_complete (JsonObject *kit)
{
  return json_object_get_boolean_member_with_default (kit, "complete", FALSE);
}

static void
check_kit_state (const char *kit,
                 const char *state)
{
  g_autofree char *now = kit_state (kit);

  check (g_strcmp0 (now, state) == 0, "kit %s is %s, not %s", kit, now, state);
}

/* Scans @input, which must be refused with @fragment in the message, and
 * checks that nothing changed: not the event log, not the kits' histories. */
static void
expect_refusal (const char        *input,
                const char        *fragment,
                const char *const *kits)
{
  g_autofree char *log_before = event_log ();
  g_autofree char *log_after = NULL;
  g_autoptr(GPtrArray) histories = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; kits != NULL && kits[i] != NULL; i++)
    g_ptr_array_add (histories, kit_history (kits[i]));

  scan_expect (input, "error", fragment);

  log_after = event_log ();
  check (strcmp (log_before, log_after) == 0, "refusing %s changed the event log (%zu → %zu bytes)",
         input, strlen (log_before), strlen (log_after));
  for (guint i = 0; kits != NULL && kits[i] != NULL; i++)
    {
      g_autofree char *after = kit_history (kits[i]);
      check (strcmp (g_ptr_array_index (histories, i), after) == 0,
             "refusing %s changed the history of kit %s", input, kits[i]);
    }
}

/* ---- the app ------------------------------------------------------------- */

static void
child_setup (gpointer data)
{
  /* The app dies with the test, however the test ends. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
find_window (void)
{
  const char *argv[] = { "xdotool", "search", "--onlyvisible", "--name", "^Telekit$", NULL };
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL) || status != 0 || out == NULL)
    return NULL;
  g_strstrip (out);
  if (*out == '\0')
    return NULL;
  /* The first window if there are more. */
  *strchrnul (out, '\n') = '\0';
  return g_steal_pointer (&out);
}

static void
start_app (const char *log_name)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;
  g_autofree char *app = cli_test_program ("TELEKIT_APP");
  g_autofree char *window = NULL;
  g_autofree char *focus = NULL;
  gint64 deadline;

  g_free (env.log);
  env.log = g_build_filename (env.dir, log_name, NULL);
  env.log_read = 0;
  g_subprocess_launcher_set_stdout_file_path (launcher, env.log);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "tlk-ui", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  /*
   * Xvfb resets itself whenever its last client leaves (our xdotool runs,
   * the app before this one), and a client that connects meanwhile is
   * refused: start again then.
   */
  for (guint attempt = 1; window == NULL; attempt++)
    {
      g_autofree char *log = NULL;

      g_clear_object (&env.app);
      env.app = g_subprocess_launcher_spawn (launcher, &error, app, "--db", env.db, "--user", "mette", NULL);
      check (env.app != NULL, "cannot start %s: %s", app, error->message);

      deadline = g_get_monotonic_time () + WINDOW_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
      while (app_running () && (window = find_window ()) == NULL)
        {
          check (g_get_monotonic_time () < deadline, "no Telekit window after %d ms", WINDOW_TIMEOUT_MS);
          g_usleep (100 * G_TIME_SPAN_MILLISECOND);
        }
      if (window != NULL)
        break;
      g_file_get_contents (env.log, &log, NULL, NULL);
      check (attempt < 5 && log != NULL && strstr (log, "cannot open display") != NULL,
             "the app exited before it showed a window");
      g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    }

  /* No window manager under Xvfb: give it the keyboard directly. */
  g_free (run_program ((const char *const[]) { "xdotool", "windowfocus", "--sync", window, NULL }));
  focus = run_program ((const char *const[]) { "xdotool", "getwindowfocus", NULL });
  check (g_strcmp0 (g_strstrip (focus), window) == 0, "keyboard focus is on window %s, not %s", focus, window);
  /* Danish keys, set while the app holds the server: Xvfb resets to its
   * default layout when its last client leaves. */
  g_free (run_program ((const char *const[]) { "setxkbmap", "dk", NULL }));
  /* Let it draw, take the focus and the new layout before the first key. */
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  env.action = ACTION_SHOW;
}

static void
stop_app (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;

  if (env.app == NULL)
    return;
  if (app_running ())
    g_subprocess_send_signal (env.app, SIGTERM);
  while (app_running () && g_get_monotonic_time () < deadline)
    g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  if (app_running ())
    g_subprocess_force_exit (env.app);
  g_subprocess_wait (env.app, NULL, NULL);
  g_clear_object (&env.app);
}

/* ---- cases -------------------------------------------------------------- */

/*
 * Right after start a worker presses Alt+1: the action must change. Focus
 * starts in the header bar, outside the scan view. Last, on a fresh app, so
 * the other cases run whatever this finds.
 */
static void
test_keys_at_start (void)
{
  g_autoptr(Feedback) fb = NULL;

  stop_app ();
  start_app ("app-restarted.log");
  check_quiet ();
  press ("alt+1", NULL);
  fb = wait_feedback_ms (2000);
  if (fb == NULL)
    {
      screenshot ("keys-at-start");
      g_test_message ("Alt+1 right after start did not choose ASSEMBLE KIT: the scan view's keys "
                      "(Alt+0…9, Ctrl+Return, Ctrl+L) work only while focus is inside the view, and "
                      "focus starts on the header bar (Ctrl+1 does not move it in either)");
      g_test_fail ();
      return;
    }
  expect_feedback (fb, "info", action_field (ACTION_ASSEMBLE, "name"));
  env.action = ACTION_ASSEMBLE;
}

/* Acceptance 1: Danish layout, focus on a button, each scan recognised and
 * the database changed as kit show then shows. Action by its card. */
static void
test_start_reprocessing (void)
{
  g_autoptr(GPtrArray) kits = list_codes ("kits", "quarantine");
  g_autofree char *layout = run_program ((const char *const[]) { "setxkbmap", "-query", NULL });
  static const char *const terminators[] = { "Return", "Tab", "Return" };

  check (g_regex_match_simple ("^layout:\\s+dk$", layout, G_REGEX_MULTILINE, 0),
         "the keyboard layout is not Danish:\n%s", layout);
  check (kits->len >= 3, "the demo has %u kits in quarantine; the test needs 3", kits->len);

  focus_away_from_text ();
  probe_scanner ();

  {
    g_autoptr(Feedback) fb = scan (action_field (ACTION_START_REPROCESSING, "code"), "Return");
    expect_feedback (fb, "info", "Action: START REPROCESSING");
    env.action = ACTION_START_REPROCESSING;
  }

  for (guint i = 0; i < 3; i++)
    {
      const char *kit = g_ptr_array_index (kits, i);
      g_autofree char *shown = shown_code (kit);
      g_autoptr(Feedback) fb = scan (kit, terminators[i]);
      g_autoptr(JsonNode) history = NULL;
      JsonObject *last;

      expect_feedback (fb, "success", shown);
      expect_feedback (fb, "success", "reprocessing started");
      check_kit_state (kit, "reprocessing");
      history = cli_json (env.db, "kit", "history", kit, NULL);
      last = last_history_event (history);
      check (g_strcmp0 (member_str (last, "type"), "kit.reprocessing_started") == 0 &&
             g_strcmp0 (member_str (last, "actor"), "mette") == 0,
             "the last event of kit %s is %s by %s", kit, member_str (last, "type"), member_str (last, "actor"));
    }

  end_case ("1-start-reprocessing");
}

/* Acceptance 2: a GS1 UDI with its GS separator registers a device with the
 * right model, serial, lot and expiry. */
static void
test_goods_in_gs1 (void)
{
  JsonObject *model = model_of_kind ("tablet");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = g_date_time_add_months (now, 30);
  g_autofree char *yymmdd = g_date_time_format (expiry, "%y%m%d");
  g_autofree char *iso = g_date_time_format (expiry, "%Y-%m-%d");
  g_autofree char *serial = new_serial ();
  g_autofree char *lot = g_strdup_printf ("LOT%04d", g_random_int_range (0, 10000));
  g_autofree char *gs1 = make_gs1 (member_str (model, "gtin"), yymmdd, lot, serial);
  g_autofree char *events = NULL;
  g_autofree char *received = NULL;
  g_autofree char *want_lot = NULL;
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(Feedback) fb = NULL;
  JsonObject *device;
  const char *line;

  focus_away_from_text ();
  probe_scanner ();

  fb = scan (gs1, "Return");
  expect_feedback (fb, "success", "Registered");
  expect_feedback (fb, "success", serial);

  row = find_device (serial);
  check (row != NULL, "list devices has no device with serial %s", serial);
  device = json_node_get_object (row);
  check (g_strcmp0 (member_str (device, "model"), member_str (model, "id")) == 0,
         "the device is a %s, not a %s", member_str (device, "model"), member_str (model, "id"));
  check (g_strcmp0 (member_str (device, "expiry"), iso) == 0,
         "the device expires %s, not %s", member_str (device, "expiry"), iso);
  check (g_strcmp0 (member_str (device, "state"), "in_stock") == 0, "the device is %s", member_str (device, "state"));
  {
    g_autofree char *shown = shown_code (member_str (device, "code"));
    expect_feedback (fb, "success", shown);
  }
  if (json_object_has_member (device, "lot"))
    check (g_strcmp0 (member_str (device, "lot"), lot) == 0, "the device's lot is %s, not %s",
           member_str (device, "lot"), lot);

  /* list devices has no lot; the event the scan wrote does. */
  events = event_log ();
  received = g_strdup_printf (";device.received;%s;mette;", member_str (device, "code"));
  line = strstr (events, received);
  check (line != NULL, "the event log has no device.received for %s", member_str (device, "code"));
  want_lot = g_strdup_printf ("\"\"lot\"\":\"\"%s\"\"", lot);
  check (g_strstr_len (line, strchrnul (line, '\n') - line, want_lot) != NULL,
         "the device.received event has not the lot %s: %.*s", lot, (int) (strchrnul (line, '\n') - line), line);

  end_case ("2-goods-in-gs1");
}

/* Acceptance 3a: receive → assemble → release, scanner and keyboard only. */
static void
test_assemble_release (void)
{
  g_autoptr(GPtrArray) kits = list_codes ("kits", "assembling");
  g_autoptr(GPtrArray) kinds = NULL;
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(JsonNode) show = NULL;
  g_autofree char *shown = NULL;
  const char *kit = NULL;

  for (guint i = 0; i < kits->len && kit == NULL; i++)
    {
      g_autoptr(JsonNode) k = kit_show (g_ptr_array_index (kits, i));
      g_autoptr(GPtrArray) empty = empty_slots (json_node_get_object (k));
      if (empty->len > 0)
        {
          kit = g_ptr_array_index (kits, i);
          kinds = g_steal_pointer (&empty);
        }
    }
  check (kit != NULL, "the demo has no kit being assembled with an empty slot");
  shown = shown_code (kit);

  focus_away_from_text ();
  probe_scanner ();

  /* Goods-in: one device for every empty slot. */
  for (guint i = 0; i < kinds->len; i++)
    g_ptr_array_add (devices, register_device (model_of_kind (g_ptr_array_index (kinds, i))));

  choose_action (ACTION_ASSEMBLE);
  scan_expect (kit, "info", shown);
  for (guint i = 0; i < devices->len; i++)
    {
      Device *d = g_ptr_array_index (devices, i);
      g_autoptr(JsonNode) k = NULL;

      /* The first by its label, the rest by the maker's barcode. */
      scan_expect (i == 0 ? d->code : d->gs1, "success", "device added");
      k = kit_show (kit);
      check (g_strcmp0 (slot_of_device (json_node_get_object (k), d->code), g_ptr_array_index (kinds, i)) == 0,
             "device %s is not in a %s slot of kit %s", d->code, (char *) g_ptr_array_index (kinds, i), kit);
    }
  show = kit_show (kit);
  check (kit_complete (json_node_get_object (show)), "kit %s is not complete after assembly", kit);

  choose_action (ACTION_RELEASE);
  scan_expect (kit, "success", "released to the shelf");
  check_kit_state (kit, "ready");

  end_case ("3-assemble-release");
}

static gboolean
missing_has (JsonObject *kit,
             const char *device)
{
  JsonArray *missing = json_object_get_array_member (kit, "missing");

  for (guint i = 0; missing != NULL && i < json_array_get_length (missing); i++)
    {
      JsonNode *node = json_array_get_element (missing, i);
      const char *code = JSON_NODE_HOLDS_OBJECT (node)
                         ? member_str (json_node_get_object (node), "device")
                         : json_node_get_string (node);
      if (g_strcmp0 (code, device) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Acceptance 3b: return → quarantine → reprocessing → release, with one
 * device lost on the way and replaced. */
static void
test_return_reprocess_release (void)
{
  g_autoptr(GPtrArray) kits = list_codes ("kits", "installed");
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) show = NULL;
  g_autoptr(JsonNode) lost = NULL;
  g_autoptr(Device) replacement = NULL;
  g_autoptr(Feedback) fb = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *there = NULL;
  const char *kit = NULL;
  const char *missing;
  JsonObject *o;
  JsonArray *checklist;
  guint n_steps;

  for (guint i = 0; i < kits->len && kit == NULL; i++)
    {
      g_autoptr(JsonNode) k = kit_show (g_ptr_array_index (kits, i));
      JsonArray *slots = json_object_get_array_member (json_node_get_object (k), "slots");

      if (!kit_complete (json_node_get_object (k)) || json_array_get_length (slots) < 2)
        continue;
      kit = g_ptr_array_index (kits, i);
      for (guint s = 0; s < json_array_get_length (slots); s++)
        {
          JsonObject *slot = json_array_get_object_element (slots, s);
          g_ptr_array_add (devices, g_strdup (member_str (slot, "device")));
          g_ptr_array_add (kinds, g_strdup (member_str (slot, "kind")));
        }
    }
  check (kit != NULL, "the demo has no complete installed kit with two devices or more");
  shown = shown_code (kit);
  missing = g_ptr_array_index (devices, devices->len - 1);

  focus_away_from_text ();
  probe_scanner ();

  /* The kit comes back without its last device. */
  choose_action (ACTION_RECEIVE_RETURN);
  there = g_strdup_printf ("scan its %u devices", devices->len);
  scan_expect (kit, "info", there);
  for (guint i = 0; i + 1 < devices->len; i++)
    {
      g_autofree char *count = g_strdup_printf ("is there (%u of %u)", i + 1, devices->len);
      scan_expect (g_ptr_array_index (devices, i), "info", count);
    }
  check_quiet ();
  press ("ctrl+Return", NULL);
  fb = wait_feedback ("Ctrl+Return");
  expect_feedback (fb, "success", "received into quarantine, 1 device missing");
  check (g_strcmp0 (fb->input, "keyboard") == 0, "Ctrl+Return was read as “%s”", fb->input);

  show = kit_show (kit);
  o = json_node_get_object (show);
  check (g_strcmp0 (member_str (o, "state"), "quarantine") == 0, "kit %s is %s after the return", kit,
         member_str (o, "state"));
  check (missing_has (o, missing), "kit show does not list %s as missing", missing);
  check (slot_of_device (o, missing) == NULL, "the missing device %s is still in a slot", missing);
  lost = cli_json (env.db, "list", "devices", "--state", "lost", NULL);
  {
    gboolean found = FALSE;
    JsonArray *rows = json_node_get_array (lost);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      found |= g_strcmp0 (member_str (json_array_get_object_element (rows, i), "code"), missing) == 0;
    check (found, "device %s is not lost", missing);
  }

  choose_action (ACTION_START_REPROCESSING);
  scan_expect (kit, "success", "reprocessing started");
  check_kit_state (kit, "reprocessing");

  /* A new device of the same kind, registered and added in one scan. */
  choose_action (ACTION_ASSEMBLE);
  scan_expect (kit, "info", shown);
  replacement = g_new0 (Device, 1);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) expiry = g_date_time_add_years (now, 3);
    g_autofree char *yymmdd = g_date_time_format (expiry, "%y%m%d");
    g_autoptr(JsonNode) row = NULL;

    replacement->serial = new_serial ();
    replacement->gs1 = make_gs1 (member_str (model_of_kind (g_ptr_array_index (kinds, kinds->len - 1)), "gtin"),
                                 yymmdd, "R1", replacement->serial);
    scan_expect (replacement->gs1, "success", "added it to kit");
    row = find_device (replacement->serial);
    check (row != NULL, "the replacement %s was not registered", replacement->serial);
    replacement->code = g_strdup (member_str (json_node_get_object (row), "code"));
  }
  g_clear_pointer (&show, json_node_unref);
  show = kit_show (kit);
  o = json_node_get_object (show);
  check (g_strcmp0 (slot_of_device (o, replacement->code), g_ptr_array_index (kinds, kinds->len - 1)) == 0,
         "the replacement %s is not in the %s slot", replacement->code,
         (char *) g_ptr_array_index (kinds, kinds->len - 1));
  check (kit_complete (o), "kit %s is not complete with its replacement", kit);

  /* The checklist, one scan a step. */
  checklist = json_object_get_array_member (o, "checklist");
  n_steps = json_array_get_length (checklist);
  check (n_steps > 0, "kit %s has no checklist", kit);
  choose_action (ACTION_PASS_STEP);
  for (guint i = 0; i < n_steps; i++)
    {
      g_autoptr(JsonNode) k = NULL;
      JsonObject *step;

      scan_expect (kit, "success", "checklist step passed");
      k = kit_show (kit);
      step = json_array_get_object_element (json_object_get_array_member (json_node_get_object (k), "checklist"), i);
      check (json_object_get_boolean_member_with_default (step, "passed", FALSE),
             "step %u (%s) has not passed after its scan", i, member_str (step, "step"));
    }
  {
    const char *const refused[] = { kit, NULL };
    expect_refusal (kit, "passed every step", refused);
  }

  choose_action (ACTION_RELEASE);
  scan_expect (kit, "success", "released to the shelf");
  check_kit_state (kit, "ready");

  end_case ("4-return-reprocess-release");
}

/* Acceptance 4: every refusal says why, changes nothing, and the next scan
 * works. */
static void
test_refusals (void)
{
  g_autoptr(GPtrArray) assembling = list_codes ("kits", "assembling");
  g_autoptr(GPtrArray) installed = list_codes ("kits", "installed");
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) filled = g_ptr_array_new_with_free_func ((GDestroyNotify) device_free);
  g_autoptr(JsonNode) other_kits = NULL;
  g_autoptr(JsonNode) inst = NULL;
  g_autoptr(JsonNode) show = NULL;
  g_autoptr(Device) wrong = NULL;
  g_autofree char *other_db = g_build_filename (env.dir, "other.db", NULL);
  g_autofree char *unknown = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *shown = NULL;
  const char *kit = NULL;          /* assembled in this test */
  const char *incomplete = NULL;   /* another kit being assembled */
  const char *out_kit;             /* installed at a home */
  const char *elsewhere;           /* a device in out_kit */
  const char *wrong_kind = NULL;
  const char *wrong_words;
  guint most = 0;

  /* The kit with the most empty slots is assembled; another is left incomplete. */
  for (guint i = 0; i < assembling->len; i++)
    {
      g_autoptr(JsonNode) k = kit_show (g_ptr_array_index (assembling, i));
      g_autoptr(GPtrArray) e = empty_slots (json_node_get_object (k));
      if (e->len > most)
        {
          most = e->len;
          kit = g_ptr_array_index (assembling, i);
        }
    }
  check (kit != NULL && most >= 2, "the demo has no kit being assembled with two empty slots");
  for (guint i = 0; i < assembling->len && incomplete == NULL; i++)
    if (g_ptr_array_index (assembling, i) != kit)
      incomplete = g_ptr_array_index (assembling, i);
  check (incomplete != NULL, "the demo has only one kit being assembled");
  check (installed->len > 0, "the demo has no installed kit");
  out_kit = g_ptr_array_index (installed, 0);
  inst = kit_show (out_kit);
  elsewhere = member_str (json_array_get_object_element (json_object_get_array_member (json_node_get_object (inst),
                                                                                          "slots"), 0), "device");
  check (elsewhere != NULL, "kit %s has no device in its first slot", out_kit);

  /* A kind the kit has no slot for, else one whose slots are all full. */
  show = kit_show (kit);
  empty = empty_slots (json_node_get_object (show));
  {
    JsonArray *models = json_node_get_array (env.models);
    JsonArray *slots = json_object_get_array_member (json_node_get_object (show), "slots");

    for (guint m = 0; m < json_array_get_length (models) && wrong_kind == NULL; m++)
      {
        const char *kind = member_str (json_array_get_object_element (models, m), "kind");
        gboolean has_slot = FALSE;
        for (guint s = 0; s < json_array_get_length (slots); s++)
          has_slot |= g_strcmp0 (member_str (json_array_get_object_element (slots, s), "kind"), kind) == 0;
        if (!has_slot)
          wrong_kind = kind;
      }
    wrong_words = "has no slot for one";
    for (guint s = 0; s < json_array_get_length (slots) && wrong_kind == NULL; s++)
      {
        const char *kind = member_str (json_array_get_object_element (slots, s), "kind");
        if (!g_ptr_array_find_with_equal_func (empty, kind, g_str_equal, NULL))
          {
            wrong_kind = kind;
            wrong_words = "already has every";
          }
      }
    check (wrong_kind != NULL, "every kind of device fits kit %s", kit);
  }

  /* A well-formed kit code from another database, and a real one misread. */
  g_free (cli_out (other_db, "demo", "--kits", "3", "--seed", "4242", NULL));
  other_kits = cli_json (other_db, "list", "kits", NULL);
  unknown = g_strdup (member_str (json_array_get_object_element (json_node_get_array (other_kits), 0), "code"));
  {
    g_auto(CliRun) run = { 0 };
    cli_run (&run, env.db, "kit", "show", unknown, NULL);
    check (run.status != 0, "kit %s of another database is known here too", unknown);
  }
  bad = g_strdup (out_kit);
  bad[strlen (bad) - 1] = bad[strlen (bad) - 1] == '0' ? '1' : '0';
  shown = shown_code (kit);

  focus_away_from_text ();
  probe_scanner ();

  /* Goods-in for the test: one device that does not fit, one per empty slot. */
  wrong = register_device (model_of_kind (wrong_kind));
  for (guint i = 0; i < empty->len; i++)
    g_ptr_array_add (filled, register_device (model_of_kind (g_ptr_array_index (empty, i))));

  choose_action (ACTION_ASSEMBLE);
  scan_expect (kit, "info", shown);

  /* Wrong kind; then a device that fits goes in. */
  {
    const char *const kits[] = { kit, NULL };
    expect_refusal (wrong->code, wrong_words, kits);
    screenshot ("5-refusal-wrong-kind");
    scan_expect (((Device *) g_ptr_array_index (filled, 0))->gs1, "success", "device added");
  }

  /* A device in another kit; then the next one goes in. */
  {
    const char *const kits[] = { kit, out_kit, NULL };
    expect_refusal (elsewhere, "already in kit", kits);
    scan_expect (((Device *) g_ptr_array_index (filled, 1))->code, "success", "device added");
  }
  for (guint i = 2; i < filled->len; i++)
    scan_expect (((Device *) g_ptr_array_index (filled, i))->code, "success", "device added");

  choose_action (ACTION_RELEASE);

  /* Incomplete kit; then the complete one is released. */
  {
    const char *const kits[] = { incomplete, NULL };
    expect_refusal (incomplete, "is not complete", kits);
    scan_expect (kit, "success", "released to the shelf");
    check_kit_state (kit, "ready");
  }

  /* Wrong state; then goods-in works. */
  {
    const char *const kits[] = { out_kit, NULL };
    g_autoptr(Device) next = NULL;
    expect_refusal (out_kit, "only kits being assembled or reprocessed can be released", kits);
    check_kit_state (out_kit, "installed");
    next = register_device (model_of_kind (wrong_kind));
  }

  /* Unknown code. */
  {
    g_autoptr(Device) next = NULL;
    expect_refusal (unknown, "is not registered", NULL);
    next = register_device (model_of_kind (wrong_kind));
  }

  /* Bad check character. */
  {
    const char *const kits[] = { out_kit, NULL };
    g_autoptr(Device) next = NULL;
    expect_refusal (bad, "one character is wrong", kits);
    screenshot ("5-refusal-check-character");
    next = register_device (model_of_kind (wrong_kind));
  }

  end_case ("5-refusals");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) kits = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no X display: run under xvfb-run (meson test --suite ui)\n");
      return 0;
    }

  env.dir = g_dir_make_tmp ("telekit-scan-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  env.db = g_build_filename (env.dir, "telekit.db", NULL);
  env.shots = g_strdup (g_getenv ("TELEKIT_SCREENSHOT_DIR") ? g_getenv ("TELEKIT_SCREENSHOT_DIR") : env.dir);
  {
    /* Pictures of an earlier run must not pass for this run's. */
    g_autoptr(GDir) shots = g_dir_open (env.shots, 0, NULL);
    const char *name;

    while (shots != NULL && (name = g_dir_read_name (shots)) != NULL)
      if (g_str_has_prefix (name, "scan-e2e-") && g_str_has_suffix (name, ".png"))
        {
          g_autofree char *stale = g_build_filename (env.shots, name, NULL);
          g_remove (stale);
        }
  }

  g_free (cli_out (env.db, "demo", "--kits", "200", NULL));
  env.models = cli_json (env.db, "list", "models", NULL);
  env.actions = cli_json (env.db, "list", "actions", NULL);
  kits = cli_json (env.db, "list", "kits", "--state", "ready", NULL);
  check (json_array_get_length (json_node_get_array (kits)) > 0, "the demo has no kit on the shelf");
  env.probe_kit = g_strdup (member_str (json_array_get_object_element (json_node_get_array (kits), 0), "code"));

  start_app ("app.log");

  g_test_add_func ("/ui/scan-e2e/start-reprocessing", test_start_reprocessing);
  g_test_add_func ("/ui/scan-e2e/goods-in-gs1", test_goods_in_gs1);
  g_test_add_func ("/ui/scan-e2e/assemble-release", test_assemble_release);
  g_test_add_func ("/ui/scan-e2e/return-reprocess-release", test_return_reprocess_release);
  g_test_add_func ("/ui/scan-e2e/refusals", test_refusals);
  g_test_add_func ("/ui/scan-e2e/keys-at-start", test_keys_at_start);

  status = g_test_run ();

  stop_app ();
  g_clear_pointer (&env.models, json_node_unref);
  g_clear_pointer (&env.actions, json_node_unref);
  if (status == 0)
    cli_rm_rf (env.dir);
  return status;
}
