/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-table.h"

G_BEGIN_DECLS

/*
 * Which rows of a TlkTable a search and the filters let through: the
 * inventory's search as you type. A row matches when every required value
 * is there and one searched column contains the search text, compared
 * folded (tlk_table_fold()). Dictionary columns are matched once per value,
 * not once per row.
 */
typedef struct _TlkTableFilter TlkTableFilter;

TlkTableFilter *tlk_table_filter_new            (TlkTable        *table);
void            tlk_table_filter_free           (TlkTableFilter  *self);
/* Searches @column: its text, or for a dictionary column @texts[value
 * number] when @texts is not NULL (what people read: "Klar" for "ready"). */
void            tlk_table_filter_search_column  (TlkTableFilter  *self,
                                                 guint            column,
                                                 const char     **texts);
/* Lets through only rows whose dictionary @column holds @value_id; 0 lets
 * every row through. Returns TRUE when that changed the filter. */
gboolean        tlk_table_filter_require        (TlkTableFilter  *self,
                                                 guint            column,
                                                 guint            value_id);
/* The rows of @candidates (in list order) that match @needle (folded), in
 * the same order; @n_matches gets how many. */
guint32        *tlk_table_filter_run            (TlkTableFilter  *self,
                                                 const char      *needle,
                                                 const guint32   *candidates,
                                                 guint            n_candidates,
                                                 guint           *n_matches);

/* Lower case, spaces and dashes removed: "K 3F9-a2c" → "k3f9a2c". */
char           *tlk_table_fold                  (const char      *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkTableFilter, tlk_table_filter_free)

G_END_DECLS
