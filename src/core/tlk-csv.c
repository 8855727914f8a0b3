/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-csv.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (tlk-csv-error-quark, tlk_csv_error)

void
tlk_csv_record_free (TlkCsvRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->fields);
  g_free (record);
}

/* The separator the header line uses most, outside quotes; lines with
 * nothing but separators before it do not count. */
static char
guess_separator (const char *text)
{
  guint semicolons = 0, commas = 0, tabs = 0;
  gboolean quoted = FALSE;

  text += strspn (text, ";,\t \r\n");
  for (const char *p = text; *p != '\0' && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ';')
        semicolons++;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == '\t')
        tabs++;
    }
  if (tabs > semicolons && tabs > commas)
    return '\t';
  if (commas > semicolons)
    return ',';
  return ';';
}

static gboolean
all_empty (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (*(const char *) g_ptr_array_index (fields, i) != '\0')
      return FALSE;
  return TRUE;
}

static void
end_record (GPtrArray  *records,
            GPtrArray **fields,
            guint       line)
{
  if (!all_empty (*fields))
    {
      TlkCsvRecord *record = g_new0 (TlkCsvRecord, 1);

      g_ptr_array_add (*fields, NULL);
      record->line = line;
      record->fields = (GStrv) g_ptr_array_free (g_steal_pointer (fields), FALSE);
      g_ptr_array_add (records, record);
    }
  g_clear_pointer (fields, g_ptr_array_unref);
  *fields = g_ptr_array_new_with_free_func (g_free);
}

GPtrArray *
tlk_csv_read (const char *data,
              gsize       length,
              GError    **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_csv_record_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *converted = NULL;
  const char *text = data, *end, *p;
  guint line = 1, record_line = 1, quote_line = 0;
  gboolean quoted = FALSE, was_quoted = FALSE;
  char sep;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = text = "";
  /* "Unicode-tekst" from Excel is UTF-16 with a byte-order mark. */
  if (length >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    {
      gsize written = 0;

      converted = g_convert (data + 2, (gssize) length - 2, "UTF-8", "UTF-16LE", NULL, &written, NULL);
      if (converted == NULL)
        {
          g_set_error (error, TLK_CSV_ERROR, TLK_CSV_ERROR_ENCODING,
                       _("The file is neither UTF-8 nor Windows text; save it again as “CSV UTF-8”."));
          return NULL;
        }
      data = text = converted;
      length = written;
    }
  else if (!g_utf8_validate_len (data, length, NULL))
    {
      gsize written = 0;

      converted = g_convert (data, (gssize) length, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
      if (converted == NULL)
        {
          g_set_error (error, TLK_CSV_ERROR, TLK_CSV_ERROR_ENCODING,
                       _("The file is neither UTF-8 nor Windows text; save it again as “CSV UTF-8”."));
          return NULL;
        }
      text = converted;
      length = written;
    }
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  /* A NUL would end the text early for the separator guess; stop there. */
  length = strnlen (text, length);
  end = text + length;
  {
    g_autofree char *first = g_strndup (text, length);
    sep = guess_separator (first);
  }

  for (p = text; p < end; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n' || (c == '\r' && !(p + 1 < end && p[1] == '\n')))
                line++;
              /* Inside a field a CRLF is one line break. */
              if (!(c == '\r' && p + 1 < end && p[1] == '\n'))
                g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          quote_line = line;
        }
      else if (c == sep)
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          end_record (records, &fields, record_line);
          record_line = ++line;
        }
      else
        g_string_append_c (field, c);
    }
  if (quoted)
    {
      g_set_error (error, TLK_CSV_ERROR, TLK_CSV_ERROR_QUOTE,
                   _("Line %u: a field starts with a quotation mark that is never closed."), quote_line);
      return NULL;
    }
  g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  end_record (records, &fields, record_line);

  if (records->len == 0)
    {
      g_set_error (error, TLK_CSV_ERROR, TLK_CSV_ERROR_EMPTY, _("The file is empty: it has no header line."));
      return NULL;
    }
  return g_steal_pointer (&records);
}
