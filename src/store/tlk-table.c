/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-table.h"

#include <string.h>

#define NO_TEXT G_MAXUINT32

typedef struct
{
  TlkTableColumnKind kind;
  /* Values back to back, each with its NUL; offsets[i] is where value i
   * starts (a row for TEXT, a value number for DICTIONARY), NO_TEXT for
   * none. */
  char       *chars;
  gsize       chars_len;
  guint32    *offsets;
  guint       n_offsets;
  /* DICTIONARY: each row's value number, @width bytes a row. */
  guint8     *ids;
  guint       width;
  /* While building. */
  GByteArray *build_chars;
  GArray     *build_offsets;
  GArray     *build_ids;
  GHashTable *index;         /* value (own copy) → number */
} Column;

struct _TlkTable
{
  gatomicrefcount ref_count;
  guint           n_columns;
  guint           n_rows;
  gboolean        frozen;
  Column         *columns;
};

TlkTable *
tlk_table_new (guint                     n_columns,
               const TlkTableColumnKind *kinds)
{
  TlkTable *self;

  g_return_val_if_fail (n_columns > 0, NULL);
  g_return_val_if_fail (kinds != NULL, NULL);

  self = g_new0 (TlkTable, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_columns = n_columns;
  self->columns = g_new0 (Column, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      Column *col = &self->columns[c];
      guint32 none = NO_TEXT;

      col->kind = kinds[c];
      col->build_chars = g_byte_array_new ();
      col->build_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
      if (col->kind == TLK_TABLE_DICTIONARY)
        {
          col->build_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
          col->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_array_append_val (col->build_offsets, none);   /* number 0: none */
        }
    }
  return self;
}

TlkTable *
tlk_table_ref (TlkTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
column_clear (Column *col)
{
  g_free (col->chars);
  g_free (col->offsets);
  g_free (col->ids);
  if (col->build_chars != NULL)
    g_byte_array_unref (col->build_chars);
  if (col->build_offsets != NULL)
    g_array_unref (col->build_offsets);
  if (col->build_ids != NULL)
    g_array_unref (col->build_ids);
  if (col->index != NULL)
    g_hash_table_unref (col->index);
}

void
tlk_table_unref (TlkTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint c = 0; c < self->n_columns; c++)
    column_clear (&self->columns[c]);
  g_free (self->columns);
  g_free (self);
}

static guint32
append_text (Column     *col,
             const char *text)
{
  guint32 offset = col->build_chars->len;

  g_byte_array_append (col->build_chars, (const guint8 *) text, strlen (text) + 1);
  return offset;
}

void
tlk_table_add_row (TlkTable          *self,
                   const char *const *values)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->frozen);
  g_return_if_fail (values != NULL);

  for (guint c = 0; c < self->n_columns; c++)
    {
      Column *col = &self->columns[c];
      const char *value = values[c];

      if (col->kind == TLK_TABLE_TEXT)
        {
          guint32 offset = value != NULL ? append_text (col, value) : NO_TEXT;
          g_array_append_val (col->build_offsets, offset);
        }
      else
        {
          gpointer found = NULL;
          guint32 id = 0;

          if (value != NULL && !g_hash_table_lookup_extended (col->index, value, NULL, &found))
            {
              guint32 offset = append_text (col, value);

              id = col->build_offsets->len;
              g_array_append_val (col->build_offsets, offset);
              g_hash_table_insert (col->index, g_strdup (value), GUINT_TO_POINTER (id));
            }
          else if (value != NULL)
            id = GPOINTER_TO_UINT (found);
          g_array_append_val (col->build_ids, id);
        }
    }
  self->n_rows++;
}

static gpointer
steal_trimmed (gpointer data,
               gsize    size)
{
  /* Growing arrays double: give the slack back. */
  return g_realloc (data, MAX (size, 1));
}

void
tlk_table_freeze (TlkTable *self)
{
  g_return_if_fail (self != NULL);

  if (self->frozen)
    return;
  self->frozen = TRUE;
  for (guint c = 0; c < self->n_columns; c++)
    {
      Column *col = &self->columns[c];
      gsize len;

      col->chars_len = col->build_chars->len;
      col->chars = steal_trimmed (g_byte_array_steal (col->build_chars, &len), col->chars_len);
      g_clear_pointer (&col->build_chars, g_byte_array_unref);
      col->n_offsets = col->build_offsets->len;
      col->offsets = steal_trimmed (g_array_steal (col->build_offsets, &len), col->n_offsets * sizeof (guint32));
      g_clear_pointer (&col->build_offsets, g_array_unref);

      if (col->kind == TLK_TABLE_DICTIONARY)
        {
          const guint32 *wide = (const guint32 *) (gpointer) col->build_ids->data;

          col->width = col->n_offsets <= G_MAXUINT8 + 1 ? 1 : col->n_offsets <= G_MAXUINT16 + 1 ? 2 : 4;
          col->ids = g_malloc (MAX (self->n_rows * col->width, 1));
          for (guint r = 0; r < self->n_rows; r++)
            {
              if (col->width == 1)
                col->ids[r] = (guint8) wide[r];
              else if (col->width == 2)
                ((guint16 *) (gpointer) col->ids)[r] = (guint16) wide[r];
              else
                ((guint32 *) (gpointer) col->ids)[r] = wide[r];
            }
          g_clear_pointer (&col->build_ids, g_array_unref);
          g_clear_pointer (&col->index, g_hash_table_unref);
        }
    }
}

guint
tlk_table_get_n_rows (TlkTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

guint
tlk_table_get_n_columns (TlkTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

TlkTableColumnKind
tlk_table_get_column_kind (TlkTable *self,
                           guint     column)
{
  g_return_val_if_fail (self != NULL, TLK_TABLE_TEXT);
  g_return_val_if_fail (column < self->n_columns, TLK_TABLE_TEXT);
  return self->columns[column].kind;
}

static inline const char *
text_at (const Column *col,
         guint32       index)
{
  guint32 offset = col->offsets[index];

  return offset == NO_TEXT ? NULL : col->chars + offset;
}

guint
tlk_table_get_value_id (TlkTable *self,
                        guint     row,
                        guint     column)
{
  const Column *col;

  g_return_val_if_fail (self != NULL && self->frozen, 0);
  g_return_val_if_fail (column < self->n_columns && row < self->n_rows, 0);

  col = &self->columns[column];
  g_return_val_if_fail (col->kind == TLK_TABLE_DICTIONARY, 0);
  switch (col->width)
    {
    case 1:
      return col->ids[row];
    case 2:
      return ((const guint16 *) (gconstpointer) col->ids)[row];
    default:
      return ((const guint32 *) (gconstpointer) col->ids)[row];
    }
}

const char *
tlk_table_get (TlkTable *self,
               guint     row,
               guint     column)
{
  const Column *col;

  g_return_val_if_fail (self != NULL && self->frozen, NULL);
  g_return_val_if_fail (column < self->n_columns && row < self->n_rows, NULL);

  col = &self->columns[column];
  if (col->kind == TLK_TABLE_TEXT)
    return text_at (col, row);
  return text_at (col, tlk_table_get_value_id (self, row, column));
}

guint
tlk_table_get_n_values (TlkTable *self,
                        guint     column)
{
  g_return_val_if_fail (self != NULL && self->frozen, 0);
  g_return_val_if_fail (column < self->n_columns, 0);
  g_return_val_if_fail (self->columns[column].kind == TLK_TABLE_DICTIONARY, 0);
  return self->columns[column].n_offsets;
}

const char *
tlk_table_get_value (TlkTable *self,
                     guint     column,
                     guint     value_id)
{
  g_return_val_if_fail (self != NULL && self->frozen, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);
  g_return_val_if_fail (self->columns[column].kind == TLK_TABLE_DICTIONARY, NULL);
  g_return_val_if_fail (value_id < self->columns[column].n_offsets, NULL);
  return text_at (&self->columns[column], value_id);
}

guint
tlk_table_lookup_value (TlkTable   *self,
                        guint       column,
                        const char *value)
{
  const Column *col;

  g_return_val_if_fail (self != NULL && self->frozen, 0);
  g_return_val_if_fail (column < self->n_columns, 0);

  col = &self->columns[column];
  g_return_val_if_fail (col->kind == TLK_TABLE_DICTIONARY, 0);
  if (value == NULL)
    return 0;
  /* Dictionaries are small (kit types, places, dates): a walk will do. */
  for (guint i = 1; i < col->n_offsets; i++)
    if (strcmp (text_at (col, i), value) == 0)
      return i;
  return 0;
}

guint
tlk_table_find_sorted (TlkTable   *self,
                       guint       column,
                       const char *text)
{
  const Column *col;
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL && self->frozen, G_MAXUINT);
  g_return_val_if_fail (column < self->n_columns, G_MAXUINT);
  g_return_val_if_fail (text != NULL, G_MAXUINT);

  col = &self->columns[column];
  g_return_val_if_fail (col->kind == TLK_TABLE_TEXT, G_MAXUINT);
  hi = self->n_rows;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const char *at = text_at (col, mid);
      int cmp = g_strcmp0 (at, text);

      if (cmp == 0)
        return mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return G_MAXUINT;
}

gsize
tlk_table_get_size (TlkTable *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL && self->frozen, 0);

  size = sizeof (TlkTable) + self->n_columns * sizeof (Column);
  for (guint c = 0; c < self->n_columns; c++)
    {
      const Column *col = &self->columns[c];
      size += col->chars_len + col->n_offsets * sizeof (guint32) + (gsize) self->n_rows * col->width;
    }
  return size;
}
