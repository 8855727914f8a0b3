/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-day.h"

#include "tlk-calendar.h"

GDateTime *
tlk_day_new (const char *iso)
{
  GDate date;

  if (!tlk_calendar_date_parse (iso, &date))
    return NULL;
  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);
}
