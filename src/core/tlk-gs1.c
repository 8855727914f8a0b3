/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-gs1.h"

#include <string.h>

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (tlk-gs1-error-quark, tlk_gs1_error)

typedef enum
{
  AI_FLAG_NONE        = 0,
  AI_FLAG_CHECK_DIGIT = 1 << 0, /* mod-10 check digit ends the numeric part */
  AI_FLAG_DATE        = 1 << 1, /* YYMMDD, DD=00 is the month's last day */
} AiFlags;

typedef struct
{
  const char *ai;
  guint8      min_len;
  guint8      max_len;  /* == min_len: fixed length, never followed by GS */
  guint8      n_digits; /* leading characters that must be digits; the rest
                         * are from GS1 character set 82 */
  AiFlags     flags;
  const char *what;     /* the subject of the messages about the field */
} AiSpec;

/* GS1 General Specifications 3.2. The AIs are prefix-free, so the raw form
 * can be read by looking for the one entry that starts the remaining input.
 * AI 8003 is N14 (with check digit) followed by up to 16 more characters. */
static const AiSpec ai_specs[] = {
  /* Translators: the subjects complete sentences such as "%s is longer than
   * 20 characters" and "%s has 10 characters, it should have 14". */
  { "00",   18, 18, 18, AI_FLAG_CHECK_DIGIT, N_("the SSCC") },
  { "01",   14, 14, 14, AI_FLAG_CHECK_DIGIT, N_("the GTIN") },
  { "02",   14, 14, 14, AI_FLAG_CHECK_DIGIT, N_("the GTIN of the contents") },
  { "10",    1, 20,  0, AI_FLAG_NONE,        N_("the lot") },
  { "11",    6,  6,  6, AI_FLAG_DATE,        N_("the production date") },
  { "17",    6,  6,  6, AI_FLAG_DATE,        N_("the expiry date") },
  { "21",    1, 20,  0, AI_FLAG_NONE,        N_("the serial number") },
  { "240",   1, 30,  0, AI_FLAG_NONE,        N_("the additional product ID") },
  { "241",   1, 30,  0, AI_FLAG_NONE,        N_("the customer part number") },
  { "250",   1, 30,  0, AI_FLAG_NONE,        N_("the secondary serial number") },
  { "30",    1,  8,  8, AI_FLAG_NONE,        N_("the count") },
  { "37",    1,  8,  8, AI_FLAG_NONE,        N_("the count of trade items") },
  { "8003", 14, 30, 14, AI_FLAG_CHECK_DIGIT, N_("the GRAI") },
  { "8004",  1, 30,  0, AI_FLAG_NONE,        N_("the GIAI") },
};

/* Length of every AI by its first two digits (GS1 General Specifications
 * 3.2), to name an unknown AI in the raw form; the others have 2 digits. */
static const struct
{
  guint8 first;
  guint8 last;
  guint8 length;
} ai_prefix_lengths[] = {
  { 23, 25, 3 },
  { 31, 36, 4 },
  { 39, 39, 4 },
  { 40, 42, 3 },
  { 43, 43, 4 },
  { 70, 70, 4 },
  { 71, 71, 3 },
  { 72, 72, 4 },
  { 80, 82, 4 },
};

/* AIM symbology identifiers of the barcodes that carry GS1 element strings:
 * GS1 DataMatrix, GS1-128, GS1 QR Code, GS1 DataBar. */
static const char * const gs1_symbologies[] = { "]d2", "]C1", "]Q3", "]e0" };

#define SYMBOLOGY_LEN 3

static const char * const month_names[] = {
  NC_("month", "January"),
  NC_("month", "February"),
  NC_("month", "March"),
  NC_("month", "April"),
  NC_("month", "May"),
  NC_("month", "June"),
  NC_("month", "July"),
  NC_("month", "August"),
  NC_("month", "September"),
  NC_("month", "October"),
  NC_("month", "November"),
  NC_("month", "December"),
};

typedef struct
{
  const char *input;          /* as given, for positions */
  const char *end;            /* without a trailing CR/LF */
  int         reference_year; /* for the GS1 century rule */
} Gs1Reader;

typedef struct
{
  const AiSpec *spec;
  const char   *start;  /* the AI, or the "(" before it */
  const char   *value;  /* not NUL-terminated */
  gsize         len;
} Gs1Field;

static inline gboolean
spec_is_fixed (const AiSpec *spec)
{
  return spec->min_len == spec->max_len;
}

/* 1-based, in characters: a byte that does not continue a UTF-8 sequence
 * starts a character. */
static int
position_of (const Gs1Reader *reader,
             const char      *p)
{
  int position = 1;

  for (const char *q = reader->input; q < p; q++)
    if (((guchar) *q & 0xC0) != 0x80)
      position++;

  return position;
}

/* The character at @p, printable for a message. */
static char *
describe_char (const char *p,
               const char *end)
{
  gunichar c;

  if ((guchar) *p < 0x80)
    {
      if (g_ascii_isprint (*p))
        return g_strndup (p, 1);
      if (*p == TLK_GS1_GS)
        return g_strdup ("GS");
      return g_strdup_printf ("U+%04X", (guint) (guchar) *p);
    }

  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup_printf ("0x%02X", (guint) (guchar) *p);
  if (g_unichar_isprint (c))
    return g_strndup (p, g_utf8_next_char (p) - p);

  return g_strdup_printf ("U+%04X", (guint) c);
}

/* GS1 AI encodable character set 82. */
static gboolean
is_cset82 (char c)
{
  return g_ascii_isalnum (c)
         || (c != '\0' && strchr ("!\"%&'()*+,-./:;<=>?_", c) != NULL);
}

static gboolean
is_gs1_symbology (const char *p,
                  const char *end)
{
  if (end - p < SYMBOLOGY_LEN)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (gs1_symbologies); i++)
    if (memcmp (p, gs1_symbologies[i], SYMBOLOGY_LEN) == 0)
      return TRUE;

  return FALSE;
}

static const AiSpec *
lookup_exact (const char *ai,
              gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (ai_specs); i++)
    if (strlen (ai_specs[i].ai) == len && memcmp (ai_specs[i].ai, ai, len) == 0)
      return &ai_specs[i];

  return NULL;
}

static const AiSpec *
lookup_prefix (const char *p,
               const char *end)
{
  for (guint i = 0; i < G_N_ELEMENTS (ai_specs); i++)
    {
      gsize len = strlen (ai_specs[i].ai);

      if ((gsize) (end - p) >= len && memcmp (ai_specs[i].ai, p, len) == 0)
        return &ai_specs[i];
    }

  return NULL;
}

static gsize
ai_length_from_prefix (const char *p,
                       const char *end)
{
  guint prefix;

  if (end - p < 2 || !g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return 2;

  prefix = (p[0] - '0') * 10 + (p[1] - '0');
  for (guint i = 0; i < G_N_ELEMENTS (ai_prefix_lengths); i++)
    if (prefix >= ai_prefix_lengths[i].first && prefix <= ai_prefix_lengths[i].last)
      return ai_prefix_lengths[i].length;

  return 2;
}

/* The digit that completes the first @len digits of @digits. */
static char
check_digit_for (const char *digits,
                 gsize       len)
{
  guint sum = 0;

  /* Weights 3, 1, 3… from the right, starting next to the check digit. */
  for (gsize i = 0; i < len; i++)
    {
      guint d = digits[len - 1 - i] - '0';

      sum += (i % 2 == 0) ? 3 * d : d;
    }

  return (char) ('0' + (10 - sum % 10) % 10);
}

/* GS1 General Specifications 7.12: the century that puts the year at most
 * 49 years in the future and at most 50 in the past. */
static int
resolve_year (int yy,
              int reference_year)
{
  int current_yy = reference_year % 100;
  int century = reference_year - current_yy;
  int difference = yy - current_yy;

  if (difference >= 51)
    return century - 100 + yy;
  if (difference <= -50)
    return century + 100 + yy;

  return century + yy;
}

static GDate *
parse_date (const Gs1Reader  *reader,
            const Gs1Field   *field,
            const char       *value,
            GError          **error)
{
  int yy = (value[0] - '0') * 10 + (value[1] - '0');
  int mm = (value[2] - '0') * 10 + (value[3] - '0');
  int dd = (value[4] - '0') * 10 + (value[5] - '0');
  int year;
  int last_day;

  if (mm < 1 || mm > 12)
    {
      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_DATE,
                   _("AI (%s) at position %d: “%s” is not a real date (there is no month %02d)."),
                   field->spec->ai, position_of (reader, field->start), value, mm);
      return NULL;
    }

  year = resolve_year (yy, reader->reference_year);
  last_day = g_date_get_days_in_month ((GDateMonth) mm, (GDateYear) year);

  if (dd > last_day)
    {
      if (mm == 2 && dd == 29)
        g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_DATE,
                     _("AI (%s) at position %d: “%s” is not a real date (%d is not a leap year, there is no 29 February)."),
                     field->spec->ai, position_of (reader, field->start), value, year);
      else
        /* Translators: the last part is e.g. "there is no 31 February". */
        g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_DATE,
                     _("AI (%s) at position %d: “%s” is not a real date (there is no %d %s)."),
                     field->spec->ai, position_of (reader, field->start), value, dd,
                     g_dpgettext2 (GETTEXT_PACKAGE, "month", month_names[mm - 1]));
      return NULL;
    }

  if (dd == 0)
    dd = last_day;

  return g_date_new_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) year);
}

static gboolean
check_length (const Gs1Reader  *reader,
              const Gs1Field   *field,
              GError          **error)
{
  const AiSpec *spec = field->spec;
  const char *ai = spec->ai;
  int position = position_of (reader, field->start);

  if (field->len == 0)
    {
      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_TOO_SHORT,
                   _("AI (%s) at position %d: %s is missing."),
                   ai, position, _(spec->what));
      return FALSE;
    }

  if (field->len < spec->min_len)
    {
      if (spec_is_fixed (spec))
        g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_TOO_SHORT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "AI (%s) at position %d: %s has %u character, it should have %u.",
                                  "AI (%s) at position %d: %s has %u characters, it should have %u.",
                                  field->len),
                     ai, position, _(spec->what), (guint) field->len, (guint) spec->min_len);
      else
        g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_TOO_SHORT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "AI (%s) at position %d: %s has %u character, it needs at least %u.",
                                  "AI (%s) at position %d: %s has %u characters, it needs at least %u.",
                                  field->len),
                     ai, position, _(spec->what), (guint) field->len, (guint) spec->min_len);
      return FALSE;
    }

  if (field->len > spec->max_len)
    {
      if (spec_is_fixed (spec))
        g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "AI (%s) at position %d: %s has %u character, it should have %u.",
                                  "AI (%s) at position %d: %s has %u characters, it should have %u.",
                                  field->len),
                     ai, position, _(spec->what), (guint) field->len, (guint) spec->max_len);
      else
        g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_TOO_LONG,
                     _("AI (%s) at position %d: %s is longer than %u characters — is a separator missing?"),
                     ai, position, _(spec->what), (guint) spec->max_len);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_characters (const Gs1Reader  *reader,
                  const Gs1Field   *field,
                  GError          **error)
{
  for (gsize i = 0; i < field->len; i++)
    {
      const char *p = field->value + i;
      gboolean digit = i < field->spec->n_digits;

      if (digit ? !g_ascii_isdigit (*p) : !is_cset82 (*p))
        {
          g_autofree char *c = describe_char (p, reader->end);

          if (digit)
            g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_CHARACTER,
                         _("AI (%s) at position %d: “%s” at position %d is not a digit."),
                         field->spec->ai, position_of (reader, field->start), c,
                         position_of (reader, p));
          else
            g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_CHARACTER,
                         _("AI (%s) at position %d: “%s” at position %d is not allowed in a GS1 code."),
                         field->spec->ai, position_of (reader, field->start), c,
                         position_of (reader, p));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_digit (const Gs1Reader  *reader,
             const Gs1Field   *field,
             GError          **error)
{
  gsize n = field->spec->n_digits;
  char expected = check_digit_for (field->value, n - 1);

  if (field->value[n - 1] != expected)
    {
      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_CHECK_DIGIT,
                   _("AI (%s) at position %d: the check digit is wrong (%c, should be %c)."),
                   field->spec->ai, position_of (reader, field->start),
                   field->value[n - 1], expected);
      return FALSE;
    }

  return TRUE;
}

/* Checks the field and adds it to @gs1. */
static gboolean
take_field (const Gs1Reader  *reader,
            const Gs1Field   *field,
            TlkGs1           *gs1,
            GError          **error)
{
  const AiSpec *spec = field->spec;
  g_autofree char *value = NULL;
  g_autoptr(GDate) date = NULL;
  const char *earlier;
  TlkGs1Element *element;

  if (!check_length (reader, field, error) ||
      !check_characters (reader, field, error))
    return FALSE;

  if ((spec->flags & AI_FLAG_CHECK_DIGIT) != 0 && !check_digit (reader, field, error))
    return FALSE;

  value = g_strndup (field->value, field->len);

  if ((spec->flags & AI_FLAG_DATE) != 0)
    {
      date = parse_date (reader, field, value, error);
      if (date == NULL)
        return FALSE;
    }

  /* Some labels repeat an AI in two symbols; only a contradiction matters. */
  earlier = tlk_gs1_get (gs1, spec->ai);
  if (earlier != NULL)
    {
      if (strcmp (earlier, value) == 0)
        return TRUE;

      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_DUPLICATE,
                   _("AI (%s) at position %d: “%s” contradicts “%s” given earlier."),
                   spec->ai, position_of (reader, field->start), value, earlier);
      return FALSE;
    }

  /* AI 01 wins over AI 02 in whichever order they come. */
  if (strcmp (spec->ai, "01") == 0)
    {
      g_free (gs1->gtin);
      gs1->gtin = g_strdup (value);
    }
  else if (strcmp (spec->ai, "02") == 0 && gs1->gtin == NULL)
    gs1->gtin = g_strdup (value);
  else if (strcmp (spec->ai, "10") == 0)
    gs1->lot = g_strdup (value);
  else if (strcmp (spec->ai, "21") == 0)
    gs1->serial = g_strdup (value);
  else if (strcmp (spec->ai, "17") == 0)
    gs1->expiry = g_steal_pointer (&date);

  element = g_new0 (TlkGs1Element, 1);
  element->ai = g_strdup (spec->ai);
  element->value = g_steal_pointer (&value);
  g_ptr_array_add (gs1->elements, element);

  return TRUE;
}

static void
set_unknown_ai_error (const Gs1Reader  *reader,
                      const char       *start,
                      GError          **error)
{
  g_autofree char *name = NULL;
  gsize want;
  gsize n = 0;

  if (!g_ascii_isdigit (*start))
    {
      name = describe_char (start, reader->end);
      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_UNKNOWN_AI,
                   _("Expected an application identifier at position %d, found “%s”."),
                   position_of (reader, start), name);
      return;
    }

  want = ai_length_from_prefix (start, reader->end);
  while (n < want && start + n < reader->end && g_ascii_isdigit (start[n]))
    n++;

  name = g_strndup (start, n);
  g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_UNKNOWN_AI,
               _("Unknown application identifier “%s” at position %d."),
               name, position_of (reader, start));
}

/* "01…17…10…<GS>21…": fixed-length fields end after their length, the
 * others at GS or at the end. */
static gboolean
read_raw_field (const Gs1Reader  *reader,
                const char      **p,
                Gs1Field         *field,
                GError          **error)
{
  const char *q;

  field->start = *p;
  field->spec = lookup_prefix (*p, reader->end);
  if (field->spec == NULL)
    {
      set_unknown_ai_error (reader, *p, error);
      return FALSE;
    }

  field->value = *p + strlen (field->spec->ai);
  q = field->value;
  while (q < reader->end && *q != TLK_GS1_GS &&
         !(spec_is_fixed (field->spec) && (gsize) (q - field->value) == field->spec->max_len))
    q++;

  field->len = q - field->value;
  *p = q;

  return TRUE;
}

/* "(01)…(17)…": every value ends at the next "(" (or a GS) or at the end. */
static gboolean
read_bracketed_field (const Gs1Reader  *reader,
                      const char      **p,
                      Gs1Field         *field,
                      GError          **error)
{
  const char *open = *p;
  const char *close = open + 1;
  const char *q;

  if (*open != '(')
    {
      g_autofree char *c = describe_char (open, reader->end);

      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_SYNTAX,
                   _("Expected “(” at position %d, found “%s”."),
                   position_of (reader, open), c);
      return FALSE;
    }

  while (close < reader->end && *close != ')' && *close != '(')
    close++;

  if (close == reader->end || *close == '(')
    {
      g_autofree char *text = g_utf8_make_valid (open, MIN (close - open, 8));

      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_SYNTAX,
                   _("“%s” at position %d: the bracket is not closed."),
                   text, position_of (reader, open));
      return FALSE;
    }

  if (close == open + 1)
    {
      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_SYNTAX,
                   _("“()” at position %d: the brackets are empty."),
                   position_of (reader, open));
      return FALSE;
    }

  field->start = open;
  field->spec = lookup_exact (open + 1, close - open - 1);
  if (field->spec == NULL)
    {
      g_autofree char *name = g_utf8_make_valid (open + 1, close - open - 1);

      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_UNKNOWN_AI,
                   _("Unknown application identifier “%s” at position %d."),
                   name, position_of (reader, open));
      return FALSE;
    }

  field->value = close + 1;
  for (q = field->value; q < reader->end && *q != '(' && *q != TLK_GS1_GS; q++)
    {
      if (*q == ')')
        {
          g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_SYNTAX,
                       _("AI (%s) at position %d: the bracket “)” at position %d has no “(”."),
                       field->spec->ai, position_of (reader, open), position_of (reader, q));
          return FALSE;
        }
    }

  field->len = q - field->value;
  *p = q;

  return TRUE;
}

static TlkGs1 *
tlk_gs1_new (void)
{
  TlkGs1 *gs1 = g_new0 (TlkGs1, 1);

  gs1->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_gs1_element_free);

  return gs1;
}

TlkGs1 *
tlk_gs1_parse_for_year (const char  *input,
                        int          reference_year,
                        GError     **error)
{
  g_autoptr(TlkGs1) gs1 = NULL;
  Gs1Reader reader;
  const char *p;
  gboolean bracketed;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (reference_year >= 100 && reference_year <= 9999, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.input = input;
  reader.end = input + strlen (input);
  reader.reference_year = reference_year;

  /* A keyboard-wedge scanner ends its data with Enter. */
  while (reader.end > input && (reader.end[-1] == '\n' || reader.end[-1] == '\r'))
    reader.end--;

  p = input;
  if (p < reader.end && *p == ']')
    {
      if (!is_gs1_symbology (p, reader.end))
        {
          g_autofree char *name = g_utf8_make_valid (p, MIN (reader.end - p, SYMBOLOGY_LEN));

          g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_SYNTAX,
                       _("“%s” at position 1 marks a kind of barcode that carries no GS1 data."),
                       name);
          return NULL;
        }
      p += SYMBOLOGY_LEN;
    }

  /* Scanners without AIM prefixes may send the leading FNC1 as GS. */
  while (p < reader.end && *p == TLK_GS1_GS)
    p++;

  if (p == reader.end)
    {
      g_set_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_EMPTY,
                   _("Nothing to read at position %d: the GS1 code is empty."),
                   position_of (&reader, p));
      return NULL;
    }

  bracketed = *p == '(';
  gs1 = tlk_gs1_new ();

  while (TRUE)
    {
      Gs1Field field;
      gboolean ok;

      /* A GS after a fixed-length field, doubled or at the end is harmless. */
      while (p < reader.end && *p == TLK_GS1_GS)
        p++;
      if (p == reader.end)
        break;

      if (bracketed)
        ok = read_bracketed_field (&reader, &p, &field, error);
      else
        ok = read_raw_field (&reader, &p, &field, error);

      if (!ok || !take_field (&reader, &field, gs1, error))
        return NULL;
    }

  return g_steal_pointer (&gs1);
}

TlkGs1 *
tlk_gs1_parse (const char  *input,
               GError     **error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  now = g_date_time_new_now_local ();

  return tlk_gs1_parse_for_year (input, g_date_time_get_year (now), error);
}

void
tlk_gs1_element_free (TlkGs1Element *element)
{
  if (element == NULL)
    return;

  g_free (element->ai);
  g_free (element->value);
  g_free (element);
}

void
tlk_gs1_free (TlkGs1 *gs1)
{
  if (gs1 == NULL)
    return;

  g_clear_pointer (&gs1->elements, g_ptr_array_unref);
  g_clear_pointer (&gs1->gtin, g_free);
  g_clear_pointer (&gs1->lot, g_free);
  g_clear_pointer (&gs1->serial, g_free);
  g_clear_pointer (&gs1->expiry, g_date_free);
  g_free (gs1);
}

const char *
tlk_gs1_get (const TlkGs1 *gs1,
             const char   *ai)
{
  g_return_val_if_fail (gs1 != NULL, NULL);
  g_return_val_if_fail (ai != NULL, NULL);

  for (guint i = 0; i < gs1->elements->len; i++)
    {
      const TlkGs1Element *element = g_ptr_array_index (gs1->elements, i);

      if (strcmp (element->ai, ai) == 0)
        return element->value;
    }

  return NULL;
}

char *
tlk_gs1_to_string (const TlkGs1 *gs1)
{
  GString *string;

  g_return_val_if_fail (gs1 != NULL, NULL);

  string = g_string_new (NULL);
  for (guint i = 0; i < gs1->elements->len; i++)
    {
      const TlkGs1Element *element = g_ptr_array_index (gs1->elements, i);

      g_string_append_printf (string, "(%s)%s", element->ai, element->value);
    }

  return g_string_free (string, FALSE);
}

char *
tlk_gs1_add_check_digit (const char *digits)
{
  g_return_val_if_fail (digits != NULL, NULL);
  g_return_val_if_fail (strspn (digits, "0123456789") == strlen (digits), NULL);

  return g_strdup_printf ("%s%c", digits, check_digit_for (digits, strlen (digits)));
}

gboolean
tlk_gs1_check_digit_valid (const char *digits)
{
  gsize len;

  g_return_val_if_fail (digits != NULL, FALSE);

  len = strlen (digits);
  if (len < 2)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;

  return check_digit_for (digits, len - 1) == digits[len - 1];
}

static gsize
count_digits (const char *p)
{
  gsize n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;

  return n;
}

gboolean
tlk_gs1_looks_like (const char *input)
{
  const char *p = input;

  g_return_val_if_fail (input != NULL, FALSE);

  if (input[0] == ']' && input[1] != '\0' && input[2] != '\0')
    {
      if (is_gs1_symbology (input, input + strlen (input)))
        return TRUE;
      /* Other barcode types (]Q1 for our own QR labels) only when their data
       * looks like GS1. */
      if (g_ascii_isalpha (input[1]) && g_ascii_isdigit (input[2]))
        p = input + SYMBOLOGY_LEN;
    }

  if (*p == TLK_GS1_GS)
    p++;

  if (p[0] == '(' && g_ascii_isdigit (p[1]))
    return TRUE;

  /* Our label codes start with a letter. */
  if (!g_ascii_isdigit (p[0]) || strlen (p) < 16)
    return FALSE;

  if (strchr (p, TLK_GS1_GS) != NULL)
    return TRUE;

  if (g_str_has_prefix (p, "00"))
    return count_digits (p + 2) >= 18;
  if (g_str_has_prefix (p, "01") || g_str_has_prefix (p, "02"))
    return count_digits (p + 2) >= 14;

  return FALSE;
}
