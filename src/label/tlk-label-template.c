/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-label"

#include "config.h"

#include "tlk-label-template.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Sizes from the stock makers' data sheets. Office printers cannot print the
 * outer 3–5 mm of a sheet; tlk_label_render keeps a quiet zone and padding
 * inside every label, so stock that runs to the paper edge (a4-3x8) still
 * prints its codes whole. */
static const TlkLabelTemplate templates[] = {
  {
    .name = "a4-3x8",
    .description = N_("A4 sheet, 3 × 8 labels of 70 × 37 mm"),
    .page_width = 210, .page_height = 297,
    .label_width = 70, .label_height = 37,
    .margin_top = 0.5, .margin_left = 0,
    .columns = 3, .rows = 8,
  },
  {
    /* Avery L7160: pitch 66.0 × 38.1 mm. */
    .name = "a4-l7160",
    .description = N_("A4 sheet Avery L7160, 3 × 7 labels of 63.5 × 38.1 mm"),
    .page_width = 210, .page_height = 297,
    .label_width = 63.5, .label_height = 38.1,
    .margin_top = 15.15, .margin_left = 7.2,
    .gap_x = 66.0 - 63.5, .gap_y = 0,
    .columns = 3, .rows = 7,
  },
  {
    /* Action cards on plain paper, cut out with scissors. */
    .name = "a4-2x6",
    .description = N_("A4 plain paper, 2 × 6 cards of 90 × 42 mm to cut out"),
    .page_width = 210, .page_height = 297,
    .label_width = 90, .label_height = 42,
    .margin_top = 10, .margin_left = 10,
    .gap_x = 10, .gap_y = 5,
    .columns = 2, .rows = 6,
    .cut_lines = TRUE,
  },
  {
    /* Brother DK-22205 and the like: 62 mm tape, cut after each label. */
    .name = "thermal-62",
    .description = N_("62 mm continuous tape, at least 40 mm per label"),
    .page_width = 62, .page_height = 40,
    .label_width = 62, .label_height = 40,
    .columns = 1, .rows = 1,
    .continuous = TRUE,
  },
  {
    .name = "thermal-57x32",
    .description = N_("Thermal labels of 57 × 32 mm"),
    .page_width = 57, .page_height = 32,
    .label_width = 57, .label_height = 32,
    .columns = 1, .rows = 1,
  },
  {
    .name = "zebra-4x2",
    .description = N_("Zebra labels of 4 × 2 inches (101.6 × 50.8 mm)"),
    .page_width = 101.6, .page_height = 50.8,
    .label_width = 101.6, .label_height = 50.8,
    .columns = 1, .rows = 1,
  },
  {
    /* Small devices such as a pulse oximeter: the QR code and the code only. */
    .name = "mini-25",
    .description = N_("Thermal labels of 25 × 25 mm for small devices"),
    .page_width = 25, .page_height = 25,
    .label_width = 25, .label_height = 25,
    .columns = 1, .rows = 1,
  },
};

const TlkLabelTemplate *
tlk_label_template_find (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (strcmp (templates[i].name, name) == 0)
      return &templates[i];
  return NULL;
}

const TlkLabelTemplate *
tlk_label_template_list (guint *n_templates)
{
  g_return_val_if_fail (n_templates != NULL, NULL);

  *n_templates = G_N_ELEMENTS (templates);
  return templates;
}

char *
tlk_label_template_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", templates[i].name);
  return g_string_free (names, FALSE);
}

guint
tlk_label_template_per_page (const TlkLabelTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, 0);

  return tmpl->columns * tmpl->rows;
}

gboolean
tlk_label_template_is_sheet (const TlkLabelTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, FALSE);

  return tlk_label_template_per_page (tmpl) > 1;
}

void
tlk_label_template_position (const TlkLabelTemplate *tmpl,
                             guint                   index,
                             double                 *x,
                             double                 *y)
{
  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (index < tlk_label_template_per_page (tmpl));
  g_return_if_fail (x != NULL && y != NULL);

  *x = tmpl->margin_left + (index % tmpl->columns) * (tmpl->label_width + tmpl->gap_x);
  *y = tmpl->margin_top + (index / tmpl->columns) * (tmpl->label_height + tmpl->gap_y);
}

void
tlk_label_template_margins (const TlkLabelTemplate *tmpl,
                            double                 *top,
                            double                 *bottom,
                            double                 *left,
                            double                 *right)
{
  double x, y;

  g_return_if_fail (tmpl != NULL);
  g_return_if_fail (top != NULL && bottom != NULL && left != NULL && right != NULL);

  /* The far corner of the last position. */
  tlk_label_template_position (tmpl, tlk_label_template_per_page (tmpl) - 1, &x, &y);
  *top = tmpl->margin_top;
  *left = tmpl->margin_left;
  *right = MAX (0, tmpl->page_width - x - tmpl->label_width);
  *bottom = tmpl->continuous ? 0 : MAX (0, tmpl->page_height - y - tmpl->label_height);
}
