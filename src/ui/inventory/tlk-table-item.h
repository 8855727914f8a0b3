/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tlk-table.h"

G_BEGIN_DECLS

#define TLK_TYPE_TABLE_ITEM (tlk_table_item_get_type ())

G_DECLARE_FINAL_TYPE (TlkTableItem, tlk_table_item, TLK, TABLE_ITEM, GObject)

typedef struct _TlkTableModel TlkTableModel;

/*
 * One place in a TlkTableModel, as a list view sees it: the row it shows
 * changes with each search or sort, and ::changed says so. Made on demand
 * for the rows on screen only.
 */

TlkTableItem *tlk_table_item_new          (TlkTableModel *model,
                                           guint          position);
guint         tlk_table_item_get_position (TlkTableItem  *self);
/* The table row shown here, or G_MAXUINT when the place is past the end. */
guint         tlk_table_item_get_row      (TlkTableItem  *self);
TlkTable     *tlk_table_item_get_table    (TlkTableItem  *self);
/* For TlkTableModel: the row shown here is another one now. */
void          tlk_table_item_emit_changed (TlkTableItem  *self);

G_END_DECLS
