/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include <string.h>

#include "tlk-server-routes.h"
#include "tlk-store-sync.h"

/*
 * Operations (PROTOCOL.md "Operations"): /healthz for load balancers and
 * systemd, /metrics in the Prometheus text format 0.0.4 for this machine
 * only.
 */

/* Seconds; the usual Prometheus defaults, from 1 ms. */
static const double buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

typedef struct
{
  guint64 in_bucket[G_N_ELEMENTS (buckets)];
  guint64 count;
  double  sum;
} Histogram;

struct _TlkServerMetrics
{
  GHashTable *requests;    /* "route\tmethod\tstatus" → guint64* */
  GHashTable *durations;   /* "route\tmethod" → Histogram* */
};

TlkServerMetrics *
tlk_server_metrics_new (void)
{
  TlkServerMetrics *metrics = g_new0 (TlkServerMetrics, 1);

  metrics->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  metrics->durations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return metrics;
}

void
tlk_server_metrics_free (TlkServerMetrics *metrics)
{
  if (metrics == NULL)
    return;
  g_hash_table_unref (metrics->requests);
  g_hash_table_unref (metrics->durations);
  g_free (metrics);
}

/* Any method a client invents would be a new series: keep the known ones. */
static const char *
method_label (const char *method)
{
  static const char *const known[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (method, known[i]) == 0)
      return known[i];
  return "other";
}

void
tlk_server_metrics_record (TlkServerMetrics *metrics,
                           const char       *route,
                           const char       *method,
                           guint             status,
                           double            seconds)
{
  g_autofree char *request_key = NULL;
  g_autofree char *duration_key = NULL;
  guint64 *count;
  Histogram *h;

  g_return_if_fail (metrics != NULL && route != NULL);

  method = method_label (method);
  request_key = g_strdup_printf ("%s\t%s\t%u", route, method, status);
  count = g_hash_table_lookup (metrics->requests, request_key);
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (metrics->requests, g_steal_pointer (&request_key), count);
    }
  (*count)++;

  duration_key = g_strdup_printf ("%s\t%s", route, method);
  h = g_hash_table_lookup (metrics->durations, duration_key);
  if (h == NULL)
    {
      h = g_new0 (Histogram, 1);
      g_hash_table_insert (metrics->durations, g_steal_pointer (&duration_key), h);
    }
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    if (seconds <= buckets[i])
      h->in_bucket[i]++;
  h->count++;
  h->sum += seconds;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

static void
family (GString    *out,
        const char *name,
        const char *type,
        const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
render_requests (TlkServerMetrics *metrics,
                 GString          *out)
{
  g_autoptr(GPtrArray) keys = sorted_keys (metrics->requests);

  family (out, "telekit_http_requests_total", "counter", "HTTP requests answered, by route, method and status.");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_auto(GStrv) parts = g_strsplit (key, "\t", 3);
      guint64 *count = g_hash_table_lookup (metrics->requests, key);

      g_string_append_printf (out, "telekit_http_requests_total{route=\"%s\",method=\"%s\",status=\"%s\"} %"
                              G_GUINT64_FORMAT "\n", parts[0], parts[1], parts[2], *count);
    }
}

static void
render_durations (TlkServerMetrics *metrics,
                  GString          *out)
{
  g_autoptr(GPtrArray) keys = sorted_keys (metrics->durations);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  family (out, "telekit_http_request_duration_seconds", "histogram",
          "Time from the start of a request to its answer, by route and method.");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_auto(GStrv) parts = g_strsplit (key, "\t", 2);
      Histogram *h = g_hash_table_lookup (metrics->durations, key);
      g_autofree char *labels = g_strdup_printf ("route=\"%s\",method=\"%s\"", parts[0], parts[1]);

      for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
        g_string_append_printf (out,
                                "telekit_http_request_duration_seconds_bucket{%s,le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                                labels, g_ascii_formatd (number, sizeof number, "%g", buckets[b]), h->in_bucket[b]);
      g_string_append_printf (out,
                              "telekit_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %" G_GUINT64_FORMAT "\n",
                              labels, h->count);
      g_string_append_printf (out, "telekit_http_request_duration_seconds_sum{%s} %s\n", labels,
                              g_ascii_dtostr (number, sizeof number, h->sum));
      g_string_append_printf (out, "telekit_http_request_duration_seconds_count{%s} %" G_GUINT64_FORMAT "\n", labels,
                              h->count);
    }
}

static void
gauge (GString    *out,
       const char *name,
       const char *type,
       const char *help,
       gint64      value)
{
  family (out, name, type, help);
  g_string_append_printf (out, "%s %" G_GINT64_FORMAT "\n", name, value);
}

/* ---- GET /metrics (this machine only) ---------------------------------- */

void
tlk_server_ops_metrics (TlkServerRequest *req)
{
  TlkStore *store = tlk_server_get_store (req->server);
  TlkServerMetrics *metrics = tlk_server_get_metrics (req->server);
  g_autofree char *now = tlk_server_time_iso (0);
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 events = tlk_store_count_events (store);
  gint64 conflicts = tlk_store_count_conflicts (store);
  gint64 tokens = tlk_store_count_open_tokens (store, now);

  if (events < 0 || conflicts < 0 || tokens < 0)
    {
      tlk_server_reply_internal (req, NULL);
      return;
    }
  gauge (out, "telekit_up", "gauge", "1 while the server answers.", 1);
  render_requests (metrics, out);
  render_durations (metrics, out);
  gauge (out, "telekit_events_stored_total", "counter", "Events in the server's log, conflicts included.", events);
  gauge (out, "telekit_conflicts_total", "counter", "Events stored as conflicts.", conflicts);
  gauge (out, "telekit_tokens_open", "gauge", "Sign-in tokens neither expired nor revoked.", tokens);

  tlk_server_reply_text (req, SOUP_STATUS_OK, out->str);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Content-Type",
                                "text/plain; version=0.0.4; charset=utf-8");
}

/* ---- GET /healthz ------------------------------------------------------ */

void
tlk_server_ops_healthz (TlkServerRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!tlk_store_ping (tlk_server_get_store (req->server), &error))
    {
      tlk_server_reply_internal (req, error);
      return;
    }
  tlk_server_reply_text (req, SOUP_STATUS_OK, "ok\n");
}
