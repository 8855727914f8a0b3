/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tlk-label-template.h"
#include "tlk-label.h"

G_BEGIN_DECLS

#define TLK_LABEL_ERROR (tlk_label_error_quark ())

/**
 * TlkLabelError:
 * @TLK_LABEL_ERROR_WRITE: the output file cannot be written
 * @TLK_LABEL_ERROR_START: the start position is not on the sheet, or the
 *   stock is not a sheet
 * @TLK_LABEL_ERROR_TEMPLATE: this output cannot use this template (ZPL is for
 *   label printers, not A4 sheets)
 * @TLK_LABEL_ERROR_TOO_SMALL: the label is too small for a QR code with
 *   modules of at least 0.25 mm at this resolution
 *
 * A cancelled write fails with G_IO_ERROR_CANCELLED and writes nothing.
 */
typedef enum
{
  TLK_LABEL_ERROR_WRITE,
  TLK_LABEL_ERROR_START,
  TLK_LABEL_ERROR_TEMPLATE,
  TLK_LABEL_ERROR_TOO_SMALL,
} TlkLabelError;

/* The smallest QR module we print, mm: what warehouse scanners read from a
 * thermal print without a second try. */
#define TLK_LABEL_MIN_MODULE 0.25

/* Called after each label with the number done and the total. */
typedef void (*TlkLabelProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

GQuark    tlk_label_error_quark (void);

/* Pages needed for @n_labels starting at position @start (from 0, top left,
 * across then down) of the first sheet. */
guint     tlk_label_count_pages (const TlkLabelTemplate *tmpl,
                                 guint                   n_labels,
                                 guint                   start);

/* Whether labels may begin at position @start (from 0) of @tmpl: any
 * position of a sheet, only 0 on label-printer stock
 * (TLK_LABEL_ERROR_START otherwise). */
gboolean  tlk_label_check_start (const TlkLabelTemplate *tmpl,
                                 guint                   start,
                                 GError                **error);

/*
 * The pages of every output — PDF, PNG and the app's print dialog — are laid
 * out by these two: page @page (from 0) of @labels laid out on @tmpl from
 * position @start, as tlk_label_count_pages() counts them.
 *
 * tlk_label_page_size() gives the page's size in mm: the sheet, the label
 * for label printers, and on continuous stock the length its label needs.
 * tlk_label_draw_page() draws the page's labels with tlk_label_render() (and
 * the lines to cut along on plain paper) into @cr, whose user unit is one
 * millimetre with the origin at the page's top-left corner; it returns the
 * number of labels it drew.
 */
void      tlk_label_page_size   (const TlkLabelTemplate *tmpl,
                                 GPtrArray              *labels,
                                 guint                   start,
                                 guint                   page,
                                 double                 *width,
                                 double                 *height);
guint     tlk_label_draw_page   (const TlkLabelTemplate *tmpl,
                                 GPtrArray              *labels,
                                 guint                   start,
                                 guint                   page,
                                 cairo_t                *cr);

/*
 * A PDF of @labels (of TlkLabel) at @path, vector throughout. Sheets are
 * filled in order, across then down, beginning at position @start of the
 * first sheet (0 = top left) so a partly used sheet can be used up; @start
 * must be 0 for label-printer stock, where every label is one page of the
 * label's size (continuous stock: as long as the label needs). The file is
 * replaced only when everything succeeded.
 */
gboolean  tlk_label_write_pdf   (const TlkLabelTemplate *tmpl,
                                 GPtrArray              *labels,
                                 guint                   start,
                                 const char             *path,
                                 GCancellable           *cancellable,
                                 TlkLabelProgressFunc    progress,
                                 gpointer                progress_data,
                                 GError                **error);

/*
 * PNG images at @dpi of the same pages as tlk_label_write_pdf: one image per
 * sheet, or per label for label-printer stock. The first page is written to
 * @path (FILE.png), page n ≥ 2 to FILE-n.png beside it. @paths (may be NULL)
 * gets the files written, in page order.
 */
gboolean  tlk_label_write_png   (const TlkLabelTemplate *tmpl,
                                 GPtrArray              *labels,
                                 guint                   start,
                                 double                  dpi,
                                 const char             *path,
                                 GCancellable           *cancellable,
                                 TlkLabelProgressFunc    progress,
                                 gpointer                progress_data,
                                 GStrv                  *paths,
                                 GError                **error);

/*
 * ZPL II for Zebra printers at @dpi (203 or 300): one ^XA…^XZ per label,
 * ^PW/^LL the label's size in dots, UTF-8 text (^CI28) in the scalable font
 * ^A0, and the printer's own QR code (^BQ, model 2, level M, manual input in
 * alphanumeric mode: ^FDMM,A<code>). The magnification is the largest (up to
 * 10) whose symbol with its quiet zone fits the label's QR area, and never
 * less than a module of TLK_LABEL_MIN_MODULE: at 203 dpi a dot is 0.125 mm,
 * so at least 2; at 300 dpi 0.085 mm, so at least 3. Only label-printer
 * templates (not sheets).
 */
char     *tlk_label_to_zpl      (const TlkLabelTemplate *tmpl,
                                 const TlkLabel         *label,
                                 guint                   dpi,
                                 GError                **error);
gboolean  tlk_label_write_zpl   (const TlkLabelTemplate *tmpl,
                                 GPtrArray              *labels,
                                 guint                   dpi,
                                 const char             *path,
                                 GCancellable           *cancellable,
                                 GError                **error);

G_END_DECLS
