/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_ORDER_DIALOG (tlk_order_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlkOrderDialog, tlk_order_dialog, TLK, ORDER_DIALOG, AdwWindow)

/*
 * A new order typed in by a coordinator: the same fields and the same
 * checks as a row of an order import (tlk_order_draft_check(), then the
 * store's check for a case reference the customer has used). Each problem
 * marks its field and is listed at the top; nothing is written until there
 * are none. new-order.add checks and writes; ::added says the new order's
 * id, then the dialog closes.
 */

GtkWidget *tlk_order_dialog_new (GtkWindow  *parent,
                                 TlkContext *context);

G_END_DECLS
