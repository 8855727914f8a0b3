/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include "tlk-server.h"

#include <sodium.h>
#include <string.h>

#include "tlk-server-private.h"

/* Waiting connections the kernel keeps for us (nginx uses 511). */
#define LISTEN_BACKLOG 511
#include "tlk-server-routes.h"

/*
 * telekit-server (DESIGN §2, src/sync/PROTOCOL.md): a SoupServer with one
 * function per route. What every route shares is done here, before the
 * route's function runs: the body limit (while the body arrives), the
 * method, the token and the caller's role, and the JSON body with its
 * members checked. Requests and their durations are counted for /metrics.
 */

/* Past the body limit the server reads on without keeping anything, so an
 * ordinary client that sent its body gets its 413; past this much it stops
 * reading and closes the connection. */
#define DRAIN_LIMIT (4 * (goffset) TLK_SERVER_MAX_BODY)
/* How long requests in flight may take to finish after SIGTERM. */
#define SHUTDOWN_GRACE_SECONDS 30

struct _TlkServer
{
  GObject           parent_instance;

  TlkStore         *store;
  SoupServer       *soup;
  TlkServerMetrics *metrics;
  guint             token_lifetime;

  guint             in_flight;      /* requests with headers read, not yet answered */
  gboolean          shutting_down;
  gboolean          stopped;
  guint             finish_id;
  guint             grace_id;
};

G_DEFINE_TYPE (TlkServer, tlk_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (tlk-server-error-quark, tlk_server_error)

enum
{
  STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the routes -------------------------------------------------------- */

typedef enum
{
  ROUTE_PUBLIC   = 1 << 0,  /* no token */
  ROUTE_LOOPBACK = 1 << 1,  /* only from this machine, not through a proxy */
  ROUTE_WITH_ID  = 1 << 2,  /* PATH/ID */
} RouteFlags;

typedef enum
{
  MEMBER_STRING,
  MEMBER_STRING_OR_NULL,
  MEMBER_ARRAY,
  MEMBER_BOOLEAN,
} MemberType;

typedef struct
{
  const char *name;
  MemberType  type;
  gboolean    required;
} Member;

typedef struct
{
  const char   *method;
  const char   *path;
  const char   *label;     /* the route in /metrics */
  RouteFlags    flags;
  const Member *members;   /* the body is a JSON object of these; NULL: no body */
  void        (*handle) (TlkServerRequest *req);
} Route;

static const Member login_members[] = {
  { "user", MEMBER_STRING, TRUE },
  { "password", MEMBER_STRING, TRUE },
  { "device_id", MEMBER_STRING, TRUE },
  { NULL },
};

static const Member no_members[] = {
  { NULL },
};

static const Member revoke_members[] = {
  { "user", MEMBER_STRING, TRUE },
  { NULL },
};

static const Member citizen_members[] = {
  { "name", MEMBER_STRING, TRUE },
  { "address", MEMBER_STRING_OR_NULL, FALSE },
  { "phone", MEMBER_STRING_OR_NULL, FALSE },
  { "access_notes", MEMBER_STRING_OR_NULL, FALSE },
  { NULL },
};

static const Member proof_members[] = {
  { "recipient", MEMBER_STRING, TRUE },
  { "signature", MEMBER_STRING, TRUE },
  { "signed_at", MEMBER_STRING, TRUE },
  { NULL },
};

static const Member push_members[] = {
  { "device_id", MEMBER_STRING, TRUE },
  { "events", MEMBER_ARRAY, TRUE },
  { NULL },
};

static const Member orders_members[] = {
  { "orders", MEMBER_ARRAY, TRUE },
  { "skip_bad", MEMBER_BOOLEAN, FALSE },
  { NULL },
};

static const Route routes[] = {
  { "POST", "/api/v1/login", "/api/v1/login", ROUTE_PUBLIC, login_members, tlk_server_auth_login },
  { "POST", "/api/v1/logout", "/api/v1/logout", 0, no_members, tlk_server_auth_logout },
  { "POST", "/api/v1/revoke", "/api/v1/revoke", 0, revoke_members, tlk_server_auth_revoke },
  { "POST", "/api/v1/events", "/api/v1/events", 0, push_members, tlk_server_events_push },
  { "GET", "/api/v1/events", "/api/v1/events", 0, NULL, tlk_server_events_pull },
  { "PUT", "/api/v1/citizens", "/api/v1/citizens/:id", ROUTE_WITH_ID, citizen_members, tlk_server_citizens_put },
  { "GET", "/api/v1/citizens", "/api/v1/citizens/:id", ROUTE_WITH_ID, NULL, tlk_server_citizens_get },
  { "POST", "/api/v1/orders", "/api/v1/orders", 0, orders_members, tlk_server_orders_post },
  { "GET", "/api/v1/my-citizens", "/api/v1/my-citizens", 0, NULL, tlk_server_citizens_mine },
  { "GET", "/api/v1/access-log", "/api/v1/access-log", 0, NULL, tlk_server_citizens_access_log },
  { "PUT", "/api/v1/proofs", "/api/v1/proofs/:stop", ROUTE_WITH_ID, proof_members, tlk_server_proofs_put },
  { "GET", "/healthz", "/healthz", ROUTE_PUBLIC, NULL, tlk_server_ops_healthz },
  { "GET", "/metrics", "/metrics", ROUTE_PUBLIC | ROUTE_LOOPBACK, NULL, tlk_server_ops_metrics },
};

/* Whether @path is @route's path: exactly, or PATH/ID with one segment. */
static gboolean
route_matches (const Route *route,
               const char  *path)
{
  gsize len = strlen (route->path);

  if (strncmp (path, route->path, len) != 0)
    return FALSE;
  if (!(route->flags & ROUTE_WITH_ID))
    return path[len] == '\0';
  return path[len] == '/' && path[len + 1] != '\0' && strchr (path + len + 1, '/') == NULL;
}

static const char *
route_label (const char *path)
{
  for (guint i = 0; path != NULL && i < G_N_ELEMENTS (routes); i++)
    if (route_matches (&routes[i], path))
      return routes[i].label;
  return "other";
}

/* ---- each request ------------------------------------------------------ */

/* From its headers on, a request is in flight. (libsoup starts the next
 * message of a kept-alive connection as soon as one ends; an idle
 * connection is not a request in flight.) */
typedef struct
{
  GWeakRef server;
  gint64   started;      /* monotonic µs, when the headers were read */
  goffset  received;     /* body bytes so far */
  gboolean in_flight;
  gboolean too_large;
  gboolean paused;       /* a handler answers later (tlk_server_pause) */
  char    *token_hash;
} RequestData;

static void request_done (TlkServer *self);

static void
request_data_free (gpointer p)
{
  RequestData *data = p;
  g_autoptr(TlkServer) self = g_weak_ref_get (&data->server);

  /* Neither finished nor aborted for libsoup: a connection that dropped. */
  if (self != NULL && data->in_flight)
    request_done (self);
  g_weak_ref_clear (&data->server);
  g_free (data->token_hash);
  g_free (data);
}

static RequestData *
request_data (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "tlk-request");
}

static void
reply_json_text (SoupServerMessage *msg,
                 guint              status,
                 char              *text)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static char *
error_json (const char *word,
            const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, word);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
reply_error (TlkServer         *self,
             SoupServerMessage *msg,
             guint              status,
             const char        *word,
             const char        *message)
{
  if (self->shutting_down)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  reply_json_text (msg, status, error_json (word, message));
}

static const char too_large_message[] = "The request is larger than 4 MiB.";

/* Answers 413 once the body is all read; keeps none of the rest. */
static void
refuse_too_large (TlkServer         *self,
                  SoupServerMessage *msg)
{
  RequestData *data = request_data (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  data->too_large = TRUE;
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  reply_error (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", too_large_message);
}

typedef struct
{
  GIOStream *stream;
  char      *text;
} Closing;

static void
closing_free (Closing *closing)
{
  g_object_unref (closing->stream);
  g_free (closing->text);
  g_free (closing);
}

static void
on_stolen_closed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  closing_free (user_data);
}

static void
on_stolen_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Closing *closing = user_data;

  /* The client may be gone already: it is closed either way. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close_async (closing->stream, G_PRIORITY_DEFAULT, NULL, on_stolen_closed, closing);
}

static void finish_request (TlkServer         *self,
                            SoupServerMessage *msg,
                            guint              status);

/* Far too much: stop reading, answer 413 on the bare connection and close
 * it. */
static void
close_too_large (TlkServer         *self,
                 SoupServerMessage *msg)
{
  g_autofree char *body = error_json ("too_large", too_large_message);
  GIOStream *stream;
  Closing *closing;

  finish_request (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  closing = g_new0 (Closing, 1);
  closing->stream = stream;
  closing->text = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\n"
                                   "Content-Type: application/json\r\n"
                                   "Content-Length: %zu\r\n"
                                   "Connection: close\r\n\r\n%s",
                                   strlen (body), body);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), closing->text, strlen (closing->text),
                                   G_PRIORITY_DEFAULT, NULL, on_stolen_written, closing);
}

static void
on_got_headers (SoupServerMessage *msg,
                TlkServer         *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  RequestData *data = request_data (msg);

  data->started = g_get_monotonic_time ();
  data->in_flight = TRUE;
  self->in_flight++;
  if (self->shutting_down)
    {
      reply_error (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "shutting_down",
                   "The server is stopping. Try again in a moment.");
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      goffset length = soup_message_headers_get_content_length (headers);

      if (length > DRAIN_LIMIT)
        close_too_large (self, msg);
      else if (length > TLK_SERVER_MAX_BODY)
        refuse_too_large (self, msg);
    }
}

/* Chunked bodies announce no length: count as they come. */
static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              TlkServer         *self)
{
  RequestData *data = request_data (msg);

  data->received += g_bytes_get_size (chunk);
  if (data->received > DRAIN_LIMIT)
    close_too_large (self, msg);
  else if (data->received > TLK_SERVER_MAX_BODY && !data->too_large)
    refuse_too_large (self, msg);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    TlkServer         *self)
{
  RequestData *data = g_new0 (RequestData, 1);

  g_weak_ref_init (&data->server, self);
  g_object_set_data_full (G_OBJECT (msg), "tlk-request", data, request_data_free);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk), self, 0);
}

static gboolean
finish_shutdown (gpointer user_data)
{
  TlkServer *self = user_data;
  g_autoptr(GError) error = NULL;

  self->finish_id = 0;
  g_clear_handle_id (&self->grace_id, g_source_remove);
  soup_server_disconnect (self->soup);
  if (!tlk_store_checkpoint (self->store, &error))
    g_message ("The journal was not written back: %s", error->message);
  self->stopped = TRUE;
  g_signal_emit (self, signals[STOPPED], 0);
  return G_SOURCE_REMOVE;
}

static void
maybe_finish_shutdown (TlkServer *self)
{
  /* From an idle: not inside libsoup's emission for the last request. */
  if (self->shutting_down && self->in_flight == 0 && !self->stopped && self->finish_id == 0)
    self->finish_id = g_idle_add (finish_shutdown, self);
}

static void
request_done (TlkServer *self)
{
  g_return_if_fail (self->in_flight > 0);
  self->in_flight--;
  maybe_finish_shutdown (self);
}

static void
finish_request (TlkServer         *self,
                SoupServerMessage *msg,
                guint              status)
{
  RequestData *data = request_data (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  if (data == NULL || !data->in_flight)
    return;
  data->in_flight = FALSE;
  if (status != 0)
    tlk_server_metrics_record (self->metrics, route_label (uri ? g_uri_get_path (uri) : NULL),
                               soup_server_message_get_method (msg), status,
                               (g_get_monotonic_time () - data->started) / (double) G_USEC_PER_SEC);
  request_done (self);
}

static void
on_request_finished (SoupServer        *soup,
                     SoupServerMessage *msg,
                     TlkServer         *self)
{
  finish_request (self, msg, soup_server_message_get_status (msg));
}

static void
on_request_aborted (SoupServer        *soup,
                    SoupServerMessage *msg,
                    TlkServer         *self)
{
  finish_request (self, msg, 0);
}

/* ---- what every route shares ------------------------------------------- */

static gboolean
from_this_machine (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (!G_IS_INET_SOCKET_ADDRESS (addr) ||
      !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr))))
    return FALSE;
  /* nginx on this machine connects from loopback too: what it forwards
   * comes from elsewhere. */
  return soup_message_headers_get_one (headers, "X-Forwarded-For") == NULL &&
         soup_message_headers_get_one (headers, "X-Real-IP") == NULL &&
         soup_message_headers_get_one (headers, "Forwarded") == NULL;
}

static const char *
member_type_words (MemberType type)
{
  switch (type)
    {
    case MEMBER_STRING:
      return "a string";
    case MEMBER_STRING_OR_NULL:
      return "a string or null";
    case MEMBER_ARRAY:
      return "a list";
    case MEMBER_BOOLEAN:
      return "true or false";
    default:
      g_assert_not_reached ();
    }
}

static gboolean
member_has_type (JsonNode   *node,
                 MemberType  type)
{
  gboolean is_string = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;

  switch (type)
    {
    case MEMBER_STRING:
      return is_string;
    case MEMBER_STRING_OR_NULL:
      return is_string || JSON_NODE_HOLDS_NULL (node);
    case MEMBER_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case MEMBER_BOOLEAN:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    default:
      g_assert_not_reached ();
    }
}

/* The body as a JSON object of @members, or NULL with the 400 answered. */
static JsonNode *
parse_body (TlkServerRequest *req,
            const Member     *members)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) names = NULL;
  g_autofree char *message = NULL;
  JsonObject *object;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed",
                              "The request has no body; send a JSON object.");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      message = g_strdup_printf ("The request body is not valid JSON: %s", error->message);
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", "The request body must be a JSON object.");
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const Member *m = members;

      while (m->name != NULL && strcmp (m->name, l->data) != 0)
        m++;
      if (m->name == NULL)
        {
          message = g_strdup_printf ("The member “%s” is not known here.", (const char *) l->data);
          tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
          return NULL;
        }
    }
  for (const Member *m = members; m->name != NULL; m++)
    {
      JsonNode *node = json_object_get_member (object, m->name);

      if (node == NULL && m->required)
        message = g_strdup_printf ("The member “%s” is missing.", m->name);
      else if (node != NULL && !member_has_type (node, m->type))
        message = g_strdup_printf ("The member “%s” must be %s.", m->name, member_type_words (m->type));
      if (message != NULL)
        {
          tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
          return NULL;
        }
    }
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
authenticate (TlkServerRequest  *req,
              TlkTokenInfo     **info)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  TlkAuthResult result = tlk_server_authenticate (req->server, req->msg, info, &hash, &error);

  if (result == TLK_AUTH_STORE_FAILED)
    {
      tlk_server_reply_internal (req, error);
      return FALSE;
    }
  if (result != TLK_AUTH_OK)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "WWW-Authenticate",
                                    "Bearer realm=\"telekit\"");
      tlk_server_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized", tlk_auth_result_message (result));
      return FALSE;
    }
  request_data (req->msg)->token_hash = g_steal_pointer (&hash);
  req->user = (*info)->user;
  req->role = (*info)->role;
  req->device_id = (*info)->device_id;
  return TRUE;
}

static void
on_route (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  TlkServer *self = user_data;
  TlkServerRequest req = { self, msg, path, query, NULL, NULL, NULL, NULL };
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autoptr(TlkTokenInfo) info = NULL;
  g_autoptr(JsonNode) body = NULL;
  const Route *route = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (route_matches (&routes[i], path))
      {
        g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", routes[i].method);
        if (strcmp (routes[i].method, method) == 0)
          route = &routes[i];
      }

  if (allowed->len == 0)
    {
      tlk_server_reply_error (&req, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this address.");
      return;
    }
  if (route == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not allowed here; use %s.", method, allowed->str);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed->str);
      tlk_server_reply_error (&req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", message);
      return;
    }
  if ((route->flags & ROUTE_LOOPBACK) && !from_this_machine (msg))
    {
      tlk_server_reply_error (&req, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "This is answered only to programs on the server’s own machine.");
      return;
    }
  if (!(route->flags & ROUTE_PUBLIC) && !authenticate (&req, &info))
    return;
  if (route->members != NULL)
    {
      body = parse_body (&req, route->members);
      if (body == NULL)
        return;
      req.body = json_node_get_object (body);
    }

  route->handle (&req);
  if (soup_server_message_get_status (msg) == 0 && !request_data (msg)->paused)
    tlk_server_reply_error (&req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "The server gave no answer.");
}

static void
on_no_route (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  reply_error (user_data, msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this address.");
}

/* ---- tlk-server-private.h and tlk-server-routes.h ---------------------- */

TlkStore *
tlk_server_get_store (TlkServer *self)
{
  g_return_val_if_fail (TLK_IS_SERVER (self), NULL);
  return self->store;
}

TlkServerMetrics *
tlk_server_get_metrics (TlkServer *self)
{
  g_return_val_if_fail (TLK_IS_SERVER (self), NULL);
  return self->metrics;
}

guint
tlk_server_get_token_lifetime (TlkServer *self)
{
  g_return_val_if_fail (TLK_IS_SERVER (self), 0);
  return self->token_lifetime;
}

void
tlk_server_reply (TlkServerRequest *req,
                  guint             status,
                  JsonNode         *body)
{
  g_autoptr(JsonNode) root = body;
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  g_return_if_fail (req != NULL && body != NULL);

  json_generator_set_root (gen, root);
  if (req->server->shutting_down)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Connection", "close");
  reply_json_text (req->msg, status, json_generator_to_data (gen, NULL));
}

void
tlk_server_reply_error (TlkServerRequest *req,
                        guint             status,
                        const char       *word,
                        const char       *message)
{
  g_return_if_fail (req != NULL && word != NULL && message != NULL);
  reply_error (req->server, req->msg, status, word, message);
}

void
tlk_server_reply_text (TlkServerRequest *req,
                       guint             status,
                       const char       *text)
{
  g_return_if_fail (req != NULL && text != NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Cache-Control", "no-store");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

void
tlk_server_reply_internal (TlkServerRequest *req,
                           const GError     *error)
{
  g_return_if_fail (req != NULL);

  /* For the operator; the client gets no details of the machine. */
  g_message ("%s %s failed: %s", soup_server_message_get_method (req->msg), req->path,
             error ? error->message : "no reason given");
  tlk_server_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                          "The server could not use its database; nothing was changed.");
}

const char *
tlk_server_request_token_hash (TlkServerRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);
  return request_data (req->msg)->token_hash;
}

const char *
tlk_server_request_path_id (TlkServerRequest *req)
{
  const char *slash;

  g_return_val_if_fail (req != NULL, NULL);
  slash = strrchr (req->path, '/');
  return slash ? slash + 1 : req->path;
}

void
tlk_server_pause (TlkServerRequest *req)
{
  g_return_if_fail (req != NULL);

  request_data (req->msg)->paused = TRUE;
  soup_server_message_pause (req->msg);
}

void
tlk_server_resume (TlkServer         *self,
                   SoupServerMessage *msg)
{
  RequestData *data;

  g_return_if_fail (TLK_IS_SERVER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  data = request_data (msg);
  if (data == NULL || !data->in_flight)
    return;
  data->paused = FALSE;
  soup_server_message_unpause (msg);
}

char *
tlk_server_time_iso (gint64 seconds_from_now)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds_from_now);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- the object -------------------------------------------------------- */

static void
tlk_server_dispose (GObject *object)
{
  TlkServer *self = TLK_SERVER (object);

  g_clear_handle_id (&self->finish_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  G_OBJECT_CLASS (tlk_server_parent_class)->dispose (object);
}

static void
tlk_server_finalize (GObject *object)
{
  TlkServer *self = TLK_SERVER (object);

  g_clear_pointer (&self->metrics, tlk_server_metrics_free);
  g_clear_pointer (&self->store, tlk_store_free);
  G_OBJECT_CLASS (tlk_server_parent_class)->finalize (object);
}

static void
tlk_server_class_init (TlkServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tlk_server_dispose;
  object_class->finalize = tlk_server_finalize;

  /**
   * TlkServer::stopped:
   *
   * After tlk_server_shutdown(): nothing is in flight any more, nothing is
   * listened on, the database is checkpointed.
   */
  signals[STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
tlk_server_init (TlkServer *self)
{
  self->token_lifetime = TLK_SERVER_TOKEN_LIFETIME;
  self->metrics = tlk_server_metrics_new ();
  self->soup = soup_server_new ("server-header", "telekit-server", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (i == 0 || strcmp (routes[i].path, routes[i - 1].path) != 0)
      soup_server_add_handler (self->soup, routes[i].path, on_route, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_no_route, self, NULL);

  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_finished), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (on_request_aborted), self, 0);
}

TlkServer *
tlk_server_new (const char *db_path,
                GError    **error)
{
  g_autoptr(TlkStore) store = NULL;
  TlkServer *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_CRYPTO,
                           "libsodium cannot start (no source of random numbers).");
      return NULL;
    }
  store = tlk_store_open (db_path, error);
  if (store == NULL)
    return NULL;
  self = g_object_new (TLK_TYPE_SERVER, NULL);
  self->store = g_steal_pointer (&store);
  return self;
}

static gboolean
set_certificate (TlkServer  *self,
                 const char *tls_cert,
                 const char *tls_key,
                 GError    **error)
{
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) local_error = NULL;

  if (tls_cert == NULL || tls_key == NULL)
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_TLS,
                           "HTTPS needs both a certificate (--tls-cert) and its key (--tls-key).");
      return FALSE;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_TLS,
                           "TLS is not available on this machine (install glib-networking).");
      return FALSE;
    }
  cert = g_tls_certificate_new_from_files (tls_cert, tls_key, &local_error);
  if (cert == NULL)
    {
      g_set_error (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_TLS, "The certificate %s or its key %s cannot be used: %s",
                   tls_cert, tls_key, local_error->message);
      return FALSE;
    }
  soup_server_set_tls_certificate (self->soup, cert);
  return TRUE;
}

gboolean
tlk_server_listen (TlkServer  *self,
                   const char *host,
                   guint       port,
                   const char *tls_cert,
                   const char *tls_key,
                   GError    **error)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupServerListenOptions options = 0;
  GList *addresses;

  g_return_val_if_fail (TLK_IS_SERVER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tls_cert != NULL || tls_key != NULL)
    {
      if (!set_certificate (self, tls_cert, tls_key, error))
        return FALSE;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  addresses = g_resolver_lookup_by_name (resolver, host, NULL, &local_error);
  if (addresses == NULL)
    {
      g_set_error (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_LISTEN, "The address %s is not known: %s", host,
                   local_error->message);
      return FALSE;
    }
  address = g_inet_socket_address_new (addresses->data, (guint16) port);
  g_resolver_free_addresses (addresses);

  /* Our own socket for a deeper accept queue than libsoup's 10: fifty
   * computers coming back online at once would otherwise be reset. */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &local_error);
  if (socket != NULL)
    g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (socket == NULL || !g_socket_bind (socket, address, TRUE, &local_error) ||
      !g_socket_listen (socket, &local_error) ||
      !soup_server_listen_socket (self->soup, socket, options, &local_error))
    {
      g_set_error (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_LISTEN, "Cannot listen on %s port %u: %s", host, port,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

guint
tlk_server_get_port (TlkServer *self)
{
  g_autoptr(GSList) listeners = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (TLK_IS_SERVER (self), 0);

  listeners = soup_server_get_listeners (self->soup);
  if (listeners == NULL)
    return 0;
  address = g_socket_get_local_address (listeners->data, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

gboolean
tlk_server_is_https (TlkServer *self)
{
  g_return_val_if_fail (TLK_IS_SERVER (self), FALSE);
  return soup_server_is_https (self->soup);
}

void
tlk_server_set_token_lifetime (TlkServer *self,
                               guint      seconds)
{
  g_return_if_fail (TLK_IS_SERVER (self));
  self->token_lifetime = seconds;
}

static gboolean
on_grace_over (gpointer user_data)
{
  TlkServer *self = user_data;

  self->grace_id = 0;
  g_message ("%u requests did not finish in %d s; stopping anyway.", self->in_flight, SHUTDOWN_GRACE_SECONDS);
  if (!self->stopped && self->finish_id == 0)
    self->finish_id = g_idle_add (finish_shutdown, self);
  return G_SOURCE_REMOVE;
}

void
tlk_server_shutdown (TlkServer *self)
{
  g_return_if_fail (TLK_IS_SERVER (self));

  if (self->shutting_down)
    return;
  /* From now on new requests are answered 503 (on_got_headers); the
   * listeners close once the requests in flight are done. */
  self->shutting_down = TRUE;
  self->grace_id = g_timeout_add_seconds (SHUTDOWN_GRACE_SECONDS, on_grace_over, self);
  maybe_finish_shutdown (self);
}
