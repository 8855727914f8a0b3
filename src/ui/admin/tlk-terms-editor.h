/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_TERMS_EDITOR (tlk_terms_editor_get_type ())

G_DECLARE_FINAL_TYPE (TlkTermsEditor, tlk_terms_editor, TLK, TERMS_EDITOR, AdwWindow)

/*
 * The administrator's window for the customers' price lists and service
 * levels (customer.terms_set) and the kit types' reorder thresholds
 * (kit_type.reorder_set). Customers on the left, each with the price list
 * in force; on the right the chosen customer's price lists by month and a
 * form for a new one, filled in from the list in force. Amounts are typed
 * in kroner the Danish way; a month or an amount that cannot be read is
 * marked at its field and nothing is written. terms.save (Ctrl+S) saves
 * the page shown.
 */

GtkWidget *tlk_terms_editor_new             (GtkWindow      *parent,
                                             TlkContext     *context);
/* Shows @customer_id's price lists and fills the form from the one in
 * force; FALSE when there is no such customer. */
gboolean   tlk_terms_editor_select_customer (TlkTermsEditor *self,
                                             const char     *customer_id);

G_END_DECLS
