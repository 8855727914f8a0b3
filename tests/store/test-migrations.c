/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-store-test-util.h"

#define SCHEMA_SQL "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"

/* Objects the migrations create, with the version that creates each. */
static const struct
{
  int         version;
  const char *type;
  const char *name;
} schema_objects[] = {
  { 1, "table", "meta" },
  { 1, "table", "events" },
  { 1, "index", "events_by_subject" },
  { 1, "table", "kits" },
  { 1, "table", "devices" },
  { 1, "table", "citizens" },
  { 1, "table", "personal_access_log" },
  { 2, "table", "sync_state" },
  { 2, "index", "events_pending" },
  { 3, "index", "devices_by_state" },
  { 3, "index", "devices_by_location" },
  { 3, "index", "stops_by_driver" },
  { 4, "index", "kits_stock" },
  { 6, "index", "events_conflicts" },
  { 6, "table", "accounts" },
  { 6, "table", "tokens" },
  { 6, "index", "tokens_by_user" },
};

static void
assert_schema_at (const char *path,
                  int         version)
{
  for (guint i = 0; i < G_N_ELEMENTS (schema_objects); i++)
    {
      gboolean expected = schema_objects[i].version <= version;

      if (tlk_test_sql_has_object (path, schema_objects[i].type, schema_objects[i].name) != expected)
        g_error ("at version %d the %s %s should %sexist", version, schema_objects[i].type,
                 schema_objects[i].name, expected ? "" : "not ");
    }
}

static void
assert_integrity_ok (const char *path)
{
  g_autofree char *integrity = tlk_test_sql_text (path, "PRAGMA integrity_check");

  g_assert_cmpstr (integrity, ==, "ok");
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
assert_file_unchanged (const char *path,
                       GBytes     *before)
{
  g_autoptr(GBytes) after = file_bytes (path);

  if (!g_bytes_equal (before, after))
    g_error ("%s was changed (%zu bytes before, %zu after)", path,
             g_bytes_get_size (before), g_bytes_get_size (after));
}

/* The basic records written by today's code, once, at the newest version. */
static const char *
basics_template (void)
{
  static char *path = NULL;

  if (path == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TlkStore) store = NULL;

      path = tlk_test_path ("basics-template.db");
      store = tlk_store_open (path, &error);
      g_assert_no_error (error);
      tlk_test_append_basics (store);
    }
  return path;
}

/* Copies the template's rows into the database at @path, keeping only the
 * columns @path's (older) schema has. Returns the template's device id. */
static char *
copy_basics_into (const char *path)
{
  g_autofree char *tables = tlk_test_sql_rows (path, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                                     " AND name NOT LIKE 'sqlite_%' ORDER BY name");
  g_auto(GStrv) names = g_strsplit (tables, "\n", -1);
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "ATTACH '%s' AS t; BEGIN;", basics_template ());
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *query = NULL;
      g_autofree char *cols = NULL;

      if (*names[i] == '\0')
        continue;
      query = g_strdup_printf ("SELECT group_concat (name, ', ') FROM pragma_table_info ('%s')", names[i]);
      cols = tlk_test_sql_text (path, query);
      g_string_append_printf (sql, "INSERT OR REPLACE INTO main.%s (%s) SELECT %s FROM t.%s;",
                              names[i], cols, cols, names[i]);
    }
  g_string_append (sql, "COMMIT; DETACH t;");
  tlk_test_sql_exec (path, sql->str);
  return tlk_test_sql_text (path, "SELECT value FROM meta WHERE key = 'device_id'");
}

/* A database at @from with data in it reaches the newest version with the
 * data intact. */
static void
test_migration_path (gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  int latest = tlk_store_schema_version ();
  g_autofree char *name = g_strdup_printf ("from-%d.db", from);
  g_autofree char *path = tlk_test_path (name);
  g_autofree char *device_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkKit) kit = NULL;
  g_autoptr(TlkDevice) device = NULL;
  g_autoptr(TlkUser) user = NULL;
  g_autoptr(TlkKitType) kit_type = NULL;
  g_autoptr(TlkEvent) held = NULL;
  gboolean ok;

  store = tlk_store_open_at_version (path, from, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (tlk_store_get_version (store), ==, from);
  g_assert_cmpint (tlk_store_count_events (store), ==, 0);
  g_clear_pointer (&store, tlk_store_free);
  /* The data an older Telekit would have written: today's rows, in the
   * columns that version had. */
  device_id = copy_basics_into (path);
  g_assert_nonnull (device_id);

  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, from);
  assert_schema_at (path, from);

  store = tlk_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (tlk_store_get_version (store), ==, latest);
  g_assert_cmpstr (tlk_store_get_device_id (store), ==, device_id);
  g_assert_cmpint (tlk_store_count_events (store), ==, TLK_TEST_N_BASICS);

  user = tlk_store_load (store, TLK_SUBJECT_USER, "mette");
  g_assert_nonnull (user);
  g_assert_cmpstr (user->role, ==, "warehouse");
  kit_type = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, "kol");
  g_assert_nonnull (kit_type);
  g_assert_cmpuint (kit_type->slots->len, ==, 1);
  g_assert_cmpuint (kit_type->checklist->len, ==, 1);
  kit = tlk_store_load (store, TLK_SUBJECT_KIT, TLK_TEST_KIT);
  g_assert_nonnull (kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_ASSEMBLING);
  /* Migration 9 refolds the events: the kit knows since when it is
   * assembled, a projection older versions did not keep. */
  g_assert_nonnull (kit->since);
  g_assert_cmpstr (kit->kit_type, ==, "kol");
  g_assert_cmpuint (kit->devices->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (kit->devices, 0), ==, TLK_TEST_DEVICE);
  device = tlk_store_load (store, TLK_SUBJECT_DEVICE, TLK_TEST_DEVICE);
  g_assert_nonnull (device);
  g_assert_cmpint (device->state, ==, TLK_DEVICE_IN_KIT);
  g_assert_cmpstr (device->kit, ==, TLK_TEST_KIT);

  /* This computer's numbering goes on where it stopped. */
  held = tlk_event_new (TLK_EVENT_KIT_HELD, TLK_TEST_KIT, "mette");
  tlk_event_set_string (held, "reason", "Venter på batterier");
  ok = tlk_store_append (store, held, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (held->device_seq, ==, TLK_TEST_N_BASICS + 1);
  g_clear_pointer (&store, tlk_store_free);

  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, latest);
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM events"), ==, TLK_TEST_N_BASICS + 1);
  assert_schema_at (path, latest);
  assert_integrity_ok (path);
}

/* Only the migrations up to the version asked for run, and opening a
 * database again at a lower version leaves it as it is. */
static void
test_open_at_lower_version (void)
{
  g_autofree char *path = tlk_test_path ("lower.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  store = tlk_store_open (path, &error);
  g_assert_no_error (error);
  tlk_test_append_basics (store);
  g_clear_pointer (&store, tlk_store_free);

  store = tlk_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (tlk_store_get_version (store), ==, tlk_store_schema_version ());
  g_assert_cmpint (tlk_store_count_events (store), ==, TLK_TEST_N_BASICS);
  g_clear_pointer (&store, tlk_store_free);
  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, tlk_store_schema_version ());
}

static void
test_too_new (void)
{
  int newer = tlk_store_schema_version () + 1;
  g_autofree char *path = tlk_test_path ("too-new.db");
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", newer);
  g_autofree char *newer_text = g_strdup_printf ("%d", newer);
  g_autofree char *schema_before = NULL;
  g_autofree char *schema_after = NULL;
  g_autofree char *events_before = NULL;
  g_autofree char *events_after = NULL;
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  store = tlk_store_open (path, &error);
  g_assert_no_error (error);
  tlk_test_append_basics (store);
  g_clear_pointer (&store, tlk_store_free);

  tlk_test_sql_exec (path, set_version);
  schema_before = tlk_test_sql_rows (path, SCHEMA_SQL);
  events_before = tlk_test_sql_rows (path, "SELECT * FROM events ORDER BY seq");
  bytes_before = file_bytes (path);

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_assert_nonnull (strstr (error->message, newer_text));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Asking for an older version does not get past the check either. */
  store = tlk_store_open_at_version (path, 1, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_TOO_NEW);

  assert_file_unchanged (path, bytes_before);
  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, newer);
  schema_after = tlk_test_sql_rows (path, SCHEMA_SQL);
  g_assert_cmpstr (schema_after, ==, schema_before);
  events_after = tlk_test_sql_rows (path, "SELECT * FROM events ORDER BY seq");
  g_assert_cmpstr (events_after, ==, events_before);
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM events"), ==, TLK_TEST_N_BASICS);
}

static void
make_foreign_database (const char *path,
                       int         user_version)
{
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                                          "INSERT INTO recipes (name) VALUES ('Æblekage'), ('Rødgrød');"
                                          "PRAGMA user_version = %d;", user_version);

  tlk_test_sql_exec (path, sql);
  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA application_id"), ==, 0);
  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, user_version);
}

static void
assert_foreign_refused (const char *path,
                        int         user_version)
{
  g_autofree char *schema_before = tlk_test_sql_rows (path, SCHEMA_SQL);
  g_autofree char *schema_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a Telekit database"));
  g_assert_nonnull (strstr (error->message, path));

  schema_after = tlk_test_sql_rows (path, SCHEMA_SQL);
  g_assert_cmpstr (schema_after, ==, schema_before);
  g_assert_false (tlk_test_sql_has_object (path, "table", "events"));
  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, user_version);
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM recipes"), ==, 2);
}

static void
test_foreign_database (void)
{
  g_autofree char *path = tlk_test_path ("recipes.db");

  make_foreign_database (path, 5);
  assert_foreign_refused (path, 5);
}

/* Refusing a foreign file must not convert it to WAL on the way. */
static void
test_foreign_database_untouched (void)
{
  g_autofree char *path = tlk_test_path ("recipes-untouched.db");
  g_autofree char *mode = NULL;
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GBytes) bytes_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  make_foreign_database (path, 5);
  bytes_before = file_bytes (path);

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN);

  mode = tlk_test_sql_text (path, "PRAGMA journal_mode");
  bytes_after = file_bytes (path);
  g_assert_cmpstr (mode, ==, "delete");
  assert_file_unchanged (path, bytes_before);
}

/* A foreign database that never set user_version must not be taken over
 * either: the migrations would add Telekit's tables to it. */
static void
test_foreign_database_unversioned (void)
{
  g_autofree char *path = tlk_test_path ("recipes-unversioned.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  make_foreign_database (path, 0);

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a Telekit database"));
  g_assert_false (tlk_test_sql_has_object (path, "table", "events"));
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM recipes"), ==, 2);
}

static void
write_noise (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250102);
  g_autoptr(GError) error = NULL;
  guint32 noise[2048];

  for (guint i = 0; i < G_N_ELEMENTS (noise); i++)
    noise[i] = g_rand_int (rand);
  g_file_set_contents (path, (const char *) noise, sizeof noise, &error);
  g_assert_no_error (error);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = tlk_test_path ("random.db");
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  write_noise (path);
  bytes_before = file_bytes (path);

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, path));

  assert_file_unchanged (path, bytes_before);
}

/* Callers that do not want the reason pass NULL for the error. */
static void
test_not_a_database_no_error (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(TlkStore) store = tlk_store_open (g_getenv ("TLK_TEST_NOISE_DB"), NULL);

      g_assert_null (store);
      return;
    }
  {
    g_autofree char *path = tlk_test_path ("random-no-error.db");

    write_noise (path);
    g_setenv ("TLK_TEST_NOISE_DB", path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv ("TLK_TEST_NOISE_DB");
    g_test_trap_assert_passed ();
  }
}

static void
test_cannot_open (void)
{
  g_autofree char *path = tlk_test_path ("no-such-folder/telekit.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A migration that fails leaves the database at the version before it, with
 * nothing of the failed migration in it; once the obstacle is gone it runs. */
typedef struct
{
  const char *name;
  int         start;
  const char *obstacle;   /* made by hand, so migration start + 1 fails */
  const char *remove;     /* removes the obstacle again */
  const char *half_done;  /* made by that migration before it failed, or NULL */
} FailingMigration;

static const FailingMigration failing_migrations[] = {
  { "2-first-statement", 1, "CREATE TABLE sync_state (key TEXT)", "DROP TABLE sync_state", NULL },
  { "2-second-statement", 1, "CREATE INDEX events_pending ON events (device_seq)", "DROP INDEX events_pending",
    "sync_state" },
  { "3-second-statement", 2, "CREATE INDEX devices_by_location ON devices (model)", "DROP INDEX devices_by_location",
    "devices_by_state" },
};

static void
test_failing_migration (gconstpointer data)
{
  const FailingMigration *f = data;
  int failing = f->start + 1;
  g_autofree char *name = g_strdup_printf ("failing-%s.db", f->name);
  g_autofree char *path = tlk_test_path (name);
  g_autofree char *version_text = g_strdup_printf ("version %d", failing);
  g_autofree char *schema_before = NULL;
  g_autofree char *schema_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  g_assert_cmpint (failing, <=, tlk_store_schema_version ());

  store = tlk_store_open_at_version (path, f->start, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, tlk_store_free);
  g_free (copy_basics_into (path));

  tlk_test_sql_exec (path, f->obstacle);
  schema_before = tlk_test_sql_rows (path, SCHEMA_SQL);

  store = tlk_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_SQL);
  if (strstr (error->message, version_text) == NULL)
    g_error ("“%s” does not name %s", error->message, version_text);
  g_clear_error (&error);

  g_assert_cmpint (tlk_test_sql_int (path, "PRAGMA user_version"), ==, f->start);
  schema_after = tlk_test_sql_rows (path, SCHEMA_SQL);
  g_assert_cmpstr (schema_after, ==, schema_before);
  if (f->half_done != NULL)
    {
      g_assert_false (tlk_test_sql_has_object (path, "table", f->half_done));
      g_assert_false (tlk_test_sql_has_object (path, "index", f->half_done));
    }
  g_assert_cmpint (tlk_test_sql_int (path, "SELECT COUNT(*) FROM events"), ==, TLK_TEST_N_BASICS);
  assert_integrity_ok (path);

  tlk_test_sql_exec (path, f->remove);
  store = tlk_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (tlk_store_get_version (store), ==, tlk_store_schema_version ());
  g_assert_cmpint (tlk_store_count_events (store), ==, TLK_TEST_N_BASICS);
  g_clear_pointer (&store, tlk_store_free);
  assert_schema_at (path, tlk_store_schema_version ());
  assert_integrity_ok (path);
}

int
main (int   argc,
      char *argv[])
{
  int latest;
  int status;

  g_test_init (&argc, &argv, NULL);

  latest = tlk_store_schema_version ();
  g_assert_cmpint (latest, >=, 3);
  for (int v = 1; v <= latest; v++)
    {
      g_autofree char *name = g_strdup_printf ("/store/migrations/from-version-%d", v);

      g_test_add_data_func (name, GINT_TO_POINTER (v), test_migration_path);
    }
  g_test_add_func ("/store/migrations/open-at-lower-version", test_open_at_lower_version);
  g_test_add_func ("/store/migrations/too-new", test_too_new);
  g_test_add_func ("/store/migrations/foreign-database", test_foreign_database);
  g_test_add_func ("/store/migrations/foreign-database-untouched", test_foreign_database_untouched);
  g_test_add_func ("/store/migrations/foreign-database-unversioned", test_foreign_database_unversioned);
  g_test_add_func ("/store/migrations/not-a-database", test_not_a_database);
  g_test_add_func ("/store/migrations/not-a-database-no-error", test_not_a_database_no_error);
  g_test_add_func ("/store/migrations/cannot-open", test_cannot_open);
  for (guint i = 0; i < G_N_ELEMENTS (failing_migrations); i++)
    {
      g_autofree char *name = g_strdup_printf ("/store/migrations/failing/%s", failing_migrations[i].name);

      g_test_add_data_func (name, &failing_migrations[i], test_failing_migration);
    }

  status = g_test_run ();
  tlk_test_tmpdir_clear ();
  return status;
}
