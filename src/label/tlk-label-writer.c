/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-label"

#include "config.h"

#include "tlk-label-writer.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tlk-code.h"
#include "tlk-label-private.h"

G_DEFINE_QUARK (tlk-label-error-quark, tlk_label_error)

#define MM_TO_PT (72.0 / 25.4)

/* ---- shared --------------------------------------------------------------- */

guint
tlk_label_count_pages (const TlkLabelTemplate *tmpl,
                       guint                   n_labels,
                       guint                   start)
{
  guint per_page;

  g_return_val_if_fail (tmpl != NULL, 0);

  per_page = tlk_label_template_per_page (tmpl);
  if (n_labels == 0)
    return 0;
  return (start + n_labels + per_page - 1) / per_page;
}

gboolean
tlk_label_check_start (const TlkLabelTemplate *tmpl,
                       guint                   start,
                       GError                **error)
{
  guint per_page;

  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  per_page = tlk_label_template_per_page (tmpl);

  if (start == 0)
    return TRUE;
  if (!tlk_label_template_is_sheet (tmpl))
    {
      g_set_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_START,
                   _("A start position is for sheets of labels; %s prints one label at a time."), tmpl->name);
      return FALSE;
    }
  if (start >= per_page)
    {
      g_set_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_START,
                   _("Position %u is not on a %s sheet; its positions are 1 to %u."), start + 1, tmpl->name,
                   per_page);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_cairo (cairo_status_t status,
             GError       **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_WRITE, _("Cannot draw the labels: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

/* Everything is made in memory first and the file replaced in one step: a
 * failed or cancelled run leaves no half-written file. */
static gboolean
write_file (const char *path,
            const void *data,
            gsize       length,
            GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    return TRUE;
  g_set_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_WRITE, _("Cannot write the labels: %s"), local->message);
  return FALSE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Where pages go: a PDF surface, or one image per page. */
typedef struct _PageSink PageSink;
struct _PageSink
{
  /* A context whose user unit is one millimetre on a fresh page. */
  cairo_t *(*begin) (PageSink *sink,
                     double    width,
                     double    height);
  gboolean (*end)   (PageSink *sink,
                     GError  **error);
};

/* The labels of page @page: @first (an index into @labels), @n of them,
 * beginning at position @slot. */
static void
page_labels (const TlkLabelTemplate *tmpl,
             guint                   n_labels,
             guint                   start,
             guint                   page,
             guint                  *first,
             guint                  *n,
             guint                  *slot)
{
  guint per_page = tlk_label_template_per_page (tmpl);
  guint begin = page == 0 ? 0 : page * per_page - start;
  guint end = MIN (n_labels, (page + 1) * per_page - start);

  *first = begin;
  *n = end > begin ? end - begin : 0;
  *slot = page == 0 ? start : 0;
}

/* A label's height: on continuous stock as long as its text needs. */
static double
label_height (const TlkLabelTemplate *tmpl,
              const TlkLabel         *label)
{
  if (tmpl->continuous)
    return tlk_label_natural_height (label, tmpl->label_width, tmpl->label_height);
  return tmpl->label_height;
}

void
tlk_label_page_size (const TlkLabelTemplate *tmpl,
                     GPtrArray              *labels,
                     guint                   start,
                     guint                   page,
                     double                 *width,
                     double                 *height)
{
  guint first, n, slot;

  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (labels != NULL);
  g_return_if_fail (page < tlk_label_count_pages (tmpl, labels->len, start));
  g_return_if_fail (width != NULL && height != NULL);

  page_labels (tmpl, labels->len, start, page, &first, &n, &slot);
  *width = tmpl->page_width;
  *height = tmpl->continuous ? label_height (tmpl, g_ptr_array_index (labels, first)) : tmpl->page_height;
}

guint
tlk_label_draw_page (const TlkLabelTemplate *tmpl,
                     GPtrArray              *labels,
                     guint                   start,
                     guint                   page,
                     cairo_t                *cr)
{
  guint first, n, slot;

  g_return_val_if_fail (tmpl != NULL, 0);
  g_return_val_if_fail (labels != NULL, 0);
  g_return_val_if_fail (page < tlk_label_count_pages (tmpl, labels->len, start), 0);
  g_return_val_if_fail (cr != NULL, 0);

  page_labels (tmpl, labels->len, start, page, &first, &n, &slot);
  for (guint i = 0; i < n; i++)
    {
      const TlkLabel *label = g_ptr_array_index (labels, first + i);
      double height = label_height (tmpl, label);
      double x, y;

      tlk_label_template_position (tmpl, slot + i, &x, &y);
      cairo_save (cr);
      cairo_translate (cr, x, y);
      tlk_label_render (label, cr, tmpl->label_width, height);
      if (tmpl->cut_lines)
        {
          static const double dashes[] = { 1.0, 1.0 };

          cairo_rectangle (cr, 0, 0, tmpl->label_width, height);
          cairo_set_line_width (cr, 0.15);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
          cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }
  return n;
}

static gboolean
lay_out (const TlkLabelTemplate *tmpl,
         GPtrArray              *labels,
         guint                   start,
         PageSink               *sink,
         GCancellable           *cancellable,
         TlkLabelProgressFunc    progress,
         gpointer                progress_data,
         GError                **error)
{
  guint n_pages = tlk_label_count_pages (tmpl, labels->len, start);
  guint done = 0;

  for (guint page = 0; page < n_pages; page++)
    {
      double width, height;
      guint n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      tlk_label_page_size (tmpl, labels, start, page, &width, &height);
      n = tlk_label_draw_page (tmpl, labels, start, page, sink->begin (sink, width, height));
      if (!sink->end (sink, error))
        return FALSE;
      for (guint i = 0; progress != NULL && i < n; i++)
        progress (++done, labels->len, progress_data);
    }
  return TRUE;
}

/* ---- PDF ------------------------------------------------------------------ */

typedef struct
{
  PageSink         parent;
  GByteArray      *bytes;
  cairo_surface_t *surface;
  cairo_t         *cr;
} PdfSink;

static cairo_t *
pdf_begin (PageSink *sink,
           double    width,
           double    height)
{
  PdfSink *self = (PdfSink *) sink;

  if (self->surface == NULL)
    {
      self->surface = cairo_pdf_surface_create_for_stream (append_bytes, self->bytes, width * MM_TO_PT,
                                                           height * MM_TO_PT);
      cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_CREATOR, "Telekit " PACKAGE_VERSION);
      self->cr = cairo_create (self->surface);
      cairo_scale (self->cr, MM_TO_PT, MM_TO_PT);
    }
  else
    cairo_pdf_surface_set_size (self->surface, width * MM_TO_PT, height * MM_TO_PT);
  return self->cr;
}

static gboolean
pdf_end (PageSink *sink,
         GError  **error)
{
  PdfSink *self = (PdfSink *) sink;

  cairo_show_page (self->cr);
  return check_cairo (cairo_status (self->cr), error);
}

gboolean
tlk_label_write_pdf (const TlkLabelTemplate *tmpl,
                     GPtrArray              *labels,
                     guint                   start,
                     const char             *path,
                     GCancellable           *cancellable,
                     TlkLabelProgressFunc    progress,
                     gpointer                progress_data,
                     GError                **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  PdfSink sink = { { pdf_begin, pdf_end } };
  gboolean ok;

  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (labels != NULL && labels->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!tlk_label_check_start (tmpl, start, error))
    return FALSE;

  bytes = g_byte_array_new ();
  sink.bytes = bytes;
  ok = lay_out (tmpl, labels, start, &sink.parent, cancellable, progress, progress_data, error);
  g_clear_pointer (&sink.cr, cairo_destroy);
  if (sink.surface != NULL)
    {
      cairo_surface_finish (sink.surface);
      ok = ok && check_cairo (cairo_surface_status (sink.surface), error);
      cairo_surface_destroy (sink.surface);
    }
  return ok && write_file (path, bytes->data, bytes->len, error);
}

/* ---- PNG ------------------------------------------------------------------ */

typedef struct
{
  PageSink         parent;
  double           dpi;
  cairo_surface_t *surface;
  cairo_t         *cr;
  GPtrArray       *pages;   /* of GBytes: encoded PNG */
} PngSink;

static cairo_t *
png_begin (PageSink *sink,
           double    width,
           double    height)
{
  PngSink *self = (PngSink *) sink;
  double px_per_mm = self->dpi / 25.4;

  self->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) lround (width * px_per_mm),
                                              (int) lround (height * px_per_mm));
  self->cr = cairo_create (self->surface);
  cairo_set_source_rgb (self->cr, 1, 1, 1);
  cairo_paint (self->cr);
  cairo_scale (self->cr, px_per_mm, px_per_mm);
  return self->cr;
}

static gboolean
png_end (PageSink *sink,
         GError  **error)
{
  PngSink *self = (PngSink *) sink;
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_status_t status = cairo_status (self->cr);

  g_clear_pointer (&self->cr, cairo_destroy);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (self->surface, append_bytes, png);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  if (!check_cairo (status, error))
    return FALSE;
  g_ptr_array_add (self->pages, g_byte_array_free_to_bytes (g_steal_pointer (&png)));
  return TRUE;
}

/* FILE.png for page 1, FILE-2.png, FILE-3.png … for the others. */
static char *
png_page_path (const char *path,
               guint       page)
{
  g_autofree char *stem = NULL;
  gsize len = strlen (path);

  if (page == 1)
    return g_strdup (path);
  if (len >= 4 && g_ascii_strcasecmp (path + len - 4, ".png") == 0)
    stem = g_strndup (path, len - 4);
  else
    stem = g_strdup (path);
  return g_strdup_printf ("%s-%u.png", stem, page);
}

gboolean
tlk_label_write_png (const TlkLabelTemplate *tmpl,
                     GPtrArray              *labels,
                     guint                   start,
                     double                  dpi,
                     const char             *path,
                     GCancellable           *cancellable,
                     TlkLabelProgressFunc    progress,
                     gpointer                progress_data,
                     GStrv                  *paths,
                     GError                **error)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) written = NULL;
  PngSink sink = { { png_begin, png_end } };
  gboolean ok;

  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (labels != NULL && labels->len > 0, FALSE);
  g_return_val_if_fail (dpi >= 72 && dpi <= 1200, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!tlk_label_check_start (tmpl, start, error))
    return FALSE;

  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sink.dpi = dpi;
  sink.pages = pages;
  ok = lay_out (tmpl, labels, start, &sink.parent, cancellable, progress, progress_data, error);
  g_clear_pointer (&sink.cr, cairo_destroy);
  g_clear_pointer (&sink.surface, cairo_surface_destroy);
  if (!ok)
    return FALSE;

  written = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *page_path = png_page_path (path, i + 1);
      gsize size;
      gconstpointer data = g_bytes_get_data (g_ptr_array_index (pages, i), &size);

      if (!write_file (page_path, data, size, error))
        {
          /* All pages or none. */
          for (guint k = 0; k < written->len; k++)
            g_unlink (g_ptr_array_index (written, k));
          return FALSE;
        }
      g_ptr_array_add (written, g_steal_pointer (&page_path));
    }
  if (paths != NULL)
    {
      g_ptr_array_add (written, NULL);
      *paths = (GStrv) g_ptr_array_free (g_steal_pointer (&written), FALSE);
    }
  return TRUE;
}

/* ---- ZPL ------------------------------------------------------------------ */

/*
 * The printer draws the text, so the layout here estimates what the cairo
 * layout measures: the same boxes and sizes as tlk_label_render, with
 * character widths of the printer's font ^A0 (a condensed sans) taken on the
 * wide side so an estimate never runs out of its box.
 */

typedef struct
{
  char    *text;
  double   size;      /* first try, dots */
  double   min_size;
  gboolean is_code;
  gboolean bottom;
  guint    max_lines; /* 0: any */
  gboolean hidden;
  double   cur;
  guint    lines;
} ZplBlock;

typedef struct
{
  TlkLabelShape shape;
  double        dpmm;      /* dots per mm */
  double        pad;
  int           width;     /* dots */
  int           height;
  guint         mag;
  int           qr_x;      /* the symbol's top-left corner, quiet zone excluded */
  int           qr_y;
  double        bx, by, bw, bh;
  ZplBlock      blocks[TLK_LABEL_MAX_BLOCKS];
  guint         n_blocks;
} ZplPlan;

static double
zpl_text_width (const char *text,
                double      size)
{
  double w = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        w += 0.3;
      else if (g_unichar_isupper (c) || g_unichar_isdigit (c) || c == 0x00C6 || c == 0x00D8 || c == 0x00C5)
        w += 0.62;
      else
        w += 0.52;
    }
  return w * size;
}

/* Lines the printer's word wrap (^FB) needs for @text at @size in @width. */
static guint
zpl_count_lines (const char *text,
                 double      size,
                 double      width)
{
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);
  guint lines = 0;

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (paragraphs[i], " ", -1);
      double line = 0;

      lines++;
      for (guint k = 0; words[k] != NULL; k++)
        {
          double w = zpl_text_width (words[k], size);

          if (line > 0 && line + 0.3 * size + w > width)
            {
              lines++;
              line = 0;
            }
          else if (line > 0)
            line += 0.3 * size;
          while (w > width)
            {
              lines++;
              w -= width;
            }
          line += w;
        }
    }
  return lines;
}

static ZplBlock *
zpl_add (ZplPlan *plan,
         char    *text,
         double   size)
{
  ZplBlock *b;

  g_assert (plan->n_blocks < TLK_LABEL_MAX_BLOCKS);
  b = &plan->blocks[plan->n_blocks++];
  b->text = text;
  b->size = size;
  b->min_size = 1.5 * plan->dpmm;
  return b;
}

static void
zpl_plan_clear (ZplPlan *plan)
{
  for (guint i = 0; i < plan->n_blocks; i++)
    g_free (plan->blocks[i].text);
}

static double
zpl_total (ZplPlan *plan,
           double   scale,
           double   code_scale)
{
  double total = 0;
  gboolean first = TRUE;

  for (guint i = 0; i < plan->n_blocks; i++)
    {
      ZplBlock *b = &plan->blocks[i];

      if (b->hidden)
        continue;
      b->cur = floor (MAX (b->min_size, b->size * (b->is_code ? code_scale : scale)));
      b->lines = zpl_count_lines (b->text, b->cur, plan->bw);
      if (b->max_lines > 0)
        b->lines = MIN (b->lines, b->max_lines);
      if (!first)
        total += 0.3 * b->cur;
      total += b->lines * b->cur;
      first = FALSE;
    }
  return total;
}

static gboolean
zpl_at_min (const ZplPlan *plan,
            double         scale,
            gboolean       code)
{
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      const ZplBlock *b = &plan->blocks[i];

      if (!b->hidden && b->is_code == code && b->size * scale > b->min_size)
        return FALSE;
    }
  return TRUE;
}

/* Shortens @b's text with "…" until it takes at most @max_lines. */
static void
zpl_truncate (ZplBlock *b,
              double    width)
{
  glong len = g_utf8_strlen (b->text, -1);

  while (len > 1)
    {
      g_autofree char *head = g_utf8_substring (b->text, 0, --len);
      g_autofree char *candidate = g_strconcat (head, "…", NULL);

      if (zpl_count_lines (candidate, b->cur, width) <= b->max_lines)
        {
          g_free (b->text);
          b->text = g_steal_pointer (&candidate);
          return;
        }
    }
}

static void
zpl_fit (ZplPlan *plan)
{
  double scale = 1;
  double code_scale = 1;

  while (zpl_total (plan, scale, code_scale) > plan->bh)
    {
      ZplBlock *cut = NULL;

      if (!zpl_at_min (plan, scale, FALSE))
        {
          scale *= 0.92;
          continue;
        }
      if (!zpl_at_min (plan, code_scale, TRUE))
        {
          code_scale *= 0.92;
          continue;
        }
      /* The last resort, as on paper: lines off the longest text block. */
      for (guint i = 0; i < plan->n_blocks; i++)
        {
          ZplBlock *b = &plan->blocks[i];

          if (!b->hidden && !b->is_code && b->lines > 1 && (cut == NULL || b->lines > cut->lines))
            cut = b;
        }
      if (cut != NULL)
        {
          cut->max_lines = cut->lines - 1;
          zpl_truncate (cut, plan->bw);
          continue;
        }
      for (guint i = plan->n_blocks; i-- > 0 && cut == NULL;)
        if (!plan->blocks[i].hidden && !plan->blocks[i].is_code)
          cut = &plan->blocks[i];
      if (cut == NULL)
        break;
      cut->hidden = TRUE;
    }
}

static void
zpl_plan_text (ZplPlan        *plan,
               const TlkLabel *label,
               const char     *shown)
{
  double th = plan->bh;
  double base = MIN (4.2 * plan->dpmm, 0.13 * th);
  double fit = 0.97 * plan->bw / zpl_text_width (shown, 1);
  ZplBlock *code;

  if (label->kind == TLK_LABEL_ACTION)
    zpl_add (plan, g_strdup (label->title), MIN (12 * plan->dpmm, 0.3 * th));
  code = zpl_add (plan, g_strdup (shown),
                  MIN (fit, label->kind == TLK_LABEL_ACTION ? MIN (5 * plan->dpmm, 0.14 * th)
                                                            : MIN (6 * plan->dpmm, 0.18 * th)));
  code->is_code = TRUE;
  code->min_size = MIN (code->size, 1.8 * plan->dpmm);

  if (label->kind == TLK_LABEL_KIT || label->kind == TLK_LABEL_DEVICE)
    {
      zpl_add (plan, g_strdup (label->title), base);
      if (label->detail != NULL)
        zpl_add (plan, g_strdup (label->detail), 0.8 * base);
    }
  else if (label->kind == TLK_LABEL_LOCATION)
    zpl_add (plan, g_strdup (label->title), MIN (6 * plan->dpmm, 0.2 * th));

  if (label->owner != NULL || label->phone != NULL)
    {
      g_autofree char *phone = label->phone ? g_strdup_printf (_("Support: %s"), label->phone) : NULL;
      char *footer = label->owner && phone ? g_strconcat (label->owner, "\n", phone, NULL)
                                           : g_strdup (label->owner ? label->owner : phone);

      zpl_add (plan, footer, 0.7 * base)->bottom = TRUE;
    }
}

static gboolean
zpl_plan_build (ZplPlan                *plan,
                const TlkLabelTemplate *tmpl,
                const TlkLabel         *label,
                guint                   dpi,
                GError                **error)
{
  g_autofree char *shown = tlk_code_format (label->code);
  double w_mm = tmpl->label_width;
  double h_mm = tmpl->label_height;
  double avail, side;

  memset (plan, 0, sizeof *plan);
  plan->dpmm = dpi / 25.4;
  plan->shape = tlk_label_shape (w_mm, h_mm);
  plan->width = (int) lround (w_mm * plan->dpmm);
  plan->height = (int) lround (h_mm * plan->dpmm);

  switch (plan->shape)
    {
    case TLK_LABEL_SHAPE_COMPACT:
      plan->pad = CLAMP (MIN (w_mm, h_mm) * 0.05, 0.8, 1.5) * plan->dpmm;
      plan->bw = plan->width - 2 * plan->pad;
      {
        ZplBlock *code = zpl_add (plan, g_strdup (shown),
                                  floor (MIN (0.97 * plan->bw / zpl_text_width (shown, 1), 0.13 * plan->height)));

        code->is_code = TRUE;
        code->cur = code->size;
        code->lines = 1;
        plan->bh = code->size;
      }
      avail = MIN (plan->width, plan->height - plan->pad - plan->bh);
      break;
    case TLK_LABEL_SHAPE_SIDE:
      plan->pad = CLAMP (h_mm * 0.06, 1, 3) * plan->dpmm;
      avail = MIN (plan->height, 0.45 * plan->width);
      break;
    case TLK_LABEL_SHAPE_STACK:
    default:
      plan->pad = CLAMP (w_mm * 0.06, 1, 3) * plan->dpmm;
      avail = MIN (plan->width, 0.55 * plan->height);
      break;
    }

  /* Whole dots per module, as large as fits, at most ^BQ's 10. */
  plan->mag = (guint) MIN (10, floor (avail / (21 + 2 * TLK_LABEL_QR_QUIET)));
  if (plan->mag * 25.4 / dpi < TLK_LABEL_MIN_MODULE - 1e-9)
    {
      g_set_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_TOO_SMALL,
                   _("A %s label is too small for a QR code that scans at %u dpi."), tmpl->name, dpi);
      return FALSE;
    }
  side = plan->mag * (21 + 2 * TLK_LABEL_QR_QUIET);

  switch (plan->shape)
    {
    case TLK_LABEL_SHAPE_COMPACT:
      plan->bx = plan->pad;
      plan->by = plan->height - plan->pad - plan->bh;
      plan->qr_x = (int) ((plan->width - side) / 2);
      plan->qr_y = (int) ((plan->by - side) / 2);
      break;
    case TLK_LABEL_SHAPE_SIDE:
      plan->qr_x = 0;
      plan->qr_y = (int) ((plan->height - side) / 2);
      plan->bx = side + 0.25 * plan->pad;
      plan->by = plan->pad;
      plan->bw = plan->width - plan->bx - plan->pad;
      plan->bh = plan->height - 2 * plan->pad;
      break;
    case TLK_LABEL_SHAPE_STACK:
    default:
      plan->qr_x = (int) ((plan->width - side) / 2);
      plan->qr_y = 0;
      plan->bx = plan->pad;
      plan->by = side;
      plan->bw = plan->width - 2 * plan->pad;
      plan->bh = plan->height - side - plan->pad;
      break;
    }
  plan->qr_x += TLK_LABEL_QR_QUIET * plan->mag;
  plan->qr_y += TLK_LABEL_QR_QUIET * plan->mag;

  if (plan->shape == TLK_LABEL_SHAPE_COMPACT)
    return TRUE;

  zpl_plan_text (plan, label, shown);
  if (tmpl->continuous && plan->shape == TLK_LABEL_SHAPE_SIDE)
    {
      /* Continuous stock: a long text makes the label longer. */
      double need = zpl_total (plan, 1, 1);

      if (need > plan->bh)
        {
          /* As on paper: longer, but never so long the layout changes. */
          plan->bh = MIN (ceil (need), floor (plan->width / TLK_LABEL_SIDE_RATIO - 2 * plan->pad));
          plan->height = (int) (plan->bh + 2 * plan->pad + 0.5);
          plan->qr_y = (int) ((plan->height - side) / 2) + TLK_LABEL_QR_QUIET * plan->mag;
        }
    }
  zpl_fit (plan);
  return TRUE;
}

/* Field data for ^FH_: the characters ZPL would take for commands as hex
 * escapes, line breaks as ^FB's "\&". */
static void
zpl_append_text (GString    *out,
                 const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '^':
        g_string_append (out, "_5E");
        break;
      case '~':
        g_string_append (out, "_7E");
        break;
      case '_':
        g_string_append (out, "_5F");
        break;
      case '\\':
        g_string_append (out, "_5C");
        break;
      case '\n':
        g_string_append (out, "\\&");
        break;
      default:
        g_string_append_c (out, *p);
        break;
      }
}

char *
tlk_label_to_zpl (const TlkLabelTemplate *tmpl,
                  const TlkLabel         *label,
                  guint                   dpi,
                  GError                **error)
{
  ZplPlan plan;
  GString *out;
  double y, bottom;
  int top[TLK_LABEL_MAX_BLOCKS] = { 0 };

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (dpi == 203 || dpi == 300, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (tlk_label_template_is_sheet (tmpl))
    {
      g_set_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_TEMPLATE,
                   _("%s is a sheet for office printers; ZPL is for label printers."), tmpl->name);
      return NULL;
    }
  if (!zpl_plan_build (&plan, tmpl, label, dpi, error))
    {
      zpl_plan_clear (&plan);
      return NULL;
    }

  y = plan.by;
  bottom = plan.by + plan.bh;
  for (guint i = 0; i < plan.n_blocks; i++)
    if (!plan.blocks[i].hidden && !plan.blocks[i].bottom)
      {
        top[i] = (int) y;
        y += plan.blocks[i].lines * plan.blocks[i].cur + 0.3 * plan.blocks[i].cur;
      }
  for (guint i = plan.n_blocks; i-- > 0;)
    if (!plan.blocks[i].hidden && plan.blocks[i].bottom)
      {
        bottom -= plan.blocks[i].lines * plan.blocks[i].cur;
        top[i] = (int) bottom;
        bottom -= 0.3 * plan.blocks[i].cur;
      }

  out = g_string_new ("^XA\n^CI28\n");
  g_string_append_printf (out, "^PW%d\n^LL%d\n^LH0,0\n", plan.width, plan.height);
  /* Model 2, level M; "MM,A": level M, manual input, alphanumeric. */
  g_string_append_printf (out, "^FO%d,%d^BQN,2,%u,M^FDMM,A%s^FS\n", plan.qr_x, plan.qr_y, plan.mag, label->code);
  for (guint i = 0; i < plan.n_blocks; i++)
    {
      const ZplBlock *b = &plan.blocks[i];

      if (b->hidden)
        continue;
      g_string_append_printf (out, "^FO%d,%d^A0N,%d,%d^FB%d,%u,0,%s,0^FH_^FD", (int) plan.bx, top[i], (int) b->cur,
                              (int) b->cur, (int) plan.bw, b->lines,
                              plan.shape == TLK_LABEL_SHAPE_SIDE ? "L" : "C");
      zpl_append_text (out, b->text);
      g_string_append (out, "^FS\n");
    }
  g_string_append (out, "^XZ\n");
  zpl_plan_clear (&plan);
  return g_string_free (out, FALSE);
}

gboolean
tlk_label_write_zpl (const TlkLabelTemplate *tmpl,
                     GPtrArray              *labels,
                     guint                   dpi,
                     const char             *path,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (labels != NULL && labels->len > 0, FALSE);
  g_return_val_if_fail (dpi == 203 || dpi == 300, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *zpl = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if ((zpl = tlk_label_to_zpl (tmpl, g_ptr_array_index (labels, i), dpi, error)) == NULL)
        return FALSE;
      g_string_append (out, zpl);
    }
  return write_file (path, out->str, out->len, error);
}
