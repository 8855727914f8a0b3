/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-print-progress.h"

#include <glib/gi18n.h>

struct _TlkPrintProgress
{
  AdwMessageDialog  parent_instance;

  GtkProgressBar   *progress_bar;
};

G_DEFINE_FINAL_TYPE (TlkPrintProgress, tlk_print_progress, ADW_TYPE_MESSAGE_DIALOG)

void
tlk_print_progress_set_pages (TlkPrintProgress *self,
                              guint             done,
                              guint             total)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TLK_IS_PRINT_PROGRESS (self));
  g_return_if_fail (total > 0 && done <= total);

  text = g_strdup_printf (_("Page %u of %u"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

double
tlk_print_progress_get_fraction (TlkPrintProgress *self)
{
  g_return_val_if_fail (TLK_IS_PRINT_PROGRESS (self), 0);

  return gtk_progress_bar_get_fraction (self->progress_bar);
}

static void
tlk_print_progress_class_init (TlkPrintProgressClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/print/tlk-print-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkPrintProgress, progress_bar);
}

static void
tlk_print_progress_init (TlkPrintProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tlk_print_progress_new (GtkWindow *parent)
{
  return g_object_new (TLK_TYPE_PRINT_PROGRESS, "transient-for", parent, NULL);
}
