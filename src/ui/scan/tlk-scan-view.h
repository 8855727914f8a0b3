/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_SCAN_VIEW (tlk_scan_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkScanView, tlk_scan_view, TLK, SCAN_VIEW, AdwBin)

/* The warehouse's scan view (DESIGN §6): the current action, feedback for
 * every scan, the session's running log and the kit being worked on. */

GtkWidget *tlk_scan_view_new         (void);
void       tlk_scan_view_set_context (TlkScanView *self,
                                      TlkContext  *context);
/* One scan, as the scanner or the entry delivers it. */
void       tlk_scan_view_scan        (TlkScanView *self,
                                      const char  *text);
/* Text a person typed outside the entry: put it there to finish. */
void       tlk_scan_view_take_typed  (TlkScanView *self,
                                      const char  *text);
/* Puts the keyboard focus where scanning works best. */
void       tlk_scan_view_focus       (TlkScanView *self);

G_END_DECLS
