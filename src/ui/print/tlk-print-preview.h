/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_PRINT_PREVIEW (tlk_print_preview_get_type ())

G_DECLARE_FINAL_TYPE (TlkPrintPreview, tlk_print_preview, TLK, PRINT_PREVIEW, AdwWindow)

/*
 * The print dialog's Preview, in the app rather than an external viewer
 * (GtkPrintOperation::preview): one page at a time, fitted to the window,
 * drawn by the operation's own draw-page handler — for labels the same
 * tlk_label_render as on paper. Print emits ::print and closes; closing
 * ends the preview (gtk_print_operation_preview_end_preview).
 */

/* Call from the ::preview handler with its arguments, and return TRUE. */
GtkWidget *tlk_print_preview_new       (GtkPrintOperation *operation,
                                        GtkPrintContext   *context,
                                        GtkWindow         *parent,
                                        const char        *subtitle);
/* The pages the preview shows (those the print settings select), 0 until
 * the operation has paginated. */
guint      tlk_print_preview_get_n_pages (TlkPrintPreview *self);
/* The page shown, from 0 among those. */
guint      tlk_print_preview_get_page    (TlkPrintPreview *self);

G_END_DECLS
