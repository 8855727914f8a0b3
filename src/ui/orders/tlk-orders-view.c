/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-orders-view.h"

#include <glib/gi18n.h>

struct _TlkOrdersView
{
  AdwBin      parent_instance;

  TlkContext *context;
};

G_DEFINE_FINAL_TYPE (TlkOrdersView, tlk_orders_view, ADW_TYPE_BIN)

void
tlk_orders_view_set_context (TlkOrdersView *self,
                            TlkContext *context)
{
  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

void
tlk_orders_view_focus (TlkOrdersView *self)
{
  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
}

void
tlk_orders_view_scan (TlkOrdersView *self,
                     const char *text)
{
  g_return_if_fail (TLK_IS_ORDERS_VIEW (self));
  g_return_if_fail (text != NULL);
}

static void
tlk_orders_view_dispose (GObject *object)
{
  TlkOrdersView *self = (TlkOrdersView *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_orders_view_parent_class)->dispose (object);
}

static void
tlk_orders_view_class_init (TlkOrdersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_orders_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/orders/tlk-orders-view.ui");
}

static void
tlk_orders_view_init (TlkOrdersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
