/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-calendar.h"

#include <stdio.h>
#include <string.h>

/*
 * 24 December, 31 December and 5 June (grundlovsdag) are not official public
 * holidays, but the service centre is closed on them, like most Danish public
 * workplaces, so an SLA clock must not run. We count them as holidays; that is
 * a choice, not the law.
 */
static const struct
{
  GDateMonth month;
  GDateDay   day;
} fixed_holidays[] = {
  { G_DATE_JANUARY, 1 },   /* nytårsdag */
  { G_DATE_JUNE, 5 },      /* grundlovsdag (closed) */
  { G_DATE_DECEMBER, 24 }, /* juleaftensdag (closed) */
  { G_DATE_DECEMBER, 25 }, /* juledag */
  { G_DATE_DECEMBER, 26 }, /* 2. juledag */
  { G_DATE_DECEMBER, 31 }, /* nytårsaftensdag (closed) */
};

static const struct
{
  int       days;      /* after Easter Sunday */
  GDateYear last_year; /* 0: still a holiday */
} easter_holidays[] = {
  { -3, 0 },    /* skærtorsdag */
  { -2, 0 },    /* langfredag */
  { 0, 0 },     /* påskedag */
  { 1, 0 },     /* 2. påskedag */
  { 26, 2023 }, /* store bededag, abolished by law from 2024 */
  { 39, 0 },    /* Kristi himmelfartsdag */
  { 49, 0 },    /* pinsedag */
  { 50, 0 },    /* 2. pinsedag */
};

/* The anonymous Gregorian algorithm (Meeus, Jones, Butcher): integer
 * arithmetic only, right for every Gregorian year. */
void
tlk_calendar_easter (GDateYear  year,
                     GDate     *out)
{
  int a, b, c, d, e, f, g, h, i, k, l, m, n;

  g_return_if_fail (g_date_valid_year (year));
  g_return_if_fail (out != NULL);

  a = year % 19;
  b = year / 100;
  c = year % 100;
  d = b / 4;
  e = b % 4;
  f = (b + 8) / 25;
  g = (b - f + 1) / 3;
  h = (19 * a + b - d - g + 15) % 30;
  i = c / 4;
  k = c % 4;
  l = (32 + 2 * e + 2 * i - h - k) % 7;
  m = (a + 11 * h + 22 * l) / 451;
  n = h + l - 7 * m + 114;

  g_date_clear (out, 1);
  g_date_set_dmy (out, n % 31 + 1, n / 31, year);
}

gboolean
tlk_calendar_is_holiday (const GDate *date)
{
  GDateMonth month;
  GDateDay   day;
  GDateYear  year;
  GDate      easter;
  int        days;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (date), FALSE);

  month = g_date_get_month (date);
  day = g_date_get_day (date);
  for (guint n = 0; n < G_N_ELEMENTS (fixed_holidays); n++)
    if (month == fixed_holidays[n].month && day == fixed_holidays[n].day)
      return TRUE;

  year = g_date_get_year (date);
  tlk_calendar_easter (year, &easter);
  days = g_date_days_between (&easter, date);
  for (guint n = 0; n < G_N_ELEMENTS (easter_holidays); n++)
    if (days == easter_holidays[n].days && (easter_holidays[n].last_year == 0 || year <= easter_holidays[n].last_year))
      return TRUE;

  return FALSE;
}

gboolean
tlk_calendar_is_working_day (const GDate *date)
{
  GDateWeekday weekday;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (date), FALSE);

  weekday = g_date_get_weekday (date);
  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY && !tlk_calendar_is_holiday (date);
}

int
tlk_calendar_working_days_between (const GDate *from,
                                   const GDate *to)
{
  GDate day;
  int   count = 0;

  g_return_val_if_fail (from != NULL, 0);
  g_return_val_if_fail (to != NULL, 0);
  g_return_val_if_fail (g_date_valid (from), 0);
  g_return_val_if_fail (g_date_valid (to), 0);

  if (g_date_compare (to, from) < 0)
    return -tlk_calendar_working_days_between (to, from);

  /* SLA spans are days or weeks: walking them day by day is cheap and
   * plainly right, where skipping whole weeks would need the holidays
   * counted apart. */
  day = *from;
  while (g_date_compare (&day, to) < 0)
    {
      g_date_add_days (&day, 1);
      if (tlk_calendar_is_working_day (&day))
        count++;
    }
  return count;
}

void
tlk_calendar_add_working_days (GDate *date,
                               int    n)
{
  g_return_if_fail (date != NULL);
  g_return_if_fail (g_date_valid (date));
  g_return_if_fail (n >= 0);

  for (int left = n; left > 0;)
    {
      g_date_add_days (date, 1);
      if (tlk_calendar_is_working_day (date))
        left--;
    }
}

/* The EU rule (CET; CEST from the last Sunday of March to the last Sunday of
 * October, changing at 01:00 UTC) as a POSIX TZ string: the same answer
 * whether or not the time zone database is installed. */
#define DANISH_TZ "CET-1CEST,M3.5.0,M10.5.0/3"

GTimeZone *
tlk_calendar_danish_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_identifier (DANISH_TZ));
  return zone;
}

/* The last Sunday of @month (March or October) of @year. */
static int
last_sunday (int year,
             int month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, month, year);
  return 31 - (g_date_get_weekday (&date) % 7);
}

char *
tlk_calendar_danish_date (const char *iso_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  int y, mo, d, h, mi;
  char zone;

  /* The common case, a UTC time as every computer writes them, without
   * GDateTime: dashboards count tens of thousands of timers. */
  if (iso_time != NULL && strlen (iso_time) >= 17 && iso_time[strlen (iso_time) - 1] == 'Z' &&
      sscanf (iso_time, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &zone) == 6 &&
      y >= 1900 && y <= 9999 && g_date_valid_dmy (d, mo, y) && h < 24 && mi < 60)
    {
      int offset = 1;
      GDate date;

      /* CEST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
       * last Sunday of October. */
      if ((mo > 3 && mo < 10) ||
          (mo == 3 && (d > last_sunday (y, 3) || (d == last_sunday (y, 3) && h >= 1))) ||
          (mo == 10 && (d < last_sunday (y, 10) || (d == last_sunday (y, 10) && h < 1))))
        offset = 2;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d, mo, y);
      if (h + offset >= 24)
        g_date_add_days (&date, 1);
      return tlk_calendar_date_format (&date);
    }
  if (iso_time == NULL || (utc = g_date_time_new_from_iso8601 (iso_time, NULL)) == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, tlk_calendar_danish_zone ());
  return g_date_time_format (local, "%Y-%m-%d");
}

gboolean
tlk_calendar_date_parse (const char *iso,
                         GDate      *out)
{
  int y, m, d;

  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
tlk_calendar_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

char *
tlk_calendar_date_shift (const char *iso,
                         int         days)
{
  GDate date;

  g_return_val_if_fail (tlk_calendar_date_parse (iso, &date), NULL);
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return tlk_calendar_date_format (&date);
}

char *
tlk_calendar_month_shift (const char *month,
                          int         months)
{
  int y, m;

  g_return_val_if_fail (month != NULL && sscanf (month, "%4d-%2d", &y, &m) == 2, NULL);
  m += months;
  while (m < 1)
    {
      m += 12;
      y--;
    }
  while (m > 12)
    {
      m -= 12;
      y++;
    }
  return g_strdup_printf ("%04d-%02d", y, m);
}

char *
tlk_calendar_danish_midnight (const char *iso)
{
  GDate date;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (tlk_calendar_date_parse (iso, &date), NULL);
  start = g_date_time_new (tlk_calendar_danish_zone (), g_date_get_year (&date), g_date_get_month (&date),
                           g_date_get_day (&date), 0, 0, 0);
  utc = g_date_time_to_utc (start);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}
