/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-routes-view.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-day.h"
#include "tlk-role.h"
#include "tlk-route-stop-item.h"
#include "tlk-route-work-item.h"
#include "tlk-route.h"
#include "tlk-store-routes.h"

/* Installed orders are thousands: a search shows this many at most. */
#define MAX_INSTALLED 50

/* Why the view reads a citizen's details (the access log says it). */
#define CITIZEN_REASON "route planning"

struct _TlkRoutesView
{
  AdwBin              parent_instance;

  TlkContext         *context;
  GDateTime          *day;            /* local midnight of the day shown */
  char               *day_iso;
  GPtrArray          *driver_ids;     /* of char*: index for index with driver_names */
  char               *driver;         /* the driver shown, or NULL when there are none */
  GHashTable         *addresses;      /* citizen id → address, read for addresses_key */
  char               *addresses_key;  /* "driver date" the addresses were read for */
  char               *select_stop;    /* the stop to choose at the next fill */
  gboolean            stale;          /* changed while not shown */
  gboolean            filling_drivers;

  GtkLabel           *date_label;
  GtkDropDown        *driver_dropdown;
  GtkStringList      *driver_names;
  GtkSearchEntry     *search_entry;
  GtkStack           *waiting_stack;
  GtkColumnView      *waiting_view;
  GtkSingleSelection *waiting_selection;
  GListStore         *waiting_store;
  GtkLabel           *waiting_note;
  GtkMenuButton      *add_button;
  GtkPopover         *add_popover;
  GtkLabel           *add_title_label;
  GtkLabel           *add_order_label;
  GtkLabel           *add_address_label;
  GtkLabel           *add_kind_label;
  GtkWidget          *add_kind_box;
  GtkCheckButton     *swap_check;
  GtkCheckButton     *service_check;
  GtkEntry           *add_window_entry;
  GtkWidget          *add_device_label;
  GtkEntry           *add_device_entry;
  GtkLabel           *add_error_label;
  GtkLabel           *route_title_label;
  GtkLabel           *route_count_label;
  GtkRevealer        *message_revealer;
  GtkWidget          *message_box;
  GtkImage           *message_icon;
  GtkLabel           *message_label;
  GtkStack           *route_stack;
  GtkColumnView      *route_view;
  GtkSingleSelection *route_selection;
  GListStore         *route_store;
  GtkMenuButton      *edit_button;
  GtkPopover         *edit_popover;
  GtkLabel           *edit_title_label;
  GtkDropDown        *edit_driver_dropdown;
  GtkEntry           *edit_window_entry;
  GtkCalendar        *edit_calendar;
  GtkLabel           *edit_error_label;
  GtkLabel           *sync_label;
};

G_DEFINE_FINAL_TYPE (TlkRoutesView, tlk_routes_view, ADW_TYPE_BIN)

static void update_actions (TlkRoutesView *self);

/* ---- small helpers ------------------------------------------------------ */

static TlkRouteWorkItem *
selected_work (TlkRoutesView *self)
{
  return gtk_single_selection_get_selected_item (self->waiting_selection);
}

static TlkRouteStopItem *
selected_stop_item (TlkRoutesView *self)
{
  return gtk_single_selection_get_selected_item (self->route_selection);
}

static const TlkStop *
selected_stop (TlkRoutesView *self)
{
  TlkRouteStopItem *item = selected_stop_item (self);

  return item ? tlk_route_stop_item_get_stop (item) : NULL;
}

static const TlkStop *
stop_at (TlkRoutesView *self,
         guint          position)
{
  g_autoptr(TlkRouteStopItem) item = g_list_model_get_item (G_LIST_MODEL (self->route_store), position);

  /* The store keeps its own reference: the stop outlives this one. */
  return item ? tlk_route_stop_item_get_stop (item) : NULL;
}

static const char *
user_role (TlkRoutesView *self)
{
  TlkUser *user = self->context ? tlk_context_get_user (self->context) : NULL;

  return user ? user->role : NULL;
}

/* "mandag 23. november 2026" in Danish. */
static char *
format_day (GDateTime *day)
{
  /* Translators: a day as strftime writes it; Danish "%A %-e. %B %Y" gives "mandag 23. november 2026". */
  return g_date_time_format (day, _("%A, %B %-e, %Y"));
}

static const char *
driver_name (TlkRoutesView *self,
             const char    *driver)
{
  for (guint i = 0; self->driver_ids != NULL && i < self->driver_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->driver_ids, i), driver) == 0)
      return gtk_string_list_get_string (self->driver_names, i);
  return driver;
}

static guint
driver_index (TlkRoutesView *self,
              const char    *driver)
{
  for (guint i = 0; self->driver_ids != NULL && i < self->driver_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->driver_ids, i), driver) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Whole text of an entry, trimmed. */
static char *
entry_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
show_label_error (GtkLabel   *label,
                  const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Is the keyboard focus in @widget or one of its children? */
static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* After a refill the chosen row is shown and, when the list had the
 * keyboard, has it: Alt+Down again moves the same stop on. GTK 4.8 has no
 * call for it; the list's scroll-to-item action also moves its cursor. */
static void
follow_selection (GtkColumnView *view,
                  guint          position,
                  gboolean       focus)
{
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_VIEW (c))
      gtk_widget_activate_action (c, "list.scroll-to-item", "u", position);
  if (focus)
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

typedef enum
{
  MESSAGE_INFO,
  MESSAGE_ERROR,
} MessageKind;

/* Above the route: why a change was refused, or where a stop went. */
static void
show_message (TlkRoutesView *self,
              MessageKind    kind,
              const char    *message)
{
  gtk_widget_set_css_classes (self->message_box,
                              (const char *[]) { "feedback", kind == MESSAGE_ERROR ? "error" : "info", NULL });
  gtk_image_set_from_icon_name (self->message_icon,
                                kind == MESSAGE_ERROR ? "dialog-error-symbolic" : "dialog-information-symbolic");
  gtk_label_set_label (self->message_label, message);
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.dismiss-message", TRUE);
}

static void
hide_message (TlkRoutesView *self)
{
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  /* Escape goes on to others then. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.dismiss-message", FALSE);
}

/* ---- filling ------------------------------------------------------------ */

static void
fill_drivers (TlkRoutesView *self)
{
  g_autoptr(GPtrArray) users = tlk_store_list (tlk_context_get_store (self->context), TLK_SUBJECT_USER, NULL, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean same;
  guint index;

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      TlkUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->role, "driver") != 0)
        continue;
      g_ptr_array_add (ids, g_strdup (user->id));
      g_ptr_array_add (names, user->name);
    }
  g_ptr_array_add (names, NULL);

  same = self->driver_ids != NULL && self->driver_ids->len == ids->len;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_str_equal (g_ptr_array_index (ids, i), g_ptr_array_index (self->driver_ids, i)) &&
           g_str_equal (g_ptr_array_index (names, i), gtk_string_list_get_string (self->driver_names, i));
  if (same)
    return;

  /* Refilling the list moves the drop-down's choice: keep the driver. */
  self->filling_drivers = TRUE;
  g_clear_pointer (&self->driver_ids, g_ptr_array_unref);
  self->driver_ids = g_steal_pointer (&ids);
  gtk_string_list_splice (self->driver_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->driver_names)),
                          (const char *const *) names->pdata);
  index = driver_index (self, self->driver);
  if (index == GTK_INVALID_LIST_POSITION && self->driver_ids->len > 0)
    index = 0;
  g_free (self->driver);
  self->driver = index != GTK_INVALID_LIST_POSITION ? g_strdup (g_ptr_array_index (self->driver_ids, index)) : NULL;
  gtk_drop_down_set_selected (self->driver_dropdown, index);
  self->filling_drivers = FALSE;
}

static gboolean
matches (const char *case_ref,
         const char *folded_query)
{
  g_autofree char *folded = NULL;

  if (*folded_query == '\0')
    return TRUE;
  folded = g_utf8_casefold (case_ref ? case_ref : "", -1);
  return strstr (folded, folded_query) != NULL;
}

/* Urgent first, then by the date asked for, then by case. */
static int
compare_work (gconstpointer a,
              gconstpointer b)
{
  TlkRouteWorkItem *x = *(TlkRouteWorkItem **) a;
  TlkRouteWorkItem *y = *(TlkRouteWorkItem **) b;
  int cmp = (int) tlk_route_work_item_get_urgent (y) - (int) tlk_route_work_item_get_urgent (x);

  if (cmp == 0)
    cmp = g_strcmp0 (tlk_route_work_item_get_date (x), tlk_route_work_item_get_date (y));
  if (cmp == 0)
    cmp = g_strcmp0 (tlk_route_work_item_get_case_ref (x), tlk_route_work_item_get_case_ref (y));
  return cmp;
}

static void
select_work (TlkRoutesView *self,
             const char    *order)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->waiting_store));

  for (guint i = 0; order != NULL && i < n; i++)
    {
      g_autoptr(TlkRouteWorkItem) item = g_list_model_get_item (G_LIST_MODEL (self->waiting_store), i);

      if (g_strcmp0 (tlk_route_work_item_get_order (item), order) == 0)
        {
          gtk_single_selection_set_selected (self->waiting_selection, i);
          return;
        }
    }
}

static void
fill_waiting (TlkRoutesView *self,
              TlkWorld      *world)
{
  static const char *const waiting_states[] = { "allocated", "return_requested" };
  TlkStore *store = tlk_context_get_store (self->context);
  TlkRouteWorkItem *chosen = selected_work (self);
  g_autofree char *keep = chosen ? g_strdup (tlk_route_work_item_get_order (chosen)) : NULL;
  g_autofree char *query = entry_text (self->search_entry);
  g_autofree char *folded = g_utf8_casefold (query, -1);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *note = NULL;
  gboolean focused = has_focus_within (GTK_WIDGET (self->waiting_view));
  guint n_installed = 0;

  for (guint s = 0; s < G_N_ELEMENTS (waiting_states); s++)
    {
      g_autoptr(GPtrArray) orders = tlk_store_list (store, TLK_SUBJECT_ORDER, waiting_states[s], NULL);

      for (guint i = 0; orders != NULL && i < orders->len; i++)
        {
          TlkOrder *order = g_ptr_array_index (orders, i);

          if (matches (order->case_ref, folded))
            g_ptr_array_add (items, tlk_route_work_item_new (order, world));
        }
    }
  g_ptr_array_sort (items, compare_work);

  /* Installed kits only when asked for by case: there are thousands. */
  if (*folded != '\0')
    {
      g_autoptr(GPtrArray) orders = tlk_store_list (store, TLK_SUBJECT_ORDER, "installed", NULL);
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; orders != NULL && i < orders->len; i++)
        {
          TlkOrder *order = g_ptr_array_index (orders, i);

          if (!matches (order->case_ref, folded))
            continue;
          if (n_installed++ < MAX_INSTALLED)
            g_ptr_array_add (found, tlk_route_work_item_new (order, world));
        }
      g_ptr_array_sort (found, compare_work);
      g_ptr_array_extend_and_steal (items, g_steal_pointer (&found));
    }

  g_list_store_splice (self->waiting_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->waiting_store)),
                       items->pdata, items->len);
  select_work (self, keep);
  follow_selection (self->waiting_view, gtk_single_selection_get_selected (self->waiting_selection), focused);

  if (*folded == '\0')
    note = g_strdup (_("Installed kits, for a swap or a service visit, are found by case reference."));
  else if (n_installed > MAX_INSTALLED)
    note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The first %u of %u installed kit; type more of the case reference.",
                                         "The first %u of %u installed kits; type more of the case reference.",
                                         n_installed),
                            MAX_INSTALLED, n_installed);
  gtk_label_set_label (self->waiting_note, note ? note : "");
  gtk_stack_set_visible_child_name (self->waiting_stack, items->len > 0 ? "list" : "empty");
}

/* The address helps to put the stops in order. Personal data: read once
 * for each citizen of the route shown, with the reading logged. */
static const char *
stop_address (TlkRoutesView *self,
              TlkWorld      *world,
              const TlkStop *stop)
{
  TlkOrder *order = tlk_world_order (world, stop->order);
  g_autoptr(TlkCitizen) citizen = NULL;

  if (order == NULL || order->citizen == NULL ||
      tlk_role_citizen_access (user_role (self)) != TLK_CITIZEN_ACCESS_ALL)
    return NULL;
  if (!g_hash_table_contains (self->addresses, order->citizen))
    {
      citizen = tlk_store_get_citizen (tlk_context_get_store (self->context), order->citizen,
                                       tlk_context_get_user_id (self->context), CITIZEN_REASON, NULL);
      g_hash_table_insert (self->addresses, g_strdup (order->citizen),
                           g_strdup (citizen && citizen->address ? citizen->address : ""));
    }
  return g_hash_table_lookup (self->addresses, order->citizen);
}

static void
update_sync_label (TlkRoutesView *self)
{
  TlkSyncEngine *engine = self->context ? tlk_context_get_sync_engine (self->context) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sync_label),
                          engine != NULL && tlk_sync_engine_get_pending (engine) > 0 &&
                          g_list_model_get_n_items (G_LIST_MODEL (self->route_store)) > 0);
}

static void
fill_route (TlkRoutesView *self,
            TlkWorld      *world)
{
  TlkRouteStopItem *chosen = selected_stop_item (self);
  g_autofree char *keep = g_strdup (self->select_stop ? self->select_stop
                                    : chosen          ? tlk_route_stop_item_get_stop (chosen)->id
                                                      : NULL);
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = g_strdup_printf ("%s %s", self->driver ? self->driver : "", self->day_iso);
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  gboolean focused = has_focus_within (GTK_WIDGET (self->route_view));
  guint n;

  g_clear_pointer (&self->select_stop, g_free);
  if (g_strcmp0 (key, self->addresses_key) != 0)
    {
      g_hash_table_remove_all (self->addresses);
      g_free (self->addresses_key);
      self->addresses_key = g_steal_pointer (&key);
    }

  if (self->driver != NULL)
    stops = tlk_store_list_stops (tlk_context_get_store (self->context), self->driver, self->day_iso, NULL);
  if (stops != NULL)
    {
      gsize len = 0;
      /* The items take the stops. */
      g_autofree TlkStop **taken = (TlkStop **) g_ptr_array_steal (stops, &len);

      for (gsize i = 0; i < len; i++)
        g_ptr_array_add (items, tlk_route_stop_item_new (taken[i], world, stop_address (self, world, taken[i])));
    }
  n = items->len;

  g_list_store_splice (self->route_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->route_store)),
                       items->pdata, items->len);
  for (guint i = 0; keep != NULL && i < n; i++)
    if (g_strcmp0 (stop_at (self, i)->id, keep) == 0)
      gtk_single_selection_set_selected (self->route_selection, i);
  follow_selection (self->route_view, gtk_single_selection_get_selected (self->route_selection), focused);

  /* Translators: the heading of the route, with the driver's name. */
  title = self->driver ? g_strdup_printf (_("Route of %s"), driver_name (self, self->driver))
                       : g_strdup (_("No drivers are registered"));
  gtk_label_set_label (self->route_title_label, title);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stop", "%u stops", n), n);
  gtk_label_set_label (self->route_count_label, n > 0 ? count : "");
  gtk_stack_set_visible_child_name (self->route_stack, n > 0 ? "list" : "empty");
  update_sync_label (self);
}

static void
update_day_label (TlkRoutesView *self)
{
  g_autofree char *text = format_day (self->day);

  gtk_label_set_label (self->date_label, text);
}

static void
reload_route (TlkRoutesView *self)
{
  g_autoptr(TlkWorld) world = NULL;

  if (self->context == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  world = tlk_context_new_world (self->context);
  fill_route (self, world);
  update_actions (self);
}

static void
reload (TlkRoutesView *self)
{
  g_autoptr(TlkWorld) world = NULL;

  if (self->context == NULL)
    return;
  fill_drivers (self);
  /* The lists only while they are shown. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    {
      update_actions (self);
      return;
    }
  world = tlk_context_new_world (self->context);
  fill_waiting (self, world);
  fill_route (self, world);
  update_actions (self);
}

static void
on_map_cb (TlkRoutesView *self)
{
  if (self->stale)
    reload (self);
}

/* ---- enabled actions ---------------------------------------------------- */

/* Would the world let @stop be moved? It decides, not the view. */
static gboolean
may_reschedule (TlkWorld      *world,
                const TlkStop *stop,
                const char    *actor)
{
  g_autoptr(TlkEvent) event = tlk_event_new (TLK_EVENT_STOP_RESCHEDULED, stop->id, actor);

  tlk_event_set_int (event, "seq", stop->seq);
  return tlk_world_check (world, event, NULL);
}

static void
update_actions (TlkRoutesView *self)
{
  const char *role = user_role (self);
  const char *actor = self->context ? tlk_context_get_user_id (self->context) : NULL;
  gboolean may_plan = role != NULL && tlk_role_may_write (role, TLK_EVENT_STOP_PLANNED) && self->driver != NULL;
  gboolean may_move = role != NULL && tlk_role_may_write (role, TLK_EVENT_STOP_RESCHEDULED);
  guint position = gtk_single_selection_get_selected (self->route_selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->route_store));
  const TlkStop *stop = selected_stop (self);
  gboolean movable = FALSE, up = FALSE, down = FALSE;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (may_move && stop != NULL)
    {
      g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);

      movable = may_reschedule (world, stop, actor);
      up = movable && position > 0 && may_reschedule (world, stop_at (self, position - 1), actor);
      down = movable && position + 1 < n && may_reschedule (world, stop_at (self, position + 1), actor);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.today", g_strcmp0 (today, self->day_iso) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.add-stop", may_plan && selected_work (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.confirm-add-stop",
                                 may_plan && selected_work (self) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), may_plan && selected_work (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.move-up", up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.move-down", down);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.edit-stop", movable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.confirm-edit-stop", movable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_button), movable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.show-citizen",
                                 stop != NULL && tlk_role_citizen_access (role) == TLK_CITIZEN_ACCESS_ALL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routes.dismiss-message",
                                 gtk_revealer_get_reveal_child (self->message_revealer));
}

/* ---- the day and the driver --------------------------------------------- */

static void
set_day (TlkRoutesView *self,
         GDateTime     *day)
{
  if (day == NULL)
    return;
  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = g_date_time_ref (day);
  g_free (self->day_iso);
  self->day_iso = g_date_time_format (day, "%Y-%m-%d");
  update_day_label (self);
  hide_message (self);
  reload_route (self);
}

static void
previous_day_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);
  g_autoptr(GDateTime) day = g_date_time_add_days (self->day, -1);

  set_day (self, day);
}

static void
next_day_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);
  g_autoptr(GDateTime) day = g_date_time_add_days (self->day, 1);

  set_day (self, day);
}

static GDateTime *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 0, 0, 0);
}

static void
today_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_autoptr(GDateTime) day = today ();

  set_day (TLK_ROUTES_VIEW (widget), day);
}

static void
on_driver_dropdown_selected_cb (TlkRoutesView *self)
{
  guint index = gtk_drop_down_get_selected (self->driver_dropdown);

  if (self->filling_drivers || self->driver_ids == NULL || index >= self->driver_ids->len)
    return;
  if (g_strcmp0 (self->driver, g_ptr_array_index (self->driver_ids, index)) == 0)
    return;
  g_free (self->driver);
  self->driver = g_strdup (g_ptr_array_index (self->driver_ids, index));
  hide_message (self);
  reload_route (self);
}

/* ---- the waiting work ----------------------------------------------------- */

static void
on_search_entry_search_changed_cb (TlkRoutesView *self)
{
  g_autoptr(TlkWorld) world = NULL;

  if (self->context == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  world = tlk_context_new_world (self->context);
  fill_waiting (self, world);
  update_actions (self);
}

/* Enter in the search: on to the list, where Enter adds to the route. */
static void
on_search_entry_activate_cb (TlkRoutesView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->waiting_store)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->waiting_view));
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- adding a stop -------------------------------------------------------- */

static void
on_swap_check_toggled_cb (TlkRoutesView *self)
{
  TlkRouteWorkItem *work = selected_work (self);
  gboolean swap = work != NULL && tlk_route_work_item_get_stop_kind (work) == NULL &&
                  gtk_check_button_get_active (self->swap_check);

  gtk_widget_set_visible (self->add_device_label, swap);
  gtk_widget_set_visible (GTK_WIDGET (self->add_device_entry), swap);
}

/* The stop kind for @work: set by its state, chosen for an installed kit. */
static const char *
add_kind (TlkRoutesView    *self,
          TlkRouteWorkItem *work)
{
  const char *kind = tlk_route_work_item_get_stop_kind (work);

  if (kind != NULL)
    return kind;
  return gtk_check_button_get_active (self->swap_check) ? "swap" : "service";
}

static void
on_add_popover_show_cb (TlkRoutesView *self)
{
  TlkRouteWorkItem *work = selected_work (self);
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(TlkCitizen) citizen = NULL;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *kit_type = NULL;
  TlkOrder *order;
  gboolean installed;

  if (work == NULL || self->context == NULL)
    return;
  world = tlk_context_new_world (self->context);
  order = tlk_world_order (world, tlk_route_work_item_get_order (work));
  installed = tlk_route_work_item_get_stop_kind (work) == NULL;

  day = format_day (self->day);
  /* Translators: the add-stop popover's heading: a driver's name and a day. */
  title = g_strdup_printf (_("%s, %s"), driver_name (self, self->driver), day);
  gtk_label_set_label (self->add_title_label, title);
  g_object_get (work, "customer", &customer, "kit-type", &kit_type, NULL);
  what = g_strdup_printf ("%s · %s · %s", tlk_route_work_item_get_case_ref (work), customer, kit_type);
  gtk_label_set_label (self->add_order_label, what);

  /* The address helps to choose where in the day the stop goes; the
   * reading is logged. */
  if (order != NULL && order->citizen != NULL &&
      tlk_role_citizen_access (user_role (self)) == TLK_CITIZEN_ACCESS_ALL)
    citizen = tlk_store_get_citizen (tlk_context_get_store (self->context), order->citizen,
                                     tlk_context_get_user_id (self->context), CITIZEN_REASON, NULL);
  gtk_label_set_label (self->add_address_label, citizen && citizen->address ? citizen->address : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_address_label), citizen != NULL && citizen->address != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->add_kind_label), !installed);
  gtk_widget_set_visible (self->add_kind_box, installed);
  if (!installed)
    gtk_label_set_label (self->add_kind_label, tlk_stop_kind_describe (add_kind (self, work)));
  gtk_check_button_set_active (self->swap_check, TRUE);
  on_swap_check_toggled_cb (self);
  gtk_editable_set_text (GTK_EDITABLE (self->add_window_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->add_device_entry), "");
  show_label_error (self->add_error_label, NULL);
}

static void
add_stop_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);

  gtk_menu_button_popup (self->add_button);
  /* A swap (chosen first) wants the device: scanned at once, its Enter
   * plans the stop. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->add_device_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->add_device_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_window_entry));
}

static void
refuse_add (TlkRoutesView *self,
            const char    *message,
            GtkWidget     *focus)
{
  show_label_error (self->add_error_label, message);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static void
confirm_add_stop_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);
  TlkRouteWorkItem *work = selected_work (self);
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *window = NULL;
  g_autofree char *device = NULL;
  g_autofree char *stop = NULL;
  const char *kind;
  TlkOrder *order;
  TlkEvent *event;
  int seq;

  if (work == NULL || self->context == NULL || self->driver == NULL)
    return;
  world = tlk_context_new_world (self->context);
  order = tlk_world_order (world, tlk_route_work_item_get_order (work));
  kind = add_kind (self, work);
  window = entry_text (self->add_window_entry);

  if (g_str_equal (kind, "swap"))
    {
      g_autofree char *input = entry_text (self->add_device_entry);
      TlkCodeKind code_kind;

      /* Nothing typed: the world says what a swap needs. */
      if (*input != '\0')
        {
          device = tlk_code_parse (input, &code_kind, &error);
          if (device == NULL)
            {
              refuse_add (self, error->message, GTK_WIDGET (self->add_device_entry));
              return;
            }
          if (code_kind != TLK_CODE_KIND_DEVICE)
            {
              g_autofree char *shown = tlk_code_display (device);
              g_autofree char *message =
                g_strdup_printf (_("%s is not a device. Scan the replacement device’s label: its code starts with D."),
                                 shown);
              refuse_add (self, message, GTK_WIDGET (self->add_device_entry));
              return;
            }
        }
    }

  seq = tlk_store_next_stop_seq (tlk_context_get_store (self->context), self->driver, self->day_iso, &error);
  if (error != NULL)
    {
      refuse_add (self, error->message, NULL);
      return;
    }

  stop = tlk_code_make_random (TLK_CODE_KIND_STOP, NULL);
  event = tlk_event_new (TLK_EVENT_STOP_PLANNED, stop, tlk_context_get_user_id (self->context));
  tlk_event_set_string (event, "order", tlk_route_work_item_get_order (work));
  tlk_event_set_string (event, "kind", kind);
  tlk_event_set_string (event, "date", self->day_iso);
  tlk_event_set_string (event, "driver", self->driver);
  tlk_event_set_int (event, "seq", seq);
  /* The kit the stop was planned with: the world refuses it if the order
   * got another one meanwhile. */
  if (order != NULL && order->kit != NULL)
    tlk_event_set_string (event, "kit", order->kit);
  if (*window != '\0')
    tlk_event_set_string (event, "window", window);
  if (device != NULL)
    tlk_event_set_string (event, "device", device);
  g_ptr_array_add (events, event);

  g_free (self->select_stop);
  self->select_stop = g_strdup (stop);
  if (!tlk_context_write (self->context, events, &error))
    {
      g_clear_pointer (&self->select_stop, g_free);
      refuse_add (self, error->message, NULL);
      return;
    }
  hide_message (self);
  gtk_popover_popdown (self->add_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->waiting_view));
}

static void
on_waiting_view_activate_cb (TlkRoutesView *self,
                             guint          position)
{
  gtk_single_selection_set_selected (self->waiting_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "routes.add-stop", NULL);
}

/* ---- putting the stops in order ------------------------------------------ */

static TlkEvent *
reschedule_event (TlkRoutesView *self,
                  const TlkStop *stop)
{
  return tlk_event_new (TLK_EVENT_STOP_RESCHEDULED, stop->id, tlk_context_get_user_id (self->context));
}

static void
write_or_show (TlkRoutesView *self,
               GPtrArray     *events)
{
  g_autoptr(GError) error = NULL;

  if (!tlk_context_write (self->context, events, &error))
    {
      g_clear_pointer (&self->select_stop, g_free);
      show_message (self, MESSAGE_ERROR, error->message);
      return;
    }
  hide_message (self);
}

/* Swaps the chosen stop with the one @delta places away. */
static void
move_by (TlkRoutesView *self,
         int            delta)
{
  guint position = gtk_single_selection_get_selected (self->route_selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->route_store));
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  const TlkStop *a, *b;
  guint other;

  if (self->context == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  other = position + delta;
  if ((int) position + delta < 0 || other >= n)
    return;
  a = stop_at (self, position);
  b = stop_at (self, other);

  if (a->seq != b->seq)
    {
      TlkEvent *event = reschedule_event (self, a);

      tlk_event_set_int (event, "seq", b->seq);
      g_ptr_array_add (events, event);
      event = reschedule_event (self, b);
      tlk_event_set_int (event, "seq", a->seq);
      g_ptr_array_add (events, event);
    }
  else
    {
      /* Two stops with the same number (planned on two computers): number
       * the day's stops 1, 2, 3… in their new order. */
      for (guint i = 0; i < n; i++)
        {
          const TlkStop *stop = stop_at (self, i == position ? other : i == other ? position : i);
          TlkEvent *event;

          if (stop->seq == (int) i + 1)
            continue;
          event = reschedule_event (self, stop);
          tlk_event_set_int (event, "seq", i + 1);
          g_ptr_array_add (events, event);
        }
    }

  g_free (self->select_stop);
  self->select_stop = g_strdup (a->id);
  write_or_show (self, events);
}

static void
move_up_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  move_by (TLK_ROUTES_VIEW (widget), -1);
}

static void
move_down_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  move_by (TLK_ROUTES_VIEW (widget), 1);
}

static void
on_edit_popover_show_cb (TlkRoutesView *self)
{
  const TlkStop *stop = selected_stop (self);
  TlkRouteStopItem *item = selected_stop_item (self);
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *case_ref = NULL;
  g_autofree char *title = NULL;

  if (stop == NULL)
    return;
  g_object_get (item, "case-ref", &case_ref, NULL);
  /* Translators: the change popover's heading: the kind of stop and the case. */
  title = g_strdup_printf (_("%s, %s"), tlk_stop_kind_describe (stop->kind), case_ref);
  gtk_label_set_label (self->edit_title_label, title);
  gtk_drop_down_set_selected (self->edit_driver_dropdown, driver_index (self, stop->driver));
  gtk_editable_set_text (GTK_EDITABLE (self->edit_window_entry), stop->window ? stop->window : "");
  day = tlk_day_new (stop->date);
  if (day != NULL)
    gtk_calendar_select_day (self->edit_calendar, day);
  show_label_error (self->edit_error_label, NULL);
}

static void
edit_stop_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);

  gtk_menu_button_popup (self->edit_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->edit_driver_dropdown));
}

static void
confirm_edit_stop_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);
  const TlkStop *stop = selected_stop (self);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GDateTime) chosen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *window = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *stop_id = NULL;
  guint index = gtk_drop_down_get_selected (self->edit_driver_dropdown);
  const char *driver;
  TlkEvent *event;
  gboolean changed = FALSE;

  if (stop == NULL || self->context == NULL)
    return;
  stop_id = g_strdup (stop->id);
  driver = self->driver_ids != NULL && index < self->driver_ids->len ? g_ptr_array_index (self->driver_ids, index)
                                                                      : stop->driver;
  chosen = gtk_calendar_get_date (self->edit_calendar);
  date = g_date_time_format (chosen, "%Y-%m-%d");
  window = entry_text (self->edit_window_entry);

  event = reschedule_event (self, stop);
  g_ptr_array_add (events, event);
  if (g_strcmp0 (driver, stop->driver) != 0 || g_strcmp0 (date, stop->date) != 0)
    {
      int seq = tlk_store_next_stop_seq (tlk_context_get_store (self->context), driver, date, &error);

      if (error != NULL)
        {
          show_label_error (self->edit_error_label, error->message);
          return;
        }
      tlk_event_set_string (event, "date", date);
      tlk_event_set_string (event, "driver", driver);
      tlk_event_set_int (event, "seq", seq);
      changed = TRUE;
      {
        g_autofree char *day = format_day (chosen);
        /* Translators: where a stop went: a driver's name and a day. */
        moved = g_strdup_printf (_("The stop is now on the route of %s, %s."), driver_name (self, driver), day);
      }
    }
  if (g_strcmp0 (window, stop->window ? stop->window : "") != 0)
    {
      if (*window == '\0')
        {
          show_label_error (self->edit_error_label,
                            _("A time window can be changed but not taken away. Write the new one."));
          gtk_widget_grab_focus (GTK_WIDGET (self->edit_window_entry));
          return;
        }
      tlk_event_set_string (event, "window", window);
      changed = TRUE;
    }
  if (!changed)
    {
      gtk_popover_popdown (self->edit_popover);
      return;
    }

  self->select_stop = g_strdup (stop_id);
  if (!tlk_context_write (self->context, events, &error))
    {
      g_clear_pointer (&self->select_stop, g_free);
      show_label_error (self->edit_error_label, error->message);
      return;
    }
  gtk_popover_popdown (self->edit_popover);
  if (moved != NULL)
    show_message (self, MESSAGE_INFO, moved);
  else
    hide_message (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->route_view));
}

static void
on_route_view_activate_cb (TlkRoutesView *self,
                           guint          position)
{
  gtk_single_selection_set_selected (self->route_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "routes.edit-stop", NULL);
}

/* ---- the citizen ---------------------------------------------------------- */

static void
show_citizen_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);
  const TlkStop *stop = selected_stop (self);
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(TlkCitizen) citizen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  TlkOrder *order;
  GtkWidget *dialog;

  if (stop == NULL || self->context == NULL)
    return;
  world = tlk_context_new_world (self->context);
  order = tlk_world_order (world, stop->order);
  if (order != NULL && order->citizen != NULL)
    citizen = tlk_store_get_citizen (tlk_context_get_store (self->context), order->citizen,
                                     tlk_context_get_user_id (self->context), CITIZEN_REASON, &error);
  if (citizen == NULL)
    {
      show_message (self, MESSAGE_ERROR,
                    _("The citizen’s details are not on this computer. They come with the order from the server."));
      return;
    }

  if (citizen->address != NULL)
    g_string_append_printf (body, "%s\n", citizen->address);
  if (citizen->phone != NULL)
    {
      g_autofree char *phone = g_strdup_printf (_("Phone: %s"), citizen->phone);
      g_string_append_printf (body, "%s\n", phone);
    }
  if (citizen->access_notes != NULL)
    g_string_append_printf (body, "\n%s\n", citizen->access_notes);
  g_string_append_printf (body, "\n%s", _("This reading is written in the access log."));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), citizen->name, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dismiss_message_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);

  hide_message (self);
  update_actions (self);
}

/* ---- the day's keys ---------------------------------------------------------- */

/* Ctrl+Left/Right and Ctrl+Page Up/Down change the day wherever the focus
 * is in the view, before a list takes them to move its cursor; in a text
 * field they move by words, and while a popover is open its stop keeps
 * its day. */
static gboolean
day_shortcut_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  TlkRoutesView *self = TLK_ROUTES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if ((focus != NULL && GTK_IS_EDITABLE (focus)) || gtk_widget_get_visible (GTK_WIDGET (self->add_popover)) ||
      gtk_widget_get_visible (GTK_WIDGET (self->edit_popover)))
    return FALSE;
  return gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), NULL);
}

static void
add_day_shortcut (GtkShortcutController *controller,
                  guint                  key,
                  GdkModifierType        modifiers,
                  const char            *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                            gtk_callback_action_new (day_shortcut_cb, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_string (action));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* ---- public ----------------------------------------------------------------- */

void
tlk_routes_view_set_context (TlkRoutesView *self,
                             TlkContext    *context)
{
  g_return_if_fail (TLK_IS_ROUTES_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tlk_context_get_sync_engine (context), "notify::pending", G_CALLBACK (update_sync_label),
                           self, G_CONNECT_SWAPPED);
  reload (self);
}

void
tlk_routes_view_focus (TlkRoutesView *self)
{
  g_return_if_fail (TLK_IS_ROUTES_VIEW (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->waiting_store)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->waiting_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

const char *
tlk_routes_view_get_day (TlkRoutesView *self)
{
  g_return_val_if_fail (TLK_IS_ROUTES_VIEW (self), NULL);
  return self->day_iso;
}

void
tlk_routes_view_show_day (TlkRoutesView *self,
                          const char    *day)
{
  g_autoptr(GDateTime) date = NULL;

  g_return_if_fail (TLK_IS_ROUTES_VIEW (self));
  g_return_if_fail (tlk_date_is_valid_iso (day));

  date = tlk_day_new (day);
  set_day (self, date);
}

const char *
tlk_routes_view_get_driver (TlkRoutesView *self)
{
  g_return_val_if_fail (TLK_IS_ROUTES_VIEW (self), NULL);
  return self->driver;
}

gboolean
tlk_routes_view_show_driver (TlkRoutesView *self,
                             const char    *driver)
{
  guint index;

  g_return_val_if_fail (TLK_IS_ROUTES_VIEW (self), FALSE);
  g_return_val_if_fail (driver != NULL, FALSE);

  index = driver_index (self, driver);
  if (index == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (self->driver_dropdown, index);
  return TRUE;
}

gboolean
tlk_routes_view_select_order (TlkRoutesView *self,
                              const char    *order)
{
  TlkRouteWorkItem *work;
  g_autoptr(TlkWorld) world = NULL;
  TlkOrder *record;

  g_return_val_if_fail (TLK_IS_ROUTES_VIEW (self), FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (self->context == NULL)
    return FALSE;
  world = tlk_context_new_world (self->context);
  record = tlk_world_order (world, order);
  if (record == NULL)
    return FALSE;
  /* An installed kit is only listed when searched for. */
  if (record->state == TLK_ORDER_INSTALLED)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), record->case_ref);
  fill_waiting (self, world);
  select_work (self, order);
  update_actions (self);
  work = selected_work (self);
  return work != NULL && g_strcmp0 (tlk_route_work_item_get_order (work), order) == 0;
}

gboolean
tlk_routes_view_select_stop (TlkRoutesView *self,
                             const char    *stop)
{
  guint n;

  g_return_val_if_fail (TLK_IS_ROUTES_VIEW (self), FALSE);
  g_return_val_if_fail (stop != NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->route_store));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (stop_at (self, i)->id, stop) == 0)
      {
        gtk_single_selection_set_selected (self->route_selection, i);
        return TRUE;
      }
  return FALSE;
}

/* ---- the class -------------------------------------------------------------- */

static void
tlk_routes_view_dispose (GObject *object)
{
  TlkRoutesView *self = (TlkRoutesView *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_routes_view_parent_class)->dispose (object);
}

static void
tlk_routes_view_finalize (GObject *object)
{
  TlkRoutesView *self = (TlkRoutesView *) object;

  g_clear_pointer (&self->day, g_date_time_unref);
  g_free (self->day_iso);
  g_clear_pointer (&self->driver_ids, g_ptr_array_unref);
  g_free (self->driver);
  g_clear_pointer (&self->addresses, g_hash_table_unref);
  g_free (self->addresses_key);
  g_free (self->select_stop);

  G_OBJECT_CLASS (tlk_routes_view_parent_class)->finalize (object);
}

static void
tlk_routes_view_class_init (TlkRoutesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_routes_view_dispose;
  object_class->finalize = tlk_routes_view_finalize;

  g_type_ensure (TLK_TYPE_ROUTE_WORK_ITEM);
  g_type_ensure (TLK_TYPE_ROUTE_STOP_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/routes/tlk-routes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, date_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, driver_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, driver_names);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, waiting_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, waiting_view);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, waiting_selection);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, waiting_store);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, waiting_note);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_button);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_popover);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_title_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_order_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_address_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_kind_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_kind_box);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, swap_check);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, service_check);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_window_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_device_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_device_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, add_error_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, route_title_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, route_count_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, message_box);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, message_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, message_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, route_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, route_view);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, route_selection);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, route_store);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_popover);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_title_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_driver_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_window_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_calendar);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, edit_error_label);
  gtk_widget_class_bind_template_child (widget_class, TlkRoutesView, sync_label);

  gtk_widget_class_bind_template_callback (widget_class, on_driver_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_waiting_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_swap_check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_route_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);

  gtk_widget_class_install_action (widget_class, "routes.previous-day", NULL, previous_day_activated);
  gtk_widget_class_install_action (widget_class, "routes.next-day", NULL, next_day_activated);
  gtk_widget_class_install_action (widget_class, "routes.today", NULL, today_activated);
  gtk_widget_class_install_action (widget_class, "routes.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "routes.add-stop", NULL, add_stop_activated);
  gtk_widget_class_install_action (widget_class, "routes.confirm-add-stop", NULL, confirm_add_stop_activated);
  gtk_widget_class_install_action (widget_class, "routes.move-up", NULL, move_up_activated);
  gtk_widget_class_install_action (widget_class, "routes.move-down", NULL, move_down_activated);
  gtk_widget_class_install_action (widget_class, "routes.edit-stop", NULL, edit_stop_activated);
  gtk_widget_class_install_action (widget_class, "routes.confirm-edit-stop", NULL, confirm_edit_stop_activated);
  gtk_widget_class_install_action (widget_class, "routes.show-citizen", NULL, show_citizen_activated);
  gtk_widget_class_install_action (widget_class, "routes.dismiss-message", NULL, dismiss_message_activated);

  /* Ctrl+Left/Right and Ctrl+Page Up/Down: a controller of the instance
   * (tlk_routes_view_init), as they must come before the lists' own. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "routes.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "routes.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "routes.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "routes.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "routes.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "routes.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "routes.edit-stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "routes.show-citizen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "routes.dismiss-message", NULL);
}

static void
tlk_routes_view_init (TlkRoutesView *self)
{
  g_autoptr(GDateTime) day = today ();
  GtkEventController *days = gtk_shortcut_controller_new ();

  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (days, GTK_PHASE_CAPTURE);
  add_day_shortcut (GTK_SHORTCUT_CONTROLLER (days), GDK_KEY_Left, GDK_CONTROL_MASK, "routes.previous-day");
  add_day_shortcut (GTK_SHORTCUT_CONTROLLER (days), GDK_KEY_Page_Up, GDK_CONTROL_MASK, "routes.previous-day");
  add_day_shortcut (GTK_SHORTCUT_CONTROLLER (days), GDK_KEY_Right, GDK_CONTROL_MASK, "routes.next-day");
  add_day_shortcut (GTK_SHORTCUT_CONTROLLER (days), GDK_KEY_Page_Down, GDK_CONTROL_MASK, "routes.next-day");
  gtk_widget_add_controller (GTK_WIDGET (self), days);
  self->day = g_date_time_ref (day);
  self->day_iso = g_date_time_format (day, "%Y-%m-%d");
  update_day_label (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  update_actions (self);
}
