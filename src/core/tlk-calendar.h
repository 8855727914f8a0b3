/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The service centre's working days, for SLA timers: Monday to Friday except
 * the Danish public holidays (helligdage) and the days the centre is closed
 * besides (24 December, 31 December, 5 June). Store Bededag counts up to and
 * including 2023; it was abolished from 2024. Dates are proleptic Gregorian,
 * as GDate is.
 */

/* Sets @out to Easter Sunday of @year. */
void     tlk_calendar_easter               (GDateYear    year,
                                            GDate       *out);
/* TRUE on a holiday or closing day, whatever day of the week it falls on. */
gboolean tlk_calendar_is_holiday           (const GDate *date);
/* TRUE from Monday to Friday unless tlk_calendar_is_holiday(). */
gboolean tlk_calendar_is_working_day       (const GDate *date);
/*
 * The number of working days after @from up to and including @to: from a
 * Friday to the next Monday is 1, from a day to itself 0, whether @from is a
 * working day or not. When @to is before @from the result is mirrored:
 * minus the count from @to to @from.
 */
int      tlk_calendar_working_days_between (const GDate *from,
                                            const GDate *to);
/*
 * Moves @date forward to the @n-th working day after it (@n >= 0), so that
 * tlk_calendar_working_days_between() of the old and new date is @n. With
 * @n = 0 the date stays where it is, working day or not.
 */
void     tlk_calendar_add_working_days     (GDate       *date,
                                            int          n);

/* ISO dates (YYYY-MM-DD) and months (YYYY-MM) as the dashboard and billing
 * count them. */
gboolean tlk_calendar_date_parse           (const char  *iso,
                                            GDate       *out);
char    *tlk_calendar_date_format          (const GDate *date);
/* @iso (a valid date) moved by @days. */
char    *tlk_calendar_date_shift           (const char  *iso,
                                            int          days);
/* @month (YYYY-MM, or the month of a date) moved by @months: "YYYY-MM". */
char    *tlk_calendar_month_shift          (const char  *month,
                                            int          months);
/* The moment Danish day @iso (a date) begins, as an ISO time in UTC: what
 * times written by computers (UTC) are compared with. */
char    *tlk_calendar_danish_midnight      (const char  *iso);

/* The Danish calendar date (YYYY-MM-DD) of an ISO 8601 time, by the EU
 * rule for Danish time (CET/CEST); NULL when @iso_time is malformed. */
char    *tlk_calendar_danish_date          (const char  *iso_time);
/* A GTimeZone for Danish time; owned by the library. */
GTimeZone *tlk_calendar_danish_zone        (void);

G_END_DECLS
