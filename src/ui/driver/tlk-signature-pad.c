/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-signature-pad.h"

#include <glib/gi18n.h>

#include "tlk-route.h"

/* The longest point in the path data: " L1000 400". */
#define POINT_CHARS 10

struct _TlkSignaturePad
{
  AdwBin          parent_instance;

  GPtrArray      *strokes;    /* of GArray of graphene_point_t, in box units */
  double          start_x;    /* where the drag began, in widget pixels */
  double          start_y;
  gsize           path_chars; /* the path data's length, at most */
  gboolean        drawing;

  GtkDrawingArea *area;
  GtkLabel       *hint_label;
};

G_DEFINE_FINAL_TYPE (TlkSignaturePad, tlk_signature_pad, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_empty (TlkSignaturePad *self,
           gboolean         was_empty)
{
  gboolean empty = self->strokes->len == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signature.clear", !empty);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  if (empty != was_empty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

/* Widget pixels to the box, kept inside it. */
static graphene_point_t
to_box (TlkSignaturePad *self,
        double           x,
        double           y)
{
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self->area)), 1);
  int height = MAX (gtk_widget_get_height (GTK_WIDGET (self->area)), 1);

  return GRAPHENE_POINT_INIT (CLAMP (x * TLK_SIGNATURE_WIDTH / width, 0, TLK_SIGNATURE_WIDTH),
                              CLAMP (y * TLK_SIGNATURE_HEIGHT / height, 0, TLK_SIGNATURE_HEIGHT));
}

static void
add_point (TlkSignaturePad *self,
           double           x,
           double           y)
{
  GArray *stroke;
  graphene_point_t p = to_box (self, x, y);

  if (!self->drawing || self->strokes->len == 0)
    return;
  stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  if (stroke->len > 0)
    {
      const graphene_point_t *last = &g_array_index (stroke, graphene_point_t, stroke->len - 1);

      /* The path holds whole units: nearer points add nothing. */
      if (ABS (p.x - last->x) < 1.5 && ABS (p.y - last->y) < 1.5)
        return;
    }
  /* A proof has room for 64 KiB of path; a signature that long is a
   * scribble, and what is drawn past it is not kept. */
  if (self->path_chars + POINT_CHARS > TLK_PROOF_MAX_SIGNATURE)
    return;
  g_array_append_val (stroke, p);
  self->path_chars += POINT_CHARS;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
on_drag_begin_cb (TlkSignaturePad *self,
                  double           x,
                  double           y)
{
  gboolean was_empty = self->strokes->len == 0;

  if (self->path_chars + 2 * POINT_CHARS > TLK_PROOF_MAX_SIGNATURE)
    return;
  self->start_x = x;
  self->start_y = y;
  self->drawing = TRUE;
  g_ptr_array_add (self->strokes, g_array_new (FALSE, FALSE, sizeof (graphene_point_t)));
  add_point (self, x, y);
  set_empty (self, was_empty);
}

static void
on_drag_update_cb (TlkSignaturePad *self,
                   double           dx,
                   double           dy)
{
  add_point (self, self->start_x + dx, self->start_y + dy);
}

static void
on_drag_end_cb (TlkSignaturePad *self,
                double           dx,
                double           dy)
{
  add_point (self, self->start_x + dx, self->start_y + dy);
  self->drawing = FALSE;
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  TlkSignaturePad *self = user_data;
  double sx = (double) width / TLK_SIGNATURE_WIDTH;
  double sy = (double) height / TLK_SIGNATURE_HEIGHT;
  double baseline = height * 0.75;
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);

  /* A line to sign on, with a cross at its start, as on paper. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, width * 0.05, baseline + 0.5);
  cairo_line_to (cr, width * 0.95, baseline + 0.5);
  cairo_move_to (cr, width * 0.05, baseline - 14);
  cairo_line_to (cr, width * 0.05 + 10, baseline - 4);
  cairo_move_to (cr, width * 0.05 + 10, baseline - 14);
  cairo_line_to (cr, width * 0.05, baseline - 4);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, MAX (2.0, width / 300.0));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          const graphene_point_t *p = &g_array_index (stroke, graphene_point_t, j);

          /* A stroke of one point is a dot: the round cap draws it. */
          if (j == 0)
            cairo_move_to (cr, p->x * sx, p->y * sy);
          cairo_line_to (cr, p->x * sx, p->y * sy);
        }
      cairo_stroke (cr);
    }
}

gboolean
tlk_signature_pad_get_empty (TlkSignaturePad *self)
{
  g_return_val_if_fail (TLK_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

void
tlk_signature_pad_clear (TlkSignaturePad *self)
{
  gboolean was_empty;

  g_return_if_fail (TLK_IS_SIGNATURE_PAD (self));

  was_empty = self->strokes->len == 0;
  g_ptr_array_set_size (self->strokes, 0);
  self->path_chars = 0;
  self->drawing = FALSE;
  set_empty (self, was_empty);
}

char *
tlk_signature_pad_dup_path (TlkSignaturePad *self)
{
  GString *path;

  g_return_val_if_fail (TLK_IS_SIGNATURE_PAD (self), NULL);

  if (self->strokes->len == 0)
    return NULL;
  path = g_string_sized_new (self->path_chars + 2 * POINT_CHARS * self->strokes->len);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          const graphene_point_t *p = &g_array_index (stroke, graphene_point_t, j);

          g_string_append_printf (path, "%s%c%d %d", path->len > 0 ? " " : "", j == 0 ? 'M' : 'L',
                                  (int) (p->x + 0.5), (int) (p->y + 0.5));
          /* A dot still needs a line to be seen. */
          if (stroke->len == 1)
            g_string_append_printf (path, " L%d %d", (int) (p->x + 0.5), (int) (p->y + 0.5));
        }
    }
  return g_string_free (path, FALSE);
}

static void
clear_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  tlk_signature_pad_clear (TLK_SIGNATURE_PAD (widget));
  gtk_widget_grab_focus (GTK_WIDGET (TLK_SIGNATURE_PAD (widget)->area));
}

static void
tlk_signature_pad_finalize (GObject *object)
{
  TlkSignaturePad *self = (TlkSignaturePad *) object;

  g_ptr_array_unref (self->strokes);

  G_OBJECT_CLASS (tlk_signature_pad_parent_class)->finalize (object);
}

static void
tlk_signature_pad_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TlkSignaturePad *self = TLK_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, self->strokes->len == 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_signature_pad_class_init (TlkSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tlk_signature_pad_finalize;
  object_class->get_property = tlk_signature_pad_get_property;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/driver/tlk-signature-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkSignaturePad, area);
  gtk_widget_class_bind_template_child (widget_class, TlkSignaturePad, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_end_cb);

  gtk_widget_class_install_action (widget_class, "signature.clear", NULL, clear_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "signature.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "signature.clear", NULL);
}

static void
tlk_signature_pad_init (TlkSignaturePad *self)
{
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signature.clear", FALSE);
}

GtkWidget *
tlk_signature_pad_new (void)
{
  return g_object_new (TLK_TYPE_SIGNATURE_PAD, NULL);
}
