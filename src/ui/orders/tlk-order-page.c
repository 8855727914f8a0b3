/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-order-page.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-history-list.h"
#include "tlk-orders-common.h"
#include "tlk-role.h"
#include "tlk-store-routes.h"

#define N_SUGGESTIONS 5

struct _TlkOrderPage
{
  AdwBin               parent_instance;

  char                *id;
  char                *suggested_kit;

  GtkButton           *back_button;
  GtkLabel            *case_ref_label;
  GtkLabel            *state_label;
  GtkLabel            *urgent_label;
  GtkWidget           *return_button;
  GtkWidget           *cancel_button;
  AdwPreferencesGroup *allocation_group;
  GtkListBox          *suggestions_list;
  GtkWidget           *feedback_box;
  GtkImage            *feedback_icon;
  GtkLabel            *feedback_label;
  AdwPreferencesGroup *kit_group;
  AdwActionRow        *kit_row;
  AdwActionRow        *kit_where_row;
  AdwActionRow        *customer_row;
  AdwActionRow        *kit_type_row;
  AdwActionRow        *requested_row;
  AdwActionRow        *priority_row;
  AdwActionRow        *notes_row;
  AdwPreferencesGroup *citizen_group;
  AdwActionRow        *name_row;
  AdwActionRow        *address_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *access_row;
  AdwPreferencesGroup *stops_group;
  GtkListBox          *stops_list;
  GtkListBox          *timeline_list;
};

G_DEFINE_FINAL_TYPE (TlkOrderPage, tlk_order_page, ADW_TYPE_BIN)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  gboolean empty = value == NULL || *value == '\0';

  /* An empty subtitle collapses the row; a dash says "nothing here". */
  adw_action_row_set_subtitle (row, empty ? "—" : value);
}

static const char *
place_name (TlkWorld   *world,
            const char *location)
{
  TlkLocation *l = location ? tlk_world_location (world, location) : NULL;

  return l ? l->name : location;
}

/* The kit's shelf, or who carries it. */
static char *
kit_place (TlkWorld     *world,
           const TlkKit *kit)
{
  TlkUser *custodian = kit->custodian ? tlk_world_user (world, kit->custodian) : NULL;

  if (kit->state == TLK_KIT_INSTALLED)
    return g_strdup (_("At the citizen’s home"));
  if (kit->location != NULL)
    return g_strdup (place_name (world, kit->location));
  if (kit->custodian != NULL)
    /* Translators: a kit's place when a driver has it */
    return g_strdup_printf (_("With %s"), custodian ? custodian->name : kit->custodian);
  return g_strdup (_("Not known"));
}

static void
fill_suggestions (TlkOrderPage   *self,
                  TlkContext     *context,
                  TlkWorld       *world,
                  const TlkOrder *order)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *description = NULL;

  clear_list (self->suggestions_list);
  g_clear_pointer (&self->suggested_kit, g_free);
  suggestions = tlk_store_suggest_kits (tlk_context_get_store (context), order->id, N_SUGGESTIONS, &error);
  if (suggestions == NULL)
    {
      adw_preferences_group_set_description (self->allocation_group, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->suggestions_list), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_list), suggestions->len > 0);
  if (suggestions->len == 0)
    {
      TlkKitType *type = tlk_world_kit_type (world, order->kit_type);
      g_autofree char *until = tlk_orders_format_date (order->requested_date);

      description = g_strdup_printf (_("No ready %s kit is complete and in date on %s. Release one in the warehouse, "
                                       "or scan a kit to hear why it cannot be used."),
                                     type ? type->name : order->kit_type, until);
      adw_preferences_group_set_description (self->allocation_group, description);
      return;
    }

  for (guint i = 0; i < suggestions->len; i++)
    {
      TlkKitSuggestion *s = g_ptr_array_index (suggestions, i);
      TlkKit *kit = tlk_world_kit (world, s->kit);
      g_autofree char *code = tlk_code_display (s->kit);
      g_autofree char *until = s->good_until ? tlk_orders_format_date (s->good_until) : NULL;
      g_autofree char *place = kit ? kit_place (world, kit) : g_strdup (_("Not known"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Reserve"));

      if (until != NULL)
        /* Translators: a suggested kit: its good-until date · its shelf */
        subtitle = g_strdup_printf (_("Good until %s · %s"), until, place);
      else
        /* Translators: a suggested kit: nothing in it expires · its shelf */
        subtitle = g_strdup_printf (_("Nothing in it expires · %s"), place);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), code);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (i == 0 ? "starred-symbolic" : "package-x-generic-symbolic"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "orders.reserve");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", s->kit);
      gtk_widget_set_tooltip_text (button, _("Reserve this kit for the order"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->suggestions_list, row);
    }

  {
    TlkKitSuggestion *best = g_ptr_array_index (suggestions, 0);
    g_autofree char *code = tlk_code_display (best->kit);
    g_autofree char *until = best->good_until ? tlk_orders_format_date (best->good_until) : NULL;

    self->suggested_kit = g_strdup (best->kit);
    if (until != NULL)
      description = g_strdup_printf (_("%s is suggested because its devices stay in date longest: none expires or "
                                       "falls due for calibration before %s."),
                                     code, until);
    else
      description = g_strdup_printf (_("%s is suggested because none of its devices expires or needs calibration."),
                                     code);
    adw_preferences_group_set_description (self->allocation_group, description);
  }
}

static void
fill_kit (TlkOrderPage   *self,
          TlkWorld       *world,
          const TlkOrder *order)
{
  TlkKit *kit = order->kit ? tlk_world_kit (world, order->kit) : NULL;
  g_autofree char *code = NULL;
  g_autofree char *title = NULL;
  g_autofree char *place = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->kit_group), order->kit != NULL);
  if (order->kit == NULL)
    return;
  code = tlk_code_display (order->kit);
  /* Translators: a kit's code and its state: "K 3F9 A2C XMS (reserved)" */
  title = kit ? g_strdup_printf (_("%s (%s)"), code, tlk_kit_state_describe (kit->state)) : g_strdup (code);
  place = kit ? kit_place (world, kit) : NULL;
  set_value (self->kit_row, title);
  set_value (self->kit_where_row, place);
}

static void
fill_citizen (TlkOrderPage   *self,
              TlkContext     *context,
              const TlkOrder *order)
{
  TlkUser *user = tlk_context_get_user (context);
  g_autoptr(TlkCitizen) citizen = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL || tlk_role_citizen_access (user->role) != TLK_CITIZEN_ACCESS_ALL)
    {
      adw_preferences_group_set_description (self->citizen_group, _("Your role does not show citizens’ details."));
      gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->address_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->phone_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->access_row), FALSE);
      return;
    }

  /* Personal data (DESIGN §5): read once, as the page opens, and logged. */
  citizen = tlk_store_get_citizen (tlk_context_get_store (context), order->citizen, user->id, "order page", &error);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), citizen != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), citizen != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), citizen != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->access_row), citizen != NULL);
  if (citizen == NULL)
    {
      adw_preferences_group_set_description (self->citizen_group,
                                             error ? error->message
                                                   : _("This computer does not have the citizen’s details."));
      return;
    }
  adw_preferences_group_set_description (self->citizen_group, NULL);
  set_value (self->name_row, citizen->name);
  set_value (self->address_row, citizen->address);
  set_value (self->phone_row, citizen->phone);
  set_value (self->access_row, citizen->access_notes);
}

/* The order's stops, in route order. */
static GPtrArray *
order_stops (TlkContext     *context,
             const TlkOrder *order)
{
  GPtrArray *stops = tlk_store_list_order_stops (tlk_context_get_store (context), order->id, NULL);

  return stops != NULL ? stops : g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_stop_free);
}

static void
fill_stops (TlkOrderPage *self,
            TlkWorld     *world,
            GPtrArray    *stops)
{
  clear_list (self->stops_list);
  for (guint i = 0; i < stops->len; i++)
    {
      TlkStop *stop = g_ptr_array_index (stops, i);
      TlkUser *driver = tlk_world_user (world, stop->driver);
      g_autofree char *date = tlk_orders_format_date (stop->date);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      /* Translators: a stop: its kind and day, "Afhentning 24-12-2026" */
      title = g_strdup_printf (_("%s %s"), tlk_stop_kind_describe (stop->kind), date);
      if (stop->window != NULL)
        /* Translators: a stop's state · driver · time window */
        subtitle = g_strdup_printf (_("%s · %s · %s"), tlk_stop_state_describe (stop->state),
                                    driver ? driver->name : stop->driver, stop->window);
      else
        /* Translators: a stop's state · driver */
        subtitle = g_strdup_printf (_("%s · %s"), tlk_stop_state_describe (stop->state),
                                    driver ? driver->name : stop->driver);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->stops_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->stops_list), stops->len > 0);
  adw_preferences_group_set_description (self->stops_group, stops->len > 0 ? NULL : _("No stop planned yet."));
}

static int
compare_events_by_time (gconstpointer a,
                        gconstpointer b)
{
  return g_strcmp0 ((*(TlkEvent *const *) a)->occurred_at, (*(TlkEvent *const *) b)->occurred_at);
}

static gboolean
names_stop (const TlkEvent *e,
            GPtrArray      *stops)
{
  const char *stop = tlk_event_get_string (e, "stop");

  for (guint i = 0; stop != NULL && i < stops->len; i++)
    if (g_strcmp0 (((TlkStop *) g_ptr_array_index (stops, i))->id, stop) == 0)
      return TRUE;
  return FALSE;
}

/* The order's story: its own events, its stops' and those of its kit that
 * are about it (reserved for it, installed or picked up at its stops), in
 * the order they happened (the clocks of the computers that wrote them:
 * for reading, not for sync). */
static GPtrArray *
order_timeline (TlkContext     *context,
                const TlkOrder *order,
                GPtrArray      *stops,
                GPtrArray      *history)
{
  TlkStore *store = tlk_context_get_store (context);
  GPtrArray *timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GHashTable) kits = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; history != NULL && i < history->len; i++)
    g_ptr_array_add (timeline, tlk_event_copy (g_ptr_array_index (history, i)));
  if (order->kit != NULL)
    g_hash_table_add (kits, order->kit);
  for (guint i = 0; i < stops->len; i++)
    {
      TlkStop *stop = g_ptr_array_index (stops, i);
      g_autoptr(GPtrArray) events = tlk_store_history (store, stop->id, NULL);

      for (guint j = 0; events != NULL && j < events->len; j++)
        g_ptr_array_add (timeline, tlk_event_copy (g_ptr_array_index (events, j)));
      if (stop->kit != NULL)
        g_hash_table_add (kits, stop->kit);
    }
  {
    GHashTableIter iter;
    const char *kit;

    g_hash_table_iter_init (&iter, kits);
    while (g_hash_table_iter_next (&iter, (gpointer *) &kit, NULL))
      {
        g_autoptr(GPtrArray) events = tlk_store_history (store, kit, NULL);

        for (guint j = 0; events != NULL && j < events->len; j++)
          {
            const TlkEvent *e = g_ptr_array_index (events, j);

            if (g_strcmp0 (tlk_event_get_string (e, "order"), order->id) == 0 || names_stop (e, stops))
              g_ptr_array_add (timeline, tlk_event_copy (e));
          }
      }
  }
  g_ptr_array_sort (timeline, compare_events_by_time);
  return timeline;
}

static const char *
order_notes (GPtrArray *history)
{
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const TlkEvent *e = g_ptr_array_index (history, i);

      if (e->type == TLK_EVENT_ORDER_RECEIVED)
        return tlk_event_get_string (e, "notes");
    }
  return NULL;
}

gboolean
tlk_order_page_show (TlkOrderPage *self,
                     TlkContext   *context,
                     const char   *id,
                     gboolean      opening)
{
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autofree char *requested = NULL;
  TlkOrder *order;
  TlkCustomer *customer;
  TlkKitType *type;
  const char *state;

  g_return_val_if_fail (TLK_IS_ORDER_PAGE (self), FALSE);
  g_return_val_if_fail (TLK_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  world = tlk_context_new_world (context);
  order = tlk_world_order (world, id);
  if (order == NULL)
    return FALSE;
  if (id != self->id)
    {
      g_free (self->id);
      self->id = g_strdup (id);
    }

  customer = tlk_world_customer (world, order->customer);
  type = tlk_world_kit_type (world, order->kit_type);
  state = tlk_order_state_to_string (order->state);
  gtk_label_set_label (self->case_ref_label, order->case_ref);
  gtk_label_set_label (self->state_label, tlk_order_state_describe (order->state));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), (const char *[]) { "state-pill", state, NULL });
  gtk_widget_set_visible (GTK_WIDGET (self->urgent_label), g_strcmp0 (order->priority, "urgent") == 0);
  /* Only what can be done to the order now is offered. */
  gtk_widget_set_visible (self->return_button,
                          tlk_orders_may_write (context, order, TLK_EVENT_ORDER_RETURN_REQUESTED));
  gtk_widget_set_visible (self->cancel_button, tlk_orders_may_write (context, order, TLK_EVENT_ORDER_CANCELLED));

  history = tlk_store_history (tlk_context_get_store (context), order->id, NULL);
  stops = order_stops (context, order);
  timeline = order_timeline (context, order, stops, history);
  requested = tlk_orders_format_date (order->requested_date);
  set_value (self->customer_row, customer ? customer->name : order->customer);
  set_value (self->kit_type_row, type ? type->name : order->kit_type);
  set_value (self->requested_row, requested);
  set_value (self->priority_row, g_strcmp0 (order->priority, "urgent") == 0 ? _("Urgent") : _("Normal"));
  set_value (self->notes_row, order_notes (history));

  gtk_widget_set_visible (GTK_WIDGET (self->allocation_group), order->kit == NULL &&
                          tlk_orders_may_write (context, order, TLK_EVENT_KIT_RESERVED));
  if (gtk_widget_get_visible (GTK_WIDGET (self->allocation_group)))
    fill_suggestions (self, context, world, order);
  else
    g_clear_pointer (&self->suggested_kit, g_free);
  fill_kit (self, world, order);
  if (opening)
    {
      fill_citizen (self, context, order);
      gtk_widget_set_visible (self->feedback_box, FALSE);
    }
  fill_stops (self, world, stops);
  tlk_history_list_fill (self->timeline_list, world, timeline);
  return TRUE;
}

const char *
tlk_order_page_get_order_id (TlkOrderPage *self)
{
  g_return_val_if_fail (TLK_IS_ORDER_PAGE (self), NULL);
  return self->id;
}

const char *
tlk_order_page_get_suggested_kit (TlkOrderPage *self)
{
  g_return_val_if_fail (TLK_IS_ORDER_PAGE (self), NULL);
  return self->suggested_kit;
}

void
tlk_order_page_set_feedback (TlkOrderPage *self,
                             gboolean      ok,
                             const char   *message)
{
  g_return_if_fail (TLK_IS_ORDER_PAGE (self));
  g_return_if_fail (message != NULL);

  tlk_orders_set_feedback (self->feedback_box, self->feedback_icon, self->feedback_label, ok, message);
}

void
tlk_order_page_clear (TlkOrderPage *self)
{
  g_return_if_fail (TLK_IS_ORDER_PAGE (self));

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->suggested_kit, g_free);
  set_value (self->name_row, NULL);
  set_value (self->address_row, NULL);
  set_value (self->phone_row, NULL);
  set_value (self->access_row, NULL);
  gtk_widget_set_visible (self->feedback_box, FALSE);
}

void
tlk_order_page_focus (TlkOrderPage *self)
{
  g_return_if_fail (TLK_IS_ORDER_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
}

static void
tlk_order_page_finalize (GObject *object)
{
  TlkOrderPage *self = (TlkOrderPage *) object;

  g_free (self->id);
  g_free (self->suggested_kit);

  G_OBJECT_CLASS (tlk_order_page_parent_class)->finalize (object);
}

static void
tlk_order_page_class_init (TlkOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tlk_order_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/orders/tlk-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, case_ref_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, urgent_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, return_button);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, allocation_group);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, feedback_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, kit_group);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, kit_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, kit_where_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, kit_type_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, requested_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, priority_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, notes_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, citizen_group);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, access_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, stops_group);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, stops_list);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderPage, timeline_list);
}

static void
tlk_order_page_init (TlkOrderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
