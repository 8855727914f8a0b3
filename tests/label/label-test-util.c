/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "label-test-util.h"

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <sys/wait.h>

#include "tlk-cairo.h"
#include "tlk-label-writer.h"
#include "tlk-store.h"

static char *tmpdir;
static guint serial;
/* The last page image decoded by region: sheets are read cell by cell. */
static char *page_path;
static cairo_surface_t *page_image;

char *
ltu_path (const char *name)
{
  if (tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmpdir = g_dir_make_tmp ("telekit-label-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (tmpdir, name, NULL);
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}

void
ltu_tmpdir_remove (void)
{
  g_clear_pointer (&page_path, g_free);
  g_clear_pointer (&page_image, cairo_surface_destroy);
  if (tmpdir != NULL)
    rm_rf (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

void
ltu_tmpdir_clear (void)
{
  ltu_tmpdir_remove ();

  /* The font map holds every font the labels used, fontconfig the patterns
   * behind them: dropped here, anything still alive is a leak of ours. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}

gboolean
ltu_require_tools (void)
{
  static const char *const tools[] = { "pdftoppm", "zbarimg" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        {
          g_autofree char *msg = g_strdup_printf ("%s is not installed (build-aux/install-deps installs poppler-utils "
                                                  "and zbar-tools): cannot decode rendered labels",
                                                  tools[i]);
          g_test_skip (msg);
          return FALSE;
        }
    }
  return TRUE;
}

int
ltu_dpi_for (const TlkLabelTemplate *tmpl)
{
  return tlk_label_template_is_sheet (tmpl) ? 300 : 203;
}

GPtrArray *
ltu_demo_kit_labels (guint n_kits)
{
  g_autofree char *name = g_strdup_printf ("demo-%u-%u.db", n_kits, serial++);
  g_autofree char *db = ltu_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (db, &error);
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) kits = NULL;
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);
  TlkDemoOptions options = { .n_kits = n_kits, .seed = 7, .max_cycles = 1 };

  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  g_assert_no_error (error);
  kits = tlk_store_list_kits (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kits->len, ==, n_kits);

  world = tlk_store_new_world (store);
  for (guint i = 0; i < kits->len; i++)
    {
      const TlkKit *kit = g_ptr_array_index (kits, i);
      TlkKitType *type = tlk_world_kit_type (world, kit->kit_type);
      g_autofree char *slots = NULL;

      g_assert_nonnull (type);
      slots = tlk_label_slots_text (type);
      g_ptr_array_add (labels, tlk_label_new_kit (kit->id, type->name, slots, "Region Midtjylland", "7020 1234"));
    }
  return labels;
}

/* Runs @argv; returns its exit status (it must exit, not die). */
static int
run (const char *const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    {
      g_test_message ("%s died: %s", argv[0], err);
      g_assert_true (WIFEXITED (wait_status));
    }
  return WEXITSTATUS (wait_status);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
ltu_rasterise (const char *pdf,
               int         dpi)
{
  g_autofree char *name = g_strdup_printf ("raster-%u", serial++);
  g_autofree char *dir = ltu_path (name);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *res = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-r", res, "-png", pdf, prefix, NULL };
  g_autoptr(GDir) listing = NULL;
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (run (argv, NULL), ==, 0);

  /* pdftoppm pads page numbers to the same width: names sort in page order. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (pages, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (pages, compare_paths);
  return pages;
}

GPtrArray *
ltu_decode (const char *png)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", "--nodbus", png, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  int status = run (argv, &out);

  /* 4: nothing found, which is an answer too. */
  g_assert_true (status == 0 || status == 4);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (codes, g_strdup (lines[i]));
  return codes;
}

GPtrArray *
ltu_decode_region (const char *png,
                   double      dpi,
                   double      x,
                   double      y,
                   double      width,
                   double      height)
{
  g_autoptr(cairo_surface_t) cell = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_autofree char *name = g_strdup_printf ("cell-%u.png", serial++);
  g_autofree char *path = ltu_path (name);
  double px = dpi / 25.4;
  GPtrArray *codes;

  if (g_strcmp0 (png, page_path) != 0)
    {
      g_clear_pointer (&page_image, cairo_surface_destroy);
      g_free (page_path);
      page_path = g_strdup (png);
      page_image = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (page_image), ==, CAIRO_STATUS_SUCCESS);
    }
  cell = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) lround (width * px), (int) lround (height * px));
  cr = cairo_create (cell);
  cairo_set_source_surface (cr, page_image, -lround (x * px), -lround (y * px));
  cairo_paint (cr);
  g_assert_cmpint (cairo_surface_write_to_png (cell, path), ==, CAIRO_STATUS_SUCCESS);
  codes = ltu_decode (path);
  g_assert_cmpint (g_unlink (path), ==, 0);
  return codes;
}

static void
assert_codes (GPtrArray  *found,
              const char *expected,
              const char *where)
{
  if (found->len != (expected ? 1 : 0) || (expected && strcmp (g_ptr_array_index (found, 0), expected) != 0))
    {
      g_autoptr(GString) got = g_string_new (NULL);

      for (guint i = 0; i < found->len; i++)
        g_string_append_printf (got, " %s", (char *) g_ptr_array_index (found, i));
      g_test_message ("%s: expected %s, decoded:%s", where, expected ? expected : "nothing", got->str);
    }
  g_assert_cmpuint (found->len, ==, expected ? 1 : 0);
  if (expected != NULL)
    g_assert_cmpstr (g_ptr_array_index (found, 0), ==, expected);
}

void
ltu_assert_pages (const TlkLabelTemplate *tmpl,
                  GPtrArray              *pages,
                  double                  dpi,
                  GPtrArray              *labels,
                  guint                   start)
{
  guint per_page = tlk_label_template_per_page (tmpl);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (pages->len, ==, tlk_label_count_pages (tmpl, labels->len, start));

  for (guint p = 0; p < pages->len; p++)
    for (guint slot = 0; slot < per_page; slot++)
      {
        gint64 index = (gint64) p * per_page + slot - start;
        const TlkLabel *label = index >= 0 && index < labels->len ? g_ptr_array_index (labels, index) : NULL;
        g_autofree char *where = g_strdup_printf ("%s page %u position %u", tmpl->name, p + 1, slot + 1);
        g_autoptr(GPtrArray) found = NULL;
        double x, y;

        tlk_label_template_position (tmpl, slot, &x, &y);
        if (tlk_label_template_is_sheet (tmpl))
          found = ltu_decode_region (g_ptr_array_index (pages, p), dpi, x, y, tmpl->label_width,
                                     tmpl->label_height);
        else
          found = ltu_decode (g_ptr_array_index (pages, p));
        assert_codes (found, label ? label->code : NULL, where);
        for (guint i = 0; i < found->len; i++)
          {
            /* Every code decodes exactly once in the whole document. */
            g_assert_false (g_hash_table_contains (seen, g_ptr_array_index (found, i)));
            g_hash_table_add (seen, g_strdup (g_ptr_array_index (found, i)));
          }
      }
  g_assert_cmpuint (g_hash_table_size (seen), ==, labels->len);
}
