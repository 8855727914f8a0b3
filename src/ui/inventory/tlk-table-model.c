/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-table-model.h"

struct _TlkTableModel
{
  GObject     parent_instance;

  guint       key_column;
  TlkTable   *table;
  guint32    *rows;        /* shown, in list order */
  guint       n_rows;
  GHashTable *items;       /* position → TlkTableItem, not owned: the places on screen */
  GtkBitset  *selected;    /* of table rows */
};

static void list_model_iface_init (GListModelInterface *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlkTableModel, tlk_table_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

/* ---- GListModel ----------------------------------------------------------- */

static GType
tlk_table_model_get_item_type (GListModel *model)
{
  return TLK_TYPE_TABLE_ITEM;
}

static guint
tlk_table_model_get_n_items (GListModel *model)
{
  return TLK_TABLE_MODEL (model)->n_rows;
}

static gpointer
tlk_table_model_get_item (GListModel *model,
                          guint       position)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);
  TlkTableItem *item;

  if (position >= self->n_rows)
    return NULL;
  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);
  item = tlk_table_item_new (self, position);
  g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tlk_table_model_get_item_type;
  iface->get_n_items = tlk_table_model_get_n_items;
  iface->get_item = tlk_table_model_get_item;
}

void
tlk_table_model_forget_item (TlkTableModel *self,
                             TlkTableItem  *item)
{
  gpointer key = GUINT_TO_POINTER (tlk_table_item_get_position (item));

  g_return_if_fail (TLK_IS_TABLE_MODEL (self));

  if (g_hash_table_lookup (self->items, key) == item)
    g_hash_table_remove (self->items, key);
}

/* ---- GtkSelectionModel ---------------------------------------------------- */

/* The widgets of the places on screen look again; GTK only visits those. */
static void
selection_changed (TlkTableModel *self)
{
  if (self->n_rows > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, self->n_rows);
}

static gboolean
tlk_table_model_is_selected (GtkSelectionModel *model,
                             guint              position)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);

  return position < self->n_rows && gtk_bitset_contains (self->selected, self->rows[position]);
}

static GtkBitset *
tlk_table_model_get_selection_in_range (GtkSelectionModel *model,
                                        guint              position,
                                        guint              n_items)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);
  GtkBitset *result = gtk_bitset_new_empty ();

  if (gtk_bitset_is_empty (self->selected))
    return result;
  for (guint i = position; i < position + n_items && i < self->n_rows; i++)
    if (gtk_bitset_contains (self->selected, self->rows[i]))
      gtk_bitset_add (result, i);
  return result;
}

static gboolean
tlk_table_model_select_range (GtkSelectionModel *model,
                              guint              position,
                              guint              n_items,
                              gboolean           exclusive)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);

  if (exclusive)
    gtk_bitset_remove_all (self->selected);
  for (guint i = position; i < position + n_items && i < self->n_rows; i++)
    gtk_bitset_add (self->selected, self->rows[i]);
  selection_changed (self);
  return TRUE;
}

static gboolean
tlk_table_model_select_item (GtkSelectionModel *model,
                             guint              position,
                             gboolean           exclusive)
{
  return tlk_table_model_select_range (model, position, 1, exclusive);
}

static gboolean
tlk_table_model_unselect_range (GtkSelectionModel *model,
                                guint              position,
                                guint              n_items)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);

  for (guint i = position; i < position + n_items && i < self->n_rows; i++)
    gtk_bitset_remove (self->selected, self->rows[i]);
  selection_changed (self);
  return TRUE;
}

static gboolean
tlk_table_model_unselect_item (GtkSelectionModel *model,
                               guint              position)
{
  return tlk_table_model_unselect_range (model, position, 1);
}

static gboolean
tlk_table_model_select_all (GtkSelectionModel *model)
{
  return tlk_table_model_select_range (model, 0, TLK_TABLE_MODEL (model)->n_rows, FALSE);
}

static gboolean
tlk_table_model_unselect_all (GtkSelectionModel *model)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);

  gtk_bitset_remove_all (self->selected);
  selection_changed (self);
  return TRUE;
}

/* The rubberband's way: @selected for the positions in @mask. */
static gboolean
tlk_table_model_set_selection (GtkSelectionModel *model,
                               GtkBitset         *selected,
                               GtkBitset         *mask)
{
  TlkTableModel *self = TLK_TABLE_MODEL (model);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, mask, &position);
       more && position < self->n_rows;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      if (gtk_bitset_contains (selected, position))
        gtk_bitset_add (self->selected, self->rows[position]);
      else
        gtk_bitset_remove (self->selected, self->rows[position]);
    }
  selection_changed (self);
  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = tlk_table_model_is_selected;
  iface->get_selection_in_range = tlk_table_model_get_selection_in_range;
  iface->select_item = tlk_table_model_select_item;
  iface->unselect_item = tlk_table_model_unselect_item;
  iface->select_range = tlk_table_model_select_range;
  iface->unselect_range = tlk_table_model_unselect_range;
  iface->select_all = tlk_table_model_select_all;
  iface->unselect_all = tlk_table_model_unselect_all;
  iface->set_selection = tlk_table_model_set_selection;
}

/* ---- the object ----------------------------------------------------------- */

static void
tlk_table_model_finalize (GObject *object)
{
  TlkTableModel *self = (TlkTableModel *) object;

  g_clear_pointer (&self->table, tlk_table_unref);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->selected, gtk_bitset_unref);

  G_OBJECT_CLASS (tlk_table_model_parent_class)->finalize (object);
}

static void
tlk_table_model_class_init (TlkTableModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tlk_table_model_finalize;
}

static void
tlk_table_model_init (TlkTableModel *self)
{
  self->items = g_hash_table_new (NULL, NULL);
  self->selected = gtk_bitset_new_empty ();
}

TlkTableModel *
tlk_table_model_new (guint key_column)
{
  TlkTableModel *self = g_object_new (TLK_TYPE_TABLE_MODEL, NULL);

  self->key_column = key_column;
  return self;
}

TlkTable *
tlk_table_model_get_table (TlkTableModel *self)
{
  g_return_val_if_fail (TLK_IS_TABLE_MODEL (self), NULL);
  return self->table;
}

const guint32 *
tlk_table_model_get_rows (TlkTableModel *self,
                          guint         *n_rows)
{
  g_return_val_if_fail (TLK_IS_TABLE_MODEL (self), NULL);

  if (n_rows != NULL)
    *n_rows = self->n_rows;
  return self->rows;
}

guint
tlk_table_model_get_row (TlkTableModel *self,
                         guint          position)
{
  g_return_val_if_fail (TLK_IS_TABLE_MODEL (self), G_MAXUINT);

  return position < self->n_rows ? self->rows[position] : G_MAXUINT;
}

/* The selection in @table's rows, by key. */
static GtkBitset *
selection_in (TlkTableModel *self,
              TlkTable      *table)
{
  GtkBitset *moved = gtk_bitset_new_empty ();
  GtkBitsetIter iter;
  guint row;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, self->selected, &row); more;
       more = gtk_bitset_iter_next (&iter, &row))
    {
      guint found = tlk_table_find_sorted (table, self->key_column, tlk_table_get (self->table, row, self->key_column));
      if (found != G_MAXUINT)
        gtk_bitset_add (moved, found);
    }
  return moved;
}

void
tlk_table_model_set_rows (TlkTableModel *self,
                          TlkTable      *table,
                          guint32       *rows,
                          guint          n_rows)
{
  g_autoptr(GPtrArray) on_screen = NULL;
  guint old_n = self->n_rows;
  gboolean had_selection;
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (TLK_IS_TABLE_MODEL (self));
  g_return_if_fail (table != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);

  had_selection = !gtk_bitset_is_empty (self->selected);
  if (had_selection && self->table != NULL && self->table != table)
    {
      GtkBitset *moved = selection_in (self, table);
      gtk_bitset_unref (self->selected);
      self->selected = moved;
    }
  if (self->table != table)
    {
      g_clear_pointer (&self->table, tlk_table_unref);
      self->table = tlk_table_ref (table);
    }
  g_free (self->rows);
  self->rows = rows;
  self->n_rows = n_rows;

  /* Selected rows that are no longer shown are no longer selected. */
  if (had_selection)
    {
      GtkBitset *shown = gtk_bitset_new_empty ();

      for (guint i = 0; i < n_rows; i++)
        gtk_bitset_add (shown, rows[i]);
      gtk_bitset_intersect (self->selected, shown);
      gtk_bitset_unref (shown);
    }

  /* The places on screen show their new rows; then the list's length. */
  on_screen = g_ptr_array_new_full (g_hash_table_size (self->items), g_object_unref);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    if (tlk_table_item_get_position (item) < n_rows)
      g_ptr_array_add (on_screen, g_object_ref (item));
  for (guint i = 0; i < on_screen->len; i++)
    tlk_table_item_emit_changed (g_ptr_array_index (on_screen, i));
  if (n_rows < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), n_rows, old_n - n_rows, 0);
  else if (n_rows > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_rows - old_n);
  if (had_selection)
    selection_changed (self);
}

guint
tlk_table_model_get_n_selected (TlkTableModel *self)
{
  g_return_val_if_fail (TLK_IS_TABLE_MODEL (self), 0);
  return (guint) gtk_bitset_get_size (self->selected);
}

GArray *
tlk_table_model_dup_selected_rows (TlkTableModel *self)
{
  GArray *selected;

  g_return_val_if_fail (TLK_IS_TABLE_MODEL (self), NULL);

  selected = g_array_new (FALSE, FALSE, sizeof (guint));
  if (gtk_bitset_is_empty (self->selected))
    return selected;
  for (guint i = 0; i < self->n_rows; i++)
    if (gtk_bitset_contains (self->selected, self->rows[i]))
      g_array_append_val (selected, self->rows[i]);
  return selected;
}
