/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_ORDER_IMPORT_DIALOG (tlk_order_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlkOrderImportDialog, tlk_order_import_dialog, TLK, ORDER_IMPORT_DIALOG, AdwWindow)

/*
 * Orders from a CSV file, previewed before anything is written: the file
 * is read and every row checked on a thread of its own (with its own
 * connection to the database), with a spinner and Cancel; then how many
 * rows are good and every problem with its line and column. import.accept
 * writes the good rows in one transaction (the bad ones are skipped) and
 * ::imported says how many.
 */

GtkWidget *tlk_order_import_dialog_new (GtkWindow  *parent,
                                        TlkContext *context,
                                        GFile      *file);

G_END_DECLS
