/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_ROUTES_VIEW (tlk_routes_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkRoutesView, tlk_routes_view, TLK, ROUTES_VIEW, AdwBin)

/* The coordinator's planning of drivers' days: stops for deliveries, pickups, swaps and service visits, in order. */

void  tlk_routes_view_set_context (TlkRoutesView *self,
                             TlkContext *context);
/* Gives the view's main input the keyboard focus. */
void  tlk_routes_view_focus       (TlkRoutesView *self);

G_END_DECLS
