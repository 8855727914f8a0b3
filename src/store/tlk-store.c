/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-demo.h"
#include "tlk-migrations.h"
#include "tlk-sqlite.h"
#include "tlk-store-private.h"
#include "tlk-store-sync.h"

/* 'TLKT': marks the file as ours, so a foreign SQLite file is refused. */
#define TLK_APPLICATION_ID 0x544c4b54

G_DEFINE_QUARK (tlk-store-error-quark, tlk_store_error)

gboolean
tlk_store_sql_error (TlkStore   *store,
                     GError    **error,
                     const char *what)
{
  g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_SQL,
               _("The database could not %s: %s"), what, sqlite3_errmsg (store->db));
  return FALSE;
}

/* A cached statement, reset and with its bindings cleared. */
sqlite3_stmt *
tlk_store_prepare (TlkStore   *store,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (store->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      tlk_store_sql_error (store, error, _("prepare a query"));
      return NULL;
    }
  g_hash_table_insert (store->stmts, (gpointer) sql, stmt);
  return stmt;
}

gboolean
tlk_store_exec (TlkStore   *store,
                const char *sql,
                GError    **error)
{
  char *msg = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_SQL,
                   _("The database could not be changed: %s"), msg ? msg : sqlite3_errmsg (store->db));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

void
tlk_store_rollback (TlkStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

void
tlk_sql_bind_text (sqlite3_stmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
}

char *
tlk_sql_column_text (sqlite3_stmt *stmt,
                     int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

GPtrArray *
tlk_store_query_texts (TlkStore   *store,
                       const char *sql,
                       GError    **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = tlk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, tlk_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (tlk_store_sql_error (store, error, _("read a list")), NULL);
  return g_steal_pointer (&texts);
}

gint64
tlk_store_query_int (TlkStore   *store,
                     const char *sql,
                     const char *arg)
{
  sqlite3_stmt *stmt = tlk_store_prepare (store, sql, NULL);
  gint64 value;

  if (stmt == NULL)
    return -1;
  if (arg != NULL)
    tlk_sql_bind_text (stmt, 1, arg);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    value = -1;
  else
    value = sqlite3_column_int64 (stmt, 0);
  /* A statement left on a row holds a read transaction open. */
  sqlite3_reset (stmt);
  return value;
}

/* ---- JSON columns ------------------------------------------------------ */

/* Takes @array. */
static char *
array_to_json (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  return json_to_string (node, FALSE);
}

static char *
strv_to_json (GPtrArray *array)
{
  JsonArray *json = json_array_new ();

  for (guint i = 0; i < array->len; i++)
    json_array_add_string_element (json, g_ptr_array_index (array, i));
  return array_to_json (json);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static void
strv_from_json (GPtrArray  *array,
                const char *text)
{
  g_autoptr(JsonNode) node = parse_json (text);
  JsonArray *json;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  json = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (json); i++)
    g_ptr_array_add (array, g_strdup (json_array_get_string_element (json, i)));
}

static JsonArray *
array_column (sqlite3_stmt *s,
              int           col,
              JsonNode    **keep)
{
  *keep = parse_json ((const char *) sqlite3_column_text (s, col));
  return *keep != NULL && JSON_NODE_HOLDS_ARRAY (*keep) ? json_node_get_array (*keep) : NULL;
}

/* A new reference to the array in the JSON of column @col, or NULL. */
static JsonArray *
array_column_ref (sqlite3_stmt *s,
                  int           col)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array = array_column (s, col, &node);

  return array ? json_array_ref (array) : NULL;
}

/* ---- records: one column list, reader and writer per table ------------- */

typedef struct
{
  const char *table;
  const char *columns;
  const char *select_by_id;
  const char *select_all;
  const char *select_by_state;
  const char *upsert;
  gpointer  (*read)  (sqlite3_stmt *stmt);
  void      (*bind)  (sqlite3_stmt *stmt, gconstpointer record);
  GDestroyNotify free;
} Table;

static gpointer
read_customer (sqlite3_stmt *s)
{
  TlkCustomer *r = g_new0 (TlkCustomer, 1);
  r->id = tlk_sql_column_text (s, 0);
  r->name = tlk_sql_column_text (s, 1);
  r->kind = tlk_sql_column_text (s, 2);
  r->ean = tlk_sql_column_text (s, 3);
  r->terms = array_column_ref (s, 4);
  return r;
}

static void
bind_customer (sqlite3_stmt *s, gconstpointer p)
{
  const TlkCustomer *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->name);
  tlk_sql_bind_text (s, 3, r->kind);
  tlk_sql_bind_text (s, 4, r->ean);
  sqlite3_bind_text (s, 5, r->terms ? array_to_json (json_array_ref (r->terms)) : g_strdup ("[]"), -1, g_free);
}

static gpointer
read_location (sqlite3_stmt *s)
{
  TlkLocation *r = g_new0 (TlkLocation, 1);
  r->id = tlk_sql_column_text (s, 0);
  r->name = tlk_sql_column_text (s, 1);
  r->kind = tlk_sql_column_text (s, 2);
  r->parent = tlk_sql_column_text (s, 3);
  return r;
}

static void
bind_location (sqlite3_stmt *s, gconstpointer p)
{
  const TlkLocation *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->name);
  tlk_sql_bind_text (s, 3, r->kind);
  tlk_sql_bind_text (s, 4, r->parent);
}

static gpointer
read_model (sqlite3_stmt *s)
{
  TlkDeviceModel *r = tlk_device_model_new ((const char *) sqlite3_column_text (s, 0));
  r->manufacturer = tlk_sql_column_text (s, 1);
  r->name = tlk_sql_column_text (s, 2);
  r->kind = tlk_sql_column_text (s, 3);
  r->gtin = tlk_sql_column_text (s, 4);
  r->by_quantity = sqlite3_column_int (s, 5);
  r->calibration_months = sqlite3_column_int (s, 6);
  r->shelf_life_months = sqlite3_column_int (s, 7);
  strv_from_json (r->gtins, (const char *) sqlite3_column_text (s, 8));
  return r;
}

static void
bind_model (sqlite3_stmt *s, gconstpointer p)
{
  const TlkDeviceModel *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->manufacturer);
  tlk_sql_bind_text (s, 3, r->name);
  tlk_sql_bind_text (s, 4, r->kind);
  tlk_sql_bind_text (s, 5, r->gtin);
  sqlite3_bind_int (s, 6, r->by_quantity);
  sqlite3_bind_int (s, 7, r->calibration_months);
  sqlite3_bind_int (s, 8, r->shelf_life_months);
  sqlite3_bind_text (s, 9, strv_to_json (r->gtins), -1, g_free);
}

static gpointer
read_kit_type (sqlite3_stmt *s)
{
  g_autofree char *id = tlk_sql_column_text (s, 0);
  g_autoptr(JsonNode) slots = NULL;
  g_autoptr(JsonNode) checklist = NULL;
  g_autoptr(JsonNode) install = NULL;
  TlkKitType *r = tlk_kit_type_new (id);

  r->name = tlk_sql_column_text (s, 1);
  tlk_kit_type_read_json (r, array_column (s, 2, &slots), array_column (s, 3, &checklist),
                          array_column (s, 4, &install));
  r->reorder_at = sqlite3_column_int (s, 5);
  return r;
}

static void
bind_kit_type (sqlite3_stmt *s, gconstpointer p)
{
  const TlkKitType *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->name);
  sqlite3_bind_text (s, 3, array_to_json (tlk_kit_slots_to_json (r->slots)), -1, g_free);
  sqlite3_bind_text (s, 4, array_to_json (tlk_steps_to_json (r->checklist)), -1, g_free);
  sqlite3_bind_text (s, 5, array_to_json (tlk_steps_to_json (r->install_checklist)), -1, g_free);
  sqlite3_bind_int (s, 6, r->reorder_at);
}

static gpointer
read_user (sqlite3_stmt *s)
{
  TlkUser *r = g_new0 (TlkUser, 1);
  r->id = tlk_sql_column_text (s, 0);
  r->name = tlk_sql_column_text (s, 1);
  r->role = tlk_sql_column_text (s, 2);
  return r;
}

static void
bind_user (sqlite3_stmt *s, gconstpointer p)
{
  const TlkUser *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->name);
  tlk_sql_bind_text (s, 3, r->role);
}

static gpointer
read_device (sqlite3_stmt *s)
{
  TlkDevice *r = g_new0 (TlkDevice, 1);
  r->id = tlk_sql_column_text (s, 0);
  r->model = tlk_sql_column_text (s, 1);
  r->serial = tlk_sql_column_text (s, 2);
  r->lot = tlk_sql_column_text (s, 3);
  r->expiry = tlk_sql_column_text (s, 4);
  r->calibration_due = tlk_sql_column_text (s, 5);
  r->state = tlk_device_state_from_string ((const char *) sqlite3_column_text (s, 6));
  r->kit = tlk_sql_column_text (s, 7);
  r->location = tlk_sql_column_text (s, 8);
  return r;
}

static void
bind_device (sqlite3_stmt *s, gconstpointer p)
{
  const TlkDevice *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->model);
  tlk_sql_bind_text (s, 3, r->serial);
  tlk_sql_bind_text (s, 4, r->lot);
  tlk_sql_bind_text (s, 5, r->expiry);
  tlk_sql_bind_text (s, 6, r->calibration_due);
  tlk_sql_bind_text (s, 7, tlk_device_state_to_string (r->state));
  tlk_sql_bind_text (s, 8, r->kit);
  tlk_sql_bind_text (s, 9, r->location);
}

static gpointer
read_kit (sqlite3_stmt *s)
{
  g_autofree char *id = tlk_sql_column_text (s, 0);
  TlkKit *r = tlk_kit_new (id);
  r->kit_type = tlk_sql_column_text (s, 1);
  r->state = tlk_kit_state_from_string ((const char *) sqlite3_column_text (s, 2));
  r->held_from = sqlite3_column_type (s, 3) == SQLITE_NULL
                 ? TLK_KIT_NONE : tlk_kit_state_from_string ((const char *) sqlite3_column_text (s, 3));
  r->location = tlk_sql_column_text (s, 4);
  r->custodian = tlk_sql_column_text (s, 5);
  r->order = tlk_sql_column_text (s, 6);
  strv_from_json (r->devices, (const char *) sqlite3_column_text (s, 7));
  strv_from_json (r->steps_passed, (const char *) sqlite3_column_text (s, 8));
  strv_from_json (r->missing, (const char *) sqlite3_column_text (s, 9));
  r->since = tlk_sql_column_text (s, 10);
  return r;
}

static void
bind_kit (sqlite3_stmt *s, gconstpointer p)
{
  const TlkKit *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->kit_type);
  tlk_sql_bind_text (s, 3, tlk_kit_state_to_string (r->state));
  tlk_sql_bind_text (s, 4, r->held_from == TLK_KIT_NONE ? NULL : tlk_kit_state_to_string (r->held_from));
  tlk_sql_bind_text (s, 5, r->location);
  tlk_sql_bind_text (s, 6, r->custodian);
  tlk_sql_bind_text (s, 7, r->order);
  sqlite3_bind_text (s, 8, strv_to_json (r->devices), -1, g_free);
  sqlite3_bind_text (s, 9, strv_to_json (r->steps_passed), -1, g_free);
  sqlite3_bind_text (s, 10, strv_to_json (r->missing), -1, g_free);
  tlk_sql_bind_text (s, 11, r->since);
}

/* -1 is NULL. */
static void
bind_flag (sqlite3_stmt *s,
           int           col,
           int           flag)
{
  if (flag < 0)
    sqlite3_bind_null (s, col);
  else
    sqlite3_bind_int (s, col, flag);
}

static gpointer
read_order (sqlite3_stmt *s)
{
  TlkOrder *r = g_new0 (TlkOrder, 1);
  r->id = tlk_sql_column_text (s, 0);
  r->customer = tlk_sql_column_text (s, 1);
  r->case_ref = tlk_sql_column_text (s, 2);
  r->kit_type = tlk_sql_column_text (s, 3);
  r->citizen = tlk_sql_column_text (s, 4);
  r->requested_date = tlk_sql_column_text (s, 5);
  r->priority = tlk_sql_column_text (s, 6);
  r->state = tlk_order_state_from_string ((const char *) sqlite3_column_text (s, 7));
  r->kit = tlk_sql_column_text (s, 8);
  r->installed_at = tlk_sql_column_text (s, 9);
  r->returned_at = tlk_sql_column_text (s, 10);
  r->received_at = tlk_sql_column_text (s, 11);
  r->return_requested_at = tlk_sql_column_text (s, 12);
  r->return_date = tlk_sql_column_text (s, 13);
  r->install_due = tlk_sql_column_text (s, 14);
  r->pickup_due = tlk_sql_column_text (s, 15);
  r->install_late = sqlite3_column_type (s, 16) == SQLITE_NULL ? -1 : sqlite3_column_int (s, 16);
  r->pickup_late = sqlite3_column_type (s, 17) == SQLITE_NULL ? -1 : sqlite3_column_int (s, 17);
  return r;
}

static void
bind_order (sqlite3_stmt *s, gconstpointer p)
{
  const TlkOrder *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->customer);
  tlk_sql_bind_text (s, 3, r->case_ref);
  tlk_sql_bind_text (s, 4, r->kit_type);
  tlk_sql_bind_text (s, 5, r->citizen);
  tlk_sql_bind_text (s, 6, r->requested_date);
  tlk_sql_bind_text (s, 7, r->priority);
  tlk_sql_bind_text (s, 8, tlk_order_state_to_string (r->state));
  tlk_sql_bind_text (s, 9, r->kit);
  tlk_sql_bind_text (s, 10, r->installed_at);
  tlk_sql_bind_text (s, 11, r->returned_at);
  tlk_sql_bind_text (s, 12, r->received_at);
  tlk_sql_bind_text (s, 13, r->return_requested_at);
  tlk_sql_bind_text (s, 14, r->return_date);
  tlk_sql_bind_text (s, 15, r->install_due);
  tlk_sql_bind_text (s, 16, r->pickup_due);
  bind_flag (s, 17, r->install_late);
  bind_flag (s, 18, r->pickup_late);
}

static gpointer
read_stop (sqlite3_stmt *s)
{
  TlkStop *r = g_new0 (TlkStop, 1);
  r->id = tlk_sql_column_text (s, 0);
  r->order = tlk_sql_column_text (s, 1);
  r->kind = tlk_sql_column_text (s, 2);
  r->date = tlk_sql_column_text (s, 3);
  r->seq = sqlite3_column_int (s, 4);
  r->driver = tlk_sql_column_text (s, 5);
  r->state = tlk_stop_state_from_string ((const char *) sqlite3_column_text (s, 6));
  r->failure = tlk_sql_column_text (s, 7);
  r->window = tlk_sql_column_text (s, 8);
  r->kit = tlk_sql_column_text (s, 9);
  r->device = tlk_sql_column_text (s, 10);
  r->done_at = tlk_sql_column_text (s, 11);
  return r;
}

static void
bind_stop (sqlite3_stmt *s, gconstpointer p)
{
  const TlkStop *r = p;
  tlk_sql_bind_text (s, 1, r->id);
  tlk_sql_bind_text (s, 2, r->order);
  tlk_sql_bind_text (s, 3, r->kind);
  tlk_sql_bind_text (s, 4, r->date);
  sqlite3_bind_int (s, 5, r->seq);
  tlk_sql_bind_text (s, 6, r->driver);
  tlk_sql_bind_text (s, 7, tlk_stop_state_to_string (r->state));
  tlk_sql_bind_text (s, 8, r->failure);
  tlk_sql_bind_text (s, 9, r->window);
  tlk_sql_bind_text (s, 10, r->kit);
  tlk_sql_bind_text (s, 11, r->device);
  tlk_sql_bind_text (s, 12, r->done_at);
}

#define COLS_CUSTOMER "id, name, kind, ean, terms"
#define COLS_LOCATION "id, name, kind, parent"
#define COLS_MODEL "id, manufacturer, name, kind, gtin, by_quantity, calibration_months, shelf_life_months, gtins"
#define COLS_KIT_TYPE "id, name, slots, checklist, install_checklist, reorder_at"
#define COLS_USER "id, name, role"
#define COLS_DEVICE "id, model, serial, lot, expiry, calibration_due, state, kit, location"
#define COLS_KIT "id, kit_type, state, held_from, location, custodian, order_id, devices, steps_passed, missing, since"
#define COLS_ORDER "id, customer, case_ref, kit_type, citizen, requested_date, priority, state, kit, installed_at, returned_at, received_at, return_requested_at, return_date, install_due, pickup_due, install_late, pickup_late"
#define COLS_STOP "id, order_id, kind, date, seq, driver, state, failure, time_window, kit, device, done_at"

/* Updating in place (not INSERT OR REPLACE, which deletes and re-inserts the
 * row) writes only the index entries whose columns changed. */
#define SET_CUSTOMER "name = excluded.name, kind = excluded.kind, ean = excluded.ean, terms = excluded.terms"
#define SET_LOCATION "name = excluded.name, kind = excluded.kind, parent = excluded.parent"
#define SET_MODEL "manufacturer = excluded.manufacturer, name = excluded.name, kind = excluded.kind, gtin = excluded.gtin, by_quantity = excluded.by_quantity, calibration_months = excluded.calibration_months, shelf_life_months = excluded.shelf_life_months, gtins = excluded.gtins"
#define SET_KIT_TYPE "name = excluded.name, slots = excluded.slots, checklist = excluded.checklist, install_checklist = excluded.install_checklist, reorder_at = excluded.reorder_at"
#define SET_USER "name = excluded.name, role = excluded.role"
#define SET_DEVICE "model = excluded.model, serial = excluded.serial, lot = excluded.lot, expiry = excluded.expiry, calibration_due = excluded.calibration_due, state = excluded.state, kit = excluded.kit, location = excluded.location"
#define SET_KIT "kit_type = excluded.kit_type, state = excluded.state, held_from = excluded.held_from, location = excluded.location, custodian = excluded.custodian, order_id = excluded.order_id, devices = excluded.devices, steps_passed = excluded.steps_passed, missing = excluded.missing, since = excluded.since"
#define SET_ORDER "customer = excluded.customer, case_ref = excluded.case_ref, kit_type = excluded.kit_type, citizen = excluded.citizen, requested_date = excluded.requested_date, priority = excluded.priority, state = excluded.state, kit = excluded.kit, installed_at = excluded.installed_at, returned_at = excluded.returned_at, received_at = excluded.received_at, return_requested_at = excluded.return_requested_at, return_date = excluded.return_date, install_due = excluded.install_due, pickup_due = excluded.pickup_due, install_late = excluded.install_late, pickup_late = excluded.pickup_late"
#define SET_STOP "order_id = excluded.order_id, kind = excluded.kind, date = excluded.date, seq = excluded.seq, driver = excluded.driver, state = excluded.state, failure = excluded.failure, time_window = excluded.time_window, kit = excluded.kit, device = excluded.device, done_at = excluded.done_at"

#define TABLE(kind_, name, cols, sets, marks, stated, reader, binder, freer)                     \
  [kind_] = { name, cols,                                                                   \
              "SELECT " cols " FROM " name " WHERE id = ?1",                                \
              "SELECT " cols " FROM " name " ORDER BY id",                                  \
              stated ? "SELECT " cols " FROM " name " WHERE state = ?1 ORDER BY id" : NULL, \
              "INSERT INTO " name " (" cols ") VALUES (" marks ")"                          \
              " ON CONFLICT (id) DO UPDATE SET " sets,                                      \
              reader, binder, (GDestroyNotify) freer }

static const Table tables[TLK_SUBJECT_STOP + 1] = {
  TABLE (TLK_SUBJECT_CUSTOMER, "customers", COLS_CUSTOMER, SET_CUSTOMER, "?,?,?,?,?", FALSE,
         read_customer, bind_customer, tlk_customer_free),
  TABLE (TLK_SUBJECT_LOCATION, "locations", COLS_LOCATION, SET_LOCATION, "?,?,?,?", FALSE,
         read_location, bind_location, tlk_location_free),
  TABLE (TLK_SUBJECT_MODEL, "models", COLS_MODEL, SET_MODEL, "?,?,?,?,?,?,?,?,?", FALSE,
         read_model, bind_model, tlk_device_model_free),
  TABLE (TLK_SUBJECT_KIT_TYPE, "kit_types", COLS_KIT_TYPE, SET_KIT_TYPE, "?,?,?,?,?,?", FALSE,
         read_kit_type, bind_kit_type, tlk_kit_type_free),
  TABLE (TLK_SUBJECT_USER, "users", COLS_USER, SET_USER, "?,?,?", FALSE,
         read_user, bind_user, tlk_user_free),
  TABLE (TLK_SUBJECT_DEVICE, "devices", COLS_DEVICE, SET_DEVICE, "?,?,?,?,?,?,?,?,?", TRUE,
         read_device, bind_device, tlk_device_free),
  TABLE (TLK_SUBJECT_KIT, "kits", COLS_KIT, SET_KIT, "?,?,?,?,?,?,?,?,?,?,?", TRUE,
         read_kit, bind_kit, tlk_kit_free),
  TABLE (TLK_SUBJECT_ORDER, "orders", COLS_ORDER, SET_ORDER, "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?", TRUE,
         read_order, bind_order, tlk_order_free),
  TABLE (TLK_SUBJECT_STOP, "stops", COLS_STOP, SET_STOP, "?,?,?,?,?,?,?,?,?,?,?,?", TRUE,
         read_stop, bind_stop, tlk_stop_free),
};

gpointer
tlk_store_load (TlkStore      *store,
                TlkSubjectKind kind,
                const char    *id)
{
  sqlite3_stmt *stmt;
  gpointer record;

  g_return_val_if_fail (store != NULL, NULL);

  if (id == NULL || (stmt = tlk_store_prepare (store, tables[kind].select_by_id, NULL)) == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, id);
  record = sqlite3_step (stmt) == SQLITE_ROW ? tables[kind].read (stmt) : NULL;
  sqlite3_reset (stmt);
  return record;
}

static char *
find_serial_cb (gpointer    user_data,
                const char *model,
                const char *serial)
{
  TlkStore *store = user_data;
  sqlite3_stmt *stmt = tlk_store_prepare (store, "SELECT id FROM devices WHERE model = ?1 AND serial = ?2", NULL);
  char *id;

  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, model);
  tlk_sql_bind_text (stmt, 2, serial);
  id = sqlite3_step (stmt) == SQLITE_ROW ? tlk_sql_column_text (stmt, 0) : NULL;
  sqlite3_reset (stmt);
  return id;
}

static char *
find_gtin_cb (gpointer    user_data,
              const char *gtin)
{
  g_autoptr(TlkDeviceModel) model = tlk_store_find_model_by_gtin (user_data, gtin);

  return model ? g_strdup (model->id) : NULL;
}

static gpointer
load_cb (gpointer       user_data,
         TlkSubjectKind kind,
         const char    *id)
{
  return tlk_store_load (user_data, kind, id);
}

static const TlkWorldBackend store_backend = {
  .load = load_cb,
  .find_serial = find_serial_cb,
  .find_gtin = find_gtin_cb,
};

TlkWorld *
tlk_store_new_world (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return tlk_world_new (&store_backend, store);
}

TlkDeviceModel *
tlk_store_find_model_by_gtin (TlkStore   *store,
                              const char *gtin)
{
  sqlite3_stmt *stmt;
  TlkDeviceModel *model;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (gtin != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " COLS_MODEL " FROM models WHERE gtin = ?1"
                         " OR EXISTS (SELECT 1 FROM json_each (models.gtins) WHERE value = ?1)"
                         " ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, gtin);
  model = sqlite3_step (stmt) == SQLITE_ROW ? read_model (stmt) : NULL;
  sqlite3_reset (stmt);
  return model;
}

static gboolean
save_ready_flow (TlkStore *store,
                 TlkWorld *world,
                 GError  **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, tlk_world_ready_flow (world));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      sqlite3_stmt *stmt;

      if (GPOINTER_TO_INT (value) == 0)
        continue;
      stmt = tlk_store_prepare (store, "INSERT INTO ready_flow (day, kit_type, delta) VALUES (?1, ?2, ?3)"
                                " ON CONFLICT (day, kit_type) DO UPDATE SET delta = delta + excluded.delta", error);
      if (stmt == NULL)
        return FALSE;
      tlk_sql_bind_text (stmt, 1, parts[0]);
      tlk_sql_bind_text (stmt, 2, parts[1]);
      sqlite3_bind_int (stmt, 3, GPOINTER_TO_INT (value));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return tlk_store_sql_error (store, error, _("save a record"));
    }
  return TRUE;
}

static gboolean
save_sla_done (TlkStore *store,
               TlkWorld *world,
               GError  **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, tlk_world_sla_done (world));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 3);
      const int *counts = value;
      sqlite3_stmt *stmt;

      stmt = tlk_store_prepare (store, "INSERT INTO sla_done (month, customer, task, done, late)"
                                " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (month, customer, task)"
                                " DO UPDATE SET done = done + excluded.done, late = late + excluded.late", error);
      if (stmt == NULL)
        return FALSE;
      for (int i = 0; i < 3; i++)
        tlk_sql_bind_text (stmt, i + 1, parts[i]);
      sqlite3_bind_int (stmt, 4, counts[0]);
      sqlite3_bind_int (stmt, 5, counts[1]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return tlk_store_sql_error (store, error, _("save a record"));
    }
  return TRUE;
}

gboolean
tlk_store_save_dirty (TlkStore *store,
            TlkWorld *world,
            GError  **error)
{
  for (int kind = 0; kind <= TLK_SUBJECT_STOP; kind++)
    {
      g_autoptr(GPtrArray) dirty = tlk_world_dirty (world, kind);

      for (guint i = 0; i < dirty->len; i++)
        {
          sqlite3_stmt *stmt = tlk_store_prepare (store, tables[kind].upsert, error);

          if (stmt == NULL)
            return FALSE;
          tables[kind].bind (stmt, g_ptr_array_index (dirty, i));
          if (sqlite3_step (stmt) != SQLITE_DONE)
            return tlk_store_sql_error (store, error, _("save a record"));
        }
    }
  if (!save_ready_flow (store, world, error) || !save_sla_done (store, world, error))
    return FALSE;
  tlk_world_clear_dirty (world);
  return TRUE;
}

/* ---- opening and migrating --------------------------------------------- */

int
tlk_store_schema_version (void)
{
  return tlk_migrations_count ();
}

/* Refuses a foreign SQLite file and one from a newer Telekit. */
static gboolean
check_file (TlkStore *store,
            GError  **error)
{
  gint64 app_id = tlk_store_query_int (store, "PRAGMA application_id", NULL);
  int current = (int) tlk_store_query_int (store, "PRAGMA user_version", NULL);

  if (app_id != TLK_APPLICATION_ID &&
      (current > 0 || tlk_store_query_int (store, "SELECT COUNT(*) FROM sqlite_master", NULL) > 0))
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN,
                   _("%s is not a Telekit database."), store->path);
      return FALSE;
    }
  if (current > tlk_migrations_count ())
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_TOO_NEW,
                   _("The database %s was made by a newer version of Telekit (database version %d; "
                     "this Telekit knows up to %d). Update Telekit to open it; the database was not changed."),
                   store->path, current, tlk_migrations_count ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (TlkStore *store,
         int       target,
         GError  **error)
{
  int current = (int) tlk_store_query_int (store, "PRAGMA user_version", NULL);

  for (int v = current + 1; v <= target; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;"
                                                      "PRAGMA application_id = %d;",
                                                      v, TLK_APPLICATION_ID);

      if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!tlk_store_exec (store, tlk_migrations_get (v), error) ||
          (tlk_migrations_refolds (v) && v > 1 && !tlk_store_rebuild_in_transaction (store, TRUE, error)) ||
          !tlk_store_exec (store, set_version, error) ||
          !tlk_store_exec (store, "COMMIT", error))
        {
          tlk_store_rollback (store);
          g_prefix_error (error, _("Updating the database to version %d failed: "), v);
          return FALSE;
        }
    }
  store->version = MAX (current, target);
  return TRUE;
}

static gboolean
ensure_device_id (TlkStore *store,
                  GError  **error)
{
  sqlite3_stmt *stmt = tlk_store_prepare (store, "SELECT value FROM meta WHERE key = 'device_id'", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      store->device_id = tlk_sql_column_text (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  store->device_id = g_uuid_string_random ();
  stmt = tlk_store_prepare (store, "INSERT INTO meta (key, value) VALUES ('device_id', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, store->device_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("record this computer’s id"));
  return TRUE;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

TlkStore *
tlk_store_open_at_version (const char *path,
                           int         version,
                           GError    **error)
{
  g_autoptr(TlkStore) store = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= tlk_migrations_count (), NULL);

  store = g_new0 (TlkStore, 1);
  store->path = g_strdup (path);
  store->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);

  rc = sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN,
                   _("The database %s could not be opened: %s"), path,
                   store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);

  /* WAL for readers beside the writer; synchronous=FULL so a commit that
   * returned survives a power cut, not just a killed process. */
  /* Reading the header first refuses a file that is not a database, and
   * migrate() refuses foreign and newer ones before anything is changed. */
  if (sqlite3_exec (store->db, "PRAGMA user_version", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_OPEN,
                   _("%s is not a database Telekit can open: %s"), path, sqlite3_errmsg (store->db));
      return NULL;
    }
  if (!check_file (store, error))
    return NULL;
  if (!tlk_store_exec (store, TLK_STORE_PRAGMAS, error))
    return NULL;
  if (!migrate (store, version, error))
    return NULL;
  if (!ensure_device_id (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

TlkStore *
tlk_store_open (const char *path,
                GError    **error)
{
  return tlk_store_open_at_version (path, tlk_migrations_count (), error);
}

gboolean
tlk_store_checkpoint (TlkStore *store,
                      GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
    return tlk_store_sql_error (store, error, _("write its journal back"));
  return TRUE;
}

void
tlk_store_free (TlkStore *store)
{
  if (store == NULL)
    return;
  g_clear_pointer (&store->stmts, g_hash_table_unref);
  /* Leave a short journal behind; a busy one is left for the next time. */
  if (store->db != NULL && store->version > 0)
    sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  if (store->db != NULL)
    sqlite3_close (store->db);
  g_free (store->path);
  g_free (store->device_id);
  g_free (store);
}

int
tlk_store_get_version (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, 0);
  return store->version;
}

const char *
tlk_store_get_path (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->path;
}

const char *
tlk_store_get_device_id (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->device_id;
}

/* ---- writing events ---------------------------------------------------- */

gboolean
tlk_store_insert_event (TlkStore       *store,
                        const TlkEvent *event,
                        GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = tlk_store_prepare (store, "INSERT INTO events (event_id, device_id, device_seq, type, subject, actor,"
                            " occurred_at, server_seq, payload, conflict)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                            error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, event->event_id);
  tlk_sql_bind_text (stmt, 2, event->device_id);
  sqlite3_bind_int64 (stmt, 3, event->device_seq);
  tlk_sql_bind_text (stmt, 4, tlk_event_type_to_string (event->type));
  tlk_sql_bind_text (stmt, 5, event->subject);
  tlk_sql_bind_text (stmt, 6, event->actor);
  tlk_sql_bind_text (stmt, 7, event->occurred_at);
  if (event->server_seq > 0)
    sqlite3_bind_int64 (stmt, 8, event->server_seq);
  sqlite3_bind_text (stmt, 9, tlk_event_payload_to_string (event), -1, g_free);
  tlk_sql_bind_text (stmt, 10, event->conflict);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (store->db) == SQLITE_CONSTRAINT_UNIQUE &&
          strstr (sqlite3_errmsg (store->db), "events.event_id") != NULL)
        {
          g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_DUPLICATE,
                       _("The event %s is already stored."), event->event_id);
          return FALSE;
        }
      return tlk_store_sql_error (store, error, _("store the event"));
    }
  return TRUE;
}

/* Read inside the write transaction: another connection to the same file
 * (another process of this computer) may have written meanwhile. */
static gint64
next_device_seq (TlkStore *store)
{
  return tlk_store_query_int (store, "SELECT COALESCE (MAX (device_seq), 0) + 1 FROM events WHERE device_id = ?1",
                    store->device_id);
}

static gboolean
append_in_transaction (TlkStore  *store,
                       TlkWorld  *world,
                       TlkEvent  *event,
                       gint64    *seq,
                       GError   **error)
{
  if (event->device_id == NULL)
    event->device_id = g_strdup (store->device_id);
  if (event->device_seq == 0 && g_strcmp0 (event->device_id, store->device_id) == 0)
    event->device_seq = (*seq)++;

  if (tlk_store_query_int (store, "SELECT COUNT(*) FROM events WHERE event_id = ?1", event->event_id) > 0)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_DUPLICATE,
                   _("The event %s is already stored."), event->event_id);
      return FALSE;
    }
  if (!tlk_store_check_resolution (store, event, error) || !tlk_world_apply (world, event, error))
    return FALSE;
  return tlk_store_insert_event (store, event, error);
}

/* Applies and writes @events inside the caller's write transaction. On
 * failure the caller rolls back; the device numbers handed out are given
 * back here, since nothing of them will be written. */
gboolean
tlk_store_append_in_transaction (TlkStore  *store,
               GPtrArray *events,
               GError   **error)
{
  g_autoptr(TlkWorld) world = tlk_store_new_world (store);
  g_autofree gboolean *numbered = g_new0 (gboolean, events->len + 1);
  gint64 seq = next_device_seq (store);
  guint i;

  for (i = 0; i < events->len; i++)
    {
      TlkEvent *event = g_ptr_array_index (events, i);

      numbered[i] = event->device_seq == 0;
      if (!append_in_transaction (store, world, event, &seq, error))
        break;
    }
  if (i == events->len && tlk_store_save_dirty (store, world, error))
    return TRUE;

  for (guint j = 0; j < events->len && j <= i; j++)
    if (numbered[j])
      ((TlkEvent *) g_ptr_array_index (events, j))->device_seq = 0;
  return FALSE;
}

gboolean
tlk_store_append_batch (TlkStore  *store,
                        GPtrArray *events,
                        GError   **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!tlk_store_append_in_transaction (store, events, error) || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
tlk_store_append (TlkStore *store,
                  TlkEvent *event,
                  GError  **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  g_ptr_array_add (one, event);
  return tlk_store_append_batch (store, one, error);
}

gboolean
tlk_store_check (TlkStore       *store,
                 const TlkEvent *event,
                 GError        **error)
{
  g_autoptr(TlkWorld) world = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  world = tlk_store_new_world (store);
  return tlk_world_check (world, event, error);
}

/* ---- reading events ---------------------------------------------------- */

TlkEvent *
tlk_store_read_event (sqlite3_stmt *stmt)
{
  TlkEvent *event = g_new0 (TlkEvent, 1);

  event->event_id = tlk_sql_column_text (stmt, 0);
  event->device_id = tlk_sql_column_text (stmt, 1);
  event->device_seq = sqlite3_column_int64 (stmt, 2);
  event->type = tlk_event_type_from_string ((const char *) sqlite3_column_text (stmt, 3));
  event->subject = tlk_sql_column_text (stmt, 4);
  event->actor = tlk_sql_column_text (stmt, 5);
  event->occurred_at = tlk_sql_column_text (stmt, 6);
  event->server_seq = sqlite3_column_int64 (stmt, 7);
  event->payload = json_object_new ();
  tlk_event_set_payload_from_string (event, (const char *) sqlite3_column_text (stmt, 8), NULL);
  event->conflict = tlk_sql_column_text (stmt, 9);
  return event;
}

GPtrArray *
tlk_store_history (TlkStore   *store,
                   const char *subject,
                   GError    **error)
{
  g_autoptr(GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (subject != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " TLK_STORE_EVENT_COLS " FROM events WHERE subject = ?1 ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, subject);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, tlk_store_read_event (stmt));
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the history"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

gboolean
tlk_store_foreach_event (TlkStore  *store,
                         gboolean (*func) (const TlkEvent *event,
                                           gpointer        user_data),
                         gpointer   user_data,
                         GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Not cached: the callback may use the cached statements meanwhile.
   * Local order: confirmed events by server_seq, then pending ones. */
  if (sqlite3_prepare_v2 (store->db,
                          "SELECT " TLK_STORE_EVENT_COLS " FROM events"
                          " ORDER BY server_seq IS NULL, server_seq, seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return tlk_store_sql_error (store, error, _("read the events"));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(TlkEvent) event = tlk_store_read_event (stmt);
      if (!func (event, user_data))
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("read the events"));
  return TRUE;
}

gint64
tlk_store_count_events (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, -1);
  return tlk_store_query_int (store, "SELECT COUNT(*) FROM events", NULL);
}

/* ---- rebuild ----------------------------------------------------------- */

typedef struct
{
  TlkWorld *world;
  gboolean  lenient;
  gint64    cursor;
  GError   *error;
  char     *failed_event;
} RebuildData;

static gboolean
rebuild_one (const TlkEvent *event,
             gpointer        user_data)
{
  RebuildData *data = user_data;
  g_autoptr(GError) error = NULL;

  /* The server stored it without applying it. */
  if (event->conflict != NULL)
    return TRUE;
  if (tlk_world_apply (data->world, event, &error))
    return TRUE;
  /* After a pull put other computers' events first, a pending event of
   * this computer may no longer apply: it stays pending, and the server
   * will store it as a conflict when it is pushed. An acknowledged one
   * past the cursor may depend on events not pulled yet: it is applied
   * when they have come. */
  if (data->lenient && (event->server_seq == 0 || event->server_seq > data->cursor) &&
      error->domain == TLK_RULE_ERROR)
    return TRUE;
  data->error = g_steal_pointer (&error);
  data->failed_event = g_strdup (event->event_id);
  return FALSE;
}

gboolean
tlk_store_rebuild_in_transaction (TlkStore *store,
                                  gboolean  lenient,
                                  GError  **error)
{
  g_autoptr(TlkWorld) world = NULL;
  RebuildData data = { 0 };

  if (!tlk_store_exec (store, "DELETE FROM customers; DELETE FROM locations; DELETE FROM models;"
                       "DELETE FROM kit_types; DELETE FROM users; DELETE FROM devices;"
                       "DELETE FROM kits; DELETE FROM orders; DELETE FROM stops; DELETE FROM ready_flow;"
                       "DELETE FROM sla_done;", error))
    return FALSE;

  /* Everything in memory: the national scale (100,000 kits) fits easily. */
  world = tlk_world_new (NULL, NULL);
  data.world = world;
  data.lenient = lenient;
  data.cursor = lenient ? tlk_store_get_cursor (store) : G_MAXINT64;
  if (!tlk_store_foreach_event (store, rebuild_one, &data, error))
    return FALSE;
  if (data.error != NULL)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_SQL,
                   _("The event %s no longer applies, so the projections were left as they were: %s"),
                   data.failed_event, data.error->message);
      g_clear_error (&data.error);
      g_free (data.failed_event);
      return FALSE;
    }
  return tlk_store_save_dirty (store, world, error);
}

gboolean
tlk_store_rebuild (TlkStore *store,
                   GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!tlk_store_rebuild_in_transaction (store, FALSE, error) || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

char *
tlk_store_dump_projections (TlkStore *store,
                            GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (store != NULL, NULL);

  for (int kind = 0; kind <= TLK_SUBJECT_STOP; kind++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (store->db, tables[kind].select_all, -1, &stmt, NULL) != SQLITE_OK)
        {
          tlk_store_sql_error (store, error, _("read a table"));
          return NULL;
        }
      g_string_append_printf (out, "## %s\n", tables[kind].table);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);
              if (c > 0)
                g_string_append_c (out, '|');
              g_string_append (out, text ? text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      if (rc != SQLITE_DONE)
        {
          tlk_store_sql_error (store, error, _("read a table"));
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- lists ------------------------------------------------------------- */

static GPtrArray *
read_rows (TlkStore      *store,
           sqlite3_stmt  *stmt,
           TlkSubjectKind kind,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (tables[kind].free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, tables[kind].read (stmt));
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read a list"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
tlk_store_list (TlkStore      *store,
                TlkSubjectKind kind,
                const char    *state,
                GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  if (state != NULL && tables[kind].select_by_state != NULL)
    {
      stmt = tlk_store_prepare (store, tables[kind].select_by_state, error);
      if (stmt == NULL)
        return NULL;
      tlk_sql_bind_text (stmt, 1, state);
    }
  else
    {
      stmt = tlk_store_prepare (store, tables[kind].select_all, error);
      if (stmt == NULL)
        return NULL;
    }
  return read_rows (store, stmt, kind, error);
}

GPtrArray *
tlk_store_list_kits (TlkStore   *store,
                     const char *state,
                     const char *kit_type,
                     const char *location,
                     GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " COLS_KIT " FROM kits"
                         " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR kit_type = ?2)"
                         " AND (?3 IS NULL OR location = ?3) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, state);
  tlk_sql_bind_text (stmt, 2, kit_type);
  tlk_sql_bind_text (stmt, 3, location);
  return read_rows (store, stmt, TLK_SUBJECT_KIT, error);
}

GPtrArray *
tlk_store_list_stops (TlkStore   *store,
                      const char *driver,
                      const char *date,
                      GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " COLS_STOP " FROM stops"
                         " WHERE (?1 IS NULL OR driver = ?1) AND (?2 IS NULL OR date = ?2)"
                         " ORDER BY date, driver, seq, id", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, driver);
  tlk_sql_bind_text (stmt, 2, date);
  return read_rows (store, stmt, TLK_SUBJECT_STOP, error);
}

GPtrArray *
tlk_store_list_order_stops (TlkStore   *store,
                            const char *order,
                            GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && order != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " COLS_STOP " FROM stops WHERE order_id = ?1 ORDER BY date, seq, id", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, order);
  return read_rows (store, stmt, TLK_SUBJECT_STOP, error);
}

TlkStop *
tlk_store_open_stop_for_kit (TlkStore   *store,
                             const char *kit,
                             GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && kit != NULL, NULL);

  /* The kit it was planned with, or the order's kit now (exchanged since). */
  stmt = tlk_store_prepare (store, "SELECT " COLS_STOP " FROM stops WHERE state = ?2"
                         " AND (kit = ?1 OR order_id IN (SELECT id FROM orders WHERE kit = ?1))"
                         " ORDER BY date, seq LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, kit);
  tlk_sql_bind_text (stmt, 2, tlk_stop_state_to_string (TLK_STOP_PLANNED));
  if ((rows = read_rows (store, stmt, TLK_SUBJECT_STOP, error)) == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

void
tlk_stock_count_free (TlkStockCount *count)
{
  if (count == NULL)
    return;
  g_free (count->kit_type);
  g_free (count->state);
  g_free (count->location);
  g_free (count);
}

GPtrArray *
tlk_store_stock_counts (TlkStore *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT kit_type, state, location, COUNT(*) FROM kits"
                         " GROUP BY kit_type, state, location ORDER BY kit_type, state, location", error);
  if (stmt == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_stock_count_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkStockCount *c = g_new0 (TlkStockCount, 1);
      c->kit_type = tlk_sql_column_text (stmt, 0);
      c->state = tlk_sql_column_text (stmt, 1);
      c->location = tlk_sql_column_text (stmt, 2);
      c->count = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, c);
    }
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("count the stock"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* ---- personal data ----------------------------------------------------- */

void
tlk_citizen_free (TlkCitizen *citizen)
{
  if (citizen == NULL)
    return;
  g_free (citizen->id);
  g_free (citizen->name);
  g_free (citizen->address);
  g_free (citizen->phone);
  g_free (citizen->access_notes);
  g_free (citizen);
}

gboolean
tlk_store_log_access (TlkStore   *store,
            const char *actor,
            const char *citizen,
            const char *action,
            const char *reason,
            GError    **error)
{
  g_autofree char *now = tlk_time_now_iso ();
  sqlite3_stmt *stmt = tlk_store_prepare (store, "INSERT INTO personal_access_log (at, actor, citizen, action, reason)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, now);
  tlk_sql_bind_text (stmt, 2, actor);
  tlk_sql_bind_text (stmt, 3, citizen);
  tlk_sql_bind_text (stmt, 4, action);
  tlk_sql_bind_text (stmt, 5, reason);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("log the access to personal data"));
  return TRUE;
}

/* Checks and writes @citizen inside the caller's transaction. */
gboolean
tlk_store_write_citizen (TlkStore         *store,
                         const TlkCitizen *citizen,
                         const char       *actor,
                         const char       *reason,
                         const char       *keep_until,
                         GError          **error)
{
  g_autofree char *now = tlk_time_now_iso ();
  sqlite3_stmt *stmt;

  if (citizen->name == NULL || *citizen->name == '\0')
    {
      g_set_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_EMPTY, _("The citizen’s name is missing."));
      return FALSE;
    }
  if (!tlk_text_check_free (_("name"), citizen->name, error) ||
      !tlk_text_check_free (_("address"), citizen->address, error) ||
      !tlk_text_check_free (_("phone"), citizen->phone, error) ||
      !tlk_text_check_free (_("access notes"), citizen->access_notes, error))
    return FALSE;

  /* Written here (no keep time): the server gets it at the next sync. */
  stmt = tlk_store_prepare (store, "INSERT OR REPLACE INTO citizens (id, name, address, phone, access_notes, updated_at,"
                            " unsent, keep_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7 IS NULL, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, citizen->id);
  tlk_sql_bind_text (stmt, 2, citizen->name);
  tlk_sql_bind_text (stmt, 3, citizen->address);
  tlk_sql_bind_text (stmt, 4, citizen->phone);
  tlk_sql_bind_text (stmt, 5, citizen->access_notes);
  tlk_sql_bind_text (stmt, 6, now);
  tlk_sql_bind_text (stmt, 7, keep_until);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("save the citizen"));
  return tlk_store_log_access (store, actor, citizen->id, "write", reason, error);
}

gboolean
tlk_store_put_citizen (TlkStore         *store,
                       const TlkCitizen *citizen,
                       const char       *actor,
                       const char       *reason,
                       GError          **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (citizen != NULL && citizen->id != NULL, FALSE);
  g_return_val_if_fail (actor != NULL && reason != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!tlk_store_write_citizen (store, citizen, actor, reason, NULL, error) || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

TlkCitizen *
tlk_store_get_citizen (TlkStore   *store,
                       const char *id,
                       const char *actor,
                       const char *reason,
                       GError    **error)
{
  g_autoptr(TlkCitizen) citizen = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (id != NULL && actor != NULL && reason != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT id, name, address, phone, access_notes FROM citizens WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND,
                   _("There are no personal details for this citizen on this computer."));
      return NULL;
    }
  citizen = g_new0 (TlkCitizen, 1);
  citizen->id = tlk_sql_column_text (stmt, 0);
  citizen->name = tlk_sql_column_text (stmt, 1);
  citizen->address = tlk_sql_column_text (stmt, 2);
  citizen->phone = tlk_sql_column_text (stmt, 3);
  citizen->access_notes = tlk_sql_column_text (stmt, 4);
  sqlite3_reset (stmt);
  if (!tlk_store_log_access (store, actor, id, "read", reason, error))
    return NULL;
  return g_steal_pointer (&citizen);
}

/* ---- demo data --------------------------------------------------------- */

#define DEMO_BATCH 10000

typedef struct
{
  TlkStore  *store;
  GPtrArray *events;
  GPtrArray *citizens;
  guint64    count;
} DemoLoad;

/* One transaction per batch: the citizens and the events that name them. */
static gboolean
flush_demo (DemoLoad *load,
            GError  **error)
{
  TlkStore *store = load->store;

  if (load->events->len == 0 && load->citizens->len == 0)
    return TRUE;
  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < load->citizens->len; i++)
    if (!tlk_store_write_citizen (store, g_ptr_array_index (load->citizens, i), "admin", "demo data", NULL, error))
      {
        tlk_store_rollback (store);
        return FALSE;
      }
  if (!tlk_store_append_in_transaction (store, load->events, error) || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return FALSE;
    }
  g_ptr_array_set_size (load->citizens, 0);
  g_ptr_array_set_size (load->events, 0);
  return TRUE;
}

static gboolean
demo_event_cb (TlkEvent *event,
               gpointer  user_data,
               GError  **error)
{
  DemoLoad *load = user_data;

  g_ptr_array_add (load->events, event);
  load->count++;
  return load->events->len < DEMO_BATCH || flush_demo (load, error);
}

static gboolean
demo_citizen_cb (const char *id,
                 const char *name,
                 const char *address,
                 const char *phone,
                 const char *access_notes,
                 gpointer    user_data,
                 GError    **error)
{
  DemoLoad *load = user_data;
  TlkCitizen *citizen = g_new0 (TlkCitizen, 1);

  citizen->id = g_strdup (id);
  citizen->name = g_strdup (name);
  citizen->address = g_strdup (address);
  citizen->phone = g_strdup (phone);
  citizen->access_notes = g_strdup (access_notes);
  g_ptr_array_add (load->citizens, citizen);
  return TRUE;
}

gboolean
tlk_store_load_demo (TlkStore             *store,
                     const TlkDemoOptions *options,
                     guint64              *n_events,
                     GError              **error)
{
  DemoLoad load = { 0 };
  TlkDemoSink sink = { demo_event_cb, demo_citizen_cb, &load };
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (tlk_store_count_events (store) > 0)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_EMPTY,
                   _("The database %s already holds data; demo data goes into a new database."), store->path);
      return FALSE;
    }

  load.store = store;
  load.events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  load.citizens = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_citizen_free);
  ok = tlk_demo_generate (options, &sink, error) && flush_demo (&load, error);
  g_ptr_array_unref (load.events);
  g_ptr_array_unref (load.citizens);
  if (ok && n_events != NULL)
    *n_events = load.count;
  return ok;
}
