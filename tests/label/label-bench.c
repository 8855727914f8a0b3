/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "tlk-code.h"
#include "tlk-label-writer.h"

/*
 * The label budget of DESIGN §9: render 1,000 kit labels to PDF (a4-3x8) in
 * at most 2 s, beside a baseline measured in the same run — the qrencode
 * command-line tool writing the same 1,000 codes as PNG files, one process
 * per code as a user would script it (qrencode encodes one string a run; it
 * has no way to read many codes from one input).
 *
 *   label-bench [--labels N] [--keep DIR]
 *
 * The budget is printed beside the figures but never fails the program.
 */

#define BUDGET_S 2.0

static const char *const types[][2] = {
  { "KOL-kuffert", "Tablet, pulse oximeter, scale, router" },
  { "Type 2-diabetes", "Tablet, blood-pressure monitor, glucose meter, router" },
  { "Hjertesvigt", "Tablet, blood-pressure monitor, scale, pulse oximeter, router" },
};

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
    }
  g_remove (path);
}

/* Runs qrencode once per code; returns the seconds taken, or -1. */
static double
time_qrencode (GPtrArray  *labels,
               const char *dir)
{
  g_autofree char *qrencode = g_find_program_in_path ("qrencode");
  gint64 start;

  if (qrencode == NULL)
    return -1;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < labels->len; i++)
    {
      const TlkLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *name = g_strdup_printf ("%s.png", label->code);
      g_autofree char *out = g_build_filename (dir, name, NULL);
      const char *argv[] = { qrencode, "-l", "M", "-o", out, label->code, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
          !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("label-bench: qrencode failed: %s\n", error ? error->message : "non-zero exit");
          return -1;
        }
    }
  return seconds_since (start);
}

int
main (int    argc,
      char **argv)
{
  int n_labels = 1000;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "labels", 0, 0, G_OPTION_ARG_INT, &n_labels, "Number of labels (default 1000)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write into DIR and keep the files", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time label rendering against qrencode");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *qr_dir = NULL;
  const TlkLabelTemplate *tmpl = tlk_label_template_find ("a4-3x8");
  GStatBuf st;
  double first, second, qr;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_labels < 1)
    {
      g_printerr ("label-bench: %s\n", error ? error->message : "--labels must be 1 or more");
      return 2;
    }

  dir = keep ? g_strdup (keep) : g_dir_make_tmp ("telekit-label-bench-XXXXXX", &error);
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("label-bench: no folder to write in: %s\n", error ? error->message : g_strerror (errno));
      return 1;
    }
  pdf = g_build_filename (dir, "labels.pdf", NULL);
  qr_dir = g_build_filename (dir, "qrencode", NULL);
  g_mkdir_with_parents (qr_dir, 0700);

  for (int i = 0; i < n_labels; i++)
    {
      g_autofree char *code = tlk_code_make (TLK_CODE_KIND_KIT, 0x100000 + (guint64) i * 7919);

      g_ptr_array_add (labels, tlk_label_new_kit (code, types[i % 3][0], types[i % 3][1], "Region Midtjylland",
                                                  "7020 1234"));
    }

  /* The first run pays for loading fonts, as a user's first print does. */
  start = g_get_monotonic_time ();
  if (!tlk_label_write_pdf (tmpl, labels, 0, pdf, NULL, NULL, NULL, &error))
    {
      g_printerr ("label-bench: %s\n", error->message);
      return 1;
    }
  first = seconds_since (start);
  start = g_get_monotonic_time ();
  if (!tlk_label_write_pdf (tmpl, labels, 0, pdf, NULL, NULL, NULL, &error))
    {
      g_printerr ("label-bench: %s\n", error->message);
      return 1;
    }
  second = seconds_since (start);
  qr = time_qrencode (labels, qr_dir);

  g_print ("%d kit labels, template %s: %u pages, PDF %.1f MB\n", n_labels, tmpl->name,
           tlk_label_count_pages (tmpl, labels->len, 0), g_stat (pdf, &st) == 0 ? st.st_size / 1e6 : 0.0);
  g_print ("%-52s %7s   %s\n", "what", "s", "budget (DESIGN 9)");
  g_print ("%-52s %7.2f   <= %.0f s: %s\n", "render to PDF, first run (fonts loaded)", first, BUDGET_S,
           first <= BUDGET_S ? "met" : "MISSED");
  g_print ("%-52s %7.2f   <= %.0f s: %s\n", "render to PDF, second run", second, BUDGET_S,
           second <= BUDGET_S ? "met" : "MISSED");
  if (qr >= 0)
    g_print ("%-52s %7.2f   baseline; ours %s (%.1fx its time)\n",
             "qrencode CLI, one process per code, PNG files", qr, first <= qr ? "not slower" : "SLOWER", first / qr);
  else
    g_print ("%-52s %7s   (qrencode is not installed: apt-get install qrencode)\n",
             "qrencode CLI, one process per code, PNG files", "-");

  if (keep == NULL)
    rm_rf (dir);
  return 0;
}
