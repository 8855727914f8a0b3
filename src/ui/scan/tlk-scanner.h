/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TLK_TYPE_SCANNER (tlk_scanner_get_type ())

G_DECLARE_FINAL_TYPE (TlkScanner, tlk_scanner, TLK, SCANNER, GObject)

/*
 * Recognises a USB keyboard-wedge scanner by its speed. Attached to a window
 * (capture phase), it takes printable keys while no text field has focus;
 * when Enter or Tab ends a fast burst it emits ::scanned with the text.
 * Slow typing — a person — is handed to ::typed instead, so the view can put
 * it into its entry. Ctrl+] (ASCII 29, as scanners send it) and the
 * configured substitute character become the GS separator 0x1D.
 */

TlkScanner *tlk_scanner_new             (GtkWidget  *widget);
void        tlk_scanner_set_enabled     (TlkScanner *self,
                                         gboolean    enabled);
gboolean    tlk_scanner_get_enabled     (TlkScanner *self);

G_END_DECLS
