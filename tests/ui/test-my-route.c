/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-context.h"
#include "tlk-failure-dialog.h"
#include "tlk-my-route-view.h"
#include "tlk-route.h"
#include "tlk-signature-pad.h"
#include "tlk-stop-page.h"
#include "tlk-stop-row.h"
#include "tlk-store-routes.h"
#include "tlk-store-server.h"
#include "tlk-test-server.h"
#include "tlk-window.h"
#include "tlk-ui-test-util.h"

/*
 * The driver's route (issue 6) in the real window, in this process under a
 * real X server, on a real store with the demo's day (jens: deliveries, a
 * pickup, a swap and a service visit; karim: deliveries). Driven through the
 * view's route.* actions and tlk_my_route_view_scan() as the window's
 * scanner calls it; every case checks the store's records, not only what the
 * view says. Messages are compared with core's own, so the same run works in
 * Danish (LANGUAGE=da TELEKIT_LOCALEDIR=…). With TELEKIT_SCREENSHOT_DIR set,
 * the states are also taken as screenshots (route-*.png).
 */

static char *tmpdir;
static AdwApplication *app;
static TlkContext *context;
static TlkWindow *window;
static TlkMyRouteView *view;

/* ---- waiting and looking -------------------------------------------------- */

static void
screenshot (const char *name)
{
  tlk_ui_test_screenshot ("route", name, NULL);
}

static TlkStopPage *
stop_page (void)
{
  return tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "stop_page");
}

/* The first widget of @type named @name at or below @root. */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The dialog of @type the view has open, or NULL. */
static gpointer
open_dialog (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      return l->data;
  return NULL;
}

/* As a click on a response does: the response, then the dialog closes. */
static void
respond (gpointer    dialog,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  tlk_ui_test_iterate ();
}

static const char *
route_feedback (void)
{
  return gtk_label_get_label (tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "feedback_label"));
}

static const char *
stop_feedback (void)
{
  return gtk_label_get_label (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "feedback_label"));
}

static gboolean
route_feedback_is (const char *css)
{
  return gtk_widget_has_css_class (tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "feedback_box"), css);
}

static gboolean
stop_feedback_is (const char *css)
{
  return gtk_widget_has_css_class (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "feedback_box"), css);
}

static const char *
leaflet_page (void)
{
  return adw_leaflet_get_visible_child_name (tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "leaflet"));
}

/* The keyboard focus is on @widget or inside it (an entry's text). */
static gboolean
has_focus_in (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A button bound to an action is sensitive exactly while it is enabled. */
static gboolean
complete_enabled (void)
{
  return gtk_widget_get_sensitive (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "complete_button"));
}

/* ---- the store ---------------------------------------------------------------- */

static TlkStore *
store (void)
{
  return tlk_context_get_store (context);
}

/* jens's stop of @kind today (the first of them). */
static TlkStop *
todays_stop (const char *driver,
             const char *kind)
{
  g_autofree char *today = tlk_date_today_iso ();
  g_autoptr(GPtrArray) stops = tlk_store_list_stops (store (), driver, today, NULL);

  g_assert_nonnull (stops);
  for (guint i = 0; i < stops->len; i++)
    {
      TlkStop *stop = g_ptr_array_index (stops, i);

      if (g_strcmp0 (stop->kind, kind) == 0 && stop->state == TLK_STOP_PLANNED)
        return g_ptr_array_steal_index (stops, i);
    }
  g_error ("%s has no planned %s today", driver, kind);
}

static TlkStop *
load_stop (const char *id)
{
  TlkStop *stop = tlk_store_load (store (), TLK_SUBJECT_STOP, id);

  g_assert_nonnull (stop);
  return stop;
}

static TlkKit *
load_kit (const char *id)
{
  TlkKit *kit = tlk_store_load (store (), TLK_SUBJECT_KIT, id);

  g_assert_nonnull (kit);
  return kit;
}

/* The newest event about @subject. */
static TlkEvent *
last_event (const char *subject)
{
  g_autoptr(GPtrArray) history = tlk_store_history (store (), subject, NULL);

  g_assert_nonnull (history);
  g_assert_cmpuint (history->len, >, 0);
  return g_ptr_array_steal_index (history, history->len - 1);
}

static guint
n_access (const char *citizen)
{
  g_autoptr(GPtrArray) log = tlk_store_access_log (store (), citizen, NULL);

  g_assert_nonnull (log);
  return log->len;
}

static char *
citizen_of (const TlkStop *stop)
{
  g_autoptr(TlkOrder) order = tlk_store_load (store (), TLK_SUBJECT_ORDER, stop->order);

  g_assert_nonnull (order);
  return g_strdup (order->citizen);
}

/* ---- the cases ------------------------------------------------------------------ */

static void
on_empty_notify (GObject    *pad,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static GtkGesture *
drag_gesture (TlkSignaturePad *pad)
{
  GtkWidget *area = tlk_ui_test_child (pad, TLK_TYPE_SIGNATURE_PAD, "area");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (area);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

/* A stroke through @n points (x, y pairs in the pad's pixels), as the drag
 * gesture reports a finger or the mouse. */
static void
draw_stroke (TlkSignaturePad *pad,
             const double    *xy,
             guint            n)
{
  GtkGesture *drag = drag_gesture (pad);

  g_signal_emit_by_name (drag, "drag-begin", xy[0], xy[1]);
  for (guint i = 1; i < n; i++)
    g_signal_emit_by_name (drag, "drag-update", xy[2 * i] - xy[0], xy[2 * i + 1] - xy[1]);
  g_signal_emit_by_name (drag, "drag-end", xy[2 * (n - 1)] - xy[0], xy[2 * (n - 1) + 1] - xy[1]);
}

/* Two strokes that look like a hand's: loops along the line, then a
 * stroke under them. */
static void
sign (TlkSignaturePad *pad)
{
  double loops[2 * 120];
  double flourish[2 * 40];

  for (guint i = 0; i < 120; i++)
    {
      double t = i / 119.0 * 6 * G_PI;

      /* A prolate cycloid: the pen loops back on itself, as in "llll". */
      loops[2 * i] = 30 + 13.3 * t - 22 * sin (t);
      loops[2 * i + 1] = 75 + 28 * (1 - cos (t)) - 2 * t;
    }
  for (guint i = 0; i < 40; i++)
    {
      double t = i / 39.0;

      flourish[2 * i] = 40 + 280 * t;
      flourish[2 * i + 1] = 128 - 18 * sin (t * G_PI);
    }
  draw_stroke (pad, loops, 120);
  draw_stroke (pad, flourish, 40);
}

/* The pad on its own: empty, strokes in the 1000 × 400 box as whole
 * numbers, what tlk_proof_check takes, and a scribble that stays in 64 KiB. */
static void
test_signature_pad (void)
{
  GtkWidget *win = gtk_window_new ();
  TlkSignaturePad *pad = TLK_SIGNATURE_PAD (tlk_signature_pad_new ());
  GtkWidget *area = tlk_ui_test_child (pad, TLK_TYPE_SIGNATURE_PAD, "area");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  TlkProof proof = {
    .stop = (char *) "S1", .recipient = (char *) "Bent Hansen", .signed_at = (char *) "2025-01-01T10:00:00Z"
  };
  guint notified = 0;
  int width, height;
  static const double dot[] = { 30, 30 };

  gtk_window_set_child (GTK_WINDOW (win), GTK_WIDGET (pad));
  gtk_window_present (GTK_WINDOW (win));
  tlk_ui_test_iterate ();
  g_signal_connect (pad, "notify::empty", G_CALLBACK (on_empty_notify), &notified);
  width = gtk_widget_get_width (area);
  height = gtk_widget_get_height (area);
  g_assert_cmpint (width, >, 100);
  /* The pad keeps the proof's shape. */
  g_assert_cmpint (ABS (width * 2 - height * 5), <=, 5);

  g_assert_true (tlk_signature_pad_get_empty (pad));
  g_assert_null (tlk_signature_pad_dup_path (pad));

  sign (pad);
  g_assert_false (tlk_signature_pad_get_empty (pad));
  g_assert_cmpuint (notified, ==, 1);
  path = tlk_signature_pad_dup_path (pad);
  /* The first point, scaled into the box. */
  expected = g_strdup_printf ("M%d %d L", (int) (30.0 * 1000 / width + 0.5), (int) (75.0 * 400 / height + 0.5));
  g_assert_true (g_str_has_prefix (path, expected));
  g_assert_cmpuint (strspn (path, "ML0123456789 "), ==, strlen (path));
  /* Two strokes: two moves. */
  g_assert_nonnull (strchr (path + 1, 'M'));
  g_assert_null (strchr (strchr (path + 1, 'M') + 1, 'M'));
  proof.signature = path;
  g_assert_true (tlk_proof_check (&proof, &error));
  g_assert_no_error (error);

  /* A dot is kept, as a line of no length. */
  draw_stroke (pad, dot, 1);
  g_clear_pointer (&path, g_free);
  path = tlk_signature_pad_dup_path (pad);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf (" M%d %d L%d %d", (int) (30.0 * 1000 / width + 0.5), (int) (30.0 * 400 / height + 0.5),
                              (int) (30.0 * 1000 / width + 0.5), (int) (30.0 * 400 / height + 0.5));
  g_assert_true (g_str_has_suffix (path, expected));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pad), "signature.clear", NULL));
  g_assert_true (tlk_signature_pad_get_empty (pad));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (tlk_signature_pad_dup_path (pad));

  /* A very long scribble: what fits in a proof is kept, the rest is not. */
  {
    GtkGesture *drag = drag_gesture (pad);

    g_signal_emit_by_name (drag, "drag-begin", 1.0, 1.0);
    for (int i = 0; i < 20000; i++)
      g_signal_emit_by_name (drag, "drag-update", (double) (i * 7 % (width - 2)), (double) (i * 13 % (height - 2)));
    g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  }
  g_clear_pointer (&path, g_free);
  path = tlk_signature_pad_dup_path (pad);
  g_assert_cmpuint (strlen (path), <=, TLK_PROOF_MAX_SIGNATURE);
  g_assert_cmpuint (strlen (path), >, TLK_PROOF_MAX_SIGNATURE / 2);
  proof.signature = path;
  g_assert_true (tlk_proof_check (&proof, &error));
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (win));
  tlk_ui_test_iterate ();
}

/* Today's stops in route order, each with its citizen's name and what to
 * bring; the details read once (and logged), not again at every write. */
static void
test_list (void)
{
  g_autofree char *today = tlk_date_today_iso ();
  g_autoptr(GPtrArray) stops = tlk_store_list_stops (store (), "jens", today, NULL);
  g_autoptr(TlkStop) delivery = todays_stop ("jens", "delivery");
  g_autofree char *citizen_id = citizen_of (delivery);
  GtkListBox *list = tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "stops_list");
  GtkWidget *row;
  guint n = 0;
  guint reads;
  int last_seq = 0;

  g_assert_cmpstr (leaflet_page (), ==, "list");
  for (row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      TlkStop *stop = g_ptr_array_index (stops, n);
      g_autoptr(TlkCitizen) citizen = NULL;
      g_autofree char *id = citizen_of (stop);
      GtkLabel *name = tlk_ui_test_child (row, TLK_TYPE_STOP_ROW, "name_label");

      g_assert_true (TLK_IS_STOP_ROW (row));
      g_assert_cmpstr (tlk_stop_row_get_stop_id (TLK_STOP_ROW (row)), ==, stop->id);
      g_assert_cmpint (stop->seq, >=, last_seq);
      last_seq = stop->seq;
      citizen = tlk_store_get_citizen (store (), id, "test", "test", NULL);
      g_assert_nonnull (citizen);
      g_assert_cmpstr (gtk_label_get_label (name), ==, citizen->name);
      n++;
    }
  g_assert_cmpuint (n, ==, stops->len);
  g_assert_cmpuint (n, >=, 5);

  /* What to bring: the delivery's kit. */
  {
    g_autofree char *kit = tlk_code_display (delivery->kit);
    TlkStopRow *first = TLK_STOP_ROW (gtk_widget_get_first_child (GTK_WIDGET (list)));

    g_assert_nonnull (strstr (gtk_label_get_label (tlk_ui_test_child (first, TLK_TYPE_STOP_ROW, "what_label")), kit));
  }

  /* Read for the route, in the access log; a change written on this
   * computer does not read them again. */
  reads = n_access (citizen_id);
  g_assert_cmpuint (reads, >=, 2); /* the test's own read above, and the view's */
  g_signal_emit_by_name (context, "changed");
  tlk_ui_test_iterate ();
  g_assert_cmpuint (n_access (citizen_id), ==, reads);
  screenshot ("list");
}

/* Loading: the vehicle chosen once; a kit of the route loaded; a kit of
 * another driver's route and a device refused with core's words, nothing
 * written. */
static void
test_load (void)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (context);
  g_autoptr(TlkStop) karims = todays_stop ("karim", "delivery");
  g_autoptr(GPtrArray) jens = tlk_store_list_stops (store (), "jens", NULL, NULL);
  g_autoptr(TlkStop) unloaded = NULL;
  g_autoptr(TlkKit) kit = NULL;
  g_autoptr(GError) expected = NULL;
  g_autoptr(TlkEvent) event = NULL;
  g_autoptr(GPtrArray) locations = tlk_store_list (store (), TLK_SUBJECT_LOCATION, NULL, NULL);
  g_autofree char *vehicle = NULL;
  g_autofree char *kept = NULL;
  GtkListBox *log = tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "log_list");
  TlkKit *device_kit;
  gint64 before;

  /* A delivery of jens's whose kit is still on the shelf. */
  for (guint i = 0; i < jens->len && unloaded == NULL; i++)
    {
      TlkStop *stop = g_ptr_array_index (jens, i);
      TlkKit *k = stop->kit != NULL ? tlk_world_kit (world, stop->kit) : NULL;

      if (g_strcmp0 (stop->kind, "delivery") == 0 && stop->state == TLK_STOP_PLANNED && k != NULL &&
          k->state == TLK_KIT_RESERVED)
        unloaded = g_ptr_array_steal_index (jens, i);
    }
  g_assert_nonnull (unloaded);

  /* The vehicle: its card scanned chooses it, and it is kept. */
  for (guint i = 0; i < locations->len && vehicle == NULL; i++)
    {
      TlkLocation *location = g_ptr_array_index (locations, i);

      if (g_strcmp0 (location->kind, "vehicle") == 0)
        vehicle = g_strdup (location->id);
    }
  g_assert_nonnull (vehicle);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.load", NULL));
  tlk_ui_test_iterate ();
  g_assert_true (has_focus_in (tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "scan_entry")));
  tlk_my_route_view_scan (view, vehicle);
  kept = g_settings_get_string (tlk_context_get_settings (context), "vehicle");
  g_assert_cmpstr (kept, ==, vehicle);

  /* karim's kit: core's refusal, word for word, and nothing written. */
  event = tlk_route_load_event (world, karims, karims->kit, vehicle, "jens", &expected);
  g_assert_null (event);
  g_assert_error (expected, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE);
  before = tlk_store_count_events (store ());
  tlk_my_route_view_scan (view, karims->kit);
  g_assert_cmpstr (route_feedback (), ==, expected->message);
  g_assert_true (route_feedback_is ("error"));
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before);
  kit = load_kit (karims->kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_RESERVED);
  g_clear_pointer (&kit, tlk_kit_free);

  /* A device is not a kit. */
  device_kit = tlk_world_kit (world, unloaded->kit);
  tlk_my_route_view_scan (view, g_ptr_array_index (device_kit->devices, 0));
  g_assert_true (route_feedback_is ("error"));
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before);

  /* jens's kit goes into the vehicle, with him. */
  tlk_my_route_view_scan (view, unloaded->kit);
  g_assert_true (route_feedback_is ("success"));
  kit = load_kit (unloaded->kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_OUT);
  g_assert_cmpstr (kit->custodian, ==, "jens");
  g_assert_cmpstr (kit->location, ==, vehicle);
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before + 1);
  /* Scanned again: said, not written twice. */
  tlk_my_route_view_scan (view, unloaded->kit);
  g_assert_true (route_feedback_is ("info"));
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before + 1);

  /* Every scan has its line in the log. */
  {
    guint lines = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (log)); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      lines += ADW_IS_ACTION_ROW (row);
    g_assert_cmpuint (lines, ==, 5);
  }
  screenshot ("load");

  /* Escape ends loading. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.back", NULL));
  g_assert_false (route_feedback_is ("error"));
  {
    gboolean loading = TRUE;

    g_object_get (view, "loading", &loading, NULL);
    g_assert_false (loading);
  }
}

static GtkCheckButton *
step_check (const char *step)
{
  GtkWidget *check = find_named (GTK_WIDGET (stop_page ()), GTK_TYPE_CHECK_BUTTON, step);

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

/* A delivery: a wrong kit first (core's words, nothing changes), the right
 * one, the installation checklist, the recipient and the signature; then
 * kit.installed, stop.done and an unsent proof in the store. */
static void
test_delivery (void)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (context);
  g_autoptr(TlkStop) stop = todays_stop ("jens", "delivery");
  g_autoptr(TlkStop) other = todays_stop ("jens", "pickup");
  g_autoptr(TlkVisit) probe = tlk_visit_new ();
  g_autoptr(GError) expected = NULL;
  g_autoptr(TlkEvent) installed = NULL;
  g_autoptr(TlkKit) kit = NULL;
  g_autoptr(TlkStop) done = NULL;
  g_autoptr(GPtrArray) proofs = NULL;
  TlkOrder *order = tlk_world_order (world, stop->order);
  TlkKitType *type = tlk_world_kit_type (world, order->kit_type);
  TlkSignaturePad *pad = tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "signature_pad");
  gint64 before;

  g_assert_cmpuint (type->install_checklist->len, >=, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.open", "s", stop->id));
  tlk_ui_test_iterate ();
  g_assert_cmpstr (leaflet_page (), ==, "stop");
  g_assert_cmpstr (tlk_stop_page_get_stop_id (stop_page ()), ==, stop->id);
  /* The kit's scan comes first: the focus waits in its entry. */
  g_assert_true (has_focus_in (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "scan_entry")));
  g_assert_false (complete_enabled ());

  /* The pickup's kit is not this stop's. */
  g_assert_false (tlk_visit_confirm_kit (world, stop, probe, other->kit, &expected));
  before = tlk_store_count_events (store ());
  tlk_my_route_view_scan (view, other->kit);
  g_assert_cmpstr (stop_feedback (), ==, expected->message);
  g_assert_true (stop_feedback_is ("error"));
  g_assert_false (gtk_widget_get_sensitive (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "checklist_group")));
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before);
  screenshot ("delivery-wrong-kit");

  /* The right kit, typed into the entry as a driver without a scanner does. */
  gtk_editable_set_text (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "scan_entry"), stop->kit);
  g_signal_emit_by_name (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "scan_entry"), "activate");
  g_assert_true (stop_feedback_is ("success"));
  g_assert_true (gtk_widget_get_sensitive (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "checklist_group")));
  /* On to the first step. */
  g_assert_true (has_focus_in (step_check (((TlkStep *) g_ptr_array_index (type->install_checklist, 0))->id)));

  /* All steps but the last: not yet, and core says which step. */
  for (guint i = 0; i + 1 < type->install_checklist->len; i++)
    gtk_check_button_set_active (step_check (((TlkStep *) g_ptr_array_index (type->install_checklist, i))->id), TRUE);
  g_assert_false (complete_enabled ());
  screenshot ("delivery-midway");
  gtk_widget_activate_action (GTK_WIDGET (view), "route.complete", NULL);
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before);

  gtk_check_button_set_active (step_check (((TlkStep *) g_ptr_array_index (type->install_checklist,
                                                                           type->install_checklist->len - 1))->id),
                               TRUE);
  /* Every step ticked: the recipient's name is next. */
  g_assert_true (has_focus_in (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "recipient_row")));
  gtk_editable_set_text (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "recipient_row"), "Bent Pedersen");
  g_assert_false (complete_enabled ());
  sign (pad);
  tlk_ui_test_iterate ();
  g_assert_true (complete_enabled ());
  screenshot ("delivery-signed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.complete", NULL));
  tlk_ui_test_iterate ();

  /* The store has it all. */
  kit = load_kit (stop->kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_INSTALLED);
  installed = last_event (stop->kit);
  g_assert_cmpint (installed->type, ==, TLK_EVENT_KIT_INSTALLED);
  g_assert_cmpstr (tlk_event_get_string (installed, "stop"), ==, stop->id);
  done = load_stop (stop->id);
  g_assert_cmpint (done->state, ==, TLK_STOP_DONE);
  proofs = tlk_store_unsent_proofs (store (), "test", NULL);
  g_assert_nonnull (proofs);
  g_assert_cmpuint (proofs->len, ==, 1);
  {
    TlkProof *proof = g_ptr_array_index (proofs, 0);

    g_assert_cmpstr (proof->stop, ==, stop->id);
    g_assert_cmpstr (proof->recipient, ==, "Bent Pedersen");
    g_assert_true (g_str_has_prefix (proof->signature, "M"));
    g_assert_true (tlk_proof_check (proof, NULL));
  }

  /* Back on the route, the focus on the next stop, the news said. */
  g_assert_cmpstr (leaflet_page (), ==, "list");
  g_assert_true (route_feedback_is ("success"));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, TLK_TYPE_STOP_ROW) : NULL;

    g_assert_nonnull (row);
    g_assert_cmpstr (tlk_stop_row_get_stop_id (TLK_STOP_ROW (row)), !=, stop->id);
    g_assert_cmpint (tlk_stop_row_get_state (TLK_STOP_ROW (row)), ==, TLK_STOP_PLANNED);
  }
}

/* A pickup opened by scanning its kit on the list; every device but one
 * scanned; the driver confirms the missing one; kit.picked_up records it. */
static void
test_pickup (void)
{
  g_autoptr(TlkStop) stop = todays_stop ("jens", "pickup");
  g_autoptr(TlkKit) kit = load_kit (stop->kit);
  g_autoptr(TlkKit) after = NULL;
  g_autoptr(TlkEvent) picked = NULL;
  g_autoptr(TlkStop) done = NULL;
  g_autoptr(TlkProof) proof = NULL;
  const char *left = g_ptr_array_index (kit->devices, kit->devices->len - 1);
  AdwMessageDialog *dialog;
  JsonArray *missing;
  gint64 before;

  g_assert_cmpstr (leaflet_page (), ==, "list");
  g_assert_cmpuint (kit->devices->len, >=, 2);
  /* The kit's label, scanned on the route, opens its stop and confirms it. */
  tlk_my_route_view_scan (view, stop->kit);
  tlk_ui_test_iterate ();
  g_assert_cmpstr (leaflet_page (), ==, "stop");
  g_assert_cmpstr (tlk_stop_page_get_stop_id (stop_page ()), ==, stop->id);
  g_assert_true (stop_feedback_is ("success"));

  for (guint i = 0; i + 1 < kit->devices->len; i++)
    {
      tlk_my_route_view_scan (view, g_ptr_array_index (kit->devices, i));
      g_assert_true (stop_feedback_is ("success"));
    }
  /* The same device twice: said, not counted. */
  tlk_my_route_view_scan (view, g_ptr_array_index (kit->devices, 0));
  g_assert_true (stop_feedback_is ("error"));

  gtk_editable_set_text (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "recipient_row"), "Ole Hansen");
  sign (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "signature_pad"));
  tlk_ui_test_iterate ();
  g_assert_true (complete_enabled ());

  /* One device not found: the driver is asked first; "keep looking"
   * writes nothing. */
  before = tlk_store_count_events (store ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.complete", NULL));
  tlk_ui_test_iterate ();
  dialog = open_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  screenshot ("pickup-missing");
  respond (dialog, "cancel");
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before);
  g_assert_cmpstr (leaflet_page (), ==, "stop");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.complete", NULL));
  tlk_ui_test_iterate ();
  dialog = open_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  respond (dialog, "complete");

  picked = last_event (stop->kit);
  g_assert_cmpint (picked->type, ==, TLK_EVENT_KIT_PICKED_UP);
  missing = tlk_event_get_array (picked, "missing");
  g_assert_nonnull (missing);
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, left);
  after = load_kit (stop->kit);
  g_assert_cmpint (after->state, ==, TLK_KIT_RETURNING);
  g_assert_cmpstr (after->custodian, ==, "jens");
  done = load_stop (stop->id);
  g_assert_cmpint (done->state, ==, TLK_STOP_DONE);
  proof = tlk_store_get_proof (store (), stop->id, "test", "test", NULL);
  g_assert_nonnull (proof);
  g_assert_cmpstr (proof->recipient, ==, "Ole Hansen");
  g_assert_cmpstr (leaflet_page (), ==, "list");
}

/* A swap: the kit, the faulty device out (one of the kit's), the planned
 * replacement in, a reason; kit.device_swapped in the store. */
static void
test_swap (void)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (context);
  g_autoptr(TlkStop) stop = todays_stop ("jens", "swap");
  g_autoptr(TlkEvent) swapped = NULL;
  g_autoptr(TlkStop) done = NULL;
  g_autoptr(TlkKit) after = NULL;
  TlkKit *kit = tlk_world_kit (world, stop->kit);
  TlkDevice *replacement = tlk_world_device (world, stop->device);
  const char *kind = tlk_world_model (world, replacement->model)->kind;
  const char *out = NULL;

  for (guint i = 0; i < kit->devices->len && out == NULL; i++)
    {
      TlkDevice *device = tlk_world_device (world, g_ptr_array_index (kit->devices, i));

      if (g_strcmp0 (tlk_world_model (world, device->model)->kind, kind) == 0)
        out = device->id;
    }
  g_assert_nonnull (out);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.open", "s", stop->id));
  tlk_ui_test_iterate ();
  tlk_my_route_view_scan (view, stop->kit);
  g_assert_true (stop_feedback_is ("success"));
  g_assert_false (complete_enabled ());
  tlk_my_route_view_scan (view, out);
  g_assert_true (stop_feedback_is ("success"));
  tlk_my_route_view_scan (view, stop->device);
  g_assert_true (stop_feedback_is ("success"));
  gtk_editable_set_text (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "reason_row"), "Viser fejlkode E4");
  tlk_ui_test_iterate ();
  g_assert_true (complete_enabled ());
  screenshot ("swap");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.complete", NULL));
  tlk_ui_test_iterate ();

  swapped = last_event (stop->kit);
  g_assert_cmpint (swapped->type, ==, TLK_EVENT_KIT_DEVICE_SWAPPED);
  g_assert_cmpstr (tlk_event_get_string (swapped, "device_out"), ==, out);
  g_assert_cmpstr (tlk_event_get_string (swapped, "device_in"), ==, stop->device);
  g_assert_cmpstr (tlk_event_get_string (swapped, "reason"), ==, "Viser fejlkode E4");
  after = load_kit (stop->kit);
  g_assert_true (tlk_kit_has_device (after, stop->device));
  g_assert_false (tlk_kit_has_device (after, out));
  done = load_stop (stop->id);
  g_assert_cmpint (done->state, ==, TLK_STOP_DONE);
}

/* "Could not be done…": "other" without a note is refused with core's
 * words (even when forced), "not at home" is recorded. */
static void
test_fail (void)
{
  g_autoptr(TlkStop) stop = todays_stop ("jens", "service");
  g_autoptr(GError) expected = NULL;
  g_autoptr(TlkEvent) event = NULL;
  g_autoptr(TlkStop) failed = NULL;
  TlkFailureDialog *dialog;
  gint64 before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.open", "s", stop->id));
  tlk_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.fail", NULL));
  tlk_ui_test_iterate ();
  dialog = open_dialog (TLK_TYPE_FAILURE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "fail"));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, "other")),
                               TRUE);
  event = tlk_stop_failed_event (stop, "other", "", "jens", &expected);
  g_assert_null (event);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "fail"));
  g_assert_cmpstr (gtk_label_get_label (tlk_ui_test_child (dialog, TLK_TYPE_FAILURE_DIALOG, "hint_label")), ==,
                   expected->message);
  /* Forced, it is still refused. */
  before = tlk_store_count_events (store ());
  respond (dialog, "fail");
  g_assert_cmpint (tlk_store_count_events (store ()), ==, before);
  g_assert_cmpstr (stop_feedback (), ==, expected->message);
  failed = load_stop (stop->id);
  g_assert_cmpint (failed->state, ==, TLK_STOP_PLANNED);
  g_clear_pointer (&failed, tlk_stop_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.fail", NULL));
  tlk_ui_test_iterate ();
  dialog = open_dialog (TLK_TYPE_FAILURE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                                             "not_home")),
                               TRUE);
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_FAILURE_DIALOG, "note_row"), "Ringede to gange");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "fail"));
  screenshot ("failure-dialog");
  respond (dialog, "fail");

  failed = load_stop (stop->id);
  g_assert_cmpint (failed->state, ==, TLK_STOP_FAILED);
  g_assert_cmpstr (failed->failure, ==, "not_home");
  g_clear_pointer (&event, tlk_event_free);
  event = last_event (stop->id);
  g_assert_cmpint (event->type, ==, TLK_EVENT_STOP_FAILED);
  g_assert_cmpstr (tlk_event_get_string (event, "note"), ==, "Ringede to gange");
  g_assert_cmpstr (leaflet_page (), ==, "list");
  screenshot ("list-after");
}

/* A stop whose citizen's details are not on this computer (erased, or not
 * synced yet): the route says so instead of failing. */
static void
test_details_missing (void)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (context);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GPtrArray) customers = tlk_store_list (store (), TLK_SUBJECT_CUSTOMER, NULL, NULL);
  g_autoptr(GPtrArray) suggested = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = tlk_date_today_iso ();
  g_autofree char *stop_id = tlk_code_make_random (TLK_CODE_KIND_STOP, NULL);
  TlkStopRow *row;
  TlkEvent *e;

  e = tlk_event_new (TLK_EVENT_ORDER_RECEIVED, "o-no-details", "anne");
  tlk_event_set_string (e, "customer", ((TlkCustomer *) g_ptr_array_index (customers, 0))->id);
  tlk_event_set_string (e, "case_ref", "SAG-TEST-1");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c-not-here");
  tlk_event_set_string (e, "requested_date", today);
  g_ptr_array_add (events, e);
  g_assert_true (tlk_context_write (context, events, &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (events, 0);

  suggested = tlk_store_suggest_kits (store (), "o-no-details", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggested->len, ==, 1);
  e = tlk_event_new (TLK_EVENT_KIT_RESERVED, ((TlkKitSuggestion *) g_ptr_array_index (suggested, 0))->kit, "mette");
  tlk_event_set_string (e, "order", "o-no-details");
  g_ptr_array_add (events, e);
  e = tlk_event_new (TLK_EVENT_STOP_PLANNED, stop_id, "anne");
  tlk_event_set_string (e, "order", "o-no-details");
  tlk_event_set_string (e, "kind", "delivery");
  tlk_event_set_string (e, "date", today);
  tlk_event_set_string (e, "driver", "jens");
  tlk_event_set_int (e, "seq", 9);
  tlk_event_set_string (e, "window", "15-17");
  g_ptr_array_add (events, e);
  g_assert_true (tlk_context_write (context, events, &error));
  g_assert_no_error (error);
  tlk_ui_test_iterate ();

  row = NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (tlk_ui_test_child (view, TLK_TYPE_MY_ROUTE_VIEW, "stops_list")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (tlk_stop_row_get_stop_id (TLK_STOP_ROW (c)), stop_id) == 0)
      row = TLK_STOP_ROW (c);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_label (tlk_ui_test_child (row, TLK_TYPE_STOP_ROW, "name_label")), ==,
                   _("Details not on this computer — sync"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.open", "s", stop_id));
  tlk_ui_test_iterate ();
  g_assert_cmpstr (adw_preferences_row_get_title (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "name_row")), ==,
                   _("Details not on this computer — sync"));
  g_assert_false (gtk_widget_get_visible (tlk_ui_test_child (stop_page (), TLK_TYPE_STOP_PAGE, "address_row")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "route.back", NULL));
  g_assert_cmpstr (leaflet_page (), ==, "list");
}

/* ---- the app ---------------------------------------------------------------------- */

static void
app_start (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("dk.telekit.Telekit");
  g_autofree char *path = g_build_filename (tmpdir, "route.db", NULL);
  g_autoptr(GError) error = NULL;
  TlkDemoOptions options = { .n_kits = 200, .seed = 7, .max_cycles = 1, .today = TRUE };
  TlkStore *st = tlk_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (st, &options, NULL, &error));
  g_assert_no_error (error);
  g_settings_reset (settings, "vehicle");

  context = tlk_context_new (st, settings);
  window = tlk_window_new (GTK_APPLICATION (app));
  tlk_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  tlk_ui_test_iterate ();
  g_assert_true (tlk_context_sign_in (context, "jens", &error));
  g_assert_no_error (error);
  tlk_ui_test_iterate ();
  view = TLK_MY_ROUTE_VIEW (tlk_window_get_view (window, "my-route"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "my-route"));
  tlk_ui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  int status;

  tmpdir = g_dir_make_tmp ("telekit-my-route-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (tmpdir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("TELEKIT_NO_KEYRING", "1", TRUE);

  tlk_ui_test_init (&argc, &argv);

  app = tlk_ui_test_app_new ("dk.telekit.TestMyRoute");

  g_test_add_func ("/my-route/signature-pad", test_signature_pad);
  /* The cases below go through one driver's day, in this order. */
  g_test_add_func ("/my-route/list", test_list);
  g_test_add_func ("/my-route/load", test_load);
  g_test_add_func ("/my-route/delivery", test_delivery);
  g_test_add_func ("/my-route/pickup", test_pickup);
  g_test_add_func ("/my-route/swap", test_swap);
  g_test_add_func ("/my-route/fail", test_fail);
  g_test_add_func ("/my-route/details-missing", test_details_missing);
  app_start ();
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  tlk_ui_test_iterate ();
  g_clear_object (&context);
  g_clear_object (&app);
  tlk_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
