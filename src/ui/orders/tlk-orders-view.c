/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-orders-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-order-dialog.h"
#include "tlk-order-import-dialog.h"
#include "tlk-order-import.h"
#include "tlk-order-item.h"
#include "tlk-order-page.h"
#include "tlk-orders-common.h"
#include "tlk-role.h"

/* The state filter's first entries; the states follow, from "received". */
enum
{
  FILTER_OPEN,
  FILTER_ALL,
  FILTER_FIRST_STATE,
};

struct _TlkOrdersView
{
  AdwBin                parent_instance;

  TlkContext           *context;
  gboolean              stale;   /* changed while not shown */
  char                 *search;  /* case-folded */
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *state_filter;
  GtkInscription       *count_label;
  GtkStack             *list_stack;
  GtkColumnView        *column_view;
  GtkSingleSelection   *selection;
  GtkSortListModel     *sort_model;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *filter;
  GListStore           *orders_store;
  GtkColumnViewColumn  *requested_column;
  GtkListItemFactory   *factories[TLK_ORDER_N_COLUMNS];
  TlkOrderPage         *order_page;
};

G_DEFINE_FINAL_TYPE (TlkOrdersView, tlk_orders_view, ADW_TYPE_BIN)

static void update_actions (TlkOrdersView *self);

static gboolean
showing_order (TlkOrdersView *self)
{
  return g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "detail") == 0 &&
         tlk_order_page_get_order_id (self->order_page) != NULL;
}

static void
toast (TlkOrdersView *self,
       const char    *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* ---- the list ------------------------------------------------------------ */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  TlkOrdersView *self = user_data;
  TlkOrderState state = tlk_order_item_get_state (item);
  guint chosen = gtk_drop_down_get_selected (self->state_filter);

  if (chosen == FILTER_OPEN && (state == TLK_ORDER_CLOSED || state == TLK_ORDER_CANCELLED))
    return FALSE;
  if (chosen >= FILTER_FIRST_STATE && chosen != GTK_INVALID_LIST_POSITION &&
      (int) state != (int) (chosen - FILTER_FIRST_STATE) + TLK_ORDER_RECEIVED)
    return FALSE;
  return tlk_order_item_matches (item, self->search);
}

static void
update_count (TlkOrdersView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->orders_store));
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", all), all);
  else
    /* Translators: how many orders the search and filter show, of all */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u order", "%u of %u orders", all), shown, all);
  gtk_inscription_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
}

/* Replaces positions [@start, @start + @n_removed) of the list with @added
 * in one splice: exact items_changed, so the filter and sort models only
 * look at what changed. */
static void
flush_run (TlkOrdersView *self,
           guint          start,
           guint         *n_removed,
           GPtrArray     *added)
{
  if (*n_removed == 0 && added->len == 0)
    return;
  g_list_store_splice (self->orders_store, start, *n_removed, added->pdata, added->len);
  *n_removed = 0;
  g_ptr_array_set_size (added, 0);
}

/* The store is kept in id order, as tlk_store_list() answers: one walk
 * through both finds the orders added, removed and changed. */
static void
merge_orders (TlkOrdersView *self,
              GPtrArray     *orders,
              TlkWorld      *world)
{
  GListModel *model = G_LIST_MODEL (self->orders_store);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint pos = 0;      /* in the store, past the run being gathered */
  guint start = 0;    /* where the run starts */
  guint n_removed = 0;
  guint i = 0;

  for (;;)
    {
      guint n_old = g_list_model_get_n_items (model);
      g_autoptr(TlkOrderItem) old = pos < n_old ? g_list_model_get_item (model, pos) : NULL;
      const TlkOrder *order = i < orders->len ? g_ptr_array_index (orders, i) : NULL;
      int cmp;

      if (old == NULL && order == NULL)
        break;
      cmp = old == NULL ? 1 : order == NULL ? -1 : strcmp (tlk_order_item_get_id (old), order->id);
      if (cmp < 0)
        {
          if (n_removed == 0 && added->len == 0)
            start = pos;
          n_removed++;
          pos++;
          continue;
        }
      if (cmp > 0)
        {
          if (n_removed == 0 && added->len == 0)
            start = pos;
          g_ptr_array_add (added, tlk_order_item_new (order, world));
          i++;
          continue;
        }
      {
        TlkOrderItem *now = tlk_order_item_new (order, world);

        if (tlk_order_item_equal (old, now))
          {
            g_object_unref (now);
            flush_run (self, start, &n_removed, added);
            /* The run's splice moved what follows by its net size. */
            pos = g_list_model_get_n_items (model) - (n_old - pos) + 1;
          }
        else
          {
            if (n_removed == 0 && added->len == 0)
              start = pos;
            n_removed++;
            g_ptr_array_add (added, now);
            pos++;
          }
        i++;
      }
    }
  flush_run (self, start, &n_removed, added);
}

static void
reload (TlkOrdersView *self)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GError) error = NULL;

  if (self->context == NULL)
    return;
  /* Only while shown: changes synced in meanwhile wait for the next look. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    return;

  orders = tlk_store_list (tlk_context_get_store (self->context), TLK_SUBJECT_ORDER, NULL, &error);
  if (orders == NULL)
    {
      toast (self, error->message);
      return;
    }
  world = tlk_context_new_world (self->context);
  merge_orders (self, orders, world);
  update_count (self);
  if (showing_order (self))
    tlk_order_page_show (self->order_page, self->context, tlk_order_page_get_order_id (self->order_page), FALSE);
  update_actions (self);
}

static void
on_map_cb (TlkOrdersView *self)
{
  if (self->stale)
    reload (self);
}

static void
on_search_entry_search_changed_cb (TlkOrdersView  *self,
                                   GtkSearchEntry *entry)
{
  g_autofree char *old = g_steal_pointer (&self->search);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  self->search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  g_strstrip (self->search);
  if (old != NULL && strcmp (old, self->search) == 0)
    return;
  /* Typing on narrows the filter: only the rows shown are looked at. */
  if (old != NULL && g_str_has_prefix (self->search, old))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (old != NULL && g_str_has_prefix (old, self->search))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
on_state_filter_selected_cb (TlkOrdersView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_column_view_activate_cb (TlkOrdersView *self,
                            guint          position)
{
  g_autoptr(TlkOrderItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL)
    tlk_orders_view_open_order (self, tlk_order_item_get_id (item));
}

/* Enter in the search opens the order selected in the list (the first
 * one found, unless another was chosen). */
static void
on_search_entry_activate_cb (TlkOrdersView *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION)
    on_column_view_activate_cb (self, selected);
}

/* Cells are plain inscriptions made in code: a GtkBuilderListItemFactory
 * parses its template for every cell, which made a search that brought
 * back all 2,000 orders take 200 ms. */
static void
on_cell_setup_cb (GtkListItemFactory *factory,
                  GtkListItem        *list_item,
                  TlkOrdersView      *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 14);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (factory == self->factories[TLK_ORDER_COLUMN_PRIORITY])
    {
      gtk_widget_add_css_class (cell, "error");
      gtk_widget_add_css_class (cell, "heading");
    }
  else if (factory == self->factories[TLK_ORDER_COLUMN_REQUESTED] || factory == self->factories[TLK_ORDER_COLUMN_KIT])
    gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (list_item, cell);
}

static void
on_cell_bind_cb (GtkListItemFactory *factory,
                 GtkListItem        *list_item,
                 TlkOrdersView      *self)
{
  TlkOrderItem *item = gtk_list_item_get_item (list_item);

  for (int c = 0; c < TLK_ORDER_N_COLUMNS; c++)
    if (factory == self->factories[c])
      {
        gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)),
                                  tlk_order_item_get_text (item, c));
        return;
      }
}

static void
fill_state_filter (TlkOrdersView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("Open Orders"));
  gtk_string_list_append (names, _("All Orders"));
  for (int s = TLK_ORDER_RECEIVED; s < TLK_ORDER_N_STATES; s++)
    {
      const char *words = s == TLK_ORDER_RECEIVED ? _("needs a kit") : tlk_order_state_describe (s);
      g_autofree char *first = g_utf8_strup (words, g_utf8_next_char (words) - words);
      g_autofree char *name = g_strconcat (first, g_utf8_next_char (words), NULL);

      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->state_filter, FILTER_OPEN);
}

/* ---- the order ----------------------------------------------------------- */

void
tlk_orders_view_open_order (TlkOrdersView *self,
                            const char    *id)
{
  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
  g_return_if_fail (id != NULL);

  if (self->context == NULL)
    return;
  if (!tlk_order_page_show (self->order_page, self->context, id, TRUE))
    {
      toast (self, _("The order is not on this computer any more."));
      return;
    }
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  update_actions (self);
  /* Not a text field: the scanner's keys are a scan here. */
  tlk_order_page_focus (self->order_page);
}

static TlkOrder *
open_order (TlkOrdersView *self,
            TlkWorld      *world)
{
  return showing_order (self) ? tlk_world_order (world, tlk_order_page_get_order_id (self->order_page)) : NULL;
}

/* kit.reserved {order}: the world says why not, and nothing changes then. */
static void
reserve (TlkOrdersView *self,
         const char    *kit)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = tlk_code_display (kit);
  g_autofree char *message = NULL;
  g_autofree char *order_id = NULL;
  TlkOrder *order = open_order (self, world);
  TlkEvent *event;

  if (order == NULL || tlk_context_get_user_id (self->context) == NULL)
    return;
  order_id = g_strdup (order->id);
  event = tlk_event_new (TLK_EVENT_KIT_RESERVED, kit, tlk_context_get_user_id (self->context));
  tlk_event_set_string (event, "order", order_id);
  g_ptr_array_add (events, event);
  if (!tlk_context_write (self->context, events, &error))
    {
      g_debug ("reserve refused: %s", error->message);
      tlk_order_page_set_feedback (self->order_page, FALSE, error->message);
      return;
    }
  message = g_strdup_printf (_("Kit %s is reserved for order %s. Pack it for the route."), code, order->case_ref);
  tlk_order_page_set_feedback (self->order_page, TRUE, message);
}

void
tlk_orders_view_scan (TlkOrdersView *self,
                      const char    *text)
{
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  TlkCodeKind kind;

  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
  g_return_if_fail (text != NULL);

  if (self->context == NULL)
    return;
  if (!showing_order (self))
    {
      toast (self, _("Open an order first: a scanned kit is packed for the order that is open."));
      return;
    }
  code = tlk_code_parse (text, &kind, &error);
  if (code == NULL)
    {
      tlk_order_page_set_feedback (self->order_page, FALSE, error->message);
      return;
    }
  if (kind != TLK_CODE_KIND_KIT)
    {
      g_autofree char *shown = tlk_code_display (code);
      g_autofree char *message = g_strdup_printf (_("%s is not a kit’s label. Scan the label on the kit’s case."),
                                                  shown);

      tlk_order_page_set_feedback (self->order_page, FALSE, message);
      return;
    }
  reserve (self, code);
}

static void
reserve_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  reserve (TLK_ORDERS_VIEW (widget), g_variant_get_string (param, NULL));
}

static void
reserve_suggested_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);
  g_autofree char *kit = g_strdup (tlk_order_page_get_suggested_kit (self->order_page));

  if (kit != NULL)
    reserve (self, kit);
}

static void
write_one (TlkOrdersView *self,
           TlkEvent      *event)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (events, event);
  if (!tlk_context_write (self->context, events, &error))
    tlk_order_page_set_feedback (self->order_page, FALSE, error->message);
}

/* A question about the open order with one line of text to fill in: the
 * return's date or the cancellation's reason. @on_changed decides whether
 * @yes may be chosen; @on_response writes. */
static void
ask_with_entry (TlkOrdersView         *self,
                const TlkOrder        *order,
                const char            *heading,
                const char            *body,
                const char            *placeholder,
                const char            *entry_name,
                const char            *no,
                const char            *no_label,
                const char            *yes,
                const char            *yes_label,
                AdwResponseAppearance appearance,
                GCallback             on_changed,
                GCallback             on_response)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), no, no_label, yes, yes_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), yes, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), yes);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), no);
  g_object_set_data_full (G_OBJECT (dialog), "order", g_strdup (order->id), g_free);
  g_signal_connect (entry, "changed", on_changed, dialog);
  g_signal_connect_object (dialog, "response", on_response, self, 0);
  /* Whether @yes may be chosen before anything is typed. */
  g_signal_emit_by_name (entry, "changed");
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_return_date_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *iso = tlk_date_parse_danish (text);
  gboolean ok = *text == '\0' || iso != NULL;

  adw_message_dialog_set_response_enabled (dialog, "request", ok);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
on_return_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       TlkOrdersView    *self)
{
  const char *order_id = g_object_get_data (G_OBJECT (dialog), "order");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *date = tlk_date_parse_danish (text);
  TlkEvent *event;

  if (g_strcmp0 (response, "request") != 0 || self->context == NULL)
    return;
  event = tlk_event_new (TLK_EVENT_ORDER_RETURN_REQUESTED, order_id, tlk_context_get_user_id (self->context));
  if (date != NULL)
    tlk_event_set_string (event, "requested_date", date);
  write_one (self, event);
}

static void
request_return_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  TlkOrder *order = open_order (self, world);
  g_autofree char *body = NULL;

  if (order == NULL)
    return;
  body = g_strdup_printf (_("The kit of order %s will be picked up from the citizen. Write the day the "
                            "customer wants it picked up, or leave it empty for the first free day."),
                          order->case_ref);
  ask_with_entry (self, order, _("Request the Kit’s Return?"), body, _("Pickup date, dd-mm-yyyy (optional)"),
                  _("Pickup date"), "cancel", _("_Cancel"), "request", _("_Request Return"), ADW_RESPONSE_SUGGESTED,
                  G_CALLBACK (on_return_date_changed_cb), G_CALLBACK (on_return_response_cb));
}

static void
on_cancel_reason_changed_cb (GtkEditable      *entry,
                             AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "cancel-order", *reason != '\0');
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       TlkOrdersView    *self)
{
  const char *order_id = g_object_get_data (G_OBJECT (dialog), "order");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  TlkEvent *event;

  if (g_strcmp0 (response, "cancel-order") != 0 || self->context == NULL || *reason == '\0')
    return;
  event = tlk_event_new (TLK_EVENT_ORDER_CANCELLED, order_id, tlk_context_get_user_id (self->context));
  tlk_event_set_string (event, "reason", reason);
  write_one (self, event);
}

static void
cancel_order_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  TlkOrder *order = open_order (self, world);
  g_autofree char *body = NULL;

  if (order == NULL)
    return;
  body = g_strdup_printf (_("Order %s will be cancelled and cannot be taken up again. A kit reserved for it "
                            "goes back on the shelf as ready. Why is it cancelled?"),
                          order->case_ref);
  ask_with_entry (self, order, _("Cancel the Order?"), body, _("Reason, e.g. “The customer called it off”"),
                  _("Reason"), "keep", _("_Keep the Order"), "cancel-order", _("C_ancel Order"),
                  ADW_RESPONSE_DESTRUCTIVE, G_CALLBACK (on_cancel_reason_changed_cb),
                  G_CALLBACK (on_cancel_response_cb));
}

/* ---- new orders ---------------------------------------------------------- */

static void
on_order_added_cb (TlkOrdersView *self,
                   const char    *id)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  TlkOrder *order = tlk_world_order (world, id);
  g_autofree char *message = g_strdup_printf (_("Order %s added"), order ? order->case_ref : id);

  toast (self, message);
  tlk_orders_view_open_order (self, id);
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);
  GtkWidget *dialog;

  if (self->context == NULL)
    return;
  dialog = tlk_order_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->context);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_order_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_imported_cb (TlkOrdersView *self,
                guint          n)
{
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order imported",
                                                           "%u orders imported", n), n);

  toast (self, message);
}

void
tlk_orders_view_import_file (TlkOrdersView *self,
                             GFile         *file)
{
  GtkWidget *dialog;

  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->context == NULL)
    return;
  dialog = tlk_order_import_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->context, file);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response_cb (TlkOrdersView        *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    tlk_orders_view_import_file (self, file);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->context == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import Orders"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_pattern (csv, "*.txt");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- moving around ------------------------------------------------------- */

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  update_actions (self);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkOrdersView *self = TLK_ORDERS_VIEW (widget);

  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0)
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  update_actions (self);
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  tlk_orders_view_open_order (TLK_ORDERS_VIEW (widget), g_variant_get_string (param, NULL));
}

static void
update_actions (TlkOrdersView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  TlkUser *user = self->context ? tlk_context_get_user (self->context) : NULL;
  gboolean may_order = user != NULL && tlk_role_may_write (user->role, TLK_EVENT_ORDER_RECEIVED);
  g_autoptr(TlkWorld) world = self->context ? tlk_context_new_world (self->context) : NULL;
  TlkOrder *order = world ? open_order (self, world) : NULL;
  gboolean may_reserve = order != NULL && order->kit == NULL &&
                         tlk_orders_may_write (self->context, order, TLK_EVENT_KIT_RESERVED);

  gtk_widget_action_set_enabled (widget, "orders.new", may_order);
  gtk_widget_action_set_enabled (widget, "orders.import", may_order);
  gtk_widget_action_set_enabled (widget, "orders.back", order != NULL);
  gtk_widget_action_set_enabled (widget, "orders.reserve", may_reserve);
  gtk_widget_action_set_enabled (widget, "orders.reserve-suggested",
                                 may_reserve && tlk_order_page_get_suggested_kit (self->order_page) != NULL);
  gtk_widget_action_set_enabled (widget, "orders.request-return", order != NULL &&
                                 tlk_orders_may_write (self->context, order, TLK_EVENT_ORDER_RETURN_REQUESTED));
  gtk_widget_action_set_enabled (widget, "orders.cancel-order", order != NULL &&
                                 tlk_orders_may_write (self->context, order, TLK_EVENT_ORDER_CANCELLED));
}

/* ---- the view ------------------------------------------------------------ */

static void
on_user_changed_cb (TlkOrdersView *self)
{
  /* Another user may not see the last one's citizen. */
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  tlk_order_page_clear (self->order_page);
  reload (self);
  update_actions (self);
}

void
tlk_orders_view_set_context (TlkOrdersView *self,
                             TlkContext    *context)
{
  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (on_user_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
  update_actions (self);
}

void
tlk_orders_view_focus (TlkOrdersView *self)
{
  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));

  if (showing_order (self))
    tlk_order_page_focus (self->order_page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
tlk_orders_view_dispose (GObject *object)
{
  TlkOrdersView *self = (TlkOrdersView *) object;

  /* The models go with the template, after the widgets the filter and
   * the count read. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->context);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (tlk_orders_view_parent_class)->dispose (object);
}

static void
tlk_orders_view_class_init (TlkOrdersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_orders_view_dispose;

  g_type_ensure (TLK_TYPE_ORDER_ITEM);
  g_type_ensure (TLK_TYPE_ORDER_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/orders/tlk-orders-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, state_filter);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, column_view);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, selection);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, filter);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, orders_store);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, requested_column);
  gtk_widget_class_bind_template_child (widget_class, TlkOrdersView, order_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_state_filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_bind_cb);
  {
    static const char *const factories[TLK_ORDER_N_COLUMNS] = {
      "case_ref_factory", "customer_factory", "kit_type_factory", "requested_factory", "priority_factory",
      "state_factory", "kit_factory",
    };

    for (int c = 0; c < TLK_ORDER_N_COLUMNS; c++)
      gtk_widget_class_bind_template_child_full (widget_class, factories[c], FALSE,
                                                 G_STRUCT_OFFSET (TlkOrdersView, factories) +
                                                   c * sizeof (GtkListItemFactory *));
  }

  gtk_widget_class_install_action (widget_class, "orders.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "orders.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "orders.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "orders.open", "s", open_activated);
  gtk_widget_class_install_action (widget_class, "orders.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "orders.reserve", "s", reserve_activated);
  gtk_widget_class_install_action (widget_class, "orders.reserve-suggested", NULL, reserve_suggested_activated);
  gtk_widget_class_install_action (widget_class, "orders.request-return", NULL, request_return_activated);
  gtk_widget_class_install_action (widget_class, "orders.cancel-order", NULL, cancel_order_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "orders.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "orders.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "orders.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "orders.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "orders.back", NULL);
}

static void
tlk_orders_view_init (TlkOrdersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  fill_state_filter (self);
  /* Newest wishes first: what is coming up is at the top. */
  gtk_column_view_sort_by_column (self->column_view, self->requested_column, GTK_SORT_DESCENDING);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  update_actions (self);
}
