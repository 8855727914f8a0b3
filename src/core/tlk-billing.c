/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-billing.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-calendar.h"
#include "tlk-entities.h"
#include "tlk-event.h"

void
tlk_billing_month_bounds (const char *month,
                          char      **start,
                          char      **end)
{
  g_autofree char *first = NULL;
  g_autofree char *next = NULL;

  g_return_if_fail (tlk_month_is_valid (month));
  first = g_strconcat (month, "-01", NULL);
  next = tlk_calendar_month_shift (month, 1);
  *start = tlk_calendar_danish_midnight (first);
  g_free (g_steal_pointer (&first));
  first = g_strconcat (next, "-01", NULL);
  *end = tlk_calendar_danish_midnight (first);
}

void
tlk_billing_stay_free (TlkBillingStay *stay)
{
  if (stay == NULL)
    return;
  g_free (stay->order);
  g_free (stay->customer);
  g_free (stay->kit_type);
  g_free (stay->installed_at);
  g_free (stay->returned_at);
  g_free (stay);
}

void
tlk_billing_task_free (TlkBillingTask *task)
{
  if (task == NULL)
    return;
  g_free (task->stop);
  g_free (task->order);
  g_free (task->customer);
  g_free (task->kind);
  g_free (task->done_at);
  g_free (task);
}

static void
line_free (TlkBillingLine *line)
{
  g_free (line->kit_type);
  g_free (line->text);
  g_free (line);
}

static void
customer_free (TlkBillingCustomer *c)
{
  g_free (c->customer);
  g_free (c->name);
  g_free (c->ean);
  g_clear_pointer (&c->lines, g_ptr_array_unref);
  g_free (c);
}

void
tlk_billing_free (TlkBilling *billing)
{
  if (billing == NULL)
    return;
  g_free (billing->month);
  g_clear_pointer (&billing->customers, g_ptr_array_unref);
  g_free (billing);
}

/* Whole days from @a to @b (ISO dates), b - a. */
static int
days_between (const char *a,
              const char *b)
{
  GDate da, db;

  if (!tlk_calendar_date_parse (a, &da) || !tlk_calendar_date_parse (b, &db))
    return 0;
  return g_date_days_between (&da, &db);
}

/* The kit-days of @stay in the month from @first to @last (ISO dates). */
static int
stay_days (const TlkBillingStay *stay,
           const char           *first,
           const char           *last)
{
  g_autofree char *in = tlk_calendar_danish_date (stay->installed_at);
  g_autofree char *out = stay->returned_at ? tlk_calendar_danish_date (stay->returned_at) : NULL;
  const char *from, *to;

  if (in == NULL)
    return 0;
  from = strcmp (in, first) > 0 ? in : first;
  to = out == NULL || strcmp (out, last) > 0 ? last : out;
  return strcmp (from, to) > 0 ? 0 : days_between (from, to) + 1;
}

typedef struct
{
  TlkBillingCustomer *bill;
  TlkTerms           *terms;     /* may be NULL */
  GHashTable         *kit_days;  /* kit type id → int days */
  gint64              count[TLK_PRICE_N_ITEMS];
} Account;

static void
account_free (Account *a)
{
  if (a->bill != NULL)
    customer_free (a->bill);
  tlk_terms_free (a->terms);
  g_hash_table_unref (a->kit_days);
  g_free (a);
}

static Account *
account_for (GHashTable *accounts,
             const char *customer)
{
  Account *a = g_hash_table_lookup (accounts, customer);

  if (a == NULL)
    {
      a = g_new0 (Account, 1);
      a->kit_days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (accounts, g_strdup (customer), a);
    }
  return a;
}

static void
add_line (TlkBillingCustomer *bill,
          TlkBillingLineKind  kind,
          TlkPriceItem        item,
          const char         *kit_type,
          char               *text,
          gint64              quantity,
          gint64              unit_price)
{
  TlkBillingLine *line = g_new0 (TlkBillingLine, 1);

  line->kind = kind;
  line->item = item;
  line->kit_type = g_strdup (kit_type);
  line->text = text;
  line->quantity = quantity;
  line->unit_price = unit_price;
  line->amount = quantity * unit_price;
  bill->total += line->amount;
  g_ptr_array_add (bill->lines, line);
}

static const char *
kit_type_name (GPtrArray  *kit_types,
               const char *id)
{
  for (guint i = 0; kit_types != NULL && i < kit_types->len; i++)
    {
      TlkKitType *t = g_ptr_array_index (kit_types, i);
      if (g_strcmp0 (t->id, id) == 0)
        return t->name;
    }
  return id;
}

static int
compare_kit_type_names (gconstpointer a,
                        gconstpointer b,
                        gpointer      kit_types)
{
  return g_utf8_collate (kit_type_name (kit_types, *(const char **) a),
                         kit_type_name (kit_types, *(const char **) b));
}

static int
compare_bills (gconstpointer a,
               gconstpointer b)
{
  const TlkBillingCustomer *x = *(TlkBillingCustomer **) a;
  const TlkBillingCustomer *y = *(TlkBillingCustomer **) b;
  int cmp = g_utf8_collate (x->name, y->name);

  return cmp != 0 ? cmp : strcmp (x->customer, y->customer);
}

static TlkPriceItem
task_item (const char *kind)
{
  if (g_strcmp0 (kind, "pickup") == 0)
    return TLK_PRICE_PICKUP;
  if (g_strcmp0 (kind, "swap") == 0)
    return TLK_PRICE_SWAP;
  if (g_strcmp0 (kind, "service") == 0)
    return TLK_PRICE_SERVICE;
  return TLK_PRICE_DELIVERY;
}

TlkBilling *
tlk_billing_compute (const char *month,
                     GPtrArray  *customers,
                     GPtrArray  *kit_types,
                     GPtrArray  *stays,
                     GPtrArray  *tasks)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) account_free);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  TlkBilling *billing;

  g_return_val_if_fail (tlk_month_is_valid (month), NULL);
  g_return_val_if_fail (customers != NULL, NULL);

  {
    g_autofree char *next = tlk_calendar_month_shift (month, 1);
    g_autofree char *next_first = g_strconcat (next, "-01", NULL);

    first = g_strconcat (month, "-01", NULL);
    last = tlk_calendar_date_shift (next_first, -1);
  }

  for (guint i = 0; stays != NULL && i < stays->len; i++)
    {
      const TlkBillingStay *stay = g_ptr_array_index (stays, i);
      int days = stay_days (stay, first, last);
      Account *a;

      if (days <= 0)
        continue;
      a = account_for (accounts, stay->customer);
      g_hash_table_replace (a->kit_days, g_strdup (stay->kit_type),
                            GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (a->kit_days, stay->kit_type)) + days));
    }

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      const TlkBillingTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *day = tlk_calendar_danish_date (task->done_at);
      Account *a;

      if (day == NULL || strcmp (day, first) < 0 || strcmp (day, last) > 0)
        continue;
      a = account_for (accounts, task->customer);
      if (task->failed)
        a->count[TLK_PRICE_FAILED_VISIT]++;
      else
        {
          TlkPriceItem item = task_item (task->kind);

          a->count[item]++;
          if (item == TLK_PRICE_DELIVERY && task->urgent)
            a->count[TLK_PRICE_URGENT]++;
        }
    }

  billing = g_new0 (TlkBilling, 1);
  billing->month = g_strdup (month);
  billing->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) customer_free);

  for (guint i = 0; i < customers->len; i++)
    {
      const TlkCustomer *customer = g_ptr_array_index (customers, i);
      Account *a = g_hash_table_lookup (accounts, customer->id);
      g_autoptr(GPtrArray) types = NULL;
      TlkBillingCustomer *bill;

      if (a == NULL)
        continue;
      bill = a->bill = g_new0 (TlkBillingCustomer, 1);
      bill->customer = g_strdup (customer->id);
      bill->name = g_strdup (customer->name);
      bill->ean = g_strdup (customer->ean);
      bill->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
      a->terms = tlk_customer_terms_for_month (customer, month);
      bill->priced = a->terms != NULL;

      {
        GHashTableIter iter;
        gpointer key;

        types = g_ptr_array_new ();
        g_hash_table_iter_init (&iter, a->kit_days);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_ptr_array_add (types, key);
      }
      g_ptr_array_sort_with_data (types, compare_kit_type_names, kit_types);
      for (guint t = 0; t < types->len; t++)
        {
          const char *type = g_ptr_array_index (types, t);

          /* Translators: a billing line, %s is a kit type's name */
          add_line (bill, TLK_BILLING_KIT_DAYS, 0, type,
                    g_strdup_printf (_("Kit-days, %s"), kit_type_name (kit_types, type)),
                    GPOINTER_TO_INT (g_hash_table_lookup (a->kit_days, type)),
                    a->terms ? tlk_terms_kit_day_price (a->terms, type) : 0);
        }
      for (int item = 0; item < TLK_PRICE_N_ITEMS; item++)
        if (a->count[item] > 0)
          add_line (bill, tlk_price_item_is_addon (item) ? TLK_BILLING_ADDON : TLK_BILLING_TASK, item, NULL,
                    g_strdup (tlk_price_item_describe (item)), a->count[item],
                    a->terms ? a->terms->price[item] : 0);
      billing->total += bill->total;
      g_ptr_array_add (billing->customers, g_steal_pointer (&a->bill));
    }
  g_ptr_array_sort (billing->customers, compare_bills);
  return billing;
}

/* A CSV field: quoted when it holds a separator, quote or line break. */
static void
append_field (GString    *out,
              const char *text)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ";\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Kroner with a decimal comma and no grouping, which Excel reads as a
 * number in a Danish locale. */
static void
append_amount (GString *out,
               gint64   ore)
{
  /* Unsigned negation: -G_MININT64 does not fit a gint64. */
  guint64 abs_ore = ore < 0 ? 0 - (guint64) ore : (guint64) ore;

  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ",%02u", ore < 0 ? "-" : "",
                          abs_ore / 100, (unsigned) (abs_ore % 100));
}

static void
append_row (GString    *out,
            const char *customer,
            const char *ean,
            const char *month,
            const char *item,
            const char *quantity,
            const char *unit,
            gboolean    has_price,
            gint64      unit_price,
            gint64      amount)
{
  append_field (out, customer);
  g_string_append_c (out, ';');
  append_field (out, ean);
  g_string_append_c (out, ';');
  append_field (out, month);
  g_string_append_c (out, ';');
  append_field (out, item);
  g_string_append_c (out, ';');
  append_field (out, quantity);
  g_string_append_c (out, ';');
  append_field (out, unit);
  g_string_append_c (out, ';');
  if (has_price)
    append_amount (out, unit_price);
  g_string_append_c (out, ';');
  append_amount (out, amount);
  g_string_append (out, "\r\n");
}

char *
tlk_billing_to_csv (const TlkBilling *billing)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");

  g_return_val_if_fail (billing != NULL, g_string_free (out, FALSE));

  g_string_append_printf (out, "%s;%s;%s;%s;%s;%s;%s;%s\r\n",
                          _("Customer"), _("EAN number"), _("Month"), _("Item"), _("Quantity"), _("Unit"),
                          _("Unit price (DKK)"), _("Amount (DKK)"));
  for (guint i = 0; i < billing->customers->len; i++)
    {
      const TlkBillingCustomer *c = g_ptr_array_index (billing->customers, i);
      g_autofree char *total = NULL;

      for (guint l = 0; l < c->lines->len; l++)
        {
          const TlkBillingLine *line = g_ptr_array_index (c->lines, l);
          g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);

          append_row (out, c->name, c->ean, billing->month, line->text, quantity,
                      line->kind == TLK_BILLING_KIT_DAYS ? _("days") : _("pcs."),
                      TRUE, line->unit_price, line->amount);
        }
      total = c->priced ? g_strdup_printf (_("Total, %s"), c->name)
                        : g_strdup_printf (_("Total, %s (no price list in force)"), c->name);
      append_row (out, c->name, c->ean, billing->month, total, NULL, NULL, FALSE, 0, c->total);
    }
  append_row (out, _("All customers"), NULL, billing->month, _("Grand total"), NULL, NULL, FALSE, 0,
              billing->total);
  return g_string_free (out, FALSE);
}
