/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include "tlk-ui-test-util.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

void
tlk_ui_test_init (int    *argc,
                  char ***argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELEKIT_LOCALEDIR") ? g_getenv ("TELEKIT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  gtk_init ();
  adw_init ();
}

TlkContext *
tlk_ui_test_demo_context (const char           *name,
                          const TlkDemoOptions *options,
                          char                **tmpdir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("dk.telekit.Telekit");
  g_autofree char *template = g_strdup_printf ("telekit-%s-XXXXXX", name);
  g_autofree char *db = NULL;
  TlkStore *store;

  *tmpdir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  db = g_build_filename (*tmpdir, "demo.db", NULL);
  store = tlk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, options, NULL, &error));
  g_assert_no_error (error);
  return tlk_context_new (store, settings);
}

void
tlk_ui_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

AdwApplication *
tlk_ui_test_app_new (const char *id)
{
  g_autoptr(GError) error = NULL;
  AdwApplication *app = adw_application_new (id, G_APPLICATION_NON_UNIQUE);

  g_application_set_resource_base_path (G_APPLICATION (app), "/dk/telekit/Telekit");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

GtkWidget *
tlk_ui_test_open_window (AdwApplication *app,
                         TlkContext     *context,
                         const char     *user,
                         const char     *view,
                         TlkWindow     **window)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *shown;

  *window = tlk_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (*window), 1366, 768);
  tlk_window_set_context (*window, context);
  gtk_window_present (GTK_WINDOW (*window));
  tlk_ui_test_iterate ();
  if (user == NULL)
    return NULL;
  g_assert_true (tlk_context_sign_in (context, user, &error));
  g_assert_no_error (error);
  tlk_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (*window), "win.show-view", "s", view));
  shown = tlk_window_get_view (*window, view);
  tlk_ui_test_iterate ();
  TLK_UI_WAIT_UNTIL (gtk_widget_get_mapped (shown), view);
  return shown;
}

void
tlk_ui_test_iterate (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

gpointer
tlk_ui_test_child (gpointer    widget,
                   GType       type,
                   const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, id);

  if (object == NULL)
    g_error ("%s has no template child “%s”", g_type_name (type), id);
  return object;
}

GtkWindow *
tlk_ui_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

GtkWidget *
tlk_ui_test_find_action_button (GtkWidget  *root,
                                const char *action)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = tlk_ui_test_find_action_button (c, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
tlk_ui_test_screenshot (const char *prefix,
                        const char *name,
                        GtkWindow  *dialog)
{
  const char *dir = g_getenv ("TELEKIT_SCREENSHOT_DIR");
  const char *tag = g_getenv ("TELEKIT_SCREENSHOT_TAG");
  g_autofree char *file = NULL;
  g_autofree char *command = NULL;
  int status = 0;

  if (dir == NULL || *dir == '\0')
    return;
  if (dialog != NULL)
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (dialog));

      if (surface != NULL && GDK_IS_X11_SURFACE (surface))
        {
          g_autofree char *move = g_strdup_printf ("xdotool windowmove %lu %d %d",
                                                   (unsigned long) gdk_x11_surface_get_xid (surface),
                                                   MAX (0, (1366 - gtk_widget_get_width (GTK_WIDGET (dialog))) / 2),
                                                   MAX (0, (768 - gtk_widget_get_height (GTK_WIDGET (dialog))) / 2));

          g_spawn_command_line_sync (move, NULL, NULL, NULL, NULL);
        }
    }
  /* Let the frames after the last change be drawn. */
  for (int i = 0; i < 40; i++)
    {
      tlk_ui_test_iterate ();
      g_usleep (25000);
    }
  file = g_strdup_printf ("%s/%s-%s%s%s.png", dir, prefix, name, tag ? "-" : "", tag ? tag : "");
  command = g_strdup_printf ("import -window root %s", file);
  if (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL) && status == 0)
    g_test_message ("screenshot: %s", file);
}
