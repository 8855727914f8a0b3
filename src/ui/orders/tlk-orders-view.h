/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_ORDERS_VIEW (tlk_orders_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkOrdersView, tlk_orders_view, TLK, ORDERS_VIEW, AdwBin)

/* Orders from municipalities and hospitals: the list, a new order, CSV import with a preview, and allocating and packing a kit by scan. */

void  tlk_orders_view_set_context (TlkOrdersView *self,
                                   TlkContext    *context);
/* Gives the view's main input the keyboard focus. */
void  tlk_orders_view_focus       (TlkOrdersView *self);
/* A scan (scanner input, from the window) while this view is shown: a
 * kit's label reserves that kit for the order that is open. */
void  tlk_orders_view_scan        (TlkOrdersView *self,
                                   const char    *text);
/* Shows order @id's page (the citizen's details are read, and logged). */
void  tlk_orders_view_open_order  (TlkOrdersView *self,
                                   const char    *id);
/* Reads @file as a CSV of orders into a preview; what the Import CSV…
 * chooser does with the file chosen. */
void  tlk_orders_view_import_file (TlkOrdersView *self,
                                   GFile         *file);

G_END_DECLS
