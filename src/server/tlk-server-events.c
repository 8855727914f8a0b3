/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include <stdlib.h>

#include "tlk-server-private.h"
#include "tlk-store-sync.h"
#include "tlk-role.h"

/* PROTOCOL.md: push and pull of events. */

#define MAX_PUSH 1000
#define MAX_PULL 5000
#define DEFAULT_PULL 1000

static void
malformed (TlkServerRequest *req,
           const char       *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
malformed (TlkServerRequest *req,
           const char       *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
}

/* Reads the batch; on a problem answers and returns NULL. */
static GPtrArray *
read_batch (TlkServerRequest *req)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  /* Users defined earlier in the same batch count as known. */
  g_autoptr(GHashTable) batch_users = g_hash_table_new (g_str_hash, g_str_equal);
  TlkStore *store = tlk_server_get_store (req->server);
  JsonObjectIter iter;
  const char *member;
  JsonNode *node, *device_node, *events_node;
  const char *device_id;
  JsonArray *array;

  if (req->body == NULL)
    {
      malformed (req, "The body must be a JSON object.");
      return NULL;
    }
  json_object_iter_init (&iter, req->body);
  while (json_object_iter_next (&iter, &member, &node))
    if (g_strcmp0 (member, "device_id") != 0 && g_strcmp0 (member, "events") != 0)
      {
        malformed (req, "Unknown member “%s”.", member);
        return NULL;
      }
  device_node = json_object_get_member (req->body, "device_id");
  events_node = json_object_get_member (req->body, "events");
  if (device_node == NULL || !JSON_NODE_HOLDS_VALUE (device_node) ||
      json_node_get_value_type (device_node) != G_TYPE_STRING)
    {
      malformed (req, "“device_id” must be text.");
      return NULL;
    }
  if (events_node == NULL || !JSON_NODE_HOLDS_ARRAY (events_node))
    {
      malformed (req, "“events” must be a list.");
      return NULL;
    }
  device_id = json_node_get_string (device_node);
  if (g_strcmp0 (device_id, req->device_id) != 0)
    {
      tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "A computer may only upload events it wrote, with the sign-in it was given.");
      return NULL;
    }
  array = json_node_get_array (events_node);
  if (json_array_get_length (array) > MAX_PUSH)
    {
      malformed (req, "At most %d events in one push.", MAX_PUSH);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlkEvent) event = tlk_event_from_json (element, &error);
      TlkUser *actor;

      if (event == NULL)
        {
          malformed (req, "Event %u: %s", i, error->message);
          return NULL;
        }
      if (event->server_seq != 0 || event->conflict != NULL)
        {
          malformed (req, "Event %u: only the server gives a “server_seq”.", i);
          return NULL;
        }
      if (g_strcmp0 (event->device_id, device_id) != 0)
        {
          tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                                  "A computer may only upload events it wrote.");
          return NULL;
        }
      if (!tlk_role_may_write (req->role, event->type))
        {
          g_autofree char *message = g_strdup_printf ("Event %u: a %s may not write “%s” events.", i, req->role,
                                                      tlk_event_type_to_string (event->type));
          tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", message);
          return NULL;
        }
      actor = tlk_store_load (store, TLK_SUBJECT_USER, event->actor);
      if (actor == NULL && !g_hash_table_contains (batch_users, event->actor))
        {
          malformed (req, "Event %u: the actor “%s” is not a user of this server.", i, event->actor);
          return NULL;
        }
      tlk_user_free (actor);
      if (event->type == TLK_EVENT_USER_DEFINED)
        g_hash_table_add (batch_users, event->subject);
      g_ptr_array_add (events, g_steal_pointer (&event));
    }
  return g_steal_pointer (&events);
}

void
tlk_server_events_push (TlkServerRequest *req)
{
  g_autoptr(GPtrArray) events = read_batch (req);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (events == NULL)
    return;

  results = tlk_store_accept_events (tlk_server_get_store (req->server), events, &error);
  if (results == NULL)
    {
      if (g_error_matches (error, TLK_STORE_ERROR, TLK_STORE_ERROR_EVENT_ID_REUSED))
        tlk_server_reply_error (req, SOUP_STATUS_CONFLICT, "event_id_reused", error->message);
      else
        tlk_server_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < results->len; i++)
    {
      TlkPushResult *r = g_ptr_array_index (results, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "event_id");
      json_builder_add_string_value (b, r->event_id);
      json_builder_set_member_name (b, "server_seq");
      json_builder_add_int_value (b, r->server_seq);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, tlk_push_status_to_string (r->status));
      if (r->reason != NULL)
        {
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, r->reason);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  tlk_server_reply (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

/* A whole number in [@min, @max] from the query, or @fallback when absent. */
static gboolean
query_number (TlkServerRequest *req,
              const char       *name,
              gint64            min,
              gint64            max,
              gint64            fallback,
              gint64           *value)
{
  const char *text = req->query ? g_hash_table_lookup (req->query, name) : NULL;
  char *end = NULL;

  *value = fallback;
  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || *end != '\0' || *value < min || *value > max)
    {
      malformed (req, "“%s” must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ".",
                 name, min, max);
      return FALSE;
    }
  return TRUE;
}

void
tlk_server_events_pull (TlkServerRequest *req)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  gint64 after, limit, last;
  gboolean more = FALSE;

  if (!query_number (req, "after", 0, G_MAXINT64, 0, &after) ||
      !query_number (req, "limit", 1, MAX_PULL, DEFAULT_PULL, &limit))
    return;

  events = tlk_store_events_after (tlk_server_get_store (req->server), after, (guint) limit, &more, &error);
  if (events == NULL)
    {
      tlk_server_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }

  last = after;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    {
      TlkEvent *event = g_ptr_array_index (events, i);

      json_builder_add_value (b, tlk_event_to_json (event));
      last = event->server_seq;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "last");
  json_builder_add_int_value (b, last);
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, more);
  json_builder_end_object (b);
  tlk_server_reply (req, SOUP_STATUS_OK, json_builder_get_root (b));
}
