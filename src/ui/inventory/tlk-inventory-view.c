/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-inventory-view.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tlk-code.h"
#include "tlk-device-page.h"
#include "tlk-kit-page.h"
#include "tlk-store-inventory.h"
#include "tlk-table-filter.h"
#include "tlk-table-model.h"
#include "tlk-table-sorter.h"
#include "tlk-text-cell.h"

typedef enum
{
  LIST_KITS,
  LIST_DEVICES,
  N_LISTS
} ListKind;

#define MAX_FILTERS 4
#define MAX_SEARCHED 8

/* What tells the kit list from the device list: data, so one set of
 * functions serves both. */
static const struct
{
  const char *name;                     /* the "list" property's value */
  guint       key_column;               /* the code */
  guint       state_column;
  guint       n_filters;
  guint       filter_columns[MAX_FILTERS]; /* in the order of the dropdowns */
  guint       n_searched;
  guint       searched[MAX_SEARCHED];
} lists[N_LISTS] = {
  [LIST_KITS] = {
    "kits", TLK_KIT_COLUMN_CODE, TLK_KIT_COLUMN_STATE,
    4, { TLK_KIT_COLUMN_STATE, TLK_KIT_COLUMN_KIT_TYPE, TLK_KIT_COLUMN_LOCATION, TLK_KIT_COLUMN_CUSTOMER },
    6, { TLK_KIT_COLUMN_CODE, TLK_KIT_COLUMN_KIT_TYPE_NAME, TLK_KIT_COLUMN_STATE, TLK_KIT_COLUMN_LOCATION_NAME,
         TLK_KIT_COLUMN_CUSTODIAN, TLK_KIT_COLUMN_CUSTOMER_NAME },
  },
  [LIST_DEVICES] = {
    "devices", TLK_DEVICE_COLUMN_CODE, TLK_DEVICE_COLUMN_STATE,
    3, { TLK_DEVICE_COLUMN_STATE, TLK_DEVICE_COLUMN_MODEL, TLK_DEVICE_COLUMN_LOCATION },
    8, { TLK_DEVICE_COLUMN_CODE, TLK_DEVICE_COLUMN_SERIAL, TLK_DEVICE_COLUMN_LOT, TLK_DEVICE_COLUMN_MODEL_NAME,
         TLK_DEVICE_COLUMN_STATE, TLK_DEVICE_COLUMN_KIT, TLK_DEVICE_COLUMN_LOCATION_NAME,
         TLK_DEVICE_COLUMN_CUSTODIAN },
  },
};

/* The cells of the column views, named by their sorters' keys in the .ui. */
typedef enum
{
  CELL_KIT_CODE = 1,
  CELL_KIT_TYPE,
  CELL_KIT_STATE,
  CELL_KIT_WHERE,
  CELL_KIT_CUSTOMER,
  CELL_DEVICE_CODE,
  CELL_DEVICE_MODEL,
  CELL_DEVICE_SERIAL,
  CELL_DEVICE_LOT,
  CELL_DEVICE_EXPIRY,
  CELL_DEVICE_CALIBRATION,
  CELL_DEVICE_STATE,
  CELL_DEVICE_KIT,
  CELL_DEVICE_WHERE,
  N_CELLS
} Cell;

static const struct
{
  const char *key;
  guint       column;      /* sorts by, and shows unless computed */
  guint       fallback;    /* shown when @column is empty (a name's id) */
  int         chars;       /* natural width */
} cells[N_CELLS] = {
  [CELL_KIT_CODE] = { "kit-code", TLK_KIT_COLUMN_CODE, TLK_KIT_COLUMN_CODE, 13 },
  [CELL_KIT_TYPE] = { "kit-type", TLK_KIT_COLUMN_KIT_TYPE_NAME, TLK_KIT_COLUMN_KIT_TYPE, 12 },
  [CELL_KIT_STATE] = { "kit-state", TLK_KIT_COLUMN_STATE, TLK_KIT_COLUMN_STATE, 10 },
  [CELL_KIT_WHERE] = { "kit-where", TLK_KIT_COLUMN_LOCATION_NAME, TLK_KIT_COLUMN_LOCATION_NAME, 16 },
  [CELL_KIT_CUSTOMER] = { "kit-customer", TLK_KIT_COLUMN_CUSTOMER_NAME, TLK_KIT_COLUMN_CUSTOMER_NAME, 16 },
  [CELL_DEVICE_CODE] = { "device-code", TLK_DEVICE_COLUMN_CODE, TLK_DEVICE_COLUMN_CODE, 13 },
  [CELL_DEVICE_MODEL] = { "device-model", TLK_DEVICE_COLUMN_MODEL_NAME, TLK_DEVICE_COLUMN_MODEL, 20 },
  [CELL_DEVICE_SERIAL] = { "device-serial", TLK_DEVICE_COLUMN_SERIAL, TLK_DEVICE_COLUMN_SERIAL, 10 },
  [CELL_DEVICE_LOT] = { "device-lot", TLK_DEVICE_COLUMN_LOT, TLK_DEVICE_COLUMN_LOT, 6 },
  [CELL_DEVICE_EXPIRY] = { "device-expiry", TLK_DEVICE_COLUMN_EXPIRY, TLK_DEVICE_COLUMN_EXPIRY, 10 },
  [CELL_DEVICE_CALIBRATION] = { "device-calibration", TLK_DEVICE_COLUMN_CALIBRATION_DUE,
                                TLK_DEVICE_COLUMN_CALIBRATION_DUE, 10 },
  [CELL_DEVICE_STATE] = { "device-state", TLK_DEVICE_COLUMN_STATE, TLK_DEVICE_COLUMN_STATE, 9 },
  [CELL_DEVICE_KIT] = { "device-kit", TLK_DEVICE_COLUMN_KIT, TLK_DEVICE_COLUMN_KIT, 13 },
  [CELL_DEVICE_WHERE] = { "device-where", TLK_DEVICE_COLUMN_LOCATION_NAME, TLK_DEVICE_COLUMN_LOCATION_NAME, 14 },
};

typedef struct
{
  ListKind           kind;
  TlkTableModel     *model;
  TlkTable          *table;
  TlkTableFilter    *filter;
  guint32           *order;         /* every row, in the list's order */
  char              *needle;        /* the current search, folded */
  gboolean           narrowable;    /* the shown rows are the last search's over @order */
  GPtrArray         *filter_ids[MAX_FILTERS];  /* dropdown position → id; "" = any */
  GCancellable      *loading;
  gboolean           loaded;
  gboolean           stale;         /* written to since it was read */

  GtkSearchEntry    *search_entry;
  GtkDropDown       *filters[MAX_FILTERS];
  GtkInscription    *count_label;    /* inscriptions: a new text does not resize the window */
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkColumnView     *column_view;
  GtkSorter         *sorter;        /* the column view's: says which header was clicked */
} List;

struct _TlkInventoryView
{
  AdwBin             parent_instance;

  TlkContext        *context;
  List               lists[N_LISTS];
  ListKind           shown;
  gboolean           kit_from_device;   /* the kit page was opened from the device page */
  guint              reload_id;
  gulong             after_paint_id;    /* reports the next frame (G_MESSAGES_DEBUG) */

  AdwLeaflet        *leaflet;
  GtkStack          *lists_stack;
  GtkInscription    *selection_label;
  TlkKitPage        *kit_page;
  GtkWidget         *detail_box;
  TlkDevicePage     *device_page;
  GtkWidget         *device_box;
};

G_DEFINE_FINAL_TYPE (TlkInventoryView, tlk_inventory_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LIST,
  N_PROPS
};

enum {
  PRINT_LABELS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void reload (TlkInventoryView *self, List *list);

/* ---- what a cell shows ---------------------------------------------------- */

static char *
where_text (const char *location_name,
            const char *custodian,
            gboolean    at_home)
{
  if (location_name != NULL)
    return g_strdup (location_name);
  if (custodian != NULL)
    return g_strdup_printf (_("With %s"), custodian);
  if (at_home)
    return g_strdup (_("At the citizen’s home"));
  return NULL;
}

static char *
cell_text (TlkTable *table,
           guint     row,
           Cell      cell)
{
  const char *text = tlk_table_get (table, row, cells[cell].column);

  if (text == NULL)
    text = tlk_table_get (table, row, cells[cell].fallback);
  switch (cell)
    {
    case CELL_KIT_CODE:
    case CELL_DEVICE_CODE:
    case CELL_DEVICE_KIT:
      return text ? tlk_code_display (text) : NULL;
    case CELL_KIT_STATE:
      return g_strdup (tlk_kit_state_describe (tlk_kit_state_from_string (text) % TLK_KIT_N_STATES));
    case CELL_DEVICE_STATE:
      return g_strdup (tlk_device_state_describe (tlk_device_state_from_string (text) % TLK_DEVICE_N_STATES));
    case CELL_KIT_WHERE:
      return where_text (text, tlk_table_get (table, row, TLK_KIT_COLUMN_CUSTODIAN),
                         g_strcmp0 (tlk_table_get (table, row, TLK_KIT_COLUMN_STATE), "installed") == 0);
    case CELL_DEVICE_WHERE:
      return where_text (text, tlk_table_get (table, row, TLK_DEVICE_COLUMN_CUSTODIAN),
                         g_strcmp0 (tlk_table_get (table, row, TLK_DEVICE_COLUMN_KIT_STATE), "installed") == 0);
    case CELL_KIT_TYPE:
    case CELL_KIT_CUSTOMER:
    case CELL_DEVICE_MODEL:
    case CELL_DEVICE_SERIAL:
    case CELL_DEVICE_LOT:
    case CELL_DEVICE_EXPIRY:
    case CELL_DEVICE_CALIBRATION:
    case N_CELLS:
    default:
      return g_strdup (text);
    }
}

static GQuark
cell_quark (void)
{
  return g_quark_from_static_string ("tlk-inventory-cell");
}

static Cell
factory_cell (GtkListItemFactory *factory)
{
  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (factory), cell_quark ()));
}

static void
update_cell (TlkTableItem *item,
             GtkListItem  *list_item)
{
  TlkTextCell *text_cell = TLK_TEXT_CELL (gtk_list_item_get_child (list_item));
  Cell cell = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (text_cell), cell_quark ()));
  guint row = tlk_table_item_get_row (item);
  g_autofree char *text = row != G_MAXUINT ? cell_text (tlk_table_item_get_table (item), row, cell) : NULL;

  tlk_text_cell_set_text (text_cell, text);
}

/* Cells are text cells: their size does not depend on their text, so a
 * new search redraws rows without measuring them again, and a row is cheap
 * to make (GTK makes up to 200 again when a search finds fewer). */
static void
on_cell_setup_cb (GtkListItemFactory *factory,
                  GtkListItem        *list_item,
                  TlkInventoryView   *self)
{
  Cell cell = factory_cell (factory);
  GtkWidget *text_cell = tlk_text_cell_new (4, cells[cell].chars);

  if (cell == CELL_KIT_CODE || cell == CELL_DEVICE_CODE || cell == CELL_DEVICE_KIT)
    gtk_widget_add_css_class (text_cell, "monospace");
  g_object_set_qdata (G_OBJECT (text_cell), cell_quark (), GINT_TO_POINTER (cell));
  gtk_list_item_set_child (list_item, text_cell);
  /* The row selects and activates. In GTK 4.8 a cell does too, so a
   * Ctrl+click would select and at once unselect, and a double click open
   * the kit twice. */
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
on_cell_bind_cb (GtkListItemFactory *factory,
                 GtkListItem        *list_item,
                 TlkInventoryView   *self)
{
  TlkTableItem *item = gtk_list_item_get_item (list_item);

  g_signal_connect (item, "changed", G_CALLBACK (update_cell), list_item);
  update_cell (item, list_item);
}

static void
on_cell_unbind_cb (GtkListItemFactory *factory,
                   GtkListItem        *list_item,
                   TlkInventoryView   *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), update_cell, list_item);
}

/* ---- searching ------------------------------------------------------------ */

static List *
list_of_widget (TlkInventoryView *self,
                gpointer          widget)
{
  for (guint l = 0; l < N_LISTS; l++)
    {
      List *list = &self->lists[l];

      if (widget == list->search_entry || widget == list->column_view)
        return list;
      for (guint f = 0; f < lists[l].n_filters; f++)
        if (widget == list->filters[f])
          return list;
    }
  g_return_val_if_reached (&self->lists[LIST_KITS]);
}

static const char *
selected_id (List *list,
             guint filter)
{
  guint i = gtk_drop_down_get_selected (list->filters[filter]);
  GPtrArray *ids = list->filter_ids[filter];

  if (ids == NULL || i == GTK_INVALID_LIST_POSITION || i == 0 || i >= ids->len)
    return NULL;
  return g_ptr_array_index (ids, i);
}

static void
update_count (TlkInventoryView *self,
              List             *list)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (list->model));
  guint all = list->table ? tlk_table_get_n_rows (list->table) : 0;
  g_autofree char *text = NULL;

  if (list->kind == LIST_KITS && shown == all)
    text = g_strdup_printf (ngettext ("%u kit", "%u kits", all), all);
  else if (list->kind == LIST_KITS)
    /* Translators: "120 of 100000 kits" */
    text = g_strdup_printf (ngettext ("%u of %u kit", "%u of %u kits", all), shown, all);
  else if (shown == all)
    text = g_strdup_printf (ngettext ("%u device", "%u devices", all), all);
  else
    /* Translators: "120 of 400000 devices" */
    text = g_strdup_printf (ngettext ("%u of %u device", "%u of %u devices", all), shown, all);
  gtk_inscription_set_text (list->count_label, list->loaded ? text : NULL);
  gtk_stack_set_visible_child_name (list->stack, !list->loaded ? "loading" : shown == 0 ? "empty" : "list");
}

static void
on_after_paint_cb (GdkFrameClock    *clock,
                   TlkInventoryView *self)
{
  List *list = &self->lists[self->shown];

  g_clear_signal_handler (&self->after_paint_id, clock);
  if (list->model == NULL)
    return;
  /* The benchmark's stopwatch (tests/bench/telekit-ui-bench): the frame
   * that shows a search's rows has been drawn. */
  g_debug ("inventory drawn: %u %s for “%s” at %" G_GINT64_FORMAT,
           g_list_model_get_n_items (G_LIST_MODEL (list->model)), lists[self->shown].name,
           list->needle ? list->needle : "", g_get_monotonic_time ());
}

/* With G_MESSAGES_DEBUG=tlk-ui, says when the next frame is drawn. */
static void
report_next_frame (TlkInventoryView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;
  if (self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint_cb), self, 0);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

/* The rows of the current search and filters, in the list's order. A
 * longer search over the same order and filters only looks at the rows
 * shown now. */
static void
refilter (TlkInventoryView *self,
          List             *list)
{
  const guint32 *candidates = list->order;
  guint n_candidates;
  guint32 *rows;
  guint n_rows;

  if (!list->loaded)
    return;
  for (guint f = 0; f < lists[list->kind].n_filters; f++)
    {
      guint column = lists[list->kind].filter_columns[f];
      const char *id = selected_id (list, f);
      /* A place or type without any row lets nothing through. */
      guint value = id == NULL ? 0 : tlk_table_lookup_value (list->table, column, id);

      if (tlk_table_filter_require (list->filter, column, id != NULL && value == 0 ? G_MAXUINT : value))
        list->narrowable = FALSE;
    }
  n_candidates = tlk_table_get_n_rows (list->table);
  if (list->narrowable)
    candidates = tlk_table_model_get_rows (list->model, &n_candidates);

  rows = tlk_table_filter_run (list->filter, list->needle ? list->needle : "", candidates, n_candidates, &n_rows);
  tlk_table_model_set_rows (list->model, list->table, rows, n_rows);
  list->narrowable = TRUE;
  update_count (self, list);
  report_next_frame (self);
}

static void
search (TlkInventoryView *self,
        List             *list,
        const char       *text)
{
  g_autofree char *old = g_steal_pointer (&list->needle);

  list->needle = tlk_table_fold (text);
  if (g_strcmp0 (old, list->needle) == 0)
    {
      report_next_frame (self);
      return;
    }
  if (old == NULL || strstr (list->needle, old) == NULL)
    list->narrowable = FALSE;
  /* A new search starts at the top of its rows. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (list->scroller), 0);
  refilter (self, list);
}

guint
tlk_inventory_view_filter_now (TlkInventoryView *self,
                               const char       *text)
{
  List *list;

  g_return_val_if_fail (TLK_IS_INVENTORY_VIEW (self), 0);

  list = &self->lists[self->shown];
  search (self, list, text);
  return g_list_model_get_n_items (G_LIST_MODEL (list->model));
}

gboolean
tlk_inventory_view_is_loaded (TlkInventoryView *self)
{
  g_return_val_if_fail (TLK_IS_INVENTORY_VIEW (self), FALSE);
  return self->lists[self->shown].loaded;
}

static void
on_search_entry_search_changed_cb (TlkInventoryView *self,
                                   GtkSearchEntry   *entry)
{
  search (self, list_of_widget (self, entry), gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_filter_changed_cb (TlkInventoryView *self,
                      GParamSpec       *pspec,
                      GtkDropDown      *dropdown)
{
  refilter (self, list_of_widget (self, dropdown));
}

/* ---- sorting --------------------------------------------------------------- */

typedef struct
{
  guint32 rank;
  guint32 row;
} SortKey;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const SortKey *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

typedef struct
{
  char *collate_key;      /* NULL: no value, sorts last */
  guint id;
} Value;

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  const Value *x = a, *y = b;

  if ((x->collate_key == NULL) != (y->collate_key == NULL))
    return x->collate_key == NULL ? 1 : -1;
  return g_strcmp0 (x->collate_key, y->collate_key);
}

typedef struct
{
  TlkTable *table;
  guint     column;
} TextOrder;

static int
compare_row_texts (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const TextOrder *o = user_data;

  return g_strcmp0 (tlk_table_get (o->table, *(const guint32 *) a, o->column),
                    tlk_table_get (o->table, *(const guint32 *) b, o->column));
}

/* The words a dictionary value is sorted by: states by what people read. */
static const char *
sort_text (TlkTable *table,
           Cell      cell,
           guint     value)
{
  const char *text = tlk_table_get_value (table, cells[cell].column, value);

  if (text != NULL && cell == CELL_KIT_STATE)
    return tlk_kit_state_describe (tlk_kit_state_from_string (text) % TLK_KIT_N_STATES);
  if (text != NULL && cell == CELL_DEVICE_STATE)
    return tlk_device_state_describe (tlk_device_state_from_string (text) % TLK_DEVICE_N_STATES);
  return text;
}

/* Every row in the order of @cell's column, rows equal in it by code; in
 * the table's order (by code) when @cell is 0. */
static guint32 *
sorted_rows (TlkTable *table,
             Cell      cell,
             gboolean  descending)
{
  guint n = tlk_table_get_n_rows (table);
  guint32 *order = g_new (guint32, MAX (n, 1));
  guint column = cell != 0 ? cells[cell].column : 0;

  for (guint r = 0; r < n; r++)
    order[r] = r;
  if (cell != 0 && column != 0 && tlk_table_get_column_kind (table, column) == TLK_TABLE_TEXT)
    {
      TextOrder o = { table, column };
      /* Stable: rows equal in @column stay in code order. */
      g_qsort_with_data (order, n, sizeof (guint32), compare_row_texts, &o);
    }
  else if (cell != 0 && column != 0)
    {
      guint n_values = tlk_table_get_n_values (table, column);
      g_autofree Value *values = g_new0 (Value, n_values);
      g_autofree guint32 *rank = g_new (guint32, n_values);
      g_autofree SortKey *keys = g_new (SortKey, MAX (n, 1));

      /* Collate each value once, then sort rows by the values' ranks. */
      for (guint v = 0; v < n_values; v++)
        {
          const char *text = sort_text (table, cell, v);
          values[v] = (Value) { text ? g_utf8_collate_key (text, -1) : NULL, v };
        }
      qsort (values, n_values, sizeof (Value), compare_values);
      for (guint i = 0; i < n_values; i++)
        {
          rank[values[i].id] = i;
          g_free (values[i].collate_key);
        }
      for (guint r = 0; r < n; r++)
        keys[r] = (SortKey) { rank[tlk_table_get_value_id (table, r, column)], r };
      qsort (keys, n, sizeof (SortKey), compare_keys);
      for (guint r = 0; r < n; r++)
        order[r] = keys[r].row;
    }
  if (descending)
    for (guint i = 0; i < n / 2; i++)
      {
        guint32 swap = order[i];
        order[i] = order[n - 1 - i];
        order[n - 1 - i] = swap;
      }
  return order;
}

static Cell
cell_of_key (const char *key)
{
  for (Cell c = 1; c < N_CELLS; c++)
    if (g_strcmp0 (cells[c].key, key) == 0)
      return c;
  return 0;
}

/* In the order of the column header clicked last, then search again. */
static void
sort_rows (TlkInventoryView *self,
           List             *list)
{
  gboolean descending = FALSE;
  const char *key;

  if (list->table == NULL)
    return;
  key = tlk_table_sorter_find_primary (list->sorter, &descending);
  g_free (list->order);
  list->order = sorted_rows (list->table, cell_of_key (key), descending);
  list->narrowable = FALSE;
  refilter (self, list);
}

static void
on_sorter_changed_cb (GtkSorter        *sorter,
                      GtkSorterChange   change,
                      TlkInventoryView *self)
{
  for (guint l = 0; l < N_LISTS; l++)
    if (self->lists[l].sorter == sorter)
      sort_rows (self, &self->lists[l]);
}

/* ---- loading, off the main thread ----------------------------------------- */

typedef struct
{
  ListKind   kind;
  char      *path;
  TlkTable  *table;
  GPtrArray *types;      /* kits: of TlkKitType; devices: of TlkDeviceModel */
  GPtrArray *locations;  /* of TlkLocation */
  GPtrArray *customers;  /* of TlkCustomer (kits) */
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_clear_pointer (&load->table, tlk_table_unref);
  g_clear_pointer (&load->types, g_ptr_array_unref);
  g_clear_pointer (&load->locations, g_ptr_array_unref);
  g_clear_pointer (&load->customers, g_ptr_array_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  /* Its own connection: WAL lets it read while the window writes; closed
   * when done, so its page cache goes with it. */
  store = tlk_store_open (load->path, &error);
  if (store != NULL)
    load->table = load->kind == LIST_KITS ? tlk_store_kit_table (store, &error) : tlk_store_device_table (store, &error);
  if (load->table == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load->types = tlk_store_list (store, load->kind == LIST_KITS ? TLK_SUBJECT_KIT_TYPE : TLK_SUBJECT_MODEL, NULL, NULL);
  load->locations = tlk_store_list (store, TLK_SUBJECT_LOCATION, NULL, NULL);
  if (load->kind == LIST_KITS)
    load->customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Keeps the choice of a filter across reloads by id. */
static void
fill_dropdown (List       *list,
               guint       filter,
               const char *all_label,
               GPtrArray  *ids,
               GPtrArray  *names)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  GtkDropDown *dropdown = list->filters[filter];
  const char *previous = selected_id (list, filter);
  guint keep = 0;

  gtk_string_list_append (strings, all_label);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (strings, g_ptr_array_index (names, i));
      if (g_strcmp0 (previous, g_ptr_array_index (ids, i)) == 0)
        keep = i + 1;
    }
  g_ptr_array_insert (ids, 0, g_strdup (""));
  /* Setting the model and choice asks for a search; the caller does one. */
  g_signal_handlers_block_matched (dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, list);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (dropdown, keep);
  g_signal_handlers_unblock_matched (dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, list);
  g_clear_pointer (&list->filter_ids[filter], g_ptr_array_unref);
  list->filter_ids[filter] = g_ptr_array_ref (ids);
}

static void
fill_records (List          *list,
              guint          filter,
              const char    *all_label,
              GPtrArray     *records,
              TlkSubjectKind kind)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      gpointer r = g_ptr_array_index (records, i);

      switch (kind)
        {
        case TLK_SUBJECT_KIT_TYPE:
          g_ptr_array_add (ids, g_strdup (((TlkKitType *) r)->id));
          g_ptr_array_add (names, g_strdup (((TlkKitType *) r)->name));
          break;
        case TLK_SUBJECT_MODEL:
          g_ptr_array_add (ids, g_strdup (((TlkDeviceModel *) r)->id));
          g_ptr_array_add (names, g_strdup_printf ("%s %s", ((TlkDeviceModel *) r)->manufacturer,
                                                   ((TlkDeviceModel *) r)->name));
          break;
        case TLK_SUBJECT_LOCATION:
          g_ptr_array_add (ids, g_strdup (((TlkLocation *) r)->id));
          g_ptr_array_add (names, g_strdup (((TlkLocation *) r)->name));
          break;
        case TLK_SUBJECT_CUSTOMER:
          g_ptr_array_add (ids, g_strdup (((TlkCustomer *) r)->id));
          g_ptr_array_add (names, g_strdup (((TlkCustomer *) r)->name));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  fill_dropdown (list, filter, all_label, ids, names);
}

static void
fill_filters (List *list,
              Load *load)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (list->kind == LIST_KITS)
    {
      for (int s = TLK_KIT_ASSEMBLING; s < TLK_KIT_N_STATES; s++)
        {
          g_ptr_array_add (ids, g_strdup (tlk_kit_state_to_string (s)));
          g_ptr_array_add (names, g_strdup (tlk_kit_state_describe (s)));
        }
      fill_dropdown (list, 0, _("Any state"), ids, names);
      fill_records (list, 1, _("Any kit type"), load->types, TLK_SUBJECT_KIT_TYPE);
      fill_records (list, 2, _("Any place"), load->locations, TLK_SUBJECT_LOCATION);
      fill_records (list, 3, _("Any customer"), load->customers, TLK_SUBJECT_CUSTOMER);
    }
  else
    {
      for (int s = TLK_DEVICE_IN_STOCK; s < TLK_DEVICE_N_STATES; s++)
        {
          g_ptr_array_add (ids, g_strdup (tlk_device_state_to_string (s)));
          g_ptr_array_add (names, g_strdup (tlk_device_state_describe (s)));
        }
      fill_dropdown (list, 0, _("Any state"), ids, names);
      fill_records (list, 1, _("Any model"), load->types, TLK_SUBJECT_MODEL);
      fill_records (list, 2, _("Any place"), load->locations, TLK_SUBJECT_LOCATION);
    }
}

/* The words people read for each state, searched beside the machine name:
 * "karantæne" finds quarantined kits, "hjemme" installed ones. */
static const char **
state_texts (TlkTable *table,
             ListKind  kind)
{
  guint column = lists[kind].state_column;
  guint n = tlk_table_get_n_values (table, column);
  const char **texts = g_new0 (const char *, n);

  for (guint v = 1; v < n; v++)
    {
      const char *state = tlk_table_get_value (table, column, v);

      if (kind == LIST_KITS && g_strcmp0 (state, "installed") == 0)
        {
          g_autofree char *home = g_strdup_printf ("%s %s", tlk_kit_state_describe (TLK_KIT_INSTALLED),
                                                   _("At the citizen’s home"));
          texts[v] = g_intern_string (home);
        }
      else if (kind == LIST_KITS)
        texts[v] = tlk_kit_state_describe (tlk_kit_state_from_string (state) % TLK_KIT_N_STATES);
      else
        texts[v] = tlk_device_state_describe (tlk_device_state_from_string (state) % TLK_DEVICE_N_STATES);
    }
  return texts;
}

static void
set_table (TlkInventoryView *self,
           List             *list,
           TlkTable         *table)
{
  g_autofree const char **states = state_texts (table, list->kind);

  g_clear_pointer (&list->filter, tlk_table_filter_free);
  list->filter = tlk_table_filter_new (table);
  for (guint i = 0; i < lists[list->kind].n_searched; i++)
    {
      guint column = lists[list->kind].searched[i];
      tlk_table_filter_search_column (list->filter, column, column == lists[list->kind].state_column ? states : NULL);
    }
  g_clear_pointer (&list->table, tlk_table_unref);
  list->table = tlk_table_ref (table);
  list->loaded = TRUE;
  sort_rows (self, list);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (source);
  Load *load = g_task_get_task_data (G_TASK (result));
  List *list = &self->lists[load->kind];
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr ("telekit: %s\n", error->message);
      return;
    }
  g_clear_object (&list->loading);
  fill_filters (list, load);
  set_table (self, list, load->table);
  /* The reading thread's arena holds what the read freed (SQLite's page
   * cache, the row buffers' slack): give it back to the system. */
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  g_debug ("inventory loaded: %u %s", tlk_table_get_n_rows (list->table), lists[list->kind].name);
}

static void
reload (TlkInventoryView *self,
        List             *list)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  if (self->context == NULL)
    return;
  if (list->loading != NULL)
    g_cancellable_cancel (list->loading);
  g_clear_object (&list->loading);
  list->loading = g_cancellable_new ();
  list->stale = FALSE;

  load = g_new0 (Load, 1);
  load->kind = list->kind;
  load->path = g_strdup (tlk_store_get_path (tlk_context_get_store (self->context)));
  task = g_task_new (self, list->loading, load_done_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

/* The shown list is read when first shown, and again when it was written
 * to since. */
static void
ensure_loaded (TlkInventoryView *self)
{
  List *list = &self->lists[self->shown];

  if (self->context == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if ((!list->loaded && list->loading == NULL) || list->stale)
    reload (self, list);
  update_count (self, list);
}

static gboolean
reload_cb (gpointer user_data)
{
  TlkInventoryView *self = user_data;

  self->reload_id = 0;
  ensure_loaded (self);
  return G_SOURCE_REMOVE;
}

/* Writes come in bursts at the scan desk: read again once they settle, and
 * only what is on screen. */
static void
on_context_changed_cb (TlkInventoryView *self)
{
  for (guint l = 0; l < N_LISTS; l++)
    if (self->lists[l].loaded || self->lists[l].loading != NULL)
      self->lists[l].stale = TRUE;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reload_id = g_timeout_add (800, reload_cb, self);
}

void
tlk_inventory_view_set_context (TlkInventoryView *self,
                                TlkContext       *context)
{
  g_return_if_fail (TLK_IS_INVENTORY_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  /* Read when shown: the scan desk starts without the inventory. */
  ensure_loaded (self);
}

void
tlk_inventory_view_focus_search (TlkInventoryView *self)
{
  g_return_if_fail (TLK_IS_INVENTORY_VIEW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->lists[self->shown].search_entry));
}

/* ---- selection and actions ------------------------------------------------ */

static void
update_actions (TlkInventoryView *self)
{
  guint selected = tlk_table_model_get_n_selected (self->lists[LIST_KITS].model);
  g_autofree char *text = NULL;

  if (self->shown == LIST_KITS && selected > 0)
    text = g_strdup_printf (ngettext ("%u kit selected", "%u kits selected", selected), selected);
  gtk_inscription_set_text (self->selection_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.print-labels",
                                 self->shown == LIST_KITS && selected > 0);
}

char **
tlk_inventory_view_dup_selected_codes (TlkInventoryView *self)
{
  List *list;
  g_autoptr(GArray) rows = NULL;
  GStrvBuilder *builder;
  char **codes;

  g_return_val_if_fail (TLK_IS_INVENTORY_VIEW (self), NULL);

  list = &self->lists[LIST_KITS];
  rows = tlk_table_model_dup_selected_rows (list->model);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (builder, tlk_table_get (list->table, g_array_index (rows, guint, i), TLK_KIT_COLUMN_CODE));
  codes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return codes;
}

static void
print_labels_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (widget);
  g_auto(GStrv) codes = tlk_inventory_view_dup_selected_codes (self);

  if (codes[0] != NULL)
    g_signal_emit (self, signals[PRINT_LABELS], 0, codes);
}

/* ---- the pages ------------------------------------------------------------ */

static void
show_kit (TlkInventoryView *self,
          const char       *code,
          gboolean          from_device)
{
  tlk_kit_page_show_kit (self->kit_page, self->context, code, NULL);
  self->kit_from_device = from_device;
  /* The leaflet's back gesture goes to the page before: keep it right. */
  adw_leaflet_reorder_child_after (self->leaflet, self->detail_box, from_device ? self->device_box : NULL);
  adw_leaflet_reorder_child_after (self->leaflet, self->device_box, from_device ? NULL : self->detail_box);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  gtk_widget_grab_focus (self->detail_box);
}

static void
on_column_view_activate_cb (TlkInventoryView *self,
                            guint             position,
                            GtkColumnView    *column_view)
{
  List *list = list_of_widget (self, column_view);
  guint row = tlk_table_model_get_row (list->model, position);
  const char *code;

  if (row == G_MAXUINT || self->context == NULL)
    return;
  code = tlk_table_get (list->table, row, lists[list->kind].key_column);
  if (list->kind == LIST_KITS)
    {
      show_kit (self, code, FALSE);
      return;
    }
  tlk_device_page_show_device (self->device_page, self->context, code);
  adw_leaflet_reorder_child_after (self->leaflet, self->device_box, NULL);
  adw_leaflet_reorder_child_after (self->leaflet, self->detail_box, self->device_box);
  adw_leaflet_set_visible_child_name (self->leaflet, "device");
  gtk_widget_grab_focus (self->device_box);
}

static void
on_device_page_open_kit_cb (TlkInventoryView *self,
                            const char       *code)
{
  if (self->context != NULL)
    show_kit (self, code, TRUE);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (widget);
  const char *page = adw_leaflet_get_visible_child_name (self->leaflet);

  if (g_strcmp0 (page, "detail") == 0 && self->kit_from_device)
    {
      self->kit_from_device = FALSE;
      adw_leaflet_set_visible_child_name (self->leaflet, "device");
      gtk_widget_grab_focus (self->device_box);
      return;
    }
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->lists[self->shown].column_view));
}

static void
show_list (TlkInventoryView *self,
           ListKind          kind)
{
  if (self->shown == kind)
    return;
  self->shown = kind;
  gtk_stack_set_visible_child_name (self->lists_stack, lists[kind].name);
  ensure_loaded (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

static void
on_map_cb (TlkInventoryView *self)
{
  ensure_loaded (self);
}

/* ---- the object ----------------------------------------------------------- */

static void
list_clear (TlkInventoryView *self,
            List             *list)
{
  if (list->sorter != NULL)
    g_signal_handlers_disconnect_by_data (list->sorter, self);
  g_clear_object (&list->sorter);
  if (list->loading != NULL)
    g_cancellable_cancel (list->loading);
  g_clear_object (&list->loading);
  g_clear_object (&list->model);
  g_clear_pointer (&list->filter, tlk_table_filter_free);
  g_clear_pointer (&list->table, tlk_table_unref);
  g_clear_pointer (&list->order, g_free);
  g_clear_pointer (&list->needle, g_free);
  for (guint f = 0; f < MAX_FILTERS; f++)
    g_clear_pointer (&list->filter_ids[f], g_ptr_array_unref);
}

static void
tlk_inventory_view_dispose (GObject *object)
{
  TlkInventoryView *self = (TlkInventoryView *) object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  /* Connected with g_signal_connect_object(): gone with us at the latest. */
  if (self->after_paint_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  self->after_paint_id = 0;
  /* The parent class takes the template's widgets apart; calling
   * gtk_widget_dispose_template() too unparents them twice. */
  g_clear_object (&self->context);
  for (guint l = 0; l < N_LISTS; l++)
    list_clear (self, &self->lists[l]);

  G_OBJECT_CLASS (tlk_inventory_view_parent_class)->dispose (object);
}

static void
tlk_inventory_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_string (value, lists[self->shown].name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_inventory_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TlkInventoryView *self = TLK_INVENTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      show_list (self, g_strcmp0 (g_value_get_string (value), "devices") == 0 ? LIST_DEVICES : LIST_KITS);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_inventory_view_class_init (TlkInventoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_inventory_view_dispose;
  object_class->get_property = tlk_inventory_view_get_property;
  object_class->set_property = tlk_inventory_view_set_property;

  properties[PROP_LIST] =
    g_param_spec_string ("list", NULL, NULL, "kits",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PRINT_LABELS] = g_signal_new ("print-labels", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);

  g_type_ensure (TLK_TYPE_KIT_PAGE);
  g_type_ensure (TLK_TYPE_DEVICE_PAGE);
  g_type_ensure (TLK_TYPE_TABLE_SORTER);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/inventory/tlk-inventory-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, lists_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, kit_page);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, detail_box);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, device_page);
  gtk_widget_class_bind_template_child (widget_class, TlkInventoryView, device_box);
  {
    static const char *const names[N_LISTS] = { "kits", "devices" };
    static const char *const filter_names[N_LISTS][MAX_FILTERS] = {
      { "state_filter", "type_filter", "location_filter", "customer_filter" },
      { "state_filter", "model_filter", "location_filter", NULL },
    };

    for (guint l = 0; l < N_LISTS; l++)
      {
        const gssize base = G_STRUCT_OFFSET (TlkInventoryView, lists) + l * sizeof (List);
        g_autofree char *entry = g_strconcat (names[l], "_search_entry", NULL);
        g_autofree char *count = g_strconcat (names[l], "_count_label", NULL);
        g_autofree char *stack = g_strconcat (names[l], "_stack", NULL);
        g_autofree char *scroller = g_strconcat (names[l], "_scroller", NULL);
        g_autofree char *column_view = g_strconcat (names[l], "_column_view", NULL);

        gtk_widget_class_bind_template_child_full (widget_class, entry, FALSE, base + G_STRUCT_OFFSET (List, search_entry));
        gtk_widget_class_bind_template_child_full (widget_class, count, FALSE, base + G_STRUCT_OFFSET (List, count_label));
        gtk_widget_class_bind_template_child_full (widget_class, stack, FALSE, base + G_STRUCT_OFFSET (List, stack));
        gtk_widget_class_bind_template_child_full (widget_class, scroller, FALSE, base + G_STRUCT_OFFSET (List, scroller));
        gtk_widget_class_bind_template_child_full (widget_class, column_view, FALSE,
                                                   base + G_STRUCT_OFFSET (List, column_view));
        for (guint f = 0; f < lists[l].n_filters; f++)
          {
            g_autofree char *filter = g_strconcat (names[l], "_", filter_names[l][f], NULL);
            gtk_widget_class_bind_template_child_full (widget_class, filter, FALSE,
                                                       base + G_STRUCT_OFFSET (List, filters) + f * sizeof (GtkDropDown *));
          }
      }
  }
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_device_page_open_kit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_unbind_cb);

  gtk_widget_class_install_property_action (widget_class, "inventory.list", "list");
  gtk_widget_class_install_action (widget_class, "inventory.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "inventory.print-labels", NULL, print_labels_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "inventory.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "inventory.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "inventory.print-labels", NULL);
}

static void
tlk_inventory_view_init (TlkInventoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint l = 0; l < N_LISTS; l++)
    {
      List *list = &self->lists[l];
      GListModel *columns = gtk_column_view_get_columns (list->column_view);

      list->kind = l;
      list->model = tlk_table_model_new (lists[l].key_column);
      gtk_column_view_set_model (list->column_view, GTK_SELECTION_MODEL (g_object_ref (list->model)));
      /* Each cell factory learns its cell from its column's sorter key. */
      for (guint c = 0; c < g_list_model_get_n_items (columns); c++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, c);
          GtkSorter *sorter = gtk_column_view_column_get_sorter (column);
          Cell cell = cell_of_key (tlk_table_sorter_get_key (TLK_TABLE_SORTER (sorter)));

          g_assert (cell != 0);
          g_object_set_qdata (G_OBJECT (gtk_column_view_column_get_factory (column)), cell_quark (),
                              GINT_TO_POINTER (cell));
        }
      list->sorter = g_object_ref (gtk_column_view_get_sorter (list->column_view));
      g_signal_connect (list->sorter, "changed", G_CALLBACK (on_sorter_changed_cb), self);
      /* Typing anywhere in the list searches. */
      gtk_search_entry_set_key_capture_widget (list->search_entry, GTK_WIDGET (list->column_view));
      update_count (self, list);
    }
  g_signal_connect_object (self->lists[LIST_KITS].model, "selection-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  update_actions (self);
}
