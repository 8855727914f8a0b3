/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

/* Small helpers the orders view's widgets share. */

/* An ISO date as Danes write it: "2026-12-24" → "24-12-2026" (anything
 * else as it is; "" for NULL). */
char    *tlk_orders_format_date   (const char *iso);
/* Whether the signed-in user may write @type about @order now: the role's
 * rule and the order's state machine (the world still checks the rest). */
gboolean tlk_orders_may_write     (TlkContext     *context,
                                   const TlkOrder *order,
                                   TlkEventType    type);
/* Sets the "feedback" line (a box with an icon and a label, the scan view's
 * style): @ok green, else red. */
void     tlk_orders_set_feedback  (GtkWidget  *box,
                                   GtkImage   *icon,
                                   GtkLabel   *label,
                                   gboolean    ok,
                                   const char *message);

G_END_DECLS
