/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every window and view of the app builds from its template without a
 * warning (the run is fatal on criticals), with a context on a demo
 * database: a template that names a newer GTK or libadwaita property fails
 * here, not in front of a user.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tlk-context.h"
#include "tlk-inventory-view.h"
#include "tlk-kit-page.h"
#include "tlk-preferences-window.h"
#include "tlk-scan-view.h"
#include "tlk-window.h"

static char *tmpdir;
static TlkContext *context;

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static void
test_window (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("dk.telekit.TestWidgets", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  TlkWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = tlk_window_new (GTK_APPLICATION (app));
  tlk_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_assert_true (tlk_context_sign_in (context, "mette", &error));
  g_assert_no_error (error);
  iterate ();
  tlk_context_sign_out (context);
  iterate ();
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_preferences (void)
{
  GtkWidget *prefs = tlk_preferences_window_new (NULL, tlk_context_get_settings (context), "/tmp/x.db");

  gtk_window_present (GTK_WINDOW (prefs));
  iterate ();
  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate ();
}

static void
test_kit_page (void)
{
  g_autoptr(GPtrArray) kits = tlk_store_list_kits (tlk_context_get_store (context), NULL, NULL, NULL, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = tlk_kit_page_new ();

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (kits->len, >, 0);
  for (guint i = 0; i < kits->len && i < 20; i++)
    {
      TlkKit *kit = g_ptr_array_index (kits, i);

      tlk_kit_page_show_kit (TLK_KIT_PAGE (page), context, kit->id, NULL);
      /* A refresh passes the page's own code back in. */
      tlk_kit_page_show_kit (TLK_KIT_PAGE (page), context, tlk_kit_page_get_code (TLK_KIT_PAGE (page)), NULL);
      g_assert_cmpstr (tlk_kit_page_get_code (TLK_KIT_PAGE (page)), ==, kit->id);
      iterate ();
    }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_inventory (void)
{
  GtkWidget *window = gtk_window_new ();
  TlkInventoryView *view = g_object_new (TLK_TYPE_INVENTORY_VIEW, NULL);
  guint all, some;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  tlk_inventory_view_set_context (view, context);
  while (!tlk_inventory_view_is_loaded (view))
    g_main_context_iteration (NULL, TRUE);
  all = tlk_inventory_view_filter_now (view, "");
  g_assert_cmpuint (all, ==, 60);
  /* "reol" matches the kits on the shelves, and fewer than all. */
  some = tlk_inventory_view_filter_now (view, "Reol");
  g_assert_cmpuint (some, >, 0);
  g_assert_cmpuint (some, <, all);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, "reol-"), ==, some);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, "no such kit anywhere"), ==, 0);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, ""), ==, all);
  iterate ();
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *db = NULL;
  TlkDemoOptions options = { 60, 3, 2 };
  TlkStore *store;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  gtk_init ();
  adw_init ();

  tmpdir = g_dir_make_tmp ("telekit-widgets-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmpdir, "demo.db", NULL);
  store = tlk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  settings = g_settings_new ("dk.telekit.Telekit");
  context = tlk_context_new (store, settings);

  g_test_add_func ("/widgets/window", test_window);
  g_test_add_func ("/widgets/preferences", test_preferences);
  g_test_add_func ("/widgets/kit-page", test_kit_page);
  g_test_add_func ("/widgets/inventory", test_inventory);
  status = g_test_run ();

  g_clear_object (&context);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return status;
}
