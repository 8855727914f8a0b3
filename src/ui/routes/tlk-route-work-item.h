/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tlk-world.h"

G_BEGIN_DECLS

#define TLK_TYPE_ROUTE_WORK_ITEM (tlk_route_work_item_get_type ())

G_DECLARE_FINAL_TYPE (TlkRouteWorkItem, tlk_route_work_item, TLK, ROUTE_WORK_ITEM, GObject)

/*
 * One order waiting for a stop, as the routes view lists it: an allocated
 * order (a delivery), a return requested (a pickup) or an installed kit (a
 * swap or a service visit). What a list shows is in properties (work,
 * case-ref, customer, kit-type, requested, and urgent: a word or empty);
 * never the citizen.
 */

TlkRouteWorkItem *tlk_route_work_item_new          (const TlkOrder   *order,
                                                    TlkWorld         *world);
const char       *tlk_route_work_item_get_order    (TlkRouteWorkItem *self);
const char       *tlk_route_work_item_get_case_ref (TlkRouteWorkItem *self);
/* The stop the order waits for (tlk_order_waiting_stop), or NULL for an
 * installed kit (a swap or a service visit). */
const char       *tlk_route_work_item_get_stop_kind (TlkRouteWorkItem *self);
gboolean          tlk_route_work_item_get_urgent   (TlkRouteWorkItem *self);
/* The requested date, ISO: for sorting. */
const char       *tlk_route_work_item_get_date     (TlkRouteWorkItem *self);

G_END_DECLS
