/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"
#include "tlk-label-template.h"

G_BEGIN_DECLS

#define TLK_TYPE_LABEL_PRINT (tlk_label_print_get_type ())

G_DECLARE_FINAL_TYPE (TlkLabelPrint, tlk_label_print, TLK, LABEL_PRINT, GObject)

/*
 * Labels through GtkPrintOperation (DESIGN §6): the pages are those of the
 * label writers (tlk_label_page_size, tlk_label_draw_page), so the print
 * dialog, its preview and a PDF from telekit-cli show the same thing. Sheets
 * print on A4 from a start position; label-printer stock prints one label
 * per page of the label's size (continuous tape as long as the label needs).
 *
 * The print dialog's Preview opens our own preview window (TlkPrintPreview),
 * not an external viewer. While pages are made a progress dialog with a
 * Cancel button shows how far the job is.
 */

TlkLabelPrint          *tlk_label_print_new                 (const TlkLabelTemplate  *tmpl,
                                                             GPtrArray               *labels);
/* The stock: as created, or as chosen in the dialog's Labels tab. */
const TlkLabelTemplate *tlk_label_print_get_template        (TlkLabelPrint           *self);
/* The first position used on the first sheet, from 0 (top left, across
 * then down); 0 for label-printer stock. */
void                    tlk_label_print_set_start           (TlkLabelPrint           *self,
                                                             guint                    start);
guint                   tlk_label_print_get_n_pages         (TlkLabelPrint           *self);
void                    tlk_label_print_set_job_name        (TlkLabelPrint           *self,
                                                             const char              *job_name);
/* Adds a Labels tab to the print dialog to choose the stock and the start
 * position for this job. */
void                    tlk_label_print_set_choose_stock    (TlkLabelPrint           *self,
                                                             gboolean                 choose_stock);
/* The printer and its options: given before a run, and what the user chose
 * after one that printed. */
GtkPrintSettings       *tlk_label_print_get_print_settings  (TlkLabelPrint           *self);
void                    tlk_label_print_set_print_settings  (TlkLabelPrint           *self,
                                                             GtkPrintSettings        *settings);
/* Where GTK_PRINT_OPERATION_ACTION_EXPORT writes its PDF; the file is
 * replaced only when every page was made. */
void                    tlk_label_print_set_export_filename (TlkLabelPrint           *self,
                                                             const char              *path);

/*
 * Runs the print operation with @action: the print dialog (on the printer
 * of the print settings, if any), the preview, or export to a PDF — not
 * GTK_PRINT_OPERATION_ACTION_PRINT, which GTK 4.8 cannot do safely with a
 * CUPS printer. The preview's Print opens the dialog again with the same
 * printer and options.
 *
 * Finishes when every page is made and the job handed to the printing
 * system (or the PDF written: the file is there when it finishes);
 * a job the user or @cancellable cancelled — in the dialog, in the preview
 * or with the progress dialog's Cancel — fails with G_IO_ERROR_CANCELLED,
 * which callers do not show.
 */
void                    tlk_label_print_run_async           (TlkLabelPrint           *self,
                                                             GtkPrintOperationAction  action,
                                                             GtkWindow               *parent,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
gboolean                tlk_label_print_run_finish          (TlkLabelPrint           *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);

/*
 * What the app's views call: the labels of the kits @codes (devices,
 * locations and action cards work too) on the stock from the
 * label-template setting, through the print dialog, with progress and
 * Cancel. The labels are made off the main thread; problems are shown to
 * the user in a dialog on @parent's window.
 */
void                    tlk_label_print_kits                (GtkWidget               *parent,
                                                             TlkContext              *context,
                                                             const char *const       *codes);
/* The A4 sheet of every action card (`telekit-cli action-cards`). */
void                    tlk_label_print_action_cards        (GtkWidget               *parent,
                                                             TlkContext              *context);

G_END_DECLS
