/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The baselines of DESIGN §9's app figures: a bare libadwaita window.
 *
 *   bare-window              quits after its first frame, as `telekit
 *                            --exit-when-ready` does (start-up);
 *   bare-window --print-rss  the same, and prints its resident set in kB;
 *   bare-window --entry      stays, with a search entry that has the focus,
 *                            and prints "drawn “TEXT” at T" (T: the monotonic
 *                            clock in µs) when the frame after each change
 *                            of the entry's text has been drawn (keystrokes).
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

static gboolean print_rss;
static gboolean entry_mode;
static gulong after_paint_id;

static void
on_first_frame (GApplication *app)
{
  g_autofree char *status = NULL;
  const char *line;

  if (print_rss && g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmRSS:")) != NULL)
    g_print ("%ld\n", strtol (line + strlen ("VmRSS:"), NULL, 10));
  g_application_quit (app);
}

static void
on_drawn (GdkFrameClock *clock,
          GtkEditable   *entry)
{
  g_clear_signal_handler (&after_paint_id, clock);
  g_print ("drawn “%s” at %" G_GINT64_FORMAT "\n", gtk_editable_get_text (entry), g_get_monotonic_time ());
}

static void
on_search_changed (GtkEditable *entry)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (entry));

  if (after_paint_id == 0)
    after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_drawn), entry);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 740);
  if (entry_mode)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *entry = gtk_search_entry_new ();

      /* The benchmark finds the window by its title. */
      gtk_window_set_title (GTK_WINDOW (window), "Bare Window");
      gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
      gtk_widget_set_margin_top (entry, 12);
      gtk_widget_set_margin_start (entry, 12);
      gtk_widget_set_margin_end (entry, 12);
      g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed), NULL);
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      gtk_box_append (GTK_BOX (box), entry);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
      gtk_window_set_focus (GTK_WINDOW (window), entry);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), adw_header_bar_new ());
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                             G_CALLBACK (on_first_frame), app, G_CONNECT_SWAPPED);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("dk.telekit.BareWindow", G_APPLICATION_NON_UNIQUE);

  if (argc > 1 && (strcmp (argv[1], "--print-rss") == 0 || strcmp (argv[1], "--entry") == 0))
    {
      print_rss = strcmp (argv[1], "--print-rss") == 0;
      entry_mode = !print_rss;
      argv[1] = argv[0];
      argc--;
      argv++;
    }
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
