/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-terms.h"
#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * The billing basis of a month (DESIGN §1, the coordinator at month's end):
 * per customer, kit-days per kit type and the tasks done, priced by the
 * customer's price list in force on the month's first day (tlk-terms.h).
 *
 * Days are Danish calendar days (Europe/Copenhagen). A kit-day is a day on
 * which a kit was in a citizen's home for any part of it: the day of
 * installation and the day of pickup both count, and a stay across a month
 * boundary is split there (installed 30 January, picked up 2 February: 2
 * days in January, 2 in February). A stay not yet ended counts to the end of
 * the month. Tasks are stops done in the month (by the day they were done):
 * a delivery, pickup, swap or service visit at its price; an urgent order's
 * delivery also the urgent add-on; a failed visit of any kind the
 * failed-visit add-on only.
 */

/* A kit in a home: installation to pickup (or to the warehouse). */
typedef struct
{
  char *order;
  char *customer;
  char *kit_type;
  char *installed_at;   /* ISO time */
  char *returned_at;    /* ISO time, or NULL while still in the home */
} TlkBillingStay;

/* A stop done or failed. */
typedef struct
{
  char    *stop;
  char    *order;
  char    *customer;
  char    *kind;        /* delivery, pickup, swap, service */
  gboolean failed;
  gboolean urgent;      /* the order's priority */
  char    *done_at;     /* ISO time */
} TlkBillingTask;

typedef enum
{
  TLK_BILLING_KIT_DAYS,
  TLK_BILLING_TASK,
  TLK_BILLING_ADDON,
} TlkBillingLineKind;

typedef struct
{
  TlkBillingLineKind kind;
  TlkPriceItem       item;        /* tasks and add-ons */
  char              *kit_type;    /* kit-days: the kit type's id */
  char              *text;        /* "Kit-days, KOL-pakke", "Pickup": translated */
  gint64             quantity;    /* days or tasks */
  gint64             unit_price;  /* øre */
  gint64             amount;      /* øre */
} TlkBillingLine;

typedef struct
{
  char      *customer;
  char      *name;
  char      *ean;        /* may be NULL */
  gboolean   priced;     /* FALSE: no price list in force; every price is 0 */
  GPtrArray *lines;      /* of TlkBillingLine: kit-days by kit type name, tasks, add-ons */
  gint64     total;      /* øre */
} TlkBillingCustomer;

typedef struct
{
  char      *month;      /* YYYY-MM */
  GPtrArray *customers;  /* of TlkBillingCustomer with something to bill, by name */
  gint64     total;      /* øre */
} TlkBilling;

void        tlk_billing_stay_free     (TlkBillingStay *stay);
void        tlk_billing_task_free     (TlkBillingTask *task);
void        tlk_billing_free          (TlkBilling     *billing);

/* The first and the day after the last day of @month, as ISO times (UTC)
 * of Danish midnight: what the store selects stays and tasks by. */
void        tlk_billing_month_bounds  (const char     *month,
                                       char          **start,
                                       char          **end);

/* @customers and @kit_types: arrays of TlkCustomer and TlkKitType (names,
 * EAN numbers, price lists). Stays and tasks outside the month are
 * ignored. */
TlkBilling *tlk_billing_compute       (const char     *month,
                                       GPtrArray      *customers,
                                       GPtrArray      *kit_types,
                                       GPtrArray      *stays,
                                       GPtrArray      *tasks);

/*
 * The CSV Danish Excel opens as it is: UTF-8 with a BOM, semicolons, decimal
 * commas, CRLF. One row per line with the customer's name and EAN number,
 * a total row per customer and a grand total; amounts in kroner.
 */
char       *tlk_billing_to_csv        (const TlkBilling *billing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkBilling, tlk_billing_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkBillingStay, tlk_billing_stay_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkBillingTask, tlk_billing_task_free)

G_END_DECLS
