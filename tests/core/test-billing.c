/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-billing.h"
#include "tlk-calendar.h"
#include "tlk-entities.h"
#include "tlk-terms.h"

/*
 * The billing basis of issue 7 against tables computed by hand. Every
 * expected number below is a literal with its arithmetic in a comment;
 * Danish time is CET (UTC+1) in winter and CEST (UTC+2) from 02:00 on the
 * last Sunday of March (29 March 2026) to 03:00 on the last Sunday of
 * October (25 October 2026).
 */

/* ---- Danish dates and month bounds --------------------------------------- */

static void
test_local_date (void)
{
  static const struct
  {
    const char *time;
    const char *date;   /* NULL: refused */
  } cases[] = {
    { "2026-01-31T22:59:59Z", "2026-01-31" },        /* 23:59:59 CET */
    { "2026-01-31T23:30:00Z", "2026-02-01" },        /* 00:30 CET on the 1st */
    { "2026-02-28T23:00:00.500000Z", "2026-03-01" }, /* fractions of a second */
    { "2026-03-29T00:59:59Z", "2026-03-29" },        /* 01:59:59 CET, just before the change */
    { "2026-03-29T01:00:00Z", "2026-03-29" },        /* 03:00 CEST */
    { "2026-03-31T21:59:59Z", "2026-03-31" },        /* 23:59:59 CEST */
    { "2026-03-31T22:00:00Z", "2026-04-01" },        /* midnight CEST */
    { "2026-07-15T21:59:59.999999Z", "2026-07-15" },
    { "2026-07-15T22:00:00Z", "2026-07-16" },
    { "2026-10-25T00:30:00Z", "2026-10-25" },        /* 02:30 CEST, before the change back */
    { "2026-10-31T22:30:00Z", "2026-10-31" },        /* 23:30 CET: winter time again */
    { "2026-10-31T23:00:00Z", "2026-11-01" },
    { "2026-12-31T23:00:00Z", "2027-01-01" },        /* a new year in Denmark */
    { "2026-03-01T00:30:00+01:00", "2026-03-01" },   /* an offset instead of Z */
    { "2026-02-28T23:30:00-01:00", "2026-03-01" },   /* 00:30Z = 01:30 CET */
    { "2026-03-01T00:30:00", NULL },                 /* no zone: not a point in time */
    { "2026-03-01", NULL },
    { "2026-02-30T10:00:00Z", NULL },
    { "not a time", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = tlk_calendar_danish_date (cases[i].time);

      g_test_message ("%s", cases[i].time);
      g_assert_cmpstr (date, ==, cases[i].date);
    }
  g_assert_null (tlk_calendar_danish_date (NULL));
}

static void
test_month_bounds (void)
{
  static const struct
  {
    const char *month;
    const char *start;
    const char *end;
  } cases[] = {
    /* Winter on both ends: midnight CET is 23:00 UTC the day before. */
    { "2026-01", "2025-12-31T23:00:00Z", "2026-01-31T23:00:00Z" },
    { "2026-02", "2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z" },
    /* Starts in winter, ends in summer (CEST from 29 March). */
    { "2026-03", "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z" },
    /* Summer on both ends: midnight CEST is 22:00 UTC. */
    { "2026-07", "2026-06-30T22:00:00Z", "2026-07-31T22:00:00Z" },
    /* Starts in summer, ends in winter (CET from 25 October). */
    { "2026-10", "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z" },
    /* Into the next year. */
    { "2026-12", "2026-11-30T23:00:00Z", "2026-12-31T23:00:00Z" },
    /* A leap year's February. */
    { "2028-02", "2028-01-31T23:00:00Z", "2028-02-29T23:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;

      tlk_billing_month_bounds (cases[i].month, &start, &end);
      g_assert_cmpstr (start, ==, cases[i].start);
      g_assert_cmpstr (end, ==, cases[i].end);
    }
}

/* ---- øre ------------------------------------------------------------------ */

static void
test_ore_format (void)
{
  static const struct
  {
    gint64      ore;
    const char *text;
  } cases[] = {
    { 0, "0,00" },
    { 5, "0,05" },
    { 50, "0,50" },
    { 100, "1,00" },
    { 99999, "999,99" },
    { 100000, "1.000,00" },
    { 123450, "1.234,50" },
    { 123456789, "1.234.567,89" },
    { 100000000000, "1.000.000.000,00" },
    { -5, "-0,05" },
    { -123450, "-1.234,50" },
    { G_MAXINT64, "92.233.720.368.547.758,07" },
    { G_MININT64, "-92.233.720.368.547.758,08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tlk_ore_format (cases[i].ore);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_ore_parse (void)
{
  static const struct
  {
    const char *text;
    gint64      ore;
  } good[] = {
    { "0", 0 },
    { "12", 1200 },
    { "12,5", 1250 },
    { "12,50", 1250 },
    { "0,05", 5 },
    { "1234,5", 123450 },
    { "1.234,50", 123450 },
    { "1234.50", 123450 },
    { "12.5", 1250 },
    { "1.234", 123400 },              /* a dot and three digits: thousands */
    { "1.234.567,89", 123456789 },
    { " 7,25 ", 725 },
    { "007", 700 },
    { "999999999999", 99999999999900 },  /* twelve digits of kroner */
  };
  static const char *const bad[] = {
    "", "   ", "-5", "+5", "12,", ",50", ".5", "12,345", "1,2,3", "abc", "12 kr", "1 234,50", "1,234.50",
    "1.23,00", "1..5", "1.23.456", "1.234.56", ".234", "1234.567", "1234.567,00",
    "1000000000000",  /* thirteen digits */
    "١٢",             /* Arabic-Indic digits */
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 ore = -1;

      g_test_message ("“%s”", good[i].text);
      g_assert_true (tlk_ore_parse (good[i].text, &ore));
      g_assert_cmpint (ore, ==, good[i].ore);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 ore = -1;

      g_test_message ("“%s”", bad[i]);
      g_assert_false (tlk_ore_parse (bad[i], &ore));
      g_assert_cmpint (ore, ==, -1);
    }
  {
    gint64 ore = -1;
    g_assert_false (tlk_ore_parse (NULL, &ore));
  }
}

/* ---- the fixture ------------------------------------------------------------ */

/* A customer.terms_set payload: kit-day prices for kol and diabetes, and
 * the six item prices (delivery, pickup, swap, service, urgent,
 * failed_visit), all in øre. */
static JsonObject *
terms_payload (const char  *from,
               gint64       kol,
               gint64       diabetes,
               const gint64 item[TLK_PRICE_N_ITEMS])
{
  g_autoptr(TlkTerms) terms = tlk_terms_new (from);

  tlk_terms_set_kit_day_price (terms, "kol", kol);
  tlk_terms_set_kit_day_price (terms, "diabetes", diabetes);
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    terms->price[i] = item[i];
  return tlk_terms_to_json (terms);
}

static void
add_terms (TlkCustomer  *customer,
           const char   *from,
           gint64        kol,
           gint64        diabetes,
           const gint64  item[TLK_PRICE_N_ITEMS])
{
  g_autoptr(JsonObject) payload = terms_payload (from, kol, diabetes, item);

  tlk_customer_set_terms (customer, payload);
}

static TlkCustomer *
customer_new (const char *id,
              const char *name,
              const char *ean)
{
  TlkCustomer *c = g_new0 (TlkCustomer, 1);

  c->id = g_strdup (id);
  c->name = g_strdup (name);
  c->kind = g_strdup ("municipality");
  c->ean = g_strdup (ean);
  return c;
}

/*                                delivery  pickup  swap   service urgent failed_visit */
static const gint64 aarhus_2025_11[] = { 40000, 30000, 28000, 22000, 12500, 17500 };
static const gint64 aarhus_2026_02[] = { 45000, 35000, 30000, 25000, 15000, 20000 };
static const gint64 aarhus_2026_04[] = { 50000, 40000, 33000, 27000, 17500, 22500 };
static const gint64 wrong_prices[] = { 1, 1, 1, 1, 1, 1 };
static const gint64 region_2026_01[] = { 30000, 30000, 30000, 19900, 10000, 10000 };

static GPtrArray *
fixture_customers (void)
{
  GPtrArray *customers = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_customer_free);
  TlkCustomer *c;

  /* Added out of order, and 2026-02 first with wrong prices and then
   * replaced: the list must end up as 2025-11, 2026-02, 2026-04. Kit-day
   * prices: 2025-11 kol 11,00 diabetes 10,00; 2026-02 kol 12,50 diabetes
   * 11,75; 2026-04 kol 14,00 diabetes 13,00. */
  c = customer_new ("aarhus", "Aarhus Kommune", "5798000000001");
  add_terms (c, "2026-04", 1400, 1300, aarhus_2026_04);
  add_terms (c, "2026-02", 1, 1, wrong_prices);
  add_terms (c, "2025-11", 1100, 1000, aarhus_2025_11);
  add_terms (c, "2026-02", 1250, 1175, aarhus_2026_02);
  g_ptr_array_add (customers, c);

  /* A price list only from May: none in force before. No EAN number. */
  c = customer_new ("favrskov", "Favrskov Kommune", NULL);
  add_terms (c, "2026-05", 999, 999, aarhus_2026_04);
  g_ptr_array_add (customers, c);

  c = customer_new ("region", "Region Midtjylland", "5790000000005");
  add_terms (c, "2026-01", 1000, 900, region_2026_01);
  g_ptr_array_add (customers, c);

  /* Has only a task done after the month's end. */
  c = customer_new ("skanderborg", "Skanderborg Kommune", "5798000000018");
  add_terms (c, "2026-01", 1000, 900, region_2026_01);
  g_ptr_array_add (customers, c);

  return customers;
}

static GPtrArray *
fixture_kit_types (void)
{
  GPtrArray *types = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_type_free);
  static const char *const names[][2] = {
    { "kol", "KOL-pakke" }, { "diabetes", "Diabetes-pakke" }, { "hjerte", "Hjertesvigt-pakke" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      TlkKitType *t = g_new0 (TlkKitType, 1);

      t->id = g_strdup (names[i][0]);
      t->name = g_strdup (names[i][1]);
      g_ptr_array_add (types, t);
    }
  return types;
}

static const struct
{
  const char *order;
  const char *customer;
  const char *kit_type;
  const char *installed_at;
  const char *returned_at;
} stays[] = {
  /* Installed before March, picked up inside it: March 1–10 = 10 days;
   * February 20–28 = 9 days. */
  { "s1", "aarhus", "kol", "2026-02-20T09:00:00Z", "2026-03-10T10:00:00Z" },
  /* Installed inside March, still in the home: March 15–31 = 17 days. */
  { "s2", "aarhus", "kol", "2026-03-15T08:00:00.250000Z", NULL },
  /* Installed and picked up on the same day: 1 day. */
  { "s3", "aarhus", "diabetes", "2026-03-05T09:00:00Z", "2026-03-05T15:00:00Z" },
  /* Installed 31 January 23:30 UTC = 1 February 00:30 Danish: no day in
   * January, February 1–28 = 28 days, March 1–2 = 2 days. */
  { "s4", "aarhus", "diabetes", "2026-01-31T23:30:00Z", "2026-03-02T12:00:00Z" },
  /* The whole month: March 31 days, February 28 days, January 10–31 = 22. */
  { "s5", "aarhus", "kol", "2026-01-10T10:00:00Z", NULL },
  /* Across the change to summer time (29 March): 28, 29, 30 = 3 days. */
  { "s6", "aarhus", "kol", "2026-03-28T10:00:00Z", "2026-03-30T08:00:00Z" },
  /* 22:30 UTC on 31 March is 00:30 CEST on 1 April (it would be 23:30 on
   * 31 March in winter time): no day in March. */
  { "s7", "aarhus", "kol", "2026-03-31T22:30:00Z", NULL },
  /* Ended 23:59:59 Danish time on 28 February, the day before March: no
   * day in March; February 10–28 = 19 days. */
  { "s8", "aarhus", "kol", "2026-02-10T10:00:00Z", "2026-02-28T22:59:59Z" },
  /* No price list in force: March 20–31 = 12 days. */
  { "s9", "favrskov", "kol", "2026-03-20T10:00:00Z", NULL },
  /* Picked up 23:30 UTC on 3 March = 00:30 on 4 March: March 1–4 = 4
   * days; February 27–28 = 2 days. */
  { "s10", "favrskov", "hjerte", "2026-02-27T12:00:00Z", "2026-03-03T23:30:00Z" },
  /* February only: 1–15 = 15 days. */
  { "s11", "region", "kol", "2026-02-01T10:00:00Z", "2026-02-15T10:00:00Z" },
  /* A customer the list does not have: ignored. */
  { "s12", "ghost", "kol", "2026-03-01T10:00:00Z", NULL },
};

static const struct
{
  const char *stop;
  const char *customer;
  const char *kind;
  gboolean    failed;
  gboolean    urgent;
  const char *done_at;
} tasks[] = {
  { "t1", "aarhus", "delivery", FALSE, TRUE, "2026-03-15T08:00:00Z" },     /* delivery + urgent add-on */
  { "t2", "aarhus", "delivery", FALSE, FALSE, "2026-03-05T09:00:00Z" },    /* delivery */
  { "t3", "aarhus", "pickup", FALSE, FALSE, "2026-03-10T10:00:00Z" },      /* pickup */
  { "t4", "aarhus", "pickup", FALSE, FALSE, "2026-03-05T15:00:00Z" },      /* pickup */
  { "t5", "aarhus", "swap", FALSE, FALSE, "2026-03-12T11:00:00Z" },        /* swap */
  { "t6", "aarhus", "service", FALSE, FALSE, "2026-03-18T13:00:00Z" },     /* service */
  { "t7", "aarhus", "delivery", TRUE, TRUE, "2026-03-20T09:00:00Z" },      /* failed: failed visit only */
  { "t8", "aarhus", "delivery", FALSE, FALSE, "2026-03-31T22:30:00Z" },    /* 00:30 on 1 April: April */
  { "t9", "aarhus", "pickup", FALSE, FALSE, "2026-02-28T22:59:59Z" },      /* 23:59:59 on 28 Feb: February */
  { "t10", "aarhus", "delivery", FALSE, FALSE, "2026-02-28T23:00:00.500000Z" }, /* 00:00:00.5 on 1 March */
  { "t11", "aarhus", "pickup", TRUE, FALSE, "2026-03-25T10:00:00Z" },      /* failed pickup: failed visit */
  { "t12", "favrskov", "delivery", FALSE, FALSE, "2026-03-20T10:00:00Z" }, /* delivery, unpriced */
  { "t13", "favrskov", "pickup", FALSE, FALSE, "2026-03-03T23:30:00Z" },   /* 4 March: pickup, unpriced */
  { "t14", "aarhus", "pickup", FALSE, TRUE, "2026-03-22T10:00:00Z" },      /* urgent order's pickup: no add-on */
  { "t15", "region", "service", FALSE, FALSE, "2026-03-09T07:00:00Z" },    /* service */
  { "t16", "skanderborg", "swap", FALSE, FALSE, "2026-03-31T22:00:00Z" },  /* midnight CEST: April */
  { "t17", "ghost", "delivery", FALSE, FALSE, "2026-03-09T07:00:00Z" },    /* not a customer: ignored */
};

static TlkBilling *
compute (const char *month)
{
  g_autoptr(GPtrArray) customers = fixture_customers ();
  g_autoptr(GPtrArray) kit_types = fixture_kit_types ();
  g_autoptr(GPtrArray) s = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_stay_free);
  g_autoptr(GPtrArray) t = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_task_free);

  for (guint i = 0; i < G_N_ELEMENTS (stays); i++)
    {
      TlkBillingStay *stay = g_new0 (TlkBillingStay, 1);

      stay->order = g_strdup (stays[i].order);
      stay->customer = g_strdup (stays[i].customer);
      stay->kit_type = g_strdup (stays[i].kit_type);
      stay->installed_at = g_strdup (stays[i].installed_at);
      stay->returned_at = g_strdup (stays[i].returned_at);
      g_ptr_array_add (s, stay);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      TlkBillingTask *task = g_new0 (TlkBillingTask, 1);

      task->stop = g_strdup (tasks[i].stop);
      task->order = g_strdup_printf ("o-%s", tasks[i].stop);
      task->customer = g_strdup (tasks[i].customer);
      task->kind = g_strdup (tasks[i].kind);
      task->failed = tasks[i].failed;
      task->urgent = tasks[i].urgent;
      task->done_at = g_strdup (tasks[i].done_at);
      g_ptr_array_add (t, task);
    }
  return tlk_billing_compute (month, customers, kit_types, s, t);
}

typedef struct
{
  TlkBillingLineKind kind;
  TlkPriceItem       item;      /* tasks and add-ons */
  const char        *kit_type;  /* kit-days */
  const char        *text;
  gint64             quantity;
  gint64             unit_price;
  gint64             amount;
} Line;

typedef struct
{
  const char *customer;
  const char *name;
  const char *ean;
  gboolean    priced;
  gint64      total;
  guint       n_lines;
  const Line *lines;
} Bill;

static void
assert_bill (const TlkBillingCustomer *c,
             const Bill               *want)
{
  g_test_message ("customer %s", want->customer);
  g_assert_cmpstr (c->customer, ==, want->customer);
  g_assert_cmpstr (c->name, ==, want->name);
  g_assert_cmpstr (c->ean, ==, want->ean);
  g_assert_cmpint (c->priced, ==, want->priced);
  g_assert_cmpuint (c->lines->len, ==, want->n_lines);
  for (guint i = 0; i < want->n_lines; i++)
    {
      const TlkBillingLine *line = g_ptr_array_index (c->lines, i);
      const Line *w = &want->lines[i];

      g_test_message ("line %u: %s", i, w->text);
      g_assert_cmpint (line->kind, ==, w->kind);
      if (w->kind == TLK_BILLING_KIT_DAYS)
        g_assert_cmpstr (line->kit_type, ==, w->kit_type);
      else
        {
          g_assert_cmpint (line->item, ==, w->item);
          g_assert_null (line->kit_type);
        }
      g_assert_cmpstr (line->text, ==, w->text);
      g_assert_cmpint (line->quantity, ==, w->quantity);
      g_assert_cmpint (line->unit_price, ==, w->unit_price);
      g_assert_cmpint (line->amount, ==, w->amount);
    }
  g_assert_cmpint (c->total, ==, want->total);
}

#define KIT_DAYS(type, text, q, p, a) { TLK_BILLING_KIT_DAYS, 0, type, text, q, p, a }
#define TASK(item, text, q, p, a)     { TLK_BILLING_TASK, item, NULL, text, q, p, a }
#define ADDON(item, text, q, p, a)    { TLK_BILLING_ADDON, item, NULL, text, q, p, a }

/* March 2026: Aarhus by its 2026-02 list (in force on 1 March; the 2026-04
 * one is not yet). */
static const Line aarhus_march[] = {
  /* s3 1 + s4 2 = 3 days × 11,75 = 35,25 */
  KIT_DAYS ("diabetes", "Kit-days, Diabetes-pakke", 3, 1175, 3525),
  /* s1 10 + s2 17 + s5 31 + s6 3 + s7 0 + s8 0 = 61 days × 12,50 = 762,50 */
  KIT_DAYS ("kol", "Kit-days, KOL-pakke", 61, 1250, 76250),
  /* t1, t2, t10 = 3 × 450,00 = 1.350,00 */
  TASK (TLK_PRICE_DELIVERY, "Delivery and installation", 3, 45000, 135000),
  /* t3, t4, t14 = 3 × 350,00 = 1.050,00 */
  TASK (TLK_PRICE_PICKUP, "Pickup", 3, 35000, 105000),
  /* t5 = 1 × 300,00 */
  TASK (TLK_PRICE_SWAP, "Device swap", 1, 30000, 30000),
  /* t6 = 1 × 250,00 */
  TASK (TLK_PRICE_SERVICE, "Service visit", 1, 25000, 25000),
  /* t1 only (t7 failed, t14 a pickup) = 1 × 150,00 */
  ADDON (TLK_PRICE_URGENT, "Add-on: urgent delivery", 1, 15000, 15000),
  /* t7, t11 = 2 × 200,00 = 400,00 */
  ADDON (TLK_PRICE_FAILED_VISIT, "Add-on: failed visit", 2, 20000, 40000),
};

/* No list in force (Favrskov's starts in May): quantities, no prices. */
static const Line favrskov_march[] = {
  /* s10: 4 days */
  KIT_DAYS ("hjerte", "Kit-days, Hjertesvigt-pakke", 4, 0, 0),
  /* s9: 12 days */
  KIT_DAYS ("kol", "Kit-days, KOL-pakke", 12, 0, 0),
  TASK (TLK_PRICE_DELIVERY, "Delivery and installation", 1, 0, 0),  /* t12 */
  TASK (TLK_PRICE_PICKUP, "Pickup", 1, 0, 0),                       /* t13 */
};

static const Line region_march[] = {
  /* t15 = 1 × 199,00; s11 ended in February, so no kit-days line */
  TASK (TLK_PRICE_SERVICE, "Service visit", 1, 19900, 19900),
};

static const Bill march[] = {
  /* 35,25 + 762,50 + 1.350,00 + 1.050,00 + 300,00 + 250,00 + 150,00 +
   * 400,00 = 4.297,75 */
  { "aarhus", "Aarhus Kommune", "5798000000001", TRUE, 429775, G_N_ELEMENTS (aarhus_march), aarhus_march },
  { "favrskov", "Favrskov Kommune", NULL, FALSE, 0, G_N_ELEMENTS (favrskov_march), favrskov_march },
  { "region", "Region Midtjylland", "5790000000005", TRUE, 19900, G_N_ELEMENTS (region_march), region_march },
};

static void
test_compute_march (void)
{
  g_autoptr(TlkBilling) billing = compute ("2026-03");

  g_assert_nonnull (billing);
  g_assert_cmpstr (billing->month, ==, "2026-03");
  /* Skanderborg's only task was in April; the ghost is no customer. */
  g_assert_cmpuint (billing->customers->len, ==, G_N_ELEMENTS (march));
  for (guint i = 0; i < G_N_ELEMENTS (march); i++)
    assert_bill (g_ptr_array_index (billing->customers, i), &march[i]);
  /* 4.297,75 + 0,00 + 199,00 = 4.496,75 */
  g_assert_cmpint (billing->total, ==, 449675);
}

/* February 2026: the same stays and tasks. */
static const Line aarhus_february[] = {
  /* s4: 1–28 = 28 days × 11,75 = 329,00 */
  KIT_DAYS ("diabetes", "Kit-days, Diabetes-pakke", 28, 1175, 32900),
  /* s1 9 + s5 28 + s8 19 = 56 days × 12,50 = 700,00 */
  KIT_DAYS ("kol", "Kit-days, KOL-pakke", 56, 1250, 70000),
  /* t9 (23:59:59 on the 28th); t10 is 1 March */
  TASK (TLK_PRICE_PICKUP, "Pickup", 1, 35000, 35000),
};

static const Line favrskov_february[] = {
  KIT_DAYS ("hjerte", "Kit-days, Hjertesvigt-pakke", 2, 0, 0),  /* s10: 27–28 */
};

static const Line region_february[] = {
  KIT_DAYS ("kol", "Kit-days, KOL-pakke", 15, 1000, 15000),     /* s11: 15 × 10,00 */
};

static const Bill february[] = {
  /* 329,00 + 700,00 + 350,00 = 1.379,00 */
  { "aarhus", "Aarhus Kommune", "5798000000001", TRUE, 137900, G_N_ELEMENTS (aarhus_february), aarhus_february },
  { "favrskov", "Favrskov Kommune", NULL, FALSE, 0, G_N_ELEMENTS (favrskov_february), favrskov_february },
  { "region", "Region Midtjylland", "5790000000005", TRUE, 15000, G_N_ELEMENTS (region_february),
    region_february },
};

static void
test_compute_february (void)
{
  g_autoptr(TlkBilling) billing = compute ("2026-02");

  g_assert_cmpuint (billing->customers->len, ==, G_N_ELEMENTS (february));
  for (guint i = 0; i < G_N_ELEMENTS (february); i++)
    assert_bill (g_ptr_array_index (billing->customers, i), &february[i]);
  /* 1.379,00 + 0,00 + 150,00 = 1.529,00 */
  g_assert_cmpint (billing->total, ==, 152900);
}

/* January 2026: Aarhus by its 2025-11 list; s4 began in February. */
static const Line aarhus_january[] = {
  /* s5: 10–31 = 22 days × 11,00 = 242,00 */
  KIT_DAYS ("kol", "Kit-days, KOL-pakke", 22, 1100, 24200),
};

static void
test_compute_january (void)
{
  g_autoptr(TlkBilling) billing = compute ("2026-01");
  const Bill want = { "aarhus", "Aarhus Kommune", "5798000000001", TRUE, 24200, G_N_ELEMENTS (aarhus_january),
                      aarhus_january };

  g_assert_cmpuint (billing->customers->len, ==, 1);
  assert_bill (g_ptr_array_index (billing->customers, 0), &want);
  g_assert_cmpint (billing->total, ==, 24200);
}

/* April 2026: the 2026-04 list; t8 (00:30 on 1 April) and t16 (midnight)
 * count now, and s7, installed 00:30 on 1 April. */
static void
test_compute_april (void)
{
  g_autoptr(TlkBilling) billing = compute ("2026-04");
  const TlkBillingCustomer *aarhus;
  const TlkBillingCustomer *skanderborg;
  const TlkBillingLine *line;

  /* Aarhus (s2, s5, s7), Favrskov (s9), Skanderborg (t16). */
  g_assert_cmpuint (billing->customers->len, ==, 3);
  aarhus = g_ptr_array_index (billing->customers, 0);
  skanderborg = g_ptr_array_index (billing->customers, 2);
  g_assert_cmpstr (aarhus->customer, ==, "aarhus");
  g_assert_cmpuint (aarhus->lines->len, ==, 2);
  line = g_ptr_array_index (aarhus->lines, 0);
  /* s2 30 + s5 30 + s7 30 = 90 days × 14,00 = 1.260,00 */
  g_assert_cmpstr (line->text, ==, "Kit-days, KOL-pakke");
  g_assert_cmpint (line->quantity, ==, 90);
  g_assert_cmpint (line->unit_price, ==, 1400);
  g_assert_cmpint (line->amount, ==, 126000);
  line = g_ptr_array_index (aarhus->lines, 1);
  /* t8 = 1 × 500,00 */
  g_assert_cmpstr (line->text, ==, "Delivery and installation");
  g_assert_cmpint (line->quantity, ==, 1);
  g_assert_cmpint (line->amount, ==, 50000);
  /* 1.260,00 + 500,00 */
  g_assert_cmpint (aarhus->total, ==, 176000);
  g_assert_cmpstr (skanderborg->customer, ==, "skanderborg");
  g_assert_cmpuint (skanderborg->lines->len, ==, 1);
  line = g_ptr_array_index (skanderborg->lines, 0);
  /* t16 = 1 × 300,00 (region_2026_01's swap) */
  g_assert_cmpstr (line->text, ==, "Device swap");
  g_assert_cmpint (line->amount, ==, 30000);
}

static void
test_nothing_to_bill (void)
{
  g_autoptr(TlkBilling) billing = compute ("2025-06");
  g_autofree char *csv = NULL;

  g_assert_cmpuint (billing->customers->len, ==, 0);
  g_assert_cmpint (billing->total, ==, 0);
  csv = tlk_billing_to_csv (billing);
  g_assert_cmpstr (csv, ==,
                   "\xEF\xBB\xBF" "Customer;EAN number;Month;Item;Quantity;Unit;Unit price (DKK);Amount (DKK)\r\n"
                   "All customers;;2025-06;Grand total;;;;0,00\r\n");
}

static void
test_csv (void)
{
  g_autoptr(TlkBilling) billing = compute ("2026-03");
  g_autofree char *csv = tlk_billing_to_csv (billing);

  /* The March table as Danish Excel reads it: BOM, semicolons, decimal
   * commas without grouping, CRLF; totals without quantity, unit or unit
   * price. */
  g_assert_cmpstr (csv, ==,
    "\xEF\xBB\xBF"
    "Customer;EAN number;Month;Item;Quantity;Unit;Unit price (DKK);Amount (DKK)\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Kit-days, Diabetes-pakke;3;days;11,75;35,25\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Kit-days, KOL-pakke;61;days;12,50;762,50\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Delivery and installation;3;pcs.;450,00;1350,00\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Pickup;3;pcs.;350,00;1050,00\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Device swap;1;pcs.;300,00;300,00\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Service visit;1;pcs.;250,00;250,00\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Add-on: urgent delivery;1;pcs.;150,00;150,00\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Add-on: failed visit;2;pcs.;200,00;400,00\r\n"
    "Aarhus Kommune;5798000000001;2026-03;Total, Aarhus Kommune;;;;4297,75\r\n"
    "Favrskov Kommune;;2026-03;Kit-days, Hjertesvigt-pakke;4;days;0,00;0,00\r\n"
    "Favrskov Kommune;;2026-03;Kit-days, KOL-pakke;12;days;0,00;0,00\r\n"
    "Favrskov Kommune;;2026-03;Delivery and installation;1;pcs.;0,00;0,00\r\n"
    "Favrskov Kommune;;2026-03;Pickup;1;pcs.;0,00;0,00\r\n"
    "Favrskov Kommune;;2026-03;Total, Favrskov Kommune (no price list in force);;;;0,00\r\n"
    "Region Midtjylland;5790000000005;2026-03;Service visit;1;pcs.;199,00;199,00\r\n"
    "Region Midtjylland;5790000000005;2026-03;Total, Region Midtjylland;;;;199,00\r\n"
    "All customers;;2026-03;Grand total;;;;4496,75\r\n");
}

/* A name with the separator or a quote is quoted, as Excel expects. */
static void
test_csv_quoting (void)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_customer_free);
  g_autoptr(GPtrArray) s = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_stay_free);
  g_autoptr(TlkBilling) billing = NULL;
  g_autofree char *csv = NULL;
  TlkBillingStay *stay = g_new0 (TlkBillingStay, 1);

  g_ptr_array_add (customers, customer_new ("c", "Lægehuset \"Nord\"; Viby", NULL));
  stay->order = g_strdup ("o");
  stay->customer = g_strdup ("c");
  stay->kit_type = g_strdup ("unknown-type");
  stay->installed_at = g_strdup ("2026-03-31T10:00:00Z");
  g_ptr_array_add (s, stay);
  billing = tlk_billing_compute ("2026-03", customers, NULL, s, NULL);
  csv = tlk_billing_to_csv (billing);
  /* A kit type the list does not know is named by its id. */
  g_assert_cmpstr (csv, ==,
    "\xEF\xBB\xBF"
    "Customer;EAN number;Month;Item;Quantity;Unit;Unit price (DKK);Amount (DKK)\r\n"
    "\"Lægehuset \"\"Nord\"\"; Viby\";;2026-03;Kit-days, unknown-type;1;days;0,00;0,00\r\n"
    "\"Lægehuset \"\"Nord\"\"; Viby\";;2026-03;\"Total, Lægehuset \"\"Nord\"\"; Viby (no price list in force)\";;;;0,00\r\n"
    "All customers;;2026-03;Grand total;;;;0,00\r\n");
}

/* ---- terms ---------------------------------------------------------------- */

static void
test_terms_for_month (void)
{
  g_autoptr(GPtrArray) customers = fixture_customers ();
  const TlkCustomer *aarhus = g_ptr_array_index (customers, 0);
  g_autoptr(TlkCustomer) none = customer_new ("x", "Ingen", NULL);
  static const struct
  {
    const char *month;
    const char *from;    /* NULL: no terms */
    gint64      kol;
    gint64      delivery;
  } cases[] = {
    { "2025-10", NULL, 0, 0 },
    { "2025-11", "2025-11", 1100, 40000 },
    { "2026-01", "2025-11", 1100, 40000 },
    { "2026-02", "2026-02", 1250, 45000 },  /* the replacement, not the wrong first one */
    { "2026-03", "2026-02", 1250, 45000 },
    { "2026-04", "2026-04", 1400, 50000 },
    { "2030-12", "2026-04", 1400, 50000 },
  };

  /* Kept in month order, the replaced month once. */
  g_assert_cmpuint (json_array_get_length (aarhus->terms), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (aarhus->terms, 0), "from"), ==,
                   "2025-11");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (aarhus->terms, 1), "from"), ==,
                   "2026-02");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (aarhus->terms, 2), "from"), ==,
                   "2026-04");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TlkTerms) terms = tlk_customer_terms_for_month (aarhus, cases[i].month);

      g_test_message ("%s", cases[i].month);
      if (cases[i].from == NULL)
        {
          g_assert_null (terms);
          continue;
        }
      g_assert_nonnull (terms);
      g_assert_cmpstr (terms->from, ==, cases[i].from);
      g_assert_cmpint (tlk_terms_kit_day_price (terms, "kol"), ==, cases[i].kol);
      g_assert_cmpint (terms->price[TLK_PRICE_DELIVERY], ==, cases[i].delivery);
      /* Not on the list: 0. */
      g_assert_cmpint (tlk_terms_kit_day_price (terms, "hjerte"), ==, 0);
    }
  g_assert_null (tlk_customer_terms_for_month (none, "2026-03"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billing/local-date", test_local_date);
  g_test_add_func ("/billing/month-bounds", test_month_bounds);
  g_test_add_func ("/billing/ore-format", test_ore_format);
  g_test_add_func ("/billing/ore-parse", test_ore_parse);
  g_test_add_func ("/billing/terms-for-month", test_terms_for_month);
  g_test_add_func ("/billing/compute/march", test_compute_march);
  g_test_add_func ("/billing/compute/february", test_compute_february);
  g_test_add_func ("/billing/compute/january", test_compute_january);
  g_test_add_func ("/billing/compute/april", test_compute_april);
  g_test_add_func ("/billing/compute/nothing", test_nothing_to_bill);
  g_test_add_func ("/billing/csv", test_csv);
  g_test_add_func ("/billing/csv-quoting", test_csv_quoting);

  return g_test_run ();
}
