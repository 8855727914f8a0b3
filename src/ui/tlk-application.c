/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-application.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tlk-context.h"
#include "tlk-preferences-window.h"
#include "tlk-window.h"

struct _TlkApplication
{
  AdwApplication parent_instance;

  char          *db_option;     /* --db */
  char          *user_option;   /* --user */
  gboolean       exit_when_ready;
  GSettings     *settings;
  TlkContext    *context;
  TlkWindow     *window;
};

G_DEFINE_FINAL_TYPE (TlkApplication, tlk_application, ADW_TYPE_APPLICATION)

static char *
database_path (TlkApplication *self)
{
  g_autofree char *configured = NULL;

  if (self->db_option != NULL)
    return g_strdup (self->db_option);
  configured = g_settings_get_string (self->settings, "db-path");
  if (*configured != '\0')
    return g_steal_pointer (&configured);
  return g_build_filename (g_get_user_data_dir (), "telekit", "telekit.db", NULL);
}

static gboolean
open_context (TlkApplication *self,
              GError        **error)
{
  g_autofree char *path = database_path (self);
  g_autofree char *dir = g_path_get_dirname (path);
  TlkStore *store;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The folder %s cannot be made: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  store = tlk_store_open (path, error);
  if (store == NULL)
    return FALSE;
  g_clear_object (&self->context);
  self->context = tlk_context_new (store, self->settings);
  return TRUE;
}

static void
start_window (TlkApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (!open_context (self, &error))
    {
      tlk_window_show_error (self->window, _("The Database Cannot Be Opened"), error->message);
      return;
    }
  tlk_window_set_context (self->window, self->context);
  if (self->user_option != NULL && !tlk_context_sign_in (self->context, self->user_option, &error))
    tlk_window_show_error (self->window, _("Cannot Sign In"), error->message);
}

static void
tlk_application_activate (GApplication *app)
{
  TlkApplication *self = TLK_APPLICATION (app);
  g_autofree char *path = NULL;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  self->window = tlk_window_new (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  g_settings_bind (self->settings, "window-width", self->window, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self->window, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self->window, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* The first start without configuration offers the demo (welcome page). */
  path = database_path (self);
  if (self->db_option != NULL || g_file_test (path, G_FILE_TEST_EXISTS))
    start_window (self);
  gtk_window_present (GTK_WINDOW (self->window));

  if (self->exit_when_ready)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->window));
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (g_application_quit), self, G_CONNECT_SWAPPED);
    }
}

static int
tlk_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  TlkApplication *self = TLK_APPLICATION (app);

  g_variant_dict_lookup (options, "db", "^ay", &self->db_option);
  g_variant_dict_lookup (options, "user", "s", &self->user_option);
  self->exit_when_ready = g_variant_dict_contains (options, "exit-when-ready");
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("telekit %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
tlk_application_startup (GApplication *app)
{
  TlkApplication *self = TLK_APPLICATION (app);

  G_APPLICATION_CLASS (tlk_application_parent_class)->startup (app);

  self->settings = g_settings_new (APPLICATION_ID);
}

static void
tlk_application_shutdown (GApplication *app)
{
  TlkApplication *self = TLK_APPLICATION (app);

  g_clear_object (&self->context);
  G_APPLICATION_CLASS (tlk_application_parent_class)->shutdown (app);
}

static void
tlk_application_finalize (GObject *object)
{
  TlkApplication *self = (TlkApplication *) object;

  g_free (self->db_option);
  g_free (self->user_option);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_application_parent_class)->finalize (object);
}

static void
tlk_application_class_init (TlkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tlk_application_finalize;
  app_class->activate = tlk_application_activate;
  app_class->startup = tlk_application_startup;
  app_class->shutdown = tlk_application_shutdown;
  app_class->handle_local_options = tlk_application_handle_local_options;
}

/* ---- app actions -------------------------------------------------------- */

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  TlkApplication *self = user_data;
  g_autofree char *path = database_path (self);
  GtkWidget *prefs = tlk_preferences_window_new (GTK_WINDOW (self->window), self->settings,
                                                 self->context ? tlk_store_get_path (tlk_context_get_store (self->context))
                                                               : path);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  TlkApplication *self = user_data;
  const char *developers[] = { "The Telekit developers", NULL };

  adw_show_about_window (GTK_WINDOW (self->window),
                         "application-name", _("Telekit"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Telekit developers"),
                         "developers", developers,
                         "comments", _("Moves telemedicine kits between the warehouse and citizens’ homes, and keeps track of every kit and device on the way."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
demo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TlkApplication *self = TLK_APPLICATION (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      tlk_window_show_error (self->window, _("The Demo Data Could Not Be Made"), error->message);
      return;
    }
  if (self->window != NULL)
    start_window (self);
}

static void
demo_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  TlkDemoOptions options = { 2000, 1, 3, TRUE };

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved),
                               _("The folder %s cannot be made: %s"), dir, g_strerror (saved));
      return;
    }
  store = tlk_store_open (path, &error);
  if (store == NULL || !tlk_store_load_demo (store, &options, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
start_demo_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  TlkApplication *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, NULL, demo_done_cb, NULL);

  tlk_window_set_busy (self->window, _("Making the Demo Data…"));
  g_task_set_task_data (task, database_path (self), g_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
start_empty_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  start_window (TLK_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "quit", quit_activated },
  { "start-demo", start_demo_activated },
  { "start-empty", start_empty_activated },
};

static void
tlk_application_init (TlkApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database"), N_("PATH") },
    { "user", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Start signed in as this user"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
    /* The benchmark's stopwatch: quit once the window has drawn its first frame. */
    { "exit-when-ready", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sign-out",
                                         (const char *[]) { "<Control><Shift>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

TlkApplication *
tlk_application_new (void)
{
  return g_object_new (TLK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/dk/telekit/Telekit",
                       NULL);
}
