/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A read-only table of text, packed: what the inventory lists (100,000 kits,
 * 400,000 devices) without a heap block per row or per value. Each column is
 * one of two kinds:
 *
 *   TLK_TABLE_TEXT        every row has a value of its own (codes, serials):
 *                         one character buffer and an offset per row;
 *   TLK_TABLE_DICTIONARY  values repeat (names, states, dates): each distinct
 *                         value is stored once and a row holds its number in
 *                         1, 2 or 4 bytes, whatever the number of values needs.
 *
 * Value number 0 of a dictionary column is "no value" (SQL NULL). Built row by
 * row (by the store, on any thread), then frozen with tlk_table_freeze() and
 * shared between threads by reference.
 */
typedef struct _TlkTable TlkTable;

typedef enum
{
  TLK_TABLE_TEXT,
  TLK_TABLE_DICTIONARY,
} TlkTableColumnKind;

TlkTable   *tlk_table_new             (guint                     n_columns,
                                       const TlkTableColumnKind *kinds);
TlkTable   *tlk_table_ref             (TlkTable                 *self);
void        tlk_table_unref           (TlkTable                 *self);
/* @values has one entry per column; NULL for none. */
void        tlk_table_add_row         (TlkTable                 *self,
                                       const char *const        *values);
/* Ends building: drops what building needed and trims the buffers. */
void        tlk_table_freeze          (TlkTable                 *self);

guint       tlk_table_get_n_rows      (TlkTable                 *self);
guint       tlk_table_get_n_columns   (TlkTable                 *self);
TlkTableColumnKind tlk_table_get_column_kind (TlkTable          *self,
                                       guint                     column);
/* The text of a cell, or NULL. */
const char *tlk_table_get             (TlkTable                 *self,
                                       guint                     row,
                                       guint                     column);
/* Dictionary columns: the number of the cell's value (0: none), how many
 * numbers there are (including 0), and the value of a number. */
guint       tlk_table_get_value_id    (TlkTable                 *self,
                                       guint                     row,
                                       guint                     column);
guint       tlk_table_get_n_values    (TlkTable                 *self,
                                       guint                     column);
const char *tlk_table_get_value       (TlkTable                 *self,
                                       guint                     column,
                                       guint                     value_id);
/* The number of @value in a dictionary column, or 0 when absent. */
guint       tlk_table_lookup_value    (TlkTable                 *self,
                                       guint                     column,
                                       const char               *value);
/* The row whose text column @column (sorted ascending, as the store reads
 * codes) holds @text, or G_MAXUINT. */
guint       tlk_table_find_sorted     (TlkTable                 *self,
                                       guint                     column,
                                       const char               *text);
/* Bytes held, for the benchmark's report. */
gsize       tlk_table_get_size        (TlkTable                 *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkTable, tlk_table_unref)

G_END_DECLS
