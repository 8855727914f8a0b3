/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "tlk-context.h"
#include "tlk-dash-chart.h"
#include "tlk-dash-figure.h"
#include "tlk-dashboard-view.h"
#include "tlk-device-page.h"
#include "tlk-event.h"
#include "tlk-kit-page.h"
#include "tlk-store-dashboard.h"
#include "tlk-store-routes.h"
#include "tlk-window.h"
#include "tlk-ui-test-util.h"

/*
 * The coordinator's dashboard (issue 7) in the real window under a real X
 * server, on a demo database with today's work, signed in as anne: the
 * numbers on screen are the store's figures (tlk_store_dashboard, checked
 * against SQL by the store's own test), each figure opens its list with as
 * many rows as it counts and a row opens its kit, device or order, and a
 * write refreshes the figures in a thread — the write returns with the old
 * figures still shown and the new ones arrive through the main loop; a
 * burst of writes makes one refresh more, not one each.
 *
 * Texts are compared with their translation, so the same run works in
 * Danish (LANGUAGE=da TELEKIT_LOCALEDIR=…).
 */


static char *tmpdir;
static AdwApplication *app;
static TlkContext *context;
static TlkWindow *window;
static TlkDashboardView *view;

/* ---- waiting and looking -------------------------------------------------- */

static gpointer
view_child (const char *id)
{
  return tlk_ui_test_child (view, TLK_TYPE_DASHBOARD_VIEW, id);
}

/* The first label with style class @css_class under @widget. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
value_text (GtkWidget *widget)
{
  GtkLabel *label = find_label (widget, "dash-value");

  g_assert_nonnull (label);
  return gtk_label_get_label (label);
}

static void
assert_shows (GtkWidget *widget,
              int        value)
{
  g_autofree char *expected = g_strdup_printf ("%d", value);

  g_assert_cmpstr (value_text (widget), ==, expected);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GtkWidget *
row_at (const char *list,
        guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (view_child (list), index);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static const char *
leaflet_page (void)
{
  return adw_leaflet_get_visible_child_name (view_child ("leaflet"));
}

static TlkStore *
store (void)
{
  return tlk_context_get_store (context);
}

static int
horizon (void)
{
  return g_settings_get_int (tlk_context_get_settings (context), "dashboard-horizon-days");
}

/* The figures as the store has them now. */
static TlkDashboard *
expected (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = tlk_date_today_local_iso ();
  TlkDashboard *dash = tlk_store_dashboard (store (), today, horizon (), &error);

  g_assert_no_error (error);
  g_assert_nonnull (dash);
  return dash;
}

static guint
expected_total (TlkDashList list,
                const char *a,
                const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = tlk_date_today_local_iso ();
  g_autoptr(GPtrArray) rows = NULL;
  guint total = 0;

  rows = tlk_store_dashboard_list (store (), list, a, b, today, horizon (), 500, &total, &error);
  g_assert_no_error (error);
  return total;
}

static void
wait_for_figures (void)
{
  TLK_UI_WAIT_UNTIL (tlk_dashboard_view_get_dashboard (view) != NULL && !tlk_dashboard_view_get_loading (view),
              "the figures");
  tlk_ui_test_iterate ();
}

static void
write_event (TlkEvent *event)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (events, event);
  g_assert_true (tlk_context_write (context, events, &error));
  g_assert_no_error (error);
}

/* ---- the figures ---------------------------------------------------------- */

static void
test_figures (void)
{
  g_autoptr(TlkDashboard) dash = expected ();
  const char *backlog[3] = { "quarantine_figure", "reprocessing_figure", "on_hold_figure" };
  GtkListBox *stock = view_child ("stock_list");
  GtkListBox *states = view_child ("states_list");
  GtkListBox *places = view_child ("locations_list");
  gboolean any_low = FALSE;

  wait_for_figures ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child ("content_stack")), ==, "figures");

  /* The demo has what the dashboard is for: stock, backlog, open tasks. */
  g_assert_cmpuint (dash->stock->len, >=, 2);
  g_assert_cmpint (dash->late_tasks, >, 0);
  g_assert_cmpint (dash->backlog[0].count, >, 0);

  assert_shows (view_child ("overdue_figure"), dash->overdue_returns);
  assert_shows (view_child ("late_figure"), dash->late_tasks);
  assert_shows (view_child ("expiring_figure"), dash->expiring);
  assert_shows (view_child ("calibration_figure"), dash->calibration_due);
  assert_shows (view_child ("conflicts_figure"), dash->open_conflicts);
  for (int i = 0; i < 3; i++)
    assert_shows (view_child (backlog[i]), dash->backlog[i].count);
  {
    g_autofree char *title = g_strdup_printf (ngettext ("Expiring within %d day", "Expiring within %d days",
                                                        horizon ()), horizon ());
    GtkLabel *label = tlk_ui_test_child (view_child ("expiring_figure"), TLK_TYPE_DASH_FIGURE, "title_label");

    g_assert_cmpstr (gtk_label_get_label (label), ==, title);
  }

  /* Ready stock: a row a kit type, its count, low stock in words. */
  g_assert_cmpuint (n_rows (stock), ==, dash->stock->len);
  for (guint i = 0; i < dash->stock->len; i++)
    {
      TlkDashStock *s = g_ptr_array_index (dash->stock, i);
      GtkWidget *row = row_at ("stock_list", i);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, s->name);
      assert_shows (row, s->ready);
      g_assert_cmpint (gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "dash-note")), ==, s->low);
      any_low |= s->low;
    }
  g_assert_cmpuint (tlk_dash_chart_get_n_series (view_child ("stock_chart")), ==, dash->stock->len);

  /* Kits by state and by place. */
  g_assert_cmpuint (n_rows (states), ==, dash->kits_by_state->len);
  for (guint i = 0; i < dash->kits_by_state->len; i++)
    assert_shows (row_at ("states_list", i), ((TlkDashCount *) g_ptr_array_index (dash->kits_by_state, i))->count);
  g_assert_cmpuint (n_rows (places), ==, dash->kits_by_location->len);
  for (guint i = 0; i < dash->kits_by_location->len; i++)
    assert_shows (row_at ("locations_list", i),
                  ((TlkDashCount *) g_ptr_array_index (dash->kits_by_location, i))->count);

  /* The pipeline: a row an open state, the count on its button. */
  for (int s = TLK_ORDER_RECEIVED; s <= TLK_ORDER_RETURNED; s++)
    assert_shows (row_at ("pipeline_list", s - TLK_ORDER_RECEIVED), dash->pipeline_by_state[s]);

  /* The SLA table: a header and a line of seven cells per row. */
  {
    guint cells = 0;

    for (GtkWidget *c = gtk_widget_get_first_child (view_child ("sla_grid")); c; c = gtk_widget_get_next_sibling (c))
      cells++;
    g_assert_cmpuint (cells, ==, 7 * (dash->sla->len + 1));
  }
  g_assert_cmpuint (tlk_dash_chart_get_n_series (view_child ("sla_chart")), ==, TLK_SLA_N_TASKS);
}

/* ---- the lists behind them ------------------------------------------------ */

/* Activates @widget (a figure's button or row) and waits for its list. */
static void
open_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    g_signal_emit_by_name (widget, "activate");
  else
    gtk_widget_activate (widget);
  /* A button's keyboard activation clicks a moment later. */
  TLK_UI_WAIT_UNTIL (g_strcmp0 (leaflet_page (), "list") == 0, "the list page");
  TLK_UI_WAIT_UNTIL (tlk_dashboard_view_is_list_loaded (view), "the list");
  tlk_ui_test_iterate ();
}

static void
back (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "dash.back", NULL));
  tlk_ui_test_iterate ();
}

static void
test_lists (void)
{
  g_autoptr(TlkDashboard) dash = expected ();
  GtkListBox *rows = view_child ("rows_list");
  GtkWidget *quarantine = view_child ("quarantine_figure");
  TlkDashStock *first = g_ptr_array_index (dash->stock, 0);
  guint total;

  wait_for_figures ();

  /* The quarantine backlog: as many kits as the figure, oldest first. */
  gtk_widget_grab_focus (quarantine);
  open_list (quarantine);
  total = expected_total (TLK_DASH_LIST_KITS_IN_STATE, "quarantine", NULL);
  g_assert_cmpuint (total, ==, dash->backlog[0].count);
  g_assert_cmpuint (n_rows (rows), ==, MIN (total, 500));
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u kit", "%u kits", total), total);
    g_assert_cmpstr (gtk_label_get_label (view_child ("list_count")), ==, count);
  }
  /* A kit in it opens its page; back is the list, then the figure. */
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (rows, 0));
    const char *id = g_object_get_data (G_OBJECT (row), "dash-id");

    g_signal_emit_by_name (row, "activate");
    tlk_ui_test_iterate ();
    g_assert_cmpstr (leaflet_page (), ==, "kit");
    g_assert_cmpstr (tlk_kit_page_get_code (view_child ("kit_page")), ==, id);
  }
  back ();
  g_assert_cmpstr (leaflet_page (), ==, "list");
  back ();
  g_assert_cmpstr (leaflet_page (), ==, "figures");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == quarantine);

  /* Ready stock of the first kit type: its ready kits. */
  open_list (row_at ("stock_list", 0));
  g_assert_cmpuint (n_rows (rows), ==, first->ready);
  back ();

  /* Late tasks: orders; one opens in the Orders view. */
  open_list (view_child ("late_figure"));
  g_assert_cmpuint (n_rows (rows), ==, dash->late_tasks);
  g_assert_cmpuint (expected_total (TLK_DASH_LIST_LATE_TASKS, NULL, NULL), ==, dash->late_tasks);
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (rows, 0), "activate");
  tlk_ui_test_iterate ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (tlk_ui_test_child (window, TLK_TYPE_WINDOW, "view_stack")), ==,
                   "orders");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "dashboard"));
  tlk_ui_test_iterate ();
  back ();
  g_assert_cmpstr (leaflet_page (), ==, "figures");

  /* The pipeline's first state with orders, for one customer. */
  for (guint i = 0; i < dash->pipeline->len; i++)
    {
      TlkDashPipeline *p = g_ptr_array_index (dash->pipeline, i);
      g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new ("(smsms)", "orders",
                                                                      tlk_order_state_to_string (p->state),
                                                                      p->customer));

      if (p->count == 0)
        continue;
      g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (view), "dash.show-list", target));
      TLK_UI_WAIT_UNTIL (tlk_dashboard_view_is_list_loaded (view), "the customer's orders");
      tlk_ui_test_iterate ();
      g_assert_cmpuint (n_rows (rows), ==, p->count);
      back ();
      break;
    }

  /* Devices within the horizon: a device opens its page. */
  open_list (view_child ("expiring_figure"));
  g_assert_cmpuint (n_rows (rows), ==, MIN (dash->expiring, 500));
  if (dash->expiring > 0)
    {
      g_signal_emit_by_name (gtk_list_box_get_row_at_index (rows, 0), "activate");
      tlk_ui_test_iterate ();
      g_assert_cmpstr (leaflet_page (), ==, "device");
      back ();
    }
  back ();
  g_assert_cmpstr (leaflet_page (), ==, "figures");

  /* Open conflicts open the Conflicts view. */
  gtk_widget_activate (view_child ("conflicts_figure"));
  TLK_UI_WAIT_UNTIL (g_strcmp0 (adw_view_stack_get_visible_child_name (tlk_ui_test_child (window, TLK_TYPE_WINDOW, "view_stack")),
                         "conflicts") == 0, "the Conflicts view");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "dashboard"));
  tlk_ui_test_iterate ();
  wait_for_figures ();
}

/* ---- refreshing ----------------------------------------------------------- */

static guint n_started;

static void
on_loading_cb (void)
{
  if (tlk_dashboard_view_get_loading (view))
    n_started++;
}

static gboolean
tick_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_refresh_after_write (void)
{
  g_autoptr(TlkDashboard) before = NULL;
  g_autoptr(TlkDashboard) after = NULL;
  g_autoptr(GPtrArray) received = tlk_store_list (store (), TLK_SUBJECT_ORDER, "received", NULL);
  g_autoptr(GPtrArray) suggested = NULL;
  g_autofree char *kit_type = NULL;
  TlkOrder *order = NULL;
  guint row = 0, ticks = 0, tick_id;
  TlkEvent *event;

  wait_for_figures ();
  before = expected ();

  /* An order received today with a kit to reserve. */
  for (guint i = 0; i < received->len && suggested == NULL; i++)
    {
      g_autoptr(GPtrArray) kits = tlk_store_suggest_kits (store (), ((TlkOrder *) g_ptr_array_index (received, i))->id,
                                                          1, NULL);
      if (kits != NULL && kits->len > 0)
        {
          order = g_ptr_array_index (received, i);
          suggested = g_steal_pointer (&kits);
        }
    }
  g_assert_nonnull (suggested);
  kit_type = g_strdup (order->kit_type);
  for (guint i = 0; i < before->stock->len; i++)
    if (g_strcmp0 (((TlkDashStock *) g_ptr_array_index (before->stock, i))->kit_type, kit_type) == 0)
      row = i;
  assert_shows (row_at ("stock_list", row), ((TlkDashStock *) g_ptr_array_index (before->stock, row))->ready);

  tick_id = g_timeout_add (1, tick_cb, &ticks);
  event = tlk_event_new (TLK_EVENT_KIT_RESERVED, ((TlkKitSuggestion *) g_ptr_array_index (suggested, 0))->kit,
                         "anne");
  tlk_event_set_string (event, "order", order->id);
  write_event (event);

  /* The write is back at once; the figures are read in a thread. */
  g_assert_true (tlk_dashboard_view_get_loading (view));
  assert_shows (row_at ("stock_list", row), ((TlkDashStock *) g_ptr_array_index (before->stock, row))->ready);
  g_assert_true (gtk_widget_get_visible (view_child ("updating_box")));
  wait_for_figures ();
  g_source_remove (tick_id);
  g_assert_cmpuint (ticks, >, 0);
  assert_shows (row_at ("stock_list", row), ((TlkDashStock *) g_ptr_array_index (before->stock, row))->ready - 1);
  g_assert_false (gtk_widget_get_visible (view_child ("updating_box")));
  after = expected ();
  assert_shows (row_at ("stock_list", row), ((TlkDashStock *) g_ptr_array_index (after->stock, row))->ready);
  assert_shows (row_at ("pipeline_list", TLK_ORDER_RECEIVED - TLK_ORDER_RECEIVED),
                after->pipeline_by_state[TLK_ORDER_RECEIVED]);
  g_assert_cmpint (after->pipeline_by_state[TLK_ORDER_RECEIVED], ==,
                   before->pipeline_by_state[TLK_ORDER_RECEIVED] - 1);

  /* A burst of three writes: the refresh under way, then one more. */
  {
    g_autoptr(GPtrArray) ready = tlk_store_list_kits (store (), "ready", kit_type, NULL, NULL);
    gulong handler = g_signal_connect_swapped (view, "notify::loading", G_CALLBACK (on_loading_cb), NULL);

    g_assert_cmpuint (ready->len, >=, 3);
    n_started = 0;
    for (guint i = 0; i < 3; i++)
      {
        event = tlk_event_new (TLK_EVENT_KIT_HELD, ((TlkKit *) g_ptr_array_index (ready, i))->id, "anne");
        tlk_event_set_string (event, "reason", "Test: a device is missing");
        write_event (event);
      }
    wait_for_figures ();
    g_signal_handler_disconnect (view, handler);
    g_assert_cmpuint (n_started, ==, 2);
    assert_shows (row_at ("stock_list", row), ((TlkDashStock *) g_ptr_array_index (after->stock, row))->ready - 3);
  }
  {
    g_autoptr(TlkDashboard) now = expected ();
    assert_shows (view_child ("on_hold_figure"), now->backlog[2].count);
    g_assert_cmpint (now->backlog[2].count, ==, after->backlog[2].count + 3);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  TlkDemoOptions options = { 150, 7, 3, TRUE };
  int status;

  tlk_ui_test_init (&argc, &argv);

  context = tlk_ui_test_demo_context ("dashboard-view", &options, &tmpdir);

  app = tlk_ui_test_app_new ("dk.telekit.TestDashboardView");
  view = TLK_DASHBOARD_VIEW (tlk_ui_test_open_window (app, context, "anne", "dashboard", &window));

  g_test_add_func ("/dashboard-view/figures", test_figures);
  g_test_add_func ("/dashboard-view/lists", test_lists);
  g_test_add_func ("/dashboard-view/refresh-after-write", test_refresh_after_write);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  tlk_ui_test_iterate ();
  g_clear_object (&context);
  tlk_ui_test_iterate ();
  g_clear_object (&app);
  tlk_ui_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
