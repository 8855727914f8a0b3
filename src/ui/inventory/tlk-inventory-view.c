/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-inventory-view.h"

#include <glib/gi18n.h>

#include "tlk-inventory-item.h"
#include "tlk-kit-page.h"
#include "tlk-result-model.h"

struct _TlkInventoryView
{
  AdwBin             parent_instance;

  TlkContext        *context;
  GPtrArray         *items;        /* every kit, in the column view's order */
  GtkSingleSelection *selection;   /* over the current result */
  GCancellable      *loading;
  char              *needle;
  /* The dropdowns' choices, read once per refilter, not once per kit. */
  const char        *want_state;
  const char        *want_type;
  const char        *want_location;
  const char        *want_customer;
  GPtrArray         *state_ids;     /* index in the dropdown → id; 0 = any */
  GPtrArray         *type_ids;
  GPtrArray         *location_ids;
  GPtrArray         *customer_ids;
  guint              reload_id;
  gboolean           loaded;

  AdwLeaflet        *leaflet;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *state_filter;
  GtkDropDown       *type_filter;
  GtkDropDown       *location_filter;
  GtkDropDown       *customer_filter;
  GtkLabel          *count_label;
  GtkColumnView     *column_view;
  GtkStack          *list_stack;
  TlkKitPage        *kit_page;
  GtkWidget         *detail_box;
};

G_DEFINE_FINAL_TYPE (TlkInventoryView, tlk_inventory_view, ADW_TYPE_BIN)

static const char *
selected_id (GtkDropDown *dropdown,
             GPtrArray   *ids)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (ids == NULL || i == GTK_INVALID_LIST_POSITION || i == 0 || i >= ids->len)
    return NULL;
  return g_ptr_array_index (ids, i);
}

static gboolean
filter_func (TlkInventoryView *self,
             TlkInventoryItem *kit)
{
  const char *state = self->want_state;
  const char *type = self->want_type;
  const char *location = self->want_location;
  const char *customer = self->want_customer;

  return (state == NULL || g_strcmp0 (state, tlk_inventory_item_get_state_id (kit)) == 0) &&
         (type == NULL || g_strcmp0 (type, tlk_inventory_item_get_kit_type_id (kit)) == 0) &&
         (location == NULL || g_strcmp0 (location, tlk_inventory_item_get_location_id (kit)) == 0) &&
         (customer == NULL || g_strcmp0 (customer, tlk_inventory_item_get_customer_id (kit)) == 0) &&
         tlk_inventory_item_matches (kit, self->needle);
}

static void
update_count (TlkInventoryView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint all = self->items->len;
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (ngettext ("%u kit", "%u kits", all), all);
  else
    /* Translators: "120 of 100000 kits" */
    text = g_strdup_printf (ngettext ("%u of %u kit", "%u of %u kits", all), shown, all);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, !self->loaded ? "loading" : shown == 0 ? "empty" : "list");
}

/* A new result for the current search and filters, in the sorted order,
 * handed to the selection in one go. */
static void
refilter (TlkInventoryView *self)
{
  guint n = self->items->len;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_full (n, g_object_unref);
  g_autoptr(TlkResultModel) result = NULL;

  self->want_state = selected_id (self->state_filter, self->state_ids);
  self->want_type = selected_id (self->type_filter, self->type_ids);
  self->want_location = selected_id (self->location_filter, self->location_ids);
  self->want_customer = selected_id (self->customer_filter, self->customer_ids);

  for (guint i = 0; i < n; i++)
    {
      TlkInventoryItem *kit = g_ptr_array_index (self->items, i);

      if (filter_func (self, kit))
        g_ptr_array_add (hits, g_object_ref (kit));
    }
  result = tlk_result_model_new (TLK_TYPE_INVENTORY_ITEM, hits);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (result));
  update_count (self);
}

guint
tlk_inventory_view_filter_now (TlkInventoryView *self,
                               const char       *text)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (TLK_IS_INVENTORY_VIEW (self), 0);

  old = g_steal_pointer (&self->needle);
  self->needle = tlk_inventory_fold (text);
  if (g_strcmp0 (old, self->needle) != 0)
    refilter (self);
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

gboolean
tlk_inventory_view_is_loaded (TlkInventoryView *self)
{
  g_return_val_if_fail (TLK_IS_INVENTORY_VIEW (self), FALSE);
  return self->loaded;
}

static void
on_search_entry_search_changed_cb (TlkInventoryView *self,
                                   GtkSearchEntry   *entry)
{
  tlk_inventory_view_filter_now (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_filter_changed_cb (TlkInventoryView *self)
{
  if (self->items != NULL)
    refilter (self);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  return g_strcmp0 (tlk_inventory_item_get_id (*(TlkInventoryItem **) a),
                    tlk_inventory_item_get_id (*(TlkInventoryItem **) b));
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return gtk_sorter_compare (user_data, *(gpointer *) a, *(gpointer *) b);
}

/* In the order of the column header clicked last, then search again. */
static void
sort_items (TlkInventoryView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  if (gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    g_ptr_array_sort_with_data (self->items, compare_items, sorter);
  else
    g_ptr_array_sort_with_data (self->items, compare_ids, NULL);
  refilter (self);
}

/* ---- loading, off the main thread --------------------------------------- */

typedef struct
{
  GPtrArray *items;      /* of TlkInventoryItem */
  GPtrArray *types;      /* of TlkKitType */
  GPtrArray *locations;  /* of TlkLocation */
  GPtrArray *customers;  /* of TlkCustomer */
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_pointer (&l->items, g_ptr_array_unref);
  g_clear_pointer (&l->types, g_ptr_array_unref);
  g_clear_pointer (&l->locations, g_ptr_array_unref);
  g_clear_pointer (&l->customers, g_ptr_array_unref);
  g_free (l);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Loaded *l;

  /* Its own connection: WAL lets it read while the window writes. */
  store = tlk_store_open (path, &error);
  if (store == NULL || (rows = tlk_store_inventory (store, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  l = g_new0 (Loaded, 1);
  l->items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len && !g_cancellable_is_cancelled (cancellable); i++)
    g_ptr_array_add (l->items, tlk_inventory_item_new (g_ptr_array_index (rows, i)));
  l->types = tlk_store_list (store, TLK_SUBJECT_KIT_TYPE, NULL, NULL);
  l->locations = tlk_store_list (store, TLK_SUBJECT_LOCATION, NULL, NULL);
  l->customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, NULL);
  g_task_return_pointer (task, l, (GDestroyNotify) loaded_free);
}

/* Keeps the choice of a filter across reloads by id. */
static void
fill_dropdown (GtkDropDown *dropdown,
               GPtrArray  **ids_out,
               const char  *all_label,
               GPtrArray   *ids,
               GPtrArray   *names)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  const char *previous = selected_id (dropdown, *ids_out);
  guint keep = 0;

  gtk_string_list_append (list, all_label);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (names, i));
      if (g_strcmp0 (previous, g_ptr_array_index (ids, i)) == 0)
        keep = i + 1;
    }
  g_ptr_array_insert (ids, 0, g_strdup (""));
  g_clear_pointer (ids_out, g_ptr_array_unref);
  *ids_out = g_ptr_array_ref (ids);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, keep);
}

static void
fill_filters (TlkInventoryView *self,
              Loaded           *l)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (int s = TLK_KIT_ASSEMBLING; s < TLK_KIT_N_STATES; s++)
    {
      g_ptr_array_add (ids, g_strdup (tlk_kit_state_to_string (s)));
      g_ptr_array_add (names, g_strdup (tlk_kit_state_describe (s)));
    }
  fill_dropdown (self->state_filter, &self->state_ids, _("Any state"), ids, names);

#define FILL(array, Type, name_field, dropdown, store_ids, label)                  \
  G_STMT_START {                                                                    \
    g_autoptr(GPtrArray) fill_ids = g_ptr_array_new_with_free_func (g_free);        \
    g_autoptr(GPtrArray) fill_names = g_ptr_array_new_with_free_func (g_free);      \
    for (guint i = 0; (array) != NULL && i < (array)->len; i++)                     \
      {                                                                             \
        Type *r = g_ptr_array_index ((array), i);                                   \
        g_ptr_array_add (fill_ids, g_strdup (r->id));                               \
        g_ptr_array_add (fill_names, g_strdup (r->name_field));                     \
      }                                                                             \
    fill_dropdown ((dropdown), &(store_ids), (label), fill_ids, fill_names);        \
  } G_STMT_END

  FILL (l->types, TlkKitType, name, self->type_filter, self->type_ids, _("Any kit type"));
  FILL (l->locations, TlkLocation, name, self->location_filter, self->location_ids, _("Any place"));
  FILL (l->customers, TlkCustomer, name, self->customer_filter, self->customer_ids, _("Any customer"));
#undef FILL
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (source);
  g_autoptr(GError) error = NULL;
  Loaded *l = g_task_propagate_pointer (G_TASK (result), &error);

  if (l == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr ("telekit: %s\n", error->message);
      return;
    }
  g_clear_object (&self->loading);

  fill_filters (self, l);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&l->items);
  self->loaded = TRUE;
  sort_items (self);
  loaded_free (l);
}

static void
reload (TlkInventoryView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->context == NULL)
    return;
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();

  task = g_task_new (self, self->loading, load_done_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_strdup (tlk_store_get_path (tlk_context_get_store (self->context))), g_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
reload_cb (gpointer user_data)
{
  TlkInventoryView *self = user_data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* Writes come in bursts at the scan desk: read again once they settle. */
static void
on_context_changed_cb (TlkInventoryView *self)
{
  if (!self->loaded && self->loading == NULL)
    return;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (800, reload_cb, self);
}

static void
on_first_map_cb (TlkInventoryView *self)
{
  g_signal_handlers_disconnect_by_func (self, on_first_map_cb, NULL);
  if (!self->loaded && self->loading == NULL)
    reload (self);
}

void
tlk_inventory_view_set_context (TlkInventoryView *self,
                                TlkContext       *context)
{
  g_return_if_fail (TLK_IS_INVENTORY_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  /* Read the list when it is first shown: the scan desk starts without it. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (on_first_map_cb), NULL);
}

void
tlk_inventory_view_focus_search (TlkInventoryView *self)
{
  g_return_if_fail (TLK_IS_INVENTORY_VIEW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- the detail --------------------------------------------------------- */

static void
on_column_view_activate_cb (TlkInventoryView *self,
                            guint             position)
{
  g_autoptr(TlkInventoryItem) item = NULL;
  GtkSelectionModel *model = gtk_column_view_get_model (self->column_view);

  item = g_list_model_get_item (G_LIST_MODEL (model), position);
  if (item == NULL || self->context == NULL)
    return;
  tlk_kit_page_show_kit (self->kit_page, self->context, tlk_inventory_item_get_id (item), NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  gtk_widget_grab_focus (self->detail_box);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
tlk_inventory_view_dispose (GObject *object)
{
  TlkInventoryView *self = (TlkInventoryView *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  /* The parent class takes the template's widgets apart; calling
   * gtk_widget_dispose_template() too unparents them twice. */
  g_clear_object (&self->context);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->state_ids, g_ptr_array_unref);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_clear_pointer (&self->location_ids, g_ptr_array_unref);
  g_clear_pointer (&self->customer_ids, g_ptr_array_unref);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (tlk_inventory_view_parent_class)->dispose (object);
}

static void
tlk_inventory_view_class_init (TlkInventoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_inventory_view_dispose;

  g_type_ensure (TLK_TYPE_INVENTORY_ITEM);
  g_type_ensure (TLK_TYPE_KIT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/inventory/tlk-inventory-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, state_filter);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, type_filter);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, location_filter);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, customer_filter);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, column_view);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, kit_page);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "inventory.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "inventory.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "inventory.back", NULL);
}


static void
tlk_inventory_view_init (TlkInventoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Sort once (and again when a column header is clicked); each search
   * walks the sorted array, so typing never re-sorts. */
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->selection = gtk_single_selection_new (NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sort_items), self, G_CONNECT_SWAPPED);
  /* Typing anywhere in the list searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_count (self);
}
