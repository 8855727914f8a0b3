/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-report"

#include "config.h"

#include "tlk-billing-pdf.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "tlk-event.h"
#include "tlk-terms.h"

G_DEFINE_QUARK (tlk-report-error-quark, tlk_report_error)

/* A4 in points, 20 mm margins. */
#define PAGE_W      595.276
#define PAGE_H      841.890
#define MARGIN      56.693
#define CONTENT_W   (PAGE_W - 2 * MARGIN)
#define BODY_BOTTOM (PAGE_H - 76.0)
#define FOOTER_Y    (PAGE_H - 44.0)

#define ROW_H       18.0
#define TOTAL_H     (ROW_H + 8.0)
#define NOTE_GAP    14.0

/* The header of every page: title, the customer block and the table's
 * column headings; the lines start below it. */
#define TITLE_Y     MARGIN
#define INFO_Y      (TITLE_Y + 38.0)
#define INFO_ROW_H  16.0
#define TABLE_Y     (INFO_Y + 3 * INFO_ROW_H + 22.0)
#define BODY_TOP    (TABLE_Y + ROW_H + 4.0)

#define FONT        "DejaVu Sans"

typedef enum
{
  ALIGN_LEFT,
  ALIGN_RIGHT,
} Align;

/* The table's columns: left edge and width. */
typedef enum
{
  COL_ITEM,
  COL_QUANTITY,
  COL_UNIT,
  COL_UNIT_PRICE,
  COL_AMOUNT,
  N_COLS
} Column;

static const struct
{
  double x;
  double width;
  Align  align;
} columns[N_COLS] = {
  [COL_ITEM] = { 0, 196, ALIGN_LEFT },
  [COL_QUANTITY] = { 200, 56, ALIGN_RIGHT },
  [COL_UNIT] = { 266, 44, ALIGN_LEFT },
  [COL_UNIT_PRICE] = { 312, 76, ALIGN_RIGHT },
  [COL_AMOUNT] = { 392, CONTENT_W - 392, ALIGN_RIGHT },
};

typedef struct
{
  cairo_t      *cr;
  PangoContext *ctx;
  const char   *month_label;
} Doc;

static PangoLayout *
make_layout (Doc        *doc,
             const char *text,
             double      size,
             gboolean    bold,
             double      width,
             Align       align,
             gboolean    wrap)
{
  PangoLayout *layout = pango_layout_new (doc->ctx);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  if (wrap)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* One line of text, vertically centred in a band of @height from @y. */
static void
draw_text (Doc        *doc,
           const char *text,
           double      x,
           double      y,
           double      width,
           double      height,
           Align       align,
           double      size,
           gboolean    bold,
           double      grey)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, text, size, bold, width, align, FALSE);

  cairo_set_source_rgb (doc->cr, grey, grey, grey);
  cairo_move_to (doc->cr, x, y + (height - layout_height (layout)) / 2);
  pango_cairo_show_layout (doc->cr, layout);
}

static void
draw_cell (Doc        *doc,
           Column      col,
           const char *text,
           double      y,
           double      height,
           gboolean    bold)
{
  draw_text (doc, text, MARGIN + columns[col].x, y, columns[col].width, height, columns[col].align, 9.5, bold,
             0.0);
}

static void
draw_rule (Doc   *doc,
           double y,
           double width,
           double grey)
{
  cairo_set_source_rgb (doc->cr, grey, grey, grey);
  cairo_set_line_width (doc->cr, width);
  cairo_move_to (doc->cr, MARGIN, y);
  cairo_line_to (doc->cr, MARGIN + CONTENT_W, y);
  cairo_stroke (doc->cr);
}

static char *
kroner (gint64 ore)
{
  g_autofree char *number = tlk_ore_format (ore);

  /* Translators: an amount in Danish kroner, %s is "1.234,50" */
  return g_strdup_printf (_("%s kr."), number);
}

/* "March 2026" in the reader's language. */
static char *
month_label (const char *month)
{
  g_autoptr(GDateTime) first = NULL;

  first = g_date_time_new_utc ((int) g_ascii_strtoll (month, NULL, 10), (int) g_ascii_strtoll (month + 5, NULL, 10),
                               1, 0, 0, 0);
  return first ? g_date_time_format (first, "%B %Y") : g_strdup (month);
}

static void
draw_page_header (Doc                      *doc,
                  const TlkBillingCustomer *c)
{
  const char *labels[] = { _("Month"), _("Customer"), _("EAN number") };
  const char *values[] = {
    doc->month_label,
    c ? c->name : NULL,
    c && c->ean ? c->ean : _("not registered"),
  };

  draw_text (doc, _("Billing basis"), MARGIN, TITLE_Y, CONTENT_W, 28, ALIGN_LEFT, 20, TRUE, 0.0);
  /* Without a customer (nothing to bill), only the month. */
  for (guint i = 0; i < (c ? G_N_ELEMENTS (labels) : 1); i++)
    {
      double y = INFO_Y + i * INFO_ROW_H;

      draw_text (doc, labels[i], MARGIN, y, 100, INFO_ROW_H, ALIGN_LEFT, 10, TRUE, 0.35);
      draw_text (doc, values[i], MARGIN + 104, y, CONTENT_W - 104, INFO_ROW_H, ALIGN_LEFT, 10, FALSE, 0.0);
    }
  if (c == NULL)
    return;

  draw_cell (doc, COL_ITEM, _("Item"), TABLE_Y, ROW_H, TRUE);
  draw_cell (doc, COL_QUANTITY, _("Quantity"), TABLE_Y, ROW_H, TRUE);
  draw_cell (doc, COL_UNIT, _("Unit"), TABLE_Y, ROW_H, TRUE);
  draw_cell (doc, COL_UNIT_PRICE, _("Unit price"), TABLE_Y, ROW_H, TRUE);
  draw_cell (doc, COL_AMOUNT, _("Amount"), TABLE_Y, ROW_H, TRUE);
  draw_rule (doc, TABLE_Y + ROW_H + 1, 1.0, 0.0);
}

static void
draw_page_footer (Doc                      *doc,
                  const TlkBillingCustomer *c,
                  guint                     page,
                  guint                     n_pages)
{
  /* Translators: the page number at the foot of each page of a report */
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page, n_pages);
  /* Translators: the foot of a report's page: "Billing basis, March 2026" */
  g_autofree char *what = g_strdup_printf (_("Billing basis, %s"), doc->month_label);
  g_autofree char *whose = c ? g_strdup_printf ("%s · %s", what, c->name) : g_strdup (what);

  draw_rule (doc, FOOTER_Y - 6, 0.5, 0.6);
  draw_text (doc, whose, MARGIN, FOOTER_Y, CONTENT_W * 0.7, 12, ALIGN_LEFT, 8, FALSE, 0.35);
  draw_text (doc, number, MARGIN + CONTENT_W * 0.7, FOOTER_Y, CONTENT_W * 0.3, 12, ALIGN_RIGHT, 8, FALSE, 0.35);
}

/* What goes below the table's header, in order: the lines, the total and,
 * without a price list, the note. */
typedef struct
{
  guint  page;
  double y;
} Place;

static void
draw_line (Doc                      *doc,
           const TlkBillingCustomer *c,
           const TlkBillingLine     *line,
           guint                     index,
           double                    y)
{
  g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);
  g_autofree char *unit_price = c->priced ? kroner (line->unit_price) : g_strdup ("–");
  g_autofree char *amount = c->priced ? kroner (line->amount) : g_strdup ("–");

  if (index % 2 == 1)
    {
      cairo_set_source_rgb (doc->cr, 0.95, 0.95, 0.95);
      cairo_rectangle (doc->cr, MARGIN, y, CONTENT_W, ROW_H);
      cairo_fill (doc->cr);
    }
  draw_cell (doc, COL_ITEM, line->text, y, ROW_H, FALSE);
  draw_cell (doc, COL_QUANTITY, quantity, y, ROW_H, FALSE);
  draw_cell (doc, COL_UNIT, line->kind == TLK_BILLING_KIT_DAYS ? _("days") : _("pcs."), y, ROW_H, FALSE);
  draw_cell (doc, COL_UNIT_PRICE, unit_price, y, ROW_H, FALSE);
  draw_cell (doc, COL_AMOUNT, amount, y, ROW_H, FALSE);
}

static void
draw_total (Doc                      *doc,
            const TlkBillingCustomer *c,
            double                    y)
{
  /* Translators: the last line of a customer's billing basis, %s is its name */
  g_autofree char *text = g_strdup_printf (_("Total, %s"), c->name);
  g_autofree char *amount = c->priced ? kroner (c->total) : g_strdup ("–");

  draw_rule (doc, y + 2, 1.0, 0.0);
  draw_text (doc, text, MARGIN + columns[COL_ITEM].x, y + 6, columns[COL_UNIT_PRICE].x - 8, ROW_H, ALIGN_LEFT,
             10.5, TRUE, 0.0);
  draw_text (doc, amount, MARGIN + columns[COL_UNIT_PRICE].x, y + 6,
             columns[COL_AMOUNT].x + columns[COL_AMOUNT].width - columns[COL_UNIT_PRICE].x, ROW_H, ALIGN_RIGHT,
             10.5, TRUE, 0.0);
}

static PangoLayout *
note_layout (Doc *doc)
{
  g_autofree char *text =
    g_strdup_printf (_("No price list is in force for this customer in %s, so the quantities are listed without "
                       "prices."), doc->month_label);

  return make_layout (doc, text, 9.5, FALSE, CONTENT_W, ALIGN_LEFT, TRUE);
}

/* Places every element of @c's section on its pages; returns the number
 * of pages. @places gets n_lines + 2 entries: the lines, the total, the
 * note. */
static guint
plan_section (Doc                      *doc,
              const TlkBillingCustomer *c,
              Place                    *places)
{
  g_autoptr(PangoLayout) note = note_layout (doc);
  guint n = c->lines->len + (c->priced ? 1 : 2);
  guint page = 0;
  double y = BODY_TOP;

  for (guint i = 0; i < n; i++)
    {
      double h = i < c->lines->len ? ROW_H : i == c->lines->len ? TOTAL_H : NOTE_GAP + layout_height (note);

      if (y + h > BODY_BOTTOM && y > BODY_TOP)
        {
          page++;
          y = BODY_TOP;
        }
      places[i].page = page;
      places[i].y = y;
      y += h;
    }
  return page + 1;
}

static void
draw_section (Doc                      *doc,
              const TlkBillingCustomer *c)
{
  g_autofree Place *places = g_new0 (Place, c->lines->len + 2);
  guint n_pages = plan_section (doc, c, places);
  guint n = c->lines->len + (c->priced ? 1 : 2);
  guint page = 0;

  draw_page_header (doc, c);
  for (guint i = 0; i < n; i++)
    {
      if (places[i].page != page)
        {
          draw_page_footer (doc, c, page + 1, n_pages);
          cairo_show_page (doc->cr);
          page = places[i].page;
          draw_page_header (doc, c);
        }
      if (i < c->lines->len)
        draw_line (doc, c, g_ptr_array_index (c->lines, i), i, places[i].y);
      else if (i == c->lines->len)
        draw_total (doc, c, places[i].y);
      else
        {
          g_autoptr(PangoLayout) note = note_layout (doc);

          cairo_set_source_rgb (doc->cr, 0, 0, 0);
          cairo_move_to (doc->cr, MARGIN, places[i].y + NOTE_GAP);
          pango_cairo_show_layout (doc->cr, note);
        }
    }
  draw_page_footer (doc, c, page + 1, n_pages);
  cairo_show_page (doc->cr);
}

static void
draw_empty (Doc *doc)
{
  /* Translators: the billing basis of a month with nothing to bill, %s is the month */
  g_autofree char *text = g_strdup_printf (_("Nothing to bill in %s."), doc->month_label);

  draw_page_header (doc, NULL);
  draw_text (doc, text, MARGIN, TABLE_Y, CONTENT_W, ROW_H, ALIGN_LEFT, 10, FALSE, 0.0);
  draw_page_footer (doc, NULL, 1, 1);
  cairo_show_page (doc->cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoContext *
create_context (cairo_t *cr)
{
  PangoContext *ctx = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the same layout whatever the output. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, options);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  cairo_font_options_destroy (options);
  return ctx;
}

gboolean
tlk_billing_write_pdf (const TlkBilling *billing,
                       const char       *path,
                       GError          **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Doc doc = { 0 };

  g_return_val_if_fail (billing != NULL, FALSE);
  g_return_val_if_fail (tlk_month_is_valid (billing->month), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = g_byte_array_new ();
  label = month_label (billing->month);
  /* Translators: the PDF's title, %s is the month (YYYY-MM) */
  title = g_strdup_printf (_("Billing basis %s"), billing->month);
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Telekit " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  doc.cr = cairo_create (surface);
  doc.ctx = create_context (doc.cr);
  doc.month_label = label;

  if (billing->customers->len == 0)
    draw_empty (&doc);
  for (guint i = 0; i < billing->customers->len; i++)
    draw_section (&doc, g_ptr_array_index (billing->customers, i));

  g_object_unref (doc.ctx);
  status = cairo_status (doc.cr);
  cairo_destroy (doc.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TLK_REPORT_ERROR, TLK_REPORT_ERROR_DRAW, _("The PDF could not be drawn: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_file_set_contents (path, (const char *) bytes->data, (gssize) bytes->len, error);
}
