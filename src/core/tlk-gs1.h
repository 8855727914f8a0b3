/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * GS1 element strings as manufacturers print them on devices (GS1/UDI):
 * with an AIM symbology prefix (]d2 DataMatrix, ]C1 GS1-128, ]Q3 QR, ]e0
 * DataBar) or without, in the raw form with GS (0x1D) separators after
 * variable-length fields, or in the human-readable parenthesised form
 * "(01)05712345678904(17)270131(10)AB12".
 */

#define TLK_GS1_GS '\x1d'

#define TLK_GS1_ERROR (tlk_gs1_error_quark ())

/**
 * TlkGs1Error:
 * @TLK_GS1_ERROR_EMPTY: nothing to parse
 * @TLK_GS1_ERROR_UNKNOWN_AI: an application identifier we do not know
 * @TLK_GS1_ERROR_TOO_SHORT: a fixed-length field ends early
 * @TLK_GS1_ERROR_TOO_LONG: a variable-length field is longer than its maximum
 *   (often a missing GS separator)
 * @TLK_GS1_ERROR_CHARACTER: a character not allowed in that field
 * @TLK_GS1_ERROR_CHECK_DIGIT: GTIN or SSCC check digit wrong
 * @TLK_GS1_ERROR_DATE: not a real date
 * @TLK_GS1_ERROR_SYNTAX: brackets or separators out of place
 * @TLK_GS1_ERROR_DUPLICATE: the same AI twice with different values
 */
typedef enum
{
  TLK_GS1_ERROR_EMPTY,
  TLK_GS1_ERROR_UNKNOWN_AI,
  TLK_GS1_ERROR_TOO_SHORT,
  TLK_GS1_ERROR_TOO_LONG,
  TLK_GS1_ERROR_CHARACTER,
  TLK_GS1_ERROR_CHECK_DIGIT,
  TLK_GS1_ERROR_DATE,
  TLK_GS1_ERROR_SYNTAX,
  TLK_GS1_ERROR_DUPLICATE,
} TlkGs1Error;

struct _TlkGs1Element
{
  char *ai;     /* "01", "17", "8004"… */
  char *value;  /* as encoded, e.g. "270131" for AI 17 */
};

struct _TlkGs1
{
  GPtrArray *elements;  /* of TlkGs1Element, in input order */
  /* Convenience copies; NULL when absent. */
  char      *gtin;      /* AI 01 (or 02), 14 digits */
  char      *lot;       /* AI 10 */
  char      *serial;    /* AI 21 */
  GDate     *expiry;    /* AI 17, DD=00 resolved to the month's last day */
};

GQuark         tlk_gs1_error_quark       (void);

/* Parses @input (NUL-terminated; GS as 0x1D). On failure returns NULL and a
 * translated message that names the AI and the character position (1-based,
 * counted in the input as given). Two-digit years are resolved against the
 * current year. */
TlkGs1        *tlk_gs1_parse             (const char    *input,
                                          GError       **error);
/* As tlk_gs1_parse(), with the GS1 century rule applied against
 * @reference_year (e.g. the context clock's year) instead of today's. */
TlkGs1        *tlk_gs1_parse_for_year    (const char    *input,
                                          int            reference_year,
                                          GError       **error);
void           tlk_gs1_free              (TlkGs1        *gs1);
void           tlk_gs1_element_free      (TlkGs1Element *element);
/* The value of @ai ("10", "8004"…), or NULL when @gs1 has none. */
const char    *tlk_gs1_get               (const TlkGs1  *gs1,
                                          const char    *ai);
/* "(01)…(17)…" form of a parsed string, for people. A value with brackets
 * (allowed in the raw form) makes it ambiguous: it does not parse back. */
char          *tlk_gs1_to_string         (const TlkGs1  *gs1);
/* TRUE if @digits (at least two digits, the last being the check digit:
 * GTIN-8/12/13/14, SSCC-18, the N14 of a GRAI) has the right GS1 mod-10
 * check digit. */
gboolean       tlk_gs1_check_digit_valid (const char    *digits);
/* @digits followed by their GS1 mod-10 check digit (making GTINs, GLNs). */
char    *tlk_gs1_add_check_digit (const char *digits);
/* A heuristic for the scan view: does @input look like a GS1 element string
 * rather than one of our label codes? TRUE for a GS1 AIM prefix, "(" and a
 * digit, or 16 or more characters starting with a digit (after an optional
 * leading GS) that hold a GS or start with a complete AI 00, 01 or 02. Behind
 * any other AIM prefix (]Q1 from our own QR labels) the rest decides. */
gboolean       tlk_gs1_looks_like        (const char    *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkGs1, tlk_gs1_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkGs1Element, tlk_gs1_element_free)

G_END_DECLS
