/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-server.h"

#include <glib/gi18n-lib.h>

#include "tlk-entities.h"
#include "tlk-store-private.h"

void
tlk_token_info_free (TlkTokenInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->user);
  g_free (info->device_id);
  g_free (info->role);
  g_free (info->expires_at);
  g_free (info->revoked_at);
  g_free (info);
}

void
tlk_access_log_entry_free (TlkAccessLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->actor);
  g_free (entry->citizen);
  g_free (entry->action);
  g_free (entry->reason);
  g_free (entry);
}

/* Runs a cached statement that returns no rows, in autocommit or inside
 * the caller's transaction. */
static gboolean
step_done (TlkStore     *store,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  return TRUE;
}

/* ---- accounts ---------------------------------------------------------- */

gboolean
tlk_store_account_exists (TlkStore   *store,
                          const char *user)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  return tlk_store_query_int (store, "SELECT COUNT(*) FROM accounts WHERE user_id = ?1", user) > 0;
}

gboolean
tlk_store_account_add (TlkStore   *store,
                       const char *user,
                       const char *password_hash,
                       const char *now,
                       GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user != NULL && password_hash != NULL && now != NULL, FALSE);

  if (tlk_store_account_exists (store, user))
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_DUPLICATE,
                   _("The user %s has an account already."), user);
      return FALSE;
    }
  stmt = tlk_store_prepare (store, "INSERT INTO accounts (user_id, password_hash, created_at) VALUES (?1, ?2, ?3)",
                            error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, user);
  tlk_sql_bind_text (stmt, 2, password_hash);
  tlk_sql_bind_text (stmt, 3, now);
  return step_done (store, stmt, _("save the account"), error);
}

static gboolean
revoke_user_tokens (TlkStore   *store,
                    const char *user,
                    const char *now,
                    guint      *n_revoked,
                    GError    **error)
{
  sqlite3_stmt *stmt = tlk_store_prepare (store, "UPDATE tokens SET revoked_at = ?2"
                                                 " WHERE user_id = ?1 AND revoked_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, user);
  tlk_sql_bind_text (stmt, 2, now);
  if (!step_done (store, stmt, _("revoke the sign-ins"), error))
    return FALSE;
  if (n_revoked != NULL)
    *n_revoked = (guint) sqlite3_changes (store->db);
  return TRUE;
}

gboolean
tlk_store_account_set_password (TlkStore   *store,
                                const char *user,
                                const char *password_hash,
                                const char *now,
                                GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user != NULL && password_hash != NULL && now != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = tlk_store_prepare (store, "UPDATE accounts SET password_hash = ?2 WHERE user_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  tlk_sql_bind_text (stmt, 1, user);
  tlk_sql_bind_text (stmt, 2, password_hash);
  if (!step_done (store, stmt, _("save the account"), error))
    goto fail;
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND, _("The user %s has no account."), user);
      goto fail;
    }
  /* Whoever knew the old password may hold a token: end those sign-ins. */
  if (!revoke_user_tokens (store, user, now, NULL, error) || !tlk_store_exec (store, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  tlk_store_rollback (store);
  return FALSE;
}

char *
tlk_store_account_password (TlkStore   *store,
                            const char *user,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  char *hash = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT password_hash FROM accounts WHERE user_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, user);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    hash = tlk_sql_column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    tlk_store_sql_error (store, error, _("read the account"));
  sqlite3_reset (stmt);
  return hash;
}

char *
tlk_store_user_role (TlkStore   *store,
                     const char *user)
{
  sqlite3_stmt *stmt;
  char *role = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT role FROM users WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, user);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    role = tlk_sql_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return role;
}

/* ---- tokens ------------------------------------------------------------ */

gboolean
tlk_store_token_add (TlkStore   *store,
                     const char *token_hash,
                     const char *user,
                     const char *device_id,
                     const char *created_at,
                     const char *expires_at,
                     GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL && user != NULL && device_id != NULL, FALSE);
  g_return_val_if_fail (created_at != NULL && expires_at != NULL, FALSE);

  stmt = tlk_store_prepare (store, "INSERT INTO tokens (token_hash, user_id, device_id, created_at, expires_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, token_hash);
  tlk_sql_bind_text (stmt, 2, user);
  tlk_sql_bind_text (stmt, 3, device_id);
  tlk_sql_bind_text (stmt, 4, created_at);
  tlk_sql_bind_text (stmt, 5, expires_at);
  return step_done (store, stmt, _("save the sign-in"), error);
}

TlkTokenInfo *
tlk_store_token_lookup (TlkStore   *store,
                        const char *token_hash,
                        GError    **error)
{
  g_autoptr(TlkTokenInfo) info = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT t.user_id, t.device_id, u.role, t.expires_at, t.revoked_at"
                                   " FROM tokens t LEFT JOIN users u ON u.id = t.user_id"
                                   " WHERE t.token_hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      info = g_new0 (TlkTokenInfo, 1);
      info->user = tlk_sql_column_text (stmt, 0);
      info->device_id = tlk_sql_column_text (stmt, 1);
      info->role = tlk_sql_column_text (stmt, 2);
      info->expires_at = tlk_sql_column_text (stmt, 3);
      info->revoked_at = tlk_sql_column_text (stmt, 4);
    }
  else if (rc != SQLITE_DONE)
    tlk_store_sql_error (store, error, _("check the sign-in"));
  sqlite3_reset (stmt);
  return g_steal_pointer (&info);
}

gboolean
tlk_store_token_revoke (TlkStore   *store,
                        const char *token_hash,
                        const char *now,
                        GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL && now != NULL, FALSE);

  stmt = tlk_store_prepare (store, "UPDATE tokens SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
                            error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, token_hash);
  tlk_sql_bind_text (stmt, 2, now);
  return step_done (store, stmt, _("end the sign-in"), error);
}

gboolean
tlk_store_tokens_revoke_user (TlkStore   *store,
                              const char *user,
                              const char *now,
                              guint      *n_revoked,
                              GError    **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user != NULL && now != NULL, FALSE);

  return revoke_user_tokens (store, user, now, n_revoked, error);
}

/* ---- personal data scoped to a driver ---------------------------------- */

char *
tlk_store_driver_planned_stop (TlkStore   *store,
                               const char *driver,
                               const char *citizen,
                               GError    **error)
{
  sqlite3_stmt *stmt;
  char *stop = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (driver != NULL && citizen != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT s.id FROM stops s JOIN orders o ON o.id = s.order_id"
                                   " WHERE s.driver = ?1 AND s.state = ?2 AND o.citizen = ?3"
                                   " ORDER BY s.date, s.seq, s.id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, driver);
  tlk_sql_bind_text (stmt, 2, tlk_stop_state_to_string (TLK_STOP_PLANNED));
  tlk_sql_bind_text (stmt, 3, citizen);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    stop = tlk_sql_column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    tlk_store_sql_error (store, error, _("read the driver’s stops"));
  sqlite3_reset (stmt);
  return stop;
}

/* Citizen → the first planned stop of @driver for an order of theirs. */
static GPtrArray *
planned_citizens (TlkStore   *store,
                  const char *driver,
                  GPtrArray **stops,
                  GError    **error)
{
  g_autoptr(GPtrArray) citizens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) first_stops = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = tlk_store_prepare (store, "SELECT o.citizen, MIN (s.id) FROM stops s JOIN orders o ON o.id = s.order_id"
                                   " WHERE s.driver = ?1 AND s.state = ?2"
                                   " GROUP BY o.citizen ORDER BY o.citizen", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, driver);
  tlk_sql_bind_text (stmt, 2, tlk_stop_state_to_string (TLK_STOP_PLANNED));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (citizens, tlk_sql_column_text (stmt, 0));
      g_ptr_array_add (first_stops, tlk_sql_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the driver’s stops"));
      return NULL;
    }
  *stops = g_steal_pointer (&first_stops);
  return g_steal_pointer (&citizens);
}

static GPtrArray *
finished_citizens (TlkStore   *store,
                   const char *driver,
                   GError    **error)
{
  g_autoptr(GPtrArray) citizens = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = tlk_store_prepare (store, "SELECT DISTINCT o.citizen FROM stops s JOIN orders o ON o.id = s.order_id"
                                   " WHERE s.driver = ?1 AND s.state IN (?2, ?3)"
                                   " AND o.citizen NOT IN (SELECT o2.citizen FROM stops s2"
                                   "   JOIN orders o2 ON o2.id = s2.order_id WHERE s2.driver = ?1 AND s2.state = ?4)"
                                   " ORDER BY o.citizen", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, driver);
  tlk_sql_bind_text (stmt, 2, tlk_stop_state_to_string (TLK_STOP_DONE));
  tlk_sql_bind_text (stmt, 3, tlk_stop_state_to_string (TLK_STOP_FAILED));
  tlk_sql_bind_text (stmt, 4, tlk_stop_state_to_string (TLK_STOP_PLANNED));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (citizens, tlk_sql_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the driver’s stops"));
      return NULL;
    }
  return g_steal_pointer (&citizens);
}

gboolean
tlk_store_driver_citizens (TlkStore   *store,
                           const char *driver,
                           GPtrArray **citizens,
                           GPtrArray **purge,
                           GError    **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) finished = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (driver != NULL && citizens != NULL && purge != NULL, FALSE);

  /* One transaction: the reads and their log lines are committed together
   * (one sync to disk, however many citizens). */
  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  ids = planned_citizens (store, driver, &stops, error);
  if (ids == NULL)
    goto fail;
  details = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_citizen_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *reason = g_strdup_printf ("planned stop %s", (const char *) g_ptr_array_index (stops, i));
      TlkCitizen *citizen = tlk_store_get_citizen (store, g_ptr_array_index (ids, i), driver, reason, &local_error);

      if (citizen != NULL)
        g_ptr_array_add (details, citizen);
      else if (!g_error_matches (local_error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
    }
  finished = finished_citizens (store, driver, error);
  if (finished == NULL || !tlk_store_exec (store, "COMMIT", error))
    goto fail;
  *citizens = g_steal_pointer (&details);
  *purge = g_steal_pointer (&finished);
  return TRUE;

fail:
  tlk_store_rollback (store);
  return FALSE;
}

/* ---- the access log ---------------------------------------------------- */

GPtrArray *
tlk_store_access_log (TlkStore   *store,
                      const char *citizen,
                      GError    **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (citizen != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT id, at, actor, citizen, action, reason FROM personal_access_log"
                                   " WHERE citizen = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, citizen);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_access_log_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkAccessLogEntry *e = g_new0 (TlkAccessLogEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = tlk_sql_column_text (stmt, 1);
      e->actor = tlk_sql_column_text (stmt, 2);
      e->citizen = tlk_sql_column_text (stmt, 3);
      e->action = tlk_sql_column_text (stmt, 4);
      e->reason = tlk_sql_column_text (stmt, 5);
      g_ptr_array_add (entries, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the access log"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* ---- operations -------------------------------------------------------- */

gboolean
tlk_store_ping (TlkStore *store,
                GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);

  /* Reads a page of the file, not just SQLite's memory. */
  stmt = tlk_store_prepare (store, "SELECT COUNT(*) FROM meta", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return tlk_store_sql_error (store, error, _("answer"));
  return TRUE;
}

gint64
tlk_store_count_open_tokens (TlkStore   *store,
                             const char *now)
{
  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (now != NULL, -1);
  return tlk_store_query_int (store, "SELECT COUNT(*) FROM tokens WHERE revoked_at IS NULL AND expires_at > ?1", now);
}
