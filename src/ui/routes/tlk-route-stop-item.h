/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tlk-world.h"

G_BEGIN_DECLS

#define TLK_TYPE_ROUTE_STOP_ITEM (tlk_route_stop_item_get_type ())

G_DECLARE_FINAL_TYPE (TlkRouteStopItem, tlk_route_stop_item, TLK, ROUTE_STOP_ITEM, GObject)

/*
 * One stop of a driver's day, as the routes view lists it. What a list
 * shows is in properties: seq, kind, case-ref, customer, address (empty
 * unless the view read it), window, kit, device (a swap's replacement),
 * state (with a failure's reason) and state-classes (CSS classes for it).
 */

/* Takes @stop; @address may be NULL. */
TlkRouteStopItem *tlk_route_stop_item_new       (TlkStop          *stop,
                                                 TlkWorld         *world,
                                                 const char       *address);
/* The stop as it was when the item was made. */
const TlkStop    *tlk_route_stop_item_get_stop  (TlkRouteStopItem *self);

G_END_DECLS
