/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tlk-role.h"
#include "tlk-server-routes.h"
#include "tlk-server.h"
#include "tlk-store-server.h"
#include "tlk-store-sync.h"

/*
 * telekit-server (DESIGN §8):
 *   telekit-server --db PATH --listen HOST:PORT [--tls-cert F --tls-key F]
 *   telekit-server --db PATH user add NAME --role ROLE [--password-file F] [--full-name TEXT]
 *   telekit-server --db PATH user passwd NAME [--password-file F]
 *   telekit-server --db PATH user revoke NAME
 * Exits 0 on success, else 1 with a one-line reason on stderr.
 */

#define DEFAULT_LISTEN "127.0.0.1:8470"

typedef struct
{
  char *db;
  char *listen;
  char *tls_cert;
  char *tls_key;
  int   token_lifetime;   /* seconds; -1: the default */
  char *role;
  char *password_file;
  char *full_name;
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->db, g_free);
  g_clear_pointer (&o->listen, g_free);
  g_clear_pointer (&o->tls_cert, g_free);
  g_clear_pointer (&o->tls_key, g_free);
  g_clear_pointer (&o->role, g_free);
  g_clear_pointer (&o->password_file, g_free);
  g_clear_pointer (&o->full_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
fail (const char *fmt,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *fmt,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_strdelimit (msg, "\n", ' ');
  g_printerr ("telekit-server: %s\n", msg);
  return 1;
}

/* ---- serving ----------------------------------------------------------- */

static gboolean
parse_listen (const char *text,
              char      **host,
              guint      *port)
{
  g_autofree char *h = NULL;
  const char *port_text;
  guint64 value;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        return FALSE;
      h = g_strndup (text + 1, close - text - 1);
      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        return FALSE;
      h = g_strndup (text, colon - text);
      port_text = colon + 1;
    }
  if (*h == '\0' || !g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *host = g_steal_pointer (&h);
  *port = (guint) value;
  return TRUE;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address == NULL)
    return g_ascii_strcasecmp (host, "localhost") == 0;
  return g_inet_address_get_is_loopback (address);
}

static gboolean
on_stop_signal (gpointer user_data)
{
  tlk_server_shutdown (TLK_SERVER (user_data));
  return G_SOURCE_CONTINUE;
}

static int
serve (Options *o)
{
  g_autoptr(TlkServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  const char *listen = o->listen ? o->listen : DEFAULT_LISTEN;
  guint port = 0;

  if (!parse_listen (listen, &host, &port))
    return fail (_("--listen takes HOST:PORT (for example 127.0.0.1:8470), not “%s”."), listen);
  if (sodium_init () < 0)
    return fail (_("libsodium cannot start (no source of random numbers)."));

  /* The server answers in English; clients translate by the error word. */
  setlocale (LC_MESSAGES, "C");

  server = tlk_server_new (o->db, &error);
  if (server == NULL)
    return fail ("%s", error->message);
  if (o->token_lifetime >= 0)
    tlk_server_set_token_lifetime (server, (guint) o->token_lifetime);
  if (!tlk_server_listen (server, host, port, o->tls_cert, o->tls_key, &error))
    return fail ("%s", error->message);
  if (!is_loopback (host) && !tlk_server_is_https (server))
    g_printerr ("telekit-server: %s is not a loopback address and there is no TLS: put nginx in front "
                "(README, “Deploying the server”).\n", host);

  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect_swapped (server, "stopped", G_CALLBACK (g_main_loop_quit), loop);
  g_unix_signal_add (SIGTERM, on_stop_signal, server);
  g_unix_signal_add (SIGINT, on_stop_signal, server);

  /* The one line tests and scripts wait for. */
  printf ("listening on %s://%s%s%s:%u\n", tlk_server_is_https (server) ? "https" : "http",
          strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "", tlk_server_get_port (server));
  fflush (stdout);

  /* The handlers stay to the end: another SIGTERM while the server frees
   * itself must not kill it with its journal half written back. */
  g_main_loop_run (loop);
  return 0;
}

/* ---- user add / passwd / revoke ---------------------------------------- */

static char *
prompt_hidden (const char *prompt)
{
  struct termios old, quiet;
  char line[1024];
  gboolean ok;

  g_printerr ("%s", prompt);
  if (tcgetattr (STDIN_FILENO, &old) != 0)
    return NULL;
  quiet = old;
  quiet.c_lflag &= ~ECHO;
  quiet.c_lflag |= ECHONL;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  ok = fgets (line, sizeof line, stdin) != NULL;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
  if (!ok)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  {
    char *password = g_strdup (line);
    sodium_memzero (line, sizeof line);
    return password;
  }
}

/* The first line of @file, else asked twice on the terminal. */
static char *
read_password (const char *file,
               GError    **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;
  char *password;

  if (file != NULL)
    {
      if (!g_file_get_contents (file, &contents, NULL, error))
        return NULL;
      contents[strcspn (contents, "\r\n")] = '\0';
      password = g_strdup (contents);
      sodium_memzero (contents, strlen (contents));
    }
  else if (isatty (STDIN_FILENO))
    {
      password = prompt_hidden (_("Password: "));
      again = password ? prompt_hidden (_("The same password again: ")) : NULL;
      if (again == NULL || g_strcmp0 (password, again) != 0)
        {
          g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_PASSWORD, _("The passwords differ."));
          g_free (password);
          return NULL;
        }
      sodium_memzero (again, strlen (again));
    }
  else
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_PASSWORD,
                           _("No password: give --password-file FILE, or run this on a terminal to be asked."));
      return NULL;
    }

  if (*password == '\0')
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_PASSWORD, _("The password is empty."));
      g_free (password);
      return NULL;
    }
  return password;
}

static char *
hash_new_password (const char *file,
                   GError    **error)
{
  g_autofree char *password = read_password (file, error);
  char *hash;

  if (password == NULL)
    return NULL;
  hash = tlk_server_hash_password (password, error);
  sodium_memzero (password, strlen (password));
  return hash;
}

/* The user.defined event that tells every computer about the user. */
static gboolean
define_user (TlkStore   *store,
             const char *name,
             const char *full_name,
             const char *role,
             GError    **error)
{
  g_autoptr(TlkEvent) event = tlk_event_new (TLK_EVENT_USER_DEFINED, name, "telekit-server");
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;

  tlk_event_set_string (event, "name", full_name ? full_name : name);
  tlk_event_set_string (event, "role", role);

  /* Through the same door as pushed events, so it gets its server_seq at
   * once and every computer pulls it. */
  if (!tlk_store_check (store, event, error))
    return FALSE;
  g_ptr_array_add (batch, event);
  results = tlk_store_accept_events (store, batch, error);
  return results != NULL;
}

static int
user_add (TlkStore   *store,
          Options    *o,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = tlk_server_time_iso (0);

  if (o->role == NULL)
    return fail (_("Give the user’s role: --role warehouse|driver|coordinator|admin."));
  if (!tlk_role_is_valid (o->role))
    return fail (_("Unknown role “%s”: use warehouse, driver, coordinator or admin."), o->role);
  if (tlk_store_account_exists (store, name))
    return fail (_("The user %s has an account already; change its password with “user passwd”."), name);
  hash = hash_new_password (o->password_file, &error);
  if (hash == NULL)
    return fail ("%s", error->message);
  /* The event first: it checks the name and role like every other event;
   * an account without a user could not sign in. */
  if (!define_user (store, name, o->full_name, o->role, &error) ||
      !tlk_store_account_add (store, name, hash, now, &error))
    return fail ("%s", error->message);
  return 0;
}

static int
user_passwd (TlkStore   *store,
             Options    *o,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = tlk_server_time_iso (0);

  if (!tlk_store_account_exists (store, name))
    return fail (_("The user %s has no account; make one with “user add”."), name);
  hash = hash_new_password (o->password_file, &error);
  if (hash == NULL)
    return fail ("%s", error->message);
  if (!tlk_store_account_set_password (store, name, hash, now, &error))
    return fail ("%s", error->message);
  return 0;
}

static int
user_revoke (TlkStore   *store,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = tlk_server_time_iso (0);
  guint n = 0;

  if (!tlk_store_account_exists (store, name))
    return fail (_("The user %s has no account."), name);
  if (!tlk_store_tokens_revoke_user (store, name, now, &n, &error))
    return fail ("%s", error->message);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u sign-in of %s ended.\n", "%u sign-ins of %s ended.\n", n), n, name);
  return 0;
}

static int
user_command (Options *o,
              int      argc,
              char   **argv)
{
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb = argc > 1 ? argv[1] : NULL;
  const char *name = argc > 2 ? argv[2] : NULL;

  if (argc != 3 || (g_strcmp0 (verb, "add") != 0 && g_strcmp0 (verb, "passwd") != 0 &&
                    g_strcmp0 (verb, "revoke") != 0))
    return fail (_("Use: telekit-server --db PATH user add|passwd|revoke NAME"));
  if (!tlk_server_name_is_valid (name))
    return fail (_("A user name is 1 to 64 letters, digits, “-”, “_” or “.”, not “%s”."), name);
  if (o->role != NULL && strcmp (verb, "add") != 0)
    return fail (_("--role is only for “user add”."));
  if (o->password_file != NULL && strcmp (verb, "revoke") == 0)
    return fail (_("--password-file is not for “user revoke”."));
  if (o->listen != NULL || o->tls_cert != NULL || o->tls_key != NULL)
    return fail (_("--listen, --tls-cert and --tls-key are for running the server, not for “user”."));
  if (sodium_init () < 0)
    return fail (_("libsodium cannot start (no source of random numbers)."));

  store = tlk_store_open (o->db, &error);
  if (store == NULL)
    return fail ("%s", error->message);
  if (strcmp (verb, "add") == 0)
    return user_add (store, o, name);
  if (strcmp (verb, "passwd") == 0)
    return user_passwd (store, o, name);
  return user_revoke (store, name);
}

/* ---- main -------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  g_auto(Options) o = { .token_lifetime = -1 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o.db, N_("The server’s database"), N_("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &o.listen, N_("Where to listen (default 127.0.0.1:8470)"),
      N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_cert, N_("Serve HTTPS with this certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_key, N_("The certificate’s private key (PEM)"), N_("FILE") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o.role, N_("user add: warehouse, driver, coordinator or admin"),
      N_("ROLE") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &o.password_file,
      N_("user add/passwd: the password is this file’s first line"), N_("FILE") },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &o.full_name, N_("user add: the name people see"), N_("TEXT") },
    /* For tests: tokens that expire in seconds. */
    { "token-lifetime", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &o.token_lifetime, NULL, NULL },
    { NULL },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELEKIT_LOCALEDIR") ? g_getenv ("TELEKIT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("[user add|passwd|revoke NAME] — the Telekit sync server"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);
  if (o.db == NULL)
    return fail (_("Give the database: --db PATH."));

  if (argc > 1 && strcmp (argv[1], "user") == 0)
    return user_command (&o, argc - 1, argv + 1);
  if (argc > 1)
    return fail (_("Unknown command “%s”; see --help."), argv[1]);
  if (o.role != NULL || o.password_file != NULL || o.full_name != NULL)
    return fail (_("--role, --password-file and --full-name are for “user add”."));
  return serve (&o);
}
