/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "label-test-util.h"
#include "tlk-code.h"
#include "tlk-entities.h"
#include "tlk-label-private.h"
#include "tlk-label-writer.h"

/*
 * The label layer without decoding: templates as data, the QR code's mode,
 * text that stays in its box whatever its length, ZPL against golden files,
 * and the refusals of the writers.
 */

#define LONG_NAME "Hjertesvigt og kronisk obstruktiv lungesygdom – udvidet hjemmemonitorering"
#define LONG_SLOTS "Tablet, blodtryksmåler, vægt, pulsoximeter, glukosemåler, router, oplader"
#define LONG_OWNER "Fælles Servicecenter for Telesundhed, Region Midtjylland"

static char *
kit_code (guint64 serial)
{
  return tlk_code_make (TLK_CODE_KIND_KIT, serial);
}

static TlkLabel *
long_label (void)
{
  g_autofree char *code = kit_code (987654321);

  return tlk_label_new_kit (code, LONG_NAME, LONG_SLOTS, LONG_OWNER, "+45 7020 1234");
}

/* ---- templates ----------------------------------------------------------- */

static void
test_templates_data (void)
{
  static const char *const names[] = { "a4-3x8", "a4-l7160", "thermal-62", "thermal-57x32", "zebra-4x2", "mini-25" };
  const TlkLabelTemplate *all;
  const TlkLabelTemplate *l7160;
  g_autofree char *listed = tlk_label_template_names ();
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const TlkLabelTemplate *t = tlk_label_template_find (names[i]);

      g_assert_nonnull (t);
      g_assert_cmpstr (t->name, ==, names[i]);
      g_assert_nonnull (strstr (listed, names[i]));
    }
  g_assert_null (tlk_label_template_find ("a4-4x10"));

  l7160 = tlk_label_template_find ("a4-l7160");
  g_assert_cmpfloat_with_epsilon (l7160->label_width, 63.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (l7160->label_height, 38.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (l7160->margin_top, 15.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (l7160->margin_left, 7.2, 1e-9);
  g_assert_cmpuint (tlk_label_template_per_page (l7160), ==, 21);
  {
    double x0, y0, x1, y1, x3, y3;

    /* The data sheet's pitches: 66.0 mm across, 38.1 mm down. */
    tlk_label_template_position (l7160, 0, &x0, &y0);
    tlk_label_template_position (l7160, 1, &x1, &y1);
    tlk_label_template_position (l7160, 3, &x3, &y3);
    g_assert_cmpfloat_with_epsilon (x1 - x0, 66.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (y3 - y0, 38.1, 1e-9);
    g_assert_cmpfloat_with_epsilon (x3, x0, 1e-9);
  }
  g_assert_cmpuint (tlk_label_template_per_page (tlk_label_template_find ("a4-3x8")), ==, 24);
  g_assert_true (tlk_label_template_find ("thermal-62")->continuous);
  g_assert_false (tlk_label_template_is_sheet (tlk_label_template_find ("zebra-4x2")));
  g_assert_cmpfloat_with_epsilon (tlk_label_template_find ("zebra-4x2")->label_width, 101.6, 1e-9);

  /* Every position of every template lies on its page. */
  all = tlk_label_template_list (&n);
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (names));
  for (guint i = 0; i < n; i++)
    {
      const TlkLabelTemplate *t = &all[i];

      g_assert_nonnull (t->description);
      for (guint pos = 0; pos < tlk_label_template_per_page (t); pos++)
        {
          double x, y;

          tlk_label_template_position (t, pos, &x, &y);
          g_assert_cmpfloat (x, >=, 0);
          g_assert_cmpfloat (y, >=, 0);
          g_assert_cmpfloat (x + t->label_width, <=, t->page_width + 1e-9);
          g_assert_cmpfloat (y + t->label_height, <=, t->page_height + 1e-9);
        }
    }

  g_assert_cmpuint (tlk_label_count_pages (tlk_label_template_find ("a4-3x8"), 40, 0), ==, 2);
  g_assert_cmpuint (tlk_label_count_pages (tlk_label_template_find ("a4-3x8"), 20, 5), ==, 2);
  g_assert_cmpuint (tlk_label_count_pages (tlk_label_template_find ("a4-3x8"), 19, 5), ==, 1);
  g_assert_cmpuint (tlk_label_count_pages (tlk_label_template_find ("mini-25"), 7, 0), ==, 7);
}

/* The print dialog's margins are the blank paper around the labels. */
static void
test_templates_margins (void)
{
  static const struct
  {
    const char *name;
    double      top, bottom, left, right;
  } cases[] = {
    { "a4-3x8", 0.5, 0.5, 0, 0 },
    /* Avery's data sheet: 15.15 mm above and below, 7.2 mm at the sides
     * (7.3 on the right after three 66.0 mm pitches less the last gap). */
    { "a4-l7160", 15.15, 15.15, 7.2, 7.3 },
    { "a4-2x6", 10, 10, 10, 10 },
    { "thermal-62", 0, 0, 0, 0 },
    { "mini-25", 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double top, bottom, left, right;

      tlk_label_template_margins (tlk_label_template_find (cases[i].name), &top, &bottom, &left, &right);
      g_assert_cmpfloat_with_epsilon (top, cases[i].top, 1e-9);
      g_assert_cmpfloat_with_epsilon (bottom, cases[i].bottom, 1e-9);
      g_assert_cmpfloat_with_epsilon (left, cases[i].left, 1e-9);
      g_assert_cmpfloat_with_epsilon (right, cases[i].right, 1e-9);
    }
}

/* Pages as every output lays them out: sizes, and which labels each holds. */
static void
test_pages (void)
{
  const TlkLabelTemplate *sheet = tlk_label_template_find ("a4-3x8");
  const TlkLabelTemplate *tape = tlk_label_template_find ("thermal-62");
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);
  g_autoptr(cairo_surface_t) surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR, NULL);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  g_autofree char *code = kit_code (1);
  double width, height;

  for (guint i = 0; i < 30; i++)
    g_ptr_array_add (labels, tlk_label_new_kit (code, "KOL-kuffert", "Tablet", NULL, NULL));
  g_ptr_array_add (labels, long_label ());

  /* From position 20 of a sheet of 24: 4, 24, then 3 on the third. */
  g_assert_cmpuint (tlk_label_count_pages (sheet, labels->len, 20), ==, 3);
  g_assert_cmpuint (tlk_label_draw_page (sheet, labels, 20, 0, cr), ==, 4);
  g_assert_cmpuint (tlk_label_draw_page (sheet, labels, 20, 1, cr), ==, 24);
  g_assert_cmpuint (tlk_label_draw_page (sheet, labels, 20, 2, cr), ==, 3);
  tlk_label_page_size (sheet, labels, 20, 2, &width, &height);
  g_assert_cmpfloat (width, ==, 210);
  g_assert_cmpfloat (height, ==, 297);

  /* Tape: a page per label, as long as its label needs. */
  g_assert_cmpuint (tlk_label_draw_page (tape, labels, 0, 30, cr), ==, 1);
  tlk_label_page_size (tape, labels, 0, 0, &width, &height);
  g_assert_cmpfloat (width, ==, 62);
  g_assert_cmpfloat (height, ==, 40);
  tlk_label_page_size (tape, labels, 0, 30, &width, &height);
  g_assert_cmpfloat (height, ==, tlk_label_natural_height (g_ptr_array_index (labels, 30), 62, 40));
  g_assert_cmpfloat (height, >, 40);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
}

/* ---- records ------------------------------------------------------------- */

static void
test_label_records (void)
{
  g_autofree char *kit = kit_code (1);
  g_autofree char *device = tlk_code_make (TLK_CODE_KIND_DEVICE, 2);
  g_autoptr(TlkLabel) a = tlk_label_new_kit (kit, "KOL-kuffert", "Tablet", "", NULL);
  g_autoptr(TlkLabel) b = tlk_label_new_device (device, "Nonin Onyx 3230", "SN-501", "Region Midtjylland", "7020");
  g_autoptr(TlkLabel) copy = tlk_label_copy (b);
  g_autoptr(TlkKitType) type = tlk_kit_type_new ("kol");
  g_autofree char *slots = NULL;
  TlkKitSlot *slot;

  g_assert_cmpint (a->kind, ==, TLK_LABEL_KIT);
  g_assert_null (a->owner); /* empty means none */
  g_assert_cmpint (copy->kind, ==, TLK_LABEL_DEVICE);
  g_assert_cmpstr (copy->title, ==, "Nonin Onyx 3230");
  g_assert_nonnull (strstr (copy->detail, "SN-501"));
  g_assert_cmpstr (copy->owner, ==, "Region Midtjylland");

  type->name = g_strdup ("KOL-kuffert");
  slot = g_new0 (TlkKitSlot, 1);
  slot->kind = g_strdup ("tablet");
  slot->count = 1;
  g_ptr_array_add (type->slots, slot);
  slot = g_new0 (TlkKitSlot, 1);
  slot->kind = g_strdup ("scale");
  slot->count = 2;
  g_ptr_array_add (type->slots, slot);
  slots = tlk_label_slots_text (type);
  g_assert_cmpstr (slots, ==, "Tablet, 2 × scale");

  /* A code of the wrong kind is a programming error. */
  if (g_test_undefined ())
    {
      g_test_expect_message ("tlk-label", G_LOG_LEVEL_CRITICAL, "*code_is*");
      g_assert_null (tlk_label_new_location (kit, "Reol A1", NULL, NULL));
      g_test_assert_expected_messages ();
    }
}

/* ---- QR code ------------------------------------------------------------- */

/* The module matrix `qrencode -t ASCII` prints: "##" dark, "  " light. */
static char *
qrencode_matrix (const char *code,
                 gboolean    eight_bit)
{
  const char *argv[] = { "qrencode", "-l", "M", "-t", "ASCII", "-m", "0", eight_bit ? "-8" : code,
                         eight_bit ? code : NULL, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GString *bits = g_string_new (NULL);
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      for (guint k = 0; lines[i][k] != '\0' && lines[i][k + 1] != '\0'; k += 2)
        g_string_append_c (bits, lines[i][k] == '#' ? '1' : '0');
      if (lines[i][0] != '\0')
        g_string_append_c (bits, '\n');
    }
  return g_string_free (bits, FALSE);
}

static void
test_qr_alphanumeric (void)
{
  g_autofree char *code = kit_code (0x3F9A2C);
  g_autoptr(QRcode) qr = tlk_label_qr_encode (code);
  g_autoptr(GString) ours = g_string_new (NULL);
  g_autofree char *found = g_find_program_in_path ("qrencode");
  g_autofree char *alnum = NULL;
  g_autofree char *bytes = NULL;

  g_assert_nonnull (qr);
  /* Ten alphanumeric characters at level M fit version 1 (21 modules); in
   * byte mode they would need the same version, so compare the modules. */
  g_assert_cmpint (qr->version, ==, 1);
  g_assert_cmpint (qr->width, ==, 21);
  for (int y = 0; y < qr->width; y++)
    {
      for (int x = 0; x < qr->width; x++)
        g_string_append_c (ours, (qr->data[y * qr->width + x] & 1) ? '1' : '0');
      g_string_append_c (ours, '\n');
    }

  if (found == NULL)
    {
      g_test_skip ("qrencode is not installed (build-aux/install-deps installs it): cannot compare the modes");
      return;
    }
  /* qrencode picks alphanumeric mode for a code on its own; -8 forces
   * bytes. Our symbol must be the first and not the second. */
  alnum = qrencode_matrix (code, FALSE);
  bytes = qrencode_matrix (code, TRUE);
  g_assert_cmpstr (ours->str, ==, alnum);
  g_assert_cmpstr (ours->str, !=, bytes);
}

/* The drawn modules are the symbol's, with 4 light modules all round. */
static void
test_qr_modules (void)
{
  g_autofree char *code = kit_code (0x51F00D);
  g_autoptr(TlkLabel) label = tlk_label_new_kit (code, "KOL-kuffert", "Tablet", NULL, NULL);
  g_autoptr(QRcode) qr = tlk_label_qr_encode (code);
  const double px = 20; /* pixels a mm */
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 70 * 20, 37 * 20);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  const unsigned char *data;
  TlkLabelMetrics m;
  int stride;

  cairo_scale (cr, px, px);
  tlk_label_render_with_metrics (label, cr, 70, 37, &m);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  g_assert_cmpfloat_with_epsilon (m.qr.width, (qr->width + 8) * m.module, 1e-9);
  for (int y = -TLK_LABEL_QR_QUIET; y < qr->width + TLK_LABEL_QR_QUIET; y++)
    for (int x = -TLK_LABEL_QR_QUIET; x < qr->width + TLK_LABEL_QR_QUIET; x++)
      {
        /* The centre of module (x, y). */
        int cx = (int) ((m.qr.x + (x + TLK_LABEL_QR_QUIET + 0.5) * m.module) * px);
        int cy = (int) ((m.qr.y + (y + TLK_LABEL_QR_QUIET + 0.5) * m.module) * px);
        guint32 pixel;
        gboolean dark = x >= 0 && y >= 0 && x < qr->width && y < qr->width && (qr->data[y * qr->width + x] & 1);

        memcpy (&pixel, data + cy * stride + cx * 4, sizeof pixel);
        g_assert_cmphex (pixel & 0xffffff, ==, dark ? 0x000000 : 0xffffff);
      }
}

/* ---- text stays in its box ----------------------------------------------- */

static gboolean
rect_inside (const TlkLabelRect *r,
             double              x0,
             double              y0,
             double              x1,
             double              y1)
{
  return r->x >= x0 && r->y >= y0 && r->x + r->width <= x1 && r->y + r->height <= y1;
}

static gboolean
rects_overlap (const TlkLabelRect *a,
               const TlkLabelRect *b)
{
  const double e = 0.05;

  return a->x + e < b->x + b->width && b->x + e < a->x + a->width && a->y + e < b->y + b->height &&
         b->y + e < a->y + a->height;
}

/* Renders @label into a w×h mm image at 300 dpi and checks that nothing
 * was drawn in the outer 0.5 mm: text that ran out would show there. */
static void
assert_clean_border (const TlkLabel *label,
                     double          w,
                     double          h,
                     TlkLabelMetrics *metrics)
{
  const double px = 300 / 25.4;
  int width = (int) floor (w * px);
  int height = (int) floor (h * px);
  int border = (int) ceil (0.5 * px);
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  const unsigned char *data;
  int stride;

  cairo_scale (cr, px, px);
  tlk_label_render_with_metrics (label, cr, w, h, metrics);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel;

        if (x >= border && x < width - border && y >= border && y < height - border)
          continue;
        memcpy (&pixel, data + y * stride + x * 4, sizeof pixel);
        if ((pixel & 0xff) < 0xf0)
          {
            g_test_message ("ink at (%d, %d) px of a %g x %g mm label", x, y, w, h);
            g_assert_cmphex (pixel & 0xffffff, ==, 0xffffff);
          }
      }
}

static void
check_fits (const TlkLabel *label,
            double          w,
            double          h,
            gboolean        expect_ellipsis)
{
  TlkLabelMetrics m;

  assert_clean_border (label, w, h, &m);
  g_test_message ("%g x %g mm: %u blocks, ellipsized %d", w, h, m.n_blocks, m.ellipsized);
  g_assert_cmpint (m.ellipsized, ==, expect_ellipsis);
  g_assert_cmpuint (m.n_blocks, >=, 1);
  g_assert_true (rect_inside (&m.qr, 0, 0, w, h));
  for (guint i = 0; i < m.n_blocks; i++)
    {
      g_assert_true (rect_inside (&m.ink[i], 0.5, 0.5, w - 0.5, h - 0.5));
      /* Glyphs may overhang their box by a hair, never into the quiet zone. */
      g_assert_true (rect_inside (&m.ink[i], m.text_box.x - 0.3, m.text_box.y - 0.3,
                                  m.text_box.x + m.text_box.width + 0.3, m.text_box.y + m.text_box.height + 0.3));
      g_assert_false (rects_overlap (&m.ink[i], &m.qr));
      g_assert_cmpfloat (m.size[i], >=, 1.5);
      for (guint k = i + 1; k < m.n_blocks; k++)
        g_assert_false (rects_overlap (&m.ink[i], &m.ink[k]));
    }
  /* The QR module never gets smaller than a scanner reads first time. */
  g_assert_cmpfloat (m.module, >=, TLK_LABEL_MIN_MODULE);
}

static void
test_text_long_name (void)
{
  g_autoptr(TlkLabel) label = long_label ();
  const TlkLabelTemplate *all;
  guint n;

  all = tlk_label_template_list (&n);
  for (guint i = 0; i < n; i++)
    {
      const TlkLabelTemplate *t = &all[i];
      double h = t->continuous ? tlk_label_natural_height (label, t->label_width, t->label_height) : t->label_height;

      g_test_message ("template %s", t->name);
      check_fits (label, t->label_width, h, FALSE);
    }
}

static void
test_text_every_kind (void)
{
  g_autofree char *kit = kit_code (42);
  g_autofree char *device = tlk_code_make (TLK_CODE_KIND_DEVICE, 42);
  g_autofree char *location = tlk_code_make (TLK_CODE_KIND_LOCATION, 42);
  g_autofree char *action = tlk_code_make (TLK_CODE_KIND_ACTION, 42);
  TlkLabel *labels[] = {
    tlk_label_new_kit (kit, "Type 2-diabetes", "Tablet, blood-pressure monitor, glucose meter, router", NULL, NULL),
    tlk_label_new_device (device, "A&D Medical UA-651BLE", "5120349871", LONG_OWNER, "7020 1234"),
    tlk_label_new_location (location, "Reparation (leverandør)", NULL, "7020 1234"),
    tlk_label_new_action (action, "RECEIVE RETURN TO QUARANTINE", NULL, NULL),
  };
  const TlkLabelTemplate *all;
  guint n;

  all = tlk_label_template_list (&n);
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    for (guint i = 0; i < n; i++)
      check_fits (labels[k], all[i].label_width, all[i].label_height, FALSE);
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    tlk_label_free (labels[k]);
}

static void
test_text_last_resort (void)
{
  g_autoptr(GString) endless = g_string_new (NULL);
  g_autofree char *code = kit_code (7);
  g_autoptr(TlkLabel) label = NULL;

  for (int i = 0; i < 60; i++)
    g_string_append (endless, "hjemmemonitorering ");
  label = tlk_label_new_kit (code, endless->str, endless->str, endless->str, "7020 1234");
  /* More text than any label holds: cut with an ellipsis, still inside. */
  check_fits (label, 70, 37, TRUE);
  check_fits (label, 57, 32, TRUE);
}

static void
test_continuous_grows (void)
{
  const TlkLabelTemplate *t = tlk_label_template_find ("thermal-62");
  g_autoptr(TlkLabel) label = long_label ();
  g_autofree char *code = kit_code (3);
  g_autoptr(TlkLabel) small = tlk_label_new_kit (code, "KOL-kuffert", "Tablet", NULL, NULL);
  double grown = tlk_label_natural_height (label, t->label_width, t->label_height);

  g_assert_cmpfloat (tlk_label_natural_height (small, t->label_width, t->label_height), ==, t->label_height);
  g_assert_cmpfloat (grown, >, t->label_height);
  /* At its natural length the long text needs no shrinking at all. */
  check_fits (label, t->label_width, grown, FALSE);
}

/* ---- writers' refusals ----------------------------------------------------- */

static GPtrArray *
some_labels (guint n)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = kit_code (1000 + i);

      g_ptr_array_add (labels, tlk_label_new_kit (code, "KOL-kuffert", "Tablet, pulse oximeter", NULL, NULL));
    }
  return labels;
}

static void
count_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, ==, *calls + 1);
  g_assert_cmpuint (total, ==, 5);
  (*calls)++;
}

static void
cancel_at_two (guint    done,
               guint    total,
               gpointer user_data)
{
  if (done == 2)
    g_cancellable_cancel (user_data);
}

static void
test_write_refusals (void)
{
  g_autoptr(GPtrArray) labels = some_labels (5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ltu_path ("refused.pdf");
  g_autofree char *png = ltu_path ("refused.png");
  g_autofree char *zpl = ltu_path ("refused.zpl");
  g_autofree char *ok_path = ltu_path ("ok.pdf");
  const TlkLabelTemplate *sheet = tlk_label_template_find ("a4-3x8");
  const TlkLabelTemplate *thermal = tlk_label_template_find ("thermal-57x32");
  guint calls = 0;

  /* A folder that does not exist. */
  g_assert_false (tlk_label_write_pdf (sheet, labels, 0, "/nonexistent/telekit/labels.pdf", NULL, NULL, NULL, &error));
  g_assert_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_WRITE);
  g_clear_error (&error);

  /* Start positions: on the sheet, and only for sheets. */
  g_assert_false (tlk_label_write_pdf (sheet, labels, 24, path, NULL, NULL, NULL, &error));
  g_assert_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_START);
  g_assert_nonnull (strstr (error->message, "1 to 24"));
  g_clear_error (&error);
  g_assert_false (tlk_label_write_png (thermal, labels, 1, 203, png, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_START);
  g_clear_error (&error);

  /* ZPL is for label printers. */
  g_assert_false (tlk_label_write_zpl (sheet, labels, 203, zpl, NULL, &error));
  g_assert_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_TEMPLATE);
  g_clear_error (&error);

  /* Cancelled half-way: an error, and no file. */
  g_assert_false (tlk_label_write_pdf (thermal, labels, 0, path, cancellable, cancel_at_two, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (zpl, G_FILE_TEST_EXISTS));

  /* Progress after every label. */
  g_assert_true (tlk_label_write_pdf (sheet, labels, 0, ok_path, NULL, count_progress, &calls, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 5);
  g_assert_true (g_file_test (ok_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_png_naming (void)
{
  g_autoptr(GPtrArray) labels = some_labels (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *one = ltu_path ("one.png");
  g_autofree char *many = ltu_path ("many.png");
  g_autofree char *many2 = ltu_path ("many-2.png");
  g_autofree char *many3 = ltu_path ("many-3.png");
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) sheet_paths = NULL;

  /* A sheet: one page, one file. */
  g_assert_true (tlk_label_write_png (tlk_label_template_find ("a4-3x8"), labels, 0, 100, one, NULL, NULL, NULL,
                                      &sheet_paths, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (sheet_paths), ==, 1);
  g_assert_cmpstr (sheet_paths[0], ==, one);

  /* A label printer: a page per label, FILE.png, FILE-2.png, FILE-3.png. */
  g_assert_true (tlk_label_write_png (tlk_label_template_find ("mini-25"), labels, 0, 203, many, NULL, NULL, NULL,
                                      &paths, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 3);
  g_assert_cmpstr (paths[0], ==, many);
  g_assert_cmpstr (paths[1], ==, many2);
  g_assert_cmpstr (paths[2], ==, many3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (paths[i]);

      /* 25 mm at 203 dpi. */
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, 200);
      g_assert_cmpint (cairo_image_surface_get_height (image), ==, 200);
    }
}

/* ---- ZPL ----------------------------------------------------------------- */

static int
zpl_int (const char *zpl,
         const char *command)
{
  const char *at = strstr (zpl, command);

  g_assert_nonnull (at);
  return atoi (at + strlen (command));
}

/* Checks what every ZPL label must hold; returns the ^BQ magnification. */
static guint
check_zpl (const char             *zpl,
           const TlkLabelTemplate *t,
           const TlkLabel         *label,
           guint                   dpi)
{
  g_autofree char *qr_data = g_strdup_printf ("^FDMM,A%s^FS", label->code);
  const char *bq = strstr (zpl, "^BQN,2,");
  int pw = zpl_int (zpl, "^PW");
  int ll = zpl_int (zpl, "^LL");
  guint mag;
  int qx, qy;

  g_assert_true (g_str_has_prefix (zpl, "^XA\n^CI28\n"));
  g_assert_true (g_str_has_suffix (zpl, "^XZ\n"));
  g_assert_nonnull (strstr (zpl, qr_data));
  g_assert_cmpint (pw, ==, (int) lround (t->label_width / 25.4 * dpi));
  if (!t->continuous)
    g_assert_cmpint (ll, ==, (int) lround (t->label_height / 25.4 * dpi));
  else
    g_assert_cmpint (ll, >=, (int) lround (t->label_height / 25.4 * dpi));

  g_assert_nonnull (bq);
  mag = (guint) atoi (bq + strlen ("^BQN,2,"));
  /* A module of at least 0.25 mm: mag dots of 25.4 / dpi mm. */
  g_assert_cmpfloat (mag * 25.4 / dpi, >=, TLK_LABEL_MIN_MODULE);
  g_assert_cmpuint (mag, <=, 10);

  /* The symbol and its quiet zone lie on the label. */
  {
    const char *fo = g_strrstr_len (zpl, bq - zpl, "^FO");

    g_assert_nonnull (fo);
    g_assert_cmpint (sscanf (fo, "^FO%d,%d", &qx, &qy), ==, 2);
    g_assert_cmpint (qx - 4 * (int) mag, >=, 0);
    g_assert_cmpint (qy - 4 * (int) mag, >=, 0);
    g_assert_cmpint (qx + 25 * (int) mag, <=, pw);
    g_assert_cmpint (qy + 25 * (int) mag, <=, ll);
  }

  /* Every text field's block lies on the label. */
  for (const char *p = strstr (zpl, "^A0N,"); p != NULL; p = strstr (p + 1, "^A0N,"))
    {
      const char *fo = g_strrstr_len (zpl, p - zpl, "^FO");
      int x, y, h, w, fb, lines;

      g_assert_cmpint (sscanf (fo, "^FO%d,%d^A0N,%d,%d^FB%d,%d", &x, &y, &h, &w, &fb, &lines), ==, 6);
      g_assert_cmpint (x + fb, <=, pw);
      g_assert_cmpint (y + lines * h, <=, ll);
      g_assert_cmpint (h, >=, (int) floor (1.5 / 25.4 * dpi));
    }
  return mag;
}

static TlkLabel *
golden_label (void)
{
  g_autofree char *code = kit_code (0x3F9A2CE);

  return tlk_label_new_kit (code, "KOL-kuffert", "Tablet, pulse oximeter, scale, router", "Region Midtjylland",
                            "7020 1234");
}

static void
test_zpl_golden (gconstpointer data)
{
  guint dpi = GPOINTER_TO_UINT (data);
  const TlkLabelTemplate *t = tlk_label_template_find ("zebra-4x2");
  g_autoptr(TlkLabel) label = golden_label ();
  g_autoptr(GError) error = NULL;
  g_autofree char *zpl = tlk_label_to_zpl (t, label, dpi, &error);
  g_autofree char *name = g_strdup_printf ("zebra-4x2-%u.zpl", dpi);
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, name, NULL);
  g_autofree char *golden = NULL;
  guint mag;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (golden_path, &golden, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (zpl, ==, golden);

  /* 4 × 2 inches: 812 × 406 dots at 203 dpi, 1200 × 600 at 300 dpi. */
  g_assert_cmpint (zpl_int (zpl, "^PW"), ==, dpi == 203 ? 812 : 1200);
  g_assert_cmpint (zpl_int (zpl, "^LL"), ==, dpi == 203 ? 406 : 600);
  mag = check_zpl (zpl, t, label, dpi);
  g_assert_cmpuint (mag, >=, dpi == 203 ? 2 : 3);
}

static void
test_zpl_every_template (void)
{
  const TlkLabelTemplate *all;
  g_autoptr(TlkLabel) big = long_label ();
  g_autoptr(TlkLabel) plain = golden_label ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = some_labels (3);
  g_autofree char *path = ltu_path ("three.zpl");
  g_autofree char *three = NULL;
  guint n;

  all = tlk_label_template_list (&n);
  for (guint i = 0; i < n; i++)
    {
      if (tlk_label_template_is_sheet (&all[i]))
        {
          g_assert_null (tlk_label_to_zpl (&all[i], plain, 203, &error));
          g_assert_error (error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_TEMPLATE);
          g_clear_error (&error);
          continue;
        }
      for (guint d = 0; d < 2; d++)
        {
          guint dpi = d == 0 ? 203 : 300;
          g_autofree char *a = tlk_label_to_zpl (&all[i], plain, dpi, &error);
          g_autofree char *b = NULL;

          g_assert_no_error (error);
          g_test_message ("%s at %u dpi", all[i].name, dpi);
          check_zpl (a, &all[i], plain, dpi);
          b = tlk_label_to_zpl (&all[i], big, dpi, &error);
          g_assert_no_error (error);
          check_zpl (b, &all[i], big, dpi);
        }
    }

  /* One ^XA…^XZ per label. */
  g_assert_true (tlk_label_write_zpl (tlk_label_template_find ("thermal-57x32"), labels, 300, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &three, NULL, &error));
  {
    g_auto(GStrv) starts = g_strsplit (three, "^XA", -1);
    g_auto(GStrv) ends = g_strsplit (three, "^XZ", -1);

    g_assert_cmpuint (g_strv_length (starts), ==, 4);
    g_assert_cmpuint (g_strv_length (ends), ==, 4);
  }
}

static void
test_zpl_escapes (void)
{
  g_autofree char *code = tlk_code_make (TLK_CODE_KIND_LOCATION, 9);
  g_autoptr(TlkLabel) label = tlk_label_new_location (code, "Reol ^XZ~JA_1\\Ø", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *zpl = tlk_label_to_zpl (tlk_label_template_find ("zebra-4x2"), label, 203, &error);

  g_assert_no_error (error);
  /* The name cannot end the label or send a command. */
  g_assert_nonnull (strstr (zpl, "^FH_^FDReol _5EXZ_7EJA_5F1_5CØ^FS"));
  g_assert_null (strstr (zpl, "Reol ^"));
  {
    g_auto(GStrv) ends = g_strsplit (zpl, "^XZ", -1);

    g_assert_cmpuint (g_strv_length (ends), ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/label/templates", test_templates_data);
  g_test_add_func ("/label/templates/margins", test_templates_margins);
  g_test_add_func ("/label/pages", test_pages);
  g_test_add_func ("/label/records", test_label_records);
  g_test_add_func ("/label/qr/alphanumeric", test_qr_alphanumeric);
  g_test_add_func ("/label/qr/modules", test_qr_modules);
  g_test_add_func ("/label/text/long-danish-name", test_text_long_name);
  g_test_add_func ("/label/text/every-kind", test_text_every_kind);
  g_test_add_func ("/label/text/last-resort", test_text_last_resort);
  g_test_add_func ("/label/text/continuous-grows", test_continuous_grows);
  g_test_add_func ("/label/write/refusals", test_write_refusals);
  g_test_add_func ("/label/png/naming", test_png_naming);
  g_test_add_data_func ("/label/zpl/golden-203", GUINT_TO_POINTER (203), test_zpl_golden);
  g_test_add_data_func ("/label/zpl/golden-300", GUINT_TO_POINTER (300), test_zpl_golden);
  g_test_add_func ("/label/zpl/every-template", test_zpl_every_template);
  g_test_add_func ("/label/zpl/escapes", test_zpl_escapes);

  status = g_test_run ();
  ltu_tmpdir_clear ();
  return status;
}
