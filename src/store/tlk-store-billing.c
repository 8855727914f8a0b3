/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-billing.h"

#include <glib/gi18n-lib.h>

#include "tlk-store-private.h"

/*
 * The times compared here are the writing computer's clock as it wrote them
 * (ISO 8601, with or without fractions of a second, in UTC or with an
 * offset), so comparing them as text with the month's bounds is exact only
 * for one of those forms: 23:00:00.5Z sorts before 23:00:00Z. The query
 * therefore reaches a day beyond the month on either side, and
 * tlk_billing_compute() keeps what falls in the month by the Danish date.
 */
static char *
widen (const char *iso,
       int         days)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) moved = g_date_time_add_days (time, days);

  return g_date_time_format (moved, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
read_stays (TlkStore   *store,
            const char *from,
            const char *to,
            GPtrArray  *stays,
            GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tlk_store_prepare (store,
                            "SELECT id, customer, kit_type, installed_at, returned_at FROM orders"
                            " WHERE installed_at IS NOT NULL AND installed_at < ?2"
                            " AND (returned_at IS NULL OR returned_at >= ?1)"
                            " ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, from);
  tlk_sql_bind_text (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkBillingStay *stay = g_new0 (TlkBillingStay, 1);

      stay->order = tlk_sql_column_text (stmt, 0);
      stay->customer = tlk_sql_column_text (stmt, 1);
      stay->kit_type = tlk_sql_column_text (stmt, 2);
      stay->installed_at = tlk_sql_column_text (stmt, 3);
      stay->returned_at = tlk_sql_column_text (stmt, 4);
      g_ptr_array_add (stays, stay);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("read the orders"));
  return TRUE;
}

static gboolean
read_tasks (TlkStore   *store,
            const char *from,
            const char *to,
            GPtrArray  *tasks,
            GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tlk_store_prepare (store,
                            "SELECT s.id, s.order_id, o.customer, s.kind, s.state = ?3, o.priority = ?4, s.done_at"
                            " FROM stops s JOIN orders o ON o.id = s.order_id"
                            " WHERE s.done_at IS NOT NULL AND s.done_at >= ?1 AND s.done_at < ?2"
                            " AND s.state IN (?3, ?5)"
                            " ORDER BY s.done_at, s.id", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, from);
  tlk_sql_bind_text (stmt, 2, to);
  tlk_sql_bind_text (stmt, 3, tlk_stop_state_to_string (TLK_STOP_FAILED));
  tlk_sql_bind_text (stmt, 4, "urgent");
  tlk_sql_bind_text (stmt, 5, tlk_stop_state_to_string (TLK_STOP_DONE));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkBillingTask *task = g_new0 (TlkBillingTask, 1);

      task->stop = tlk_sql_column_text (stmt, 0);
      task->order = tlk_sql_column_text (stmt, 1);
      task->customer = tlk_sql_column_text (stmt, 2);
      task->kind = tlk_sql_column_text (stmt, 3);
      task->failed = sqlite3_column_int (stmt, 4) != 0;
      task->urgent = sqlite3_column_int (stmt, 5) != 0;
      task->done_at = tlk_sql_column_text (stmt, 6);
      g_ptr_array_add (tasks, task);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("read the stops"));
  return TRUE;
}

TlkBilling *
tlk_store_billing_basis (TlkStore   *store,
                         const char *month,
                         GError    **error)
{
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) kit_types = NULL;
  g_autoptr(GPtrArray) stays = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_stay_free);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_task_free);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean ok;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (tlk_month_is_valid (month), NULL);

  tlk_billing_month_bounds (month, &start, &end);
  g_return_val_if_fail (start != NULL && end != NULL, NULL);
  from = widen (start, -1);
  to = widen (end, 1);

  /* One snapshot: a sync landing meanwhile changes all of it or none. */
  if (!tlk_store_exec (store, "BEGIN", error))
    return NULL;
  ok = (customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, error)) != NULL &&
       (kit_types = tlk_store_list (store, TLK_SUBJECT_KIT_TYPE, NULL, error)) != NULL &&
       read_stays (store, from, to, stays, error) &&
       read_tasks (store, from, to, tasks, error);
  if (!ok || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return NULL;
    }
  return tlk_billing_compute (month, customers, kit_types, stays, tasks);
}
