/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tlk-table-item.h"
#include "tlk-table.h"

G_BEGIN_DECLS

#define TLK_TYPE_TABLE_MODEL (tlk_table_model_get_type ())

G_DECLARE_FINAL_TYPE (TlkTableModel, tlk_table_model, TLK, TABLE_MODEL, GObject)

/*
 * Some rows of a TlkTable, in a given order, as a list and a multiple
 * selection for a GtkColumnView (GTK 4.8).
 *
 * Its items are the places in the list (TlkTableItem), not the rows: a new
 * search or sort changes which row each place shows and tells the places on
 * screen (::changed), and the list itself only grows or shrinks at its end.
 * GTK 4.8's list view destroys and rebuilds the row widget of every item
 * that is removed, and when the item it tracks (the first one on screen)
 * is removed it walks the whole new range for moved items: a new list of
 * 100,000 rows per keystroke cost 60–200 ms in that, while this costs the
 * ~200 rows it keeps alive, rebound in place.
 *
 * The selection is kept by table row, so sorting keeps it; a search keeps
 * the selected rows it still shows and drops the others.
 */

/* @key_column: a text column, sorted ascending, naming a row across
 * reloads (the code). */
TlkTableModel *tlk_table_model_new               (guint          key_column);
TlkTable      *tlk_table_model_get_table         (TlkTableModel *self);
/* Shows @rows (rows of @table, taken). With a new @table (a reload) the
 * selection follows the key column. */
void           tlk_table_model_set_rows          (TlkTableModel *self,
                                                  TlkTable      *table,
                                                  guint32       *rows,
                                                  guint          n_rows);
const guint32 *tlk_table_model_get_rows          (TlkTableModel *self,
                                                  guint         *n_rows);
/* The table row at @position, or G_MAXUINT. */
guint          tlk_table_model_get_row           (TlkTableModel *self,
                                                  guint          position);
guint          tlk_table_model_get_n_selected    (TlkTableModel *self);
/* The selected rows in list order. */
GArray        *tlk_table_model_dup_selected_rows (TlkTableModel *self);

/* For TlkTableItem. */
void           tlk_table_model_forget_item       (TlkTableModel *self,
                                                  TlkTableItem  *item);

G_END_DECLS
