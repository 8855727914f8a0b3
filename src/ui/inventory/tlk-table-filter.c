/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-table-filter.h"

#include <string.h>

typedef struct
{
  guint   column;
  char  **folded;      /* dictionary: per value number, folded; NULL for a text column */
  guint   n_values;
  guint8 *hits;        /* per value number, for the current search */
} Searched;

typedef struct
{
  guint column;
  guint value_id;
} Required;

struct _TlkTableFilter
{
  TlkTable *table;
  GArray   *searched;   /* of Searched */
  GArray   *required;   /* of Required */
};

char *
tlk_table_fold (const char *text)
{
  g_autofree char *down = g_utf8_casefold (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (down));

  for (const char *p = down; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
searched_clear (Searched *s)
{
  if (s->folded != NULL)
    for (guint i = 0; i < s->n_values; i++)
      g_free (s->folded[i]);
  g_free (s->folded);
  g_free (s->hits);
}

TlkTableFilter *
tlk_table_filter_new (TlkTable *table)
{
  TlkTableFilter *self;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_new0 (TlkTableFilter, 1);
  self->table = tlk_table_ref (table);
  self->searched = g_array_new (FALSE, TRUE, sizeof (Searched));
  g_array_set_clear_func (self->searched, (GDestroyNotify) searched_clear);
  self->required = g_array_new (FALSE, TRUE, sizeof (Required));
  return self;
}

void
tlk_table_filter_free (TlkTableFilter *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->searched);
  g_array_unref (self->required);
  tlk_table_unref (self->table);
  g_free (self);
}

void
tlk_table_filter_search_column (TlkTableFilter  *self,
                                guint            column,
                                const char     **texts)
{
  Searched s = { column, NULL, 0, NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (column < tlk_table_get_n_columns (self->table));

  if (tlk_table_get_column_kind (self->table, column) == TLK_TABLE_DICTIONARY)
    {
      s.n_values = tlk_table_get_n_values (self->table, column);
      s.folded = g_new0 (char *, s.n_values);
      s.hits = g_new0 (guint8, s.n_values);
      for (guint v = 1; v < s.n_values; v++)
        {
          const char *text = texts != NULL ? texts[v] : tlk_table_get_value (self->table, column, v);
          s.folded[v] = text != NULL ? tlk_table_fold (text) : NULL;
        }
    }
  g_array_append_val (self->searched, s);
}

gboolean
tlk_table_filter_require (TlkTableFilter *self,
                          guint           column,
                          guint           value_id)
{
  Required r = { column, value_id };

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->required->len; i++)
    {
      Required *have = &g_array_index (self->required, Required, i);

      if (have->column != column)
        continue;
      if (have->value_id == value_id)
        return FALSE;
      if (value_id == 0)
        g_array_remove_index (self->required, i);
      else
        have->value_id = value_id;
      return TRUE;
    }
  if (value_id == 0)
    return FALSE;
  g_array_append_val (self->required, r);
  return TRUE;
}

/* Does @text contain @needle (folded) when spaces and dashes are skipped and
 * ASCII case is ignored? For codes and serials: no copy a row. */
static gboolean
text_contains (const char *text,
               const char *needle)
{
  if (text == NULL)
    return FALSE;
  for (const char *start = text; *start != '\0'; start++)
    {
      const char *t = start;
      const char *n = needle;

      if (*start == ' ' || *start == '-')
        continue;
      while (*n != '\0')
        {
          while (*t == ' ' || *t == '-')
            t++;
          if (*t == '\0' || g_ascii_tolower (*t) != *n)
            break;
          t++;
          n++;
        }
      if (*n == '\0')
        return TRUE;
    }
  return FALSE;
}

static gboolean
row_matches (TlkTableFilter *self,
             guint           row,
             const char     *needle)
{
  for (guint i = 0; i < self->required->len; i++)
    {
      const Required *r = &g_array_index (self->required, Required, i);

      if (tlk_table_get_value_id (self->table, row, r->column) != r->value_id)
        return FALSE;
    }
  if (*needle == '\0')
    return TRUE;
  for (guint i = 0; i < self->searched->len; i++)
    {
      const Searched *s = &g_array_index (self->searched, Searched, i);

      if (s->hits != NULL ? s->hits[tlk_table_get_value_id (self->table, row, s->column)] != 0
                          : text_contains (tlk_table_get (self->table, row, s->column), needle))
        return TRUE;
    }
  return FALSE;
}

guint32 *
tlk_table_filter_run (TlkTableFilter *self,
                      const char     *needle,
                      const guint32  *candidates,
                      guint           n_candidates,
                      guint          *n_matches)
{
  guint32 *matches;
  guint n = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (needle != NULL, NULL);
  g_return_val_if_fail (n_matches != NULL, NULL);

  for (guint i = 0; i < self->searched->len; i++)
    {
      Searched *s = &g_array_index (self->searched, Searched, i);

      for (guint v = 1; s->hits != NULL && v < s->n_values; v++)
        s->hits[v] = s->folded[v] != NULL && strstr (s->folded[v], needle) != NULL;
    }
  matches = g_new (guint32, MAX (n_candidates, 1));
  for (guint i = 0; i < n_candidates; i++)
    if (row_matches (self, candidates[i], needle))
      matches[n++] = candidates[i];
  *n_matches = n;
  return g_realloc (matches, MAX (n, 1) * sizeof (guint32));
}
