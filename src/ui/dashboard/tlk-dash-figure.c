/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-dash-figure.h"

#include <glib/gi18n.h>

struct _TlkDashFigure
{
  GtkButton  parent_instance;

  int        value;     /* -1: not read yet */
  char      *title;
  char      *detail;
  char      *level;

  GtkLabel  *value_label;
  GtkImage  *level_icon;
  GtkLabel  *title_label;
  GtkLabel  *detail_label;
};

G_DEFINE_FINAL_TYPE (TlkDashFigure, tlk_dash_figure, GTK_TYPE_BUTTON)

enum
{
  PROP_0,
  PROP_VALUE,
  PROP_TITLE,
  PROP_DETAIL,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a screen reader says: the card's words in one. */
static void
update_accessible (TlkDashFigure *self)
{
  g_autofree char *value = self->value < 0 ? g_strdup ("–") : g_strdup_printf ("%d", self->value);
  /* Translators: a dashboard figure read aloud: what it counts, the number */
  g_autofree char *label = g_strdup_printf (_("%s: %s"), self->title ? self->title : "", value);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->detail ? self->detail : "", -1);
}

void
tlk_dash_figure_set_value (TlkDashFigure *self,
                           int            value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TLK_IS_DASH_FIGURE (self));

  if (self->value == value)
    return;
  self->value = value;
  text = value < 0 ? g_strdup ("–") : g_strdup_printf ("%d", value);
  gtk_label_set_label (self->value_label, text);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

int
tlk_dash_figure_get_value (TlkDashFigure *self)
{
  g_return_val_if_fail (TLK_IS_DASH_FIGURE (self), -1);
  return self->value;
}

void
tlk_dash_figure_set_title (TlkDashFigure *self,
                           const char    *title)
{
  g_return_if_fail (TLK_IS_DASH_FIGURE (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_label (self->title_label, title);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
tlk_dash_figure_set_detail (TlkDashFigure *self,
                            const char    *detail)
{
  g_return_if_fail (TLK_IS_DASH_FIGURE (self));

  if (g_strcmp0 (self->detail, detail) == 0)
    return;
  g_free (self->detail);
  self->detail = g_strdup (detail);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

void
tlk_dash_figure_set_level (TlkDashFigure *self,
                           const char    *level)
{
  g_return_if_fail (TLK_IS_DASH_FIGURE (self));

  if (level == NULL)
    level = "";
  if (g_strcmp0 (self->level, level) == 0)
    return;
  if (self->level != NULL && *self->level != '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->level);
  g_free (self->level);
  self->level = g_strdup (level);
  if (*level != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self), level);
  gtk_widget_set_visible (GTK_WIDGET (self->level_icon), *level != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
tlk_dash_figure_finalize (GObject *object)
{
  TlkDashFigure *self = (TlkDashFigure *) object;

  g_free (self->title);
  g_free (self->detail);
  g_free (self->level);

  G_OBJECT_CLASS (tlk_dash_figure_parent_class)->finalize (object);
}

static void
tlk_dash_figure_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlkDashFigure *self = TLK_DASH_FIGURE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_int (value, self->value);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_LEVEL:
      g_value_set_string (value, self->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_dash_figure_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TlkDashFigure *self = TLK_DASH_FIGURE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      tlk_dash_figure_set_value (self, g_value_get_int (value));
      break;
    case PROP_TITLE:
      tlk_dash_figure_set_title (self, g_value_get_string (value));
      break;
    case PROP_DETAIL:
      tlk_dash_figure_set_detail (self, g_value_get_string (value));
      break;
    case PROP_LEVEL:
      tlk_dash_figure_set_level (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_dash_figure_class_init (TlkDashFigureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tlk_dash_figure_finalize;
  object_class->get_property = tlk_dash_figure_get_property;
  object_class->set_property = tlk_dash_figure_set_property;

  properties[PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/dashboard/tlk-dash-figure.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkDashFigure, value_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDashFigure, level_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkDashFigure, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDashFigure, detail_label);
}

static void
tlk_dash_figure_init (TlkDashFigure *self)
{
  self->value = -1;
  self->level = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
}
