/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TLK_SYNC_ERROR (tlk_sync_error_quark ())

/**
 * TlkSyncError:
 * @TLK_SYNC_ERROR_NETWORK: the server could not be reached or the
 *   connection broke; try again later
 * @TLK_SYNC_ERROR_UNAUTHORIZED: wrong user name or password, or the
 *   sign-in expired or was revoked
 * @TLK_SYNC_ERROR_FORBIDDEN: this user's role may not do that
 * @TLK_SYNC_ERROR_REFUSED: the server refused the request as malformed
 *   (a bug, or data the server will never take)
 * @TLK_SYNC_ERROR_SERVER: the server failed; try again later
 * @TLK_SYNC_ERROR_PROTOCOL: the answer was not what the protocol says
 */
typedef enum
{
  TLK_SYNC_ERROR_NETWORK,
  TLK_SYNC_ERROR_UNAUTHORIZED,
  TLK_SYNC_ERROR_FORBIDDEN,
  TLK_SYNC_ERROR_REFUSED,
  TLK_SYNC_ERROR_SERVER,
  TLK_SYNC_ERROR_PROTOCOL,
} TlkSyncError;

GQuark tlk_sync_error_quark (void);

/* Whether trying again later may succeed. */
gboolean tlk_sync_error_is_transient (const GError *error);

typedef struct _TlkSyncClient TlkSyncClient;

/* A client of the server at @base_url ("https://host:port"). @ca_file, when
 * not NULL, is the PEM certificate to trust instead of the system's (a
 * self-signed server). Use one client from one thread. */
TlkSyncClient *tlk_sync_client_new        (const char     *base_url,
                                           const char     *ca_file,
                                           GError        **error);
void           tlk_sync_client_free       (TlkSyncClient  *client);
/* Signs in; the token is kept in the client. */
gboolean       tlk_sync_client_login      (TlkSyncClient  *client,
                                           const char     *user,
                                           const char     *password,
                                           const char     *device_id,
                                           GCancellable   *cancellable,
                                           GError        **error);
void           tlk_sync_client_set_token  (TlkSyncClient  *client,
                                           const char     *token);
const char    *tlk_sync_client_get_token  (TlkSyncClient  *client);
/* The role the server gave at sign-in, or NULL. */
const char    *tlk_sync_client_get_role   (TlkSyncClient  *client);
/* The user signed in with, or NULL. */
const char    *tlk_sync_client_get_user   (TlkSyncClient  *client);
/* One request with the token; @body (not taken) may be NULL. Returns the
 * answer's JSON for a 2xx, else NULL with a TLK_SYNC_ERROR. */
JsonNode      *tlk_sync_client_request    (TlkSyncClient  *client,
                                           const char     *method,
                                           const char     *path,
                                           JsonNode       *body,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkSyncClient, tlk_sync_client_free)

G_END_DECLS
