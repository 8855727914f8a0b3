/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tlk-store.h"

G_BEGIN_DECLS

#define TLK_TYPE_INVENTORY_ITEM (tlk_inventory_item_get_type ())

G_DECLARE_FINAL_TYPE (TlkInventoryItem, tlk_inventory_item, TLK, INVENTORY_ITEM, GObject)

/* One kit of the inventory list: read-only, made off the main thread. */

TlkInventoryItem *tlk_inventory_item_new          (const TlkInventoryRow *row);
const char       *tlk_inventory_item_get_id       (TlkInventoryItem *self);
const char       *tlk_inventory_item_get_state_id (TlkInventoryItem *self);
const char       *tlk_inventory_item_get_kit_type_id (TlkInventoryItem *self);
const char       *tlk_inventory_item_get_location_id (TlkInventoryItem *self);
const char       *tlk_inventory_item_get_customer_id (TlkInventoryItem *self);
/* Does the item match @needle (already folded with tlk_inventory_fold)? */
gboolean          tlk_inventory_item_matches      (TlkInventoryItem *self,
                                                   const char       *needle);
/* Lower case, spaces and dashes removed: "K 3F9-a2c" → "k3f9a2c". */
char             *tlk_inventory_fold              (const char       *text);

G_END_DECLS
