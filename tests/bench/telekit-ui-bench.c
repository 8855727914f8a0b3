/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The app's figures of DESIGN §9, on the benchmark database, under a real
 * X server (xvfb-run):
 *   start      process start to the first frame of the window, beside a bare
 *              libadwaita window in the same run;
 *   inventory  reading 100,000 kits into the inventory, the filter per
 *              keystroke, and the process's memory afterwards.
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "tlk-context.h"
#include "tlk-inventory-view.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_doubles);
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (p * (ms->len - 1) + 0.5)));
}

static double
time_command (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
bench_start (const char *app,
             const char *bare,
             const char *db,
             int         runs)
{
  const char *app_argv[] = { app, "--db", db, "--user", "mette", "--exit-when-ready", NULL };
  const char *bare_argv[] = { bare, NULL };
  g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  double a50, b50;

  /* One of each first, so both start from a warm page cache. */
  time_command (app_argv);
  time_command (bare_argv);
  for (int i = 0; i < runs; i++)
    {
      double a = time_command (app_argv);
      double b = time_command (bare_argv);
      g_array_append_val (app_ms, a);
      g_array_append_val (bare_ms, b);
    }
  a50 = percentile (app_ms, 0.5);
  b50 = percentile (bare_ms, 0.5);
  g_print ("what                                   p50 ms   max ms   budget (DESIGN §9)\n");
  g_print ("start to first frame (telekit)       %8.1f %8.1f   ≤ 500 ms: %s\n", a50,
           percentile (app_ms, 1.0), a50 <= 500 ? "met" : "MISSED");
  g_print ("start to first frame (bare window)   %8.1f %8.1f\n", b50, percentile (bare_ms, 1.0));
  g_print ("ratio telekit/bare                   %8.2f×          ≤ 1.5×: %s\n", a50 / b50,
           a50 / b50 <= 1.5 ? "met" : "MISSED");
  return 0;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static int
bench_inventory (const char *db)
{
  static const char *const typed[] = { "reol a1", "k0", "kommune", "aarhus", "hjerte", "kq7" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(TlkContext) context = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  TlkStore *store;
  GtkWidget *window;
  TlkInventoryView *view;
  gint64 start;
  double load_ms, p50, worst;

  adw_init ();
  settings = g_settings_new ("dk.telekit.Telekit");
  store = tlk_store_open (db, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  context = tlk_context_new (store, settings);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  view = g_object_new (TLK_TYPE_INVENTORY_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));

  g_printerr ("rss before load %.1f MB\n", rss_kb () / 1024.0);
  start = g_get_monotonic_time ();
  tlk_inventory_view_set_context (view, context);
  while (!tlk_inventory_view_is_loaded (view))
    g_main_context_iteration (NULL, TRUE);
  drain ();
  load_ms = (g_get_monotonic_time () - start) / 1000.0;

  /* Keystroke by keystroke: the filter and the list's update. */
  for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
    {
      for (gsize n = 1; n <= strlen (typed[t]); n++)
        {
          g_autofree char *prefix = g_strndup (typed[t], n);
          gint64 t0 = g_get_monotonic_time ();
          double one;

          tlk_inventory_view_filter_now (view, prefix);
          if (g_getenv ("BENCH_VERBOSE"))
            g_printerr ("filter %s: %.1f ms", prefix, (g_get_monotonic_time () - t0) / 1000.0);
          drain ();
          if (g_getenv ("BENCH_VERBOSE"))
            g_printerr (" +drain %.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
          one = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (ms, one);
        }
      tlk_inventory_view_filter_now (view, "");
      drain ();
    }
  p50 = percentile (ms, 0.5);
  worst = percentile (ms, 1.0);

  g_print ("inventory: read 100,000-kit list      %8.1f ms (off the main thread)\n", load_ms);
  g_print ("inventory: filter a keystroke  p50    %8.2f ms, p99 %.2f ms, max %.2f ms over %u keystrokes"
           "   ≤ 50 ms: %s\n", p50, percentile (ms, 0.99), worst, ms->len, worst <= 50 ? "met" : "MISSED");
  g_print ("memory with the inventory loaded      %8.1f MB RSS   ≤ 150 MB: %s\n", rss_kb () / 1024.0,
           rss_kb () / 1024.0 <= 150 ? "met" : "MISSED");
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 5 && strcmp (argv[1], "start") == 0)
    return bench_start (argv[2], argv[3], argv[4], argc >= 6 ? atoi (argv[5]) : 10);
  if (argc >= 3 && strcmp (argv[1], "inventory") == 0)
    {
      gtk_init ();
      return bench_inventory (argv[2]);
    }
  g_printerr ("usage: telekit-ui-bench start APP BARE-WINDOW DB [RUNS]\n"
              "       telekit-ui-bench inventory DB\n"
              "(under xvfb-run, with GSETTINGS_SCHEMA_DIR set)\n");
  return 2;
}
