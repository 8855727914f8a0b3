/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the route files of the server share. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tlk-server.h"
#include "tlk-store.h"

G_BEGIN_DECLS

/* One authenticated request, as a route handler sees it. The body has been
 * size-checked and parsed; it is a JSON object (or NULL for GET/DELETE). */
typedef struct
{
  TlkServer         *server;
  SoupServerMessage *msg;
  const char        *path;
  GHashTable        *query;       /* may be NULL */
  JsonObject        *body;        /* may be NULL */
  const char        *user;        /* the caller's user id */
  const char        *role;        /* warehouse, driver, coordinator, admin */
  const char        *device_id;   /* the computer the token was issued to */
} TlkServerRequest;

TlkStore *tlk_server_get_store       (TlkServer        *self);

/* Sets a JSON answer; takes @body. */
void      tlk_server_reply           (TlkServerRequest *req,
                                      guint             status,
                                      JsonNode         *body);
/* Sets the error answer of PROTOCOL.md: {"error": @word, "message": @message}. */
void      tlk_server_reply_error     (TlkServerRequest *req,
                                      guint             status,
                                      const char       *word,
                                      const char       *message);

/* Routes in tlk-server-events.c. */
void      tlk_server_events_push     (TlkServerRequest *req);
void      tlk_server_events_pull     (TlkServerRequest *req);

G_END_DECLS
