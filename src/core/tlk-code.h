/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Label codes (DESIGN §6): a kind letter, TLK_CODE_SERIAL_LEN characters of
 * Crockford base32 (0-9, A-Z without I, L, O, U) and one check character from
 * the same alphabet. The check is a Damm check over GF(32) (x∘y = 2x + y), so
 * every single wrong character and every swap of two neighbouring characters
 * (kind letter and check character included) is detected.
 *
 * Example: "K3F9A2CXMS", printed "K 3F9 A2C XMS".
 */

#define TLK_CODE_SERIAL_LEN 8
#define TLK_CODE_LEN        (1 + TLK_CODE_SERIAL_LEN + 1)
/* The largest serial: 32^8 - 1, i.e. 40 bits. */
#define TLK_CODE_SERIAL_MAX ((G_GUINT64_CONSTANT (1) << (5 * TLK_CODE_SERIAL_LEN)) - 1)

typedef enum
{
  TLK_CODE_KIND_KIT      = 'K',
  TLK_CODE_KIND_DEVICE   = 'D',
  TLK_CODE_KIND_LOCATION = 'L',
  TLK_CODE_KIND_ACTION   = 'A',
  TLK_CODE_KIND_STOP     = 'S',
} TlkCodeKind;

#define TLK_CODE_ERROR (tlk_code_error_quark ())

/**
 * TlkCodeError:
 * @TLK_CODE_ERROR_EMPTY: nothing was scanned or typed
 * @TLK_CODE_ERROR_CHARACTER: a character that is not in the alphabet
 * @TLK_CODE_ERROR_LENGTH: too short or too long
 * @TLK_CODE_ERROR_KIND: the first letter is not a known kind
 * @TLK_CODE_ERROR_CHECK: the check character does not match (mistyped or misread)
 */
typedef enum
{
  TLK_CODE_ERROR_EMPTY,
  TLK_CODE_ERROR_CHARACTER,
  TLK_CODE_ERROR_LENGTH,
  TLK_CODE_ERROR_KIND,
  TLK_CODE_ERROR_CHECK,
} TlkCodeError;

GQuark       tlk_code_error_quark    (void);

gboolean     tlk_code_kind_is_valid  (int          kind);
const char  *tlk_code_kind_to_string (TlkCodeKind  kind);

/* Makes the code for @serial (0 .. TLK_CODE_SERIAL_MAX) of @kind. */
char        *tlk_code_make           (TlkCodeKind  kind,
                                      guint64      serial);
/* Makes a code with a random serial drawn from @rand (a seeded GRand gives
 * deterministic codes; NULL uses g_random). */
char        *tlk_code_make_random    (TlkCodeKind  kind,
                                      GRand       *rand);
/* Upper case, spaces, tabs, line breaks and dashes removed, and after the
 * kind letter O→0, I/L→1. Does not validate. */
char        *tlk_code_normalize      (const char  *input);
/* Normalizes and validates @input. Returns the canonical code and its @kind
 * (may be NULL), or NULL with a translated message in @error that a warehouse
 * worker understands. */
char        *tlk_code_parse          (const char  *input,
                                      TlkCodeKind *kind,
                                      GError     **error);
/* TRUE if @code is already canonical and valid. */
gboolean     tlk_code_is_valid       (const char  *code);
/* For messages and lists: a valid code grouped, anything else as it is
 * ("" for NULL). */
char        *tlk_code_display        (const char  *text);
/* Grouped for reading aloud: "K 3F9 A2C XMS". @code must be valid. */
char        *tlk_code_format         (const char  *code);

G_END_DECLS
