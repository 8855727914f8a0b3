/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_PRINT_PROGRESS (tlk_print_progress_get_type ())

G_DECLARE_FINAL_TYPE (TlkPrintProgress, tlk_print_progress, TLK, PRINT_PROGRESS, AdwMessageDialog)

/*
 * How far a print job is, with a Cancel button (its "cancel" response):
 * DESIGN §7, long work shows progress and can be cancelled.
 */

GtkWidget *tlk_print_progress_new       (GtkWindow        *parent);
/* @done of @total pages made. */
void       tlk_print_progress_set_pages (TlkPrintProgress *self,
                                         guint             done,
                                         guint             total);
double     tlk_print_progress_get_fraction (TlkPrintProgress *self);

G_END_DECLS
