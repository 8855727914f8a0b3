/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-sync"

#include "config.h"

#include "tlk-sync.h"

#include <glib/gi18n-lib.h>

#include "tlk-store-sync.h"

static gboolean
protocol_error (GError    **error,
                const char *what)
{
  g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL,
               _("The server’s answer was not as expected: %s"), what);
  return FALSE;
}

JsonNode *
tlk_sync_push_body (const char      *device_id,
                    TlkEvent *const *events,
                    guint            n_events)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (events != NULL || n_events == 0, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device_id");
  json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_events; i++)
    {
      JsonNode *node = tlk_event_to_json (events[i]);

      /* Pending: the server gives the number. */
      json_object_remove_member (json_node_get_object (node), "server_seq");
      json_builder_add_value (b, node);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The answer must speak of exactly the events sent, in order. */
static GPtrArray *
read_results (JsonNode  *answer,
              GPtrArray *events,
              GError   **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_push_result_free);
  JsonNode *node = json_object_get_member (json_node_get_object (answer), "results");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      protocol_error (error, "results");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) != events->len)
    {
      protocol_error (error, "results");
      return NULL;
    }
  for (guint i = 0; i < events->len; i++)
    {
      TlkEvent *event = g_ptr_array_index (events, i);
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *obj;
      g_autoptr(TlkPushResult) r = g_new0 (TlkPushResult, 1);
      JsonNode *seq, *reason;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          protocol_error (error, "results");
          return NULL;
        }
      obj = json_node_get_object (item);
      seq = json_object_get_member (obj, "server_seq");
      reason = json_object_get_member (obj, "reason");
      r->event_id = g_strdup (json_object_get_string_member_with_default (obj, "event_id", ""));
      if (g_strcmp0 (r->event_id, event->event_id) != 0 || seq == NULL ||
          json_node_get_value_type (seq) != G_TYPE_INT64 || json_node_get_int (seq) < 1 ||
          !tlk_push_status_from_string (json_object_get_string_member_with_default (obj, "status", ""), &r->status))
        {
          protocol_error (error, "results");
          return NULL;
        }
      r->server_seq = json_node_get_int (seq);
      if (reason != NULL && JSON_NODE_HOLDS_VALUE (reason) && json_node_get_value_type (reason) == G_TYPE_STRING)
        r->reason = g_strdup (json_node_get_string (reason));
      g_ptr_array_add (results, g_steal_pointer (&r));
    }
  return g_steal_pointer (&results);
}

gboolean
tlk_sync_push (TlkStore      *store,
               TlkSyncClient *client,
               TlkSyncStats  *stats,
               GCancellable  *cancellable,
               GError       **error)
{
  TlkSyncStats local = { 0 };

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (client != NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  for (;;)
    {
      g_autoptr(GPtrArray) events = tlk_store_pending_events (store, TLK_SYNC_PUSH_BATCH, error);
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GPtrArray) results = NULL;

      if (events == NULL)
        return FALSE;
      if (events->len == 0)
        return TRUE;

      body = tlk_sync_push_body (tlk_store_get_device_id (store), (TlkEvent *const *) events->pdata, events->len);
      answer = tlk_sync_client_request (client, "POST", "/api/v1/events", body, cancellable, error);
      if (answer == NULL)
        return FALSE;
      results = read_results (answer, events, error);
      if (results == NULL || !tlk_store_mark_pushed (store, results, error))
        return FALSE;
      stats->pushed += results->len;
      for (guint i = 0; i < results->len; i++)
        if (((TlkPushResult *) g_ptr_array_index (results, i))->reason != NULL)
          stats->conflicts++;
    }
}

gboolean
tlk_sync_pull (TlkStore      *store,
               TlkSyncClient *client,
               TlkSyncStats  *stats,
               GCancellable  *cancellable,
               GError       **error)
{
  TlkSyncStats local = { 0 };
  gboolean more = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (client != NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  while (more)
    {
      gint64 cursor = tlk_store_get_cursor (store);
      g_autofree char *path = g_strdup_printf ("/api/v1/events?after=%" G_GINT64_FORMAT "&limit=%d",
                                               cursor, TLK_SYNC_PULL_PAGE);
      g_autoptr(JsonNode) answer = tlk_sync_client_request (client, "GET", path, NULL, cancellable, error);
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
      JsonObject *obj;
      JsonNode *list, *last, *more_node;
      gint64 last_seq = cursor;

      if (answer == NULL)
        return FALSE;
      obj = json_node_get_object (answer);
      list = json_object_get_member (obj, "events");
      last = json_object_get_member (obj, "last");
      more_node = json_object_get_member (obj, "more");
      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) || last == NULL ||
          json_node_get_value_type (last) != G_TYPE_INT64 || more_node == NULL ||
          json_node_get_value_type (more_node) != G_TYPE_BOOLEAN)
        return protocol_error (error, "events");

      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          g_autoptr(GError) event_error = NULL;
          TlkEvent *event = tlk_event_from_json (json_array_get_element (json_node_get_array (list), i),
                                                 &event_error);

          /* In server order, each after the cursor. */
          if (event == NULL || event->server_seq <= last_seq)
            {
              tlk_event_free (event);
              return protocol_error (error, event_error ? event_error->message : "server_seq");
            }
          last_seq = event->server_seq;
          g_ptr_array_add (events, event);
        }
      if (json_node_get_int (last) != last_seq)
        return protocol_error (error, "last");
      more = json_node_get_boolean (more_node);
      if (more && events->len == 0)
        return protocol_error (error, "more");

      if (!tlk_store_apply_pulled (store, events, last_seq, error))
        return FALSE;
      for (guint i = 0; i < events->len; i++)
        if (g_strcmp0 (((TlkEvent *) g_ptr_array_index (events, i))->device_id, tlk_store_get_device_id (store)) != 0)
          stats->pulled++;
    }
  return TRUE;
}

gboolean
tlk_sync_run (TlkStore      *store,
              TlkSyncClient *client,
              TlkSyncStats  *stats,
              GCancellable  *cancellable,
              GError       **error)
{
  TlkSyncStats local = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (client != NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  *stats = (TlkSyncStats) { 0 };

  now = tlk_time_now_iso ();
  if (tlk_sync_push (store, client, stats, cancellable, &local_error) &&
      tlk_sync_pull (store, client, stats, cancellable, &local_error))
    {
      tlk_store_set_sync_value (store, "last_success", now, NULL);
      tlk_store_set_sync_value (store, "last_error", "", NULL);
      return TRUE;
    }
  tlk_store_set_sync_value (store, "last_error", local_error->message, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

guint
tlk_sync_backoff_ms (guint attempt)
{
  guint64 ms = 1000;

  for (guint i = 1; i < attempt && ms < 300000; i++)
    ms *= 2;
  ms = MIN (ms, 300000);
  return (guint) (ms + g_random_int_range (0, (gint32) (ms / 4) + 1));
}
