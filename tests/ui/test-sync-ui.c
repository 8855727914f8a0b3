/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-conflict-row.h"
#include "tlk-conflicts-view.h"
#include "tlk-context.h"
#include "tlk-preferences-window.h"
#include "tlk-store-sync.h"
#include "tlk-sync-indicator.h"
#include "tlk-sync.h"
#include "tlk-test-server.h"
#include "tlk-window.h"
/* Syncs with a real server take longer than the views. */
#define TIMEOUT_S 60
#include "tlk-ui-test-util.h"

/*
 * The app's side of sync (issue 5) with the real widgets, in this process
 * under a real X server: the sync indicator against a closed port and a
 * server that never answers (the window keeps answering), and against the
 * real telekit-server: signing in through the Server preferences, a change
 * reaching the server, a conflict made by two computers listed in the
 * conflicts view and dismissed there.
 *
 * Texts are compared with their translation, so the same run works in
 * Danish (LANGUAGE=da TELEKIT_LOCALEDIR=…). With TELEKIT_SCREENSHOT_DIR set,
 * each state is also taken as a screenshot (TELEKIT_SCREENSHOT_TAG names
 * the run, TELEKIT_DARK=1 asks for the dark style).
 */

#define PASSWORD "correct horse battery staple"

static char *tmpdir;
static AdwApplication *app;
/* The last words of the sync engine, for a failure's message. */
static char sync_news[512];

/* ---- waiting and looking -------------------------------------------------- */

static void
screenshot (const char *name)
{
  tlk_ui_test_screenshot ("sync", name, NULL);
}

static const char *
label_text (gpointer    widget,
            GType       type,
            const char *id)
{
  return gtk_label_get_label (GTK_LABEL (tlk_ui_test_child (widget, type, id)));
}

static gboolean
shown (gpointer    widget,
       GType       type,
       const char *id)
{
  return gtk_widget_get_visible (GTK_WIDGET (tlk_ui_test_child (widget, type, id)));
}

/* As a click does, at once (activation waits for its animation). */
static void
click (gpointer button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
click_action_button (GtkWidget  *root,
                     const char *action)
{
  GtkWidget *button = tlk_ui_test_find_action_button (root, action);

  g_assert_nonnull (button);
  click (button);
}

/* ---- the app ---------------------------------------------------------------- */

typedef struct
{
  char       *db;
  TlkContext *context;
  TlkWindow  *window;
  GtkWidget  *indicator;
} App;

static void
on_engine_notify_cb (TlkSyncEngine *engine)
{
  g_snprintf (sync_news, sizeof sync_news, "state %d, %" G_GINT64_FORMAT " pending, last %s, error %s",
              tlk_sync_engine_get_state (engine), tlk_sync_engine_get_pending (engine),
              tlk_sync_engine_get_last_success (engine), tlk_sync_engine_get_error_message (engine));
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "server-user");
  g_settings_reset (settings, "server-ca-file");
}

/* The window on @store (taken), as the application sets it up. */
static void
app_start (App      *a,
           TlkStore *store)
{
  g_autoptr(GSettings) settings = g_settings_new ("dk.telekit.Telekit");

  a->db = g_strdup (tlk_store_get_path (store));
  a->context = tlk_context_new (store, settings);
  a->window = tlk_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (a->window), 1366, 768);
  tlk_window_set_context (a->window, a->context);
  gtk_window_present (GTK_WINDOW (a->window));
  a->indicator = tlk_ui_test_child (a->window, TLK_TYPE_WINDOW, "sync_indicator");
  g_signal_connect (tlk_context_get_sync_engine (a->context), "notify", G_CALLBACK (on_engine_notify_cb), NULL);
  tlk_ui_test_iterate ();
}

static void
app_stop (App *a)
{
  gtk_window_destroy (GTK_WINDOW (a->window));
  tlk_ui_test_iterate ();
  g_clear_object (&a->context);
  tlk_ui_test_iterate ();
  g_free (a->db);
}

static TlkSyncEngine *
engine (App *a)
{
  return tlk_context_get_sync_engine (a->context);
}

static void
popup (App *a)
{
  gtk_menu_button_popup (tlk_ui_test_child (a->indicator, TLK_TYPE_SYNC_INDICATOR, "button"));
  tlk_ui_test_iterate ();
}

static void
popdown (App *a)
{
  gtk_menu_button_popdown (tlk_ui_test_child (a->indicator, TLK_TYPE_SYNC_INDICATOR, "button"));
  tlk_ui_test_iterate ();
}

static const char *
indicator_text (App        *a,
                const char *id)
{
  return label_text (a->indicator, TLK_TYPE_SYNC_INDICATOR, id);
}

static char *
expected_pending (gint64 n)
{
  g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, n);

  return g_strdup_printf (ngettext ("%s change not yet sent", "%s changes not yet sent", (gulong) n), number);
}

/* A kit.held on @kit by @actor. */
static GPtrArray *
hold (const char *kit,
      const char *actor,
      const char *reason)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  TlkEvent *event = tlk_event_new (TLK_EVENT_KIT_HELD, kit, actor);

  tlk_event_set_string (event, "reason", reason);
  g_ptr_array_add (events, event);
  return events;
}

static TlkStore *
demo_store (const char *name,
            guint       n_kits)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  TlkDemoOptions options = { .n_kits = n_kits, .seed = 7, .max_cycles = 1 };
  TlkStore *store = tlk_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  g_assert_no_error (error);
  return store;
}

/* 127.0.0.1:PORT with nothing listening. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A port whose connections the kernel accepts but nobody ever answers. */
static GSocket *
silent_server (guint16 *port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_socket_set_listen_backlog (socket, 16);
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticks;

static gboolean
on_tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->max_gap = MAX (ticks->max_gap, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* ---- (a) without a server ------------------------------------------------ */

static void
test_offline (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("dk.telekit.Telekit");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) silent = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autofree char *silent_url = NULL;
  g_autofree char *pending_text = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autofree char *kept_url = NULL;
  TlkStore *store = demo_store ("offline.db", 20);
  g_autofree char *db = g_strdup (tlk_store_get_path (store));
  gint64 pending = tlk_store_count_pending (store);
  GtkWidget *prefs;
  App a = { 0 };
  guint16 silent_port;

  reset_settings (settings);
  /* Never synced: every event of the demo is waiting. */
  g_assert_cmpint (pending, >, 0);

  /* Without a server: nothing to send, Set Up… offered. */
  app_start (&a, store);
  g_assert_true (tlk_context_sign_in (a.context, "anne", &error));
  g_assert_no_error (error);
  tlk_ui_test_iterate ();
  g_assert_cmpint (tlk_sync_engine_get_state (engine (&a)), ==, TLK_SYNC_STATE_OFF);
  g_assert_cmpstr (indicator_text (&a, "title_label"), ==, _("Not connected to a server"));
  g_assert_false (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "count_label"));
  g_assert_true (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "setup_button"));
  g_assert_false (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "sync_button"));
  g_assert_false (gtk_widget_is_sensitive (tlk_ui_test_child (a.indicator, TLK_TYPE_SYNC_INDICATOR, "sync_button")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (tlk_ui_test_child (a.indicator, TLK_TYPE_SYNC_INDICATOR, "button")), ==,
                   _("Not connected to a server"));
  popup (&a);
  screenshot ("off");
  popdown (&a);

  /* Signing in where nothing listens says so, in words. */
  prefs = tlk_preferences_window_new (GTK_WINDOW (a.window), settings, a.db);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
  gtk_window_present (GTK_WINDOW (prefs));
  tlk_ui_test_iterate ();
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "server_url_row"), url);
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "server_user_row"), "anne");
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "password_row"), PASSWORD);
  click_action_button (prefs, "prefs.sign-in");
  {
    AdwActionRow *row = tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "sign_in_row");
    /* The translated sentence after the engine's words. */
    const char *format = _("%s. Check the address and that this computer is online.");

    TLK_UI_WAIT_UNTIL (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), _("Not signed in")) == 0,
                "the sign-in to fail");
    g_test_message ("sign-in error: %s", adw_action_row_get_subtitle (row));
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), strstr (format, "%s") + 2));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "sign-in-failed"));
  }
  /* The address and user were kept; the password never is. */
  kept_url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (kept_url, ==, url);
  screenshot ("prefs-unreachable");
  gtk_window_destroy (GTK_WINDOW (prefs));
  app_stop (&a);

  /* Started again with a sign-in kept from before: the engine tries and
   * goes offline. */
  g_assert_true (tlk_credentials_store_token (url, "anne", "a-token-from-before", NULL, &error));
  g_assert_no_error (error);
  app_start (&a, tlk_store_open (db, &error));
  g_assert_no_error (error);
  g_assert_true (tlk_context_sign_in (a.context, "anne", &error));
  TLK_UI_WAIT_UNTIL (tlk_sync_engine_get_state (engine (&a)) == TLK_SYNC_STATE_OFFLINE, "the engine to go offline");
  tlk_ui_test_iterate ();
  g_assert_cmpstr (indicator_text (&a, "title_label"), ==, _("Offline: the server cannot be reached"));
  g_test_message ("offline: %s", indicator_text (&a, "detail_label"));
  g_assert_nonnull (strstr (indicator_text (&a, "detail_label"), "127.0.0.1"));
  g_assert_true (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "detail_label"));
  /* The count is the store's. */
  g_assert_cmpint (tlk_sync_engine_get_pending (engine (&a)), ==, tlk_store_count_pending (tlk_context_get_store (a.context)));
  count = g_strdup_printf ("%'" G_GINT64_FORMAT, pending);
  g_assert_cmpstr (indicator_text (&a, "count_label"), ==, count);
  g_assert_true (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "count_label"));
  pending_text = expected_pending (pending);
  g_assert_cmpstr (indicator_text (&a, "pending_label"), ==, pending_text);
  g_assert_cmpstr (indicator_text (&a, "last_label"), ==, _("Not synced yet"));
  g_assert_true (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "sync_button"));
  g_assert_true (gtk_widget_is_sensitive (tlk_ui_test_child (a.indicator, TLK_TYPE_SYNC_INDICATOR, "sync_button")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (tlk_ui_test_child (a.indicator, TLK_TYPE_SYNC_INDICATOR, "button")),
                            pending_text));
  popup (&a);
  screenshot ("offline");
  popdown (&a);

  /* A server that takes the connection and never answers: the engine
   * waits on its own thread, the window goes on. */
  silent = silent_server (&silent_port);
  silent_url = g_strdup_printf ("http://127.0.0.1:%u", silent_port);
  g_assert_true (tlk_credentials_store_token (silent_url, "anne", "a-token-from-before", NULL, &error));
  g_settings_set_string (settings, "server-url", silent_url);
  TLK_UI_WAIT_UNTIL (tlk_sync_engine_get_state (engine (&a)) == TLK_SYNC_STATE_SYNCING, "the engine to start syncing");
  g_assert_cmpstr (indicator_text (&a, "title_label"), ==, _("Syncing with the server…"));
  {
    Ticks ticks = { g_get_monotonic_time (), 0 };
    guint id = g_timeout_add (10, on_tick_cb, &ticks);
    gint64 end = g_get_monotonic_time () + G_TIME_SPAN_SECOND;
    gint64 before;
    g_autoptr(GPtrArray) events = NULL;

    ready = tlk_store_list_kits (tlk_context_get_store (a.context), "ready", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ready->len, >, 0);
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    /* A write meanwhile is as quick as ever, and counted at once. */
    events = hold (((TlkKit *) g_ptr_array_index (ready, 0))->id, "anne", "cracked case");
    before = g_get_monotonic_time ();
    g_assert_true (tlk_context_write (a.context, events, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_get_monotonic_time () - before, <, 200 * 1000);
    while (g_get_monotonic_time () < end + G_TIME_SPAN_SECOND)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (id);
    g_test_message ("longest wait of the main loop while the server was silent: %" G_GINT64_FORMAT " ms",
                    ticks.max_gap / 1000);
    /* Waiting on the silent server would stop the loop for the whole
     * time (the client's timeout is a minute); a frame drawn in software
     * on a busy machine takes a few hundred milliseconds. */
    g_assert_cmpint (ticks.max_gap, <, G_TIME_SPAN_SECOND);
    g_assert_cmpint (tlk_sync_engine_get_state (engine (&a)), ==, TLK_SYNC_STATE_SYNCING);
    g_assert_cmpint (tlk_sync_engine_get_pending (engine (&a)), ==, pending + 1);
    g_free (count);
    count = g_strdup_printf ("%'" G_GINT64_FORMAT, pending + 1);
    g_assert_cmpstr (indicator_text (&a, "count_label"), ==, count);
  }

  /* Working alone again: the address cleared and applied. */
  prefs = tlk_preferences_window_new (GTK_WINDOW (a.window), settings, a.db);
  gtk_window_present (GTK_WINDOW (prefs));
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "server_url_row"), "");
  g_signal_emit_by_name (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "server_url_row"), "apply");
  tlk_ui_test_iterate ();
  g_assert_cmpint (tlk_sync_engine_get_state (engine (&a)), ==, TLK_SYNC_STATE_OFF);
  g_assert_cmpstr (indicator_text (&a, "title_label"), ==, _("Not connected to a server"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  reset_settings (settings);
  app_stop (&a);
}

/* ---- (b) with the real server ---------------------------------------------- */

typedef struct
{
  TlkStore      *store;
  TlkSyncClient *client;
} Computer;

static void
add_user (TlkTestServer *srv,
          const char    *name,
          const char    *role,
          const char    *full_name)
{
  g_autofree char *file = g_build_filename (tlk_test_server_dir (srv), "password", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tlk_test_server_run_cli (srv, NULL, &err, "user", "add", name, "--role", role, "--password-file",
                                            file, "--full-name", full_name, NULL), ==, 0);
}

static void
computer_sync (Computer *c)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = tlk_sync_run (c->store, c->client, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static Computer *
computer_new (TlkTestServer *srv,
              TlkStore      *store,
              const char    *user)
{
  Computer *c = g_new0 (Computer, 1);
  g_autoptr(GError) error = NULL;

  c->store = store;
  c->client = tlk_sync_client_new (tlk_test_server_url (srv), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_sync_client_login (c->client, user, PASSWORD, tlk_store_get_device_id (store), NULL, &error));
  g_assert_no_error (error);
  return c;
}

static void
computer_free (Computer *c)
{
  tlk_sync_client_free (c->client);
  tlk_store_free (c->store);
  g_free (c);
}

static gboolean
token_refused (TlkTestServer *srv,
               const char    *token)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = tlk_test_server_request (srv, "GET", "/api/v1/events?after=0&limit=1", token, NULL,
                                                        &status);

  return status == 401;
}

static gboolean
file_holds (const char *path,
            const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

static void
test_server (void)
{
  g_autoptr(TlkTestServer) srv = tlk_test_server_start ();
  g_autoptr(GSettings) settings = g_settings_new ("dk.telekit.Telekit");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autofree char *app_db = g_build_filename (tmpdir, "app.db", NULL);
  g_autofree char *bo_db = g_build_filename (tmpdir, "bo.db", NULL);
  g_autofree char *kept_url = NULL;
  g_autofree char *kept_user = NULL;
  g_autofree char *tokens = g_build_filename (g_get_user_config_dir (), "telekit", "tokens", NULL);
  g_autofree char *token = NULL;
  g_autofree char *kit_a = NULL;
  g_autofree char *kit_b = NULL;
  GtkWidget *prefs;
  AdwActionRow *sign_in_row;
  TlkConflictsView *conflicts;
  Computer *seeder;
  Computer *bo;
  App a = { 0 };

  reset_settings (settings);
  add_user (srv, "seeder", "admin", "Seeder");
  /* The demo's own people write its events: the server must know them. */
  add_user (srv, "admin", "admin", "Telekit-administrator");
  add_user (srv, "mette", "warehouse", "Mette Sørensen");
  add_user (srv, "jens", "driver", "Jens Kjær");
  add_user (srv, "karim", "driver", "Karim Haddad");
  add_user (srv, "anne", "coordinator", "Anne Holm");
  add_user (srv, "bo", "warehouse", "Bo Lund");
  add_user (srv, "carla", "coordinator", "Carla Jensen");

  /* One computer brings the demo data to the server. */
  seeder = computer_new (srv, demo_store ("seeder.db", 20), "seeder");
  computer_sync (seeder);
  ready = tlk_store_list_kits (seeder->store, "ready", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ready->len, >=, 2);
  kit_a = g_strdup (((TlkKit *) g_ptr_array_index (ready, 0))->id);
  kit_b = g_strdup (((TlkKit *) g_ptr_array_index (ready, 1))->id);

  /* The app starts on an empty database and signs in through the
   * preferences: first with a wrong password. */
  app_start (&a, tlk_store_open (app_db, &error));
  g_assert_no_error (error);
  prefs = tlk_preferences_window_new (GTK_WINDOW (a.window), settings, a.db);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
  gtk_window_present (GTK_WINDOW (prefs));
  tlk_ui_test_iterate ();
  sign_in_row = tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "sign_in_row");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (sign_in_row)), ==, _("Not connected to a server"));
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "server_url_row"), tlk_test_server_url (srv));
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "server_user_row"), "carla");
  /* Nothing to sign in with yet. */
  g_assert_false (gtk_widget_is_sensitive (tlk_ui_test_find_action_button (prefs, "prefs.sign-in")));
  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "password_row"), "not the password");
  click_action_button (prefs, "prefs.sign-in");
  TLK_UI_WAIT_UNTIL (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (sign_in_row)), _("Not signed in")) == 0,
              "the wrong password to be refused");
  g_assert_cmpstr (adw_action_row_get_subtitle (sign_in_row), ==, _("Wrong user name or password."));
  g_assert_null (tlk_sync_engine_get_token (engine (&a)));
  screenshot ("prefs-wrong-password");

  gtk_editable_set_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "password_row"), PASSWORD);
  click_action_button (prefs, "prefs.sign-in");
  {
    g_autofree char *title = g_strdup_printf (_("Signed in as %s"), "carla");

    TLK_UI_WAIT_UNTIL (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (sign_in_row)), title) == 0,
                "the sign-in");
  }
  /* Kept in a file only this user reads (the tests keep keyrings out);
   * the password is not kept, not even in the entry. */
  g_assert_cmpstr (adw_action_row_get_subtitle (sign_in_row), ==,
                   _("The sign-in is kept in a file only your user account can read. The password is not kept."));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (sign_in_row), "sign-in-failed"));
  g_assert_cmpstr (gtk_editable_get_text (tlk_ui_test_child (prefs, TLK_TYPE_PREFERENCES_WINDOW, "password_row")), ==, "");
  {
    g_autofree char *text = NULL;
    GStatBuf st;

    g_assert_true (g_file_get_contents (tokens, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, tlk_sync_engine_get_token (engine (&a))));
    g_assert_null (strstr (text, PASSWORD));
    g_assert_cmpint (g_stat (tokens, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  kept_url = g_settings_get_string (settings, "server-url");
  kept_user = g_settings_get_string (settings, "server-user");
  g_assert_cmpstr (kept_url, ==, tlk_test_server_url (srv));
  g_assert_cmpstr (kept_user, ==, "carla");
  screenshot ("prefs-signed-in");
  gtk_window_destroy (GTK_WINDOW (prefs));
  tlk_ui_test_iterate ();

  /* The first sync brings everything, Carla among the users. */
  TLK_UI_WAIT_UNTIL (tlk_sync_engine_get_last_success (engine (&a)) != NULL &&
              tlk_sync_engine_get_state (engine (&a)) == TLK_SYNC_STATE_IDLE, "the first sync");
  g_assert_cmpint (tlk_store_count_events (tlk_context_get_store (a.context)), ==,
                   tlk_store_count_events (seeder->store));
  /* Anne works at this computer, which syncs with Carla's account. */
  g_assert_true (tlk_context_sign_in (a.context, "anne", &error));
  g_assert_no_error (error);
  tlk_ui_test_iterate ();

  /* A change in the app reaches the server by itself. */
  {
    g_autoptr(GPtrArray) events = hold (kit_a, "anne", "dented case");
    g_autofree char *last = NULL;
    g_autoptr(GDateTime) when = NULL;
    g_autoptr(GDateTime) local = NULL;
    g_autofree char *hhmm = NULL;

    g_assert_true (tlk_context_write (a.context, events, &error));
    g_assert_no_error (error);
    g_assert_cmpint (tlk_sync_engine_get_pending (engine (&a)), ==, 1);
    g_assert_cmpstr (indicator_text (&a, "count_label"), ==, "1");
    TLK_UI_WAIT_UNTIL (tlk_sync_engine_get_pending (engine (&a)) == 0 &&
                tlk_sync_engine_get_state (engine (&a)) == TLK_SYNC_STATE_IDLE, "the change to be sent");
    tlk_ui_test_iterate ();
    g_assert_cmpint (tlk_store_count_pending (tlk_context_get_store (a.context)), ==, 0);
    g_assert_cmpstr (indicator_text (&a, "title_label"), ==, _("Synced with the server"));
    g_assert_cmpstr (indicator_text (&a, "pending_label"), ==, _("Every change has been sent"));
    g_assert_false (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "count_label"));
    g_assert_false (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "detail_label"));
    when = g_date_time_new_from_iso8601 (tlk_sync_engine_get_last_success (engine (&a)), NULL);
    local = g_date_time_to_local (when);
    hhmm = g_date_time_format (local, "%H:%M");
    last = g_strdup_printf (_("Last synced today at %s"), hhmm);
    g_assert_cmpstr (indicator_text (&a, "last_label"), ==, last);
    popup (&a);
    screenshot ("synced");
    popdown (&a);
  }
  /* Another computer sees it. */
  bo = computer_new (srv, tlk_store_open (bo_db, &error), "bo");
  computer_sync (bo);
  {
    g_autoptr(TlkKit) at_bo = tlk_store_load (bo->store, TLK_SUBJECT_KIT, kit_a);

    g_assert_cmpint (at_bo->state, ==, TLK_KIT_ON_HOLD);
  }

  /* Bo and the app hold kit B without knowing of each other: Bo first. */
  {
    g_autoptr(GPtrArray) by_bo = hold (kit_b, "bo", "cracked screen");
    g_autoptr(GPtrArray) by_app = hold (kit_b, "anne", "missing charger");
    g_autofree char *what = NULL;
    g_autofree char *code = tlk_code_display (kit_b);
    GtkWidget *row;

    g_assert_true (tlk_store_append_batch (bo->store, by_bo, &error));
    g_assert_no_error (error);
    computer_sync (bo);
    conflicts = TLK_CONFLICTS_VIEW (tlk_window_get_view (a.window, "conflicts"));
    g_assert_cmpuint (tlk_conflicts_view_get_n_conflicts (conflicts), ==, 0);
    g_assert_true (tlk_context_write (a.context, by_app, &error));
    g_assert_no_error (error);
    TLK_UI_WAIT_UNTIL (tlk_conflicts_view_get_n_conflicts (conflicts) == 1, "the conflict to be listed");
    TLK_UI_WAIT_UNTIL (tlk_sync_engine_get_state (engine (&a)) == TLK_SYNC_STATE_IDLE, "the sync to end");
    tlk_ui_test_iterate ();

    /* The popover points at it … */
    g_assert_true (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "conflicts_button"));
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u conflict to resolve", "%u conflicts to resolve", 1), 1);

      g_assert_cmpstr (indicator_text (&a, "conflicts_label"), ==, text);
    }
    popup (&a);
    screenshot ("synced-conflict");
    click (tlk_ui_test_child (a.indicator, TLK_TYPE_SYNC_INDICATOR, "conflicts_button"));
    tlk_ui_test_iterate ();
    g_assert_false (gtk_widget_get_visible (
      GTK_WIDGET (gtk_menu_button_get_popover (tlk_ui_test_child (a.indicator, TLK_TYPE_SYNC_INDICATOR, "button")))));
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (tlk_ui_test_child (a.window, TLK_TYPE_WINDOW, "view_stack")), ==,
                     "conflicts");

    /* … and the view says when, who, what and why. */
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (tlk_ui_test_child (conflicts, TLK_TYPE_CONFLICTS_VIEW, "list"), 0));
    g_assert_true (TLK_IS_CONFLICT_ROW (row));
    g_assert_null (gtk_list_box_get_row_at_index (tlk_ui_test_child (conflicts, TLK_TYPE_CONFLICTS_VIEW, "list"), 1));
    g_test_message ("conflict: %s | %s | %s", label_text (row, TLK_TYPE_CONFLICT_ROW, "what_label"),
                    label_text (row, TLK_TYPE_CONFLICT_ROW, "when_label"),
                    label_text (row, TLK_TYPE_CONFLICT_ROW, "reason_label"));
    {
      g_autofree char *action = g_strdup (tlk_event_type_describe (TLK_EVENT_KIT_HELD));
      g_autofree char *subject = g_strdup_printf (_("kit %s"), code);
      g_autofree char *prefix = g_strdup_printf (_("Not applied: %s"), "");

      action[0] = g_ascii_toupper (action[0]);
      what = g_strdup_printf (_("%s: %s"), action, subject);
      g_assert_cmpstr (label_text (row, TLK_TYPE_CONFLICT_ROW, "what_label"), ==, what);
      g_assert_nonnull (strstr (label_text (row, TLK_TYPE_CONFLICT_ROW, "when_label"), "Anne Holm"));
      g_assert_true (g_str_has_prefix (label_text (row, TLK_TYPE_CONFLICT_ROW, "reason_label"), prefix));
      g_assert_cmpuint (strlen (label_text (row, TLK_TYPE_CONFLICT_ROW, "reason_label")), >, strlen (prefix));
    }
    g_assert_true (shown (row, TLK_TYPE_CONFLICT_ROW, "open_button"));
    screenshot ("conflicts");

    /* The kit opens from there, and Escape comes back. */
    click (tlk_ui_test_child (row, TLK_TYPE_CONFLICT_ROW, "open_button"));
    tlk_ui_test_iterate ();
    g_assert_cmpstr (adw_leaflet_get_visible_child_name (tlk_ui_test_child (conflicts, TLK_TYPE_CONFLICTS_VIEW, "leaflet")), ==,
                     "detail");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (conflicts), "conflicts.back", NULL));
    tlk_ui_test_iterate ();

    /* Dismissed with a note: pending, then sent. */
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (tlk_ui_test_child (conflicts, TLK_TYPE_CONFLICTS_VIEW, "list"), 0));
    click (tlk_ui_test_child (row, TLK_TYPE_CONFLICT_ROW, "dismiss_button"));
    tlk_ui_test_iterate ();
    {
      GtkWidget *dialog = find_message_dialog ();

      g_assert_nonnull (dialog);
      gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))),
                             "Checked on the shelf");
      screenshot ("dismiss");
      /* As its button does: the answer, then the dialog closes. */
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dismiss");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
    tlk_ui_test_iterate ();
    g_assert_cmpuint (tlk_conflicts_view_get_n_conflicts (conflicts), ==, 0);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (tlk_ui_test_child (conflicts, TLK_TYPE_CONFLICTS_VIEW, "stack")), ==,
                     "empty");
    g_assert_cmpint (tlk_sync_engine_get_pending (engine (&a)), ==, 1);
    TLK_UI_WAIT_UNTIL (tlk_sync_engine_get_pending (engine (&a)) == 0 &&
                tlk_sync_engine_get_state (engine (&a)) == TLK_SYNC_STATE_IDLE, "the resolution to be sent");
    tlk_ui_test_iterate ();
    g_assert_false (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "conflicts_button"));
    screenshot ("conflicts-empty");
  }
  /* Resolved everywhere, with the note. */
  computer_sync (bo);
  {
    g_autoptr(GPtrArray) open = tlk_store_open_conflicts (bo->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (open->len, ==, 0);
  }

  /* Signing out forgets the token here and revokes it on the server. */
  token = g_strdup (tlk_sync_engine_get_token (engine (&a)));
  prefs = tlk_preferences_window_new (GTK_WINDOW (a.window), settings, a.db);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
  gtk_window_present (GTK_WINDOW (prefs));
  tlk_ui_test_iterate ();
  click_action_button (prefs, "prefs.sign-out");
  tlk_ui_test_iterate ();
  g_assert_null (tlk_sync_engine_get_token (engine (&a)));
  g_assert_cmpint (tlk_sync_engine_get_state (engine (&a)), ==, TLK_SYNC_STATE_ERROR);
  g_assert_true (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "setup_button"));
  g_assert_false (shown (a.indicator, TLK_TYPE_SYNC_INDICATOR, "sync_button"));
  TLK_UI_WAIT_UNTIL (token_refused (srv, token), "the token to be revoked");
  TLK_UI_WAIT_UNTIL (!file_holds (tokens, token), "the token to be forgotten");
  gtk_window_destroy (GTK_WINDOW (prefs));

  reset_settings (settings);
  app_stop (&a);
  computer_free (bo);
  computer_free (seeder);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  int status;

  /* Before GLib reads them: the sign-in goes to a file of this run. */
  tmpdir = g_dir_make_tmp ("telekit-sync-ui-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (tmpdir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("TELEKIT_NO_KEYRING", "1", TRUE);

  tlk_ui_test_init (&argc, &argv);
  if (g_strcmp0 (g_getenv ("TELEKIT_DARK"), "1") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  app = tlk_ui_test_app_new ("dk.telekit.TestSyncUi");

  g_test_add_func ("/sync-ui/offline", test_offline);
  g_test_add_func ("/sync-ui/server", test_server);
  status = g_test_run ();

  g_clear_object (&app);
  tlk_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
