/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_INVENTORY_VIEW (tlk_inventory_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkInventoryView, tlk_inventory_view, TLK, INVENTORY_VIEW, AdwBin)

/* Every kit in a column view: sorting, search as you type, filters by
 * state, kit type, place and customer; Enter opens the kit. */

void tlk_inventory_view_set_context  (TlkInventoryView *self,
                                      TlkContext       *context);
void tlk_inventory_view_focus_search (TlkInventoryView *self);
/* For the benchmark and tests: filter as if @text were typed. Returns the
 * number of kits shown. */
guint tlk_inventory_view_filter_now  (TlkInventoryView *self,
                                      const char       *text);
/* Loaded and ready (FALSE while the list is being read). */
gboolean tlk_inventory_view_is_loaded (TlkInventoryView *self);

G_END_DECLS
