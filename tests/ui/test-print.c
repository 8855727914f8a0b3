/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Printing labels from the app (issue 4), through GtkPrintOperation:
 *
 * - the demo kits on every template, exported to PDF by the print
 *   operation, rasterised with pdftoppm and read back with zbarimg: every
 *   code exactly once, where the template puts it, on pages of the stock's
 *   size;
 * - a real CUPS queue: our own cupsd on a socket in a temporary folder with
 *   a cups-pdf queue, printed to without a dialog, the PDF cups-pdf wrote
 *   decoded the same way;
 * - the print dialog's Labels tab: another stock and a start position,
 *   chosen there, are what gets printed;
 * - our preview window (the dialog's Preview): page count, navigation, the
 *   drawn page decodes to the right code, Close and Print;
 * - a long job cancelled from its progress dialog and from a GCancellable;
 * - Ctrl+P on the kit page (a real key from xdotool) and the window's
 *   "Print action cards" open the print dialog with our Labels tab; an
 *   unknown code is refused with a message.
 *
 * Criticals and warnings are fatal, as in test-widgets.
 */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <gtk/gtkunixprint.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "label-test-util.h"
#include "tlk-code.h"
#include "tlk-context.h"
#include "tlk-kit-page.h"
#include "tlk-label-options.h"
#include "tlk-label-print.h"
#include "tlk-label-writer.h"
#include "tlk-print-preview.h"
#include "tlk-print-progress.h"
#include "tlk-scan.h"
#include "tlk-window.h"

#define TIMEOUT_MS 60000

static char *tmpdir;
static TlkContext *context;

/* ---- waiting on the main loop --------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* The first shown toplevel of @type, or NULL. */
static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
window_shown (gpointer data)
{
  return find_window (GPOINTER_TO_SIZE (data)) != NULL;
}

static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button under @widget that activates @action. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- running a print ------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Run;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->ok = tlk_label_print_run_finish (TLK_LABEL_PRINT (source), result, &run->error);
  run->done = TRUE;
}

static void
start_run (TlkLabelPrint           *print,
           GtkPrintOperationAction  action,
           GtkWindow               *parent,
           GCancellable            *cancellable,
           Run                     *run)
{
  memset (run, 0, sizeof *run);
  tlk_label_print_run_async (print, action, parent, cancellable, run_done_cb, run);
}

static void
wait_run (Run *run)
{
  g_assert_true (wait_until (is_true, &run->done, TIMEOUT_MS));
}

/* The print dialog is up and has selected @printer (the print settings
 * named it) with its details loaded, as a person would wait for. */
static gboolean
dialog_on_printer (gpointer data)
{
  GtkWindow *dialog = find_window (GTK_TYPE_PRINT_UNIX_DIALOG);
  GtkPrinter *printer;

  if (dialog == NULL)
    return FALSE;
  printer = gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (dialog));
  return printer != NULL && g_str_equal (gtk_printer_get_name (printer), data) && gtk_printer_has_details (printer);
}

/* Presses Print in the print dialog once it shows @printer. (GTK 4.8
 * cannot print to a named printer without its dialog: see
 * tlk_label_print_run_async.) */
static void
press_print (const char *printer)
{
  g_assert_true (wait_until (dialog_on_printer, (gpointer) printer, TIMEOUT_MS));
  gtk_dialog_response (GTK_DIALOG (find_window (GTK_TYPE_PRINT_UNIX_DIALOG)), GTK_RESPONSE_OK);
}

/* GTK's "Print to File" writes the file after the run has finished. */
static gboolean
pdf_complete (gpointer data)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (data, &text, &len, NULL) || len < 6)
    return FALSE;
  return g_strstr_len (text + len - MIN (len, 32), MIN (len, 32), "%%EOF") != NULL;
}

/* ---- labels --------------------------------------------------------------- */

static GPtrArray *all_kits;

/* The labels of the first @n demo kits, made the way the app makes them. */
static GPtrArray *
kit_labels (guint n)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (context);
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);

  g_assert_cmpuint (n, <=, all_kits->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      TlkKit *kit = g_ptr_array_index (all_kits, i);
      TlkLabel *label = tlk_label_new_for_code (world, kit->id, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (label->code, ==, kit->id);
      g_ptr_array_add (labels, label);
    }
  return labels;
}

static GtkPrintSettings *
print_to_file (const char *pdf)
{
  GtkPrintSettings *settings = gtk_print_settings_new ();
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);

  /* GTK's own "printer" that writes a file (its file backend). */
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  return settings;
}

/* Every page of @pdf holds exactly what @tmpl puts there, on paper of the
 * stock's size. */
static void
assert_printed (const char             *pdf,
                const TlkLabelTemplate *tmpl,
                GPtrArray              *labels,
                guint                   start)
{
  int dpi = ltu_dpi_for (tmpl);
  g_autoptr(GPtrArray) pages = ltu_rasterise (pdf, dpi);

  g_assert_cmpuint (pages->len, ==, tlk_label_count_pages (tmpl, labels->len, start));
  for (guint p = 0; p < pages->len; p++)
    {
      g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (g_ptr_array_index (pages, p));
      double width, height;

      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      tlk_label_page_size (tmpl, labels, start, p, &width, &height);
      g_assert_cmpfloat (fabs (cairo_image_surface_get_width (image) - width * dpi / 25.4), <=, 1.5);
      g_assert_cmpfloat (fabs (cairo_image_surface_get_height (image) - height * dpi / 25.4), <=, 1.5);
    }
  ltu_assert_pages (tmpl, pages, dpi, labels, start);
}

/* ---- export: every template ----------------------------------------------- */

static void
test_export (gconstpointer data)
{
  const TlkLabelTemplate *tmpl = data;
  gboolean sheet = tlk_label_template_is_sheet (tmpl);
  /* Sheets: a partly used first sheet and a second one. */
  guint start = !sheet ? 0 : g_str_equal (tmpl->name, "a4-3x8") ? 0 : tlk_label_template_per_page (tmpl) - 2;
  g_autoptr(GPtrArray) labels = kit_labels (sheet ? tlk_label_template_per_page (tmpl) + 3 : 5);
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (tmpl, labels);
  g_autofree char *name = g_strdup_printf ("export-%s.pdf", tmpl->name);
  g_autofree char *pdf = ltu_path (name);
  Run run;

  if (!ltu_require_tools ())
    return;

  tlk_label_print_set_start (print, start);
  tlk_label_print_set_export_filename (print, pdf);
  g_assert_cmpuint (tlk_label_print_get_n_pages (print), ==, tlk_label_count_pages (tmpl, labels->len, start));
  start_run (print, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, NULL, &run);
  wait_run (&run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  assert_printed (pdf, tmpl, labels, start);
}

static void
test_export_refused (void)
{
  g_autoptr(GPtrArray) labels = kit_labels (2);
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (tlk_label_template_find ("a4-3x8"), labels);
  g_autoptr(TlkLabelPrint) thermal = tlk_label_print_new (tlk_label_template_find ("thermal-62"), labels);
  g_autofree char *pdf = ltu_path ("refused.pdf");
  Run run;

  /* A start position past the sheet, and one on a label printer. */
  tlk_label_print_set_start (print, 24);
  tlk_label_print_set_export_filename (print, pdf);
  start_run (print, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, NULL, &run);
  wait_run (&run);
  g_assert_error (run.error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_START);
  g_assert_nonnull (strstr (run.error->message, "1 to 24"));
  g_clear_error (&run.error);

  tlk_label_print_set_start (thermal, 1);
  tlk_label_print_set_export_filename (thermal, pdf);
  start_run (thermal, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, NULL, &run);
  wait_run (&run);
  g_assert_error (run.error, TLK_LABEL_ERROR, TLK_LABEL_ERROR_START);
  g_clear_error (&run.error);

  /* A folder that does not exist: an error, not a crash or a dialog. */
  tlk_label_print_set_start (print, 0);
  tlk_label_print_set_export_filename (print, "/nonexistent/telekit/labels.pdf");
  start_run (print, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, NULL, &run);
  wait_run (&run);
  g_assert_error (run.error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&run.error);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* ---- a real CUPS queue ---------------------------------------------------- */

/* cups-pdf reads its settings from /etc/cups only: cups-pdf-<queue>.conf
 * for a device URI cups-pdf:/<queue>. */
#define CUPS_PDF_CONF_DIR "/etc/cups"
#define CUPS_PDF_PPD      "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
#define CUPS_PDF_BACKEND  "/usr/lib/cups/backend/cups-pdf"

typedef struct
{
  char        *dir;
  char        *socket;
  char        *queue;
  char        *out;
  char        *pdf_conf;
  GSubprocess *cupsd;
} Cups;

static Cups cups;

static char *
find_tool (const char *name)
{
  g_autofree char *sbin = g_build_filename ("/usr/sbin", name, NULL);
  char *found = g_find_program_in_path (name);

  if (found == NULL && g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
    found = g_steal_pointer (&sbin);
  return found;
}

/* Runs a CUPS client program against our server; its output, NULL when it
 * failed (@error says how). */
static char *
cups_run (const char *const *argv,
          GError           **error)
{
  g_autofree char *tool = find_tool (argv[0]);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (tool == NULL)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT, "%s is not installed", argv[0]);
      return NULL;
    }
  g_ptr_array_add (args, tool);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, 0, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s", argv[0], err);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
die_with_parent (gpointer user_data)
{
  /* No cupsd left behind by a test that aborts. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
cups_log_tail (void)
{
  g_autofree char *path = g_build_filename (cups.dir, "log", "error_log", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return g_strdup ("(no error_log)");
  return g_strdup (len > 2000 ? text + len - 2000 : text);
}

static gboolean
scheduler_running (gpointer data)
{
  g_autofree char *out = NULL;

  if (!g_file_test (cups.socket, G_FILE_TEST_EXISTS))
    return FALSE;
  out = cups_run ((const char *const[]) { "lpstat", "-r", NULL }, NULL);
  return out != NULL && strstr (out, "not running") == NULL;
}

static gboolean
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, text, -1, NULL);
}

/* Our own scheduler: everything in cups.dir, clients through a socket
 * there (CUPS_SERVER, set in main() before GTK's CUPS backend starts).
 * FALSE, with the test skipped and why, where CUPS cannot run. */
static gboolean
cups_start (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cupsd = find_tool ("cupsd");
  g_autofree char *conf = NULL;
  g_autofree char *files = NULL;
  g_autofree char *root = g_build_filename (cups.dir, "root", NULL);
  static const char *const subdirs[] = { "root", "spool", "cache", "state", "tmp", "log", "out", "spool-pdf" };

  if (getuid () != 0)
    {
      g_test_skip ("CUPS needs root here: cupsd runs the cups-pdf backend as root (CI runs the tests as root)");
      return FALSE;
    }
  if (cupsd == NULL || g_find_program_in_path ("lpstat") == NULL || find_tool ("lpadmin") == NULL)
    {
      g_test_skip ("cupsd, lpadmin or lpstat is not installed (build-aux/install-deps installs cups)");
      return FALSE;
    }
  if (!g_file_test (CUPS_PDF_PPD, G_FILE_TEST_EXISTS) || !g_file_test (CUPS_PDF_BACKEND, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("cups-pdf is not installed (build-aux/install-deps installs printer-driver-cups-pdf)");
      return FALSE;
    }
  if (access (CUPS_PDF_CONF_DIR, W_OK) != 0)
    {
      g_test_skip ("cannot write " CUPS_PDF_CONF_DIR ", where cups-pdf reads its settings");
      return FALSE;
    }

  /* The filters run as lp: they must reach the spool. */
  g_assert_cmpint (g_chmod (tmpdir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *sub = g_build_filename (cups.dir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
      /* Filters keep their temporary files here, as lp. */
      if (g_str_equal (subdirs[i], "tmp"))
        g_assert_cmpint (g_chmod (sub, 01777), ==, 0);
    }
  conf = g_strdup_printf ("LogLevel info\n"
                          "Listen %s\n"
                          "Browsing No\n"
                          "BrowseLocalProtocols none\n"
                          "DefaultShared No\n"
                          "WebInterface No\n"
                          "DefaultAuthType None\n"
                          "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                          "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
                          cups.socket);
  files = g_strdup_printf ("ServerRoot %s/root\n"
                           "RequestRoot %s/spool\n"
                           "CacheDir %s/cache\n"
                           "StateDir %s/state\n"
                           "TempDir %s/tmp\n"
                           "ErrorLog %s/log/error_log\n"
                           "AccessLog %s/log/access_log\n"
                           "PageLog %s/log/page_log\n",
                           cups.dir, cups.dir, cups.dir, cups.dir, cups.dir, cups.dir, cups.dir, cups.dir);
  g_assert_true (write_file (root, "cupsd.conf", conf));
  g_assert_true (write_file (root, "cups-files.conf", files));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  {
    g_autofree char *conf_path = g_build_filename (root, "cupsd.conf", NULL);
    g_autofree char *files_path = g_build_filename (root, "cups-files.conf", NULL);

    cups.cupsd = g_subprocess_launcher_spawn (launcher, &error, cupsd, "-f", "-c", conf_path, "-s", files_path, NULL);
  }
  g_assert_no_error (error);
  if (!wait_until (scheduler_running, NULL, 20000))
    {
      g_autofree char *log = cups_log_tail ();
      g_autofree char *msg = g_strdup_printf ("cupsd did not start here (a sandbox?); its log ends: %s", log);

      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

/* Settings files a run that aborted left behind: their process is gone. */
static void
remove_stale_pdf_confs (void)
{
  g_autoptr(GDir) dir = g_dir_open (CUPS_PDF_CONF_DIR, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      int pid;

      if (sscanf (entry, "cups-pdf-telekit-test-%d.conf", &pid) == 1 && pid > 0 && kill (pid, 0) != 0)
        {
          g_autofree char *path = g_build_filename (CUPS_PDF_CONF_DIR, entry, NULL);

          g_unlink (path);
        }
    }
}

static void
cups_add_queue (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *uri = g_strdup_printf ("cups-pdf:/%s", cups.queue);
  g_autofree char *settings = g_strdup_printf ("Out %s\nAnonDirName %s\nUserPrefix\nSpool %s/spool-pdf\nLog %s/log\n",
                                               cups.out, cups.out, cups.dir, cups.dir);
  g_autofree char *name = g_strdup_printf ("cups-pdf-%s.conf", cups.queue);

  remove_stale_pdf_confs ();
  cups.pdf_conf = g_build_filename (CUPS_PDF_CONF_DIR, name, NULL);
  g_assert_true (g_file_set_contents (cups.pdf_conf, settings, -1, NULL));
  out = cups_run ((const char *const[]) { "lpadmin", "-p", cups.queue, "-v", uri, "-P", CUPS_PDF_PPD, "-E", NULL },
                  &error);
  g_assert_no_error (error);
}

static void
cups_stop (void)
{
  if (cups.cupsd != NULL)
    {
      g_free (cups_run ((const char *const[]) { "lpadmin", "-x", cups.queue, NULL }, NULL));
      g_subprocess_send_signal (cups.cupsd, SIGTERM);
      g_subprocess_wait (cups.cupsd, NULL, NULL);
      g_clear_object (&cups.cupsd);
    }
  if (cups.pdf_conf != NULL)
    g_unlink (cups.pdf_conf);
  g_clear_pointer (&cups.pdf_conf, g_free);
}

/* The queue is empty and cups-pdf has written its file. */
static gboolean
job_done (gpointer data)
{
  char **pdf = data;
  g_autoptr(GDir) dir = g_dir_open (cups.out, 0, NULL);
  g_autofree char *pending = NULL;
  const char *entry;

  pending = cups_run ((const char *const[]) { "lpstat", "-W", "not-completed", "-o", cups.queue, NULL }, NULL);
  if (pending == NULL || *pending != '\0')
    return FALSE;
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".pdf"))
      {
        g_free (*pdf);
        *pdf = g_build_filename (cups.out, entry, NULL);
      }
  return *pdf != NULL;
}

static void
test_cups (void)
{
  const TlkLabelTemplate *tmpl = tlk_label_template_find ("a4-3x8");
  g_autoptr(GPtrArray) labels = kit_labels (27);
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (tmpl, labels);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *pdf = NULL;
  g_autofree char *completed = NULL;
  GtkWidget *parent;
  gboolean done;
  Run run;

  if (!ltu_require_tools () || !cups_start ())
    {
      cups_stop ();
      return;
    }
  cups_add_queue ();

  /* The dialog comes up on the printer the settings name; Print. */
  gtk_print_settings_set_printer (settings, cups.queue);
  tlk_label_print_set_print_settings (print, settings);
  parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (parent));
  start_run (print, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (parent), NULL, &run);
  press_print (cups.queue);
  wait_run (&run);
  gtk_window_destroy (GTK_WINDOW (parent));
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  done = wait_until (job_done, &pdf, 120000);
  if (!done)
    {
      g_autofree char *log = cups_log_tail ();

      g_test_message ("cupsd's log ends: %s", log);
    }
  completed = cups_run ((const char *const[]) { "lpstat", "-W", "completed", "-o", cups.queue, NULL }, NULL);
  /* Nothing of ours stays in /etc once the job is out. */
  cups_stop ();
  g_assert_true (done);
  g_assert_nonnull (completed);
  g_assert_nonnull (strstr (completed, cups.queue));
  assert_printed (pdf, tmpl, labels, 0);
}

/* ---- the preview window --------------------------------------------------- */

/* What the preview shows now, as a scanner would read it off the screen. */
static GPtrArray *
decode_preview (TlkPrintPreview *preview)
{
  GtkWidget *area = find_child (GTK_WIDGET (preview), GTK_TYPE_DRAWING_AREA);
  int width = gtk_widget_get_width (area);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = ltu_path ("preview.png");
  graphene_rect_t bounds;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (area));

  g_assert_cmpint (width, >, 100);
  /* The area as it was last drawn on screen. */
  gtk_widget_snapshot_child (gtk_widget_get_parent (area), area, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat (bounds.size.width, >=, width);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  return ltu_decode (png);
}

static gboolean
preview_ready (gpointer data)
{
  TlkPrintPreview *preview = TLK_PRINT_PREVIEW (find_window (TLK_TYPE_PRINT_PREVIEW));

  return preview != NULL && tlk_print_preview_get_n_pages (preview) > 0 && gtk_widget_get_mapped (GTK_WIDGET (preview));
}

static void
assert_preview_shows (TlkPrintPreview *preview,
                      const char      *code)
{
  g_autoptr(GPtrArray) found = NULL;

  iterate ();
  found = decode_preview (preview);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, code);
}

static void
test_preview (void)
{
  const TlkLabelTemplate *thermal = tlk_label_template_find ("thermal-62");
  const TlkLabelTemplate *sheet = tlk_label_template_find ("a4-3x8");
  g_autoptr(GPtrArray) labels = kit_labels (3);
  g_autoptr(GPtrArray) many = kit_labels (30);
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (thermal, labels);
  g_autoptr(TlkLabelPrint) sheets = tlk_label_print_new (sheet, many);
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autofree char *pdf = ltu_path ("from-preview.pdf");
  GtkWidget *parent = gtk_window_new ();
  TlkPrintPreview *preview;
  Run run;

  if (!ltu_require_tools ())
    return;
  gtk_window_present (GTK_WINDOW (parent));

  /* Three thermal labels: three pages, each drawn by the label renderer. */
  start_run (print, GTK_PRINT_OPERATION_ACTION_PREVIEW, GTK_WINDOW (parent), NULL, &run);
  g_assert_true (wait_until (preview_ready, NULL, TIMEOUT_MS));
  preview = TLK_PRINT_PREVIEW (find_window (TLK_TYPE_PRINT_PREVIEW));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preview)) == GTK_WINDOW (parent));
  g_assert_cmpuint (tlk_print_preview_get_n_pages (preview), ==, 3);
  g_assert_cmpuint (tlk_print_preview_get_page (preview), ==, 0);
  assert_preview_shows (preview, ((TlkLabel *) g_ptr_array_index (labels, 0))->code);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.next-page", NULL));
  g_assert_cmpuint (tlk_print_preview_get_page (preview), ==, 1);
  assert_preview_shows (preview, ((TlkLabel *) g_ptr_array_index (labels, 1))->code);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.last-page", NULL));
  g_assert_cmpuint (tlk_print_preview_get_page (preview), ==, 2);
  assert_preview_shows (preview, ((TlkLabel *) g_ptr_array_index (labels, 2))->code);
  /* No page after the last. */
  gtk_widget_activate_action (GTK_WIDGET (preview), "preview.next-page", NULL);
  g_assert_cmpuint (tlk_print_preview_get_page (preview), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.previous-page", NULL));
  g_assert_cmpuint (tlk_print_preview_get_page (preview), ==, 1);

  /* Close: the run ends as cancelled, nothing printed. */
  gtk_window_close (GTK_WINDOW (preview));
  wait_run (&run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_false (run.ok);
  iterate ();
  g_assert_null (find_window (TLK_TYPE_PRINT_PREVIEW));

  /* An A4 sheet of 30 labels: two pages. Print opens the dialog on the
   * printer chosen before, and prints them there. */
  settings = print_to_file (pdf);
  tlk_label_print_set_print_settings (sheets, settings);
  start_run (sheets, GTK_PRINT_OPERATION_ACTION_PREVIEW, GTK_WINDOW (parent), NULL, &run);
  g_assert_true (wait_until (preview_ready, NULL, TIMEOUT_MS));
  preview = TLK_PRINT_PREVIEW (find_window (TLK_TYPE_PRINT_PREVIEW));
  g_assert_cmpuint (tlk_print_preview_get_n_pages (preview), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.next-page", NULL));
  g_assert_cmpuint (tlk_print_preview_get_page (preview), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.print", NULL));
  press_print ("Print to File");
  wait_run (&run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_true (wait_until (pdf_complete, pdf, TIMEOUT_MS));
  g_assert_null (find_window (TLK_TYPE_PRINT_PREVIEW));
  assert_printed (pdf, sheet, many, 0);

  gtk_window_destroy (GTK_WINDOW (parent));
  iterate ();
}

/* ---- the dialog's Labels tab ----------------------------------------------- */

/* A person picks another stock and a start position in the Labels tab, then
 * prints: the job uses them. */
static void
test_labels_tab (void)
{
  const TlkLabelTemplate *chosen = tlk_label_template_find ("a4-l7160");
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);
  g_autoptr(GPtrArray) labels = kit_labels (4);
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (tlk_label_template_find ("thermal-62"), labels);
  g_autofree char *pdf = ltu_path ("labels-tab.pdf");
  g_autoptr(GtkPrintSettings) settings = print_to_file (pdf);
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *options;
  GtkSpinButton *start;
  Run run;

  if (!ltu_require_tools ())
    return;
  gtk_window_present (GTK_WINDOW (parent));
  tlk_label_print_set_choose_stock (print, TRUE);
  tlk_label_print_set_print_settings (print, settings);
  start_run (print, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (parent), NULL, &run);
  g_assert_true (wait_until (dialog_on_printer, (gpointer) "Print to File", TIMEOUT_MS));
  options = find_child (GTK_WIDGET (find_window (GTK_TYPE_PRINT_UNIX_DIALOG)), TLK_TYPE_LABEL_OPTIONS);
  g_assert_nonnull (options);
  start = GTK_SPIN_BUTTON (find_child (options, GTK_TYPE_SPIN_BUTTON));
  /* Label printers have no positions. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (start)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (options, GTK_TYPE_DROP_DOWN)), (guint) (chosen - templates));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (start)));
  /* The last two positions of the first sheet, then a second sheet. */
  gtk_spin_button_set_value (start, 20);
  press_print ("Print to File");
  wait_run (&run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_true (tlk_label_print_get_template (print) == chosen);
  g_assert_true (wait_until (pdf_complete, pdf, TIMEOUT_MS));
  assert_printed (pdf, chosen, labels, 19);

  gtk_window_destroy (GTK_WINDOW (parent));
  iterate ();
}

/* ---- a long job, cancelled ----------------------------------------------- */

/* A job long enough for its progress dialog (500 labels take about half
 * a second here: too close to the dialog's delay to test it). */
static GPtrArray *
many_labels (void)
{
  g_autoptr(GPtrArray) kits = kit_labels (50);
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);

  for (guint i = 0; i < 2000; i++)
    g_ptr_array_add (labels, tlk_label_copy (g_ptr_array_index (kits, i % kits->len)));
  return labels;
}

/* GTK exports inside gtk_print_operation_run(), on a main loop of its own:
 * what a person does while it runs comes from a source. */
static guint cancel_source;

static gboolean
press_cancel_cb (gpointer user_data)
{
  TlkPrintProgress *progress = TLK_PRINT_PROGRESS (find_window (TLK_TYPE_PRINT_PROGRESS));

  if (progress == NULL)
    return G_SOURCE_CONTINUE;
  cancel_source = 0;
  /* Shown while pages are still being made. */
  g_assert_cmpfloat (tlk_print_progress_get_fraction (progress), <, 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (progress), "cancel");
  return G_SOURCE_REMOVE;
}

/* Between two pages, while the export runs. */
static gboolean
cancel_cb (gpointer user_data)
{
  cancel_source = 0;
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  const TlkLabelTemplate *tmpl = tlk_label_template_find ("thermal-57x32");
  g_autoptr(GPtrArray) labels = many_labels ();
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (tmpl, labels);
  g_autoptr(TlkLabelPrint) again = tlk_label_print_new (tmpl, labels);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *pdf = ltu_path ("cancelled.pdf");
  g_autofree char *other = ltu_path ("cancelled-too.pdf");
  GtkWidget *parent = gtk_window_new ();
  Run run;

  gtk_window_present (GTK_WINDOW (parent));

  /* The progress dialog's Cancel: quietly cancelled, no file. */
  tlk_label_print_set_export_filename (print, pdf);
  cancel_source = g_timeout_add (20, press_cancel_cb, NULL);
  start_run (print, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (parent), NULL, &run);
  wait_run (&run);
  g_assert_cmpuint (cancel_source, ==, 0);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  iterate ();
  g_assert_null (find_window (TLK_TYPE_PRINT_PROGRESS));

  /* The caller's GCancellable. */
  tlk_label_print_set_export_filename (again, other);
  cancel_source = g_timeout_add (20, cancel_cb, cancellable);
  start_run (again, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (parent), cancellable, &run);
  wait_run (&run);
  g_assert_cmpuint (cancel_source, ==, 0);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  iterate ();
  g_assert_null (find_window (TLK_TYPE_PRINT_PROGRESS));

  gtk_window_destroy (GTK_WINDOW (parent));
  iterate ();
}

/* ---- the app: kit page, action cards, refusals ---------------------------- */

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

static void
focus_with_xdotool (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "xdotool", (char *) "windowfocus", (char *) "--sync", xid, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (window_active, window, TIMEOUT_MS));
}

/* The print dialog is up with our Labels tab, showing @stock; closed with
 * Cancel, nothing else appears (a cancelled job is quiet). */
static void
assert_print_dialog_then_cancel (const char *stock)
{
  GtkWindow *dialog;
  GtkWidget *options;

  g_assert_true (wait_until (window_shown, GSIZE_TO_POINTER (GTK_TYPE_PRINT_UNIX_DIALOG), TIMEOUT_MS));
  dialog = find_window (GTK_TYPE_PRINT_UNIX_DIALOG);
  options = find_child (GTK_WIDGET (dialog), TLK_TYPE_LABEL_OPTIONS);
  if (stock != NULL)
    {
      g_assert_nonnull (options);
      g_assert_cmpstr (tlk_label_options_get_template (TLK_LABEL_OPTIONS (options))->name, ==, stock);
    }
  else
    g_assert_null (options);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  iterate ();
  g_assert_null (find_window (GTK_TYPE_PRINT_UNIX_DIALOG));
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_kit_page (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = tlk_kit_page_new ();
  GtkWidget *button = gtk_button_new_with_label ("focus elsewhere");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  TlkKit *kit = g_ptr_array_index (all_kits, 0);
  g_autoptr(GError) error = NULL;
  GtkWidget *print_button;

  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("xdotool is not installed (build-aux/install-deps installs it)");
      return;
    }
  g_settings_set_string (tlk_context_get_settings (context), "label-template", "thermal-62");
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), page);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));

  /* No kit: nothing to print. */
  iterate ();
  print_button = find_action_button (page, "kit.print-label");
  g_assert_nonnull (print_button);
  g_assert_false (gtk_widget_get_sensitive (print_button));

  tlk_kit_page_show_kit (TLK_KIT_PAGE (page), context, kit->id, NULL);
  iterate ();
  g_assert_true (gtk_widget_get_sensitive (print_button));
  focus_with_xdotool (GTK_WINDOW (window));
  /* Ctrl+P while a button elsewhere has the focus. */
  gtk_widget_grab_focus (button);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "xdotool", (char *) "key", (char *) "ctrl+p", NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_print_dialog_then_cancel ("thermal-62");

  /* A code nobody registered: refused, with the reason. */
  {
    g_autofree char *unknown = tlk_code_make (TLK_CODE_KIND_KIT, 987654);
    AdwMessageDialog *dialog;

    tlk_label_print_kits (page, context, (const char *const[]) { kit->id, unknown, NULL });
    g_assert_true (wait_until (window_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), TIMEOUT_MS));
    dialog = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Labels Were Not Printed");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "is not registered in Telekit"));
    g_assert_null (find_window (GTK_TYPE_PRINT_UNIX_DIALOG));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (tlk_context_get_settings (context), "label-template");
  iterate ();
}

static void
test_action_cards (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("dk.telekit.TestPrint", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  TlkWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = tlk_window_new (GTK_APPLICATION (app));
  tlk_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.print-action-cards", NULL));
  /* Action cards have one stock: no Labels tab to choose another. */
  assert_print_dialog_then_cancel (NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The shared list of action cards is the CLI's: one per action. */
static void
test_action_card_labels (void)
{
  g_autoptr(GPtrArray) cards = tlk_label_new_action_cards ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const TlkLabelTemplate *tmpl = tlk_label_template_find (TLK_LABEL_ACTION_CARD_TEMPLATE);
  g_autoptr(TlkLabelPrint) print = NULL;
  g_autofree char *pdf = ltu_path ("action-cards.pdf");
  Run run;

  g_assert_nonnull (tmpl);
  g_assert_cmpuint (cards->len, ==, TLK_ACTION_N - 1);
  for (guint i = 0; i < cards->len; i++)
    {
      TlkLabel *card = g_ptr_array_index (cards, i);

      g_assert_cmpint (card->kind, ==, TLK_LABEL_ACTION);
      g_assert_cmpint (tlk_action_from_code (card->code), ==, (TlkAction) (i + 1));
      g_assert_true (g_hash_table_add (seen, card->code));
    }
  if (!ltu_require_tools ())
    return;
  print = tlk_label_print_new (tmpl, cards);
  tlk_label_print_set_export_filename (print, pdf);
  start_run (print, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, NULL, &run);
  wait_run (&run);
  g_assert_no_error (run.error);
  assert_printed (pdf, tmpl, cards, 0);
}

/* Criticals and warnings fail the test, except one: GTK's CUPS backend
 * asks the system bus for colord (colour profiles), and test machines have
 * no system bus. (GLib aborts on always-fatal levels before a GTest fatal
 * handler could let that one through, hence a writer.) */
static GLogWriterOutput
fatal_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (log_level, fields, n_fields, user_data);
  const char *message = "";

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      message = fields[i].value;
  if ((log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0
      && strstr (message, "failed to contact colord") == NULL)
    g_abort ();
  return result;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *db = NULL;
  TlkDemoOptions options = { 60, 3, 2 };
  TlkStore *store;
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_writer_func (fatal_writer, NULL, NULL);

  tmpdir = g_dir_make_tmp ("telekit-print-XXXXXX", &error);
  g_assert_no_error (error);
  /* Set before GTK's CUPS backend asks libcups where its server is. */
  cups.dir = g_build_filename (tmpdir, "cups", NULL);
  cups.socket = g_build_filename (cups.dir, "cups.sock", NULL);
  cups.out = g_build_filename (cups.dir, "out", NULL);
  cups.queue = g_strdup_printf ("telekit-test-%d", (int) getpid ());
  g_setenv ("CUPS_SERVER", cups.socket, TRUE);

  gtk_init ();
  adw_init ();

  db = g_build_filename (tmpdir, "demo.db", NULL);
  store = tlk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  g_assert_no_error (error);
  all_kits = tlk_store_list_kits (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  settings = g_settings_new ("dk.telekit.Telekit");
  context = tlk_context_new (store, settings);

  /* First, before anything else has started GTK's print backends. */
  g_test_add_func ("/print/cups", test_cups);
  for (guint i = 0; i < n_templates; i++)
    {
      g_autofree char *path = g_strdup_printf ("/print/export/%s", templates[i].name);

      g_test_add_data_func (path, &templates[i], test_export);
    }
  g_test_add_func ("/print/export-refused", test_export_refused);
  g_test_add_func ("/print/action-card-labels", test_action_card_labels);
  g_test_add_func ("/print/labels-tab", test_labels_tab);
  g_test_add_func ("/print/preview", test_preview);
  g_test_add_func ("/print/cancel", test_cancel);
  g_test_add_func ("/print/kit-page", test_kit_page);
  g_test_add_func ("/print/action-cards", test_action_cards);
  status = g_test_run ();

  cups_stop ();
  g_clear_object (&context);
  g_clear_pointer (&all_kits, g_ptr_array_unref);
  ltu_tmpdir_remove ();
  /* The database, and cupsd's folders with files owned by lp. */
  g_spawn_sync (NULL, (char *[]) { (char *) "rm", (char *) "-rf", tmpdir, NULL }, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                NULL, NULL, NULL, NULL);
  g_free (tmpdir);
  return status;
}
