/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-sync"

#include "config.h"

#include "tlk-sync.h"

#include <glib/gi18n-lib.h>

#include "tlk-role.h"
#include "tlk-store-routes.h"
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

/* One page of a pull, read and checked off the storing thread. */
typedef struct
{
  GPtrArray *events;  /* in server order; NULL when the fetching stopped */
  gint64     last;
  gboolean   more;
  GError    *error;   /* why it stopped, if it did not just end */
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->events, g_ptr_array_unref);
  g_clear_error (&page->error);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static Page *
fetch_page (TlkSyncClient *client,
            gint64         after,
            GCancellable  *cancellable)
{
  g_autoptr(Page) page = g_new0 (Page, 1);
  g_autofree char *path = g_strdup_printf ("/api/v1/events?after=%" G_GINT64_FORMAT "&limit=%d",
                                           after, TLK_SYNC_PULL_PAGE);
  g_autoptr(JsonNode) answer = tlk_sync_client_request (client, "GET", path, NULL, cancellable, &page->error);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  JsonObject *obj;
  JsonNode *list, *last, *more_node;
  gint64 last_seq = after;

  if (answer == NULL)
    return g_steal_pointer (&page);
  obj = json_node_get_object (answer);
  list = json_object_get_member (obj, "events");
  last = json_object_get_member (obj, "last");
  more_node = json_object_get_member (obj, "more");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) || last == NULL ||
      json_node_get_value_type (last) != G_TYPE_INT64 || more_node == NULL ||
      json_node_get_value_type (more_node) != G_TYPE_BOOLEAN)
    {
      protocol_error (&page->error, "events");
      return g_steal_pointer (&page);
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      g_autoptr(GError) event_error = NULL;
      TlkEvent *event = tlk_event_from_json (json_array_get_element (json_node_get_array (list), i),
                                             &event_error);

      /* In server order, each after the cursor. */
      if (event == NULL || event->server_seq <= last_seq)
        {
          tlk_event_free (event);
          protocol_error (&page->error, event_error ? event_error->message : "server_seq");
          return g_steal_pointer (&page);
        }
      last_seq = event->server_seq;
      g_ptr_array_add (events, event);
    }
  if (json_node_get_int (last) != last_seq)
    {
      protocol_error (&page->error, "last");
      return g_steal_pointer (&page);
    }
  page->more = json_node_get_boolean (more_node);
  if (page->more && events->len == 0)
    {
      protocol_error (&page->error, "more");
      return g_steal_pointer (&page);
    }
  page->last = last_seq;
  page->events = g_steal_pointer (&events);
  return g_steal_pointer (&page);
}

/* Pages are fetched and read on a thread of their own while the one
 * before is being stored: a pull then takes about as long as storing it,
 * not storing + the server's time + reading JSON. At most FETCH_AHEAD
 * pages wait, so memory stays bounded. Only stored pages move the cursor,
 * so a page fetched ahead and then dropped is simply fetched again. */
#define FETCH_AHEAD 2

typedef struct
{
  TlkSyncClient *client;
  GCancellable  *cancellable;
  gint64         after;
  GAsyncQueue   *pages;  /* Page *, fetched */
  GAsyncQueue   *room;   /* one token for each page that may be fetched */
} Fetcher;

static gpointer
fetcher_thread (gpointer data)
{
  Fetcher *f = data;
  gboolean go_on = TRUE;

  while (go_on)
    {
      Page *page;

      g_async_queue_pop (f->room);
      page = fetch_page (f->client, f->after, f->cancellable);
      go_on = page->events != NULL && page->more;
      f->after = page->last;
      g_async_queue_push (f->pages, page);
    }
  return NULL;
}

static void
cancel_cb (GCancellable *outer,
           GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

gboolean
tlk_sync_pull (TlkStore      *store,
               TlkSyncClient *client,
               TlkSyncStats  *stats,
               GCancellable  *cancellable,
               GError       **error)
{
  TlkSyncStats local = { 0 };
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  Fetcher f = { 0 };
  GThread *thread;
  gulong handler = 0;
  gboolean ok = TRUE, more = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (client != NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_cb), stop, NULL);

  f.client = client;
  f.cancellable = stop;
  f.after = tlk_store_get_cursor (store);
  f.pages = g_async_queue_new_full ((GDestroyNotify) page_free);
  f.room = g_async_queue_new ();
  for (guint i = 0; i < FETCH_AHEAD; i++)
    g_async_queue_push (f.room, GINT_TO_POINTER (1));
  thread = g_thread_new ("tlk-pull", fetcher_thread, &f);

  while (ok && more)
    {
      g_autoptr(Page) page = g_async_queue_pop (f.pages);

      if (page->events == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&page->error));
          ok = FALSE;
          break;
        }
      more = page->more;
      if (more)
        g_async_queue_push (f.room, GINT_TO_POINTER (1));
      ok = tlk_store_apply_pulled (store, page->events, page->last, error);
      for (guint i = 0; ok && i < page->events->len; i++)
        if (g_strcmp0 (((TlkEvent *) g_ptr_array_index (page->events, i))->device_id,
                       tlk_store_get_device_id (store)) != 0)
          stats->pulled++;
    }

  /* Stop a fetcher still waiting for room or for the server. */
  if (!ok)
    {
      g_cancellable_cancel (stop);
      g_async_queue_push (f.room, GINT_TO_POINTER (1));
    }
  g_thread_join (thread);
  g_cancellable_disconnect (cancellable, handler);
  g_async_queue_unref (f.pages);
  g_async_queue_unref (f.room);
  return ok;
}

/* Details of citizens written here (a coordinator's orders) go to the
 * server, which gives them to the drivers who need them. */
static gboolean
send_citizens (TlkStore      *store,
               TlkSyncClient *client,
               const char    *user,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) citizens = tlk_store_unsent_citizens (store, user, error);

  if (citizens == NULL)
    return FALSE;
  for (guint i = 0; i < citizens->len; i++)
    {
      TlkCitizen *c = g_ptr_array_index (citizens, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = g_strconcat ("/api/v1/citizens/", c->id, NULL);
      const char *names[] = { "name", "address", "phone", "access_notes" };
      const char *values[] = { c->name, c->address, c->phone, c->access_notes };

      json_builder_begin_object (b);
      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        {
          json_builder_set_member_name (b, names[f]);
          if (values[f] != NULL)
            json_builder_add_string_value (b, values[f]);
          else
            json_builder_add_null_value (b);
        }
      json_builder_end_object (b);
      body = json_builder_get_root (b);
      answer = tlk_sync_client_request (client, "PUT", path, body, cancellable, error);
      if (answer == NULL || !tlk_store_mark_citizen_sent (store, c->id, error))
        return FALSE;
    }
  return TRUE;
}

/* A driver's proofs of delivery (recipient and signature) go to the server
 * after the stops' events, and are erased here once it has them. */
static gboolean
send_proofs (TlkStore      *store,
             TlkSyncClient *client,
             const char    *user,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) proofs = tlk_store_unsent_proofs (store, user, error);

  if (proofs == NULL)
    return FALSE;
  for (guint i = 0; i < proofs->len; i++)
    {
      TlkProof *p = g_ptr_array_index (proofs, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = g_strconcat ("/api/v1/proofs/", p->stop, NULL);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "recipient");
      json_builder_add_string_value (b, p->recipient);
      json_builder_set_member_name (b, "signature");
      json_builder_add_string_value (b, p->signature);
      json_builder_set_member_name (b, "signed_at");
      json_builder_add_string_value (b, p->signed_at);
      json_builder_end_object (b);
      body = json_builder_get_root (b);
      answer = tlk_sync_client_request (client, "PUT", path, body, cancellable, error);
      if (answer == NULL || !tlk_store_forget_proof (store, p->stop, error))
        return FALSE;
    }
  return TRUE;
}

/* When details fetched now must be gone: a working day and a night after
 * the last sync that named them, unless the store's sync value
 * "citizen_keep_seconds" says otherwise. */
#define CITIZEN_KEEP_SECONDS (24 * 3600)

static char *
citizens_keep_until (TlkStore *store)
{
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) until = NULL;
  gint64 seconds;

  value = tlk_store_get_sync_value (store, "citizen_keep_seconds");
  seconds = value != NULL ? g_ascii_strtoll (value, NULL, 10) : CITIZEN_KEEP_SECONDS;
  until = g_date_time_add_seconds (now, (gdouble) MAX (seconds, 0));
  return g_date_time_format_iso8601 (until);
}

static gboolean
erase_expired_citizens (TlkStore *store,
                        GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = g_date_time_format_iso8601 (now);

  return tlk_store_erase_expired_citizens (store, text, NULL, error);
}

static TlkCitizen *
citizen_from_json (JsonNode *node)
{
  g_autoptr(TlkCitizen) c = g_new0 (TlkCitizen, 1);
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  c->id = g_strdup (json_object_get_string_member_with_default (o, "id", NULL));
  c->name = g_strdup (json_object_get_string_member_with_default (o, "name", NULL));
  if (c->id == NULL || c->name == NULL)
    return NULL;
  c->address = g_strdup (json_object_get_string_member_with_default (o, "address", NULL));
  c->phone = g_strdup (json_object_get_string_member_with_default (o, "phone", NULL));
  c->access_notes = g_strdup (json_object_get_string_member_with_default (o, "access_notes", NULL));
  return g_steal_pointer (&c);
}

/* A driver's computer holds the details of its own open stops' citizens
 * and nobody else's, for at most the keep time (DESIGN §5). */
static gboolean
fetch_citizens (TlkStore      *store,
                TlkSyncClient *client,
                const char    *user,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(JsonNode) answer = tlk_sync_client_request (client, "GET", "/api/v1/my-citizens", NULL, cancellable,
                                                        error);
  g_autoptr(GPtrArray) citizens = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_citizen_free);
  g_autofree char *keep_until = NULL;
  JsonArray *list;

  if (answer == NULL)
    return FALSE;
  list = json_object_get_array_member (json_node_get_object (answer), "citizens");
  if (list == NULL)
    return protocol_error (error, "citizens");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      TlkCitizen *c = citizen_from_json (json_array_get_element (list, i));

      if (c == NULL)
        return protocol_error (error, "citizens");
      g_ptr_array_add (citizens, c);
    }
  keep_until = citizens_keep_until (store);
  return tlk_store_keep_citizens (store, citizens, keep_until, user, error);
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
  g_autofree char *role = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (client != NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  *stats = (TlkSyncStats) { 0 };

  /* Offline too: whatever comes of the rest, old details go first. */
  if (!erase_expired_citizens (store, error))
    return FALSE;

  /* A token from the keyring comes without the sign-in's answer: the role
   * and user are kept from the last sign-in. */
  if (tlk_sync_client_get_role (client) != NULL)
    {
      tlk_store_set_sync_value (store, "role", tlk_sync_client_get_role (client), NULL);
      tlk_store_set_sync_value (store, "user", tlk_sync_client_get_user (client), NULL);
    }
  role = tlk_store_get_sync_value (store, "role");
  user = tlk_store_get_sync_value (store, "user");
  /* The access log needs a name even before the first sign-in's answer. */
  if (user == NULL)
    user = g_strdup ("sync");

  now = tlk_time_now_iso ();
  if ((!tlk_role_may_change_citizens (role) || send_citizens (store, client, user, cancellable, &local_error)) &&
      tlk_sync_push (store, client, stats, cancellable, &local_error) &&
      send_proofs (store, client, user, cancellable, &local_error) &&
      tlk_sync_pull (store, client, stats, cancellable, &local_error) &&
      (tlk_role_citizen_access (role) != TLK_CITIZEN_ACCESS_OWN_STOPS ||
       fetch_citizens (store, client, user, cancellable, &local_error)))
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
