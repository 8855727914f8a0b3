/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-my-route-view.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-route.h"
#include "tlk-stop-page.h"
#include "tlk-stop-row.h"
#include "tlk-store-routes.h"

/* Why the driver's computer reads a citizen's details (the access log). */
#define READ_REASON "driver's route"

struct _TlkMyRouteView
{
  AdwBin         parent_instance;

  TlkContext    *context;
  /* citizen id → TlkCitizen, or NULL when the details are not here: read
   * once for the open stops, again after a sync (which may bring, correct
   * or erase them), not at every change this computer writes. */
  GHashTable    *citizens;
  GPtrArray     *vehicle_ids;
  char          *vehicle;
  gboolean       loading;
  gboolean       stale;         /* changed while not shown */
  gboolean       vehicles_stale; /* signed in or synced while not shown */
  gboolean       filling;       /* the vehicles are being listed, not chosen */

  AdwLeaflet    *leaflet;
  GtkLabel      *date_label;
  GtkLabel      *progress_label;
  GtkStack      *list_stack;
  GtkWidget     *overdue_box;
  GtkListBox    *overdue_list;
  GtkWidget     *today_box;
  GtkListBox    *stops_list;
  GtkWidget     *load_button;
  AdwComboRow   *vehicle_row;
  GtkStringList *vehicle_names;
  GtkLabel      *loaded_label;
  GtkBox        *feedback_box;
  GtkImage      *feedback_icon;
  GtkLabel      *feedback_label;
  GtkEntry      *scan_entry;
  GtkListBox    *log_list;
  TlkStopPage   *stop_page;
};

G_DEFINE_FINAL_TYPE (TlkMyRouteView, tlk_my_route_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  FEEDBACK_INFO,
  FEEDBACK_OK,
  FEEDBACK_REFUSED,
} Feedback;

static void update_actions (TlkMyRouteView *self);

static const char *
user_id (TlkMyRouteView *self)
{
  return self->context != NULL ? tlk_context_get_user_id (self->context) : NULL;
}

static gboolean
on_stop_page (TlkMyRouteView *self)
{
  return g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "stop") == 0;
}

/* Green, red or blue, and a line in the log: newest first, like the scan
 * view's. */
static void
feedback (TlkMyRouteView *self,
          Feedback        kind,
          const char     *input,
          const char     *message)
{
  static const char *const classes[] = { "info", "success", "error" };
  static const char *const icons[] = { "dialog-information-symbolic", "emblem-ok-symbolic", "dialog-error-symbolic" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *subtitle = input != NULL ? g_strdup_printf ("%s · %s", time, input) : g_strdup (time);
  GtkWidget *row;

  /* What the driver saw, for support and for the tests (G_MESSAGES_DEBUG=tlk-ui). */
  g_debug ("route feedback %s: %s (%s)", classes[kind], message, input ? input : "");
  gtk_widget_set_css_classes (GTK_WIDGET (self->feedback_box), (const char *[]) { "feedback", classes[kind], NULL });
  gtk_image_set_from_icon_name (self->feedback_icon, icons[kind]);
  gtk_label_set_label (self->feedback_label, message);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icons[kind]));
  gtk_widget_add_css_class (row, classes[kind]);
  gtk_list_box_prepend (self->log_list, row);
}

static void
prompt (TlkMyRouteView *self)
{
  const char *message = self->loading ? _("Loading: scan each kit as it goes into the vehicle. Escape ends loading.")
                                      : _("Scan a kit to open its stop, or load the vehicle (Ctrl+Shift+L).");

  gtk_widget_set_css_classes (GTK_WIDGET (self->feedback_box), (const char *[]) { "feedback", "info", NULL });
  gtk_image_set_from_icon_name (self->feedback_icon, "dialog-information-symbolic");
  gtk_label_set_label (self->feedback_label, message);
}

/* ---- citizens ----------------------------------------------------------------- */

/* @stop's citizen from @cache, else from @previous, else read (and logged). */
static TlkCitizen *
citizen_for (TlkMyRouteView *self,
             TlkWorld       *world,
             const TlkStop  *stop,
             GHashTable     *cache,
             GHashTable     *previous)
{
  TlkOrder *order = tlk_world_order (world, stop->order);
  gpointer key, value;

  if (order == NULL || order->citizen == NULL || user_id (self) == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (cache, order->citizen, NULL, &value))
    return value;
  if (previous != NULL && g_hash_table_steal_extended (previous, order->citizen, &key, &value))
    {
      g_hash_table_insert (cache, key, value);
      return value;
    }
  /* Missing (erased, or not fetched yet) is not an error here: the row
   * says so and the next sync brings them. */
  value = tlk_store_get_citizen (tlk_context_get_store (self->context), order->citizen, user_id (self), READ_REASON,
                                 NULL);
  g_hash_table_insert (cache, g_strdup (order->citizen), value);
  return value;
}

static GHashTable *
citizen_cache_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) tlk_citizen_free);
}

/* ---- the list ------------------------------------------------------------------- */

/* The rows only: the placeholder stays. */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static TlkStopRow *
find_row (TlkMyRouteView *self,
          const char     *stop_id)
{
  GtkListBox *lists[] = { self->overdue_list, self->stops_list };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (lists[l])); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (TLK_IS_STOP_ROW (child) && g_strcmp0 (tlk_stop_row_get_stop_id (TLK_STOP_ROW (child)), stop_id) == 0)
        return TLK_STOP_ROW (child);
  return NULL;
}

/* The first planned stop after @stop_id in route order (overdue first),
 * else the first planned one. */
static TlkStopRow *
next_open_row (TlkMyRouteView *self,
               const char     *stop_id)
{
  GtkListBox *lists[] = { self->overdue_list, self->stops_list };
  TlkStopRow *first = NULL;
  gboolean after = stop_id == NULL;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (lists[l])); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        TlkStopRow *row;

        if (!TLK_IS_STOP_ROW (child))
          continue;
        row = TLK_STOP_ROW (child);
        if (tlk_stop_row_get_state (row) == TLK_STOP_PLANNED)
          {
            if (after)
              return row;
            if (first == NULL)
              first = row;
          }
        if (g_strcmp0 (tlk_stop_row_get_stop_id (row), stop_id) == 0)
          after = TRUE;
      }
  return first;
}

/* The two lists read as one: the arrow keys go on from one to the other. */
static gboolean
on_list_keynav_failed_cb (TlkMyRouteView  *self,
                          GtkDirectionType direction,
                          GtkListBox      *list)
{
  GtkListBox *other = list == self->overdue_list ? self->stops_list : self->overdue_list;
  GtkListBoxRow *row = NULL;

  if (list == self->overdue_list && direction == GTK_DIR_DOWN)
    row = gtk_list_box_get_row_at_index (other, 0);
  else if (list == self->stops_list && direction == GTK_DIR_UP)
    {
      GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (other));
      row = last != NULL && gtk_widget_get_visible (self->overdue_box) ? GTK_LIST_BOX_ROW (last) : NULL;
    }
  if (row == NULL)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return GDK_EVENT_STOP;
}

static char *
focused_stop (TlkMyRouteView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, TLK_TYPE_STOP_ROW) : NULL;

  return row != NULL ? g_strdup (tlk_stop_row_get_stop_id (TLK_STOP_ROW (row))) : NULL;
}

/* Where this driver's kits are now, when one is in a vehicle: the vehicle
 * to offer before one was chosen on this computer. */
static void
fill_vehicles (TlkMyRouteView *self)
{
  g_autoptr(GPtrArray) locations = tlk_store_list (tlk_context_get_store (self->context), TLK_SUBJECT_LOCATION, NULL,
                                                   NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *kept = g_settings_get_string (tlk_context_get_settings (self->context), "vehicle");
  guint selected = 0;

  if (*kept == '\0')
    {
      g_free (kept);
      kept = tlk_store_driver_vehicle (tlk_context_get_store (self->context), user_id (self), NULL);
    }

  g_ptr_array_set_size (self->vehicle_ids, 0);
  for (guint i = 0; locations != NULL && i < locations->len; i++)
    {
      TlkLocation *location = g_ptr_array_index (locations, i);

      if (g_strcmp0 (location->kind, "vehicle") != 0)
        continue;
      /* The vehicle this computer loaded onto before, else the one the
       * driver's kits are in, else the first. */
      if (g_strcmp0 (location->id, self->vehicle != NULL ? self->vehicle : kept) == 0)
        selected = self->vehicle_ids->len;
      g_ptr_array_add (self->vehicle_ids, g_strdup (location->id));
      g_ptr_array_add (names, location->name);
    }
  g_ptr_array_add (names, NULL);

  self->filling = TRUE;
  gtk_string_list_splice (self->vehicle_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->vehicle_names)),
                          (const char *const *) names->pdata);
  adw_combo_row_set_selected (self->vehicle_row, self->vehicle_ids->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  g_free (self->vehicle);
  self->vehicle = self->vehicle_ids->len > 0 ? g_strdup (g_ptr_array_index (self->vehicle_ids, selected)) : NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->vehicle_row), self->vehicle_ids->len > 0);
}

/* Chosen once: this computer is in this vehicle until it is changed. */
static void
use_vehicle (TlkMyRouteView *self,
             guint           index)
{
  g_free (self->vehicle);
  self->vehicle = g_strdup (g_ptr_array_index (self->vehicle_ids, index));
  g_settings_set_string (tlk_context_get_settings (self->context), "vehicle", self->vehicle);
  if (adw_combo_row_get_selected (self->vehicle_row) != index)
    adw_combo_row_set_selected (self->vehicle_row, index);
}

static void
on_vehicle_row_selected_cb (TlkMyRouteView *self)
{
  guint selected = adw_combo_row_get_selected (self->vehicle_row);

  if (self->filling || self->context == NULL || selected >= self->vehicle_ids->len)
    return;
  use_vehicle (self, selected);
}

static void
fill (TlkMyRouteView *self)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->citizens);
  g_autofree char *today = tlk_date_today_local_iso ();
  g_autofree char *date = tlk_route_format_date (today);
  g_autofree char *focus = focused_stop (self);
  const char *driver = user_id (self);
  guint n_today = 0, n_over = 0, n_overdue = 0, n_deliveries = 0, n_loaded = 0;
  TlkStopRow *row;

  self->citizens = citizen_cache_new ();
  clear_list (self->overdue_list);
  clear_list (self->stops_list);
  gtk_label_set_label (self->date_label, date);

  /* Today's stops, and those of earlier days still open: the office may
   * not have moved them yet, and the driver must not forget them. */
  stops = driver != NULL ? tlk_store_list_stops (tlk_context_get_store (self->context), driver, NULL, NULL) : NULL;
  for (guint i = 0; stops != NULL && i < stops->len; i++)
    {
      TlkStop *stop = g_ptr_array_index (stops, i);
      gboolean open = stop->state == TLK_STOP_PLANNED;
      gboolean is_today = g_strcmp0 (stop->date, today) == 0;
      TlkCitizen *citizen;
      TlkKit *kit;

      if (!is_today && !(open && g_strcmp0 (stop->date, today) < 0))
        continue;
      /* A stop that is over needs no one's details. */
      citizen = open ? citizen_for (self, world, stop, self->citizens, previous) : NULL;
      gtk_list_box_append (is_today ? self->stops_list : self->overdue_list,
                           tlk_stop_row_new (world, stop, citizen, driver));
      n_today += is_today;
      n_over += is_today && !open;
      n_overdue += !is_today;
      if (open && g_strcmp0 (stop->kind, "delivery") == 0)
        {
          kit = tlk_world_kit (world, tlk_stop_current_kit (world, stop));
          n_deliveries++;
          n_loaded += kit != NULL && kit->state == TLK_KIT_OUT && g_strcmp0 (kit->custodian, driver) == 0;
        }
    }

  gtk_widget_set_visible (self->overdue_box, n_overdue > 0);
  gtk_widget_set_visible (self->today_box, n_today > 0);
  gtk_stack_set_visible_child_name (self->list_stack, n_today + n_overdue > 0 ? "list" : "empty");
  {
    g_autofree char *progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u stop done",
                                                              "%u of %u stops done", n_today),
                                                 n_over, n_today);
    g_autofree char *loaded = n_deliveries > 0
                                ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u kit to deliver is loaded",
                                                                "%u of %u kits to deliver are loaded", n_deliveries),
                                                   n_loaded, n_deliveries)
                                : g_strdup (_("No kits to deliver"));

    gtk_label_set_label (self->progress_label, n_today > 0 ? progress : "");
    gtk_label_set_label (self->loaded_label, loaded);
  }

  /* The focus stays on its stop across a refresh. */
  if (focus != NULL && !on_stop_page (self) && (row = find_row (self, focus)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
reload (TlkMyRouteView *self)
{
  if (self->context == NULL)
    return;
  /* The list itself only while it is shown. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    return;
  if (self->vehicles_stale && user_id (self) != NULL)
    fill_vehicles (self);
  self->vehicles_stale = FALSE;
  fill (self);
  if (on_stop_page (self) && tlk_stop_page_get_stop_id (self->stop_page) != NULL)
    {
      g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
      g_autoptr(TlkStop) stop = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_STOP,
                                                tlk_stop_page_get_stop_id (self->stop_page));

      tlk_stop_page_refresh (self->stop_page, stop != NULL && stop->state == TLK_STOP_PLANNED
                                                ? citizen_for (self, world, stop, self->citizens, NULL)
                                                : NULL);
    }
  update_actions (self);
}

static void
on_map_cb (TlkMyRouteView *self)
{
  if (!self->stale)
    return;
  reload (self);
  /* The rows exist only now: the keyboard goes to the next open stop (the
   * window asked for it before they were there). */
  tlk_my_route_view_focus (self);
}

/* A sync may bring details, correct them or erase them: read them again;
 * and a vehicle the office added. */
static void
on_synced_cb (TlkMyRouteView *self)
{
  g_clear_pointer (&self->citizens, g_hash_table_unref);
  self->citizens = citizen_cache_new ();
  self->vehicles_stale = TRUE;
  reload (self);
}

static void
set_loading (TlkMyRouteView *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  /* The mode shows across the cab: the button lit while loading. */
  if (loading)
    gtk_widget_add_css_class (self->load_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->load_button, "suggested-action");
  if (loading && on_stop_page (self))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");
  prompt (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_actions (self);
  if (loading)
    gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
}

static void
on_user_changed_cb (TlkMyRouteView *self)
{
  /* Nothing of one driver's day stays for the next to see. */
  g_clear_pointer (&self->citizens, g_hash_table_unref);
  self->citizens = citizen_cache_new ();
  clear_list (self->log_list);
  tlk_stop_page_clear (self->stop_page);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  set_loading (self, FALSE);
  prompt (self);
  self->vehicles_stale = TRUE;
  reload (self);
}

void
tlk_my_route_view_set_context (TlkMyRouteView *self,
                               TlkContext     *context)
{
  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (on_user_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tlk_context_get_sync_engine (context), "notify::last-success", G_CALLBACK (on_synced_cb),
                           self, G_CONNECT_SWAPPED);
  on_user_changed_cb (self);
}

/* ---- opening a stop ---------------------------------------------------------- */

static void
open_stop (TlkMyRouteView *self,
           const char     *stop_id)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  g_autoptr(TlkStop) stop = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_STOP, stop_id);
  TlkCitizen *citizen = NULL;

  if (stop == NULL || g_strcmp0 (stop->driver, user_id (self)) != 0)
    return;
  if (stop->state == TLK_STOP_PLANNED)
    citizen = citizen_for (self, world, stop, self->citizens, NULL);
  set_loading (self, FALSE);
  tlk_stop_page_show (self->stop_page, self->context, stop_id, citizen);
  adw_leaflet_set_visible_child_name (self->leaflet, "stop");
  tlk_stop_page_focus (self->stop_page);
  update_actions (self);
}

static void
back_to_list (TlkMyRouteView *self,
              TlkStopRow     *focus)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  if (focus != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (focus));
  else
    tlk_my_route_view_focus (self);
  update_actions (self);
}

static void
on_stop_page_finished_cb (TlkMyRouteView *self,
                          const char     *message,
                          gboolean        done,
                          TlkStopPage    *page)
{
  g_autofree char *stop_id = g_strdup (tlk_stop_page_get_stop_id (page));

  /* Written either way; a stop not done is news, not a success. */
  feedback (self, done ? FEEDBACK_OK : FEEDBACK_INFO, NULL, message);
  /* On to the next stop of the route. */
  back_to_list (self, next_open_row (self, stop_id));
}

static void
on_stop_page_can_complete_changed_cb (TlkMyRouteView *self)
{
  update_actions (self);
}

/* ---- scans ---------------------------------------------------------------------- */

/* The vehicle's own card chooses it, as a desk's location card does. */
static gboolean
choose_vehicle (TlkMyRouteView *self,
                TlkWorld       *world,
                const char     *code,
                const char     *input)
{
  TlkLocation *location = tlk_world_location (world, code);
  g_autofree char *shown = tlk_code_display (code);
  g_autofree char *message = NULL;

  for (guint i = 0; location != NULL && i < self->vehicle_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->vehicle_ids, i), code) == 0)
      {
        use_vehicle (self, i);
        message = g_strdup_printf (_("Loading onto %s."), location->name);
        feedback (self, FEEDBACK_INFO, input, message);
        return TRUE;
      }
  message = g_strdup_printf (_("%s is not a vehicle. Scan a kit, or the card of your vehicle."), shown);
  feedback (self, FEEDBACK_REFUSED, input, message);
  return FALSE;
}

static void
load_scan (TlkMyRouteView *self,
           const char     *input)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStop) stop = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;
  g_autofree char *today = NULL;
  TlkCodeKind kind = 0;
  TlkEvent *event;
  TlkKit *kit;

  if ((code = tlk_code_parse (input, &kind, &error)) == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, input, error->message);
      return;
    }
  shown = tlk_code_display (code);
  if (kind == TLK_CODE_KIND_LOCATION)
    {
      choose_vehicle (self, world, code, input);
      return;
    }
  if (kind != TLK_CODE_KIND_KIT)
    {
      message = g_strdup_printf (_("%s is not a kit label. Scan the label on the kit’s case."), shown);
      feedback (self, FEEDBACK_REFUSED, input, message);
      return;
    }
  if (self->vehicle == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, input, _("There is no vehicle to load onto. Ask the office to add yours."));
      return;
    }
  stop = tlk_store_open_stop_for_kit (tlk_context_get_store (self->context), code, &error);
  if (error != NULL)
    {
      feedback (self, FEEDBACK_REFUSED, input, error->message);
      return;
    }
  kit = tlk_world_kit (world, code);
  if (kit != NULL && kit->state == TLK_KIT_OUT && g_strcmp0 (kit->custodian, user_id (self)) == 0)
    {
      message = g_strdup_printf (_("Kit %s is loaded already."), shown);
      feedback (self, FEEDBACK_INFO, input, message);
      return;
    }
  if ((event = tlk_route_load_event (world, stop, code, self->vehicle, user_id (self), &error)) == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, input, error->message);
      return;
    }
  g_ptr_array_add (events, event);
  if (!tlk_context_write (self->context, events, &error))
    {
      feedback (self, FEEDBACK_REFUSED, input, error->message);
      return;
    }
  today = tlk_date_today_local_iso ();
  if (g_strcmp0 (stop->date, today) == 0)
    message = g_strdup_printf (_("Kit %s is loaded, for stop %d."), shown, stop->seq);
  else
    {
      g_autofree char *date = tlk_route_format_date (stop->date);
      message = g_strdup_printf (_("Kit %s is loaded, for stop %d on %s."), shown, stop->seq, date);
    }
  feedback (self, FEEDBACK_OK, input, message);
}

/* A scan on the list: a kit or a stop card opens its stop. */
static void
list_scan (TlkMyRouteView *self,
           const char     *input)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStop) stop = NULL;
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;
  TlkCodeKind kind = 0;

  if ((code = tlk_code_parse (input, &kind, &error)) == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, input, error->message);
      return;
    }
  shown = tlk_code_display (code);
  if (kind == TLK_CODE_KIND_LOCATION)
    {
      choose_vehicle (self, world, code, input);
      return;
    }
  if (kind == TLK_CODE_KIND_KIT)
    stop = tlk_store_open_stop_for_kit (tlk_context_get_store (self->context), code, NULL);
  else if (kind == TLK_CODE_KIND_STOP)
    stop = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_STOP, code);
  else
    {
      feedback (self, FEEDBACK_REFUSED, input,
                _("Scan a kit to open its stop, or load the vehicle (Ctrl+Shift+L)."));
      return;
    }
  if (stop == NULL || g_strcmp0 (stop->driver, user_id (self)) != 0)
    {
      message = kind == TLK_CODE_KIND_KIT ? g_strdup_printf (_("Kit %s has no open stop on your route."), shown)
                                          : g_strdup_printf (_("Stop %s is not on your route."), shown);
      feedback (self, FEEDBACK_REFUSED, input, message);
      return;
    }
  open_stop (self, stop->id);
  /* The kit that opened the stop is its first scan there. */
  if (kind == TLK_CODE_KIND_KIT)
    tlk_stop_page_scan (self->stop_page, input);
}

void
tlk_my_route_view_scan (TlkMyRouteView *self,
                        const char     *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));
  g_return_if_fail (text != NULL);

  if (self->context == NULL || user_id (self) == NULL)
    return;
  /* The log shows what was read, with GS made visible. */
  shown = g_strdup (text);
  g_strdelimit (shown, "\x1d", '|');
  if (self->loading)
    load_scan (self, shown);
  else if (on_stop_page (self))
    tlk_stop_page_scan (self->stop_page, text);
  else
    list_scan (self, shown);
}

void
tlk_my_route_view_take_typed (TlkMyRouteView *self,
                              const char     *text)
{
  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));
  g_return_if_fail (text != NULL);

  if (on_stop_page (self))
    {
      tlk_stop_page_take_typed (self->stop_page, text);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), text);
  gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->scan_entry), -1);
}

static void
on_scan_entry_activate_cb (TlkMyRouteView *self,
                           GtkEntry       *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (*g_strstrip (text) == '\0')
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  tlk_my_route_view_scan (self, text);
}

/* ---- actions ---------------------------------------------------------------------- */

static void
update_actions (TlkMyRouteView *self)
{
  gboolean stop = on_stop_page (self);
  gboolean signed_in = user_id (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "route.open", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "route.load", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "route.back", stop || self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "route.complete",
                                 stop && tlk_stop_page_get_can_complete (self->stop_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "route.fail", stop && tlk_stop_page_get_open (self->stop_page));
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (widget);

  if (self->context != NULL)
    open_stop (self, g_variant_get_string (param, NULL));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (widget);

  if (on_stop_page (self))
    back_to_list (self, find_row (self, tlk_stop_page_get_stop_id (self->stop_page)));
  else
    set_loading (self, FALSE);
}

static void
complete_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (widget);

  if (on_stop_page (self))
    tlk_stop_page_complete (self->stop_page);
}

static void
fail_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (widget);

  if (on_stop_page (self))
    tlk_stop_page_fail (self->stop_page);
}

static void
focus_entry_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (widget);

  if (on_stop_page (self))
    tlk_stop_page_focus_entry (self->stop_page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
}

void
tlk_my_route_view_focus (TlkMyRouteView *self)
{
  TlkStopRow *row;

  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));

  if (on_stop_page (self))
    tlk_stop_page_focus (self->stop_page);
  else if (self->loading)
    gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
  /* Not a text field: the scanner's keys stay the scanner's. */
  else if ((row = next_open_row (self, NULL)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->vehicle_row));
}

/* ---- the object ---------------------------------------------------------------- */

static void
tlk_my_route_view_dispose (GObject *object)
{
  TlkMyRouteView *self = (TlkMyRouteView *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->citizens, g_hash_table_unref);

  G_OBJECT_CLASS (tlk_my_route_view_parent_class)->dispose (object);
}

static void
tlk_my_route_view_finalize (GObject *object)
{
  TlkMyRouteView *self = (TlkMyRouteView *) object;

  g_ptr_array_unref (self->vehicle_ids);
  g_free (self->vehicle);

  G_OBJECT_CLASS (tlk_my_route_view_parent_class)->finalize (object);
}

static void
tlk_my_route_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_my_route_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TlkMyRouteView *self = TLK_MY_ROUTE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      set_loading (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_my_route_view_class_init (TlkMyRouteViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_my_route_view_dispose;
  object_class->finalize = tlk_my_route_view_finalize;
  object_class->get_property = tlk_my_route_view_get_property;
  object_class->set_property = tlk_my_route_view_set_property;

  /**
   * TlkMyRouteView:loading:
   *
   * Scans load kits onto the vehicle (the route.load action toggles it).
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TLK_TYPE_STOP_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/driver/tlk-my-route-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, date_label);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, overdue_box);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, today_box);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, stops_list);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, load_button);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, vehicle_row);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, vehicle_names);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, loaded_label);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, feedback_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, scan_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, log_list);
  gtk_widget_class_bind_template_child (widget_class, TlkMyRouteView, stop_page);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_vehicle_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_keynav_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_page_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_page_can_complete_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "route.load", "loading");
  gtk_widget_class_install_action (widget_class, "route.open", "s", open_activated);
  gtk_widget_class_install_action (widget_class, "route.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "route.complete", NULL, complete_activated);
  gtk_widget_class_install_action (widget_class, "route.fail", NULL, fail_activated);
  gtk_widget_class_install_action (widget_class, "route.focus-entry", NULL, focus_entry_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "route.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "route.back", NULL);
}

/* One accelerator table. Managed scope: the window handles these keys
 * wherever the focus is, as long as the route is showing. */
static void
add_shortcuts (TlkMyRouteView *self)
{
  static const struct
  {
    guint           key;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    { GDK_KEY_Return, GDK_CONTROL_MASK, "route.complete" },
    { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "route.complete" },
    { GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "route.fail" },
    { GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "route.load" },
    { GDK_KEY_l, GDK_CONTROL_MASK, "route.focus-entry" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
tlk_my_route_view_init (TlkMyRouteView *self)
{
  self->vehicle_ids = g_ptr_array_new_with_free_func (g_free);
  self->citizens = citizen_cache_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  prompt (self);
  update_actions (self);
}
