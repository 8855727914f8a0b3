/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The server's own routes and the helpers they share with tlk-server.c
 * (the event routes are in tlk-server-private.h). */

#include "tlk-server-private.h"
#include "tlk-store-server.h"

G_BEGIN_DECLS

/* ---- routes, one function each ----------------------------------------- */

/* tlk-server-auth.c */
void          tlk_server_auth_login           (TlkServerRequest  *req);
void          tlk_server_auth_logout          (TlkServerRequest  *req);
void          tlk_server_auth_revoke          (TlkServerRequest  *req);
/* tlk-server-citizens.c */
void          tlk_server_citizens_put         (TlkServerRequest  *req);
void          tlk_server_citizens_get         (TlkServerRequest  *req);
void          tlk_server_citizens_mine        (TlkServerRequest  *req);
void          tlk_server_citizens_access_log  (TlkServerRequest  *req);
void          tlk_server_proofs_put           (TlkServerRequest  *req);
/* tlk-server-orders.c */
void          tlk_server_orders_post          (TlkServerRequest  *req);

/* tlk-server-metrics.c */
void          tlk_server_ops_healthz          (TlkServerRequest  *req);
void          tlk_server_ops_metrics          (TlkServerRequest  *req);

/* ---- tlk-server.c ------------------------------------------------------ */

guint         tlk_server_get_token_lifetime   (TlkServer         *self);
/* The hex SHA-256 of the caller's token (NULL on routes without one). */
const char   *tlk_server_request_token_hash   (TlkServerRequest  *req);
/* The last path segment of a route with an id (/api/v1/citizens/ID). */
const char   *tlk_server_request_path_id      (TlkServerRequest  *req);
/* A store failure: logged, answered 500 `internal`. */
void          tlk_server_reply_internal       (TlkServerRequest  *req,
                                               const GError      *error);
void          tlk_server_reply_text           (TlkServerRequest  *req,
                                               guint              status,
                                               const char        *text);
/* For work in a thread: the handler pauses the request and answers it
 * later, then resumes it (which does nothing when the client is gone). */
void          tlk_server_pause                (TlkServerRequest  *req);
void          tlk_server_resume               (TlkServer         *self,
                                               SoupServerMessage *msg);
/* Now, and now + @seconds, as the store keeps times: "2026-11-29T10:00:00Z". */
char         *tlk_server_time_iso             (gint64             seconds_from_now);

/* ---- tlk-server-auth.c ------------------------------------------------- */

typedef enum
{
  TLK_AUTH_OK,
  TLK_AUTH_MISSING,
  TLK_AUTH_UNKNOWN,
  TLK_AUTH_EXPIRED,
  TLK_AUTH_REVOKED,
  TLK_AUTH_NO_USER,
  TLK_AUTH_STORE_FAILED,
} TlkAuthResult;

/* Checks the bearer token of @msg; on TLK_AUTH_OK @info and @token_hash
 * are set. */
TlkAuthResult tlk_server_authenticate         (TlkServer          *self,
                                               SoupServerMessage  *msg,
                                               TlkTokenInfo      **info,
                                               char              **token_hash,
                                               GError            **error);
const char   *tlk_auth_result_message         (TlkAuthResult      result);
/* Argon2id (crypto_pwhash_str, interactive limits); refuses an empty
 * password (TLK_SERVER_ERROR_PASSWORD). */
char         *tlk_server_hash_password        (const char        *password,
                                               GError           **error);
/* 32 random bytes, base64url without padding. */
char         *tlk_server_token_new            (void);
char         *tlk_server_token_hash           (const char        *token);
/* A user name as events take it: 1 to 64 of A-Z a-z 0-9 _ - . */
gboolean      tlk_server_name_is_valid        (const char        *name);

/* ---- tlk-server-metrics.c ---------------------------------------------- */

typedef struct _TlkServerMetrics TlkServerMetrics;

TlkServerMetrics *tlk_server_metrics_new      (void);
void          tlk_server_metrics_free         (TlkServerMetrics  *metrics);
/* One answered request; @route is the route's pattern or "other". */
void          tlk_server_metrics_record       (TlkServerMetrics  *metrics,
                                               const char        *route,
                                               const char        *method,
                                               guint              status,
                                               double             seconds);
TlkServerMetrics *tlk_server_get_metrics      (TlkServer         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkServerMetrics, tlk_server_metrics_free)

G_END_DECLS
