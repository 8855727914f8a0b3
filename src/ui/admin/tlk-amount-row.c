/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-amount-row.h"

#include <glib/gi18n.h>

#include "tlk-terms.h"

struct _TlkAmountRow
{
  AdwActionRow parent_instance;

  GtkEntry    *entry;
};

G_DEFINE_FINAL_TYPE (TlkAmountRow, tlk_amount_row, ADW_TYPE_ACTION_ROW)

static void
clear_problem (TlkAmountRow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), "");
}

static void
on_entry_changed_cb (TlkAmountRow *self)
{
  clear_problem (self);
}

GtkWidget *
tlk_amount_row_new (const char *title)
{
  return g_object_new (TLK_TYPE_AMOUNT_ROW, "title", title, NULL);
}

void
tlk_amount_row_set_ore (TlkAmountRow *self,
                        gint64        ore)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TLK_IS_AMOUNT_ROW (self));

  text = tlk_ore_format (ore);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  clear_problem (self);
}

gboolean
tlk_amount_row_read (TlkAmountRow *self,
                     gint64       *ore)
{
  const char *text;
  g_autofree char *message = NULL;

  g_return_val_if_fail (TLK_IS_AMOUNT_ROW (self), FALSE);
  g_return_val_if_fail (ore != NULL, FALSE);

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (tlk_ore_parse (text, ore))
    return TRUE;
  message = *text == '\0' ? g_strdup (_("Write an amount in kroner, e.g. 450,00; 0 when it is free."))
                          : g_strdup_printf (_("“%s” is not an amount in kroner; write it like 450,00."), text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), message);
  gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  return FALSE;
}

gboolean
tlk_amount_row_has_problem (TlkAmountRow *self)
{
  g_return_val_if_fail (TLK_IS_AMOUNT_ROW (self), FALSE);
  return gtk_widget_has_css_class (GTK_WIDGET (self), "error");
}

GtkEditable *
tlk_amount_row_get_entry (TlkAmountRow *self)
{
  g_return_val_if_fail (TLK_IS_AMOUNT_ROW (self), NULL);
  return GTK_EDITABLE (self->entry);
}

static void
tlk_amount_row_class_init (TlkAmountRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/admin/tlk-amount-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkAmountRow, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
}

static void
tlk_amount_row_init (TlkAmountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The row's title names the field for a screen reader. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, self, NULL, -1);
}
