/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-window.h"

#include <glib/gi18n.h>

#include "tlk-conflicts-view.h"
#include "tlk-dashboard-view.h"
#include "tlk-inventory-view.h"
#include "tlk-label-print.h"
#include "tlk-my-route-view.h"
#include "tlk-orders-view.h"
#include "tlk-routes-view.h"
#include "tlk-scan-view.h"
#include "tlk-scanner.h"
#include "tlk-preferences-window.h"
#include "tlk-sync-indicator.h"
#include "tlk-role.h"
#include "tlk-terms-editor.h"

struct _TlkWindow
{
  AdwApplicationWindow parent_instance;

  TlkContext        *context;
  TlkScanner        *scanner;

  GtkStack          *main_stack;
  AdwStatusPage     *busy_page;
  AdwStatusPage     *error_page;
  GtkListBox        *users_list;
  AdwViewStack      *view_stack;
  AdwViewStackPage  *scan_page;
  AdwViewStackPage  *inventory_page;
  AdwViewStackPage  *conflicts_page;
  AdwViewStackPage  *my_route_page;
  AdwViewStackPage  *orders_page;
  AdwViewStackPage  *routes_page;
  AdwViewStackPage  *dashboard_page;
  /* Each page holds its view in a bin; a view is built the first time it
   * is needed (start-up builds only the one shown, DESIGN §9). */
  AdwBin            *scan_bin;
  AdwBin            *inventory_bin;
  AdwBin            *conflicts_bin;
  AdwBin            *my_route_bin;
  AdwBin            *orders_bin;
  AdwBin            *routes_bin;
  AdwBin            *dashboard_bin;
  TlkScanView       *scan_view;
  TlkInventoryView  *inventory_view;
  TlkConflictsView  *conflicts_view;
  TlkMyRouteView    *my_route_view;
  TlkOrdersView     *orders_view;
  TlkRoutesView     *routes_view;
  TlkDashboardView  *dashboard_view;
  TlkSyncIndicator  *sync_indicator;
  GtkLabel          *user_label;
};

G_DEFINE_FINAL_TYPE (TlkWindow, tlk_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_actions (TlkWindow *self);
static void focus_view     (TlkWindow  *self,
                            const char *name);
static void on_inventory_view_print_labels_cb (TlkInventoryView  *view,
                                               const char *const *codes,
                                               TlkWindow         *self);

/* A new view of @type in its page's bin; @slot keeps it. */
static gpointer
add_view (AdwBin   *bin,
          gpointer *slot,
          GType     type)
{
  *slot = g_object_new (type, NULL);
  adw_bin_set_child (bin, GTK_WIDGET (*slot));
  return *slot;
}

GtkWidget *
tlk_window_get_view (TlkWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (TLK_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (self->context != NULL, NULL);

  if (g_strcmp0 (name, "scan") == 0)
    {
      if (self->scan_view == NULL)
        tlk_scan_view_set_context (add_view (self->scan_bin, (gpointer *) &self->scan_view, TLK_TYPE_SCAN_VIEW),
                                   self->context);
      return GTK_WIDGET (self->scan_view);
    }
  if (g_strcmp0 (name, "inventory") == 0)
    {
      if (self->inventory_view == NULL)
        {
          add_view (self->inventory_bin, (gpointer *) &self->inventory_view, TLK_TYPE_INVENTORY_VIEW);
          g_signal_connect_object (self->inventory_view, "print-labels", G_CALLBACK (on_inventory_view_print_labels_cb),
                                   self, 0);
          tlk_inventory_view_set_context (self->inventory_view, self->context);
        }
      return GTK_WIDGET (self->inventory_view);
    }
  if (g_strcmp0 (name, "conflicts") == 0)
    {
      if (self->conflicts_view == NULL)
        {
          add_view (self->conflicts_bin, (gpointer *) &self->conflicts_view, TLK_TYPE_CONFLICTS_VIEW);
          g_object_bind_property (self->conflicts_view, "n-conflicts", self->conflicts_page, "badge-number",
                                  G_BINDING_SYNC_CREATE);
          tlk_conflicts_view_set_context (self->conflicts_view, self->context);
        }
      return GTK_WIDGET (self->conflicts_view);
    }
  if (g_strcmp0 (name, "my-route") == 0)
    {
      if (self->my_route_view == NULL)
        tlk_my_route_view_set_context (add_view (self->my_route_bin, (gpointer *) &self->my_route_view,
                                                 TLK_TYPE_MY_ROUTE_VIEW),
                                       self->context);
      return GTK_WIDGET (self->my_route_view);
    }
  if (g_strcmp0 (name, "orders") == 0)
    {
      if (self->orders_view == NULL)
        tlk_orders_view_set_context (add_view (self->orders_bin, (gpointer *) &self->orders_view,
                                               TLK_TYPE_ORDERS_VIEW),
                                     self->context);
      return GTK_WIDGET (self->orders_view);
    }
  if (g_strcmp0 (name, "routes") == 0)
    {
      if (self->routes_view == NULL)
        tlk_routes_view_set_context (add_view (self->routes_bin, (gpointer *) &self->routes_view,
                                               TLK_TYPE_ROUTES_VIEW),
                                     self->context);
      return GTK_WIDGET (self->routes_view);
    }
  if (g_strcmp0 (name, "dashboard") == 0)
    {
      if (self->dashboard_view == NULL)
        tlk_dashboard_view_set_context (add_view (self->dashboard_bin, (gpointer *) &self->dashboard_view,
                                                  TLK_TYPE_DASHBOARD_VIEW),
                                        self->context);
      return GTK_WIDGET (self->dashboard_view);
    }
  g_return_val_if_reached (NULL);
}

/* The views that take scanner input: the scan view, packing in the
 * orders view and the driver's route. */
static gboolean
view_takes_scans (const char *name)
{
  return g_strcmp0 (name, "scan") == 0 || g_strcmp0 (name, "orders") == 0 || g_strcmp0 (name, "my-route") == 0;
}

static void
update_scanner (TlkWindow *self)
{
  gboolean on_scan = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") == 0 &&
                     view_takes_scans (adw_view_stack_get_visible_child_name (self->view_stack));

  tlk_scanner_set_enabled (self->scanner, on_scan);
}

static void
on_scanned_cb (TlkWindow  *self,
               const char *text)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "orders") == 0)
    tlk_orders_view_scan (TLK_ORDERS_VIEW (tlk_window_get_view (self, view)), text);
  else if (g_strcmp0 (view, "my-route") == 0)
    tlk_my_route_view_scan (TLK_MY_ROUTE_VIEW (tlk_window_get_view (self, view)), text);
  else
    tlk_scan_view_scan (TLK_SCAN_VIEW (tlk_window_get_view (self, "scan")), text);
}

static void
on_typed_cb (TlkWindow  *self,
             const char *text)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "my-route") == 0)
    tlk_my_route_view_take_typed (TLK_MY_ROUTE_VIEW (tlk_window_get_view (self, "my-route")), text);
  else
    tlk_scan_view_take_typed (TLK_SCAN_VIEW (tlk_window_get_view (self, "scan")), text);
}

/* The views of a role (DESIGN §7); the later issues add theirs. */
static void
show_views_for_role (TlkWindow  *self,
                     const char *role)
{
  gboolean warehouse = g_strcmp0 (role, "warehouse") == 0 || g_strcmp0 (role, "admin") == 0;
  gboolean driver = g_strcmp0 (role, "driver") == 0;
  /* Those who may take orders plan routes too: coordinators and admins. */
  gboolean office = tlk_role_may_write (role, TLK_EVENT_ORDER_RECEIVED);

  /* Conflicts for those who may resolve them: coordinators and admins. */
  gboolean resolves = tlk_role_may_write (role, TLK_EVENT_CONFLICT_RESOLVED);
  const char *first = warehouse ? "scan" : driver ? "my-route" : office ? "orders" : "inventory";
  GtkWidget *first_bin = adw_view_stack_get_child_by_name (self->view_stack, first);

  /* The role's first view before any page is hidden, so that hiding the
   * page shown does not build another view on the way. */
  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, first_bin), TRUE);
  adw_view_stack_set_visible_child (self->view_stack, first_bin);
  adw_view_stack_page_set_visible (self->conflicts_page, resolves);
  adw_view_stack_page_set_visible (self->scan_page, warehouse);
  adw_view_stack_page_set_visible (self->my_route_page, driver);
  adw_view_stack_page_set_visible (self->orders_page, office);
  adw_view_stack_page_set_visible (self->routes_page, office);
  adw_view_stack_page_set_visible (self->dashboard_page, office);
  /* Its count is on the page's badge from the start. */
  if (resolves)
    tlk_window_get_view (self, "conflicts");
}

static void
fill_users (TlkWindow *self)
{
  g_autoptr(GPtrArray) users = tlk_store_list (tlk_context_get_store (self->context), TLK_SUBJECT_USER, NULL, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->users_list))) != NULL)
    gtk_list_box_remove (self->users_list, child);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      TlkUser *user = g_ptr_array_index (users, i);
      GtkWidget *row = adw_action_row_new ();
      const char *role = g_strcmp0 (user->role, "warehouse") == 0 ? _("Warehouse")
                         : g_strcmp0 (user->role, "driver") == 0 ? _("Driver")
                         : g_strcmp0 (user->role, "coordinator") == 0 ? _("Coordinator")
                         : _("Administrator");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), role);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "user-id", g_strdup (user->id), g_free);
      gtk_list_box_append (self->users_list, row);
    }
}

static void
on_user_changed_cb (TlkWindow *self)
{
  TlkUser *user = tlk_context_get_user (self->context);

  if (user == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-terms", FALSE);
      fill_users (self);
      gtk_stack_set_visible_child_name (self->main_stack, "signin");
    }
  else
    {
      gtk_label_set_label (self->user_label, user->name);
      /* Price lists and service levels: administrators only. */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-terms",
                                     tlk_role_may_write (user->role, TLK_EVENT_CUSTOMER_TERMS_SET));
      show_views_for_role (self, user->role);
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      focus_view (self, adw_view_stack_get_visible_child_name (self->view_stack));
    }
  update_scanner (self);
}

static void
on_users_list_row_activated_cb (TlkWindow     *self,
                                GtkListBoxRow *row)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (row), "user-id");

  if (!tlk_context_sign_in (self->context, id, &error))
    tlk_window_show_error (self, _("Cannot Sign In"), error->message);
}

void
tlk_window_set_context (TlkWindow  *self,
                        TlkContext *context)
{
  g_return_if_fail (TLK_IS_WINDOW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_settings_bind (tlk_context_get_settings (context), "scanner-max-gap", self->scanner, "max-gap", G_SETTINGS_BIND_GET);
  g_settings_bind (tlk_context_get_settings (context), "gs-substitute", self->scanner, "gs-substitute",
                   G_SETTINGS_BIND_GET);
  /* After the views' (however late they were built): they have reloaded
   * for the new user by the time the window shows one of them and gives it
   * the keyboard. */
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (on_user_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  tlk_sync_indicator_set_context (self->sync_indicator, context);
  g_signal_connect_object (tlk_context_get_sync_engine (context), "notify::token", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-action-cards", TRUE);
  on_user_changed_cb (self);
}

TlkContext *
tlk_window_get_context (TlkWindow *self)
{
  g_return_val_if_fail (TLK_IS_WINDOW (self), NULL);
  return self->context;
}

void
tlk_window_show_error (TlkWindow  *self,
                       const char *title,
                       const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (TLK_IS_WINDOW (self));

  if (self->context == NULL)
    {
      adw_status_page_set_title (self->error_page, title);
      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), title, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
tlk_window_set_busy (TlkWindow  *self,
                     const char *message)
{
  g_return_if_fail (TLK_IS_WINDOW (self));

  adw_status_page_set_title (self->busy_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "busy");
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);

  if (self->context != NULL)
    tlk_context_sign_out (self->context);
}

static void
show_view_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack,
                                                    adw_view_stack_get_child_by_name (self->view_stack, name));

  /* Views are for someone signed in (not the welcome or sign-in page). */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0 || page == NULL ||
      !adw_view_stack_page_get_visible (page))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  focus_view (self, name);
}

/* Keyboard first: the view's main input gets the focus. */
static void
focus_view (TlkWindow  *self,
            const char *name)
{
  GtkWidget *view = tlk_window_get_view (self, name);

  if (TLK_IS_INVENTORY_VIEW (view))
    tlk_inventory_view_focus_search (TLK_INVENTORY_VIEW (view));
  else if (TLK_IS_CONFLICTS_VIEW (view))
    tlk_conflicts_view_focus (TLK_CONFLICTS_VIEW (view));
  else if (TLK_IS_MY_ROUTE_VIEW (view))
    tlk_my_route_view_focus (TLK_MY_ROUTE_VIEW (view));
  else if (TLK_IS_ORDERS_VIEW (view))
    tlk_orders_view_focus (TLK_ORDERS_VIEW (view));
  else if (TLK_IS_ROUTES_VIEW (view))
    tlk_routes_view_focus (TLK_ROUTES_VIEW (view));
  else if (TLK_IS_DASHBOARD_VIEW (view))
    tlk_dashboard_view_focus (TLK_DASHBOARD_VIEW (view));
  else if (TLK_IS_SCAN_VIEW (view))
    tlk_scan_view_focus (TLK_SCAN_VIEW (view));
}

/* The view shown is built by the time it is mapped; before anyone signs
 * in, none is. */
static void
on_view_stack_visible_child_name_cb (TlkWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name != NULL && self->context != NULL && tlk_context_get_user (self->context) != NULL)
    tlk_window_get_view (self, name);
  update_scanner (self);
}

/* An order's page in the Orders view, from wherever it was named (the
 * dashboard's lists). */
static void
open_order_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);

  if (!adw_view_stack_page_get_visible (self->orders_page))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "orders");
  tlk_orders_view_open_order (TLK_ORDERS_VIEW (tlk_window_get_view (self, "orders")),
                              g_variant_get_string (param, NULL));
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "inventory");
  focus_view (self, "inventory");
}

static void
on_inventory_view_print_labels_cb (TlkInventoryView  *view,
                                   const char *const *codes,
                                   TlkWindow         *self)
{
  tlk_label_print_kits (GTK_WIDGET (self), self->context, codes);
}

static void
print_action_cards_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);

  tlk_label_print_action_cards (widget, self->context);
}

static void
edit_terms_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);

  if (self->context == NULL)
    return;
  gtk_window_present (GTK_WINDOW (tlk_terms_editor_new (GTK_WINDOW (self), self->context)));
}

/* The keyboard shortcuts, built when asked for: as gtk/help-overlay.ui,
 * GtkApplicationWindow would build them with every window, a tenth of the
 * start-up budget (DESIGN §9). */
static void
show_help_overlay_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/dk/telekit/Telekit/tlk-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

static void
sync_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);

  if (self->context != NULL)
    tlk_sync_engine_sync_now (tlk_context_get_sync_engine (self->context));
}

/* The preferences on their Server page. */
static void
set_up_sync_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TlkWindow *self = TLK_WINDOW (widget);
  GtkWidget *prefs;

  if (self->context == NULL)
    return;
  prefs = tlk_preferences_window_new (GTK_WINDOW (self), tlk_context_get_settings (self->context),
                                      tlk_store_get_path (tlk_context_get_store (self->context)));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
update_actions (TlkWindow *self)
{
  TlkSyncEngine *engine = self->context ? tlk_context_get_sync_engine (self->context) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 engine != NULL && tlk_sync_engine_get_token (engine) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.set-up-sync", self->context != NULL);
}

static void
tlk_window_dispose (GObject *object)
{
  TlkWindow *self = (TlkWindow *) object;

  g_clear_object (&self->scanner);
  /* No gtk_widget_dispose_template() here: GtkWindow takes its content
   * apart, and doing it twice makes libadwaita 1.2's view stack pages
   * unparent dead children. */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_window_parent_class)->dispose (object);
}

static void
tlk_window_class_init (TlkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_window_dispose;

  g_type_ensure (TLK_TYPE_SYNC_INDICATOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/tlk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, users_list);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, scan_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, inventory_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, conflicts_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, my_route_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, routes_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, scan_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, inventory_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, conflicts_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, my_route_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, orders_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, routes_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, dashboard_bin);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, TlkWindow, user_label);

  gtk_widget_class_bind_template_callback (widget_class, on_users_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_scanner);
  gtk_widget_class_bind_template_callback (widget_class, on_view_stack_visible_child_name_cb);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_activated);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_activated);
  gtk_widget_class_install_action (widget_class, "win.open-order", "s", open_order_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_activated);
  gtk_widget_class_install_action (widget_class, "win.set-up-sync", NULL, set_up_sync_activated);
  gtk_widget_class_install_action (widget_class, "win.print-action-cards", NULL, print_action_cards_activated);
  gtk_widget_class_install_action (widget_class, "win.edit-terms", NULL, edit_terms_activated);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-view", "s", "scan");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-view", "s", "inventory");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.show-view", "s", "conflicts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "win.show-view", "s", "my-route");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_CONTROL_MASK, "win.show-view", "s", "orders");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_CONTROL_MASK, "win.show-view", "s", "routes");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_CONTROL_MASK, "win.show-view", "s", "dashboard");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.edit-terms",
                                       NULL);
}

static void
tlk_window_init (TlkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Until there is a database. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-action-cards", FALSE);
  /* Until an administrator signs in. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-terms", FALSE);

  self->scanner = tlk_scanner_new (GTK_WIDGET (self));
  g_signal_connect_object (self->scanner, "scanned", G_CALLBACK (on_scanned_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scanner, "typed", G_CALLBACK (on_typed_cb), self, G_CONNECT_SWAPPED);
  update_scanner (self);
  update_actions (self);
}

TlkWindow *
tlk_window_new (GtkApplication *application)
{
  return g_object_new (TLK_TYPE_WINDOW, "application", application, NULL);
}
