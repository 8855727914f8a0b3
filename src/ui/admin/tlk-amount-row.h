/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_AMOUNT_ROW (tlk_amount_row_get_type ())

G_DECLARE_FINAL_TYPE (TlkAmountRow, tlk_amount_row, TLK, AMOUNT_ROW, AdwActionRow)

/*
 * A row with an amount in kroner, typed the Danish way ("1.234,50") or
 * with a decimal point, read into whole øre (tlk_ore_parse()). An amount
 * that cannot be read marks the row and says why in its subtitle, next to
 * the field, until the text is changed.
 */

GtkWidget   *tlk_amount_row_new       (const char   *title);
void         tlk_amount_row_set_ore   (TlkAmountRow *self,
                                       gint64        ore);
/* FALSE, with the row marked and the reason shown, when the text is not an
 * amount of 0 or more with at most two decimals. */
gboolean     tlk_amount_row_read      (TlkAmountRow *self,
                                       gint64       *ore);
gboolean     tlk_amount_row_has_problem (TlkAmountRow *self);
GtkEditable *tlk_amount_row_get_entry (TlkAmountRow *self);

G_END_DECLS
