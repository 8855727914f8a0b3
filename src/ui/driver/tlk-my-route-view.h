/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_MY_ROUTE_VIEW (tlk_my_route_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkMyRouteView, tlk_my_route_view, TLK, MY_ROUTE_VIEW, AdwBin)

/*
 * The driver's day: loading kits by scan, today's stops in order (and those
 * of earlier days still open), and at a stop the kit confirmed by scan, the
 * installation checklist, the recipient's signature or a failure reason;
 * pickups and swaps by scan. Works offline: it only writes to the local
 * store. Actions route.load, route.open, route.back, route.complete,
 * route.fail and route.focus-entry.
 */

void  tlk_my_route_view_set_context (TlkMyRouteView *self,
                                     TlkContext     *context);
/* Gives the view's main input the keyboard focus. */
void  tlk_my_route_view_focus       (TlkMyRouteView *self);
/* A scan (scanner input, from the window) while this view is shown: to the
 * loading, to the open stop's current step, or on the list a kit or stop
 * card opens its stop. */
void  tlk_my_route_view_scan        (TlkMyRouteView *self,
                                     const char     *text);
/* Keys typed slowly, by a person (the scanner's ::typed): into the entry
 * of what is shown, to be checked and sent with Enter. */
void  tlk_my_route_view_take_typed  (TlkMyRouteView *self,
                                     const char     *text);

G_END_DECLS
