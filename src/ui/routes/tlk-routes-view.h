/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_ROUTES_VIEW (tlk_routes_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkRoutesView, tlk_routes_view, TLK, ROUTES_VIEW, AdwBin)

/*
 * The coordinator's planning of drivers' days (issue 6): on the left the
 * orders waiting for a stop (deliveries, pickups, and installed kits found
 * by case reference for a swap or a service visit), on the right one
 * driver's stops on one day, in order. Actions (routes.*): previous-day,
 * next-day, today, search, add-stop, confirm-add-stop, move-up, move-down,
 * edit-stop, confirm-edit-stop, show-citizen, dismiss-message.
 */

void        tlk_routes_view_set_context  (TlkRoutesView *self,
                                          TlkContext    *context);
/* Gives the view's main input the keyboard focus. */
void        tlk_routes_view_focus        (TlkRoutesView *self);

/* The day shown (ISO date); today until another is chosen. */
const char *tlk_routes_view_get_day      (TlkRoutesView *self);
void        tlk_routes_view_show_day     (TlkRoutesView *self,
                                          const char    *day);
/* The driver whose route is shown (user id), or NULL when there are no
 * drivers. FALSE when @driver is not a driver. */
const char *tlk_routes_view_get_driver   (TlkRoutesView *self);
gboolean    tlk_routes_view_show_driver  (TlkRoutesView *self,
                                          const char    *driver);
/* Chooses @order in the waiting list (searching for its case reference
 * when it is an installed one); FALSE when it is not waiting for a stop. */
gboolean    tlk_routes_view_select_order (TlkRoutesView *self,
                                          const char    *order);
/* Chooses @stop in the route shown; FALSE when it is not on it. */
gboolean    tlk_routes_view_select_stop  (TlkRoutesView *self,
                                          const char    *stop);

G_END_DECLS
