/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-inventory.h"

#include <glib/gi18n-lib.h>

#include "tlk-store-private.h"

/* Reads every row of @stmt into a table of @n_columns text columns. */
static TlkTable *
read_table (TlkStore                 *store,
            sqlite3_stmt             *stmt,
            guint                     n_columns,
            const TlkTableColumnKind *kinds,
            const char               *what,
            GError                  **error)
{
  g_autoptr(TlkTable) table = tlk_table_new (n_columns, kinds);
  g_autofree const char **values = g_new0 (const char *, n_columns);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint c = 0; c < n_columns; c++)
        values[c] = (const char *) sqlite3_column_text (stmt, (int) c);
      tlk_table_add_row (table, values);
    }
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, what);
      return NULL;
    }
  sqlite3_reset (stmt);
  tlk_table_freeze (table);
  return g_steal_pointer (&table);
}

TlkTable *
tlk_store_kit_table (TlkStore *store,
                     GError  **error)
{
  static const TlkTableColumnKind kinds[TLK_KIT_N_COLUMNS] = {
    [TLK_KIT_COLUMN_CODE] = TLK_TABLE_TEXT,
    [TLK_KIT_COLUMN_KIT_TYPE] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_KIT_TYPE_NAME] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_STATE] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_LOCATION] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_LOCATION_NAME] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_CUSTODIAN] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_CUSTOMER] = TLK_TABLE_DICTIONARY,
    [TLK_KIT_COLUMN_CUSTOMER_NAME] = TLK_TABLE_DICTIONARY,
  };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT k.id, k.kit_type, t.name, k.state, k.location, l.name,"
                         " COALESCE(u.name, k.custodian), o.customer, c.name FROM kits k"
                         " LEFT JOIN kit_types t ON t.id = k.kit_type"
                         " LEFT JOIN locations l ON l.id = k.location"
                         " LEFT JOIN users u ON u.id = k.custodian"
                         " LEFT JOIN orders o ON o.id = k.order_id"
                         " LEFT JOIN customers c ON c.id = o.customer"
                         " ORDER BY k.id", error);
  if (stmt == NULL)
    return NULL;
  return read_table (store, stmt, TLK_KIT_N_COLUMNS, kinds, _("read the inventory"), error);
}

TlkTable *
tlk_store_device_table (TlkStore *store,
                        GError  **error)
{
  static const TlkTableColumnKind kinds[TLK_DEVICE_N_COLUMNS] = {
    [TLK_DEVICE_COLUMN_CODE] = TLK_TABLE_TEXT,
    [TLK_DEVICE_COLUMN_MODEL] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_MODEL_NAME] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_SERIAL] = TLK_TABLE_TEXT,
    [TLK_DEVICE_COLUMN_LOT] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_EXPIRY] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_CALIBRATION_DUE] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_STATE] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_KIT] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_LOCATION] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_LOCATION_NAME] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_CUSTODIAN] = TLK_TABLE_DICTIONARY,
    [TLK_DEVICE_COLUMN_KIT_STATE] = TLK_TABLE_DICTIONARY,
  };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT d.id, d.model, m.manufacturer || ' ' || m.name, d.serial, d.lot,"
                         " d.expiry, d.calibration_due, d.state, d.kit, COALESCE(d.location, k.location), l.name,"
                         " COALESCE(u.name, k.custodian), k.state FROM devices d"
                         " LEFT JOIN models m ON m.id = d.model"
                         " LEFT JOIN kits k ON k.id = d.kit"
                         " LEFT JOIN locations l ON l.id = COALESCE(d.location, k.location)"
                         " LEFT JOIN users u ON u.id = k.custodian"
                         " ORDER BY d.id", error);
  if (stmt == NULL)
    return NULL;
  return read_table (store, stmt, TLK_DEVICE_N_COLUMNS, kinds, _("read the devices"), error);
}

static void
add_by_id (GHashTable *by_id,
           GPtrArray  *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      TlkEvent *e = g_ptr_array_index (events, i);
      g_hash_table_insert (by_id, e->event_id, e);
    }
}

GPtrArray *
tlk_store_device_history (TlkStore   *store,
                          const char *code,
                          GError    **error)
{
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) of_kit = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autofree char *kit = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT kit FROM devices WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kit = tlk_sql_column_text (stmt, 0);
  sqlite3_reset (stmt);

  /* The events themselves come from tlk_store_history(); this query only
   * picks the kit's events that name the device, in log order. */
  if ((own = tlk_store_history (store, code, error)) == NULL)
    return NULL;
  if (kit != NULL && (of_kit = tlk_store_history (store, kit, error)) == NULL)
    return NULL;
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  add_by_id (by_id, own);
  if (of_kit != NULL)
    add_by_id (by_id, of_kit);

  stmt = tlk_store_prepare (store, "SELECT event_id FROM events WHERE subject = ?1"
                         " OR (subject = ?2 AND instr(payload, ?1) > 0) ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, code);
  tlk_sql_bind_text (stmt, 2, kit);
  history = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkEvent *e = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));

      if (e != NULL)
        g_ptr_array_add (history, tlk_event_copy (e));
    }
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the history"));
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&history);
}
