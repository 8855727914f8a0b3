/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-orders-common.h"

#include <stdlib.h>
#include <string.h>

#include "tlk-machine.h"
#include "tlk-role.h"

char *
tlk_orders_format_date (const char *iso)
{
  if (iso == NULL)
    return g_strdup ("");
  if (!tlk_date_is_valid_iso (iso))
    return g_strdup (iso);
  return g_strdup_printf ("%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}

gboolean
tlk_orders_may_write (TlkContext     *context,
                      const TlkOrder *order,
                      TlkEventType    type)
{
  TlkUser *user;
  const TlkTransition *transition;

  g_return_val_if_fail (TLK_IS_CONTEXT (context), FALSE);

  user = tlk_context_get_user (context);
  if (order == NULL || user == NULL || !tlk_role_may_write (user->role, type))
    return FALSE;
  transition = tlk_machine_find (TLK_MACHINE_ORDER, type, NULL);
  return transition != NULL && (transition->from & (1u << order->state)) != 0;
}

void
tlk_orders_set_feedback (GtkWidget  *box,
                         GtkImage   *icon,
                         GtkLabel   *label,
                         gboolean    ok,
                         const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (box));

  gtk_widget_set_css_classes (box, (const char *[]) { "feedback", ok ? "success" : "error", NULL });
  gtk_image_set_from_icon_name (icon, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (box, TRUE);
}
