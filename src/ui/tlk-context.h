/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tlk-credentials.h"
#include "tlk-store.h"
#include "tlk-sync-engine.h"

G_BEGIN_DECLS

#define TLK_TYPE_CONTEXT (tlk_context_get_type ())

G_DECLARE_FINAL_TYPE (TlkContext, tlk_context, TLK, CONTEXT, GObject)

/*
 * The context (STYLE §10): owns the store, the settings, the signed-in user
 * and the sync engine, and is handed down to windows and views. Every write
 * of the app goes through tlk_context_write(), which tells the views with
 * ::changed, as does a sync that brought other computers' events.
 */

TlkContext *tlk_context_new          (TlkStore    *store,
                                      GSettings   *settings);
TlkStore   *tlk_context_get_store    (TlkContext  *self);
GSettings  *tlk_context_get_settings (TlkContext  *self);
/* The signed-in user, or NULL. */
TlkUser    *tlk_context_get_user     (TlkContext  *self);
const char *tlk_context_get_user_id  (TlkContext  *self);
gboolean    tlk_context_sign_in      (TlkContext  *self,
                                      const char  *user_id,
                                      GError     **error);
void        tlk_context_sign_out     (TlkContext  *self);
/* A fresh world on the store, for one scan or one look. */
TlkWorld   *tlk_context_new_world    (TlkContext  *self);
/* Writes @events in one transaction and emits ::changed. */
gboolean    tlk_context_write        (TlkContext  *self,
                                      GPtrArray   *events,
                                      GError     **error);

/* New orders with their citizens' details (tlk_store_add_orders), written
 * as the signed-in user with @reason; emits ::changed. Their ids. */
GPtrArray  *tlk_context_add_orders   (TlkContext  *self,
                                      GPtrArray   *drafts,
                                      const char  *reason,
                                      GError     **error);

/* The engine syncing the store with the server of the settings'
 * server-url, server-user and server-ca-file, with the token kept for them
 * (tlk-credentials.h). */
TlkSyncEngine *tlk_context_get_sync_engine          (TlkContext          *self);
/* Keeps @server_url and @user in the settings and signs in to the server;
 * on success the token is kept and @place (may be NULL) says where. The
 * password is not kept. */
void           tlk_context_sign_in_to_server_async  (TlkContext          *self,
                                                     const char          *server_url,
                                                     const char          *user,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       tlk_context_sign_in_to_server_finish (TlkContext          *self,
                                                     GAsyncResult        *result,
                                                     TlkCredentialsPlace *place,
                                                     GError             **error);
/* Forgets the token (and asks the server to revoke it when it can be
 * reached): this computer stops syncing until someone signs in again. */
void           tlk_context_sign_out_of_server       (TlkContext          *self);

G_END_DECLS
