/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-routes-view.h"

#include <glib/gi18n.h>

struct _TlkRoutesView
{
  AdwBin      parent_instance;

  TlkContext *context;
};

G_DEFINE_FINAL_TYPE (TlkRoutesView, tlk_routes_view, ADW_TYPE_BIN)

void
tlk_routes_view_set_context (TlkRoutesView *self,
                            TlkContext *context)
{
  g_return_if_fail (TLK_IS_ROUTES_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

void
tlk_routes_view_focus (TlkRoutesView *self)
{
  g_return_if_fail (TLK_IS_ROUTES_VIEW (self));
}

static void
tlk_routes_view_dispose (GObject *object)
{
  TlkRoutesView *self = (TlkRoutesView *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_routes_view_parent_class)->dispose (object);
}

static void
tlk_routes_view_class_init (TlkRoutesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_routes_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/routes/tlk-routes-view.ui");
}

static void
tlk_routes_view_init (TlkRoutesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
