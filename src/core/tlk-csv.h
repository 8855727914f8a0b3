/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TLK_CSV_ERROR (tlk_csv_error_quark ())

/**
 * TlkCsvError:
 * @TLK_CSV_ERROR_EMPTY: the file has no header line
 * @TLK_CSV_ERROR_QUOTE: a quoted field is never closed
 * @TLK_CSV_ERROR_ENCODING: neither UTF-8 nor Windows-1252 text
 */
typedef enum
{
  TLK_CSV_ERROR_EMPTY,
  TLK_CSV_ERROR_QUOTE,
  TLK_CSV_ERROR_ENCODING,
} TlkCsvError;

typedef struct
{
  guint  line;    /* the file's line the record starts on, 1 = first */
  GStrv  fields;  /* UTF-8, as written (quotes removed, nothing trimmed) */
} TlkCsvRecord;

GQuark     tlk_csv_error_quark (void);

/*
 * Reads CSV the way Danish Excel writes it: fields separated by ";" (a
 * header with more "," or tabs than ";" switches to that), quoted with ""
 * and "" inside, line breaks inside quotes kept, CRLF, LF or CR line ends,
 * UTF-8 with or without a byte-order mark, or Windows-1252 (what "CSV
 * (semikolonsepareret)" saves) when the bytes are not UTF-8. Lines with
 * nothing but separators are skipped. Returns the records (of
 * TlkCsvRecord, the header first).
 */
GPtrArray *tlk_csv_read        (const char *data,
                                gsize       length,
                                GError    **error);
void       tlk_csv_record_free (TlkCsvRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkCsvRecord, tlk_csv_record_free)

G_END_DECLS
