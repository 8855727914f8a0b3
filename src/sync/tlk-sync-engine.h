/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TlkSyncState:
 * @TLK_SYNC_STATE_OFF: no server configured; the computer works alone
 * @TLK_SYNC_STATE_IDLE: the last sync succeeded
 * @TLK_SYNC_STATE_SYNCING: a sync is under way
 * @TLK_SYNC_STATE_OFFLINE: the server could not be reached; trying again
 * @TLK_SYNC_STATE_ERROR: the server refused (sign-in, rights); needs a person
 */
typedef enum
{
  TLK_SYNC_STATE_OFF,
  TLK_SYNC_STATE_IDLE,
  TLK_SYNC_STATE_SYNCING,
  TLK_SYNC_STATE_OFFLINE,
  TLK_SYNC_STATE_ERROR,
} TlkSyncState;

#define TLK_TYPE_SYNC_ENGINE (tlk_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (TlkSyncEngine, tlk_sync_engine, TLK, SYNC_ENGINE, GObject)

/* Syncs the database at @db_path in the background, on its own connection
 * and thread: after local changes (soon), every few minutes, and with
 * backoff after a failure. Properties: state, pending, last-success,
 * error-message, token. ::synced is emitted after a run that stored other
 * computers' events, so views can refresh. */
TlkSyncEngine *tlk_sync_engine_new            (const char     *db_path);
/* @server_url NULL turns sync off. @token may be NULL until signed in. */
void           tlk_sync_engine_configure      (TlkSyncEngine  *self,
                                               const char     *server_url,
                                               const char     *user,
                                               const char     *token,
                                               const char     *ca_file);
void           tlk_sync_engine_sign_in_async  (TlkSyncEngine  *self,
                                               const char     *password,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean       tlk_sync_engine_sign_in_finish (TlkSyncEngine  *self,
                                               GAsyncResult   *result,
                                               GError        **error);
void           tlk_sync_engine_sync_now       (TlkSyncEngine  *self);
/* Something was written locally: count it and sync soon. */
void           tlk_sync_engine_local_change   (TlkSyncEngine  *self);

TlkSyncState   tlk_sync_engine_get_state      (TlkSyncEngine  *self);
gint64         tlk_sync_engine_get_pending    (TlkSyncEngine  *self);
const char    *tlk_sync_engine_get_last_success (TlkSyncEngine *self);
const char    *tlk_sync_engine_get_error_message (TlkSyncEngine *self);
const char    *tlk_sync_engine_get_token      (TlkSyncEngine  *self);

G_END_DECLS
