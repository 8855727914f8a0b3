/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-label-options.h"

#include <glib/gi18n.h>

struct _TlkLabelOptions
{
  GtkBox          parent_instance;

  GtkDropDown    *stock_dropdown;
  GtkSpinButton  *start_spin;
  GtkWidget      *start_label;
  GtkWidget      *start_hint;
};

G_DEFINE_FINAL_TYPE (TlkLabelOptions, tlk_label_options, GTK_TYPE_BOX)

const TlkLabelTemplate *
tlk_label_options_get_template (TlkLabelOptions *self)
{
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);
  guint selected;

  g_return_val_if_fail (TLK_IS_LABEL_OPTIONS (self), NULL);

  selected = gtk_drop_down_get_selected (self->stock_dropdown);
  return &templates[MIN (selected, n_templates - 1)];
}

guint
tlk_label_options_get_start (TlkLabelOptions *self)
{
  g_return_val_if_fail (TLK_IS_LABEL_OPTIONS (self), 0);

  if (!tlk_label_template_is_sheet (tlk_label_options_get_template (self)))
    return 0;
  return (guint) gtk_spin_button_get_value_as_int (self->start_spin) - 1;
}

/* Positions exist on sheets only, and only as many as the sheet has. */
static void
on_stock_dropdown_selected_cb (TlkLabelOptions *self)
{
  const TlkLabelTemplate *tmpl = tlk_label_options_get_template (self);
  gboolean sheet = tlk_label_template_is_sheet (tmpl);

  gtk_spin_button_set_range (self->start_spin, 1, MAX (1, tlk_label_template_per_page (tmpl)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_spin), sheet);
  gtk_widget_set_sensitive (self->start_label, sheet);
  gtk_widget_set_sensitive (self->start_hint, sheet);
}

static void
tlk_label_options_class_init (TlkLabelOptionsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/print/tlk-label-options.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkLabelOptions, stock_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlkLabelOptions, start_spin);
  gtk_widget_class_bind_template_child (widget_class, TlkLabelOptions, start_label);
  gtk_widget_class_bind_template_child (widget_class, TlkLabelOptions, start_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_stock_dropdown_selected_cb);
}

static void
tlk_label_options_init (TlkLabelOptions *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < n_templates; i++)
    gtk_string_list_append (names, _(templates[i].description));
  gtk_drop_down_set_model (self->stock_dropdown, G_LIST_MODEL (names));
}

GtkWidget *
tlk_label_options_new (const TlkLabelTemplate *tmpl,
                       guint                   start)
{
  TlkLabelOptions *self;
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);

  g_return_val_if_fail (tmpl != NULL, NULL);

  self = g_object_new (TLK_TYPE_LABEL_OPTIONS, NULL);
  for (guint i = 0; i < n_templates; i++)
    if (&templates[i] == tmpl)
      gtk_drop_down_set_selected (self->stock_dropdown, i);
  on_stock_dropdown_selected_cb (self);
  gtk_spin_button_set_value (self->start_spin, start + 1);
  return GTK_WIDGET (self);
}
