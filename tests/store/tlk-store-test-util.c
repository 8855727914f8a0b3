/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tlk-store-test-util.h"

#include <glib/gstdio.h>

static char *tmpdir;

void
tlk_test_tmpdir_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmpdir == NULL)
    return;
  dir = g_dir_open (tmpdir, 0, &error);
  g_assert_no_error (error);
  /* The store writes only plain files (database, -wal, -shm). */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  g_clear_pointer (&tmpdir, g_free);
}

char *
tlk_test_path (const char *name)
{
  if (tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmpdir = g_dir_make_tmp ("telekit-store-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (tmpdir, name, NULL);
}

sqlite3 *
tlk_test_sql_open (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, db ? sqlite3_errmsg (db) : "out of memory");
  sqlite3_busy_timeout (db, 5000);
  return db;
}

void
tlk_test_sql_exec (const char *path,
                   const char *sql)
{
  g_autoptr(sqlite3) db = tlk_test_sql_open (path);
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s: %s", path, sql, msg);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

gint64
tlk_test_sql_int (const char *path,
                  const char *sql)
{
  g_autoptr(sqlite3) db = tlk_test_sql_open (path);
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: no row: %s", sql, sqlite3_errmsg (db));
  return sqlite3_column_int64 (stmt, 0);
}

char *
tlk_test_sql_text (const char *path,
                   const char *sql)
{
  g_autoptr(sqlite3) db = tlk_test_sql_open (path);
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: no row: %s", sql, sqlite3_errmsg (db));
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

char *
tlk_test_sql_rows (const char *path,
                   const char *sql)
{
  g_autoptr(sqlite3) db = tlk_test_sql_open (path);
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql);
  g_autoptr(GString) out = g_string_new (NULL);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          if (c > 0)
            g_string_append_c (out, '|');
          g_string_append (out, text ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  if (rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
tlk_test_sql_has_object (const char *path,
                         const char *type,
                         const char *name)
{
  g_autoptr(sqlite3) db = tlk_test_sql_open (path);
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT COUNT(*) FROM sqlite_master WHERE type = ?1 AND name = ?2");

  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0) > 0;
}

static JsonArray *
one_object_array (const char *key1,
                  const char *value1,
                  const char *key2,
                  const char *value2)
{
  JsonArray *array = json_array_new ();
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, key1, value1);
  if (value2 != NULL)
    json_object_set_string_member (o, key2, value2);
  else
    json_object_set_int_member (o, key2, 1);
  json_array_add_object_element (array, o);
  return array;
}

guint
tlk_test_append_basics (TlkStore *store)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  TlkEvent *e;

  e = tlk_event_new (TLK_EVENT_USER_DEFINED, "mette", "admin");
  tlk_event_set_string (e, "name", "Mette Sørensen");
  tlk_event_set_string (e, "role", "warehouse");
  g_ptr_array_add (events, e);

  e = tlk_event_new (TLK_EVENT_LOCATION_DEFINED, TLK_TEST_LOCATION, "admin");
  tlk_event_set_string (e, "name", "Centrallager");
  tlk_event_set_string (e, "kind", "warehouse");
  g_ptr_array_add (events, e);

  e = tlk_event_new (TLK_EVENT_MODEL_DEFINED, "nonin_3230", "admin");
  tlk_event_set_string (e, "manufacturer", "Nonin");
  tlk_event_set_string (e, "name", "3230 Bluetooth");
  tlk_event_set_string (e, "kind", "pulse_oximeter");
  g_ptr_array_add (events, e);

  e = tlk_event_new (TLK_EVENT_KIT_TYPE_DEFINED, "kol", "admin");
  tlk_event_set_string (e, "name", "KOL-kuffert");
  tlk_event_set_array (e, "slots", one_object_array ("kind", "pulse_oximeter", "count", NULL));
  tlk_event_set_array (e, "checklist", one_object_array ("id", "clean", "name", "Rengjort"));
  g_ptr_array_add (events, e);

  e = tlk_event_new (TLK_EVENT_DEVICE_RECEIVED, TLK_TEST_DEVICE, "mette");
  tlk_event_set_string (e, "model", "nonin_3230");
  tlk_event_set_string (e, "serial", "SN0001");
  tlk_event_set_string (e, "location", TLK_TEST_LOCATION);
  g_ptr_array_add (events, e);

  e = tlk_event_new (TLK_EVENT_KIT_CREATED, TLK_TEST_KIT, "mette");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "location", TLK_TEST_LOCATION);
  g_ptr_array_add (events, e);

  e = tlk_event_new (TLK_EVENT_KIT_DEVICE_ADDED, TLK_TEST_KIT, "mette");
  tlk_event_set_string (e, "device", TLK_TEST_DEVICE);
  g_ptr_array_add (events, e);

  g_assert_cmpuint (events->len, ==, TLK_TEST_N_BASICS);
  /* One at a time, as a warehouse computer writes them. */
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = tlk_store_append (store, g_ptr_array_index (events, i), &error);

      g_assert_no_error (error);
      g_assert_true (ok);
    }
  return events->len;
}
