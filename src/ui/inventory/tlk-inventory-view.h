/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_INVENTORY_VIEW (tlk_inventory_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkInventoryView, tlk_inventory_view, TLK, INVENTORY_VIEW, AdwBin)

/*
 * Every kit and every device in a column view (the "list" property says
 * which: "kits" or "devices"): sorting, search as you type, filters (state,
 * kit type or model, place, customer); Enter opens the kit or device.
 * Several kits can be selected (Shift, Ctrl, Ctrl+A).
 *
 * Actions: inventory.list (the shown list), inventory.back (Escape), and
 * inventory.print-labels (Ctrl+P, enabled while kits are selected), which
 * emits ::print-labels.
 *
 * TlkInventoryView::print-labels:
 * @codes: (array zero-terminated=1): the codes of the selected kits, in the
 *   list's order
 *
 * The user asked for labels of the selected kits; the window prints them.
 */

void     tlk_inventory_view_set_context         (TlkInventoryView *self,
                                                 TlkContext       *context);
void     tlk_inventory_view_focus_search        (TlkInventoryView *self);
/* For the benchmark and tests: search the shown list as if @text were
 * typed. Returns the number of rows shown. */
guint    tlk_inventory_view_filter_now          (TlkInventoryView *self,
                                                 const char       *text);
/* The shown list is read and ready (FALSE while it is being read). */
gboolean tlk_inventory_view_is_loaded           (TlkInventoryView *self);
/* The codes of the selected kits, in the list's order (an empty vector when
 * none is selected). */
char   **tlk_inventory_view_dup_selected_codes  (TlkInventoryView *self);

G_END_DECLS
