/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-sync.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-machine.h"
#include "tlk-sqlite.h"
#include "tlk-store-private.h"

static const char *const status_names[] = { "applied", "conflict", "duplicate" };

void
tlk_push_result_free (TlkPushResult *result)
{
  if (result == NULL)
    return;
  g_free (result->event_id);
  g_free (result->reason);
  g_free (result);
}

const char *
tlk_push_status_to_string (TlkPushStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
tlk_push_status_from_string (const char    *str,
                             TlkPushStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (str, status_names[i]) == 0)
      {
        *status = (TlkPushStatus) i;
        return TRUE;
      }
  return FALSE;
}

static TlkEvent *
load_event (TlkStore   *store,
            const char *event_id)
{
  sqlite3_stmt *stmt = tlk_store_prepare (store, "SELECT " TLK_STORE_EVENT_COLS " FROM events WHERE event_id = ?1",
                                          NULL);
  TlkEvent *event = NULL;

  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, event_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    event = tlk_store_read_event (stmt);
  sqlite3_reset (stmt);
  return event;
}

static gboolean
same_content (const TlkEvent *a,
              const TlkEvent *b)
{
  g_autofree char *pa = tlk_event_payload_to_string (a);
  g_autofree char *pb = tlk_event_payload_to_string (b);

  return a->type == b->type && a->device_seq == b->device_seq &&
         g_strcmp0 (a->device_id, b->device_id) == 0 && g_strcmp0 (a->subject, b->subject) == 0 &&
         g_strcmp0 (a->actor, b->actor) == 0 && g_strcmp0 (a->occurred_at, b->occurred_at) == 0 &&
         g_strcmp0 (pa, pb) == 0;
}

gboolean
tlk_store_check_resolution (TlkStore       *store,
                            const TlkEvent *event,
                            GError        **error)
{
  g_autoptr(TlkEvent) target = NULL;

  if (event->type != TLK_EVENT_CONFLICT_RESOLVED)
    return TRUE;

  target = load_event (store, event->subject);
  if (target == NULL || target->conflict == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                   _("There is no conflict %s to resolve."), event->subject);
      return FALSE;
    }
  if (tlk_store_query_int (store,
                           "SELECT COUNT(*) FROM events WHERE subject = ?1 AND type = 'conflict.resolved'"
                           " AND conflict IS NULL",
                           event->subject) > 0)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS,
                   _("The conflict %s is resolved already."), event->subject);
      return FALSE;
    }
  return TRUE;
}

static TlkPushResult *
push_result (const TlkEvent *event,
             TlkPushStatus   status)
{
  TlkPushResult *result = g_new0 (TlkPushResult, 1);

  result->event_id = g_strdup (event->event_id);
  result->server_seq = event->server_seq;
  result->status = status;
  result->reason = g_strdup (event->conflict);
  return result;
}

static gboolean
accept_one (TlkStore  *store,
            TlkWorld  *world,
            TlkEvent  *event,
            gint64    *next_seq,
            GPtrArray *results,
            GError   **error)
{
  g_autoptr(TlkEvent) existing = load_event (store, event->event_id);
  g_autoptr(GError) rule = NULL;

  if (existing != NULL)
    {
      if (!same_content (existing, event))
        {
          g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_EVENT_ID_REUSED,
                       _("The event id %s is stored already with different content."), event->event_id);
          return FALSE;
        }
      g_ptr_array_add (results, push_result (existing, TLK_PUSH_DUPLICATE));
      return TRUE;
    }

  {
    sqlite3_stmt *stmt = tlk_store_prepare (store, "SELECT COUNT(*) FROM events WHERE device_id = ?1 AND device_seq = ?2",
                                            error);
    gint64 taken;

    if (stmt == NULL)
      return FALSE;
    tlk_sql_bind_text (stmt, 1, event->device_id);
    sqlite3_bind_int64 (stmt, 2, event->device_seq);
    taken = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    if (taken > 0)
      {
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, event->device_seq);

        g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_EVENT_ID_REUSED,
                     _("The computer %s gave the number %s to two different events."),
                     event->device_id, number);
        return FALSE;
      }
  }

  g_clear_pointer (&event->conflict, g_free);
  if (!tlk_store_check_resolution (store, event, &rule) || !tlk_world_apply (world, event, &rule))
    {
      if (rule->domain != TLK_RULE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&rule));
          return FALSE;
        }
      event->conflict = g_strdup (rule->message);
    }
  event->server_seq = (*next_seq)++;
  if (!tlk_store_insert_event (store, event, error))
    return FALSE;
  g_ptr_array_add (results, push_result (event, event->conflict ? TLK_PUSH_CONFLICT : TLK_PUSH_APPLIED));
  return TRUE;
}

GPtrArray *
tlk_store_accept_in_transaction (TlkStore  *store,
                                 GPtrArray *events,
                                 GError   **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_push_result_free);
  g_autoptr(TlkWorld) world = tlk_store_new_world (store);
  gint64 next_seq, own_seq;

  next_seq = tlk_store_query_int (store, "SELECT COALESCE (MAX (server_seq), 0) + 1 FROM events", NULL);
  own_seq = tlk_store_query_int (store, "SELECT COALESCE (MAX (device_seq), 0) + 1 FROM events WHERE device_id = ?1",
                                 store->device_id);

  for (guint i = 0; i < events->len; i++)
    {
      TlkEvent *event = g_ptr_array_index (events, i);

      if (event->device_seq == 0)
        {
          g_free (event->device_id);
          event->device_id = g_strdup (store->device_id);
          event->device_seq = own_seq++;
        }
      if (!accept_one (store, world, event, &next_seq, results, error))
        return NULL;
    }
  if (!tlk_store_save_dirty (store, world, error))
    return NULL;
  return g_steal_pointer (&results);
}

GPtrArray *
tlk_store_accept_events (TlkStore  *store,
                         GPtrArray *events,
                         GError   **error)
{
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (events != NULL, NULL);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  results = tlk_store_accept_in_transaction (store, events, error);
  if (results == NULL || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&results);
}

static GPtrArray *
read_events (TlkStore     *store,
             sqlite3_stmt *stmt,
             GError      **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, tlk_store_read_event (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (store, error, _("read the events"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

GPtrArray *
tlk_store_events_after (TlkStore *store,
                        gint64    after,
                        guint     limit,
                        gboolean *more,
                        GError  **error)
{
  GPtrArray *events;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  stmt = tlk_store_prepare (store, "SELECT " TLK_STORE_EVENT_COLS " FROM events WHERE server_seq > ?1"
                            " ORDER BY server_seq LIMIT ?2",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  /* One more than asked for tells whether there is more. */
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  events = read_events (store, stmt, error);
  if (events == NULL)
    return NULL;
  if (more != NULL)
    *more = events->len > limit;
  if (events->len > limit)
    g_ptr_array_set_size (events, limit);
  return events;
}

gint64
tlk_store_count_conflicts (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, -1);
  return tlk_store_query_int (store, "SELECT COUNT(*) FROM events WHERE conflict IS NOT NULL", NULL);
}

GPtrArray *
tlk_store_pending_events (TlkStore *store,
                          guint     limit,
                          GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " TLK_STORE_EVENT_COLS " FROM events"
                            " WHERE server_seq IS NULL AND device_id = ?1 ORDER BY seq LIMIT ?2",
                            error);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, store->device_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  return read_events (store, stmt, error);
}

gint64
tlk_store_count_pending (TlkStore *store)
{
  g_return_val_if_fail (store != NULL, -1);
  return tlk_store_query_int (store, "SELECT COUNT(*) FROM events WHERE server_seq IS NULL AND device_id = ?1",
                              store->device_id);
}

/* Records the server's number and verdict for an event stored here.
 * Returns TRUE in @became_conflict when it was applied here and the server
 * kept it as a conflict. */
static gboolean
confirm_event (TlkStore   *store,
               const char *event_id,
               gint64      server_seq,
               const char *conflict,
               gboolean   *became_conflict,
               GError    **error)
{
  g_autoptr(TlkEvent) existing = load_event (store, event_id);
  sqlite3_stmt *stmt;

  *became_conflict = FALSE;
  if (existing == NULL)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND,
                   _("The server acknowledged the event %s, which this computer does not have."), event_id);
      return FALSE;
    }
  if (existing->server_seq == server_seq && g_strcmp0 (existing->conflict, conflict) == 0)
    return TRUE;

  stmt = tlk_store_prepare (store, "UPDATE events SET server_seq = ?2, conflict = ?3 WHERE event_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, server_seq);
  tlk_sql_bind_text (stmt, 3, conflict);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("store the server’s answer"));
  *became_conflict = existing->conflict == NULL && conflict != NULL;
  return TRUE;
}

static gboolean
commit_or_rollback (TlkStore *store,
                    gboolean  ok,
                    GError  **error)
{
  if (ok && tlk_store_exec (store, "COMMIT", error))
    return TRUE;
  tlk_store_rollback (store);
  return FALSE;
}

gboolean
tlk_store_mark_pushed (TlkStore  *store,
                       GPtrArray *results,
                       GError   **error)
{
  gboolean refold = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; ok && i < results->len; i++)
    {
      TlkPushResult *r = g_ptr_array_index (results, i);
      gboolean became_conflict;

      ok = confirm_event (store, r->event_id, r->server_seq, r->reason, &became_conflict, error);
      refold |= became_conflict;
    }
  if (ok && refold)
    ok = tlk_store_rebuild_in_transaction (store, TRUE, error);
  return commit_or_rollback (store, ok, error);
}

static void
add_touched (GHashTable     *set,
             const TlkEvent *event)
{
  g_autoptr(GPtrArray) ids = tlk_event_touched_ids (event);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, g_strdup (g_ptr_array_index (ids, i)));
}

/* Do the newly pulled events (from @first_seq on) commute with this
 * computer's events that were applied before them but come after them in
 * the server's order? */
static gboolean
pulled_commute (TlkStore  *store,
                GPtrArray *fresh,
                gint64     first_seq,
                gboolean  *commute,
                GError   **error)
{
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) overtaken = NULL;
  sqlite3_stmt *stmt;

  stmt = tlk_store_prepare (store, "SELECT " TLK_STORE_EVENT_COLS " FROM events"
                            " WHERE device_id = ?1 AND conflict IS NULL AND (server_seq IS NULL OR server_seq > ?2)",
                            error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, store->device_id);
  sqlite3_bind_int64 (stmt, 2, first_seq);
  overtaken = read_events (store, stmt, error);
  if (overtaken == NULL)
    return FALSE;

  *commute = TRUE;
  if (overtaken->len == 0)
    return TRUE;
  for (guint i = 0; i < fresh->len; i++)
    add_touched (theirs, g_ptr_array_index (fresh, i));
  for (guint i = 0; *commute && i < overtaken->len; i++)
    {
      g_autoptr(GPtrArray) ids = tlk_event_touched_ids (g_ptr_array_index (overtaken, i));

      for (guint j = 0; j < ids->len; j++)
        {
          const char *id = g_ptr_array_index (ids, j);

          if (strcmp (id, "*") == 0 || g_hash_table_contains (theirs, id) || g_hash_table_contains (theirs, "*"))
            *commute = FALSE;
        }
    }
  return TRUE;
}

/* Applies @fresh on top; FALSE in @applied when one does not apply here
 * (then nothing was changed and the caller recomputes). */
static gboolean
apply_on_top (TlkStore  *store,
              GPtrArray *fresh,
              gboolean  *applied,
              GError   **error)
{
  g_autoptr(TlkWorld) world = tlk_store_new_world (store);

  *applied = FALSE;
  for (guint i = 0; i < fresh->len; i++)
    if (!tlk_world_apply (world, g_ptr_array_index (fresh, i), NULL))
      return TRUE;
  *applied = TRUE;
  return tlk_store_save_dirty (store, world, error);
}

gboolean
tlk_store_apply_pulled (TlkStore  *store,
                        GPtrArray *events,
                        gint64     cursor,
                        GError   **error)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  gint64 first_seq = G_MAXINT64;
  gboolean refold = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; ok && i < events->len; i++)
    {
      TlkEvent *event = g_ptr_array_index (events, i);
      g_autoptr(TlkEvent) existing = load_event (store, event->event_id);

      if (existing != NULL)
        {
          /* Ours (its acknowledgement may have been lost), or a page seen
           * before. */
          gboolean became_conflict = FALSE;

          ok = confirm_event (store, event->event_id, event->server_seq, event->conflict, &became_conflict, error);
          refold |= became_conflict;
          continue;
        }
      ok = tlk_store_insert_event (store, event, error);
      if (event->conflict == NULL)
        {
          g_ptr_array_add (fresh, event);
          first_seq = MIN (first_seq, event->server_seq);
        }
    }

  /* The log is complete up to the new cursor before anything is
   * recomputed (what the recomputation may leave out depends on it). */
  if (ok && cursor > tlk_store_get_cursor (store))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
      ok = tlk_store_set_sync_value (store, "cursor", value, error);
    }

  if (ok && !refold && fresh->len > 0)
    {
      gboolean commute = FALSE, applied = FALSE;

      ok = pulled_commute (store, fresh, first_seq, &commute, error);
      if (ok && commute)
        ok = apply_on_top (store, fresh, &applied, error);
      refold = !applied;
    }
  if (ok && refold)
    ok = tlk_store_rebuild_in_transaction (store, TRUE, error);

  return commit_or_rollback (store, ok, error);
}

char *
tlk_store_get_sync_value (TlkStore   *store,
                          const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT value FROM sync_state WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = tlk_sql_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
tlk_store_set_sync_value (TlkStore   *store,
                          const char *key,
                          const char *value,
                          GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = tlk_store_prepare (store, "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, key);
  tlk_sql_bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("store the sync state"));
  return TRUE;
}

gint64
tlk_store_get_cursor (TlkStore *store)
{
  g_autofree char *value = tlk_store_get_sync_value (store, "cursor");

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

GPtrArray *
tlk_store_open_conflicts (TlkStore *store,
                          GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = tlk_store_prepare (store, "SELECT " TLK_STORE_EVENT_COLS " FROM events e WHERE conflict IS NOT NULL"
                            " AND NOT EXISTS (SELECT 1 FROM events r WHERE r.subject = e.event_id"
                            "   AND r.type = 'conflict.resolved' AND r.conflict IS NULL)"
                            " ORDER BY server_seq",
                            error);
  if (stmt == NULL)
    return NULL;
  return read_events (store, stmt, error);
}

/* ---- personal data on a computer ----------------------------------------- */

GPtrArray *
tlk_store_unsent_citizens (TlkStore   *store,
                           const char *actor,
                           GError    **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) citizens = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_citizen_free);
  gboolean ok;

  g_return_val_if_fail (store != NULL && actor != NULL, NULL);

  /* One transaction: the reads and their log lines together. */
  if (!tlk_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  ok = (ids = tlk_store_query_texts (store, "SELECT id FROM citizens WHERE unsent = 1 ORDER BY rowid", error)) != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      TlkCitizen *c = tlk_store_get_citizen (store, g_ptr_array_index (ids, i), actor, "sent to the server", error);

      ok = c != NULL;
      if (ok)
        g_ptr_array_add (citizens, c);
    }
  if (!ok || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&citizens);
}

gboolean
tlk_store_mark_citizen_sent (TlkStore   *store,
                             const char *id,
                             GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL, FALSE);

  stmt = tlk_store_prepare (store, "UPDATE citizens SET unsent = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("store the citizens"));
  return TRUE;
}

/* After erasing: the journal's older copies of the erased pages go too.
 * While another connection (the app's window) is reading, the journal
 * cannot be emptied yet; the next erasure, sync or the last connection's
 * close does it then. */
gboolean
tlk_store_empty_journal (TlkStore *store,
                         GError  **error)
{
  int log = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);

  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    return tlk_store_sql_error (store, error, _("write its journal back"));
  return TRUE;
}

gboolean
tlk_store_keep_citizens (TlkStore   *store,
                         GPtrArray  *citizens,
                         const char *keep_until,
                         const char *actor,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (store != NULL && citizens != NULL && keep_until != NULL && actor != NULL, FALSE);

  if (!tlk_store_exec (store, "BEGIN IMMEDIATE; CREATE TEMP TABLE IF NOT EXISTS kept (id TEXT PRIMARY KEY);"
                       " DELETE FROM kept", error))
    return FALSE;
  ok = (stmt = tlk_store_prepare (store, "INSERT OR IGNORE INTO temp.kept (id) VALUES (?1)", error)) != NULL;
  for (guint i = 0; ok && i < citizens->len; i++)
    {
      tlk_sql_bind_text (stmt, 1, ((TlkCitizen *) g_ptr_array_index (citizens, i))->id);
      ok = sqlite3_step (stmt) == SQLITE_DONE || tlk_store_sql_error (store, error, _("store the citizens"));
      sqlite3_reset (stmt);
    }
  ok = ok && tlk_store_exec (store, "DELETE FROM citizens WHERE id NOT IN (SELECT id FROM temp.kept) AND unsent = 0;"
                             " DELETE FROM temp.kept", error);
  for (guint i = 0; ok && i < citizens->len; i++)
    ok = tlk_store_write_citizen (store, g_ptr_array_index (citizens, i), actor, "fetched for the driver's own stops",
                                  keep_until, error);
  if (!ok || !tlk_store_exec (store, "COMMIT", error))
    {
      tlk_store_rollback (store);
      return FALSE;
    }
  return tlk_store_empty_journal (store, error);
}

gboolean
tlk_store_erase_expired_citizens (TlkStore   *store,
                                  const char *now,
                                  guint      *n_erased,
                                  GError    **error)
{
  sqlite3_stmt *stmt;
  int changes;

  g_return_val_if_fail (store != NULL && now != NULL, FALSE);

  stmt = tlk_store_prepare (store, "DELETE FROM citizens WHERE keep_until IS NOT NULL AND keep_until < ?1", error);
  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return tlk_store_sql_error (store, error, _("erase the citizens"));
  changes = sqlite3_changes (store->db);
  if (n_erased != NULL)
    *n_erased = (guint) changes;
  return changes == 0 || tlk_store_empty_journal (store, error);
}
