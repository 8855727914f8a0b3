/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-dashboard.h"
#include "tlk-store.h"

G_BEGIN_DECLS

/*
 * The dashboard's figures from the projections, in one read transaction
 * (the rules are in core, tlk-dashboard.h). @today is a Danish date
 * (YYYY-MM-DD); devices count as expiring or due for calibration when the
 * date is at most @horizon_days after it.
 */
TlkDashboard *tlk_store_dashboard      (TlkStore     *store,
                                        const char   *today,
                                        int           horizon_days,
                                        GError      **error);

/* What lies behind a figure: every figure of the dashboard opens one. */
typedef enum
{
  TLK_DASH_LIST_KITS_READY,     /* @a: kit type */
  TLK_DASH_LIST_KITS_IN_STATE,  /* @a: kit state; the oldest first */
  TLK_DASH_LIST_KITS_AT,        /* @a: location id; "" with drivers; NULL in homes */
  TLK_DASH_LIST_ORDERS,         /* @a: order state, @b: customer or NULL */
  TLK_DASH_LIST_OPEN_TASKS,     /* @a: "install" or "pickup", @b: customer or NULL; the latest due first */
  TLK_DASH_LIST_LATE_TASKS,     /* as above, only those past due; @a NULL: both tasks */
  TLK_DASH_LIST_DONE_TASKS,     /* @a: "install" or "pickup", @b: customer or NULL: done this month */
  TLK_DASH_LIST_EXPIRING,       /* devices, the soonest first */
  TLK_DASH_LIST_CALIBRATION,
} TlkDashList;

typedef struct
{
  TlkSubjectKind kind;   /* kit, order or device */
  char          *id;
  char          *title;
  char          *subtitle;
} TlkDashRow;

void          tlk_dash_row_free        (TlkDashRow   *row);

/* At most @limit rows of @list; *@total (may be NULL) is how many there are. */
GPtrArray    *tlk_store_dashboard_list (TlkStore     *store,
                                        TlkDashList   list,
                                        const char   *a,
                                        const char   *b,
                                        const char   *today,
                                        int           horizon_days,
                                        guint         limit,
                                        guint        *total,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkDashRow, tlk_dash_row_free)

G_END_DECLS
