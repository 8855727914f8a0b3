/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * A customer's terms from a month on (the customer.terms_set event): the
 * price list of its payment model and its SLA targets. Prices are whole øre
 * so sums are exact. A new price list applies from its month; a month is
 * billed by the terms in force on its first day, and an order's SLA target
 * is the one in force when the order was received (changing a target
 * changes only new tasks).
 */

typedef enum
{
  TLK_PRICE_DELIVERY,       /* a delivery with installation */
  TLK_PRICE_PICKUP,
  TLK_PRICE_SWAP,
  TLK_PRICE_SERVICE,
  /* Add-ons (tilkøb), itemised separately on the bill. */
  TLK_PRICE_URGENT,         /* surcharge on a delivery of an urgent order */
  TLK_PRICE_FAILED_VISIT,   /* a visit that failed (nobody home, no access…) */
  TLK_PRICE_N_ITEMS
} TlkPriceItem;

typedef struct _TlkTerms TlkTerms;

struct _TlkTerms
{
  char       *from;                      /* YYYY-MM */
  int         install_days;              /* working days from order to installed; 0: no target */
  int         pickup_days;               /* working days from return request to pickup; 0: no target */
  GHashTable *kit_day;                   /* kit type id → gint64* øre a kit-day */
  gint64      price[TLK_PRICE_N_ITEMS];  /* øre */
};

/* The payload field of an item ("delivery", "failed_visit"). */
const char *tlk_price_item_to_string (TlkPriceItem item);
/* Translated, for bills and forms: "Delivery and installation". */
const char *tlk_price_item_describe  (TlkPriceItem item);
gboolean    tlk_price_item_is_addon  (TlkPriceItem item);

TlkTerms   *tlk_terms_new            (const char     *from);
void        tlk_terms_free           (TlkTerms       *terms);
/* From a customer.terms_set payload (already validated). */
TlkTerms   *tlk_terms_from_json      (JsonObject     *payload);
/* The payload form. */
JsonObject *tlk_terms_to_json        (const TlkTerms *terms);
/* øre a kit-day of @kit_type; 0 when the list has no price for it. */
gint64      tlk_terms_kit_day_price  (const TlkTerms *terms,
                                      const char     *kit_type);
void        tlk_terms_set_kit_day_price (TlkTerms    *terms,
                                         const char  *kit_type,
                                         gint64       ore);

/* The customer's terms in force in @month (YYYY-MM): the latest whose month
 * is not after it. NULL when there are none. */
TlkTerms   *tlk_customer_terms_for_month (const TlkCustomer *customer,
                                          const char        *month);
/* Adds or replaces (same month) @payload in the customer's list. */
void        tlk_customer_set_terms   (TlkCustomer    *customer,
                                      JsonObject     *payload);

/* "1.234,50": øre as Danish kroner with a decimal comma. */
char       *tlk_ore_format           (gint64          ore);
/* Reads "1234,5", "1.234,50", "1234.50" or "1234" kroner into øre; FALSE
 * when it is not an amount of 0 or more with at most two decimals. */
gboolean    tlk_ore_parse            (const char     *text,
                                      gint64         *ore);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkTerms, tlk_terms_free)

G_END_DECLS
