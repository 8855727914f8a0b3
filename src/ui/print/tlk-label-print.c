/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-label-print.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tlk-label-options.h"
#include "tlk-label-writer.h"
#include "tlk-print-preview.h"
#include "tlk-print-progress.h"

/* A job still making pages after this long shows its progress. */
#define PROGRESS_DELAY_MS 400

struct _TlkLabelPrint
{
  GObject                  parent_instance;

  const TlkLabelTemplate  *tmpl;
  GPtrArray               *labels;              /* of TlkLabel */
  guint                    start;
  char                    *job_name;
  gboolean                 choose_stock;
  GtkPrintSettings        *settings;
  char                    *export_filename;

  /* While a run is under way (one at a time). */
  GTask                   *task;
  GtkPrintOperation       *operation;
  GtkWindow               *parent;
  char                    *export_part;         /* the PDF being written */
  gulong                   cancelled_id;
  gboolean                 previewing;
  gboolean                 print_after_preview;
  guint                    pages_done;
  guint                    progress_id;
  TlkPrintProgress        *progress;
  GtkWindow               *preview;             /* weak */
  guint                    finish_id;
};

G_DEFINE_FINAL_TYPE (TlkLabelPrint, tlk_label_print, G_TYPE_OBJECT)

static void start_operation (TlkLabelPrint           *self,
                             GtkPrintOperationAction  action);

/* ---- pages ---------------------------------------------------------------- */

static GtkPaperSize *
paper_size_new (const TlkLabelTemplate *tmpl,
                double                  width,
                double                  height)
{
  g_autofree char *name = NULL;
  g_autofree char *display_name = NULL;

  /* A4 by its standard name, so the printer takes it from its A4 tray. */
  if (fabs (width - 210) < 0.5 && fabs (height - 297) < 0.5)
    return gtk_paper_size_new (GTK_PAPER_NAME_A4);
  name = g_strdup_printf ("telekit-%s-%.0fx%.0f", tmpl->name, width * 10, height * 10);
  display_name = g_strdup_printf ("%.4g × %.4g mm", width, height);
  return gtk_paper_size_new_custom (name, display_name, width, height, GTK_UNIT_MM);
}

/* The paper of page @page: the stock's, never what the dialog offered, as
 * labels only fit their own stock. */
static void
set_up_page (TlkLabelPrint *self,
             guint          page,
             GtkPageSetup  *setup)
{
  g_autoptr(GtkPaperSize) paper = NULL;
  double width, height, top, bottom, left, right;

  tlk_label_page_size (self->tmpl, self->labels, self->start, page, &width, &height);
  tlk_label_template_margins (self->tmpl, &top, &bottom, &left, &right);
  paper = paper_size_new (self->tmpl, width, height);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_top_margin (setup, top, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, bottom, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, left, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, right, GTK_UNIT_MM);
}

static guint
pages_to_make (TlkLabelPrint *self)
{
  int n = 0;

  /* Page ranges and copies chosen in the dialog change the count. */
  g_object_get (self->operation, "n-pages-to-print", &n, NULL);
  return n > 0 ? (guint) n : tlk_label_print_get_n_pages (self);
}

/* ---- progress ------------------------------------------------------------- */

static void
hide_progress (TlkLabelPrint *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->progress != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->progress, self);
      gtk_window_destroy (GTK_WINDOW (self->progress));
      g_clear_object (&self->progress);
    }
}

/* Cancel; the dialog goes when ::done says the job has stopped. */
static void
on_progress_response_cb (TlkLabelPrint *self,
                         const char    *response)
{
  if (self->operation != NULL)
    gtk_print_operation_cancel (self->operation);
}

static void
update_progress (TlkLabelPrint *self)
{
  guint total;

  if (self->progress == NULL)
    return;
  total = pages_to_make (self);
  tlk_print_progress_set_pages (self->progress, MIN (self->pages_done, total), total);
}

static gboolean
show_progress_cb (gpointer user_data)
{
  TlkLabelPrint *self = user_data;

  self->progress_id = 0;
  self->progress = g_object_ref (TLK_PRINT_PROGRESS (tlk_print_progress_new (self->parent)));
  g_signal_connect_object (self->progress, "response", G_CALLBACK (on_progress_response_cb), self,
                           G_CONNECT_SWAPPED);
  update_progress (self);
  gtk_window_present (GTK_WINDOW (self->progress));
  return G_SOURCE_REMOVE;
}

/* ---- the end of a run ----------------------------------------------------- */

static void
finish (TlkLabelPrint *self,
        GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  hide_progress (self);
  g_clear_handle_id (&self->finish_id, g_source_remove);
  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_clear_object (&self->operation);
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;
  if (self->export_part != NULL)
    g_unlink (self->export_part);
  g_clear_pointer (&self->export_part, g_free);
  g_clear_object (&self->parent);
  g_clear_weak_pointer (&self->preview);
  self->previewing = FALSE;
  self->print_after_preview = FALSE;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
finish_cancelled (TlkLabelPrint *self)
{
  finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled.")));
}

static GError *
operation_error (GtkPrintOperation *operation)
{
  g_autoptr(GError) error = NULL;

  gtk_print_operation_get_error (operation, &error);
  if (error != NULL)
    return g_error_new (error->domain, error->code, _("The labels could not be printed: %s"), error->message);
  return g_error_new_literal (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                              _("The labels could not be printed: the printer did not take the job."));
}

/* Every page is made: the PDF is written, or the job is with the printing
 * system, which sends it on by itself. (GTK reports nothing after that for
 * "Print to File", so there is nothing later to wait for.) */
static void
finish_printed (TlkLabelPrint *self)
{
  g_set_object (&self->settings, gtk_print_operation_get_print_settings (self->operation));
  if (self->export_part != NULL)
    {
      if (g_rename (self->export_part, self->export_filename) != 0)
        {
          int saved = errno;

          finish (self, g_error_new (G_FILE_ERROR, g_file_error_from_errno (saved),
                                     _("The labels could not be saved as %s: %s"), self->export_filename,
                                     g_strerror (saved)));
          return;
        }
      g_clear_pointer (&self->export_part, g_free);
    }
  finish (self, NULL);
}

static gboolean
print_again_cb (gpointer user_data)
{
  TlkLabelPrint *self = user_data;

  self->finish_id = 0;
  /* The dialog again, on the printer and options chosen before the
   * Preview: GTK 4.8 cannot print to a named printer without it (see
   * tlk_label_print_run_async). */
  start_operation (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
  return G_SOURCE_REMOVE;
}

/* ---- the operation's signals ---------------------------------------------- */

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   TlkLabelPrint     *self)
{
  /* The Labels tab may have changed the stock. */
  gtk_print_operation_set_n_pages (operation, tlk_label_print_get_n_pages (self));
  self->pages_done = 0;
  if (!self->previewing && self->progress == NULL && self->progress_id == 0)
    self->progress_id = g_timeout_add (PROGRESS_DELAY_MS, show_progress_cb, self);
}

static void
on_request_page_setup_cb (GtkPrintOperation *operation,
                          GtkPrintContext   *context,
                          int                page_nr,
                          GtkPageSetup      *setup,
                          TlkLabelPrint     *self)
{
  set_up_page (self, (guint) page_nr, setup);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 TlkLabelPrint     *self)
{
  /* The context's unit is a millimetre from the paper's corner (unit MM,
   * full page): what the label writers draw in. */
  tlk_label_draw_page (self->tmpl, self->labels, self->start, (guint) page_nr,
                       gtk_print_context_get_cairo_context (context));
  if (!self->previewing)
    {
      self->pages_done++;
      update_progress (self);
    }
}

static void
on_preview_print_cb (TlkLabelPrint *self)
{
  self->print_after_preview = TRUE;
}

static gboolean
on_preview_cb (GtkPrintOperation        *operation,
               GtkPrintOperationPreview *preview,
               GtkPrintContext          *context,
               GtkWindow                *parent,
               TlkLabelPrint            *self)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *window;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u label", "%s · %u labels", self->labels->len),
                              _(self->tmpl->description), self->labels->len);
  self->previewing = TRUE;
  window = tlk_print_preview_new (operation, context, parent != NULL ? parent : self->parent, subtitle);
  g_signal_connect_object (window, "print", G_CALLBACK (on_preview_print_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->preview, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  return TRUE;
}

static void
on_done_cb (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            TlkLabelPrint           *self)
{
  if (self->previewing)
    {
      /* The preview was closed; its print settings hold the printer the
       * dialog chose. */
      self->previewing = FALSE;
      g_set_object (&self->settings, gtk_print_operation_get_print_settings (operation));
      if (self->print_after_preview && result == GTK_PRINT_OPERATION_RESULT_APPLY)
        {
          self->print_after_preview = FALSE;
          g_signal_handlers_disconnect_by_data (operation, self);
          g_clear_object (&self->operation);
          /* Not from inside the old operation's signal. */
          self->finish_id = g_idle_add (print_again_cb, self);
        }
      else
        finish_cancelled (self);
      return;
    }

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      finish_printed (self);
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      finish (self, operation_error (operation));
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      finish_cancelled (self);
      break;
    }
}

static GObject *
on_create_custom_widget_cb (GtkPrintOperation *operation,
                            TlkLabelPrint     *self)
{
  return G_OBJECT (tlk_label_options_new (self->tmpl, self->start));
}

static void
on_custom_widget_apply_cb (GtkPrintOperation *operation,
                           GtkWidget         *widget,
                           TlkLabelPrint     *self)
{
  self->tmpl = tlk_label_options_get_template (TLK_LABEL_OPTIONS (widget));
  self->start = tlk_label_options_get_start (TLK_LABEL_OPTIONS (widget));
  gtk_print_operation_set_n_pages (operation, tlk_label_print_get_n_pages (self));
}

static void
on_cancelled_cb (GCancellable  *cancellable,
                 TlkLabelPrint *self)
{
  /* Takes effect at the next page, or as the preview closes; ::done
   * follows. */
  if (self->operation != NULL)
    gtk_print_operation_cancel (self->operation);
  if (self->preview != NULL)
    gtk_window_close (self->preview);
}

static void
start_operation (TlkLabelPrint           *self,
                 GtkPrintOperationAction  action)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_set_object (&self->operation, operation);

  set_up_page (self, 0, setup);
  gtk_print_operation_set_job_name (operation, self->job_name != NULL ? self->job_name : _("Telekit labels"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_MM);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_n_pages (operation, tlk_label_print_get_n_pages (self));
  gtk_print_operation_set_default_page_setup (operation, setup);
  if (self->settings != NULL)
    gtk_print_operation_set_print_settings (operation, self->settings);
  if (action == GTK_PRINT_OPERATION_ACTION_EXPORT)
    gtk_print_operation_set_export_filename (operation, self->export_part);
  if (self->choose_stock && action == GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG)
    {
      gtk_print_operation_set_custom_tab_label (operation, _("Labels"));
      g_signal_connect_object (operation, "create-custom-widget", G_CALLBACK (on_create_custom_widget_cb), self, 0);
      g_signal_connect_object (operation, "custom-widget-apply", G_CALLBACK (on_custom_widget_apply_cb), self, 0);
    }

  g_signal_connect_object (operation, "begin-print", G_CALLBACK (on_begin_print_cb), self, 0);
  g_signal_connect_object (operation, "request-page-setup", G_CALLBACK (on_request_page_setup_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page_cb), self, 0);
  g_signal_connect_object (operation, "preview", G_CALLBACK (on_preview_cb), self, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_done_cb), self, 0);

  /* Export runs to its end in here; the others return at once. Either way
   * ::done tells how it went, except for an error before any page. */
  result = gtk_print_operation_run (operation, action, self->parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && self->task != NULL && self->operation == operation)
    finish (self, operation_error (operation));
}

/* ---- public --------------------------------------------------------------- */

void
tlk_label_print_run_async (TlkLabelPrint           *self,
                           GtkPrintOperationAction  action,
                           GtkWindow               *parent,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TLK_IS_LABEL_PRINT (self));
  g_return_if_fail (self->task == NULL);
  /* GTK 4.8's lookup of the printer for ACTION_PRINT (find_printer() in
   * gtkprintoperation-unix.c) calls back twice, the second time on freed
   * memory, when CUPS lists the printer; and never finds "Print to File". */
  g_return_if_fail (action != GTK_PRINT_OPERATION_ACTION_PRINT);
  g_return_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || self->export_filename != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tlk_label_print_run_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!tlk_label_check_start (self->tmpl, self->start, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (action == GTK_PRINT_OPERATION_ACTION_EXPORT)
    {
      /* Written beside the file and renamed when every page is made. */
      g_autofree char *tmpl = g_strconcat (self->export_filename, ".XXXXXX", NULL);
      int fd = g_mkstemp_full (tmpl, O_RDWR, 0644);

      if (fd < 0)
        {
          int saved = errno;

          g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved),
                                   _("The labels could not be saved as %s: %s"), self->export_filename,
                                   g_strerror (saved));
          return;
        }
      g_close (fd, NULL);
      self->export_part = g_steal_pointer (&tmpl);
    }

  self->task = g_steal_pointer (&task);
  g_set_object (&self->parent, parent);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), self, NULL);
  start_operation (self, action);
}

gboolean
tlk_label_print_run_finish (TlkLabelPrint *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (TLK_IS_LABEL_PRINT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tlk_label_print_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const TlkLabelTemplate *
tlk_label_print_get_template (TlkLabelPrint *self)
{
  g_return_val_if_fail (TLK_IS_LABEL_PRINT (self), NULL);
  return self->tmpl;
}

void
tlk_label_print_set_start (TlkLabelPrint *self,
                           guint          start)
{
  g_return_if_fail (TLK_IS_LABEL_PRINT (self));
  g_return_if_fail (self->task == NULL);

  self->start = start;
}

guint
tlk_label_print_get_n_pages (TlkLabelPrint *self)
{
  g_return_val_if_fail (TLK_IS_LABEL_PRINT (self), 0);
  return tlk_label_count_pages (self->tmpl, self->labels->len, self->start);
}

void
tlk_label_print_set_job_name (TlkLabelPrint *self,
                              const char    *job_name)
{
  g_return_if_fail (TLK_IS_LABEL_PRINT (self));

  g_free (self->job_name);
  self->job_name = g_strdup (job_name);
}

void
tlk_label_print_set_choose_stock (TlkLabelPrint *self,
                                  gboolean       choose_stock)
{
  g_return_if_fail (TLK_IS_LABEL_PRINT (self));
  self->choose_stock = !!choose_stock;
}

GtkPrintSettings *
tlk_label_print_get_print_settings (TlkLabelPrint *self)
{
  g_return_val_if_fail (TLK_IS_LABEL_PRINT (self), NULL);
  return self->settings;
}

void
tlk_label_print_set_print_settings (TlkLabelPrint    *self,
                                    GtkPrintSettings *settings)
{
  g_return_if_fail (TLK_IS_LABEL_PRINT (self));
  g_return_if_fail (settings == NULL || GTK_IS_PRINT_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}

void
tlk_label_print_set_export_filename (TlkLabelPrint *self,
                                     const char    *path)
{
  g_return_if_fail (TLK_IS_LABEL_PRINT (self));
  g_return_if_fail (self->task == NULL);

  g_free (self->export_filename);
  self->export_filename = g_strdup (path);
}

static void
tlk_label_print_dispose (GObject *object)
{
  TlkLabelPrint *self = (TlkLabelPrint *) object;

  /* A run holds a reference through its task: nothing is under way. */
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tlk_label_print_parent_class)->dispose (object);
}

static void
tlk_label_print_finalize (GObject *object)
{
  TlkLabelPrint *self = (TlkLabelPrint *) object;

  g_ptr_array_unref (self->labels);
  g_free (self->job_name);
  g_free (self->export_filename);

  G_OBJECT_CLASS (tlk_label_print_parent_class)->finalize (object);
}

static void
tlk_label_print_class_init (TlkLabelPrintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tlk_label_print_dispose;
  object_class->finalize = tlk_label_print_finalize;
}

static void
tlk_label_print_init (TlkLabelPrint *self)
{
}

TlkLabelPrint *
tlk_label_print_new (const TlkLabelTemplate *tmpl,
                     GPtrArray              *labels)
{
  TlkLabelPrint *self;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (labels != NULL && labels->len > 0, NULL);

  self = g_object_new (TLK_TYPE_LABEL_PRINT, NULL);
  self->tmpl = tmpl;
  self->labels = g_ptr_array_ref (labels);
  return self;
}

/* ---- the app's print commands --------------------------------------------- */

static void
show_error (GtkWidget  *parent,
            const char *heading,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The printer and options of the last job on each stock, for this session:
 * the label printer for thermal stock, the office printer for sheets. */
static char *
settings_key (const TlkLabelTemplate *tmpl)
{
  return g_strconcat ("tlk-print-settings-", tmpl->name, NULL);
}

static void
remember_settings (TlkContext    *context,
                   TlkLabelPrint *print)
{
  g_autofree char *key = settings_key (tlk_label_print_get_template (print));
  GtkPrintSettings *settings = tlk_label_print_get_print_settings (print);

  if (settings != NULL)
    g_object_set_data_full (G_OBJECT (context), key, g_object_ref (settings), g_object_unref);
}

static void
recall_settings (TlkContext    *context,
                 TlkLabelPrint *print)
{
  g_autofree char *key = settings_key (tlk_label_print_get_template (print));

  tlk_label_print_set_print_settings (print, g_object_get_data (G_OBJECT (context), key));
}

typedef struct
{
  GtkWidget  *parent;
  TlkContext *context;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->parent);
  g_clear_object (&job->context);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintJob, print_job_free)

static PrintJob *
print_job_new (GtkWidget  *parent,
               TlkContext *context)
{
  PrintJob *job = g_new0 (PrintJob, 1);

  job->parent = g_object_ref (parent);
  job->context = g_object_ref (context);
  return job;
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PrintJob) job = user_data;
  TlkLabelPrint *print = TLK_LABEL_PRINT (source);
  g_autoptr(GError) error = NULL;

  if (tlk_label_print_run_finish (print, result, &error))
    remember_settings (job->context, print);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (job->parent, _("The Labels Were Not Printed"), error->message);
}

static void
print_labels (PrintJob               *job,
              const TlkLabelTemplate *tmpl,
              GPtrArray              *labels,
              const char             *job_name,
              gboolean                choose_stock)
{
  g_autoptr(TlkLabelPrint) print = tlk_label_print_new (tmpl, labels);
  GtkRoot *root = gtk_widget_get_root (job->parent);

  tlk_label_print_set_job_name (print, job_name);
  tlk_label_print_set_choose_stock (print, choose_stock);
  recall_settings (job->context, print);
  tlk_label_print_run_async (print, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             NULL, printed_cb, job);
}

typedef struct
{
  char  *db_path;
  GStrv  codes;
} MakeLabels;

static void
make_labels_free (MakeLabels *make)
{
  g_free (make->db_path);
  g_strfreev (make->codes);
  g_free (make);
}

/* Off the main thread (STYLE §12): a connection of its own, as the
 * inventory's loader has. */
static void
make_labels_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  MakeLabels *make = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (make->db_path, &error);
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  world = tlk_store_new_world (store);
  for (guint i = 0; make->codes[i] != NULL; i++)
    {
      TlkLabel *label = tlk_label_new_for_code (world, make->codes[i], NULL, NULL, &error);

      if (label == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (labels, label);
    }
  g_task_return_pointer (task, g_steal_pointer (&labels), (GDestroyNotify) g_ptr_array_unref);
}

static void
labels_made_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PrintJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *name = NULL;
  const TlkLabelTemplate *tmpl;

  if (labels == NULL)
    {
      show_error (job->parent, _("The Labels Were Not Printed"), error->message);
      return;
    }
  /* The schema lists the template names as the key's choices. */
  name = g_settings_get_string (tlk_context_get_settings (job->context), "label-template");
  tmpl = tlk_label_template_find (name);
  g_return_if_fail (tmpl != NULL);
  print_labels (g_steal_pointer (&job), tmpl, labels,
                g_dngettext (GETTEXT_PACKAGE, "Telekit label", "Telekit labels", labels->len), TRUE);
}

void
tlk_label_print_kits (GtkWidget         *parent,
                      TlkContext        *context,
                      const char *const *codes)
{
  g_autoptr(GTask) task = NULL;
  MakeLabels *make;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (TLK_IS_CONTEXT (context));
  g_return_if_fail (codes != NULL && codes[0] != NULL);

  make = g_new0 (MakeLabels, 1);
  make->db_path = g_strdup (tlk_store_get_path (tlk_context_get_store (context)));
  make->codes = g_strdupv ((char **) codes);
  task = g_task_new (NULL, NULL, labels_made_cb, print_job_new (parent, context));
  g_task_set_source_tag (task, tlk_label_print_kits);
  g_task_set_task_data (task, make, (GDestroyNotify) make_labels_free);
  g_task_run_in_thread (task, make_labels_thread);
}

void
tlk_label_print_action_cards (GtkWidget  *parent,
                              TlkContext *context)
{
  g_autoptr(GPtrArray) cards = tlk_label_new_action_cards ();

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  print_labels (print_job_new (parent, context), tlk_label_template_find (TLK_LABEL_ACTION_CARD_TEMPLATE), cards,
                _("Telekit action cards"), FALSE);
}
