/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TLK_TYPE_TABLE_SORTER (tlk_table_sorter_get_type ())

G_DECLARE_FINAL_TYPE (TlkTableSorter, tlk_table_sorter, TLK, TABLE_SORTER, GtkSorter)

/*
 * A column view column's sorter that names what it sorts by (its "key", set
 * in the .ui). The inventory sorts its packed rows itself; GTK 4.8's
 * column view cannot say which column the user clicked last, so
 * tlk_table_sorter_find_primary() asks the column view's sorter. It never
 * compares items.
 */

const char *tlk_table_sorter_get_key       (TlkTableSorter *self);
/* The key of the column the column view's @sorter sorts by first, and
 * whether descending; NULL when it does not sort. */
const char *tlk_table_sorter_find_primary (GtkSorter *sorter,
                                           gboolean  *descending);

G_END_DECLS
