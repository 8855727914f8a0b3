/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_MY_ROUTE_VIEW (tlk_my_route_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkMyRouteView, tlk_my_route_view, TLK, MY_ROUTE_VIEW, AdwBin)

/* The driver's day: loading kits by scan, today's stops in order, and at a stop the kit confirmed by scan, the installation checklist, the recipient's signature or a failure reason; pickups and swaps by scan. Works offline. */

void  tlk_my_route_view_set_context (TlkMyRouteView *self,
                               TlkContext *context);
/* Gives the view's main input the keyboard focus. */
void  tlk_my_route_view_focus       (TlkMyRouteView *self);
/* A scan (scanner input, from the window) while this view is shown. */
void  tlk_my_route_view_scan        (TlkMyRouteView *self,
                               const char *text);

G_END_DECLS
