/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tlk-store.h"

G_BEGIN_DECLS

#define TLK_TYPE_ORDER_ITEM (tlk_order_item_get_type ())

/* The orders list's columns, in the list's order. */
typedef enum
{
  TLK_ORDER_COLUMN_CASE_REF,
  TLK_ORDER_COLUMN_CUSTOMER,
  TLK_ORDER_COLUMN_KIT_TYPE,
  TLK_ORDER_COLUMN_REQUESTED,
  TLK_ORDER_COLUMN_PRIORITY,
  TLK_ORDER_COLUMN_STATE,
  TLK_ORDER_COLUMN_KIT,
  TLK_ORDER_N_COLUMNS
} TlkOrderColumn;

G_DECLARE_FINAL_TYPE (TlkOrderItem, tlk_order_item, TLK, ORDER_ITEM, GObject)

/*
 * One order as the orders list shows it: what its columns say, made once
 * from the order and its customer and kit type; its properties are the
 * columns' sort keys. Items do not change: a changed order gets a new
 * item, so the filter and sort models see it.
 */

TlkOrderItem *tlk_order_item_new          (const TlkOrder *order,
                                           TlkWorld       *world);
const char   *tlk_order_item_get_id       (TlkOrderItem   *self);
const char   *tlk_order_item_get_case_ref (TlkOrderItem   *self);
TlkOrderState tlk_order_item_get_state    (TlkOrderItem   *self);
/* What @column shows ("" for nothing). */
const char   *tlk_order_item_get_text     (TlkOrderItem   *self,
                                           TlkOrderColumn  column);
/* Whether @needle (case-folded) is in the case reference or the customer's
 * name. */
gboolean      tlk_order_item_matches      (TlkOrderItem   *self,
                                           const char     *needle);
/* Whether both show the same. */
gboolean      tlk_order_item_equal        (TlkOrderItem   *a,
                                           TlkOrderItem   *b);

G_END_DECLS
