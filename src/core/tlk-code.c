/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-code.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/*
 * The check character is a Damm check over GF(32) = GF(2)[x]/(x^5 + x^2 + 1)
 * with the quasigroup i∘v = 2·i + v (+ is XOR). Folding starts at 0 with the
 * kind letter's value, then every serial character; the check character is
 * 2·i, so folding it too gives 2·i + 2·i = 0.
 *
 * Why it catches every single wrong character: for a fixed v, i ↦ 2·i + v is
 * a bijection (2 is invertible), and so is v ↦ 2·i + v for a fixed i. A
 * different character changes the interim at its position, and every later
 * step maps different interims to different interims, so the end is not 0.
 *
 * Why it catches every swap of neighbours x ≠ y: from an interim i, "x y"
 * gives 4·i + 2·x + y and "y x" gives 4·i + 2·y + x. They differ by
 * 3·(x + y), which is not 0 because 3 ≠ 0 and x + y ≠ 0. Later steps keep
 * them apart as above. The one pair of different characters with the same
 * value is the kind letter L and the digit 1, and "1L…" is refused for its
 * kind letter anyway.
 */

G_DEFINE_QUARK (tlk-code-error-quark, tlk_code_error)

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The value of @c in the Crockford alphabet, or -1. */
static int
char_value (char c)
{
  const char *found;

  if (c == '\0')
    return -1;

  found = strchr (alphabet, c);
  return found != NULL ? (int) (found - alphabet) : -1;
}

/* L is not in the alphabet; Crockford decoding reads it as 1. */
static int
kind_value (char kind)
{
  return kind == TLK_CODE_KIND_LOCATION ? 1 : char_value (kind);
}

static guint
gf32_double (guint x)
{
  x <<= 1;
  if (x & 0x20)
    x ^= 0x25;  /* x^5 = x^2 + 1 */
  return x;
}

/* Folds the first @len characters of @code (kind letter first, all of them
 * known to be valid) and returns the interim. */
static guint
damm_interim (const char *code,
              gsize       len)
{
  guint interim;

  interim = (guint) kind_value (code[0]);  /* 2·0 + kind */
  for (gsize i = 1; i < len; i++)
    interim = gf32_double (interim) ^ (guint) char_value (code[i]);

  return interim;
}

static gboolean
is_separator (char c)
{
  return c == '-' || g_ascii_isspace (c);
}

/* Bytes of UTF-8 sequences pass through unchanged. */
static char
normalize_char (char     c,
                gboolean first)
{
  c = g_ascii_toupper (c);
  if (first)
    return c;

  switch (c)
    {
    case 'O':
      return '0';
    case 'I':
    case 'L':
      return '1';
    default:
      return c;
    }
}

gboolean
tlk_code_kind_is_valid (int kind)
{
  switch (kind)
    {
    case TLK_CODE_KIND_KIT:
    case TLK_CODE_KIND_DEVICE:
    case TLK_CODE_KIND_LOCATION:
    case TLK_CODE_KIND_ACTION:
    case TLK_CODE_KIND_STOP:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
tlk_code_kind_to_string (TlkCodeKind kind)
{
  g_return_val_if_fail (tlk_code_kind_is_valid (kind), NULL);

  switch (kind)
    {
    case TLK_CODE_KIND_KIT:
      return "kit";
    case TLK_CODE_KIND_DEVICE:
      return "device";
    case TLK_CODE_KIND_LOCATION:
      return "location";
    case TLK_CODE_KIND_ACTION:
      return "action";
    case TLK_CODE_KIND_STOP:
      return "stop";
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
tlk_code_make (TlkCodeKind kind,
               guint64     serial)
{
  char code[TLK_CODE_LEN + 1];

  g_return_val_if_fail (tlk_code_kind_is_valid (kind), NULL);
  g_return_val_if_fail (serial <= TLK_CODE_SERIAL_MAX, NULL);

  code[0] = (char) kind;
  for (guint i = 0; i < TLK_CODE_SERIAL_LEN; i++)
    code[1 + i] = alphabet[(serial >> (5 * (TLK_CODE_SERIAL_LEN - 1 - i))) & 0x1f];
  code[TLK_CODE_LEN - 1] = alphabet[gf32_double (damm_interim (code, TLK_CODE_LEN - 1))];
  code[TLK_CODE_LEN] = '\0';

  return g_strdup (code);
}

char *
tlk_code_make_random (TlkCodeKind  kind,
                      GRand       *rand)
{
  guint64 high;
  guint64 low;

  g_return_val_if_fail (tlk_code_kind_is_valid (kind), NULL);

  high = rand != NULL ? g_rand_int (rand) : g_random_int ();
  low = rand != NULL ? g_rand_int (rand) : g_random_int ();

  return tlk_code_make (kind, ((high << 32) | low) & TLK_CODE_SERIAL_MAX);
}

char *
tlk_code_normalize (const char *input)
{
  GString *code;
  gboolean first = TRUE;

  g_return_val_if_fail (input != NULL, NULL);

  code = g_string_sized_new (TLK_CODE_LEN);
  for (const char *p = input; *p != '\0'; p++)
    {
      if (is_separator (*p))
        continue;

      g_string_append_c (code, normalize_char (*p, first));
      first = FALSE;
    }

  return g_string_free (code, FALSE);
}

char *
tlk_code_parse (const char   *input,
                TlkCodeKind  *kind,
                GError      **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *code = NULL;
  const char *p;
  gboolean seen_kind = FALSE;
  int position = 0;
  gsize len;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Messages quote what was read; they must stay valid UTF-8. */
  shown = g_strstrip (g_utf8_make_valid (input, -1));
  code = tlk_code_normalize (shown);

  if (code[0] == '\0')
    {
      g_set_error_literal (error, TLK_CODE_ERROR, TLK_CODE_ERROR_EMPTY,
                           _("Nothing was scanned or typed."));
      return NULL;
    }

  for (p = shown; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *wrong = NULL;

      position++;
      if (is_separator (*p))
        continue;

      if (!seen_kind)
        {
          seen_kind = TRUE;
          if (tlk_code_kind_is_valid (normalize_char (*p, TRUE)))
            continue;

          wrong = g_utf8_substring (p, 0, 1);
          g_set_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_KIND,
                       /* Translators: the first %s is what was scanned, the second its first character */
                       _("“%s” starts with “%s”, which is not a kind of Telekit code "
                         "(K kit, D device, L location, A action card, S stop)."),
                       shown, wrong);
          return NULL;
        }

      if (char_value (normalize_char (*p, FALSE)) >= 0)
        continue;

      wrong = g_utf8_substring (p, 0, 1);
      g_set_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_CHARACTER,
                   /* Translators: “K3F9A2CXU7” is not a Telekit code: character 9, “U”, is never used in codes. */
                   _("“%s” is not a Telekit code: character %d, “%s”, is never used in codes."),
                   shown, position, wrong);
      return NULL;
    }

  len = strlen (code);
  if (len != TLK_CODE_LEN)
    {
      g_set_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_LENGTH,
                   /* Translators: what was scanned, its number of characters, and 10 */
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is not a Telekit code: it has %d character, a code has %d.",
                                "“%s” is not a Telekit code: it has %d characters, a code has %d.",
                                len),
                   shown, (int) len, TLK_CODE_LEN);
      return NULL;
    }

  if (damm_interim (code, TLK_CODE_LEN) != 0)
    {
      g_set_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_CHECK,
                   _("“%s” is not a valid code: one character is wrong or two are swapped. "
                     "Scan again or type it carefully."),
                   shown);
      return NULL;
    }

  if (kind != NULL)
    *kind = (TlkCodeKind) code[0];

  return g_steal_pointer (&code);
}

gboolean
tlk_code_is_valid (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  if (strlen (code) != TLK_CODE_LEN || !tlk_code_kind_is_valid (code[0]))
    return FALSE;

  for (guint i = 1; i < TLK_CODE_LEN; i++)
    if (char_value (code[i]) < 0)
      return FALSE;

  return damm_interim (code, TLK_CODE_LEN) == 0;
}

char *
tlk_code_format (const char *code)
{
  GString *text;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (tlk_code_is_valid (code), NULL);

  /* Kind letter, then groups of three: easy to read aloud over the phone. */
  text = g_string_new_len (code, 1);
  for (guint i = 1; i < TLK_CODE_LEN; i += 3)
    {
      g_string_append_c (text, ' ');
      g_string_append_len (text, code + i, MIN (3, TLK_CODE_LEN - i));
    }

  return g_string_free (text, FALSE);
}

char *
tlk_code_display (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  return tlk_code_is_valid (text) ? tlk_code_format (text) : g_strdup (text);
}
