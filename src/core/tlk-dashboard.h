/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-entities.h"
#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * The coordinator's dashboard (issue 7): the figures and the rules behind
 * them. The store collects the rows (tlk-store-dashboard.h); what counts as
 * low stock, late or overdue is decided here.
 *
 * SLA timers run in Danish working days (tlk-calendar.h) on Danish dates:
 * an installation is due @install_days working days after the day the order
 * was received, a pickup @pickup_days after the day the return was
 * requested, in both cases never before the date the customer asked for.
 * The target is the one in the customer's terms in force in the month the
 * task started, as known when it started: the world sets an order's due
 * dates when the order is received and when its return is requested, and
 * whether it was late when the task is done (changing a target changes only
 * new tasks). Without a target a task is due on the date asked for, and
 * without one either it is never late.
 */

#define TLK_DASHBOARD_WEEKS  12   /* stock over time: the last 12 weeks */
#define TLK_DASHBOARD_MONTHS 12   /* SLA adherence: the last 12 months */

typedef enum
{
  TLK_SLA_INSTALL,   /* order received → installed */
  TLK_SLA_PICKUP,    /* return requested → picked up */
  TLK_SLA_N_TASKS
} TlkSlaTask;

const char *tlk_sla_task_describe (TlkSlaTask task);

/* A count with the key it is counted by (a state, a location id…) and a
 * translated label. */
typedef struct
{
  char *key;
  char *label;
  int   count;
} TlkDashCount;

typedef struct
{
  char    *kit_type;
  char    *name;
  int      ready;
  int      reorder_at;                   /* 0: no threshold */
  gboolean low;                          /* ready below the threshold */
  int      weekly[TLK_DASHBOARD_WEEKS];  /* ready at the end of each week, oldest first; the last is now */
} TlkDashStock;

/* Orders of one customer in one state. */
typedef struct
{
  TlkOrderState state;
  char         *customer;
  char         *name;
  char         *kind;     /* the customer's kind (tlk_customer_kinds) */
  int           count;
} TlkDashPipeline;

typedef struct
{
  char      *customer;
  char      *name;
  TlkSlaTask task;
  int        target_days;   /* in today's terms; 0: none */
  int        open;
  int        open_late;     /* open and past due */
  int        done;          /* done this month */
  int        done_late;
} TlkDashSla;

typedef struct
{
  char *month;              /* YYYY-MM */
  int   done[TLK_SLA_N_TASKS];
  int   on_time[TLK_SLA_N_TASKS];
} TlkDashSlaMonth;

typedef struct
{
  TlkKitState state;        /* quarantine, reprocessing, on_hold */
  int         count;
  int         buckets[4];   /* age 0–2, 3–7, 8–14, 15+ days */
  int         oldest_days;
} TlkDashBacklog;

typedef struct
{
  char       *today;              /* YYYY-MM-DD, Danish date */
  int         horizon_days;       /* devices expiring or due for calibration within this */
  GPtrArray  *stock;              /* of TlkDashStock, by name */
  GPtrArray  *kits_by_state;      /* of TlkDashCount, in state order, states with kits */
  GPtrArray  *kits_by_location;   /* of TlkDashCount: places (by name), then "with drivers", "in homes" */
  GPtrArray  *pipeline;           /* of TlkDashPipeline, open states × customers */
  int         pipeline_by_state[TLK_ORDER_N_STATES];
  GPtrArray  *sla;                /* of TlkDashSla, by customer name then task */
  GPtrArray  *sla_months;         /* of TlkDashSlaMonth, oldest first, the last is this month */
  int         overdue_returns;    /* open pickups past due (the late pickups) */
  TlkDashBacklog backlog[3];      /* quarantine, reprocessing, on_hold */
  int         expiring;           /* devices in use or stock expiring within the horizon */
  int         calibration_due;    /* … due for calibration within it */
  int         late_tasks;         /* open tasks past due, both kinds */
  int         open_conflicts;
} TlkDashboard;

void          tlk_dashboard_free          (TlkDashboard *dashboard);
void          tlk_dash_count_free         (TlkDashCount *count);

/* Fast working-day arithmetic over a window of dates (prefix sums of
 * tlk_calendar_is_working_day), for counting thousands of timers. */
typedef struct _TlkWorkdays TlkWorkdays;

TlkWorkdays  *tlk_workdays_new            (const char   *first,
                                           const char   *last);
void          tlk_workdays_free           (TlkWorkdays  *workdays);
/* As tlk_calendar_working_days_between() on ISO dates. */
int           tlk_workdays_between        (TlkWorkdays  *workdays,
                                           const char   *from,
                                           const char   *to);

/* The due date of a task started on @start_date (ISO) with @target working
 * days (0: none) and the date the customer asked for (may be NULL); NULL
 * when it has no due date. */
char         *tlk_sla_due                 (const char   *start_date,
                                           int           target,
                                           const char   *asked_for);

/* A task due on @due (may be NULL: never late) is late on @day (ISO dates)
 * when @day is after it: done on the due day is in time. (The store counts
 * the same with SQL: due < today.) */
gboolean      tlk_sla_is_late             (const char   *due,
                                           const char   *day);

/* Age in whole days of @since (ISO time) on @today (ISO date). */
int           tlk_dashboard_age_days      (const char   *since,
                                           const char   *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkDashboard, tlk_dashboard_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkWorkdays, tlk_workdays_free)

G_END_DECLS
