/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cli-helper.h"
#include "label-test-util.h"
#include "tlk-code.h"
#include "tlk-label-writer.h"

/*
 * `telekit-cli labels` and `telekit-cli action-cards` (DESIGN §8) run as a
 * user runs them, their output decoded with zbarimg.
 */

static char *db;

/* The first column of `telekit-cli list WHAT`. */
static GPtrArray *
list_codes (const char *what)
{
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  cli_run_ok (&run, db, "list", what, NULL);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 2);

        g_ptr_array_add (codes, g_strdup (cols[0]));
      }
  return codes;
}

/* Labels that carry only the code: what the decoding helpers compare. */
static GPtrArray *
code_labels (GPtrArray *codes)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);

  for (guint i = 0; i < codes->len; i++)
    {
      TlkLabel *label = g_new0 (TlkLabel, 1);

      label->code = g_strdup (g_ptr_array_index (codes, i));
      g_ptr_array_add (labels, label);
    }
  return labels;
}

static void
test_all_kits (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *pdf = ltu_path ("all-kits.pdf");
  g_autoptr(GPtrArray) kits = list_codes ("kits");
  g_autoptr(GPtrArray) labels = code_labels (kits);
  g_autoptr(GPtrArray) pages = NULL;
  const TlkLabelTemplate *t = tlk_label_template_find ("a4-3x8");

  if (!ltu_require_tools ())
    return;
  cli_run_ok (&run, db, "labels", "--template", "a4-3x8", "--out", pdf, "--all-kits", "--owner",
              "Region Midtjylland", "--phone", "7020 1234", NULL);
  g_assert_nonnull (strstr (run.out, "12 labels"));
  pages = ltu_rasterise (pdf, 300);
  ltu_assert_pages (t, pages, 300, labels, 0);
}

static void
test_every_kind (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *png = ltu_path ("mixed.png");
  g_autoptr(GPtrArray) kits = list_codes ("kits");
  g_autoptr(GPtrArray) devices = list_codes ("devices");
  g_autoptr(GPtrArray) locations = list_codes ("locations");
  g_autoptr(GPtrArray) actions = list_codes ("actions");
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autofree char *typed = NULL;

  if (!ltu_require_tools ())
    return;
  g_ptr_array_add (expected, g_ptr_array_index (kits, 0));
  g_ptr_array_add (expected, g_ptr_array_index (devices, 0));
  g_ptr_array_add (expected, g_ptr_array_index (locations, 0));
  g_ptr_array_add (expected, g_ptr_array_index (actions, 0));
  /* Codes are taken as people type them: grouped, lower case. */
  {
    g_autofree char *shown = tlk_code_format (g_ptr_array_index (kits, 0));

    typed = g_ascii_strdown (shown, -1);
  }
  cli_run_ok (&run, db, "labels", "--template", "thermal-57x32", "--out", png, typed,
              (char *) g_ptr_array_index (devices, 0), (char *) g_ptr_array_index (locations, 0),
              (char *) g_ptr_array_index (actions, 0), NULL);

  /* One image per label: FILE.png, FILE-2.png, … */
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup ("mixed.png") : g_strdup_printf ("mixed-%u.png", i + 1);
      g_autofree char *path = ltu_path (name);
      g_autoptr(GPtrArray) found = ltu_decode (path);

      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (found, 0), ==, g_ptr_array_index (expected, i));
    }
  {
    g_autofree char *fifth = ltu_path ("mixed-5.png");

    g_assert_false (g_file_test (fifth, G_FILE_TEST_EXISTS));
  }
}

static void
test_start (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *pdf = ltu_path ("start.pdf");
  g_autoptr(GPtrArray) kits = list_codes ("kits");
  g_autoptr(GPtrArray) two = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  if (!ltu_require_tools ())
    return;
  g_ptr_array_add (two, g_ptr_array_index (kits, 0));
  g_ptr_array_add (two, g_ptr_array_index (kits, 1));
  labels = code_labels (two);
  /* Position 21 is the last of an L7160 sheet: the second label goes on a
   * new sheet. */
  cli_run_ok (&run, db, "labels", "--template", "a4-l7160", "--start", "21", "--out", pdf,
              (char *) g_ptr_array_index (two, 0), (char *) g_ptr_array_index (two, 1), NULL);
  pages = ltu_rasterise (pdf, 300);
  ltu_assert_pages (tlk_label_template_find ("a4-l7160"), pages, 300, labels, 20);
}

static void
test_zpl (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *zpl_path = ltu_path ("two.zpl");
  g_autofree char *zpl = NULL;
  g_autoptr(GPtrArray) kits = list_codes ("kits");
  g_autofree char *qr0 = g_strdup_printf ("^FDMM,A%s^FS", (char *) g_ptr_array_index (kits, 0));
  g_autofree char *qr1 = g_strdup_printf ("^FDMM,A%s^FS", (char *) g_ptr_array_index (kits, 1));

  cli_run_ok (&run, db, "labels", "--template", "zebra-4x2", "--dpi", "300", "--out", zpl_path,
              (char *) g_ptr_array_index (kits, 0), (char *) g_ptr_array_index (kits, 1), NULL);
  g_assert_true (g_file_get_contents (zpl_path, &zpl, NULL, NULL));
  g_assert_nonnull (strstr (zpl, qr0));
  g_assert_nonnull (strstr (zpl, qr1));
  g_assert_nonnull (strstr (zpl, "^PW1200\n"));
  {
    g_auto(GStrv) labels = g_strsplit (zpl, "^XZ", -1);

    g_assert_cmpuint (g_strv_length (labels), ==, 3);
  }
}

static void
test_refusals (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *out = ltu_path ("refused.pdf");
  g_autofree char *zpl = ltu_path ("refused.zpl");
  g_autofree char *unknown = tlk_code_make (TLK_CODE_KIND_KIT, 999999);
  g_autofree char *unknown_shown = tlk_code_format (unknown);
  g_autofree char *stop = tlk_code_make (TLK_CODE_KIND_STOP, 1);
  g_autoptr(GPtrArray) kits = list_codes ("kits");
  const char *kit = g_ptr_array_index (kits, 0);

  /* An unknown code among good ones: one line naming it, nothing written. */
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, kit, unknown, NULL);
  cli_assert_refused (&run, unknown_shown);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, kit, "K12", NULL);
  cli_assert_refused (&run, "K12");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, stop, NULL);
  cli_assert_refused (&run, "stop");

  cli_run (&run, db, "labels", "--out", out, kit, NULL);
  cli_assert_refused (&run, "--template");
  cli_run (&run, db, "labels", "--template", "a4-99", "--out", out, kit, NULL);
  cli_assert_refused (&run, "mini-25");
  cli_run (&run, db, "labels", "--template", "a4-3x8", kit, NULL);
  cli_assert_refused (&run, "--out");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", "labels.docx", kit, NULL);
  cli_assert_refused (&run, ".zpl");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, NULL);
  cli_assert_refused (&run, "--all-kits");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, "--all-kits", kit, NULL);
  cli_assert_refused (&run, "--all-kits");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, "--start", "25", kit, NULL);
  cli_assert_refused (&run, "1 to 24");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, "--start", "0", kit, NULL);
  cli_assert_refused (&run, "--start");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", out, "--dpi", "300", kit, NULL);
  cli_assert_refused (&run, "--dpi");
  cli_run (&run, db, "labels", "--template", "zebra-4x2", "--out", zpl, "--dpi", "150", kit, NULL);
  cli_assert_refused (&run, "203 or 300");
  cli_run (&run, db, "labels", "--template", "a4-3x8", "--out", zpl, kit, NULL);
  cli_assert_refused (&run, "ZPL");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (zpl, G_FILE_TEST_EXISTS));

  cli_run (&run, db, "action-cards", "--out", "cards.png", NULL);
  cli_assert_refused (&run, ".pdf");
}

static void
test_action_cards (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *pdf = ltu_path ("cards.pdf");
  g_autoptr(GPtrArray) actions = list_codes ("actions");
  g_autoptr(GPtrArray) labels = code_labels (actions);
  g_autoptr(GPtrArray) pages = NULL;
  const TlkLabelTemplate *t = tlk_label_template_find ("a4-2x6");

  if (!ltu_require_tools ())
    return;
  cli_run_ok (&run, db, "action-cards", "--out", pdf, NULL);
  pages = ltu_rasterise (pdf, 300);
  /* Every card on one sheet, each decoding to its action's code. */
  g_assert_cmpuint (pages->len, ==, 1);
  ltu_assert_pages (t, pages, 300, labels, 0);
}

int
main (int    argc,
      char **argv)
{
  g_auto(CliRun) run = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  db = ltu_path ("cli.db");
  cli_run_ok (&run, db, "demo", "--kits", "12", "--seed", "3", NULL);

  g_test_add_func ("/label/cli/all-kits", test_all_kits);
  g_test_add_func ("/label/cli/every-kind", test_every_kind);
  g_test_add_func ("/label/cli/start", test_start);
  g_test_add_func ("/label/cli/zpl", test_zpl);
  g_test_add_func ("/label/cli/refusals", test_refusals);
  g_test_add_func ("/label/cli/action-cards", test_action_cards);

  status = g_test_run ();
  g_free (db);
  ltu_tmpdir_clear ();
  return status;
}
