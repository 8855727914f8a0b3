/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tlk-test-server.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli-helper.h"

struct _TlkTestServer
{
  char         *dir;
  char         *db;
  GPtrArray    *args;       /* extra arguments, as given */
  char         *listen;     /* --listen for the next start */
  GSubprocess  *process;
  GInputStream *out;
  char         *url;
  guint         port;
  SoupSession  *session;
};

static char *
server_program (void)
{
  return cli_test_program ("TELEKIT_SERVER");
}

/* A server outlives no test that crashed: it would hold the test's output
 * open, and meson would wait for it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
tlk_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* An undefined-behaviour report must fail the run, as ASan's do. */
  g_subprocess_launcher_setenv (launcher, "UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1", FALSE);
  return launcher;
}

static void
assert_no_sanitizer_report (const char *err)
{
  static const char *const markers[] = { "AddressSanitizer", "LeakSanitizer", "runtime error:" };

  for (guint i = 0; err != NULL && i < G_N_ELEMENTS (markers); i++)
    if (strstr (err, markers[i]) != NULL)
      {
        g_test_message ("telekit-server:\n%s", err);
        g_assert_null (strstr (err, markers[i]));
      }
}

static void
launch (TlkTestServer *srv)
{
  g_autoptr(GSubprocessLauncher) launcher = tlk_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  g_assert_null (srv->process);
  g_ptr_array_add (argv, server_program ());
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (srv->db));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup (srv->listen));
  for (guint i = 0; i < srv->args->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (srv->args, i)));
  g_ptr_array_add (argv, NULL);

  srv->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The one line the server prints when it is ready. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (srv->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      g_subprocess_wait (srv->process, NULL, NULL);
      g_error ("telekit-server ended before it listened (status %d)", g_subprocess_get_status (srv->process));
    }
  g_assert_true (g_str_has_prefix (line, "listening on http"));
  g_free (srv->url);
  srv->url = g_strdup (line + strlen ("listening on "));
  colon = strrchr (srv->url, ':');
  g_assert_nonnull (colon);
  srv->port = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (srv->port, >, 0);
  srv->out = g_object_ref (g_subprocess_get_stdout_pipe (srv->process));

  /* Later starts take the same port, so clients find it again. */
  {
    char *old = srv->listen;

    srv->listen = g_strdup_printf ("%.*s:%u", (int) (strrchr (old, ':') - old), old, srv->port);
    g_free (old);
  }
}

TlkTestServer *
tlk_test_server_start_with (const char *const *args)
{
  g_autoptr(GError) error = NULL;
  TlkTestServer *srv = g_new0 (TlkTestServer, 1);

  srv->dir = g_dir_make_tmp ("telekit-server-XXXXXX", &error);
  g_assert_no_error (error);
  srv->db = g_build_filename (srv->dir, "server.db", NULL);
  srv->args = g_ptr_array_new_with_free_func (g_free);
  srv->listen = g_strdup ("127.0.0.1:0");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      if (strcmp (args[i], "--listen") == 0 && args[i + 1] != NULL)
        {
          g_free (srv->listen);
          srv->listen = g_strdup (args[++i]);
          continue;
        }
      g_ptr_array_add (srv->args, g_strdup (args[i]));
    }
  srv->session = soup_session_new_with_options ("timeout", 60, NULL);
  launch (srv);
  return srv;
}

TlkTestServer *
tlk_test_server_start (void)
{
  return tlk_test_server_start_with (NULL);
}

static void
reap (TlkTestServer *srv)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (srv->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&srv->out);
  g_clear_object (&srv->process);
  /* Its connections are gone with it. */
  soup_session_abort (srv->session);
}

void
tlk_test_server_terminate (TlkTestServer *srv)
{
  g_assert_nonnull (srv->process);
  g_subprocess_send_signal (srv->process, SIGTERM);
  tlk_test_server_wait_exit (srv);
}

void
tlk_test_server_wait_exit (TlkTestServer *srv)
{
  g_assert_nonnull (srv->process);
  g_subprocess_wait (srv->process, NULL, NULL);
  if (!g_subprocess_get_if_exited (srv->process))
    g_error ("telekit-server did not end normally (signal %d)", g_subprocess_get_term_sig (srv->process));
  g_assert_cmpint (g_subprocess_get_exit_status (srv->process), ==, 0);
  reap (srv);
}

void
tlk_test_server_send_signal (TlkTestServer *srv,
                             int            signum)
{
  g_assert_nonnull (srv->process);
  g_subprocess_send_signal (srv->process, signum);
}

void
tlk_test_server_kill9 (TlkTestServer *srv)
{
  g_assert_nonnull (srv->process);
  g_subprocess_force_exit (srv->process);
  reap (srv);
}

void
tlk_test_server_restart (TlkTestServer *srv)
{
  g_assert_null (srv->process);
  launch (srv);
}

void
tlk_test_server_stop (TlkTestServer *srv)
{
  tlk_test_server_terminate (srv);
  tlk_test_server_free (srv);
}

void
tlk_test_rm_rf (const char *path)
{
  cli_rm_rf (path);
}

void
tlk_test_server_free (TlkTestServer *srv)
{
  if (srv == NULL)
    return;
  if (srv->process != NULL)
    tlk_test_server_terminate (srv);
  cli_rm_rf (srv->dir);
  g_clear_object (&srv->session);
  g_ptr_array_unref (srv->args);
  g_free (srv->dir);
  g_free (srv->db);
  g_free (srv->listen);
  g_free (srv->url);
  g_free (srv);
}

const char *
tlk_test_server_url (TlkTestServer *srv)
{
  return srv->url;
}

guint
tlk_test_server_port (TlkTestServer *srv)
{
  return srv->port;
}

double
tlk_test_server_peak_rss_mib (TlkTestServer *srv)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (srv->process));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

const char *
tlk_test_server_db_path (TlkTestServer *srv)
{
  return srv->db;
}

const char *
tlk_test_server_dir (TlkTestServer *srv)
{
  return srv->dir;
}

SoupSession *
tlk_test_server_session (TlkTestServer *srv)
{
  return srv->session;
}

int
tlk_test_server_run_cli (TlkTestServer *srv,
                         char         **out,
                         char         **err,
                         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = tlk_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, server_program ());
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (srv->db));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* Standard input is a pipe with nothing in it: not a terminal. */
  g_subprocess_communicate_utf8 (process, "", NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  assert_no_sanitizer_report (stderr_text);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

void
tlk_test_server_add_user (TlkTestServer *srv,
                          const char    *name,
                          const char    *role,
                          const char    *password)
{
  g_autofree char *file = g_strdup_printf ("%s/password-%s", srv->dir, name);
  g_autofree char *err = NULL;
  g_autofree char *text = g_strdup_printf ("%s\n", password);
  g_autoptr(GError) error = NULL;
  int status;

  g_file_set_contents (file, text, -1, &error);
  g_assert_no_error (error);
  status = tlk_test_server_run_cli (srv, NULL, &err, "user", "add", name, "--role", role, "--password-file", file,
                                    NULL);
  if (status != 0)
    g_test_message ("user add %s: %s", name, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
}

GBytes *
tlk_test_server_request_raw (TlkTestServer *srv,
                             const char    *method,
                             const char    *path,
                             const char    *token,
                             GBytes        *body,
                             guint         *status)
{
  g_autofree char *url = g_strconcat (srv->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (srv->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return answer;
}

JsonNode *
tlk_test_server_request (TlkTestServer *srv,
                         const char    *method,
                         const char    *path,
                         const char    *token,
                         const char    *body,
                         guint         *status)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GBytes) answer = tlk_test_server_request_raw (srv, method, path, token, bytes, status);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (answer, &length);

  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    g_error ("%s %s answered %u, not JSON: %.*s (%s)", method, path, *status, (int) length, data, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

void
tlk_test_assert_error (JsonNode   *answer,
                       guint       status,
                       guint       expected_status,
                       const char *word,
                       const char *fragment)
{
  g_autoptr(JsonNode) root = answer;
  JsonObject *object;
  const char *message;

  if (status != expected_status)
    {
      g_autofree char *text = json_to_string (root, FALSE);
      g_test_message ("answer %u: %s", status, text);
    }
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "error", NULL), ==, word);
  message = json_object_get_string_member_with_default (object, "message", NULL);
  g_assert_nonnull (message);
  if (fragment != NULL && strstr (message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", message, fragment);
}

void
tlk_test_server_assert_error (TlkTestServer *srv,
                              const char    *method,
                              const char    *path,
                              const char    *token,
                              const char    *body,
                              guint          expected_status,
                              const char    *word,
                              const char    *fragment)
{
  guint status = 0;
  JsonNode *answer = tlk_test_server_request (srv, method, path, token, body, &status);

  tlk_test_assert_error (answer, status, expected_status, word, fragment);
}

char *
tlk_test_server_login (TlkTestServer *srv,
                       const char    *name,
                       const char    *password,
                       const char    *device_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_set_member_name (b, "device_id");
  json_builder_add_string_value (b, device_id);
  json_builder_end_object (b);
  request = json_builder_get_root (b);
  body = json_to_string (request, FALSE);

  answer = tlk_test_server_request (srv, "POST", "/api/v1/login", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

void
tlk_test_server_assert_healthy (TlkTestServer *srv)
{
  guint status = 0;
  g_autoptr(GBytes) answer = tlk_test_server_request_raw (srv, "GET", "/healthz", NULL, NULL, &status);
  gsize length;
  const char *data = g_bytes_get_data (answer, &length);

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpmem (data, length, "ok\n", 3);
}
