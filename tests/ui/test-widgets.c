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

#include "tlk-conflict-row.h"
#include "tlk-conflicts-view.h"
#include "tlk-code.h"
#include "tlk-context.h"
#include "tlk-device-page.h"
#include "tlk-inventory-view.h"
#include "tlk-kit-page.h"
#include "tlk-preferences-window.h"
#include "tlk-renderer.h"
#include "tlk-scan-view.h"
#include "tlk-store-inventory.h"
#include "tlk-sync-indicator.h"
#include "tlk-table-model.h"
#include "tlk-text-cell.h"
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
  static const struct
  {
    const char *user;
    const char *first;        /* the view a role starts on */
    const char *views;        /* the views its switcher offers */
  } roles[] = {
    { "mette", "scan", "scan inventory" },
    { "jens", "my-route", "inventory my-route" },
    { "anne", "orders", "inventory conflicts orders routes dashboard" },
    { "admin", "scan", "scan inventory conflicts orders routes dashboard" },
  };
  static const char *const all[] = { "scan", "inventory", "conflicts", "my-route", "orders", "routes", "dashboard" };
  AdwViewStack *stack;
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_toplevels;
  GLogLevelFlags fatal;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = tlk_window_new (GTK_APPLICATION (app));
  tlk_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), TLK_TYPE_WINDOW, "view_stack"));
  /* Before anyone signs in, Ctrl+2 does nothing (and builds nothing). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "inventory"));
  iterate ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), !=, "inventory");

  /* Each role starts on its view, and every view it is offered builds
   * (views are built when first shown) and shows. */
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_auto(GStrv) offered = g_strsplit (roles[r].views, " ", -1);

      g_assert_true (tlk_context_sign_in (context, roles[r].user, &error));
      g_assert_no_error (error);
      iterate ();
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, roles[r].first);
      g_assert_true (gtk_widget_get_mapped (tlk_window_get_view (window, roles[r].first)));
      for (guint v = 0; v < G_N_ELEMENTS (all); v++)
        {
          AdwViewStackPage *page = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, all[v]));

          g_assert_cmpint (adw_view_stack_page_get_visible (page), ==, g_strv_contains ((const char *const *) offered,
                                                                                         all[v]));
          if (!adw_view_stack_page_get_visible (page))
            continue;
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", all[v]));
          iterate ();
          g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, all[v]);
          g_assert_true (gtk_widget_get_mapped (tlk_window_get_view (window, all[v])));
        }
      tlk_context_sign_out (context);
      iterate ();
    }

  /* The keyboard shortcuts open on demand (Ctrl+?), over the window.
   * GTK 4.8's own shortcuts window warns that a key cap label measured
   * -3 px wide: not fatal here, criticals still are. */
  n_toplevels = g_list_model_get_n_items (toplevels);
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  iterate ();
  g_log_set_always_fatal (fatal);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_toplevels + 1);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (w))
        {
          g_assert_true (gtk_window_get_transient_for (w) == GTK_WINDOW (window));
          gtk_window_destroy (w);
          break;
        }
    }
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_toplevels);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* Which OpenGL renderers run on the processor: the app draws with cairo on
 * those (tlk-renderer.c). Names as Mesa and the vendors report them. */
static void
test_renderer_names (void)
{
  static const struct
  {
    const char *name;
    gboolean    software;
  } names[] = {
    { "llvmpipe (LLVM 15.0.6, 256 bits)", TRUE },
    { "softpipe", TRUE },
    { "Software Rasterizer", TRUE },
    { "SWR (LLVM 11.0.1, 256 bits)", TRUE },
    { "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", FALSE },
    { "AMD Radeon RX 580 Series (polaris10, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)", FALSE },
    { "NVIDIA GeForce GTX 1050/PCIe/SSE2", FALSE },
    { "virgl (Intel(R) UHD Graphics 620 (KBL GT2))", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (tlk_renderer_is_software (names[i].name), ==, names[i].software);
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
on_print_labels (TlkInventoryView *view,
                 char            **codes,
                 GStrv            *printed)
{
  g_strfreev (*printed);
  *printed = g_strdupv (codes);
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static void
wait_loaded (TlkInventoryView *view)
{
  while (!tlk_inventory_view_is_loaded (view))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

/* The codes the inventory's cells show (in monospace), and check each
 * tells assistive technology what it shows. */
static void
collect_codes (GtkWidget *widget,
               GPtrArray *codes)
{
  if (TLK_IS_TEXT_CELL (widget) && gtk_widget_has_css_class (widget, "monospace") && gtk_widget_get_mapped (widget) &&
      tlk_text_cell_get_text (TLK_TEXT_CELL (widget)) != NULL)
    g_ptr_array_add (codes, (gpointer) tlk_text_cell_get_text (TLK_TEXT_CELL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_codes (child, codes);
}

static void
test_inventory (void)
{
  GtkWidget *window = gtk_window_new ();
  TlkInventoryView *view = g_object_new (TLK_TYPE_INVENTORY_VIEW, NULL);
  g_autoptr(GPtrArray) devices = tlk_store_list (tlk_context_get_store (context), TLK_SUBJECT_DEVICE, NULL, NULL);
  TlkDevice *device = g_ptr_array_index (devices, devices->len / 2);
  g_auto(GStrv) printed = NULL;
  g_auto(GStrv) codes = NULL;
  GtkSelectionModel *selection;
  guint all, some;

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  tlk_inventory_view_set_context (view, context);
  g_signal_connect (view, "print-labels", G_CALLBACK (on_print_labels), &printed);
  wait_loaded (view);
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
  /* The rows show the kits' codes, readable to a screen reader too; a
   * search shows its kits' codes. */
  {
    g_autoptr(GPtrArray) shown = g_ptr_array_new ();
    TlkTableModel *model = TLK_TABLE_MODEL (gtk_column_view_get_model (
      template_child (view, TLK_TYPE_INVENTORY_VIEW, "kits_column_view")));
    g_autofree char *first = NULL;
    g_autofree char *found = NULL;

    collect_codes (GTK_WIDGET (view), shown);
    first = tlk_code_display (tlk_table_get (tlk_table_model_get_table (model), tlk_table_model_get_row (model, 0),
                                             TLK_KIT_COLUMN_CODE));
    g_assert_true (g_ptr_array_find_with_equal_func (shown, first, g_str_equal, NULL));
    g_assert_cmpuint (tlk_inventory_view_filter_now (view, tlk_table_get (tlk_table_model_get_table (model),
                                                                          tlk_table_model_get_row (model, 5),
                                                                          TLK_KIT_COLUMN_CODE)), ==, 1);
    found = tlk_code_display (tlk_table_get (tlk_table_model_get_table (model), tlk_table_model_get_row (model, 0),
                                             TLK_KIT_COLUMN_CODE));
    iterate ();
    g_ptr_array_set_size (shown, 0);
    collect_codes (GTK_WIDGET (view), shown);
    g_assert_cmpuint (shown->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, found);
    g_assert_cmpuint (tlk_inventory_view_filter_now (view, ""), ==, all);
    iterate ();
  }

  /* Several kits selected: their codes in the list's order, for labels. */
  selection = gtk_column_view_get_model (template_child (view, TLK_TYPE_INVENTORY_VIEW, "kits_column_view"));
  codes = tlk_inventory_view_dup_selected_codes (view);
  g_assert_cmpuint (g_strv_length (codes), ==, 0);
  /* Disabled without a selection: activating it does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (view), "inventory.print-labels", NULL);
  g_assert_null (printed);
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, 2, FALSE));
  g_clear_pointer (&codes, g_strfreev);
  codes = tlk_inventory_view_dup_selected_codes (view);
  g_assert_cmpuint (g_strv_length (codes), ==, 2);
  g_assert_cmpstr (codes[0], <, codes[1]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "inventory.print-labels", NULL));
  g_assert_nonnull (printed);
  g_assert_cmpstrv (printed, codes);
  /* Ctrl+A; a search keeps the selected kits it still shows. */
  g_assert_true (gtk_selection_model_select_all (selection));
  g_clear_pointer (&codes, g_strfreev);
  codes = tlk_inventory_view_dup_selected_codes (view);
  g_assert_cmpuint (g_strv_length (codes), ==, all);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, "reol"), ==, some);
  g_assert_cmpuint (tlk_table_model_get_n_selected (TLK_TABLE_MODEL (selection)), ==, some);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, ""), ==, all);
  g_assert_cmpuint (tlk_table_model_get_n_selected (TLK_TABLE_MODEL (selection)), ==, some);
  g_assert_true (gtk_selection_model_unselect_all (selection));
  g_clear_pointer (&printed, g_strfreev);
  gtk_widget_activate_action (GTK_WIDGET (view), "inventory.print-labels", NULL);
  g_assert_null (printed);

  /* Sorting by a column's header keeps every row. */
  {
    GtkColumnView *column_view = template_child (view, TLK_TYPE_INVENTORY_VIEW, "kits_column_view");
    g_autoptr(GtkColumnViewColumn) state = g_list_model_get_item (gtk_column_view_get_columns (column_view), 2);

    gtk_column_view_sort_by_column (column_view, state, GTK_SORT_DESCENDING);
  }
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, "reol"), ==, some);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, ""), ==, all);

  /* Enter opens the kit; Escape goes back. */
  g_signal_emit_by_name (template_child (view, TLK_TYPE_INVENTORY_VIEW, "kits_column_view"), "activate", 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (template_child (view, TLK_TYPE_INVENTORY_VIEW, "leaflet")),
                   ==, "detail");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "inventory.back", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (template_child (view, TLK_TYPE_INVENTORY_VIEW, "leaflet")),
                   ==, "list");

  /* The devices: every one, found by its serial; labels are for kits. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "inventory.list", "s", "devices"));
  wait_loaded (view);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, ""), ==, devices->len);
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, device->serial), >=, 1);
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  gtk_widget_activate_action (GTK_WIDGET (view), "inventory.print-labels", NULL);
  g_assert_null (printed);
  g_signal_emit_by_name (template_child (view, TLK_TYPE_INVENTORY_VIEW, "devices_column_view"), "activate", 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (template_child (view, TLK_TYPE_INVENTORY_VIEW, "leaflet")),
                   ==, "device");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "inventory.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "inventory.list", "s", "kits"));
  g_assert_cmpuint (tlk_inventory_view_filter_now (view, ""), ==, all);
  iterate ();
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
on_open_kit (TlkDevicePage *page,
             const char    *code,
             char         **opened)
{
  g_free (*opened);
  *opened = g_strdup (code);
}

static void
test_device_page (void)
{
  g_autoptr(GPtrArray) devices = tlk_store_list (tlk_context_get_store (context), TLK_SUBJECT_DEVICE, NULL, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = tlk_device_page_new ();
  g_autofree char *opened = NULL;
  guint in_kits = 0;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (page, "open-kit", G_CALLBACK (on_open_kit), &opened);
  g_assert_cmpuint (devices->len, >, 0);
  for (guint i = 0; i < devices->len && i < 20; i++)
    {
      TlkDevice *device = g_ptr_array_index (devices, i);
      GtkWidget *timeline = template_child (page, TLK_TYPE_DEVICE_PAGE, "timeline_list");

      tlk_device_page_show_device (TLK_DEVICE_PAGE (page), context, device->id);
      g_assert_cmpstr (tlk_device_page_get_code (TLK_DEVICE_PAGE (page)), ==, device->id);
      /* Its history has at least its receipt. */
      g_assert_nonnull (gtk_widget_get_first_child (timeline));
      /* The kit row opens its kit. */
      g_clear_pointer (&opened, g_free);
      g_signal_emit_by_name (template_child (page, TLK_TYPE_DEVICE_PAGE, "kit_row"), "activated");
      g_assert_cmpstr (opened, ==, device->kit);
      in_kits += device->kit != NULL;
      iterate ();
    }
  g_assert_cmpuint (in_kits, >, 0);
  tlk_device_page_show_device (TLK_DEVICE_PAGE (page), context, "DNOSUCHDEV");
  g_assert_null (tlk_device_page_get_code (TLK_DEVICE_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The sync widgets (issue 5): the indicator with its popover, the
 * conflicts view for a coordinator, a conflict's row, and the preferences'
 * Server page on a window's context. */
static void
test_sync_widgets (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("dk.telekit.TestSyncWidgets", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GPtrArray) kits = tlk_store_list_kits (tlk_context_get_store (context), NULL, NULL, NULL, NULL);
  g_autoptr(TlkEvent) conflict = NULL;
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *indicator = g_object_new (TLK_TYPE_SYNC_INDICATOR, NULL);
  GtkWidget *view = g_object_new (TLK_TYPE_CONFLICTS_VIEW, NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *prefs;
  TlkWindow *main_window;

  g_assert_true (tlk_context_sign_in (context, "anne", &error));
  g_assert_no_error (error);
  gtk_box_append (GTK_BOX (box), indicator);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), list);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  tlk_sync_indicator_set_context (TLK_SYNC_INDICATOR (indicator), context);
  tlk_conflicts_view_set_context (TLK_CONFLICTS_VIEW (view), context);
  iterate ();
  gtk_menu_button_popup (template_child (indicator, TLK_TYPE_SYNC_INDICATOR, "button"));
  iterate ();
  gtk_menu_button_popdown (template_child (indicator, TLK_TYPE_SYNC_INDICATOR, "button"));
  g_assert_cmpuint (tlk_conflicts_view_get_n_conflicts (TLK_CONFLICTS_VIEW (view)), ==, 0);

  /* A row as a conflict the server kept would show it. */
  conflict = tlk_event_new (TLK_EVENT_KIT_HELD, ((TlkKit *) g_ptr_array_index (kits, 0))->id, "mette");
  tlk_event_set_string (conflict, "reason", "cracked case");
  conflict->conflict = g_strdup ("The kit is on hold already.");
  world = tlk_context_new_world (context);
  gtk_list_box_append (GTK_LIST_BOX (list), tlk_conflict_row_new (conflict, world));
  iterate ();

  /* The preferences find the context through their window. */
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  main_window = tlk_window_new (GTK_APPLICATION (app));
  tlk_window_set_context (main_window, context);
  prefs = tlk_preferences_window_new (GTK_WINDOW (main_window), tlk_context_get_settings (context), "/tmp/x.db");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
  gtk_window_present (GTK_WINDOW (prefs));
  iterate ();
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (main_window));
  gtk_window_destroy (GTK_WINDOW (window));
  tlk_context_sign_out (context);
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
  g_test_add_func ("/widgets/renderer-names", test_renderer_names);
  g_test_add_func ("/widgets/preferences", test_preferences);
  g_test_add_func ("/widgets/kit-page", test_kit_page);
  g_test_add_func ("/widgets/inventory", test_inventory);
  g_test_add_func ("/widgets/device-page", test_device_page);
  g_test_add_func ("/widgets/sync", test_sync_widgets);
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
