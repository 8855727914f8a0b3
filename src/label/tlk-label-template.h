/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Label stock as data (one row of a table per template): sizes in
 * millimetres. A sheet holds @columns × @rows labels, filled across then
 * down; the first label's top-left corner is at (@margin_left, @margin_top)
 * and the next one @label_width + @gap_x to the right, @label_height +
 * @gap_y down. Label-printer stock has one label per page and the page is
 * the label; continuous stock has no fixed length: @label_height is the
 * least length, and a label with much text gets longer.
 */
typedef struct
{
  const char *name;         /* "a4-3x8", as given to --template */
  const char *description;  /* N_(): translate with _() */
  double      page_width;
  double      page_height;
  double      label_width;
  double      label_height;
  double      margin_top;
  double      margin_left;
  double      gap_x;
  double      gap_y;
  guint       columns;
  guint       rows;
  gboolean    continuous;
  gboolean    cut_lines;    /* plain paper: draw a thin line to cut along */
} TlkLabelTemplate;

/* NULL when there is no template called @name. */
const TlkLabelTemplate *tlk_label_template_find     (const char *name);
/* Every template, in a fixed order; @n_templates gets the count. */
const TlkLabelTemplate *tlk_label_template_list     (guint      *n_templates);
/* The names joined by ", ", for messages (free it). */
char                   *tlk_label_template_names    (void);

/* Labels on one page (1 for label printers). */
guint                   tlk_label_template_per_page (const TlkLabelTemplate *tmpl);
/* TRUE for sheets of several labels (A4), FALSE for label printers. */
gboolean                tlk_label_template_is_sheet (const TlkLabelTemplate *tmpl);
/* The top-left corner of position @index (0 .. per_page - 1) on its page. */
void                    tlk_label_template_position (const TlkLabelTemplate *tmpl,
                                                     guint                   index,
                                                     double                 *x,
                                                     double                 *y);

/* The blank paper around the labels (mm): from each edge of the page to
 * the nearest label; 0 on label-printer stock. */
void                    tlk_label_template_margins  (const TlkLabelTemplate *tmpl,
                                                     double                 *top,
                                                     double                 *bottom,
                                                     double                 *left,
                                                     double                 *right);

G_END_DECLS
