/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-text-cell.h"

struct _TlkTextCell
{
  GtkWidget parent_instance;

  char     *text;
  guint     min_chars;
  guint     nat_chars;
};

G_DEFINE_FINAL_TYPE (TlkTextCell, tlk_text_cell, GTK_TYPE_WIDGET)

/* What the cells of one font share. */
typedef struct
{
  PangoLayout *layout;      /* its context has the font; text set per cell */
  int          char_width;  /* Pango units: the wider of a letter and a digit */
  int          height;      /* pixels: one line */
} Face;

enum { FACE_TEXT, FACE_MONOSPACE, N_FACES };

static Face faces[N_FACES];
static GtkSettings *watched;

/* A font setting changed (the font, its size, hinting): the next measure
 * reads the font again; GTK measures every widget again after such a
 * change. */
static void
on_settings_notify_cb (GtkSettings *settings,
                       GParamSpec  *pspec,
                       gpointer     data)
{
  for (guint i = 0; i < N_FACES; i++)
    g_clear_object (&faces[i].layout);
}

static Face *
face_of (TlkTextCell *self)
{
  Face *face = &faces[gtk_widget_has_css_class (GTK_WIDGET (self), "monospace") ? FACE_MONOSPACE : FACE_TEXT];

  if (face->layout == NULL)
    {
      PangoContext *context = gtk_widget_create_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      face->layout = pango_layout_new (context);
      g_object_unref (context);
      pango_layout_set_ellipsize (face->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (face->layout, TRUE);
      face->char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                              pango_font_metrics_get_approximate_digit_width (metrics));
      face->height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                        pango_font_metrics_get_descent (metrics));
      pango_font_metrics_unref (metrics);
    }
  if (watched == NULL)
    {
      watched = gtk_widget_get_settings (GTK_WIDGET (self));
      g_signal_connect (watched, "notify", G_CALLBACK (on_settings_notify_cb), NULL);
    }
  return face;
}

static void
tlk_text_cell_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  TlkTextCell *self = TLK_TEXT_CELL (widget);
  Face *face = face_of (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (self->min_chars * face->char_width);
      *natural = MAX (*minimum, PANGO_PIXELS_CEIL (self->nat_chars * face->char_width));
    }
  else
    *minimum = *natural = face->height;
}

static void
tlk_text_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  TlkTextCell *self = TLK_TEXT_CELL (widget);
  Face *face;
  GdkRGBA color;
  int width = gtk_widget_get_width (widget);
  int height, y;

  if (self->text == NULL || *self->text == '\0' || width <= 0)
    return;
  face = face_of (self);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  pango_layout_set_text (face->layout, self->text, -1);
  pango_layout_set_width (face->layout, width * PANGO_SCALE);
  pango_layout_get_pixel_size (face->layout, NULL, &height);
  y = (gtk_widget_get_height (widget) - height) / 2;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, gtk_widget_get_height (widget)));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, face->layout, &color);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
tlk_text_cell_finalize (GObject *object)
{
  TlkTextCell *self = (TlkTextCell *) object;

  g_free (self->text);

  G_OBJECT_CLASS (tlk_text_cell_parent_class)->finalize (object);
}

static void
tlk_text_cell_class_init (TlkTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tlk_text_cell_finalize;
  widget_class->measure = tlk_text_cell_measure;
  widget_class->snapshot = tlk_text_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
tlk_text_cell_init (TlkTextCell *self)
{
}

GtkWidget *
tlk_text_cell_new (guint min_chars,
                   guint nat_chars)
{
  TlkTextCell *self = g_object_new (TLK_TYPE_TEXT_CELL, NULL);

  self->min_chars = min_chars;
  self->nat_chars = nat_chars;
  return GTK_WIDGET (self);
}

void
tlk_text_cell_set_text (TlkTextCell *self,
                        const char  *text)
{
  g_return_if_fail (TLK_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  /* Its size does not depend on its text: no new layout of the list. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

const char *
tlk_text_cell_get_text (TlkTextCell *self)
{
  g_return_val_if_fail (TLK_IS_TEXT_CELL (self), NULL);
  return self->text;
}
