/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-code.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static const TlkCodeKind kinds[] = {
  TLK_CODE_KIND_KIT,
  TLK_CODE_KIND_DEVICE,
  TLK_CODE_KIND_LOCATION,
  TLK_CODE_KIND_ACTION,
  TLK_CODE_KIND_STOP,
};

/* Random codes for the exhaustive tests; a fixed seed keeps runs alike. */
#define N_RANDOM_CODES 2000
#define RANDOM_SEED    0x7e1e417u

/* Asserts that @input is refused with @code and that the message quotes it. */
static void
assert_refused (const char   *input,
                TlkCodeError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = NULL;

  parsed = tlk_code_parse (input, NULL, &error);
  if (parsed != NULL)
    g_error ("“%s” was accepted as %s", input, parsed);
  g_assert_error (error, TLK_CODE_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, input));
}

/* Checked by hand: folding K (19) and eight 0s leaves 19·2^8 = 25 in
 * GF(32) mod x^5+x^2+1, so the check is 2·25 = 23, "Q"; with a final 1 the
 * interim is 24 and the check 2·24 = 21, "N". The rest come from a separate
 * Python implementation. */
static void
test_code_known (void)
{
  static const struct {
    TlkCodeKind kind;
    guint64 serial;
    const char *code;
  } known[] = {
    { TLK_CODE_KIND_KIT, 0, "K00000000Q" },
    { TLK_CODE_KIND_KIT, 1, "K00000001N" },
    { TLK_CODE_KIND_KIT, TLK_CODE_SERIAL_MAX, "KZZZZZZZZM" },
    { TLK_CODE_KIND_KIT, G_GUINT64_CONSTANT (0x123456789), "K04HMASW9J" },
    { TLK_CODE_KIND_DEVICE, 0, "D00000000K" },
    { TLK_CODE_KIND_DEVICE, 1, "D00000001H" },
    { TLK_CODE_KIND_LOCATION, 0, "L00000000T" },
    { TLK_CODE_KIND_LOCATION, 1, "L00000001R" },
    { TLK_CODE_KIND_ACTION, 0, "A00000000Z" },
    { TLK_CODE_KIND_ACTION, 1, "A00000001X" },
    { TLK_CODE_KIND_STOP, 0, "S000000008" },
    { TLK_CODE_KIND_STOP, 1, "S00000001A" },
  };

  g_assert_cmpuint (TLK_CODE_SERIAL_MAX, ==, G_GUINT64_CONSTANT (0xffffffffff));

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *code = tlk_code_make (known[i].kind, known[i].serial);

      g_assert_cmpstr (code, ==, known[i].code);
      g_assert_true (tlk_code_is_valid (known[i].code));
    }

  /* The example in tlk-code.h. */
  g_assert_true (tlk_code_is_valid ("K3F9A2CXMS"));
  g_assert_false (tlk_code_is_valid ("K3F9A2CXM7"));
}

static void
test_code_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (RANDOM_SEED);
  guint64 serials[64] = {
    0, 1, 31, 32, 1023, 1024, TLK_CODE_SERIAL_MAX - 1, TLK_CODE_SERIAL_MAX,
  };

  for (guint i = 8; i < G_N_ELEMENTS (serials); i++)
    serials[i] = (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand)) & TLK_CODE_SERIAL_MAX;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *code = tlk_code_make (kinds[k], serials[i]);
        g_autofree char *parsed = NULL;
        g_autofree char *lower = NULL;
        g_autofree char *from_lower = NULL;
        TlkCodeKind kind = 0;
        guint64 decoded = 0;

        g_assert_cmpuint (strlen (code), ==, TLK_CODE_LEN);
        g_assert_cmpint (code[0], ==, kinds[k]);
        g_assert_true (tlk_code_is_valid (code));

        /* The serial is there, big-endian, in Crockford base32. */
        for (guint j = 1; j <= TLK_CODE_SERIAL_LEN; j++)
          decoded = (decoded << 5) | (guint64) (strchr (alphabet, code[j]) - alphabet);
        g_assert_cmpuint (decoded, ==, serials[i]);

        parsed = tlk_code_parse (code, &kind, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (parsed, ==, code);
        g_assert_cmpint (kind, ==, kinds[k]);

        lower = g_ascii_strdown (code, -1);
        from_lower = tlk_code_parse (lower, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (from_lower, ==, code);
      }
}

static void
test_code_make_random (void)
{
  g_autoptr(GRand) a = g_rand_new_with_seed (42);
  g_autoptr(GRand) b = g_rand_new_with_seed (42);
  g_autoptr(GRand) c = g_rand_new_with_seed (43);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint32 used[TLK_CODE_SERIAL_LEN] = { 0 };
  guint same_as_c = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *from_a = tlk_code_make_random (TLK_CODE_KIND_DEVICE, a);
      g_autofree char *from_b = tlk_code_make_random (TLK_CODE_KIND_DEVICE, b);
      g_autofree char *from_c = tlk_code_make_random (TLK_CODE_KIND_DEVICE, c);

      g_assert_cmpstr (from_a, ==, from_b);
      g_assert_true (tlk_code_is_valid (from_a));
      g_assert_cmpint (from_a[0], ==, 'D');
      same_as_c += g_str_equal (from_a, from_c);
      for (guint j = 0; j < TLK_CODE_SERIAL_LEN; j++)
        used[j] |= 1u << (strchr (alphabet, from_a[1 + j]) - alphabet);
      g_assert_true (g_hash_table_add (seen, g_steal_pointer (&from_a)));
    }
  g_assert_cmpuint (same_as_c, ==, 0);

  /* All 40 bits are random: every serial position, the first included, has
   * taken all 32 values in 1000 codes. */
  for (guint j = 0; j < TLK_CODE_SERIAL_LEN; j++)
    g_assert_cmphex (used[j], ==, 0xffffffff);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *code = tlk_code_make_random (TLK_CODE_KIND_STOP, NULL);

      g_assert_true (tlk_code_is_valid (code));
      g_assert_cmpint (code[0], ==, 'S');
    }
}

static char *
random_code (GRand *rand)
{
  TlkCodeKind kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];

  return tlk_code_make_random (kind, rand);
}

static void
test_code_substitution (void)
{
  /* The kind letter can also become L; further on, L is read as 1. */
  static const char kind_candidates[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZL";
  g_autoptr(GRand) rand = g_rand_new_with_seed (RANDOM_SEED);
  guint refused = 0;

  for (guint n = 0; n < N_RANDOM_CODES; n++)
    {
      g_autofree char *code = random_code (rand);

      for (guint pos = 0; pos < TLK_CODE_LEN; pos++)
        for (const char *c = pos == 0 ? kind_candidates : alphabet; *c != '\0'; c++)
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *changed = g_strdup (code);
            g_autofree char *parsed = NULL;
            TlkCodeError expected = TLK_CODE_ERROR_CHECK;

            if (*c == code[pos])
              continue;

            changed[pos] = *c;
            if (pos == 0 && !tlk_code_kind_is_valid (*c))
              expected = TLK_CODE_ERROR_KIND;

            parsed = tlk_code_parse (changed, NULL, &error);
            if (parsed != NULL)
              g_error ("%s with %c at %u was accepted as %s", code, *c, pos, parsed);
            g_assert_error (error, TLK_CODE_ERROR, (int) expected);
            g_assert_false (tlk_code_is_valid (changed));
            refused++;
          }
    }

  /* Every other character at every position: 32 for the kind letter, 31
   * for the rest. */
  g_assert_cmpuint (refused, ==, N_RANDOM_CODES * (32 + (TLK_CODE_LEN - 1) * 31));
}

static void
test_code_transposition (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (RANDOM_SEED + 1);
  guint refused = 0;

  for (guint n = 0; n < N_RANDOM_CODES; n++)
    {
      g_autofree char *code = random_code (rand);

      for (guint pos = 0; pos + 1 < TLK_CODE_LEN; pos++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *swapped = g_strdup (code);
          g_autofree char *parsed = NULL;
          TlkCodeError expected = TLK_CODE_ERROR_CHECK;

          if (code[pos] == code[pos + 1])
            continue;

          swapped[pos] = code[pos + 1];
          swapped[pos + 1] = code[pos];
          if (pos == 0 && !tlk_code_kind_is_valid (swapped[0]))
            expected = TLK_CODE_ERROR_KIND;

          parsed = tlk_code_parse (swapped, NULL, &error);
          if (parsed != NULL)
            g_error ("%s with %u and %u swapped was accepted as %s", code, pos, pos + 1, parsed);
          g_assert_error (error, TLK_CODE_ERROR, (int) expected);
          refused++;
        }
    }
  g_assert_cmpuint (refused, >, N_RANDOM_CODES * 8);

  /* Every ordered pair of different characters at every pair of serial
   * positions, not just the pairs the random codes happen to hold. */
  refused = 0;
  for (guint pos = 0; pos + 1 < TLK_CODE_SERIAL_LEN; pos++)
    for (guint x = 0; x < 32; x++)
      for (guint y = 0; y < 32; y++)
        {
          guint shift = 5 * (TLK_CODE_SERIAL_LEN - 2 - pos);
          guint64 serial;
          g_autofree char *code = NULL;
          g_autofree char *swapped = NULL;

          if (x == y)
            continue;

          serial = (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand)) & TLK_CODE_SERIAL_MAX;
          serial &= ~((guint64) 0x3ff << shift);
          serial |= (guint64) ((x << 5) | y) << shift;
          code = tlk_code_make (TLK_CODE_KIND_KIT, serial);
          g_assert_cmpint (code[1 + pos], ==, alphabet[x]);
          g_assert_cmpint (code[2 + pos], ==, alphabet[y]);

          swapped = g_strdup (code);
          swapped[1 + pos] = alphabet[y];
          swapped[2 + pos] = alphabet[x];
          g_assert_false (tlk_code_is_valid (swapped));
          assert_refused (swapped, TLK_CODE_ERROR_CHECK);
          refused++;
        }
  g_assert_cmpuint (refused, ==, (TLK_CODE_SERIAL_LEN - 1) * 32 * 31);
}

static void
test_code_normalize (void)
{
  static const struct {
    const char *input;
    const char *normalized;
  } cases[] = {
    { "k3f9-a2cx ms", "K3F9A2CXMS" },
    { "  K 3F9 A2C XMS\r\n", "K3F9A2CXMS" },
    { "K\t3F9\tA2C\tXMS", "K3F9A2CXMS" },
    { "K--3F9--A2C--XMS", "K3F9A2CXMS" },
    { "KOoIiLl", "K001111" },
    /* L first is the location kind, not a 1. */
    { "L0000000 0t", "L00000000T" },
    { "lOL", "L01" },
    { "l", "L" },
    /* Only after the first character. */
    { "OK", "OK" },
    { "I0", "I0" },
    { "", "" },
    { " - \t", "" },
    /* Not validated. */
    { "ku#", "KU#" },
    { "kæde", "KæDE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = tlk_code_normalize (cases[i].input);

      g_assert_cmpstr (normalized, ==, cases[i].normalized);
    }
}

static void
test_code_parse_normalizes (void)
{
  static const struct {
    const char *input;
    const char *code;
    TlkCodeKind kind;
  } cases[] = {
    { "K3F9A2CXMS", "K3F9A2CXMS", TLK_CODE_KIND_KIT },
    { "k3f9-a2cx ms", "K3F9A2CXMS", TLK_CODE_KIND_KIT },
    { "K 3F9 A2C XMS\n", "K3F9A2CXMS", TLK_CODE_KIND_KIT },
    { "k0000000o-q", "K00000000Q", TLK_CODE_KIND_KIT },
    { "KOOOOOOOOQ", "K00000000Q", TLK_CODE_KIND_KIT },
    { "k0000000In", "K00000001N", TLK_CODE_KIND_KIT },
    { "K0000000LN", "K00000001N", TLK_CODE_KIND_KIT },
    { "K0000000lN", "K00000001N", TLK_CODE_KIND_KIT },
    { "l00000000t", "L00000000T", TLK_CODE_KIND_LOCATION },
    { "L O000 000 LR", "L00000001R", TLK_CODE_KIND_LOCATION },
    { "s-000-000-008", "S000000008", TLK_CODE_KIND_STOP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;
      TlkCodeKind kind = 0;

      code = tlk_code_parse (cases[i].input, &kind, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, cases[i].code);
      g_assert_cmpint (kind, ==, cases[i].kind);

      /* Valid only once canonical. */
      g_assert_cmpint (tlk_code_is_valid (cases[i].input), ==,
                       g_str_equal (cases[i].input, cases[i].code));
    }
}

static void
test_code_error_empty (void)
{
  const char *inputs[] = { "", " ", "--", " \t-\r\n" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      TlkCodeKind kind = TLK_CODE_KIND_KIT;

      g_assert_null (tlk_code_parse (inputs[i], &kind, &error));
      g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_EMPTY);
      g_assert_cmpint (kind, ==, TLK_CODE_KIND_KIT);
    }
}

static void
test_code_error_character (void)
{
  static const struct {
    const char *input;
    int position;
    const char *wrong;
  } cases[] = {
    { "K3F9A2CXU7", 9, "U" },
    { "K3F9A2CXu7", 9, "u" },
    { "K#F9A2CXMS", 2, "#" },
    /* Counted in the input as shown, spaces included. */
    { "K 3F9 A2C XU7", 12, "U" },
    { "K3F9A2CXMS.", 11, "." },
    { "Kæde", 2, "æ" },
    /* The first wrong one, even when the length is wrong too. */
    { "KU", 2, "U" },
    { "K3F9A2CXMS!!", 11, "!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;

      g_assert_null (tlk_code_parse (cases[i].input, NULL, &error));
      g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_CHARACTER);
      expected = g_strdup_printf ("“%s” is not a Telekit code: character %d, “%s”, is never used in codes.",
                                  cases[i].input, cases[i].position, cases[i].wrong);
      g_assert_cmpstr (error->message, ==, expected);
    }

  /* Bytes that are not UTF-8 still give a readable message. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (tlk_code_parse ("K3F9\xff", NULL, &error));
    g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_CHARACTER);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
    g_assert_nonnull (strstr (error->message, "character 5"));
  }
}

static void
test_code_error_length (void)
{
  const char *inputs[] = { "K", "K3F9A2CXM", "K3F9A2CXMSS", "K 3F9 A2C XM", "D0000000000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_refused (inputs[i], TLK_CODE_ERROR_LENGTH);

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (tlk_code_parse ("K3F9A2CXM", NULL, &error));
    g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_LENGTH);
    g_assert_cmpstr (error->message, ==,
                     "“K3F9A2CXM” is not a Telekit code: it has 9 characters, a code has 10.");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (tlk_code_parse ("s", NULL, &error));
    g_assert_cmpstr (error->message, ==,
                     "“s” is not a Telekit code: it has 1 character, a code has 10.");
  }
}

static void
test_code_error_kind (void)
{
  static const struct {
    const char *input;
    const char *first;
  } cases[] = {
    { "X3F9A2CXMS", "X" },
    { "x3f9a2cxms", "x" },
    { "03F9A2CXMS", "0" },
    { "13F9A2CXMS", "1" },
    { "O3F9A2CXMS", "O" },
    { "I3F9A2CXMS", "I" },
    { "#", "#" },
    { "Ø12", "Ø" },
    { "]d20105712345678904", "]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;

      g_assert_null (tlk_code_parse (cases[i].input, NULL, &error));
      g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_KIND);
      expected = g_strdup_printf ("“%s” starts with “%s”, which is not a kind of Telekit code "
                                  "(K kit, D device, L location, A action card, S stop).",
                                  cases[i].input, cases[i].first);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_code_error_check (void)
{
  const char *inputs[] = { "K3F9A2CXM7", "K00000000N", "K00000001Q", "D00000000Q", "k3f9-a2cx-m7" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_refused (inputs[i], TLK_CODE_ERROR_CHECK);

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (tlk_code_parse ("K3F9A2CXM7", NULL, &error));
    g_assert_cmpstr (error->message, ==,
                     "“K3F9A2CXM7” is not a valid code: one character is wrong or two are swapped. "
                     "Scan again or type it carefully.");
  }
}

static void
test_code_format (void)
{
  static const struct {
    const char *code;
    const char *text;
  } cases[] = {
    { "K3F9A2CXMS", "K 3F9 A2C XMS" },
    { "K00000000Q", "K 000 000 00Q" },
    { "L00000001R", "L 000 000 01R" },
    { "S000000008", "S 000 000 008" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = tlk_code_format (cases[i].code);
      g_autofree char *back = NULL;

      g_assert_cmpstr (text, ==, cases[i].text);

      /* What is read aloud and typed back is the same code. */
      back = tlk_code_parse (text, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back, ==, cases[i].code);
    }
}

static void
test_code_kind (void)
{
  static const struct {
    int kind;
    const char *name;
  } cases[] = {
    { TLK_CODE_KIND_KIT, "kit" },
    { TLK_CODE_KIND_DEVICE, "device" },
    { TLK_CODE_KIND_LOCATION, "location" },
    { TLK_CODE_KIND_ACTION, "action" },
    { TLK_CODE_KIND_STOP, "stop" },
  };
  const int invalid[] = { 0, 'k', 'B', 'X', '1', 'O', 'I', 'U', 256 + 'K', -1 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (tlk_code_kind_is_valid (cases[i].kind));
      g_assert_cmpstr (tlk_code_kind_to_string ((TlkCodeKind) cases[i].kind), ==, cases[i].name);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (tlk_code_kind_is_valid (invalid[i]));
}

static void
test_code_misuse (void)
{
  char *result;

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*tlk_code_kind_is_valid*");
  result = tlk_code_make ((TlkCodeKind) 'X', 0);
  g_test_assert_expected_messages ();
  g_assert_null (result);

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*TLK_CODE_SERIAL_MAX*");
  result = tlk_code_make (TLK_CODE_KIND_KIT, TLK_CODE_SERIAL_MAX + 1);
  g_test_assert_expected_messages ();
  g_assert_null (result);

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*tlk_code_is_valid*");
  result = tlk_code_format ("K3F9A2CXM7");
  g_test_assert_expected_messages ();
  g_assert_null (result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/code/known", test_code_known);
  g_test_add_func ("/code/round-trip", test_code_round_trip);
  g_test_add_func ("/code/make-random", test_code_make_random);
  g_test_add_func ("/code/substitution", test_code_substitution);
  g_test_add_func ("/code/transposition", test_code_transposition);
  g_test_add_func ("/code/normalize", test_code_normalize);
  g_test_add_func ("/code/parse-normalizes", test_code_parse_normalizes);
  g_test_add_func ("/code/error/empty", test_code_error_empty);
  g_test_add_func ("/code/error/character", test_code_error_character);
  g_test_add_func ("/code/error/length", test_code_error_length);
  g_test_add_func ("/code/error/kind", test_code_error_kind);
  g_test_add_func ("/code/error/check", test_code_error_check);
  g_test_add_func ("/code/format", test_code_format);
  g_test_add_func ("/code/kind", test_code_kind);
  g_test_add_func ("/code/misuse", test_code_misuse);

  return g_test_run ();
}
