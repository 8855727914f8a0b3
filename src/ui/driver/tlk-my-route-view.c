/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-my-route-view.h"

#include <glib/gi18n.h>

struct _TlkMyRouteView
{
  AdwBin      parent_instance;

  TlkContext *context;
};

G_DEFINE_FINAL_TYPE (TlkMyRouteView, tlk_my_route_view, ADW_TYPE_BIN)

void
tlk_my_route_view_set_context (TlkMyRouteView *self,
                              TlkContext *context)
{
  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

void
tlk_my_route_view_focus (TlkMyRouteView *self)
{
  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));
}

void
tlk_my_route_view_scan (TlkMyRouteView *self,
                       const char *text)
{
  g_return_if_fail (TLK_IS_MY_ROUTE_VIEW (self));
  g_return_if_fail (text != NULL);
}

static void
tlk_my_route_view_dispose (GObject *object)
{
  TlkMyRouteView *self = (TlkMyRouteView *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_my_route_view_parent_class)->dispose (object);
}

static void
tlk_my_route_view_class_init (TlkMyRouteViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_my_route_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/driver/tlk-my-route-view.ui");
}

static void
tlk_my_route_view_init (TlkMyRouteView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
