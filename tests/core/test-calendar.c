/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "tlk-calendar.h"

/* Every expected value below is counted by hand from a wall calendar; the
 * weekday of each date is written next to it. */

static void
set_iso (GDate      *date,
         const char *iso)
{
  guint year, month, day;
  int   n;

  n = sscanf (iso, "%u-%u-%u", &year, &month, &day);
  g_assert_cmpint (n, ==, 3);
  g_assert_true (g_date_valid_dmy (day, month, year));
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static char *
to_iso (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* Easter Sundays from published tables. */
static const char *easter_cases[] = {
  "1818-03-22", /* the earliest possible date */
  "1943-04-25", /* the latest possible date */
  "2000-04-23",
  "2019-04-21",
  "2023-04-09",
  "2024-03-31",
  "2025-04-20",
  "2026-04-05",
  "2027-03-28",
  "2038-04-25",
};

typedef struct
{
  const char *date;
  gboolean    holiday;
  gboolean    working;
} DayCase;

static const DayCase day_cases[] = {
  /* 2026: Easter Sunday 5 April. */
  { "2026-01-01", TRUE, FALSE }, /* Thu, nytårsdag */
  { "2026-04-02", TRUE, FALSE }, /* Thu, skærtorsdag, Easter − 3 */
  { "2026-04-03", TRUE, FALSE }, /* Fri, langfredag, Easter − 2 */
  { "2026-04-05", TRUE, FALSE }, /* Sun, påskedag */
  { "2026-04-06", TRUE, FALSE }, /* Mon, 2. påskedag, Easter + 1 */
  { "2026-05-14", TRUE, FALSE }, /* Thu, Kristi himmelfartsdag, 5 April + 39 */
  { "2026-05-24", TRUE, FALSE }, /* Sun, pinsedag, + 49 */
  { "2026-05-25", TRUE, FALSE }, /* Mon, 2. pinsedag, + 50 */
  { "2026-06-05", TRUE, FALSE }, /* Fri, grundlovsdag (closed) */
  { "2026-12-24", TRUE, FALSE }, /* Thu, juleaftensdag (closed) */
  { "2026-12-25", TRUE, FALSE }, /* Fri, juledag */
  { "2026-12-26", TRUE, FALSE }, /* Sat, 2. juledag */
  { "2026-12-31", TRUE, FALSE }, /* Thu, nytårsaftensdag (closed) */

  /* 2027: Easter Sunday 28 March. */
  { "2027-01-01", TRUE, FALSE }, /* Fri, nytårsdag */
  { "2027-03-25", TRUE, FALSE }, /* Thu, skærtorsdag */
  { "2027-03-26", TRUE, FALSE }, /* Fri, langfredag */
  { "2027-03-28", TRUE, FALSE }, /* Sun, påskedag */
  { "2027-03-29", TRUE, FALSE }, /* Mon, 2. påskedag */
  { "2027-05-06", TRUE, FALSE }, /* Thu, Kristi himmelfartsdag, 28 March + 39 */
  { "2027-05-16", TRUE, FALSE }, /* Sun, pinsedag */
  { "2027-05-17", TRUE, FALSE }, /* Mon, 2. pinsedag */
  { "2027-06-05", TRUE, FALSE }, /* Sat, grundlovsdag (closed) */
  { "2027-12-24", TRUE, FALSE }, /* Fri, juleaftensdag (closed) */
  { "2027-12-25", TRUE, FALSE }, /* Sat, juledag */
  { "2027-12-26", TRUE, FALSE }, /* Sun, 2. juledag */
  { "2027-12-31", TRUE, FALSE }, /* Fri, nytårsaftensdag (closed) */

  /* Store bededag, Easter + 26, up to 2023 only. */
  { "2023-05-05", TRUE, FALSE }, /* Fri, 9 April 2023 + 26 */
  { "2024-04-26", FALSE, TRUE }, /* Fri, 31 March 2024 + 26: abolished */
  { "2026-05-01", FALSE, TRUE }, /* Fri, 5 April + 26; 1 May is no holiday either */
  { "2027-04-23", FALSE, TRUE }, /* Fri, 28 March + 26 */

  /* Days next to holidays that are not. */
  { "2026-01-02", FALSE, TRUE }, /* Fri */
  { "2026-04-07", FALSE, TRUE }, /* Tue after 2. påskedag */
  { "2026-05-15", FALSE, TRUE }, /* Fri after Kristi himmelfartsdag */
  { "2026-06-04", FALSE, TRUE }, /* Thu before grundlovsdag */
  { "2026-12-23", FALSE, TRUE }, /* Wed */
  { "2026-12-28", FALSE, TRUE }, /* Mon */
  { "2026-12-27", FALSE, FALSE }, /* Sun: a weekend, no holiday */
  { "2026-03-07", FALSE, FALSE }, /* Sat */
};

typedef struct
{
  const char *name;
  const char *from;
  const char *to;
  int         expected;
} BetweenCase;

static const BetweenCase between_cases[] = {
  /* Thu 2, Fri 3 holidays, Sat 4, Sun 5, Mon 6 holiday, Tue 7 counts. */
  { "easter-2026", "2026-04-01", "2026-04-07", 1 },
  /* Starting on a holiday: Sat 4, Sun 5, Mon 6 no; Tue 7 counts. */
  { "easter-2026-from-holiday", "2026-04-03", "2026-04-07", 1 },
  /* Thu 24 closed, Fri 25 holiday, Sat 26, Sun 27; Mon 28, Tue 29, Wed 30
   * count (3); Thu 31 closed, Fri 1 January holiday, Sat 2, Sun 3; Mon 4
   * counts (4). */
  { "christmas-2026", "2026-12-23", "2027-01-04", 4 },
  /* Fri 5 June closed, Sat 6, Sun 7; Mon 8 counts. */
  { "constitution-day-2026", "2026-06-04", "2026-06-08", 1 },
  /* Thu 14 May holiday; Fri 15 counts. */
  { "ascension-2026", "2026-05-13", "2026-05-15", 1 },
  /* Fri 5 May 2023 store bededag, Sat, Sun; Mon 8 counts. */
  { "store-bededag-2023", "2023-05-04", "2023-05-08", 1 },
  /* Fri 26 April 2024 counts, Sat, Sun, Mon 29 counts. */
  { "store-bededag-2024", "2024-04-25", "2024-04-29", 2 },
  /* Sat 7, Sun 8; Mon 9 counts. */
  { "weekend", "2026-03-06", "2026-03-09", 1 },
  /* Fri to Sat, and Sat to Sun: nothing. */
  { "into-weekend", "2026-03-06", "2026-03-07", 0 },
  { "within-weekend", "2026-03-07", "2026-03-08", 0 },
  /* Tue 10 to Fri 13 (4) and Mon 16 (5). */
  { "week", "2026-03-09", "2026-03-16", 5 },
  { "same-working-day", "2026-03-09", "2026-03-09", 0 },
  { "same-holiday", "2026-04-03", "2026-04-03", 0 },
  { "same-weekend-day", "2026-03-07", "2026-03-07", 0 },
  /* The cases above backwards. */
  { "reversed-easter-2026", "2026-04-07", "2026-04-01", -1 },
  { "reversed-christmas-2026", "2027-01-04", "2026-12-23", -4 },
  { "reversed-weekend", "2026-03-09", "2026-03-06", -1 },
  /* 2026 starts and ends on a Thursday: 52 weeks and a day, 52 × 5 + 1 = 261
   * weekdays, less the 10 holidays on weekdays (1 Jan, 2, 3, 6 April, 14, 25
   * May, 5 June, 24, 25, 31 Dec) = 251. */
  { "year-2026", "2025-12-31", "2026-12-31", 251 },
  /* 2027 starts and ends on a Friday: 261 weekdays, less 8 (1 Jan, 25, 26, 29
   * March, 6, 17 May, 24, 31 Dec; 5 June, 25 and 26 Dec are weekend) = 253. */
  { "year-2027", "2026-12-31", "2027-12-31", 253 },
};

typedef struct
{
  const char *name;
  const char *from;
  int         n;
  const char *expected;
} AddCase;

static const AddCase add_cases[] = {
  /* Wed 1 April; Thu 2, Fri 3, Sat, Sun, Mon 6 are not working days. */
  { "easter-2026-1", "2026-04-01", 1, "2026-04-07" },
  { "easter-2026-2", "2026-04-01", 2, "2026-04-08" },
  { "easter-2026-from-holiday", "2026-04-03", 1, "2026-04-07" },
  /* Wed 24 March 2027; Thu 25, Fri 26, Sat, Sun, Mon 29 are not. */
  { "easter-2027", "2027-03-24", 1, "2027-03-30" },
  /* Wed 23 December; 24, 25, 26, 27 are not, Mon 28, Tue 29, Wed 30 are; 31
   * December to Sun 3 January are not; Mon 4 is. */
  { "christmas-2026-1", "2026-12-23", 1, "2026-12-28" },
  { "christmas-2026-3", "2026-12-23", 3, "2026-12-30" },
  { "christmas-2026-4", "2026-12-23", 4, "2027-01-04" },
  /* Thu 4 June; Fri 5 closed, then the weekend. */
  { "constitution-day-2026", "2026-06-04", 1, "2026-06-08" },
  /* Thu 4 May 2023; Fri 5 was store bededag. */
  { "store-bededag-2023", "2023-05-04", 1, "2023-05-08" },
  /* Thu 25 April 2024; Fri 26 is a working day now. */
  { "store-bededag-2024", "2024-04-25", 1, "2024-04-26" },
  /* Fri 6 March, five working days on is the next Friday. */
  { "week", "2026-03-06", 5, "2026-03-13" },
  /* Sat 7 March to Mon 9. */
  { "from-weekend", "2026-03-07", 1, "2026-03-09" },
  /* Zero days stays put, even off a working day. */
  { "zero-working-day", "2026-03-09", 0, "2026-03-09" },
  { "zero-holiday", "2026-12-26", 0, "2026-12-26" },
};

static void
test_easter (gconstpointer data)
{
  const char      *iso = data;
  g_autofree char *got = NULL;
  GDate            expected, easter;

  set_iso (&expected, iso);
  g_date_clear (&easter, 1);
  tlk_calendar_easter (g_date_get_year (&expected), &easter);
  got = to_iso (&easter);
  g_assert_cmpstr (got, ==, iso);
  g_assert_cmpint (g_date_get_weekday (&easter), ==, G_DATE_SUNDAY);
  g_assert_true (tlk_calendar_is_holiday (&easter));
}

static void
test_day (gconstpointer data)
{
  const DayCase *c = data;
  GDate          date;

  set_iso (&date, c->date);
  g_assert_cmpint (tlk_calendar_is_holiday (&date), ==, c->holiday);
  g_assert_cmpint (tlk_calendar_is_working_day (&date), ==, c->working);
}

static void
test_between (gconstpointer data)
{
  const BetweenCase *c = data;
  GDate              from, to;

  set_iso (&from, c->from);
  set_iso (&to, c->to);
  g_assert_cmpint (tlk_calendar_working_days_between (&from, &to), ==, c->expected);
  /* Mirrored: the same count, negated, the other way round. */
  g_assert_cmpint (tlk_calendar_working_days_between (&to, &from), ==, -c->expected);
}

static void
test_add (gconstpointer data)
{
  const AddCase   *c = data;
  g_autofree char *got = NULL;
  GDate            from, date;

  set_iso (&from, c->from);
  set_iso (&date, c->from);
  tlk_calendar_add_working_days (&date, c->n);
  got = to_iso (&date);
  g_assert_cmpstr (got, ==, c->expected);
  g_assert_cmpint (tlk_calendar_working_days_between (&from, &date), ==, c->n);
}

static void
test_misuse (void)
{
  GDate invalid, date;

  g_date_clear (&invalid, 1);
  set_iso (&date, "2026-03-09");

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*date != NULL*");
  g_assert_false (tlk_calendar_is_holiday (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*g_date_valid (date)*");
  g_assert_false (tlk_calendar_is_working_day (&invalid));
  g_test_assert_expected_messages ();

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*g_date_valid (to)*");
  g_assert_cmpint (tlk_calendar_working_days_between (&date, &invalid), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*n >= 0*");
  tlk_calendar_add_working_days (&date, -1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (g_date_get_day (&date), ==, 9);

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*g_date_valid_year (year)*");
  tlk_calendar_easter (0, &date);
  g_test_assert_expected_messages ();
  g_assert_cmpint (g_date_get_year (&date), ==, 2026);
}

/* Danish dates of UTC times: by hand across both clock changes, then every
 * half hour of 2024–2027 against the time zone database. */
static void
test_danish_date (void)
{
  static const char *const cases[][2] = {
    { "2026-03-28T22:59:00Z", "2026-03-28" },   /* 23:59 CET */
    { "2026-03-28T23:00:00Z", "2026-03-29" },   /* midnight CET; CEST starts at 01:00 UTC */
    { "2026-03-29T21:59:59Z", "2026-03-29" },   /* 23:59:59 CEST */
    { "2026-03-29T22:00:00Z", "2026-03-30" },
    { "2026-10-24T21:59:00Z", "2026-10-24" },   /* 23:59 CEST */
    { "2026-10-24T22:00:00Z", "2026-10-25" },
    { "2026-10-25T22:59:00Z", "2026-10-25" },   /* 23:59 CET again */
    { "2026-10-25T23:00:00Z", "2026-10-26" },
    { "2026-12-31T23:30:00.000Z", "2027-01-01" },
    { "2026-06-30T22:15:00+00:00", "2026-07-01" },  /* not the fast path */
    { "2026-06-30T23:15:00+02:00", "2026-06-30" },
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Copenhagen");
  g_autoptr(GDateTime) t = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *day = tlk_calendar_danish_date (cases[i][0]);
      g_assert_cmpstr (day, ==, cases[i][1]);
    }
  g_assert_null (tlk_calendar_danish_date ("2026-02-30T10:00:00Z"));
  g_assert_null (tlk_calendar_danish_date ("yesterday"));
  g_assert_null (tlk_calendar_danish_date (NULL));

  g_assert_nonnull (zone);
  while (g_date_time_get_year (t) < 2028)
    {
      g_autofree char *iso = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
      g_autoptr(GDateTime) local = g_date_time_to_timezone (t, zone);
      g_autofree char *expected = g_date_time_format (local, "%Y-%m-%d");
      g_autofree char *day = tlk_calendar_danish_date (iso);
      GDateTime *next = g_date_time_add_minutes (t, 30);

      g_assert_cmpstr (day, ==, expected);
      g_date_time_unref (t);
      t = next;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (easter_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/easter/%.4s", easter_cases[i]);

      g_test_add_data_func (path, easter_cases[i], test_easter);
    }

  for (guint i = 0; i < G_N_ELEMENTS (day_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/day/%s", day_cases[i].date);

      g_test_add_data_func (path, &day_cases[i], test_day);
    }

  for (guint i = 0; i < G_N_ELEMENTS (between_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/between/%s", between_cases[i].name);

      g_test_add_data_func (path, &between_cases[i], test_between);
    }

  for (guint i = 0; i < G_N_ELEMENTS (add_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/add/%s", add_cases[i].name);

      g_test_add_data_func (path, &add_cases[i], test_add);
    }

  g_test_add_func ("/calendar/misuse", test_misuse);
  g_test_add_func ("/calendar/danish-date", test_danish_date);

  return g_test_run ();
}
