/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-routes.h"

#include <glib/gi18n-lib.h>

#include "tlk-store-private.h"

void
tlk_kit_suggestion_free (TlkKitSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->kit);
  g_free (suggestion->good_until);
  g_free (suggestion);
}

/* Candidates are read a few at a time past @limit: a ready kit is complete
 * by the release rule, so only one whose devices run out before the order's
 * date is passed over. */
#define CANDIDATES_PER_PLACE 4

GPtrArray *
tlk_store_suggest_kits (TlkStore   *store,
                        const char *order_id,
                        guint       limit,
                        GError    **error)
{
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_suggestion_free);
  g_autoptr(TlkOrder) order = NULL;
  g_autoptr(TlkWorld) world = NULL;
  g_autofree char *today = tlk_date_today_iso ();
  const char *until;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL && order_id != NULL && limit > 0, NULL);

  if ((order = tlk_store_load (store, TLK_SUBJECT_ORDER, order_id)) == NULL)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND, _("The order %s is not registered."), order_id);
      return NULL;
    }
  until = order->requested_date != NULL && strcmp (order->requested_date, today) > 0 ? order->requested_date : today;

  /* The SQL form of tlk_world_kit_good_until(): the earliest expiry or
   * calibration date of the kit's devices; '9999-12-31' for none. */
  stmt = tlk_store_prepare (store,
                            "SELECT k.id, MIN (MIN (COALESCE (d.expiry, '9999-12-31'),"
                            "                       COALESCE (d.calibration_due, '9999-12-31'))) AS good_until"
                            " FROM kits k JOIN devices d ON d.kit = k.id"
                            " WHERE k.state = ?1 AND k.kit_type = ?2"
                            " GROUP BY k.id ORDER BY good_until DESC, k.id LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, tlk_kit_state_to_string (TLK_KIT_READY));
  tlk_sql_bind_text (stmt, 2, order->kit_type);
  sqlite3_bind_int (stmt, 3, (int) (limit * CANDIDATES_PER_PLACE));

  world = tlk_store_new_world (store);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && suggestions->len < limit)
    {
      g_autofree char *id = tlk_sql_column_text (stmt, 0);
      TlkKit *kit = tlk_world_kit (world, id);
      g_autoptr(GPtrArray) problems = kit != NULL ? tlk_world_kit_problems (world, kit, until) : NULL;
      TlkKitSuggestion *s;

      if (problems == NULL || problems->len > 0)
        continue;
      s = g_new0 (TlkKitSuggestion, 1);
      s->kit = g_steal_pointer (&id);
      s->good_until = tlk_world_kit_good_until (world, kit);
      g_ptr_array_add (suggestions, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the kits"));
      return NULL;
    }
  return g_steal_pointer (&suggestions);
}

char *
tlk_store_driver_vehicle (TlkStore   *store,
                          const char *driver,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  char *vehicle = NULL;
  int rc;

  g_return_val_if_fail (store != NULL && driver != NULL, NULL);

  stmt = tlk_store_prepare (store,
                            "SELECT location FROM kits WHERE custodian = ?1 AND state = ?2 AND location IS NOT NULL"
                            " LIMIT 1",
                            error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, driver);
  tlk_sql_bind_text (stmt, 2, tlk_kit_state_to_string (TLK_KIT_OUT));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    vehicle = tlk_sql_column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    tlk_store_sql_error (store, error, _("read the kits"));
  sqlite3_reset (stmt);
  return vehicle;
}

int
tlk_store_next_stop_seq (TlkStore   *store,
                         const char *driver,
                         const char *date,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  int seq = 1;

  g_return_val_if_fail (store != NULL && driver != NULL && date != NULL, 0);

  stmt = tlk_store_prepare (store, "SELECT COALESCE (MAX (seq), 0) + 1 FROM stops WHERE driver = ?1 AND date = ?2",
                            error);
  if (stmt == NULL)
    return 0;
  tlk_sql_bind_text (stmt, 1, driver);
  tlk_sql_bind_text (stmt, 2, date);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int (stmt, 0);
  else
    seq = (tlk_store_sql_error (store, error, _("read the route")), 0);
  sqlite3_reset (stmt);
  return seq;
}

/* The citizen a stop is about: proofs are logged under them. */
static char *
stop_citizen (TlkStore   *store,
              const char *stop,
              GError    **error)
{
  sqlite3_stmt *stmt;
  char *citizen = NULL;

  stmt = tlk_store_prepare (store, "SELECT o.citizen FROM stops s JOIN orders o ON o.id = s.order_id WHERE s.id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, stop);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    citizen = tlk_sql_column_text (stmt, 0);
  else
    g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND, _("The stop %s is not registered."), stop);
  sqlite3_reset (stmt);
  return citizen;
}

gboolean
tlk_store_put_proof (TlkStore       *store,
                     const TlkProof *proof,
                     const char     *actor,
                     gboolean        unsent,
                     GError        **error)
{
  g_autofree char *citizen = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && proof != NULL && actor != NULL, FALSE);

  if (!tlk_proof_check (proof, error))
    return FALSE;
  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if ((citizen = stop_citizen (store, proof->stop, error)) == NULL)
    goto fail;
  stmt = tlk_store_prepare (store, "INSERT OR REPLACE INTO proofs (stop, recipient, signature, signed_at, unsent)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  tlk_sql_bind_text (stmt, 1, proof->stop);
  tlk_sql_bind_text (stmt, 2, proof->recipient);
  tlk_sql_bind_text (stmt, 3, proof->signature);
  tlk_sql_bind_text (stmt, 4, proof->signed_at);
  sqlite3_bind_int (stmt, 5, unsent);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("save the signature"));
      goto fail;
    }
  if (!tlk_store_log_access (store, actor, citizen, "write", "proof of delivery", error) ||
      !tlk_store_exec (store, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  tlk_store_rollback (store);
  return FALSE;
}

/* Reads one proof and logs the read, inside the caller's transaction. */
static TlkProof *
read_proof (TlkStore   *store,
            const char *stop,
            const char *actor,
            const char *reason,
            GError    **error)
{
  g_autoptr(TlkProof) proof = NULL;
  g_autofree char *citizen = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tlk_store_prepare (store, "SELECT recipient, signature, signed_at FROM proofs WHERE stop = ?1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, stop);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      proof = g_new0 (TlkProof, 1);
      proof->stop = g_strdup (stop);
      proof->recipient = tlk_sql_column_text (stmt, 0);
      proof->signature = tlk_sql_column_text (stmt, 1);
      proof->signed_at = tlk_sql_column_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return (tlk_store_sql_error (store, error, _("read the signature")), NULL);
  if (proof == NULL)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND, _("Stop %s has no signature here."), stop);
      return NULL;
    }
  if ((citizen = stop_citizen (store, stop, error)) == NULL ||
      !tlk_store_log_access (store, actor, citizen, "read", reason, error))
    return NULL;
  return g_steal_pointer (&proof);
}

TlkProof *
tlk_store_get_proof (TlkStore   *store,
                     const char *stop,
                     const char *actor,
                     const char *reason,
                     GError    **error)
{
  g_autoptr(TlkProof) proof = NULL;

  g_return_val_if_fail (store != NULL && stop != NULL && actor != NULL && reason != NULL, NULL);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  if ((proof = read_proof (store, stop, actor, reason, error)) == NULL || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&proof);
}

GPtrArray *
tlk_store_unsent_proofs (TlkStore   *store,
                         const char *actor,
                         GError    **error)
{
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GPtrArray) proofs = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_proof_free);
  gboolean ok;

  g_return_val_if_fail (store != NULL && actor != NULL, NULL);

  /* One transaction: the reads and their log lines together. */
  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  ok = (stops = tlk_store_query_texts (store, "SELECT stop FROM proofs WHERE unsent = 1 ORDER BY rowid", error)) != NULL;
  for (guint i = 0; ok && i < stops->len; i++)
    {
      TlkProof *proof = read_proof (store, g_ptr_array_index (stops, i), actor, "sent to the server", error);

      if ((ok = proof != NULL))
        g_ptr_array_add (proofs, proof);
    }
  if (!ok || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&proofs);
}

gboolean
tlk_store_forget_proof (TlkStore   *store,
                        const char *stop,
                        GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && stop != NULL, FALSE);

  stmt = tlk_store_prepare (store, "DELETE FROM proofs WHERE stop = ?1", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, stop);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return tlk_store_sql_error (store, error, _("erase the signature"));
    }
  sqlite3_reset (stmt);
  return tlk_store_empty_journal (store, error);
}
