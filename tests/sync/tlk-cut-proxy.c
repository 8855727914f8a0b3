/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tlk-cut-proxy.h"

struct _TlkCutProxy
{
  GSocket   *listener;
  guint16    port;
  guint16    upstream_port;
  GThread   *acceptor;
  GMutex     lock;
  gint64     cut;
  gboolean   responses_only;
  guint      epoch;         /* moves with every tlk_cut_proxy_set_cut() */
  guint      cuts;
  GPtrArray *threads;
};

typedef struct
{
  TlkCutProxy *proxy;
  GSocket     *client;
  GSocket     *server;
  gint64       limit;
  gboolean     responses_only;
  gint64       passed;     /* bytes counted towards the limit */
  guint        epoch;
  GMutex       lock;
  gboolean     cut;
  int          refs;
} Connection;

static void
connection_unref (Connection *c)
{
  gboolean last;

  g_mutex_lock (&c->lock);
  last = --c->refs == 0;
  g_mutex_unlock (&c->lock);
  if (!last)
    return;
  g_socket_close (c->client, NULL);
  g_socket_close (c->server, NULL);
  g_object_unref (c->client);
  g_object_unref (c->server);
  g_mutex_clear (&c->lock);
  g_free (c);
}

typedef struct
{
  Connection *c;
  gboolean    from_server;
} Pump;

static gpointer
pump (gpointer data)
{
  Pump *p = data;
  Connection *c = p->c;
  GSocket *from = p->from_server ? c->server : c->client;
  GSocket *to = p->from_server ? c->client : c->server;
  char buf[4096];

  for (;;)
    {
      gssize n = g_socket_receive (from, buf, sizeof buf, NULL, NULL);
      gssize allowed = n;
      gboolean cut_now = FALSE;

      if (n <= 0)
        break;
      /* A new setting applies to open connections too, counted from now:
       * the client keeps its connection alive across syncs. */
      g_mutex_lock (&c->proxy->lock);
      g_mutex_lock (&c->lock);
      if (c->epoch != c->proxy->epoch)
        {
          c->epoch = c->proxy->epoch;
          c->limit = c->proxy->cut;
          c->responses_only = c->proxy->responses_only;
          c->passed = 0;
        }
      g_mutex_unlock (&c->proxy->lock);
      if (c->cut)
        allowed = 0;
      else if (c->limit >= 0 && (p->from_server || !c->responses_only))
        {
          if (c->passed + n >= c->limit)
            {
              allowed = c->limit - c->passed;
              cut_now = TRUE;
              c->cut = TRUE;
            }
          c->passed += allowed;
        }
      g_mutex_unlock (&c->lock);

      if (allowed > 0 && !g_socket_send_with_blocking (to, buf, allowed, TRUE, NULL, NULL))
        break;
      if (cut_now || allowed < n)
        {
          if (cut_now)
            {
              g_mutex_lock (&c->proxy->lock);
              c->proxy->cuts++;
              g_mutex_unlock (&c->proxy->lock);
            }
          break;
        }
    }
  /* Either side ending ends both: a broken connection, as seen by both. */
  g_socket_shutdown (c->client, TRUE, TRUE, NULL);
  g_socket_shutdown (c->server, TRUE, TRUE, NULL);
  connection_unref (c);
  g_free (p);
  return NULL;
}

static gpointer
accept_loop (gpointer data)
{
  TlkCutProxy *proxy = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (proxy->listener, NULL, NULL);
      g_autoptr(GSocket) server = NULL;
      g_autoptr(GInetAddress) lo = NULL;
      g_autoptr(GSocketAddress) addr = NULL;
      Connection *c;

      if (client == NULL)
        return NULL;
      server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_mutex_lock (&proxy->lock);
      addr = g_inet_socket_address_new (lo, proxy->upstream_port);
      g_mutex_unlock (&proxy->lock);
      if (!g_socket_connect (server, addr, NULL, NULL))
        continue;   /* the server is down: the client sees a closed connection */

      c = g_new0 (Connection, 1);
      c->proxy = proxy;
      c->client = g_steal_pointer (&client);
      c->server = g_steal_pointer (&server);
      g_mutex_init (&c->lock);
      c->refs = 2;
      g_mutex_lock (&proxy->lock);
      c->limit = proxy->cut;
      c->responses_only = proxy->responses_only;
      c->epoch = proxy->epoch;
      for (int i = 0; i < 2; i++)
        {
          Pump *p = g_new0 (Pump, 1);

          p->c = c;
          p->from_server = i == 1;
          g_ptr_array_add (proxy->threads, g_thread_new ("cut-proxy-pump", pump, p));
        }
      g_mutex_unlock (&proxy->lock);
    }
}

TlkCutProxy *
tlk_cut_proxy_new (guint16 upstream_port)
{
  TlkCutProxy *proxy = g_new0 (TlkCutProxy, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->lock);
  proxy->upstream_port = upstream_port;
  proxy->cut = -1;
  proxy->threads = g_ptr_array_new ();
  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (proxy->listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (proxy->listener, &error));
  bound = g_socket_get_local_address (proxy->listener, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->acceptor = g_thread_new ("cut-proxy", accept_loop, proxy);
  return proxy;
}

guint16
tlk_cut_proxy_get_port (TlkCutProxy *proxy)
{
  return proxy->port;
}

void
tlk_cut_proxy_set_cut (TlkCutProxy *proxy,
                       gint64       bytes,
                       gboolean     responses_only)
{
  g_mutex_lock (&proxy->lock);
  proxy->cut = bytes;
  proxy->responses_only = responses_only;
  proxy->epoch++;
  g_mutex_unlock (&proxy->lock);
}

void
tlk_cut_proxy_set_upstream (TlkCutProxy *proxy,
                            guint16      upstream_port)
{
  g_mutex_lock (&proxy->lock);
  proxy->upstream_port = upstream_port;
  g_mutex_unlock (&proxy->lock);
}

guint
tlk_cut_proxy_get_cuts (TlkCutProxy *proxy)
{
  guint cuts;

  g_mutex_lock (&proxy->lock);
  cuts = proxy->cuts;
  g_mutex_unlock (&proxy->lock);
  return cuts;
}

void
tlk_cut_proxy_free (TlkCutProxy *proxy)
{
  if (proxy == NULL)
    return;
  g_socket_shutdown (proxy->listener, TRUE, TRUE, NULL);
  g_socket_close (proxy->listener, NULL);
  g_thread_join (proxy->acceptor);
  /* Pumps end when their connection does; the client's session is gone
   * by now, so every connection is closed. */
  for (guint i = 0; i < proxy->threads->len; i++)
    g_thread_join (g_ptr_array_index (proxy->threads, i));
  g_ptr_array_unref (proxy->threads);
  g_object_unref (proxy->listener);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}
