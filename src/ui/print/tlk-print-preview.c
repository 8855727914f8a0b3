/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-print-preview.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tlk-cairo.h"

/* Room around the page, in pixels. */
#define PAGE_MARGIN 24

struct _TlkPrintPreview
{
  AdwWindow          parent_instance;

  GtkPrintOperation *operation;
  GtkPrintContext   *context;
  /* The print context needs a cairo context between pages too. */
  cairo_t           *idle_cr;
  GArray            *pages;     /* of int: the page numbers shown */
  guint              page;
  gboolean           ready;
  gboolean           ended;
  /* While a page is drawn: the drawing area's context and size. */
  cairo_t           *target;
  int                target_width;
  int                target_height;

  AdwWindowTitle    *window_title;
  GtkDrawingArea    *page_area;
  GtkLabel          *page_label;
};

G_DEFINE_FINAL_TYPE (TlkPrintPreview, tlk_print_preview, ADW_TYPE_WINDOW)

enum
{
  PRINT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (TlkPrintPreview *self)
{
  guint n = self->pages->len;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.first-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.last-page", self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.print", self->ready && n > 0);
}

static void
show_page (TlkPrintPreview *self,
           guint            page)
{
  g_autofree char *text = NULL;

  if (self->pages->len == 0)
    return;
  self->page = MIN (page, self->pages->len - 1);
  text = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->pages->len);
  gtk_label_set_label (self->page_label, text);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

static void
on_ready_cb (GtkPrintOperationPreview *preview,
             GtkPrintContext          *context,
             TlkPrintPreview          *self)
{
  int n_pages = 0;

  g_object_get (self->operation, "n-pages", &n_pages, NULL);
  g_array_set_size (self->pages, 0);
  for (int i = 0; i < n_pages; i++)
    if (gtk_print_operation_preview_is_selected (preview, i))
      g_array_append_val (self->pages, i);
  self->ready = TRUE;
  show_page (self, 0);
}

/* Emitted before each page is drawn: fit the paper into the drawing area
 * and hand its context, scaled to the paper, to the print context. */
static void
on_got_page_size_cb (GtkPrintOperationPreview *preview,
                     GtkPrintContext          *context,
                     GtkPageSetup             *page_setup,
                     TlkPrintPreview          *self)
{
  double width = gtk_page_setup_get_paper_width (page_setup, GTK_UNIT_POINTS);
  double height = gtk_page_setup_get_paper_height (page_setup, GTK_UNIT_POINTS);
  double scale;
  double x, y;
  cairo_t *cr = self->target;

  if (cr == NULL || width <= 0 || height <= 0)
    return;

  scale = MIN ((self->target_width - 2.0 * PAGE_MARGIN) / width, (self->target_height - 2.0 * PAGE_MARGIN) / height);
  scale = MAX (scale, 0.01);
  x = floor ((self->target_width - width * scale) / 2);
  y = floor ((self->target_height - height * scale) / 2);

  /* A sheet of paper on the window: a soft shadow, then white. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x - 1, y - 1, width * scale + 2, height * scale + 3);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, width * scale, height * scale);
  cairo_fill_preserve (cr);
  cairo_clip (cr);

  cairo_translate (cr, x, y);
  gtk_print_context_set_cairo_context (context, cr, 72 * scale, 72 * scale);
}

/* Between pages the print context holds our own small context, never the
 * drawing area's, which ends with its frame. Setting a context scales it
 * to the operation's unit: start from the identity each time. */
static void
park_context (TlkPrintPreview *self)
{
  cairo_identity_matrix (self->idle_cr);
  gtk_print_context_set_cairo_context (self->context, self->idle_cr, 72, 72);
}

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  TlkPrintPreview *self = user_data;

  if (!self->ready || self->ended || self->pages->len == 0)
    return;

  self->target = cr;
  self->target_width = width;
  self->target_height = height;
  gtk_print_operation_preview_render_page (GTK_PRINT_OPERATION_PREVIEW (self->operation),
                                           g_array_index (self->pages, int, self->page));
  self->target = NULL;
  park_context (self);
}

static void
end_preview (TlkPrintPreview *self)
{
  if (self->ended || self->operation == NULL)
    return;
  self->ended = TRUE;
  gtk_print_operation_preview_end_preview (GTK_PRINT_OPERATION_PREVIEW (self->operation));
}

static void
page_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkPrintPreview *self = TLK_PRINT_PREVIEW (widget);

  if (g_str_equal (action_name, "preview.next-page"))
    show_page (self, self->page + 1);
  else if (g_str_equal (action_name, "preview.previous-page"))
    show_page (self, self->page > 0 ? self->page - 1 : 0);
  else if (g_str_equal (action_name, "preview.first-page"))
    show_page (self, 0);
  else
    show_page (self, G_MAXUINT);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TlkPrintPreview *self = TLK_PRINT_PREVIEW (widget);

  g_signal_emit (self, signals[PRINT], 0);
  gtk_window_close (GTK_WINDOW (self));
}

guint
tlk_print_preview_get_n_pages (TlkPrintPreview *self)
{
  g_return_val_if_fail (TLK_IS_PRINT_PREVIEW (self), 0);

  return self->ready ? self->pages->len : 0;
}

guint
tlk_print_preview_get_page (TlkPrintPreview *self)
{
  g_return_val_if_fail (TLK_IS_PRINT_PREVIEW (self), 0);

  return self->page;
}

static gboolean
tlk_print_preview_close_request (GtkWindow *window)
{
  end_preview (TLK_PRINT_PREVIEW (window));
  return GTK_WINDOW_CLASS (tlk_print_preview_parent_class)->close_request (window);
}

static void
tlk_print_preview_dispose (GObject *object)
{
  TlkPrintPreview *self = (TlkPrintPreview *) object;

  /* Destroyed with its parent: the operation must still hear the end. */
  end_preview (self);
  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_clear_object (&self->operation);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_print_preview_parent_class)->dispose (object);
}

static void
tlk_print_preview_finalize (GObject *object)
{
  TlkPrintPreview *self = (TlkPrintPreview *) object;

  g_clear_pointer (&self->idle_cr, cairo_destroy);
  g_array_unref (self->pages);

  G_OBJECT_CLASS (tlk_print_preview_parent_class)->finalize (object);
}

static void
tlk_print_preview_class_init (TlkPrintPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tlk_print_preview_dispose;
  object_class->finalize = tlk_print_preview_finalize;
  window_class->close_request = tlk_print_preview_close_request;

  /**
   * TlkPrintPreview::print:
   *
   * The user wants the previewed pages printed.
   */
  signals[PRINT] = g_signal_new ("print", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/print/tlk-print-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkPrintPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlkPrintPreview, page_area);
  gtk_widget_class_bind_template_child (widget_class, TlkPrintPreview, page_label);

  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, page_activated);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, page_activated);
  gtk_widget_class_install_action (widget_class, "preview.first-page", NULL, page_activated);
  gtk_widget_class_install_action (widget_class, "preview.last-page", NULL, page_activated);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "preview.first-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "preview.last-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tlk_print_preview_init (TlkPrintPreview *self)
{
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pages = g_array_new (FALSE, FALSE, sizeof (int));
  self->idle_cr = cairo_create (surface);
  gtk_drawing_area_set_draw_func (self->page_area, draw_page, self, NULL);
  update_actions (self);
}

GtkWidget *
tlk_print_preview_new (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       GtkWindow         *parent,
                       const char        *subtitle)
{
  TlkPrintPreview *self;

  g_return_val_if_fail (GTK_IS_PRINT_OPERATION (operation), NULL);
  g_return_val_if_fail (GTK_IS_PRINT_CONTEXT (context), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (TLK_TYPE_PRINT_PREVIEW, "transient-for", parent, NULL);
  self->operation = g_object_ref (operation);
  self->context = g_object_ref (context);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");

  /* GtkPrintOperation wants a cairo context on the print context before
   * the ::preview handler returns: it paginates with it. */
  park_context (self);
  g_signal_connect_object (operation, "ready", G_CALLBACK (on_ready_cb), self, 0);
  g_signal_connect_object (operation, "got-page-size", G_CALLBACK (on_got_page_size_cb), self, 0);
  return GTK_WIDGET (self);
}
