/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-billing.h"

G_BEGIN_DECLS

#define TLK_REPORT_ERROR (tlk_report_error_quark ())

/**
 * TlkReportError:
 * @TLK_REPORT_ERROR_DRAW: cairo could not draw the document
 *
 * Writing the file itself fails with a G_FILE_ERROR.
 */
typedef enum
{
  TLK_REPORT_ERROR_DRAW,
} TlkReportError;

GQuark   tlk_report_error_quark (void);

/*
 * The billing basis as an A4 PDF to send: one section per customer, each
 * starting on a new page and numbered on its own ("Page 1 of 2"), with the
 * month, the customer's name and EAN number, a table of the lines and the
 * customer's total; a note where no price list is in force. The file is
 * replaced atomically.
 */
gboolean tlk_billing_write_pdf  (const TlkBilling *billing,
                                 const char       *path,
                                 GError          **error);

G_END_DECLS
