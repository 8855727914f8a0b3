/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "tlk-test-server.h"

/*
 * TLS on every network hop (DESIGN §5, §10): a real nginx with the site
 * file we ship (data/nginx/telekit.conf) in front of the real server on
 * loopback, and the server's own HTTPS (--tls-cert/--tls-key), both with a
 * certificate made here for 127.0.0.1 that only our client trusts.
 */

typedef struct
{
  char *cert;
  char *key;
} Cert;

static void
make_cert (const char *dir,
           Cert       *cert)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  int status = 0;

  g_assert_nonnull (openssl);
  cert->cert = g_build_filename (dir, "cert.pem", NULL);
  cert->key = g_build_filename (dir, "key.pem", NULL);
  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", cert->key, "-out", cert->cert, "-days", "2", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", NULL,
    };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl req failed: %s", err);
}

static void
cert_clear (Cert *cert)
{
  g_clear_pointer (&cert->cert, g_free);
  g_clear_pointer (&cert->key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cert, cert_clear)

/* A session that trusts exactly @cert. */
static SoupSession *
trusting_session (const char *cert)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) db = g_tls_file_database_new (cert, &error);

  g_assert_no_error (error);
  return soup_session_new_with_options ("timeout", 30, "tls-database", db, NULL);
}

static guint
get (SoupSession *session,
     const char  *url,
     const char  *token,
     GBytes     **body,
     GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  *body = soup_session_send_and_read (session, msg, NULL, error);
  return soup_message_get_status (msg);
}

static char *
login (SoupSession *session,
       const char  *base)
{
  static const char body[] = "{\"user\": \"anne\", \"password\": \"anne-pw\", \"device_id\": \"office-1\"}";
  g_autofree char *url = g_strconcat (base, "/api/v1/login", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), (gssize) g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

/* Signed in over @base: /healthz, then a route that needs the token. */
static void
assert_serves (SoupSession *session,
               const char  *base)
{
  g_autofree char *healthz = g_strconcat (base, "/healthz", NULL);
  g_autofree char *log = g_strconcat (base, "/api/v1/access-log?citizen=c1", NULL);
  g_autofree char *token = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = get (session, healthz, NULL, &body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "ok\n", 3);
  g_clear_pointer (&body, g_bytes_unref);

  token = login (session, base);
  status = get (session, log, token, &body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), "\"entries\""));
}

/* ---- the server's own HTTPS -------------------------------------------- */

static void
test_server_tls (void)
{
  g_autoptr(GError) dir_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("telekit-tls-XXXXXX", &dir_error);
  g_auto(Cert) cert = { 0 };
  g_autoptr(TlkTestServer) srv = NULL;
  g_autoptr(GTlsDatabase) trust = NULL;
  g_autoptr(SoupSession) untrusting = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *http_url = NULL;
  g_autofree char *healthz = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    g_error ("no TLS backend: install glib-networking (build-aux/install-deps)");

  g_assert_no_error (dir_error);
  make_cert (dir, &cert);
  {
    const char *const args[] = { "--tls-cert", cert.cert, "--tls-key", cert.key, NULL };
    srv = tlk_test_server_start_with (args);
  }
  g_assert_true (g_str_has_prefix (tlk_test_server_url (srv), "https://127.0.0.1:"));
  tlk_test_server_add_user (srv, "anne", "coordinator", "anne-pw");
  trust = g_tls_file_database_new (cert.cert, &error);
  g_assert_no_error (error);
  g_object_set (tlk_test_server_session (srv), "tls-database", trust, NULL);
  assert_serves (tlk_test_server_session (srv), tlk_test_server_url (srv));

  /* A client that does not trust the certificate gets nothing. */
  healthz = g_strconcat (tlk_test_server_url (srv), "/healthz", NULL);
  get (untrusting, healthz, NULL, &body, &error);
  g_assert_nonnull (error);
  g_test_message ("untrusted: %s", error->message);
  g_clear_error (&error);
  g_clear_pointer (&body, g_bytes_unref);

  /* Plain HTTP to the HTTPS port fails. */
  http_url = g_strdup_printf ("http://127.0.0.1:%u/healthz", tlk_test_server_port (srv));
  get (untrusting, http_url, NULL, &body, &error);
  g_assert_nonnull (error);
  g_test_message ("plain HTTP: %s", error->message);
  tlk_test_server_assert_healthy (srv);
  tlk_test_rm_rf (dir);
}

/* A certificate that does not exist: a clear refusal to start. */
static void
test_server_tls_bad_cert (void)
{
  g_autoptr(TlkTestServer) srv = tlk_test_server_start ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *missing = g_build_filename (tlk_test_server_dir (srv), "missing.pem", NULL);
  int status;

  status = tlk_test_server_run_cli (srv, &out, &err, "--listen", "127.0.0.1:0", "--tls-cert", missing, "--tls-key",
                                    missing, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "telekit-server: The certificate"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = tlk_test_server_run_cli (srv, &out, &err, "--listen", "127.0.0.1:0", "--tls-cert", missing, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "--tls-key"));
}

/* ---- nginx in front ---------------------------------------------------- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Replaces @from by @to in @text, asserting it occurs @count times: a
 * changed site file must change this test too. */
static void
replace (GString    *text,
         const char *from,
         const char *to,
         guint       count)
{
  g_assert_cmpuint (g_string_replace (text, from, to, 0), ==, count);
}

/* The shipped site file, pointed at this test's ports and certificate. */
static char *
site_for_test (const char *cert,
               const char *key,
               guint       https_port,
               guint       http_port,
               guint       server_port)
{
  const char *path = g_getenv ("TELEKIT_NGINX_SITE");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) site = NULL;
  g_autofree char *https = g_strdup_printf ("listen 127.0.0.1:%u ssl;", https_port);
  g_autofree char *http = g_strdup_printf ("listen 127.0.0.1:%u;", http_port);
  g_autofree char *upstream = g_strdup_printf ("server 127.0.0.1:%u;", server_port);
  g_autofree char *cert_line = g_strdup_printf ("ssl_certificate     %s;", cert);
  g_autofree char *key_line = g_strdup_printf ("ssl_certificate_key %s;", key);

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  site = g_string_new (contents);
  replace (site, "listen 443 ssl;", https, 1);
  replace (site, "listen [::]:443 ssl;", "", 1);
  replace (site, "listen 80;", http, 1);
  replace (site, "listen [::]:80;", "", 1);
  replace (site, "server 127.0.0.1:8470;", upstream, 1);
  replace (site, "ssl_certificate     /etc/letsencrypt/live/telekit.example.org/fullchain.pem;", cert_line, 1);
  replace (site, "ssl_certificate_key /etc/letsencrypt/live/telekit.example.org/privkey.pem;", key_line, 1);
  return g_string_free (g_steal_pointer (&site), FALSE);
}

static void
write_nginx_conf (const char *dir,
                  const char *site)
{
  g_autofree char *site_path = g_build_filename (dir, "telekit.conf", NULL);
  g_autofree char *conf_path = g_build_filename (dir, "nginx.conf", NULL);
  g_autofree char *conf = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (site_path, site, -1, &error);
  g_assert_no_error (error);
  /* Everything nginx writes stays in @dir; run by root, its workers stay
   * root too so they can use @dir. */
  conf = g_strdup_printf ("daemon off;\n"
                          "worker_processes 1;\n"
                          "pid %s/nginx.pid;\n"
                          "error_log %s/error.log info;\n"
                          "%s"
                          "events { worker_connections 64; }\n"
                          "http {\n"
                          "  access_log %s/access.log;\n"
                          "  client_body_temp_path %s/client_body;\n"
                          "  proxy_temp_path %s/proxy;\n"
                          "  fastcgi_temp_path %s/fastcgi;\n"
                          "  uwsgi_temp_path %s/uwsgi;\n"
                          "  scgi_temp_path %s/scgi;\n"
                          "  include %s;\n"
                          "}\n",
                          dir, dir, geteuid () == 0 ? "user root root;\n" : "", dir, dir, dir, dir, dir, dir,
                          site_path);
  g_file_set_contents (conf_path, conf, -1, &error);
  g_assert_no_error (error);
}

static gboolean
port_answers (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL,
                                                                       NULL);

  return conn != NULL;
}

static GSubprocess *
start_nginx (const char *nginx,
             const char *dir,
             guint       port)
{
  g_autofree char *conf = g_build_filename (dir, "nginx.conf", NULL);
  g_autofree char *errors = g_build_filename (dir, "error.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = tlk_test_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_launcher_spawn (launcher, &error, nginx, "-p", dir, "-e", errors, "-c", conf, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 200 && !port_answers (port); i++)
    {
      if (g_subprocess_get_identifier (process) == NULL)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (errors, &log, NULL, NULL);
          g_error ("nginx stopped: %s", log);
        }
      g_usleep (G_USEC_PER_SEC / 20);
    }
  g_assert_true (port_answers (port));
  return process;
}

/* Runs telekit-cli with @args (NULL-terminated) and returns its stdout,
 * asserting that it succeeds. */
static char *
cli (const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TELEKIT_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("telekit-cli failed: %s", err);
  return g_steal_pointer (&out);
}

static void
test_nginx_tls (void)
{
  const char *nginx = g_getenv ("TELEKIT_NGINX");
  g_autoptr(TlkTestServer) srv = NULL;
  g_autoptr(GSubprocess) proxy = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupSession) untrusting = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Cert) cert = { 0 };
  g_autofree char *site = NULL;
  g_autofree char *base = NULL;
  guint https_port, http_port;

  if (nginx == NULL || *nginx == '\0' || !g_file_test (nginx, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("nginx is not installed (build-aux/install-deps installs it)");
      return;
    }

  srv = tlk_test_server_start ();
  tlk_test_server_add_user (srv, "anne", "coordinator", "anne-pw");
  make_cert (tlk_test_server_dir (srv), &cert);
  https_port = free_port ();
  do
    http_port = free_port ();
  while (http_port == https_port);
  site = site_for_test (cert.cert, cert.key, https_port, http_port, tlk_test_server_port (srv));
  write_nginx_conf (tlk_test_server_dir (srv), site);
  proxy = start_nginx (nginx, tlk_test_server_dir (srv), https_port);

  session = trusting_session (cert.cert);
  base = g_strdup_printf ("https://127.0.0.1:%u", https_port);
  assert_serves (session, base);

  /* The real client syncs through nginx: one computer sends its data, a
   * second one fetches it, and both list the same kits. */
  {
    g_autofree char *a = g_build_filename (tlk_test_server_dir (srv), "a.db", NULL);
    g_autofree char *b = g_build_filename (tlk_test_server_dir (srv), "b.db", NULL);
    g_autofree char *pw = g_build_filename (tlk_test_server_dir (srv), "admin-pw", NULL);
    g_autofree char *demo = NULL;
    g_autofree char *sent = NULL;
    g_autofree char *fetched = NULL;
    g_autofree char *kits_a = NULL;
    g_autofree char *kits_b = NULL;

    tlk_test_server_add_user (srv, "admin", "admin", "admin-pw");
    g_assert_true (g_file_set_contents (pw, "admin-pw\n", -1, NULL));
    demo = cli ("--db", a, "demo", "--kits", "5", NULL);
    sent = cli ("--db", a, "--json", "sync", "--server", base, "--user", "admin", "--password-file", pw,
                "--ca-file", cert.cert, NULL);
    fetched = cli ("--db", b, "--json", "sync", "--server", base, "--user", "admin", "--password-file", pw,
                   "--ca-file", cert.cert, NULL);
    g_assert_nonnull (strstr (sent, "\"pending\" : 0"));
    g_assert_nonnull (strstr (fetched, "\"pending\" : 0"));
    g_assert_null (strstr (fetched, "\"pulled\" : 0,"));
    kits_a = cli ("--db", a, "list", "kits", NULL);
    kits_b = cli ("--db", b, "list", "kits", NULL);
    g_assert_cmpstr (kits_a, ==, kits_b);
    g_assert_cmpuint (strlen (kits_a), >, 0);
  }

  /* HSTS on every answer. */
  {
    g_autofree char *url = g_strconcat (base, "/healthz", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
    const char *hsts;

    g_assert_no_error (error);
    hsts = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Strict-Transport-Security");
    g_assert_nonnull (hsts);
    g_assert_true (g_str_has_prefix (hsts, "max-age="));
  }

  /* Metrics are not for the outside, and nginx refuses a body over 4 MiB. */
  {
    g_autofree char *url = g_strconcat (base, "/metrics", NULL);
    g_autoptr(GBytes) body = NULL;

    g_assert_cmpuint (get (session, url, NULL, &body, &error), ==, 404);
    g_assert_no_error (error);
  }
  {
    g_autofree char *url = g_strconcat (base, "/api/v1/login", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (5 * 1024 * 1024), 5 * 1024 * 1024);
    g_autoptr(GBytes) body = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", big);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  }

  /* Without trust in the certificate: nothing. */
  untrusting = soup_session_new_with_options ("timeout", 30, NULL);
  {
    g_autofree char *url = g_strconcat (base, "/healthz", NULL);
    g_autoptr(GBytes) body = NULL;

    get (untrusting, url, NULL, &body, &error);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Plain HTTP to the TLS port is refused by nginx (or the connection
   * fails); plain HTTP to port 80's stand-in only redirects to HTTPS. */
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/healthz", https_port);
    g_autoptr(GBytes) body = NULL;
    guint status = get (untrusting, url, NULL, &body, &error);

    if (error == NULL)
      {
        g_assert_cmpuint (status, ==, 400);
        g_assert_null (g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), "ok\n"));
      }
    g_clear_error (&error);
  }
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/my-citizens", http_port);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;
    const char *location;

    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
    body = soup_session_send_and_read (untrusting, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 301);
    location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
    g_assert_true (g_str_has_prefix (location, "https://"));
  }

  /* nginx stops on SIGQUIT (gracefully), the server on SIGTERM. */
  g_subprocess_send_signal (proxy, SIGQUIT);
  g_subprocess_wait (proxy, NULL, &error);
  g_assert_no_error (error);
  tlk_test_server_assert_healthy (srv);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tls/server", test_server_tls);
  g_test_add_func ("/tls/server-bad-cert", test_server_tls_bad_cert);
  g_test_add_func ("/tls/nginx", test_nginx_tls);
  return g_test_run ();
}
