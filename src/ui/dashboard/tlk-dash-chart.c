/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-dash-chart.h"

#include <glib/gi18n.h>
#include <math.h>

typedef enum
{
  KIND_LINES,
  KIND_STACKED_BARS,
  KIND_GROUPED_BARS,
} Kind;

static const char *const kind_names[] = { "lines", "stacked-bars", "grouped-bars", NULL };

typedef struct
{
  char   *name;
  double *values;      /* one a category */
  GStrv   texts;       /* may be NULL */
  double  threshold;   /* NAN: none */
} Series;

struct _TlkDashChart
{
  GtkDrawingArea parent_instance;

  Kind        kind;
  gboolean    percent;
  GStrv       categories;
  guint       n_categories;
  GPtrArray  *series;   /* of Series */
};

G_DEFINE_FINAL_TYPE (TlkDashChart, tlk_dash_chart, GTK_TYPE_DRAWING_AREA)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_PERCENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PAD        8.0
#define SWATCH     12.0
#define LEGEND_GAP 18.0

static void
series_free (Series *s)
{
  g_free (s->name);
  g_free (s->values);
  g_strfreev (s->texts);
  g_free (s);
}

/* ---- colours and words ---------------------------------------------------- */

/* The series colours: libadwaita's palette, lighter shades on a dark
 * background, the accent first. */
static void
series_color (TlkDashChart *self,
              guint         index,
              GdkRGBA      *out)
{
  static const char *const light[] = { "accent_color", "green_5", "orange_4", "purple_3",
                                       "brown_3", "yellow_5", "blue_5", "red_3" };
  static const char *const dark[] = { "accent_color", "green_3", "orange_2", "purple_1",
                                      "brown_1", "yellow_3", "blue_1", "red_1" };
  gboolean is_dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (style, (is_dark ? dark : light)[index % G_N_ELEMENTS (light)], out))
    gdk_rgba_parse (out, "#3584e4");
}

static void
fg_color (TlkDashChart *self,
          double        alpha,
          GdkRGBA      *out)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), out);
  out->alpha *= alpha;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static char *
format_value (TlkDashChart *self,
              double        value)
{
  if (self->percent)
    /* Translators: a percentage; Danish writes a space before % too. */
    return g_strdup_printf (_("%d %%"), (int) round (value));
  return g_strdup_printf ("%d", (int) round (value));
}

/* A layout in the widget's font, smaller for axes. */
static PangoLayout *
make_layout (TlkDashChart *self,
             const char   *text,
             gboolean      small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoContext *context = pango_layout_get_context (layout);
      g_autoptr(PangoFontDescription) font = pango_font_description_copy (pango_context_get_font_description (context));

      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, pango_font_description_get_size (font) * 0.9);
      else
        pango_font_description_set_size (font, pango_font_description_get_size (font) * 9 / 10);
      pango_layout_set_font_description (layout, font);
    }
  return layout;
}

static void
text_size (TlkDashChart *self,
           const char   *text,
           int          *width,
           int          *height)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);

  pango_layout_get_pixel_size (layout, width, height);
}

/* Draws @text with its top-left, top-centre (@align 0.5) or top-right
 * (@align 1) at @x, @y. */
static void
draw_text (TlkDashChart  *self,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         align,
           const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  set_source (cr, color, 1.0);
  cairo_move_to (cr, round (x - align * w), round (y));
  pango_cairo_show_layout (cr, layout);
}

/* ---- scales ---------------------------------------------------------------- */

/* A round step for about @ticks lines up to @max. */
static double
nice_step (double max,
           int    ticks)
{
  double raw = MAX (max, 1.0) / ticks;
  double magnitude = pow (10, floor (log10 (raw)));
  double r = raw / magnitude;
  double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;

  return MAX (step, 1.0);
}

static double
max_value (TlkDashChart *self,
           gboolean      stacked)
{
  double max = 0;

  if (self->percent)
    return 100;
  for (guint c = 0; c < self->n_categories; c++)
    {
      double sum = 0;

      for (guint i = 0; i < self->series->len; i++)
        {
          Series *s = g_ptr_array_index (self->series, i);

          if (isnan (s->values[c]))
            continue;
          sum = stacked ? sum + s->values[c] : MAX (sum, s->values[c]);
        }
      max = MAX (max, sum);
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      if (!isnan (s->threshold))
        max = MAX (max, s->threshold);
    }
  return max;
}

/* ---- the legend ------------------------------------------------------------ */

/* Draws the legend across the top (when @cr is not NULL); returns its
 * height. */
static double
legend (TlkDashChart *self,
        cairo_t      *cr,
        double        width)
{
  GdkRGBA fg;
  double x = 0, y = 0;
  int line_h = 0;

  if (self->series->len < 2 && self->kind != KIND_LINES)
    return 0;
  fg_color (self, 0.8, &fg);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      int w, h;
      double item;

      text_size (self, s->name, &w, &h);
      item = SWATCH + 6 + w;
      line_h = MAX (line_h, h);
      if (x > 0 && x + item > width)
        {
          x = 0;
          y += line_h + 4;
        }
      if (cr != NULL)
        {
          GdkRGBA color;

          series_color (self, i, &color);
          set_source (cr, &color, 1.0);
          if (self->kind == KIND_LINES)
            cairo_rectangle (cr, x, y + h / 2.0 - 1.5, SWATCH, 3);
          else
            cairo_rectangle (cr, x, y + (h - SWATCH) / 2.0, SWATCH, SWATCH);
          cairo_fill (cr);
          draw_text (self, cr, s->name, x + SWATCH + 6, y, 0, &fg);
        }
      x += item + LEGEND_GAP;
    }
  return self->series->len > 0 ? y + line_h + PAD : 0;
}

/* ---- value axis ------------------------------------------------------------ */

typedef struct
{
  double left, top, right, bottom;   /* the plot area */
  double max, step;
} Plot;

static double
plot_y (const Plot *p,
        double      value)
{
  return p->bottom - (p->bottom - p->top) * value / p->max;
}

/* Horizontal grid lines with their values at the left. */
static void
draw_value_axis (TlkDashChart *self,
                 cairo_t      *cr,
                 const Plot   *p)
{
  GdkRGBA grid, label;

  fg_color (self, 0.12, &grid);
  fg_color (self, 0.65, &label);
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= p->max + 0.001; v += p->step)
    {
      double y = round (plot_y (p, v)) + 0.5;
      g_autofree char *text = format_value (self, v);
      int w, h;

      set_source (cr, &grid, 1.0);
      cairo_move_to (cr, p->left, y);
      cairo_line_to (cr, p->right, y);
      cairo_stroke (cr);
      text_size (self, text, &w, &h);
      draw_text (self, cr, text, p->left - 6, y - h / 2.0, 1.0, &label);
    }
}

/* The plot area under a legend, with room for value labels at the left
 * and category labels below. */
static Plot
plot_area (TlkDashChart *self,
           double        legend_h,
           int           width,
           int           height,
           gboolean      stacked)
{
  Plot p;
  g_autofree char *widest = NULL;
  int w, h;

  p.max = max_value (self, stacked);
  p.step = self->percent ? 25 : nice_step (p.max, 4);
  p.max = MAX (p.step, ceil (p.max / p.step) * p.step);
  widest = format_value (self, p.max);
  text_size (self, widest, &w, &h);
  p.left = w + 10;
  p.right = width - PAD;
  p.top = legend_h + h / 2.0 + 2;
  p.bottom = height - h - 8;
  return p;
}

/* Category labels under the plot, as many as fit. */
static void
draw_category_axis (TlkDashChart *self,
                    cairo_t      *cr,
                    const Plot   *p,
                    double        first_x,
                    double        dx)
{
  GdkRGBA label;
  int widest = 0;
  guint stride;

  fg_color (self, 0.65, &label);
  for (guint c = 0; c < self->n_categories; c++)
    {
      int w, h;
      text_size (self, self->categories[c], &w, &h);
      widest = MAX (widest, w);
    }
  stride = dx > 0 ? (guint) MAX (1.0, ceil ((widest + 10) / dx)) : 1;
  for (guint c = 0; c < self->n_categories; c++)
    {
      /* Counted from the last, the newest: it always has its label. */
      if ((self->n_categories - 1 - c) % stride != 0)
        continue;
      draw_text (self, cr, self->categories[c], first_x + c * dx, p->bottom + 6, 0.5, &label);
    }
}

/* ---- the kinds ------------------------------------------------------------- */

static void
draw_lines (TlkDashChart *self,
            cairo_t      *cr,
            int           width,
            int           height)
{
  double legend_h = legend (self, NULL, width);
  Plot p = plot_area (self, legend_h, width, height, FALSE);
  double dx;
  int w, h;

  /* Room for the first and last labels. */
  text_size (self, self->categories[0], &w, &h);
  p.left = MAX (p.left, w / 2.0 + 6);
  text_size (self, self->categories[self->n_categories - 1], &w, &h);
  p.right = width - MAX (PAD, w / 2.0 + 6);
  dx = self->n_categories > 1 ? (p.right - p.left) / (self->n_categories - 1) : 0;

  legend (self, cr, width);
  draw_value_axis (self, cr, &p);
  draw_category_axis (self, cr, &p, p.left, dx);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);
      GdkRGBA color;
      gboolean drawing = FALSE;

      series_color (self, i, &color);
      if (!isnan (s->threshold))
        {
          static const double dashes[] = { 6, 4 };

          set_source (cr, &color, 0.85);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, dashes, 2, i * 2.0);
          cairo_move_to (cr, p.left, round (plot_y (&p, s->threshold)) + 0.5);
          cairo_line_to (cr, p.right, round (plot_y (&p, s->threshold)) + 0.5);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      set_source (cr, &color, 1.0);
      cairo_set_line_width (cr, 2.5);
      for (guint c = 0; c < self->n_categories; c++)
        {
          if (isnan (s->values[c]))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, p.left + c * dx, plot_y (&p, s->values[c]));
          else
            cairo_move_to (cr, p.left + c * dx, plot_y (&p, s->values[c]));
          drawing = TRUE;
        }
      cairo_stroke (cr);
      for (guint c = 0; c < self->n_categories; c++)
        if (!isnan (s->values[c]))
          {
            cairo_arc (cr, p.left + c * dx, plot_y (&p, s->values[c]), 3.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
    }
}

static void
draw_stacked_bars (TlkDashChart *self,
                   cairo_t      *cr,
                   int           width,
                   int           height)
{
  double legend_h = legend (self, cr, width);
  GdkRGBA fg, track;
  double max = max_value (self, TRUE);
  int label_w = 0, total_w = 0, line_h = 0;
  double left, right, row_h, bar_h;

  fg_color (self, 0.8, &fg);
  fg_color (self, 0.07, &track);
  {
    g_autofree char *widest = format_value (self, max);
    text_size (self, widest, &total_w, &line_h);
  }
  for (guint c = 0; c < self->n_categories; c++)
    {
      int w, h;
      text_size (self, self->categories[c], &w, &h);
      label_w = MAX (label_w, w);
    }
  left = MIN (label_w, width * 0.4) + 12;
  right = width - total_w - 12;
  row_h = (height - legend_h) / MAX (self->n_categories, 1);
  bar_h = MIN (22.0, row_h * 0.62);
  if (right <= left)
    return;

  for (guint c = 0; c < self->n_categories; c++)
    {
      double y = legend_h + c * row_h + (row_h - bar_h) / 2;
      double x = left;
      double total = 0;
      g_autofree char *text = NULL;

      draw_text (self, cr, self->categories[c], 0, y + (bar_h - line_h) / 2, 0, &fg);
      set_source (cr, &track, 1.0);
      cairo_rectangle (cr, left, y, right - left, bar_h);
      cairo_fill (cr);
      for (guint i = 0; i < self->series->len; i++)
        {
          Series *s = g_ptr_array_index (self->series, i);
          GdkRGBA color;
          double w;

          if (isnan (s->values[c]) || s->values[c] <= 0 || max <= 0)
            continue;
          w = (right - left) * s->values[c] / max;
          series_color (self, i, &color);
          set_source (cr, &color, 1.0);
          /* A hairline between segments keeps them apart. */
          cairo_rectangle (cr, x, y, MAX (1.0, w - (w > 3 ? 1 : 0)), bar_h);
          cairo_fill (cr);
          x += w;
          total += s->values[c];
        }
      text = format_value (self, total);
      draw_text (self, cr, text, x + 6, y + (bar_h - line_h) / 2, 0, &fg);
    }
}

static void
draw_grouped_bars (TlkDashChart *self,
                   cairo_t      *cr,
                   int           width,
                   int           height)
{
  double legend_h = legend (self, cr, width);
  Plot p = plot_area (self, legend_h, width, height, FALSE);
  double group_w = (p.right - p.left) / MAX (self->n_categories, 1);
  double bar_w = group_w * 0.72 / MAX (self->series->len, 1);

  draw_value_axis (self, cr, &p);
  draw_category_axis (self, cr, &p, p.left + group_w / 2, group_w);
  for (guint c = 0; c < self->n_categories; c++)
    for (guint i = 0; i < self->series->len; i++)
      {
        Series *s = g_ptr_array_index (self->series, i);
        double x = p.left + c * group_w + group_w * 0.14 + i * bar_w;
        double y;
        GdkRGBA color;

        if (isnan (s->values[c]))
          continue;
        y = plot_y (&p, s->values[c]);
        series_color (self, i, &color);
        set_source (cr, &color, 1.0);
        /* A sliver at zero: done, none on time — not the same as none done. */
        cairo_rectangle (cr, x + 1, MIN (y, p.bottom - 2), MAX (1.0, bar_w - 2), MAX (2.0, p.bottom - y));
        cairo_fill (cr);
      }
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  TlkDashChart *self = TLK_DASH_CHART (area);

  if (self->n_categories == 0 || self->series->len == 0 || width < 40 || height < 40)
    return;
  switch (self->kind)
    {
    case KIND_LINES:
      draw_lines (self, cr, width, height);
      break;
    case KIND_STACKED_BARS:
      draw_stacked_bars (self, cr, width, height);
      break;
    case KIND_GROUPED_BARS:
      draw_grouped_bars (self, cr, width, height);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- public ---------------------------------------------------------------- */

void
tlk_dash_chart_set_categories (TlkDashChart       *self,
                               const char * const *labels)
{
  g_return_if_fail (TLK_IS_DASH_CHART (self));
  g_return_if_fail (labels != NULL);

  tlk_dash_chart_clear_series (self);
  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **) labels);
  self->n_categories = g_strv_length (self->categories);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tlk_dash_chart_clear_series (TlkDashChart *self)
{
  g_return_if_fail (TLK_IS_DASH_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tlk_dash_chart_add_series (TlkDashChart       *self,
                           const char         *name,
                           const double       *values,
                           const char * const *texts,
                           double              threshold)
{
  Series *s;

  g_return_if_fail (TLK_IS_DASH_CHART (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (values != NULL || self->n_categories == 0);
  g_return_if_fail (texts == NULL || g_strv_length ((char **) texts) == self->n_categories);

  s = g_new0 (Series, 1);
  s->name = g_strdup (name);
  s->values = g_memdup2 (values, sizeof (double) * self->n_categories);
  s->texts = texts ? g_strdupv ((char **) texts) : NULL;
  s->threshold = threshold;
  g_ptr_array_add (self->series, s);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tlk_dash_chart_set_summary (TlkDashChart *self,
                            const char   *summary)
{
  g_return_if_fail (TLK_IS_DASH_CHART (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}

guint
tlk_dash_chart_get_n_series (TlkDashChart *self)
{
  g_return_val_if_fail (TLK_IS_DASH_CHART (self), 0);
  return self->series->len;
}

static GtkWidget *
cell (const char *text,
      float       xalign,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  return label;
}

void
tlk_dash_chart_fill_table (TlkDashChart *self,
                           GtkGrid      *grid,
                           const char   *corner,
                           const char   *threshold_label)
{
  GtkWidget *child;
  gboolean any_threshold = FALSE;

  g_return_if_fail (TLK_IS_DASH_CHART (self));
  g_return_if_fail (GTK_IS_GRID (grid));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
  gtk_grid_attach (grid, cell (corner, 0, TRUE), 0, 0, 1, 1);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = g_ptr_array_index (self->series, i);

      gtk_grid_attach (grid, cell (s->name, 1, TRUE), i + 1, 0, 1, 1);
      any_threshold |= !isnan (s->threshold);
    }
  for (guint c = 0; c < self->n_categories; c++)
    {
      gtk_grid_attach (grid, cell (self->categories[c], 0, FALSE), 0, c + 1, 1, 1);
      for (guint i = 0; i < self->series->len; i++)
        {
          Series *s = g_ptr_array_index (self->series, i);
          g_autofree char *text = s->texts ? g_strdup (s->texts[c])
                                  : isnan (s->values[c]) ? g_strdup ("–")
                                                         : format_value (self, s->values[c]);

          gtk_grid_attach (grid, cell (text, 1, FALSE), i + 1, c + 1, 1, 1);
        }
    }
  if (threshold_label != NULL && any_threshold)
    {
      gtk_grid_attach (grid, cell (threshold_label, 0, TRUE), 0, self->n_categories + 1, 1, 1);
      for (guint i = 0; i < self->series->len; i++)
        {
          Series *s = g_ptr_array_index (self->series, i);
          g_autofree char *text = isnan (s->threshold) ? g_strdup ("–") : format_value (self, s->threshold);

          gtk_grid_attach (grid, cell (text, 1, FALSE), i + 1, self->n_categories + 1, 1, 1);
        }
    }
}

/* ---- the object ------------------------------------------------------------ */

static void
tlk_dash_chart_finalize (GObject *object)
{
  TlkDashChart *self = (TlkDashChart *) object;

  g_strfreev (self->categories);
  g_ptr_array_unref (self->series);

  G_OBJECT_CLASS (tlk_dash_chart_parent_class)->finalize (object);
}

static void
tlk_dash_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlkDashChart *self = TLK_DASH_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, kind_names[self->kind]);
      break;
    case PROP_PERCENT:
      g_value_set_boolean (value, self->percent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_dash_chart_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TlkDashChart *self = TLK_DASH_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      {
        const char *name = g_value_get_string (value);

        self->kind = KIND_LINES;
        for (guint k = 0; kind_names[k] != NULL; k++)
          if (g_strcmp0 (name, kind_names[k]) == 0)
            self->kind = k;
      }
      break;
    case PROP_PERCENT:
      self->percent = g_value_get_boolean (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_dash_chart_class_init (TlkDashChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tlk_dash_chart_finalize;
  object_class->get_property = tlk_dash_chart_get_property;
  object_class->set_property = tlk_dash_chart_set_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "lines",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERCENT] =
    g_param_spec_boolean ("percent", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tlk_dash_chart_init (TlkDashChart *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->categories = g_new0 (char *, 1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  /* The palette changes with the colour scheme. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
}
