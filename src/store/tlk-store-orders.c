/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-orders.h"

#include <glib/gi18n-lib.h>

#include "tlk-store-private.h"
#include "tlk-store-sync.h"

typedef struct
{
  GPtrArray *customers;
  GPtrArray *kit_types;
} Catalog;

static void
catalog_clear (Catalog *catalog)
{
  g_clear_pointer (&catalog->customers, g_ptr_array_unref);
  g_clear_pointer (&catalog->kit_types, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Catalog, catalog_clear)

static gboolean
catalog_load (TlkStore *store,
              Catalog  *catalog,
              GError  **error)
{
  catalog->customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, error);
  if (catalog->customers == NULL)
    return FALSE;
  catalog->kit_types = tlk_store_list (store, TLK_SUBJECT_KIT_TYPE, NULL, error);
  return catalog->kit_types != NULL;
}

/* Drops repeats within @drafts and drafts whose customer already has an
 * order with that case reference, with a problem each naming @column. */
static gboolean
drop_known_orders (TlkStore   *store,
                   GPtrArray  *drafts,
                   GPtrArray  *problems,
                   const char *column,
                   GError    **error)
{
  sqlite3_stmt *stmt;

  tlk_order_drop_repeats (drafts, problems, column);
  stmt = tlk_store_prepare (store, "SELECT 1 FROM orders WHERE customer = ?1 AND case_ref = ?2", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < drafts->len;)
    {
      TlkOrderDraft *d = g_ptr_array_index (drafts, i);
      int rc;

      tlk_sql_bind_text (stmt, 1, d->customer);
      tlk_sql_bind_text (stmt, 2, d->case_ref);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tlk_store_sql_error (store, error, _("read the orders"));
      if (rc == SQLITE_ROW)
        {
          TlkOrderProblem *problem = g_new0 (TlkOrderProblem, 1);

          problem->line = d->line;
          problem->column = g_strdup (column);
          problem->message = g_strdup_printf (_("The customer already has an order with the case reference “%s”."),
                                              d->case_ref);
          g_ptr_array_add (problems, problem);
          g_ptr_array_remove_index (drafts, i);
          continue;
        }
      i++;
    }
  tlk_order_problems_sort (problems);
  return TRUE;
}

GPtrArray *
tlk_store_read_orders_csv (TlkStore   *store,
                           const char *data,
                           gsize       length,
                           GPtrArray  *problems,
                           guint      *n_rows,
                           GError    **error)
{
  g_auto(Catalog) catalog = { 0 };
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *column = NULL;

  g_return_val_if_fail (store != NULL && problems != NULL, NULL);

  if (!catalog_load (store, &catalog, error))
    return NULL;
  drafts = tlk_order_read_csv (data, length, catalog.customers, catalog.kit_types, problems, n_rows, &column, error);
  if (drafts == NULL || !drop_known_orders (store, drafts, problems, column, error))
    return NULL;
  return g_steal_pointer (&drafts);
}

GPtrArray *
tlk_store_check_orders (TlkStore           *store,
                        const char *const **rows,
                        guint               n_rows,
                        GPtrArray          *problems,
                        GError            **error)
{
  g_auto(Catalog) catalog = { 0 };
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_draft_free);

  g_return_val_if_fail (store != NULL && (rows != NULL || n_rows == 0) && problems != NULL, NULL);

  if (!catalog_load (store, &catalog, error))
    return NULL;
  for (guint i = 0; i < n_rows; i++)
    {
      TlkOrderDraft *draft = tlk_order_draft_check (rows[i], NULL, i + 1, catalog.customers, catalog.kit_types,
                                                    problems);

      if (draft != NULL)
        g_ptr_array_add (drafts, draft);
    }
  if (!drop_known_orders (store, drafts, problems, tlk_order_field_name (TLK_ORDER_FIELD_CASE_REF), error))
    return NULL;
  return g_steal_pointer (&drafts);
}

GPtrArray *
tlk_store_add_orders (TlkStore   *store,
                      GPtrArray  *drafts,
                      const char *actor,
                      const char *reason,
                      gboolean    server,
                      GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL && drafts != NULL && actor != NULL && reason != NULL, NULL);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  for (guint i = 0; ok && i < drafts->len; i++)
    {
      const TlkOrderDraft *d = g_ptr_array_index (drafts, i);
      g_autofree char *order_uuid = tlk_uuid_new (NULL);
      g_autofree char *citizen_uuid = tlk_uuid_new (NULL);
      g_autofree char *order_id = g_strconcat ("o-", order_uuid, NULL);
      g_autofree char *citizen_id = g_strconcat ("c-", citizen_uuid, NULL);
      TlkCitizen citizen = { citizen_id, d->name, d->address, d->phone, d->access_notes };
      ok = tlk_store_write_citizen (store, &citizen, actor, reason, NULL, error);
      g_ptr_array_add (events, tlk_order_draft_to_event (d, order_id, citizen_id, actor));
      g_ptr_array_add (ids, g_steal_pointer (&order_id));
    }
  if (ok && server)
    {
      g_autoptr(GPtrArray) results = tlk_store_accept_in_transaction (store, events, error);

      ok = results != NULL;
      for (guint i = 0; ok && i < results->len; i++)
        {
          TlkPushResult *r = g_ptr_array_index (results, i);

          /* Checked against this very database a moment ago. */
          if (r->reason != NULL)
            {
              g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_SQL, _("The order could not be stored: %s"),
                           r->reason);
              ok = FALSE;
            }
        }
    }
  else if (ok)
    ok = tlk_store_append_in_transaction (store, events, error);
  if (!ok || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
