/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The coordinator's Routes view (issue 6) in a real window under Xvfb, on a
 * demo database, driven through its actions (routes.*) as its buttons and
 * keys do: anne plans two deliveries and a pickup for jens on one day, puts
 * them in order, moves one to karim, changes a time window, plans a swap
 * (refused without a replacement device, refused with a kit's code, done
 * with a device) and finds a done stop that cannot be moved. Every check
 * is on what the store holds (tlk_store_list_stops), and every refusal is
 * checked for its message and for writing nothing.
 *
 * Texts are compared with their translation, so the same run works in
 * Danish (LANGUAGE=da TELEKIT_LOCALEDIR=…). With TELEKIT_SCREENSHOT_DIR set,
 * the planned day and the swap's popover are taken as screenshots.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "tlk-code.h"
#include "tlk-context.h"
#include "tlk-route-stop-item.h"
#include "tlk-routes-view.h"
#include "tlk-store-routes.h"
#include "tlk-ui-test-util.h"

/* A Monday: "mandag 23. november 2026" in Danish. */
#define DAY "2026-11-23"

static char *tmpdir;
static TlkContext *context;
static TlkStore *store;

/* ---- waiting and looking -------------------------------------------------- */

static void
screenshot (const char *name)
{
  tlk_ui_test_screenshot ("routes", name, NULL);
}

static gpointer
child (gpointer    view,
       const char *id)
{
  return tlk_ui_test_child (view, TLK_TYPE_ROUTES_VIEW, id);
}

static const char *
label_text (gpointer    view,
            const char *id)
{
  return gtk_label_get_label (GTK_LABEL (child (view, id)));
}

static gboolean
action_button_sensitive (gpointer    view,
                         const char *action)
{
  GtkWidget *button = tlk_ui_test_find_action_button (GTK_WIDGET (view), action);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static void
activate (gpointer    view,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, NULL));
  tlk_ui_test_iterate ();
}

/* ---- the store ------------------------------------------------------------ */

static void
write_event (TlkEvent *event)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (events, event);
  g_assert_true (tlk_context_write (context, events, &error));
  g_assert_no_error (error);
}

/* A new order for a ready kit's type, with a citizen, for DAY. */
static char *
new_order (const char *case_ref,
           const char *address)
{
  g_autoptr(GPtrArray) kits = tlk_store_list_kits (store, "ready", NULL, NULL, NULL);
  g_autoptr(GPtrArray) customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, NULL);
  g_autofree char *order = g_strdup_printf ("o-%s", case_ref);
  g_autofree char *citizen_id = g_strdup_printf ("c-%s", case_ref);
  TlkCitizen citizen = { citizen_id, (char *) "Karen Test", (char *) address, (char *) "+45 11 22 33 44", NULL };
  g_autoptr(GError) error = NULL;
  TlkEvent *event;

  g_assert_cmpuint (kits->len, >, 0);
  g_assert_true (tlk_store_put_citizen (store, &citizen, "anne", "order intake", &error));
  g_assert_no_error (error);
  event = tlk_event_new (TLK_EVENT_ORDER_RECEIVED, order, "anne");
  tlk_event_set_string (event, "customer", ((TlkCustomer *) g_ptr_array_index (customers, 0))->id);
  tlk_event_set_string (event, "case_ref", case_ref);
  tlk_event_set_string (event, "kit_type", ((TlkKit *) g_ptr_array_index (kits, 0))->kit_type);
  tlk_event_set_string (event, "citizen", citizen_id);
  tlk_event_set_string (event, "requested_date", DAY);
  write_event (event);
  return g_steal_pointer (&order);
}

/* Allocated: the best kit reserved for it. */
static char *
new_allocated_order (const char *case_ref,
                     const char *address)
{
  g_autofree char *order = new_order (case_ref, address);
  g_autoptr(GPtrArray) suggested = tlk_store_suggest_kits (store, order, 1, NULL);
  TlkEvent *event;

  g_assert_cmpuint (suggested->len, ==, 1);
  event = tlk_event_new (TLK_EVENT_KIT_RESERVED, ((TlkKitSuggestion *) g_ptr_array_index (suggested, 0))->kit,
                         "mette");
  tlk_event_set_string (event, "order", order);
  write_event (event);
  return g_steal_pointer (&order);
}

/* An installed order of the demo not yet used. */
static char *
installed_order (guint index)
{
  g_autoptr(GPtrArray) orders = tlk_store_list (store, TLK_SUBJECT_ORDER, "installed", NULL);

  g_assert_cmpuint (orders->len, >, index);
  return g_strdup (((TlkOrder *) g_ptr_array_index (orders, index))->id);
}

static GPtrArray *
stops_of (const char *driver)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *stops = tlk_store_list_stops (store, driver, DAY, &error);

  g_assert_no_error (error);
  return stops;
}

static TlkStop *
find_stop (GPtrArray  *stops,
           const char *order)
{
  for (guint i = 0; i < stops->len; i++)
    if (g_strcmp0 (((TlkStop *) g_ptr_array_index (stops, i))->order, order) == 0)
      return g_ptr_array_index (stops, i);
  g_assert_not_reached ();
}

/* @driver's stops on DAY are for these orders, in this order
 * (NULL-terminated). */
static void
expect_route (const char *driver,
              ...)
{
  g_autoptr(GPtrArray) stops = stops_of (driver);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  const char *order;
  va_list args;

  va_start (args, driver);
  while ((order = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (expected, (gpointer) order);
  va_end (args);
  g_assert_cmpuint (stops->len, ==, expected->len);
  for (guint i = 0; i < stops->len; i++)
    g_assert_cmpstr (((TlkStop *) g_ptr_array_index (stops, i))->order, ==, g_ptr_array_index (expected, i));
}

static char *
selected_stop_id (gpointer view)
{
  TlkRouteStopItem *item = gtk_single_selection_get_selected_item (child (view, "route_selection"));

  return item ? g_strdup (tlk_route_stop_item_get_stop (item)->id) : NULL;
}

/* ---- the view --------------------------------------------------------------- */

/* Through the popover as anne does it: choose, open (with the button's
 * action, or Enter in the list), fill in, plan. */
static void
plan (gpointer    view,
      const char *order,
      const char *window,
      gboolean    by_enter)
{
  g_assert_true (tlk_routes_view_select_order (view, order));
  if (by_enter)
    {
      g_signal_emit_by_name (child (view, "waiting_view"), "activate",
                             gtk_single_selection_get_selected (child (view, "waiting_selection")));
      tlk_ui_test_iterate ();
    }
  else
    activate (view, "routes.add-stop");
  g_assert_true (gtk_widget_get_visible (child (view, "add_popover")));
  gtk_editable_set_text (child (view, "add_window_entry"), window ? window : "");
  activate (view, "routes.confirm-add-stop");
  g_assert_false (gtk_widget_get_visible (child (view, "add_error_label")));
  g_assert_false (gtk_widget_get_visible (child (view, "add_popover")));
}

static void
test_plan_a_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = new_allocated_order ("TEST-ROUTE-1", "Testvej 1, 8000 Aarhus C");
  g_autofree char *second = new_allocated_order ("TEST-ROUTE-2", "Prøvegade 2, 8600 Silkeborg");
  g_autofree char *pickup = installed_order (0);
  g_autofree char *swap = installed_order (1);
  g_autofree char *chosen = NULL;
  GtkWidget *window = gtk_window_new ();
  TlkRoutesView *view = g_object_new (TLK_TYPE_ROUTES_VIEW, NULL);
  TlkEvent *event;
  gint64 n_events;
  int karim_seq;

  g_assert_true (tlk_context_sign_in (context, "anne", &error));
  g_assert_no_error (error);
  event = tlk_event_new (TLK_EVENT_ORDER_RETURN_REQUESTED, pickup, "anne");
  write_event (event);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  tlk_routes_view_set_context (view, context);
  tlk_ui_test_iterate ();
  tlk_routes_view_focus (view);

  /* Today and the first driver to start with; then jens on DAY. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    g_assert_cmpstr (tlk_routes_view_get_day (view), ==, today);
  }
  g_assert_nonnull (tlk_routes_view_get_driver (view));
  g_assert_false (tlk_routes_view_show_driver (view, "mette"));
  g_assert_true (tlk_routes_view_show_driver (view, "jens"));
  g_assert_cmpstr (tlk_routes_view_get_driver (view), ==, "jens");
  tlk_routes_view_show_day (view, "2026-11-22");
  activate (view, "routes.next-day");
  g_assert_cmpstr (tlk_routes_view_get_day (view), ==, DAY);
  {
    g_autoptr(GDateTime) day = g_date_time_new_local (2026, 11, 23, 0, 0, 0);
    /* The view's own words for a day, as the user's locale writes it. */
    g_autofree char *expected = g_date_time_format (day, _("%A, %B %-e, %Y"));

    g_assert_cmpstr (label_text (view, "date_label"), ==, expected);
  }
  tlk_ui_test_iterate ();

  /* Waiting: both deliveries and the pickup; an installed order only when
   * searched for. */
  g_assert_true (tlk_routes_view_select_order (view, first));
  g_assert_true (tlk_routes_view_select_order (view, second));
  g_assert_true (tlk_routes_view_select_order (view, pickup));
  g_assert_false (action_button_sensitive (view, "routes.move-up"));

  /* Two deliveries and a pickup, numbered in the order planned. */
  plan (view, first, "08-10", FALSE);
  plan (view, second, NULL, TRUE);
  plan (view, pickup, "12-14", FALSE);
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");
    TlkStop *a = find_stop (stops, first), *b = find_stop (stops, second), *c = find_stop (stops, pickup);
    g_autoptr(TlkOrder) order = tlk_store_load (store, TLK_SUBJECT_ORDER, pickup);

    g_assert_cmpuint (stops->len, ==, 3);
    g_assert_cmpstr (a->kind, ==, "delivery");
    g_assert_cmpstr (b->kind, ==, "delivery");
    g_assert_cmpstr (c->kind, ==, "pickup");
    g_assert_cmpint (a->seq, ==, 1);
    g_assert_cmpint (b->seq, ==, 2);
    g_assert_cmpint (c->seq, ==, 3);
    g_assert_cmpstr (a->window, ==, "08-10");
    g_assert_null (b->window);
    g_assert_cmpstr (c->window, ==, "12-14");
    g_assert_cmpint (a->state, ==, TLK_STOP_PLANNED);
    g_assert_true (tlk_code_is_valid (a->id) && a->id[0] == 'S');
    g_assert_cmpint (order->state, ==, TLK_ORDER_PICKUP_SCHEDULED);
  }
  /* No longer waiting. */
  g_assert_false (tlk_routes_view_select_order (view, first));
  /* The last stop planned is the one chosen; the address is on the route. */
  chosen = selected_stop_id (view);
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");
    g_autoptr(TlkRouteStopItem) item = g_list_model_get_item (G_LIST_MODEL (child (view, "route_store")), 0);
    g_autofree char *address = NULL;

    g_assert_cmpstr (chosen, ==, find_stop (stops, pickup)->id);
    g_object_get (item, "address", &address, NULL);
    g_assert_cmpstr (address, ==, "Testvej 1, 8000 Aarhus C");
  }
  g_assert_true (action_button_sensitive (view, "routes.move-up"));
  g_assert_false (action_button_sensitive (view, "routes.move-down"));

  /* The pickup first: two swaps of seq, each in one write. */
  activate (view, "routes.move-up");
  expect_route ("jens", first, pickup, second, NULL);
  {
    g_autofree char *still = selected_stop_id (view);
    g_assert_cmpstr (still, ==, chosen);
  }
  activate (view, "routes.move-up");
  expect_route ("jens", pickup, first, second, NULL);
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");

    g_assert_cmpint (find_stop (stops, pickup)->seq, ==, 1);
    g_assert_cmpint (find_stop (stops, first)->seq, ==, 2);
    g_assert_cmpint (find_stop (stops, second)->seq, ==, 3);
  }
  g_assert_false (action_button_sensitive (view, "routes.move-up"));
  activate (view, "routes.move-down");
  expect_route ("jens", first, pickup, second, NULL);

  /* The second delivery goes to karim, at the end of his day. */
  karim_seq = tlk_store_next_stop_seq (store, "karim", DAY, NULL);
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");
    g_assert_true (tlk_routes_view_select_stop (view, find_stop (stops, second)->id));
  }
  activate (view, "routes.edit-stop");
  g_assert_true (gtk_widget_get_visible (child (view, "edit_popover")));
  {
    GtkDropDown *drivers = child (view, "edit_driver_dropdown");
    GListModel *names = gtk_drop_down_get_model (drivers);
    guint karim = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Karim Haddad"))
        karim = i;
    g_assert_cmpuint (karim, !=, GTK_INVALID_LIST_POSITION);
    gtk_drop_down_set_selected (drivers, karim);
  }
  activate (view, "routes.confirm-edit-stop");
  g_assert_false (gtk_widget_get_visible (child (view, "edit_popover")));
  expect_route ("jens", first, pickup, NULL);
  {
    g_autoptr(GPtrArray) stops = stops_of ("karim");
    TlkStop *moved = find_stop (stops, second);

    g_assert_cmpstr (moved->driver, ==, "karim");
    g_assert_cmpstr (moved->date, ==, DAY);
    g_assert_cmpint (moved->seq, ==, karim_seq);
    /* Where it went, said above the route. */
    g_assert_true (gtk_revealer_get_reveal_child (child (view, "message_revealer")));
    g_assert_nonnull (strstr (label_text (view, "message_label"), "Karim Haddad"));
  }

  /* A new time window; taking it away is refused and writes nothing. */
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");
    g_assert_true (tlk_routes_view_select_stop (view, find_stop (stops, first)->id));
  }
  activate (view, "routes.edit-stop");
  gtk_editable_set_text (child (view, "edit_window_entry"), "09-11");
  activate (view, "routes.confirm-edit-stop");
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");
    g_assert_cmpstr (find_stop (stops, first)->window, ==, "09-11");
  }
  n_events = tlk_store_count_events (store);
  activate (view, "routes.edit-stop");
  gtk_editable_set_text (child (view, "edit_window_entry"), "");
  activate (view, "routes.confirm-edit-stop");
  g_assert_true (gtk_widget_get_visible (child (view, "edit_error_label")));
  g_assert_cmpstr (label_text (view, "edit_error_label"), ==,
                   _("A time window can be changed but not taken away. Write the new one."));
  g_assert_cmpint (tlk_store_count_events (store), ==, n_events);
  gtk_popover_popdown (child (view, "edit_popover"));
  tlk_ui_test_iterate ();

  /* A swap: an installed kit, found by its case reference. */
  g_assert_true (tlk_routes_view_select_order (view, swap));
  activate (view, "routes.add-stop");
  g_assert_true (gtk_widget_get_visible (child (view, "add_kind_box")));
  g_assert_true (gtk_check_button_get_active (child (view, "swap_check")));
  g_assert_true (gtk_widget_get_visible (child (view, "add_device_entry")));
  /* Without the replacement device: the world's refusal, nothing written. */
  activate (view, "routes.confirm-add-stop");
  g_assert_true (gtk_widget_get_visible (child (view, "add_popover")));
  g_assert_true (gtk_widget_get_visible (child (view, "add_error_label")));
  g_assert_cmpstr (label_text (view, "add_error_label"), ==,
                   _("A swap needs the replacement device the driver brings."));
  g_assert_cmpint (tlk_store_count_events (store), ==, n_events);
  /* A kit's code is not a device. */
  {
    g_autoptr(GPtrArray) kits = tlk_store_list_kits (store, "ready", NULL, NULL, NULL);
    const char *kit = ((TlkKit *) g_ptr_array_index (kits, 0))->id;
    g_autofree char *shown = tlk_code_display (kit);
    g_autofree char *expected =
      g_strdup_printf (_("%s is not a device. Scan the replacement device’s label: its code starts with D."), shown);

    gtk_editable_set_text (child (view, "add_device_entry"), kit);
    activate (view, "routes.confirm-add-stop");
    g_assert_cmpstr (label_text (view, "add_error_label"), ==, expected);
    g_assert_cmpint (tlk_store_count_events (store), ==, n_events);
  }
  screenshot ("swap-popover");
  /* With a clean device just received at goods-in, typed in lower case with
   * spaces: planned. */
  {
    g_autofree char *device = tlk_code_make_random (TLK_CODE_KIND_DEVICE, NULL);
    g_autofree char *shown = tlk_code_display (device);
    g_autofree char *typed = g_ascii_strdown (shown, -1);
    g_autoptr(GPtrArray) stops = NULL;
    g_autoptr(GError) append_error = NULL;
    TlkEvent *received = tlk_event_new (TLK_EVENT_DEVICE_RECEIVED, device, "mette");
    TlkStop *stop;

    tlk_event_set_string (received, "model", "scale-uc352");
    tlk_event_set_string (received, "serial", "SN-SWAP-0001");
    g_assert_true (tlk_store_append (store, received, &append_error));
    g_assert_no_error (append_error);
    tlk_event_free (received);
    n_events = tlk_store_count_events (store);
    gtk_editable_set_text (child (view, "add_window_entry"), "14-16");
    gtk_editable_set_text (child (view, "add_device_entry"), typed);
    activate (view, "routes.confirm-add-stop");
    g_assert_false (gtk_widget_get_visible (child (view, "add_popover")));
    stops = stops_of ("jens");
    stop = find_stop (stops, swap);
    g_assert_cmpstr (stop->kind, ==, "swap");
    g_assert_cmpstr (stop->device, ==, device);
    g_assert_cmpstr (stop->window, ==, "14-16");
    /* At the end of the day: after the first delivery (1) and the pickup (2). */
    g_assert_cmpint (stop->seq, ==, 3);
  }
  /* A service visit for the same kit needs no device. */
  g_assert_true (tlk_routes_view_select_order (view, swap));
  activate (view, "routes.add-stop");
  gtk_check_button_set_active (child (view, "service_check"), TRUE);
  g_assert_false (gtk_widget_get_visible (child (view, "add_device_entry")));
  activate (view, "routes.confirm-add-stop");
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");

    g_assert_cmpuint (stops->len, ==, 4);
    g_assert_cmpstr (((TlkStop *) g_ptr_array_index (stops, 3))->kind, ==, "service");
  }
  screenshot ("day");

  /* A stop the driver has done stays where it is: neither it nor the stop
   * after it can be moved, and the actions write nothing. */
  {
    g_autoptr(GPtrArray) stops = stops_of ("jens");
    TlkStop *done = find_stop (stops, first);
    g_autofree char *done_id = g_strdup (done->id);
    g_autofree char *next_id = g_strdup (((TlkStop *) g_ptr_array_index (stops, 1))->id);

    g_assert_cmpint (done->seq, ==, 1);
    event = tlk_event_new (TLK_EVENT_STOP_DONE, done_id, "jens");
    tlk_event_set_bool (event, "signed", TRUE);
    write_event (event);
    n_events = tlk_store_count_events (store);

    g_assert_true (tlk_routes_view_select_stop (view, done_id));
    tlk_ui_test_iterate ();
    g_assert_false (action_button_sensitive (view, "routes.move-up"));
    g_assert_false (action_button_sensitive (view, "routes.move-down"));
    g_assert_false (gtk_widget_is_sensitive (child (view, "edit_button")));
    gtk_widget_activate_action (GTK_WIDGET (view), "routes.move-down", NULL);
    gtk_widget_activate_action (GTK_WIDGET (view), "routes.edit-stop", NULL);
    tlk_ui_test_iterate ();
    g_assert_cmpint (tlk_store_count_events (store), ==, n_events);

    g_assert_true (tlk_routes_view_select_stop (view, next_id));
    tlk_ui_test_iterate ();
    g_assert_false (action_button_sensitive (view, "routes.move-up"));
    g_assert_true (action_button_sensitive (view, "routes.move-down"));
    gtk_widget_activate_action (GTK_WIDGET (view), "routes.move-up", NULL);
    tlk_ui_test_iterate ();
    g_assert_cmpint (tlk_store_count_events (store), ==, n_events);
    stops = (g_ptr_array_unref (stops), stops_of ("jens"));
    g_assert_cmpint (find_stop (stops, first)->seq, ==, 1);
    g_assert_cmpint (find_stop (stops, first)->state, ==, TLK_STOP_DONE);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  tlk_ui_test_iterate ();
  tlk_context_sign_out (context);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  TlkDemoOptions options = { 60, 3, 2, FALSE };
  int status;

  tlk_ui_test_init (&argc, &argv);

  context = tlk_ui_test_demo_context ("routes", &options, &tmpdir);
  store = tlk_context_get_store (context);

  g_test_add_func ("/routes-view/plan-a-day", test_plan_a_day);
  status = g_test_run ();

  g_clear_object (&context);
  tlk_ui_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
