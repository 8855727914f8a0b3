/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tlk-store-sync.h"
#include "tlk-sync.h"
#include "tlk-test-server.h"

/*
 * The sync benchmark of DESIGN §9: push 10,000 events (≤ 2 s) and pull
 * 100,000 (≤ 5 s) on loopback, beside nginx serving static files of the
 * same sizes in the same run; then 50 computers syncing at once for a
 * bounded time.
 *
 *   telekit-sync-bench [--push N] [--pull N] [--clients N] [--seconds N]
 *                      [--server PATH] [--nginx PATH]
 *
 * Everything is real: telekit-server with a new database in a temporary
 * folder (started by tests/sync/tlk-test-server.c), the sync client with
 * its SQLite stores, nginx. The budgets are printed beside the figures but
 * never fail the program: a benchmark, not a timed test. It fails when the
 * run itself goes wrong (an error, a wrong count).
 */

#define PUSH_BUDGET_S 2.0
#define PULL_BUDGET_S 5.0

#define USER     "admin"
#define PASSWORD "bench password"
/* A user of the demo data: the warehouse worker who scans. */
#define ACTOR    "mette"

/* The demo's home visits per kit at most, as `telekit-cli demo` has it. */
#define DEMO_MAX_CYCLES 3
#define PUSH_SEED       1
#define SEEDER_SEED     2

/* nginx is fast and the machine may be busy: its figure is the median of
 * this many rounds. */
#define NGINX_ROUNDS 5

#define TLK_SYNC_BENCH_ERROR (tlk_sync_bench_error_quark ())

typedef enum
{
  TLK_SYNC_BENCH_ERROR_SETUP,
  TLK_SYNC_BENCH_ERROR_COUNT,
  TLK_SYNC_BENCH_ERROR_ENOUGH,
  TLK_SYNC_BENCH_ERROR_NGINX,
} TlkSyncBenchError;

static GQuark tlk_sync_bench_error_quark (void);

G_DEFINE_QUARK (tlk-sync-bench-error-quark, tlk_sync_bench_error)

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  /* "0.52 0.58 0.59 1/123 4567": the first three. */
  fields = g_strsplit (text, " ", 4);
  if (g_strv_length (fields) < 4)
    return g_strdup ("?");
  g_clear_pointer (&fields[3], g_free);
  return g_strjoinv (" ", fields);
}

/* ---- the bench: server, nginx, temporary folder ------------------------- */

typedef struct
{
  char          *dir;       /* stores, static files, nginx's prefix */
  TlkTestServer *server;
  SoupSession   *session;   /* the bench's own requests: metrics, replays, nginx */
  GSubprocess   *nginx;
  guint          nginx_port;
} Bench;

static void
stop_nginx (Bench *bench)
{
  if (bench->nginx == NULL)
    return;
  /* Graceful stop; the bench's connections to it go first. */
  soup_session_abort (bench->session);
  g_subprocess_send_signal (bench->nginx, SIGQUIT);
  g_subprocess_wait (bench->nginx, NULL, NULL);
  g_clear_object (&bench->nginx);
}

static void
bench_free (Bench *bench)
{
  if (bench == NULL)
    return;
  stop_nginx (bench);
  g_clear_pointer (&bench->server, tlk_test_server_free);
  g_clear_object (&bench->session);
  if (bench->dir != NULL)
    tlk_test_rm_rf (bench->dir);
  g_free (bench->dir);
  g_free (bench);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bench, bench_free)

static GBytes *
http_send (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *token,
           GBytes      *body,
           guint       *status,
           GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  GBytes *answer;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, error);
  *status = soup_message_get_status (msg);
  return answer;
}

/* @method @path on the server; an answer other than 200 is an error. */
static GBytes *
server_request (Bench      *bench,
                const char *method,
                const char *path,
                const char *token,
                GBytes     *body,
                GError    **error)
{
  g_autofree char *url = g_strconcat (tlk_test_server_url (bench->server), path, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = http_send (bench->session, method, url, token, body, &status, error);
  if (answer == NULL)
    return NULL;
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_SETUP, "%s %s answered %u: %.*s", method, path,
                   status, (int) MIN (g_bytes_get_size (answer), 200), (const char *) g_bytes_get_data (answer, NULL));
      return NULL;
    }
  return g_steal_pointer (&answer);
}

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                   error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_SETUP, "the server's answer is not an object");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* ---- the server's own figures (GET /metrics) ---------------------------- */

typedef struct
{
  guint64 requests;   /* answered on /api/v1/events */
  guint64 failed;     /* of which not 2xx */
  double  seconds;    /* the server's time on them */
  gint64  stored;     /* events in its log */
  gint64  conflicts;
} Metrics;

static const char *
metric_value (const char *line)
{
  const char *space = strrchr (line, ' ');

  return space != NULL ? space + 1 : "0";
}

static gboolean
read_metrics (Bench   *bench,
              Metrics *m,
              GError **error)
{
  static const char requests[] = "telekit_http_requests_total{route=\"/api/v1/events\",";
  static const char seconds[] = "telekit_http_request_duration_seconds_sum{route=\"/api/v1/events\",";
  g_autoptr(GBytes) answer = server_request (bench, "GET", "/metrics", NULL, NULL, error);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (answer == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  lines = g_strsplit (text, "\n", -1);
  *m = (Metrics) { 0 };
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, requests))
        {
          guint64 n = g_ascii_strtoull (metric_value (line), NULL, 10);

          m->requests += n;
          if (strstr (line, "status=\"2") == NULL)
            m->failed += n;
        }
      else if (g_str_has_prefix (line, seconds))
        m->seconds += g_ascii_strtod (metric_value (line), NULL);
      else if (g_str_has_prefix (line, "telekit_events_stored_total "))
        m->stored = g_ascii_strtoll (metric_value (line), NULL, 10);
      else if (g_str_has_prefix (line, "telekit_conflicts_total "))
        m->conflicts = g_ascii_strtoll (metric_value (line), NULL, 10);
    }
  return TRUE;
}

/* The server's resident memory now and at its peak, in MB (/proc). */
static gboolean
server_memory (Bench  *bench,
               double *rss,
               double *peak)
{
  const char *db = tlk_test_server_db_path (bench->server);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  /* The process whose arguments hold "--db" and this run's database. */
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *status_path = g_build_filename ("/proc", name, "status", NULL);
      g_autofree char *cmdline = NULL;
      g_autofree char *status = NULL;
      g_auto(GStrv) lines = NULL;
      gboolean found = FALSE;
      gsize length = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (cmdline_path, &cmdline, &length, NULL))
        continue;
      for (gsize off = 0; off < length && !found; off += strlen (cmdline + off) + 1)
        found = strcmp (cmdline + off, "--db") == 0 && off + 5 < length && strcmp (cmdline + off + 5, db) == 0;
      if (!found || !g_file_get_contents (status_path, &status, NULL, NULL))
        continue;
      lines = g_strsplit (status, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], "VmRSS:"))
            *rss = g_ascii_strtod (lines[i] + strlen ("VmRSS:"), NULL) / 1024.0;
          else if (g_str_has_prefix (lines[i], "VmHWM:"))
            *peak = g_ascii_strtod (lines[i] + strlen ("VmHWM:"), NULL) / 1024.0;
        }
      return TRUE;
    }
  return FALSE;
}

/* Connections the machine's listening sockets had no room for (nstat's
 * TcpExtListenOverflows): every program's, this run's among them. */
static gint64
listen_overflows (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/netstat", &text, NULL, NULL))
    return -1;
  /* "TcpExt: SyncookiesSent … ListenOverflows …" and a line of values. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    if (g_str_has_prefix (lines[i], "TcpExt:") && g_str_has_prefix (lines[i + 1], "TcpExt:"))
      {
        g_auto(GStrv) names = g_strsplit (lines[i], " ", -1);
        g_auto(GStrv) values = g_strsplit (lines[i + 1], " ", -1);

        for (guint j = 0; names[j] != NULL && values[j] != NULL; j++)
          if (strcmp (names[j], "ListenOverflows") == 0)
            return g_ascii_strtoll (values[j], NULL, 10);
      }
  return -1;
}

/* ---- computers ----------------------------------------------------------- */

typedef struct
{
  TlkStore      *store;
  TlkSyncClient *client;
} Computer;

static void
computer_free (Computer *c)
{
  if (c == NULL)
    return;
  tlk_sync_client_free (c->client);
  tlk_store_free (c->store);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Computer, computer_free)

/* A computer with a new store at @path, signed in as the admin. */
static Computer *
computer_new (const char *path,
              const char *url,
              GError    **error)
{
  g_autoptr(Computer) c = g_new0 (Computer, 1);

  if ((c->store = tlk_store_open (path, error)) == NULL ||
      (c->client = tlk_sync_client_new (url, NULL, error)) == NULL ||
      !tlk_sync_client_login (c->client, USER, PASSWORD, tlk_store_get_device_id (c->store), NULL, error))
    return NULL;
  return g_steal_pointer (&c);
}

/* ---- exactly N pending events --------------------------------------------- */

typedef struct
{
  guint64 target;
  guint64 count;    /* events made so far */
  guint   made;     /* kits begun so far */
  guint   kits;     /* the most whole kits within the target… */
  guint64 events;   /* …and their events */
} Pilot;

static gboolean
pilot_event_cb (TlkEvent *event,
                gpointer  user_data,
                GError  **error)
{
  Pilot *pilot = user_data;

  if (event->type == TLK_EVENT_KIT_CREATED)
    {
      /* The kits before this one are whole. */
      pilot->kits = pilot->made++;
      pilot->events = pilot->count;
    }
  tlk_event_free (event);
  if (++pilot->count > pilot->target)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_ENOUGH, "enough");
      return FALSE;
    }
  return TRUE;
}

/* @n events as the scan desk writes them: holds and resumes of ready kits,
 * in pairs, so the kits are ready again after each pair. */
static gboolean
add_holds (TlkStore *store,
           guint64   n,
           GError  **error)
{
  g_autoptr(GPtrArray) kits = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);

  if (n == 0)
    return TRUE;
  if ((kits = tlk_store_list_kits (store, "ready", NULL, NULL, error)) == NULL)
    return FALSE;
  if (kits->len == 0)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_SETUP, "no ready kit to put on hold");
      return FALSE;
    }
  for (guint64 i = 0; i < n; i++)
    {
      TlkKit *kit = g_ptr_array_index (kits, (guint) ((i / 2) % kits->len));
      TlkEvent *event = tlk_event_new (i % 2 == 0 ? TLK_EVENT_KIT_HELD : TLK_EVENT_KIT_RESUMED, kit->id, ACTOR);

      if (i % 2 == 0)
        tlk_event_set_string (event, "reason", "Benchmark");
      g_ptr_array_add (events, event);
    }
  return tlk_store_append_batch (store, events, error);
}

/* Fills the new @store with exactly @target events: the demo data of as
 * many whole kits as fit (a pilot run of the generator, which is
 * deterministic for a seed, counts them), topped up with holds. */
static gboolean
fill_store (TlkStore *store,
            guint64   target,
            guint32   seed,
            GError  **error)
{
  Pilot pilot = { .target = target };
  TlkDemoSink sink = { pilot_event_cb, NULL, &pilot };
  TlkDemoOptions options = { (guint) MIN (target + 1, G_MAXUINT), seed, DEMO_MAX_CYCLES };
  g_autoptr(GError) local_error = NULL;
  guint64 written = 0;

  if (!tlk_demo_generate (&options, &sink, &local_error) &&
      !g_error_matches (local_error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_ENOUGH))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (pilot.kits == 0)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_SETUP,
                   "%" G_GUINT64_FORMAT " events are too few for the demo's reference data and one kit", target);
      return FALSE;
    }
  options.n_kits = pilot.kits;
  if (!tlk_store_load_demo (store, &options, &written, error) || !add_holds (store, target - written, error))
    return FALSE;
  if (tlk_store_count_pending (store) != (gint64) target)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_COUNT,
                   "the store holds %" G_GINT64_FORMAT " pending events, not %" G_GUINT64_FORMAT,
                   tlk_store_count_pending (store), target);
      return FALSE;
    }
  g_print ("  %" G_GUINT64_FORMAT " events: demo data of %u kits (seed %u, %" G_GUINT64_FORMAT
           " events) and %" G_GUINT64_FORMAT " holds and resumes\n",
           target, pilot.kits, seed, written, target - written);
  return TRUE;
}

/* ---- push ----------------------------------------------------------------- */

/* The request bodies tlk_sync_push() will send for @store's pending
 * events, made by the same function (batches of TLK_SYNC_PUSH_BATCH,
 * oldest first): for their sizes and nginx's files. The
 * replay after the push checks that the server takes them as the same
 * events. */
static GPtrArray *
push_bodies (TlkStore *store,
             GError  **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) pending = tlk_store_pending_events (store, (guint) tlk_store_count_pending (store), error);

  if (pending == NULL)
    return NULL;
  for (guint start = 0; start < pending->len; start += TLK_SYNC_PUSH_BATCH)
    {
      g_autoptr(JsonNode) root = tlk_sync_push_body (tlk_store_get_device_id (store),
                                                     (TlkEvent *const *) pending->pdata + start,
                                                     MIN (TLK_SYNC_PUSH_BATCH, pending->len - start));
      char *text;

      text = json_to_string (root, FALSE);
      g_ptr_array_add (bodies, g_bytes_new_take (text, strlen (text)));
    }
  return g_steal_pointer (&bodies);
}

/* Sends @bodies again: every event must come back a duplicate, which the
 * server only answers for the same event_id with the same content. */
static gboolean
replay_push (Bench      *bench,
             const char *token,
             GPtrArray  *bodies,
             guint64    *answer_bytes,
             GError    **error)
{
  *answer_bytes = 0;
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(GBytes) answer = server_request (bench, "POST", "/api/v1/events", token,
                                                 g_ptr_array_index (bodies, i), error);
      g_autoptr(JsonNode) root = NULL;
      JsonArray *results;

      if (answer == NULL || (root = parse_json (answer, error)) == NULL)
        return FALSE;
      *answer_bytes += g_bytes_get_size (answer);
      results = json_object_get_array_member (json_node_get_object (root), "results");
      for (guint j = 0; results != NULL && j < json_array_get_length (results); j++)
        {
          JsonObject *r = json_array_get_object_element (results, j);

          if (g_strcmp0 (json_object_get_string_member_with_default (r, "status", ""), "duplicate") != 0)
            {
              g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_COUNT,
                           "replayed batch %u, event %u: %s, not a duplicate", i, j,
                           json_object_get_string_member_with_default (r, "status", "?"));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* ---- pull ----------------------------------------------------------------- */

/* The pages tlk_sync_pull() fetched for a new store, fetched again the same
 * way (after the cursor, TLK_SYNC_PULL_PAGE at a time): their bytes are
 * what the client read. @events gets the number of events in them. */
static GPtrArray *
replay_pull (Bench      *bench,
             const char *token,
             guint64    *events,
             GError    **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gboolean more = TRUE;
  gint64 after = 0;

  *events = 0;
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/events?after=%" G_GINT64_FORMAT "&limit=%d", after,
                                               TLK_SYNC_PULL_PAGE);
      g_autoptr(GBytes) answer = server_request (bench, "GET", path, token, NULL, error);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *obj;

      if (answer == NULL || (root = parse_json (answer, error)) == NULL)
        return NULL;
      obj = json_node_get_object (root);
      *events += json_array_get_length (json_object_get_array_member (obj, "events"));
      after = json_object_get_int_member (obj, "last");
      more = json_object_get_boolean_member (obj, "more");
      g_ptr_array_add (pages, g_steal_pointer (&answer));
    }
  return g_steal_pointer (&pages);
}

static guint64
total_size (GPtrArray *parts)
{
  guint64 total = 0;

  for (guint i = 0; i < parts->len; i++)
    total += g_bytes_get_size (g_ptr_array_index (parts, i));
  return total;
}

/* ---- nginx: the baseline -------------------------------------------------- */

static gboolean
write_static (const char *root,
              const char *name,
              GBytes     *bytes,
              GError    **error)
{
  g_autofree char *path = g_build_filename (root, name, NULL);

  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), error);
}

/* @prefix-NNN.json for each of @parts, and @prefix-all.json of them all. */
static gboolean
write_static_set (const char *root,
                  const char *prefix,
                  GPtrArray  *parts,
                  GError    **error)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autofree char *all_name = g_strdup_printf ("%s-all.json", prefix);
  g_autoptr(GBytes) all_bytes = NULL;

  for (guint i = 0; i < parts->len; i++)
    {
      GBytes *part = g_ptr_array_index (parts, i);
      g_autofree char *name = g_strdup_printf ("%s-%03u.json", prefix, i);

      if (!write_static (root, name, part, error))
        return FALSE;
      g_byte_array_append (all, g_bytes_get_data (part, NULL), (guint) g_bytes_get_size (part));
    }
  all_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  return write_static (root, all_name, all_bytes, error);
}

static guint
free_port (GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                            error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, TRUE, error) ||
      (bound = g_socket_get_local_address (socket, error)) == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_answers (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL,
                                                                       NULL);

  return conn != NULL;
}

/* nginx with a configuration of its own in @bench's folder: plain HTTP on
 * a loopback port, one worker (the server is one process), @root as the
 * document root. */
static gboolean
start_nginx (Bench      *bench,
             const char *nginx,
             const char *root,
             GError    **error)
{
  g_autofree char *prefix = g_build_filename (bench->dir, "nginx", NULL);
  g_autofree char *conf_path = g_build_filename (prefix, "nginx.conf", NULL);
  g_autofree char *errors = g_build_filename (prefix, "error.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *conf = NULL;

  if (nginx == NULL || !g_file_test (nginx, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_NGINX,
                   "nginx is not installed (build-aux/install-deps installs it), or give --nginx PATH");
      return FALSE;
    }
  if ((bench->nginx_port = free_port (error)) == 0 || g_mkdir_with_parents (prefix, 0700) != 0)
    return FALSE;
  /* Everything nginx writes stays in @prefix; run by root, its worker
   * stays root too so it can read the files. */
  conf = g_strdup_printf ("daemon off;\n"
                          "worker_processes 1;\n"
                          "pid %s/nginx.pid;\n"
                          "error_log %s warn;\n"
                          "%s"
                          "events { worker_connections 256; }\n"
                          "http {\n"
                          "  access_log %s/access.log;\n"
                          "  sendfile on;\n"
                          "  tcp_nopush on;\n"
                          "  keepalive_requests 100000;\n"
                          "  default_type application/json;\n"
                          "  client_body_temp_path %s/client_body;\n"
                          "  proxy_temp_path %s/proxy;\n"
                          "  fastcgi_temp_path %s/fastcgi;\n"
                          "  uwsgi_temp_path %s/uwsgi;\n"
                          "  scgi_temp_path %s/scgi;\n"
                          "  server {\n"
                          "    listen 127.0.0.1:%u;\n"
                          "    root %s;\n"
                          "  }\n"
                          "}\n",
                          prefix, errors, geteuid () == 0 ? "user root root;\n" : "", prefix, prefix, prefix,
                          prefix, prefix, prefix, bench->nginx_port, root);
  if (!g_file_set_contents (conf_path, conf, -1, error))
    return FALSE;

  launcher = tlk_test_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  bench->nginx = g_subprocess_launcher_spawn (launcher, error, nginx, "-p", prefix, "-e", errors, "-c", conf_path,
                                              NULL);
  if (bench->nginx == NULL)
    return FALSE;
  for (guint i = 0; i < 200 && !port_answers (bench->nginx_port); i++)
    {
      if (g_subprocess_get_identifier (bench->nginx) == NULL)
        break;
      g_usleep (G_USEC_PER_SEC / 20);
    }
  if (!port_answers (bench->nginx_port))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (errors, &log, NULL, NULL);
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_NGINX, "nginx did not start: %s",
                   log ? log : "(no log)");
      return FALSE;
    }
  return TRUE;
}

/* GETs @prefix-NNN.json for each of @parts in turn (or @prefix-all.json
 * once when @whole), as the sync client sends its requests: one after the
 * other on one kept-alive connection. Checks every answer's size. */
static gboolean
fetch_static (Bench      *bench,
              const char *prefix,
              GPtrArray  *parts,
              gboolean    whole,
              double     *seconds,
              GError    **error)
{
  guint n = whole ? 1 : parts->len;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *url = whole ? g_strdup_printf ("http://127.0.0.1:%u/%s-all.json", bench->nginx_port, prefix)
                                   : g_strdup_printf ("http://127.0.0.1:%u/%s-%03u.json", bench->nginx_port, prefix,
                                                      i);
      guint64 expected = whole ? total_size (parts) : g_bytes_get_size (g_ptr_array_index (parts, i));
      g_autoptr(GBytes) answer = NULL;
      guint status = 0;

      answer = http_send (bench->session, "GET", url, NULL, NULL, &status, error);
      if (answer == NULL)
        return FALSE;
      if (status != SOUP_STATUS_OK || g_bytes_get_size (answer) != expected)
        {
          g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_NGINX,
                       "nginx answered %s with %u and %" G_GSIZE_FORMAT " bytes, not %" G_GUINT64_FORMAT, url,
                       status, g_bytes_get_size (answer), expected);
          return FALSE;
        }
    }
  *seconds = seconds_since (start);
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  double median;
  double min;
  double max;
} Rounds;

/* NGINX_ROUNDS of fetch_static(). */
static gboolean
fetch_rounds (Bench      *bench,
              const char *prefix,
              GPtrArray  *parts,
              gboolean    whole,
              Rounds     *rounds,
              GError    **error)
{
  double t[NGINX_ROUNDS];

  for (guint i = 0; i < NGINX_ROUNDS; i++)
    if (!fetch_static (bench, prefix, parts, whole, &t[i], error))
      return FALSE;
  qsort (t, NGINX_ROUNDS, sizeof (double), compare_double);
  rounds->median = t[NGINX_ROUNDS / 2];
  rounds->min = t[0];
  rounds->max = t[NGINX_ROUNDS - 1];
  return TRUE;
}

/* ---- many computers at once ----------------------------------------------- */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    seeded;     /* workers ready to start */
  gboolean go;
  gint64   deadline;   /* monotonic µs */
} Start;

typedef struct
{
  guint       index;
  const char *url;
  char       *path;
  GPtrArray  *kits;         /* of char *: the kits only this worker changes */
  Start      *start;

  double      seed_seconds; /* its first pull */
  guint64     seeded;       /* events it pulled then */
  GArray     *latencies;    /* µs, one per successful sync */
  guint64     made;         /* local events written */
  guint64     pushed;
  guint64     pulled;
  guint       syncs;
  guint       errors;
  char       *first_error; /* with when and where it happened */
  gint64      begin;        /* monotonic µs: the start of its own work */
} Worker;

static void
worker_free (Worker *w)
{
  g_free (w->path);
  g_ptr_array_unref (w->kits);
  g_array_unref (w->latencies);
  g_free (w->first_error);
  g_free (w);
}

static void
worker_fail (Worker     *w,
             const char *doing,
             GError     *error)
{
  w->errors++;
  if (w->first_error == NULL)
    w->first_error = g_strdup_printf ("%s, %.1f s in: %s", doing, seconds_since (w->begin), error->message);
}

/* Seeds its store by pulling, waits for the others, then until the
 * deadline: 1–5 holds or resumes of its own kits, and a sync (push, then
 * pull) timed as a whole. */
static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (w->index + 1);
  g_autofree gboolean *held = g_new0 (gboolean, w->kits->len);
  g_autoptr(Computer) c = NULL;
  g_autoptr(GError) error = NULL;
  TlkSyncStats stats = { 0 };
  gint64 deadline;
  guint next = 0;

  w->begin = g_get_monotonic_time ();
  c = computer_new (w->path, w->url, &error);
  if (c == NULL)
    worker_fail (w, "signing in", error);
  else if (tlk_sync_pull (c->store, c->client, &stats, NULL, &error))
    w->seeded = stats.pulled;
  else
    worker_fail (w, "seeding", error);
  w->seed_seconds = seconds_since (w->begin);

  g_mutex_lock (&w->start->lock);
  w->start->seeded++;
  g_cond_broadcast (&w->start->cond);
  while (!w->start->go)
    g_cond_wait (&w->start->cond, &w->start->lock);
  deadline = w->start->deadline;
  w->begin = g_get_monotonic_time ();
  g_mutex_unlock (&w->start->lock);
  if (w->errors > 0)
    return NULL;

  while (g_get_monotonic_time () < deadline)
    {
      guint n = (guint) g_rand_int_range (rand, 1, 6);
      gint64 t;

      for (guint i = 0; i < n; i++, next++)
        {
          guint k = next % w->kits->len;
          g_autoptr(TlkEvent) event = tlk_event_new (held[k] ? TLK_EVENT_KIT_RESUMED : TLK_EVENT_KIT_HELD,
                                                     g_ptr_array_index (w->kits, k), ACTOR);

          if (!held[k])
            tlk_event_set_string (event, "reason", "Benchmark");
          g_clear_error (&error);
          if (!tlk_store_append (c->store, event, &error))
            {
              worker_fail (w, "writing an event", error);
              return NULL;
            }
          held[k] = !held[k];
          w->made++;
        }

      g_clear_error (&error);
      t = g_get_monotonic_time ();
      if (!tlk_sync_run (c->store, c->client, &stats, NULL, &error))
        {
          worker_fail (w, "syncing", error);
          continue;
        }
      t = g_get_monotonic_time () - t;
      g_array_append_val (w->latencies, t);
      w->syncs++;
      w->pushed += stats.pushed;
      w->pulled += stats.pulled;
    }
  return NULL;
}

typedef struct
{
  guint    clients;
  double   window;       /* s, from the start to the last sync's end */
  double   seed_max;     /* s, the slowest first pull */
  guint64  seeded;       /* events each pulled first (the least) */
  guint64  syncs;
  guint64  made;
  guint64  pushed;
  guint64  pulled;
  guint64  errors;
  GString *failures;     /* each failing computer's first error */
  double   p50, p95, p99, max;   /* ms */
  Metrics  before;
  Metrics  after;
  gint64   overflows;    /* listen_overflows() from the sign-ins to the end */
  double   rss_seeded;   /* MB, after the first pulls and sign-ins */
  double   rss, rss_peak;        /* MB, at the end and the most ever */
} Crowd;

static void
crowd_clear (Crowd *crowd)
{
  if (crowd->failures != NULL)
    g_string_free (g_steal_pointer (&crowd->failures), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Crowd, crowd_clear)

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank, in ms, of samples in µs sorted already. */
static double
percentile (GArray *sorted,
            double  p)
{
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, gint64, MAX ((guint) ceil (p * sorted->len), 1) - 1) / 1000.0;
}

static gboolean
run_crowd (Bench      *bench,
           GPtrArray  *ready_kits,
           guint       clients,
           guint       seconds,
           Crowd      *crowd,
           GError    **error)
{
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func ((GDestroyNotify) worker_free);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  Start start = { 0 };
  gint64 seed_start, begin;
  gboolean ok;

  if (ready_kits->len < clients)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_SETUP,
                   "%u ready kits are too few for %u computers", ready_kits->len, clients);
      return FALSE;
    }
  g_mutex_init (&start.lock);
  g_cond_init (&start.cond);
  crowd->clients = clients;
  crowd->seeded = G_MAXUINT64;

  for (guint i = 0; i < clients; i++)
    {
      Worker *w = g_new0 (Worker, 1);
      g_autofree char *name = g_strdup_printf ("crowd-%02u.db", i);

      w->index = i;
      w->url = tlk_test_server_url (bench->server);
      w->path = g_build_filename (bench->dir, name, NULL);
      w->kits = g_ptr_array_new ();
      w->latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
      w->start = &start;
      /* Kits dealt out like cards: nobody changes another's kits, so the
       * server stores no conflicts. */
      for (guint k = i; k < ready_kits->len; k += clients)
        g_ptr_array_add (w->kits, ((TlkKit *) g_ptr_array_index (ready_kits, k))->id);
      g_ptr_array_add (workers, w);
    }

  if (server_memory (bench, &crowd->rss, &crowd->rss_peak))
    g_print ("  server RSS %.0f MB, peak so far %.0f MB\n", crowd->rss, crowd->rss_peak);
  g_print ("Seeding %u stores by signing in and pulling everything, all at once…\n", clients);
  crowd->overflows = listen_overflows ();
  seed_start = g_get_monotonic_time ();
  for (guint i = 0; i < clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("crowd-%02u", i);

      g_ptr_array_add (threads, g_thread_new (name, worker_thread, g_ptr_array_index (workers, i)));
    }
  g_mutex_lock (&start.lock);
  while (start.seeded < clients)
    g_cond_wait (&start.cond, &start.lock);
  g_mutex_unlock (&start.lock);
  g_print ("  seeded in %.1f s\n", seconds_since (seed_start));
  if (server_memory (bench, &crowd->rss_seeded, &crowd->rss_peak))
    g_print ("  server RSS %.0f MB, peak so far %.0f MB\n", crowd->rss_seeded, crowd->rss_peak);
  else
    crowd->rss_seeded = -1;

  /* When this fails the workers still wait: they are let go with no time
   * left, to end before the failure is reported. */
  ok = read_metrics (bench, &crowd->before, error);
  g_print ("Syncing %u computers at once for %u s…\n", clients, seconds);
  g_mutex_lock (&start.lock);
  begin = g_get_monotonic_time ();
  start.deadline = ok ? begin + (gint64) seconds * G_USEC_PER_SEC : begin;
  start.go = TRUE;
  g_cond_broadcast (&start.cond);
  g_mutex_unlock (&start.lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  crowd->window = seconds_since (begin);
  crowd->overflows = listen_overflows () - crowd->overflows;
  g_mutex_clear (&start.lock);
  g_cond_clear (&start.cond);
  if (!ok || !read_metrics (bench, &crowd->after, error))
    return FALSE;
  if (!server_memory (bench, &crowd->rss, &crowd->rss_peak))
    crowd->rss = crowd->rss_peak = -1;

  for (guint i = 0; i < workers->len; i++)
    {
      Worker *w = g_ptr_array_index (workers, i);

      crowd->seed_max = MAX (crowd->seed_max, w->seed_seconds);
      if (w->seeded > 0)
        crowd->seeded = MIN (crowd->seeded, w->seeded);
      crowd->syncs += w->syncs;
      crowd->made += w->made;
      crowd->pushed += w->pushed;
      crowd->pulled += w->pulled;
      crowd->errors += w->errors;
      if (w->first_error != NULL)
        {
          if (crowd->failures == NULL)
            crowd->failures = g_string_new (NULL);
          g_string_append_printf (crowd->failures, "  computer %u, %u errors, the first %s\n", i, w->errors,
                                  w->first_error);
        }
      g_array_append_vals (all, w->latencies->data, w->latencies->len);
    }
  g_array_sort (all, compare_gint64);
  crowd->p50 = percentile (all, 0.50);
  crowd->p95 = percentile (all, 0.95);
  crowd->p99 = percentile (all, 0.99);
  crowd->max = percentile (all, 1.0);
  return TRUE;
}

/* ---- the report ----------------------------------------------------------- */

static void
print_row (const char *what,
           const char *measured,
           const char *budget,
           const char *baseline,
           const char *verdict)
{
  /* Widths in characters: g_print pads by bytes, and the cells hold
   * “≤” and “×”. */
  g_autoptr(GString) line = g_string_new (NULL);
  const char *cells[] = { what, measured, budget, baseline };
  const guint widths[] = { 42, 22, 8, 46 };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      glong len = g_utf8_strlen (cells[i], -1);

      g_string_append (line, cells[i]);
      for (glong pad = len; pad < (glong) widths[i]; pad++)
        g_string_append_c (line, ' ');
      g_string_append_c (line, ' ');
    }
  g_print ("%s%s\n", line->str, verdict);
}

static const char *
verdict (double measured,
         double budget)
{
  return measured <= budget ? "met" : "MISSED";
}

/* ---- the run -------------------------------------------------------------- */

typedef struct
{
  guint64     push_target;
  guint64     pull_target;
  guint       clients;
  guint       seconds;
  const char *nginx;
} Options;

static gboolean
run (const Options *options,
     GError       **error)
{
  g_autoptr(Bench) bench = g_new0 (Bench, 1);
  g_autoptr(Computer) pusher = NULL;
  g_autoptr(Computer) seeder = NULL;
  g_autoptr(Computer) puller = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) ready_kits = NULL;
  g_autofree char *static_root = NULL;
  g_autofree char *load_before = load_average ();
  g_autofree char *load_after = NULL;
  g_auto(Crowd) crowd = { 0 };
  TlkSyncStats push_stats = { 0 };
  TlkSyncStats pull_stats = { 0 };
  Metrics m0, m1, m2, m3;
  Rounds push_base, push_whole, pull_base, pull_whole;
  guint64 push_answer_bytes = 0;
  guint64 replayed = 0;
  gint64 seeder_events = 0;
  gint64 t;
  double push_s, pull_s;

  if ((bench->dir = g_dir_make_tmp ("telekit-sync-bench-XXXXXX", error)) == NULL)
    return FALSE;
  static_root = g_build_filename (bench->dir, "static", NULL);
  if (g_mkdir (static_root, 0700) != 0)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_SETUP, "cannot make %s", static_root);
      return FALSE;
    }
  bench->session = soup_session_new_with_options ("timeout", 60, NULL);
  bench->server = tlk_test_server_start ();
  tlk_test_server_add_user (bench->server, USER, "admin", PASSWORD);
  g_print ("telekit-server at %s; %d cores, load average %s\n", tlk_test_server_url (bench->server),
           (int) sysconf (_SC_NPROCESSORS_ONLN), load_before);

  /* Push: one computer with exactly push_target pending events. */
  g_print ("Push: a computer with its events…\n");
  {
    g_autofree char *path = g_build_filename (bench->dir, "push.db", NULL);

    if ((pusher = computer_new (path, tlk_test_server_url (bench->server), error)) == NULL ||
        !fill_store (pusher->store, options->push_target, PUSH_SEED, error) ||
        (bodies = push_bodies (pusher->store, error)) == NULL || !read_metrics (bench, &m0, error))
      return FALSE;
  }
  t = g_get_monotonic_time ();
  if (!tlk_sync_push (pusher->store, pusher->client, &push_stats, NULL, error))
    return FALSE;
  push_s = seconds_since (t);
  if (!read_metrics (bench, &m1, error))
    return FALSE;
  if (push_stats.pushed != options->push_target || tlk_store_count_pending (pusher->store) != 0)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_COUNT,
                   "pushed %u events of %" G_GUINT64_FORMAT ", %" G_GINT64_FORMAT " still pending", push_stats.pushed,
                   options->push_target, tlk_store_count_pending (pusher->store));
      return FALSE;
    }
  if (!replay_push (bench, tlk_sync_client_get_token (pusher->client), bodies, &push_answer_bytes, error))
    return FALSE;
  g_clear_pointer (&pusher, computer_free);

  /* Pull: the server topped up to pull_target events by another computer,
   * then a new computer pulls them all. */
  if (!read_metrics (bench, &m2, error))
    return FALSE;
  if (m2.stored < (gint64) options->pull_target)
    {
      g_autofree char *path = g_build_filename (bench->dir, "seeder.db", NULL);

      seeder_events = (gint64) options->pull_target - m2.stored;
      g_print ("Pull: the server holds %" G_GINT64_FORMAT " events; another computer sends the rest…\n", m2.stored);
      if ((seeder = computer_new (path, tlk_test_server_url (bench->server), error)) == NULL ||
          !fill_store (seeder->store, (guint64) seeder_events, SEEDER_SEED, error) ||
          !tlk_sync_push (seeder->store, seeder->client, NULL, NULL, error))
        return FALSE;
      g_clear_pointer (&seeder, computer_free);
    }
  if (!read_metrics (bench, &m2, error))
    return FALSE;
  g_print ("Pull: a new computer pulls the server's %" G_GINT64_FORMAT " events…\n", m2.stored);
  {
    g_autofree char *path = g_build_filename (bench->dir, "pull.db", NULL);

    if ((puller = computer_new (path, tlk_test_server_url (bench->server), error)) == NULL)
      return FALSE;
  }
  t = g_get_monotonic_time ();
  if (!tlk_sync_pull (puller->store, puller->client, &pull_stats, NULL, error))
    return FALSE;
  pull_s = seconds_since (t);
  if (!read_metrics (bench, &m3, error))
    return FALSE;
  if ((pages = replay_pull (bench, tlk_sync_client_get_token (puller->client), &replayed, error)) == NULL)
    return FALSE;
  if (pull_stats.pulled != (guint64) m2.stored || replayed != pull_stats.pulled ||
      tlk_store_count_events (puller->store) != m2.stored)
    {
      g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_COUNT,
                   "pulled %u events, stored %" G_GINT64_FORMAT ", replayed %" G_GUINT64_FORMAT
                   "; the server holds %" G_GINT64_FORMAT,
                   pull_stats.pulled, tlk_store_count_events (puller->store), replayed, m2.stored);
      return FALSE;
    }
  if ((ready_kits = tlk_store_list_kits (puller->store, "ready", NULL, NULL, error)) == NULL)
    return FALSE;
  g_clear_pointer (&puller, computer_free);

  /* The baseline: the same bytes as static files. */
  g_print ("Baseline: nginx serving the same bytes as static files…\n");
  if (!write_static_set (static_root, "push", bodies, error) || !write_static_set (static_root, "pull", pages, error) ||
      !start_nginx (bench, options->nginx, static_root, error))
    return FALSE;
  {
    double warm;

    /* Its connection open, as the client's is after signing in. */
    if (!fetch_static (bench, "push", bodies, FALSE, &warm, error))
      return FALSE;
  }
  if (!fetch_rounds (bench, "push", bodies, FALSE, &push_base, error) ||
      !fetch_rounds (bench, "push", bodies, TRUE, &push_whole, error) ||
      !fetch_rounds (bench, "pull", pages, FALSE, &pull_base, error) ||
      !fetch_rounds (bench, "pull", pages, TRUE, &pull_whole, error))
    return FALSE;
  stop_nginx (bench);

  if (options->clients > 0 && !run_crowd (bench, ready_kits, options->clients, options->seconds, &crowd, error))
    return FALSE;
  load_after = load_average ();

  /* ---- the report ---- */
  {
    guint64 push_bytes = total_size (bodies);
    guint64 pull_bytes = total_size (pages);
    double per_target = pull_s * (double) options->pull_target / MAX (pull_stats.pulled, 1);
    g_autofree char *push_what = g_strdup_printf ("push %u events, %u POSTs, %.2f MB", push_stats.pushed,
                                                  bodies->len, push_bytes / 1e6);
    g_autofree char *push_measured = g_strdup_printf ("%.3f s", push_s);
    g_autofree char *push_budget = g_strdup_printf ("≤ %.0f s", PUSH_BUDGET_S);
    g_autofree char *push_baseline = g_strdup_printf ("%.4f s: %u GETs, same sizes (sync %.0f×)", push_base.median,
                                                      bodies->len, push_s / push_base.median);
    g_autofree char *pull_what = g_strdup_printf ("pull %u events, %u GETs, %.2f MB", pull_stats.pulled,
                                                  pages->len, pull_bytes / 1e6);
    g_autofree char *pull_measured = g_strdup_printf ("%.3f s", pull_s);
    g_autofree char *pull_budget = g_strdup_printf ("≤ %.0f s", PULL_BUDGET_S);
    g_autofree char *pull_baseline = g_strdup_printf ("%.4f s: %u GETs, same sizes (sync %.0f×)", pull_base.median,
                                                      pages->len, pull_s / pull_base.median);

    g_print ("\nSync benchmark (DESIGN §9): telekit-server and nginx (one worker) on 127.0.0.1, plain HTTP; "
             "%d cores; load average %s at the start, %s at the end\n\n",
             (int) sysconf (_SC_NPROCESSORS_ONLN), load_before, load_after);
    print_row ("what", "measured", "budget", "baseline: nginx, same bytes, same run", "verdict");
    print_row (push_what, push_measured, push_budget, push_baseline, verdict (push_s, PUSH_BUDGET_S));
    if (pull_stats.pulled == options->pull_target)
      print_row (pull_what, pull_measured, pull_budget, pull_baseline, verdict (pull_s, PULL_BUDGET_S));
    else
      {
        g_autofree char *scaled_what = g_strdup_printf ("  scaled to %" G_GUINT64_FORMAT " at that rate",
                                                        options->pull_target);
        g_autofree char *scaled = g_strdup_printf ("%.3f s", per_target);

        print_row (pull_what, pull_measured, "", pull_baseline, "");
        print_row (scaled_what, scaled, pull_budget, "", verdict (per_target, PULL_BUDGET_S));
      }
    if (crowd.clients > 0)
      {
        g_autofree char *crowd_what = g_strdup_printf ("%u computers syncing, %.1f s", crowd.clients, crowd.window);
        g_autofree char *syncs = g_strdup_printf ("%" G_GUINT64_FORMAT " syncs, %.0f/s", crowd.syncs,
                                                  crowd.syncs / crowd.window);
        g_autofree char *latency = g_strdup_printf ("%.0f / %.0f / %.0f ms", crowd.p50, crowd.p95, crowd.p99);
        g_autofree char *latency_max = g_strdup_printf ("max %.0f ms", crowd.max);
        guint64 requests = crowd.after.requests - crowd.before.requests;
        g_autofree char *req = g_strdup_printf ("%" G_GUINT64_FORMAT ", %.0f/s", requests, requests / crowd.window);
        g_autofree char *req_server = g_strdup_printf ("server's own time %.1f ms each",
                                                       (crowd.after.seconds - crowd.before.seconds) * 1000.0 /
                                                       MAX (requests, 1));
        g_autofree char *events = g_strdup_printf ("%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, crowd.pushed,
                                                   crowd.pulled);
        g_autofree char *errors = g_strdup_printf ("%" G_GUINT64_FORMAT " client, %" G_GUINT64_FORMAT " server",
                                                   crowd.errors, crowd.after.failed - crowd.before.failed);
        g_autofree char *rss = g_strdup_printf ("%.0f MB", crowd.rss);
        g_autofree char *rss_peak = g_strdup_printf ("%.0f MB before the syncs; peak %.0f MB", crowd.rss_seeded,
                                                     crowd.rss_peak);

        print_row (crowd_what, syncs, "-", "", "");
        print_row ("  sync latency p50 / p95 / p99", latency, "-", latency_max, "");
        print_row ("  requests (server's count)", req, "-", req_server, "");
        print_row ("  events pushed / pulled", events, "-", "", crowd.pushed == crowd.made ? "all sent" : "LOST");
        print_row ("  errors", errors, "0", "", crowd.errors == 0 && crowd.after.failed == crowd.before.failed
                                                    ? "ok" : "FAILED");
        print_row ("  server RSS at the end", rss, "-", rss_peak, "");
      }

    g_print ("\nPush: %.0f events/s; %u requests of %u events, %.2f MB of request bodies (%.2f MB of answers); "
             "the server's own time on them %.3f s; %" G_GINT64_FORMAT " conflicts. Replayed, every event came back "
             "a duplicate: the bodies measured are the ones sent.\n",
             push_stats.pushed / push_s, bodies->len, TLK_SYNC_PUSH_BATCH, push_bytes / 1e6,
             push_answer_bytes / 1e6, m1.seconds - m0.seconds, m1.conflicts - m0.conflicts);
    g_print ("Pull: %.0f events/s (%.3f s for %" G_GUINT64_FORMAT " at that rate); %u pages of up to %u events, "
             "%.2f MB; the server's own time on them %.3f s. The server held %" G_GINT64_FORMAT " events: "
             "%u pushed above, %" G_GINT64_FORMAT " from a second computer, the rest its own (users); "
             "%" G_GINT64_FORMAT " conflicts (the demo numbers serials and orders from 1 whatever the seed, so the "
             "second computer's first kits clash with the first's).\n",
             pull_stats.pulled / pull_s, per_target, options->pull_target, pages->len, TLK_SYNC_PULL_PAGE,
             pull_bytes / 1e6, m3.seconds - m2.seconds, m2.stored, push_stats.pushed, seeder_events, m2.conflicts);
    g_print ("nginx: median of %d rounds (min–max): push's %u files %.4f s (%.4f–%.4f), one file of %.2f MB "
             "%.4f s (%.4f–%.4f); pull's %u files %.4f s (%.4f–%.4f), one file of %.2f MB %.4f s (%.4f–%.4f). "
             "Push is an upload and nginx's a download: DESIGN §9's baseline, same sizes.\n",
             NGINX_ROUNDS, bodies->len, push_base.median, push_base.min, push_base.max, push_bytes / 1e6,
             push_whole.median, push_whole.min, push_whole.max, pages->len, pull_base.median, pull_base.min,
             pull_base.max, pull_bytes / 1e6, pull_whole.median, pull_whole.min, pull_whole.max);
    if (crowd.clients > 0)
      {
        g_print ("Computers: each its own store (seeded by pulling %" G_GUINT64_FORMAT "+ events, the slowest in "
                 "%.1f s), token and kits; each loop 1–5 holds or resumes, then a sync (push, pull) timed whole. "
                 "%" G_GUINT64_FORMAT " events made, %" G_GUINT64_FORMAT " conflicts stored. "
                 "TCP listen-queue overflows on this machine from the sign-ins to the end: %" G_GINT64_FORMAT ".\n",
                 crowd.seeded, crowd.seed_max, crowd.made, crowd.after.conflicts - crowd.before.conflicts,
                 crowd.overflows);
        if (crowd.failures != NULL)
          g_print ("Errors:\n%s", crowd.failures->str);
      }
    if (crowd.errors > 0 || crowd.after.failed != crowd.before.failed || crowd.pushed != crowd.made)
      {
        g_set_error (error, TLK_SYNC_BENCH_ERROR, TLK_SYNC_BENCH_ERROR_COUNT,
                     "the computers syncing at once met errors or lost events");
        return FALSE;
      }
  }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *nginx = NULL;
  gint64 push = 10000;
  gint64 pull = 100000;
  int clients = 50;
  int seconds = 20;
  GOptionEntry entries[] = {
    { "push", 0, 0, G_OPTION_ARG_INT64, &push, "Events to push (default 10000)", "N" },
    { "pull", 0, 0, G_OPTION_ARG_INT64, &pull, "Events on the server to pull (default 100000)", "N" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Computers syncing at once, 0 for none (default 50)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long they sync (default 20)", "N" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server, "telekit-server (default: this build's)", "PATH" },
    { "nginx", 0, 0, G_OPTION_ARG_FILENAME, &nginx, "nginx (default: " TELEKIT_NGINX_PATH ")", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the sync benchmark of DESIGN §9");
  g_autoptr(GError) error = NULL;
  Options options = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("telekit-sync-bench: %s\n", error->message);
      return 1;
    }
  if (argc > 1 || push < 1 || pull < 1 || clients < 0 || seconds < 1)
    {
      g_printerr ("telekit-sync-bench: --push and --pull take 1 or more, --clients 0 or more, --seconds 1 or "
                  "more, and nothing else.\n");
      return 1;
    }
  /* tlk-test-server.c finds the server here. */
  if (server != NULL)
    g_setenv ("TELEKIT_SERVER", server, TRUE);
  else if (g_getenv ("TELEKIT_SERVER") == NULL)
    g_setenv ("TELEKIT_SERVER", TELEKIT_SERVER_PATH, TRUE);

  options.push_target = (guint64) push;
  options.pull_target = (guint64) pull;
  options.clients = (guint) clients;
  options.seconds = (guint) seconds;
  options.nginx = nginx != NULL ? nginx : TELEKIT_NGINX_PATH;
  if (!run (&options, &error))
    {
      g_printerr ("telekit-sync-bench: %s\n", error->message);
      return 1;
    }
  return 0;
}
