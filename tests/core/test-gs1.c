/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-gs1.h"

/* Two-digit years in the tables are read against this year. */
#define REFERENCE_YEAR 2025

#define GS "\x1d"

/* One UDI (GTIN with a correct check digit, expiry, lot, serial) in every
 * form a scanner or a person may give it. */
#define UDI_GTIN   "05712345678909"
#define UDI_BRACKETED "(01)" UDI_GTIN "(17)270131(10)AB12(21)12345XYZ"
#define UDI_RAW       "01" UDI_GTIN "17270131" "10AB12" GS "2112345XYZ"

typedef struct
{
  const char *name;
  const char *input;
  const char *expected;  /* tlk_gs1_to_string() */
  const char *gtin;
  const char *lot;
  const char *serial;
  int         expiry_year;  /* 0: no expiry */
  int         expiry_month;
  int         expiry_day;
} ValidCase;

static const ValidCase valid_cases[] = {
  /* The same UDI in every form. */
  { "udi-bracketed", UDI_BRACKETED, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-raw", UDI_RAW, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-datamatrix", "]d2" UDI_RAW, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-gs1-128", "]C1" UDI_RAW, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-qr", "]Q3" UDI_RAW, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-databar", "]e0" UDI_RAW, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-prefix-bracketed", "]d2" UDI_BRACKETED, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-fnc1-first", GS UDI_RAW, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-gs-at-end", "]d2" UDI_RAW GS, UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-gs-doubled", "]d2" "01" UDI_GTIN "17270131" "10AB12" GS GS "2112345XYZ",
    UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-gs-after-fixed", "]d2" "01" UDI_GTIN GS "17270131" GS "10AB12" GS "2112345XYZ",
    UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-enter", "]d2" UDI_RAW "\r\n", UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },
  { "udi-bracketed-gs", "(01)" UDI_GTIN "(17)270131(10)AB12" GS "(21)12345XYZ",
    UDI_BRACKETED, UDI_GTIN, "AB12", "12345XYZ", 2027, 1, 31 },

  /* The serial before the lot, both variable: GS after each but the last. */
  { "serial-then-lot", "]d2" "01" UDI_GTIN "21SN-0042" GS "10L/7(A)" GS,
    "(01)" UDI_GTIN "(21)SN-0042(10)L/7(A)", UDI_GTIN, "L/7(A)", "SN-0042", 0, 0, 0 },
  { "gs1-example", "(01)09506000134352(17)201225(10)ABC123",
    "(01)09506000134352(17)201225(10)ABC123", "09506000134352", "ABC123", NULL, 2020, 12, 25 },
  { "lot-20", "01" UDI_GTIN "10ABCDEFGHIJ0123456789",
    "(01)" UDI_GTIN "(10)ABCDEFGHIJ0123456789", UDI_GTIN, "ABCDEFGHIJ0123456789", NULL, 0, 0, 0 },
  { "cset82", "(21)!\"%&'*+,-./:;<=>?_az",
    "(21)!\"%&'*+,-./:;<=>?_az", NULL, NULL, "!\"%&'*+,-./:;<=>?_az", 0, 0, 0 },

  /* DD=00 is the last day of the month. */
  { "dd00-february", "(01)" UDI_GTIN "(17)270200",
    "(01)" UDI_GTIN "(17)270200", UDI_GTIN, NULL, NULL, 2027, 2, 28 },
  { "dd00-february-leap", "(17)280200", "(17)280200", NULL, NULL, NULL, 2028, 2, 29 },
  { "dd00-february-2000", "(17)000200", "(17)000200", NULL, NULL, NULL, 2000, 2, 29 },
  { "dd00-december", "]d2" "1724120010X1", "(17)241200(10)X1", NULL, "X1", NULL, 2024, 12, 31 },
  { "dd00-april", "(17)270400", "(17)270400", NULL, NULL, NULL, 2027, 4, 30 },
  { "29-february-leap", "(17)280229", "(17)280229", NULL, NULL, NULL, 2028, 2, 29 },

  /* Logistics and assets. */
  { "sscc", "00106141412345678908", "(00)106141412345678908", NULL, NULL, NULL, 0, 0, 0 },
  { "sscc-contents", "]C1" "00106141412345678908" "0215712345678906" "3724",
    "(00)106141412345678908(02)15712345678906(37)24", "15712345678906", NULL, NULL, 0, 0, 0 },
  { "grai", "]d2" "800303870585000552987",
    "(8003)03870585000552987", NULL, NULL, NULL, 0, 0, 0 },
  { "grai-no-serial", "(8003)03870585000552(21)S1",
    "(8003)03870585000552(21)S1", NULL, NULL, "S1", 0, 0, 0 },
  { "giai", "]Q3" "80040614141ABC-123/X" GS "30" "12",
    "(8004)0614141ABC-123/X(30)12", NULL, NULL, NULL, 0, 0, 0 },
  { "giai-30", "(8004)ABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
    "(8004)ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", NULL, NULL, NULL, 0, 0, 0 },
  { "production-date", "01" UDI_GTIN "11240115" "17270131" "3012345678",
    "(01)" UDI_GTIN "(11)240115(17)270131(30)12345678", UDI_GTIN, NULL, NULL, 2027, 1, 31 },
  { "product-ids", "(01)" UDI_GTIN "(21)7(240)ABC/123(241)CPN-9(250)S2",
    "(01)" UDI_GTIN "(21)7(240)ABC/123(241)CPN-9(250)S2", UDI_GTIN, NULL, "7", 0, 0, 0 },
  { "product-ids-raw", "01" UDI_GTIN "217" GS "240ABC/123" GS "241CPN-9" GS "250S2",
    "(01)" UDI_GTIN "(21)7(240)ABC/123(241)CPN-9(250)S2", UDI_GTIN, NULL, "7", 0, 0, 0 },

  /* The same AI twice with the same value (two symbols on one label). */
  { "repeat-same-value", "(01)" UDI_GTIN "(10)AB12(01)" UDI_GTIN,
    "(01)" UDI_GTIN "(10)AB12", UDI_GTIN, "AB12", NULL, 0, 0, 0 },
  /* AI 01 is the GTIN even after AI 02. */
  { "gtin-01-over-02", "(02)15712345678906(37)5(01)" UDI_GTIN,
    "(02)15712345678906(37)5(01)" UDI_GTIN, UDI_GTIN, NULL, NULL, 0, 0, 0 },
};

typedef struct
{
  const char  *name;
  const char  *input;
  int          reference_year;  /* 0: REFERENCE_YEAR */
  TlkGs1Error  code;
  const char  *what;      /* the AI or characters the message must name */
  int          position;  /* the position the message must name */
  const char  *also;      /* another part of the message, or NULL */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "check-digit-gtin", "(01)05712345678904(17)270131(10)AB12", 0,
    TLK_GS1_ERROR_CHECK_DIGIT, "(01)", 1, "(4, should be 9)" },
  { "check-digit-gtin-raw", "]d2" "0105712345678904" "17270131", 0,
    TLK_GS1_ERROR_CHECK_DIGIT, "(01)", 4, "(4, should be 9)" },
  { "check-digit-gtin-swapped", "(01)" UDI_GTIN "(02)15712345678960", 0,
    TLK_GS1_ERROR_CHECK_DIGIT, "(02)", 19, "(0, should be 8)" },
  { "check-digit-sscc", "(00)106141412345678907", 0,
    TLK_GS1_ERROR_CHECK_DIGIT, "(00)", 1, "(7, should be 8)" },
  { "check-digit-grai", "800303870585000553987", 0,
    TLK_GS1_ERROR_CHECK_DIGIT, "(8003)", 1, "should be 2" },

  { "date-month-13", "(01)" UDI_GTIN "(17)271331", 0,
    TLK_GS1_ERROR_DATE, "(17)", 19, "“271331”" },
  { "date-month-00", "(17)270015", 0,
    TLK_GS1_ERROR_DATE, "(17)", 1, "month 00" },
  { "date-31-february", "(01)" UDI_GTIN "(17)270231", 0,
    TLK_GS1_ERROR_DATE, "(17)", 19, "31 February" },
  { "date-31-april", "]d2" "01" UDI_GTIN "17270431", 0,
    TLK_GS1_ERROR_DATE, "(17)", 20, "31 April" },
  { "date-29-february-2027", "01" UDI_GTIN "17270229", 0,
    TLK_GS1_ERROR_DATE, "(17)", 17, "2027" },
  { "date-29-february-2100", "(17)000229", 2080,
    TLK_GS1_ERROR_DATE, "(17)", 1, "2100" },
  { "date-production", "(11)250230", 0,
    TLK_GS1_ERROR_DATE, "(11)", 1, "30 February" },

  { "lot-too-long", "01" UDI_GTIN "10ABCDEFGHIJ01234567890", 0,
    TLK_GS1_ERROR_TOO_LONG, "(10)", 17, "separator" },
  { "lot-missing-gs-before-serial", "]d2" "01" UDI_GTIN "17270131" "10ABCDEFGHIJ12345" "21SERIAL123456", 0,
    TLK_GS1_ERROR_TOO_LONG, "(10)", 28, "separator" },
  { "count-missing-gs-before-lot", "01" UDI_GTIN "3012" "10AB12", 0,
    TLK_GS1_ERROR_CHARACTER, "(30)", 17, "“A” at position 23" },
  { "count-too-long", "(30)123456789", 0,
    TLK_GS1_ERROR_TOO_LONG, "(30)", 1, "8" },
  { "giai-too-long", "(8004)ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 0,
    TLK_GS1_ERROR_TOO_LONG, "(8004)", 1, "30" },
  { "gtin-too-long-bracketed", "(01)" UDI_GTIN "1(10)AB", 0,
    TLK_GS1_ERROR_TOO_LONG, "(01)", 1, "15" },

  { "unknown-ai", "(99)ABC", 0,
    TLK_GS1_ERROR_UNKNOWN_AI, "“99”", 1, NULL },
  { "unknown-ai-raw-4-digits", "01" UDI_GTIN "7003" "2701311200", 0,
    TLK_GS1_ERROR_UNKNOWN_AI, "“7003”", 17, NULL },
  { "unknown-ai-raw-2-digits", "]d2" "9912345", 0,
    TLK_GS1_ERROR_UNKNOWN_AI, "“99”", 4, NULL },
  { "unknown-ai-letter", "K3F9A2CXM7", 0,
    TLK_GS1_ERROR_UNKNOWN_AI, "“K”", 1, NULL },
  { "unknown-ai-after-fixed", "01" UDI_GTIN "(17)270131", 0,
    TLK_GS1_ERROR_UNKNOWN_AI, "“(”", 17, NULL },

  { "character-space", "(01)" UDI_GTIN "(10)AB 12", 0,
    TLK_GS1_ERROR_CHARACTER, "(10)", 19, "“ ” at position 25" },
  { "character-non-ascii", "]d2" "10ÆØ12", 0,
    TLK_GS1_ERROR_CHARACTER, "(10)", 4, "“Æ” at position 6" },
  { "character-control", "(21)AB\t12", 0,
    TLK_GS1_ERROR_CHARACTER, "(21)", 1, "U+0009" },
  { "character-gtin-letter", "(01)0571234567890X", 0,
    TLK_GS1_ERROR_CHARACTER, "(01)", 1, "not a digit" },
  { "character-count-letter", "(37)1a", 0,
    TLK_GS1_ERROR_CHARACTER, "(37)", 1, "“a” at position 6" },
  { "character-grai-letter", "(8003)0387058500055A987", 0,
    TLK_GS1_ERROR_CHARACTER, "(8003)", 1, "not a digit" },

  { "truncated-gtin", "0105712345678", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(01)", 1, "11 characters" },
  { "truncated-gtin-gs", "]C1" "0105712345" GS "10AB", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(01)", 4, "8 characters" },
  { "truncated-expiry", "01" UDI_GTIN "17270", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(17)", 17, "3 characters" },
  { "truncated-sscc-bracketed", "(00)10614141234567890(10)X", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(00)", 1, "17 characters" },
  { "truncated-grai", "(8003)0387058500055", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(8003)", 1, "at least 14" },
  { "ai-without-value", "01" UDI_GTIN "17", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(17)", 17, NULL },
  { "empty-lot", "(10)(21)X", 0,
    TLK_GS1_ERROR_TOO_SHORT, "(10)", 1, NULL },

  { "empty", "", 0, TLK_GS1_ERROR_EMPTY, NULL, 1, NULL },
  { "empty-after-prefix", "]d2", 0, TLK_GS1_ERROR_EMPTY, NULL, 4, NULL },
  { "empty-gs", GS GS "\r\n", 0, TLK_GS1_ERROR_EMPTY, NULL, 3, NULL },

  { "bracket-not-closed", "(01)" UDI_GTIN "(17270131", 0,
    TLK_GS1_ERROR_SYNTAX, "“(1727013”", 19, NULL },
  { "bracket-not-closed-end", "(01)" UDI_GTIN "(17", 0,
    TLK_GS1_ERROR_SYNTAX, "“(17”", 19, NULL },
  { "bracket-not-opened", "(01)" UDI_GTIN ")(17)270131", 0,
    TLK_GS1_ERROR_SYNTAX, "(01)", 1, "position 19" },
  /* Positions count characters, not bytes. */
  { "bracket-not-opened-after-non-ascii", "(10)Æ)", 0,
    TLK_GS1_ERROR_SYNTAX, "(10)", 1, "“)” at position 6" },
  { "brackets-empty", "()123", 0,
    TLK_GS1_ERROR_SYNTAX, "“()”", 1, NULL },
  { "bracketed-then-raw", "(10)AB12" GS "21XYZ", 0,
    TLK_GS1_ERROR_SYNTAX, "“2”", 10, NULL },
  { "symbology-ean", "]E0" "4006381333931", 0,
    TLK_GS1_ERROR_SYNTAX, "“]E0”", 1, NULL },
  { "symbology-datamatrix-plain", "]d1" UDI_RAW, 0,
    TLK_GS1_ERROR_SYNTAX, "“]d1”", 1, NULL },
  { "symbology-cut", "]d", 0,
    TLK_GS1_ERROR_SYNTAX, "“]d”", 1, NULL },

  { "duplicate-lot", "(10)AB12(10)AB13", 0,
    TLK_GS1_ERROR_DUPLICATE, "(10)", 9, "“AB13”" },
  { "duplicate-gtin-raw", "01" UDI_GTIN "0109506000134352", 0,
    TLK_GS1_ERROR_DUPLICATE, "(01)", 17, "“09506000134352”" },
};

static void
assert_date (const GDate *date,
             int          year,
             int          month,
             int          day)
{
  g_assert_nonnull (date);
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_year (date), ==, year);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_day (date), ==, day);
}

static void
assert_case (const TlkGs1    *gs1,
             const ValidCase *test)
{
  g_autofree char *string = tlk_gs1_to_string (gs1);

  g_assert_cmpstr (string, ==, test->expected);
  g_assert_cmpstr (gs1->gtin, ==, test->gtin);
  g_assert_cmpstr (gs1->lot, ==, test->lot);
  g_assert_cmpstr (gs1->serial, ==, test->serial);

  if (test->expiry_year == 0)
    g_assert_null (gs1->expiry);
  else
    assert_date (gs1->expiry, test->expiry_year, test->expiry_month, test->expiry_day);
}

static gboolean
has_bracket_in_value (const TlkGs1 *gs1)
{
  for (guint i = 0; i < gs1->elements->len; i++)
    {
      const TlkGs1Element *element = g_ptr_array_index (gs1->elements, i);

      if (strpbrk (element->value, "()") != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_valid (gconstpointer data)
{
  const ValidCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkGs1) gs1 = NULL;
  g_autoptr(TlkGs1) again = NULL;
  g_autofree char *string = NULL;

  gs1 = tlk_gs1_parse_for_year (test->input, REFERENCE_YEAR, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gs1);
  assert_case (gs1, test);

  /* The parenthesised form reads back to the same elements, unless a value
   * holds brackets (allowed in the raw form only). */
  string = tlk_gs1_to_string (gs1);
  again = tlk_gs1_parse_for_year (string, REFERENCE_YEAR, &error);
  if (has_bracket_in_value (gs1))
    {
      g_assert_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_UNKNOWN_AI);
    }
  else
    {
      g_assert_no_error (error);
      assert_case (again, test);
    }

  g_assert_true (tlk_gs1_looks_like (test->input));
}

static void
test_error (gconstpointer data)
{
  const ErrorCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkGs1) gs1 = NULL;
  g_autofree char *position = NULL;
  int reference_year = test->reference_year != 0 ? test->reference_year : REFERENCE_YEAR;

  gs1 = tlk_gs1_parse_for_year (test->input, reference_year, &error);
  g_assert_null (gs1);
  g_assert_error (error, TLK_GS1_ERROR, (int) test->code);

  position = g_strdup_printf ("position %d", test->position);
  g_assert_nonnull (strstr (error->message, position));
  if (test->what != NULL)
    g_assert_nonnull (strstr (error->message, test->what));
  if (test->also != NULL)
    g_assert_nonnull (strstr (error->message, test->also));
}

/* Without a GS after a lot the following AI becomes part of the lot. When
 * that stays within 20 characters nothing can tell, so at least nothing
 * may be invented: no expiry from the swallowed AI 17. */
static void
test_missing_separator_swallowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkGs1) gs1 = NULL;

  gs1 = tlk_gs1_parse_for_year ("]d2" "01" UDI_GTIN "10AB12" "17270131", REFERENCE_YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gs1->lot, ==, "AB1217270131");
  g_assert_null (gs1->expiry);
  g_assert_null (tlk_gs1_get (gs1, "17"));
}

static const struct
{
  const char *yymmdd;
  int         reference_year;
  int         year;
} century_cases[] = {
  { "270131", 2025, 2027 },
  { "740131", 2025, 2074 },  /* +49: this century */
  { "750131", 2025, 2075 },  /* +50: this century */
  { "760131", 2025, 1976 },  /* +51: the previous one */
  { "991231", 2025, 1999 },
  { "000101", 2025, 2000 },
  { "501231", 2099, 2050 },  /* -49: this century */
  { "491231", 2099, 2149 },  /* -50: the next one */
  { "300101", 2080, 2130 },
  { "310101", 2080, 2031 },
  { "000101", 2080, 2100 },
  { "990101", 2000, 1999 },
};

static void
test_century (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (century_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TlkGs1) gs1 = NULL;
      g_autofree char *input = g_strconcat ("17", century_cases[i].yymmdd, NULL);

      g_test_message ("%s in %d", century_cases[i].yymmdd, century_cases[i].reference_year);
      gs1 = tlk_gs1_parse_for_year (input, century_cases[i].reference_year, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_date_get_year (gs1->expiry), ==, century_cases[i].year);
    }
}

/* tlk_gs1_parse() takes the year from the clock; 2027 stays 2027 until 2076. */
static void
test_parse_now (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkGs1) gs1 = NULL;

  gs1 = tlk_gs1_parse ("]d2" UDI_RAW, &error);
  g_assert_no_error (error);
  assert_date (gs1->expiry, 2027, 1, 31);
  g_assert_cmpstr (gs1->gtin, ==, UDI_GTIN);

  g_clear_pointer (&gs1, tlk_gs1_free);
  gs1 = tlk_gs1_parse ("(17)270231", &error);
  g_assert_null (gs1);
  g_assert_error (error, TLK_GS1_ERROR, TLK_GS1_ERROR_DATE);
}

static void
test_elements (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkGs1) gs1 = NULL;
  const TlkGs1Element *element;

  gs1 = tlk_gs1_parse_for_year ("]d2" "800303870585000552987" GS "8004X-1" GS "2401" GS "11250200",
                                REFERENCE_YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gs1->elements->len, ==, 4);

  element = g_ptr_array_index (gs1->elements, 0);
  g_assert_cmpstr (element->ai, ==, "8003");
  g_assert_cmpstr (element->value, ==, "03870585000552987");
  element = g_ptr_array_index (gs1->elements, 3);
  g_assert_cmpstr (element->ai, ==, "11");
  g_assert_cmpstr (element->value, ==, "250200");

  g_assert_cmpstr (tlk_gs1_get (gs1, "8004"), ==, "X-1");
  g_assert_cmpstr (tlk_gs1_get (gs1, "240"), ==, "1");
  g_assert_null (tlk_gs1_get (gs1, "24"));
  g_assert_null (tlk_gs1_get (gs1, "17"));
  /* AI 11 is a date but not the expiry. */
  g_assert_null (gs1->expiry);
  g_assert_null (gs1->gtin);
}

static const struct
{
  const char *digits;
  gboolean    valid;
} check_digit_cases[] = {
  { UDI_GTIN, TRUE },
  { "09506000134352", TRUE },
  { "15712345678906", TRUE },
  { "106141412345678908", TRUE },  /* SSCC */
  { "4006381333931", TRUE },       /* GTIN-13 */
  { "036000291452", TRUE },        /* GTIN-12 */
  { "96385074", TRUE },            /* GTIN-8 */
  { "00", TRUE },
  { "05712345678904", FALSE },
  { "05712345678990", FALSE },     /* two digits swapped */
  { "106141412345678907", FALSE },
  { "4006381333932", FALSE },
  { "96385047", FALSE },
  { "0571234567890X", FALSE },
  { "0571234567890 9", FALSE },
  { "7", FALSE },
  { "", FALSE },
};

static void
test_check_digit (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_digit_cases); i++)
    {
      g_test_message ("“%s”", check_digit_cases[i].digits);
      g_assert_cmpint (tlk_gs1_check_digit_valid (check_digit_cases[i].digits), ==,
                       check_digit_cases[i].valid);
    }
}

static const struct
{
  const char *input;
  gboolean    gs1;
} looks_like_cases[] = {
  { "]d2" UDI_RAW, TRUE },
  { "]C1" "00106141412345678908", TRUE },
  { "]Q3" "10AB", TRUE },
  { "]e0" "0105712345678909", TRUE },
  { "(01)05712345678909", TRUE },
  { "(17)270131", TRUE },
  { "0105712345678909", TRUE },
  { "0205712345678909", TRUE },
  { "00106141412345678908", TRUE },
  { "10ABCDEFGH" GS "21XYZ", TRUE },
  { GS "0105712345678909", TRUE },
  { "]Q1" "(01)05712345678909", TRUE },  /* GS1 data behind another prefix */
  { "K3F9A2CXM7", FALSE },               /* our label codes */
  { "D0000000000", FALSE },
  { "L12345678901234567", FALSE },
  { "]Q1" "K3F9A2CXM7", FALSE },         /* our QR with an AIM prefix */
  { "", FALSE },
  { "]", FALSE },
  { "12345", FALSE },
  { "0105712345", FALSE },               /* too short */
  { "1234567890123456", FALSE },         /* digits, but no GS and no GTIN */
  { "00106141412345", FALSE },
  { "010571234567X909", FALSE },
  { "(K3F9)", FALSE },
};

static void
test_looks_like (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (looks_like_cases); i++)
    {
      g_test_message ("“%s”", looks_like_cases[i].input);
      g_assert_cmpint (tlk_gs1_looks_like (looks_like_cases[i].input), ==, looks_like_cases[i].gs1);
    }
}

static void
test_misuse (void)
{
  GError *error = NULL;

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*input != NULL*");
  g_assert_null (tlk_gs1_parse (NULL, &error));
  g_test_assert_expected_messages ();

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*reference_year*");
  g_assert_null (tlk_gs1_parse_for_year ("(10)A", 0, &error));
  g_test_assert_expected_messages ();

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*input != NULL*");
  g_assert_false (tlk_gs1_looks_like (NULL));
  g_test_assert_expected_messages ();

  g_assert_no_error (error);
  tlk_gs1_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/gs1/parse/%s", valid_cases[i].name);

      g_test_add_data_func (path, &valid_cases[i], test_valid);
    }

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/gs1/refuse/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }

  g_test_add_func ("/gs1/missing-separator-swallowed", test_missing_separator_swallowed);
  g_test_add_func ("/gs1/century", test_century);
  g_test_add_func ("/gs1/parse-now", test_parse_now);
  g_test_add_func ("/gs1/elements", test_elements);
  g_test_add_func ("/gs1/check-digit", test_check_digit);
  g_test_add_func ("/gs1/looks-like", test_looks_like);
  g_test_add_func ("/gs1/misuse", test_misuse);

  return g_test_run ();
}
