/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-dashboard.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-calendar.h"

const char *
tlk_sla_task_describe (TlkSlaTask task)
{
  switch (task)
    {
    case TLK_SLA_INSTALL:
      return _("Order to installation");
    case TLK_SLA_PICKUP:
      return _("Return request to pickup");
    case TLK_SLA_N_TASKS:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
tlk_dash_count_free (TlkDashCount *count)
{
  if (count == NULL)
    return;
  g_free (count->key);
  g_free (count->label);
  g_free (count);
}

void
tlk_dashboard_free (TlkDashboard *dashboard)
{
  if (dashboard == NULL)
    return;
  g_free (dashboard->today);
  g_clear_pointer (&dashboard->stock, g_ptr_array_unref);
  g_clear_pointer (&dashboard->kits_by_state, g_ptr_array_unref);
  g_clear_pointer (&dashboard->kits_by_location, g_ptr_array_unref);
  g_clear_pointer (&dashboard->pipeline, g_ptr_array_unref);
  g_clear_pointer (&dashboard->sla, g_ptr_array_unref);
  g_clear_pointer (&dashboard->sla_months, g_ptr_array_unref);
  g_free (dashboard);
}

/* ---- working days over a window ---------------------------------------- */

struct _TlkWorkdays
{
  GDate  first;
  guint  n;
  int   *prefix;   /* prefix[i]: working days among the first i days of the window */
};

TlkWorkdays *
tlk_workdays_new (const char *first,
                  const char *last)
{
  TlkWorkdays *w = g_new0 (TlkWorkdays, 1);
  GDate end, day;

  if (!tlk_calendar_date_parse (first, &w->first) || !tlk_calendar_date_parse (last, &end) || g_date_compare (&end, &w->first) < 0)
    {
      g_date_clear (&w->first, 1);
      return w;
    }
  w->n = (guint) g_date_days_between (&w->first, &end) + 1;
  w->prefix = g_new0 (int, w->n + 1);
  day = w->first;
  for (guint i = 0; i < w->n; i++)
    {
      w->prefix[i + 1] = w->prefix[i] + (tlk_calendar_is_working_day (&day) ? 1 : 0);
      g_date_add_days (&day, 1);
    }
  return w;
}

void
tlk_workdays_free (TlkWorkdays *workdays)
{
  if (workdays == NULL)
    return;
  g_free (workdays->prefix);
  g_free (workdays);
}

/* The index of @date in the window, or -1 outside it. */
static int
window_index (TlkWorkdays *w,
              const GDate *date)
{
  int i;

  if (w->prefix == NULL)
    return -1;
  i = g_date_days_between (&w->first, date);
  return i >= 0 && (guint) i < w->n ? i : -1;
}

int
tlk_workdays_between (TlkWorkdays *workdays,
                      const char  *from,
                      const char  *to)
{
  GDate a, b;
  int ia, ib;

  g_return_val_if_fail (workdays != NULL, 0);

  if (!tlk_calendar_date_parse (from, &a) || !tlk_calendar_date_parse (to, &b))
    return 0;
  ia = window_index (workdays, &a);
  ib = window_index (workdays, &b);
  /* Working days after @a up to and including @b. */
  if (ia >= 0 && ib >= 0)
    return workdays->prefix[ib + 1] - workdays->prefix[ia + 1];
  return tlk_calendar_working_days_between (&a, &b);
}

char *
tlk_sla_due (const char *start_date,
             int         target,
             const char *asked_for)
{
  g_autofree char *due = NULL;
  GDate asked, start;

  if (target > 0 && tlk_calendar_date_parse (start_date, &start))
    {
      tlk_calendar_add_working_days (&start, target);
      due = tlk_calendar_date_format (&start);
    }
  if (asked_for != NULL && tlk_calendar_date_parse (asked_for, &asked) && (due == NULL || strcmp (asked_for, due) > 0))
    {
      g_free (due);
      due = g_strdup (asked_for);
    }
  return g_steal_pointer (&due);
}

gboolean
tlk_sla_is_late (const char *due,
                 const char *day)
{
  return due != NULL && day != NULL && strcmp (day, due) > 0;
}

int
tlk_dashboard_age_days (const char *since,
                        const char *today)
{
  g_autofree char *day = tlk_calendar_danish_date (since);
  GDate a, b;

  if (day == NULL || !tlk_calendar_date_parse (day, &a) || !tlk_calendar_date_parse (today, &b))
    return 0;
  return MAX (0, g_date_days_between (&a, &b));
}
