/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "label-test-util.h"
#include "tlk-label-writer.h"

/*
 * Every printed code must decode back (DESIGN §6): the demo kits rendered
 * with every template, rasterised with pdftoppm at 300 dpi (sheets) or
 * 203 dpi (thermal sizes) and read with zbarimg, position by position.
 */

#define N_KITS 40

static GPtrArray *demo;

static void
test_pdf_template (gconstpointer data)
{
  const TlkLabelTemplate *t = data;
  g_autofree char *name = g_strdup_printf ("%s.pdf", t->name);
  g_autofree char *pdf = ltu_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  if (!ltu_require_tools ())
    return;
  g_assert_true (tlk_label_write_pdf (t, demo, 0, pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  pages = ltu_rasterise (pdf, ltu_dpi_for (t));
  ltu_assert_pages (t, pages, ltu_dpi_for (t), demo, 0);
}

/* A partly used sheet: positions before the start stay blank. */
static void
test_pdf_start (gconstpointer data)
{
  const TlkLabelTemplate *t = data;
  guint start = tlk_label_template_per_page (t) - 2;
  g_autofree char *name = g_strdup_printf ("%s-start.pdf", t->name);
  g_autofree char *pdf = ltu_path (name);
  g_autoptr(GPtrArray) five = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  if (!ltu_require_tools ())
    return;
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (five, g_ptr_array_index (demo, i));
  /* Two on the first sheet, in its last two positions; three on the next. */
  g_assert_true (tlk_label_write_pdf (t, five, start, pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  pages = ltu_rasterise (pdf, ltu_dpi_for (t));
  g_assert_cmpuint (pages->len, ==, 2);
  ltu_assert_pages (t, pages, ltu_dpi_for (t), five, start);
}

static void
test_pdf_start_small (void)
{
  const TlkLabelTemplate *t = tlk_label_template_find ("a4-3x8");
  g_autofree char *pdf = ltu_path ("start-5.pdf");
  g_autoptr(GPtrArray) three = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  guint blank = 0;

  if (!ltu_require_tools ())
    return;
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (three, g_ptr_array_index (demo, i));
  g_assert_true (tlk_label_write_pdf (t, three, 5, pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  pages = ltu_rasterise (pdf, 300);
  ltu_assert_pages (t, pages, 300, three, 5);

  /* Counted the other way round: the first five positions are blank. */
  for (guint slot = 0; slot < tlk_label_template_per_page (t); slot++)
    {
      double x, y;
      g_autoptr(GPtrArray) found = NULL;

      tlk_label_template_position (t, slot, &x, &y);
      found = ltu_decode_region (g_ptr_array_index (pages, 0), 300, x, y, t->label_width, t->label_height);
      if (found->len > 0)
        break;
      blank++;
    }
  g_assert_cmpuint (blank, ==, 5);
}

static void
test_png_template (gconstpointer data)
{
  const TlkLabelTemplate *t = data;
  g_autofree char *name = g_strdup_printf ("%s.png", t->name);
  g_autofree char *png = ltu_path (name);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  if (!ltu_require_tools ())
    return;
  g_assert_true (tlk_label_write_png (t, demo, 0, ltu_dpi_for (t), png, NULL, NULL, NULL, &paths, &error));
  g_assert_no_error (error);
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (pages, g_strdup (paths[i]));
  ltu_assert_pages (t, pages, ltu_dpi_for (t), demo, 0);
}

int
main (int    argc,
      char **argv)
{
  const TlkLabelTemplate *all;
  int status;
  guint n;

  g_test_init (&argc, &argv, NULL);
  demo = ltu_demo_kit_labels (N_KITS);

  all = tlk_label_template_list (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *pdf = g_strdup_printf ("/label/decode/pdf/%s", all[i].name);

      g_test_add_data_func (pdf, &all[i], test_pdf_template);
      if (tlk_label_template_is_sheet (&all[i]))
        {
          g_autofree char *start = g_strdup_printf ("/label/decode/start/%s", all[i].name);

          g_test_add_data_func (start, &all[i], test_pdf_start);
        }
    }
  g_test_add_func ("/label/decode/start/a4-3x8-from-6", test_pdf_start_small);
  /* PNG: a sheet and the smallest label, at the resolutions they print at. */
  g_test_add_data_func ("/label/decode/png/a4-3x8", tlk_label_template_find ("a4-3x8"), test_png_template);
  g_test_add_data_func ("/label/decode/png/mini-25", tlk_label_template_find ("mini-25"), test_png_template);

  status = g_test_run ();
  g_ptr_array_unref (demo);
  ltu_tmpdir_clear ();
  return status;
}
