/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-order-import-dialog.h"

#include <glib/gi18n.h>

#include "tlk-order-import.h"
#include "tlk-orders-common.h"
#include "tlk-store-orders.h"

struct _TlkOrderImportDialog
{
  AdwWindow       parent_instance;

  TlkContext     *context;
  GFile          *file;
  GCancellable   *cancellable;
  GPtrArray      *drafts;       /* of TlkOrderDraft: the good rows, once read */

  AdwWindowTitle *window_title;
  GtkButton      *import_button;
  GtkStack       *stack;
  AdwStatusPage  *reading_page;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkLabel       *summary_label;
  GtkWidget      *good_box;
  GtkLabel       *good_label;
  GtkWidget      *bad_box;
  GtkLabel       *bad_label;
  GtkWidget      *problems_group;
  GtkListBox     *problems_list;
};

G_DEFINE_FINAL_TYPE (TlkOrderImportDialog, tlk_order_import_dialog, ADW_TYPE_WINDOW)

enum
{
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- reading, on a thread ------------------------------------------------ */

typedef struct
{
  char  *db_path;
  GFile *file;
} ReadJob;

typedef struct
{
  GPtrArray *drafts;
  GPtrArray *problems;
  guint      n_rows;
} ReadResult;

static void
read_job_free (ReadJob *job)
{
  g_free (job->db_path);
  g_object_unref (job->file);
  g_free (job);
}

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->drafts, g_ptr_array_unref);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadResult, read_result_free)

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(ReadResult) result = g_new0 (ReadResult, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_load_contents (job->file, cancellable, &data, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  /* SQLite connections are per thread: this one is the thread's own. */
  store = tlk_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  result->drafts = tlk_store_read_orders_csv (store, data, length, result->problems, &result->n_rows, &error);
  if (result->drafts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) read_result_free);
}

static void
read_orders_async (TlkOrderImportDialog *self,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  job->db_path = g_strdup (tlk_store_get_path (tlk_context_get_store (self->context)));
  job->file = g_object_ref (self->file);
  g_task_set_source_tag (task, read_orders_async);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  /* Cancel answers at once; the thread's parse finishes unseen. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_thread);
}

static ReadResult *
read_orders_finish (TlkOrderImportDialog *self,
                    GAsyncResult         *result,
                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the preview --------------------------------------------------------- */

static void
update_actions (TlkOrderImportDialog *self)
{
  guint n = self->drafts ? self->drafts->len : 0;
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Good Order",
                                                         "_Import %u Good Orders", n), n);

  gtk_button_set_label (self->import_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), self->drafts != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.accept", n > 0);
}

static void
show_error (TlkOrderImportDialog *self,
            const char           *title,
            const char           *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_spinner_stop (self->spinner);
}

static void
add_problem_row (TlkOrderImportDialog  *self,
                 const TlkOrderProblem *problem)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *where = NULL;

  if (problem->column != NULL)
    /* Translators: where a problem is in the file: "Linje 4 · Sagsnummer" */
    where = g_strdup_printf (_("Line %u · %s"), problem->line, problem->column);
  else
    where = g_strdup_printf (_("Line %u"), problem->line);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->problems_list, row);
}

static void
show_preview (TlkOrderImportDialog *self,
              ReadResult           *result)
{
  guint n_good = result->drafts->len;
  guint n_bad = tlk_order_problems_count_rows (result->problems);
  g_autofree char *summary = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;

  self->drafts = g_steal_pointer (&result->drafts);
  if (result->n_rows == 0)
    summary = g_strdup (_("The file has no order rows, only a header."));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The file has %u order row.",
                                            "The file has %u order rows.", result->n_rows),
                               result->n_rows);
  gtk_label_set_label (self->summary_label, summary);

  good = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row is good and can be imported.",
                                       "%u rows are good and can be imported.", n_good),
                          n_good);
  gtk_label_set_label (self->good_label, good);
  gtk_widget_set_visible (self->good_box, n_good > 0);

  bad = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u row has problems and will be skipped. Correct it in the file and import "
                                      "the file again to add it; rows already imported are not added twice.",
                                      "%u rows have problems and will be skipped. Correct them in the file and import "
                                      "the file again to add them; rows already imported are not added twice.",
                                      n_bad),
                         n_bad);
  gtk_label_set_label (self->bad_label, bad);
  gtk_widget_set_visible (self->bad_box, n_bad > 0);

  gtk_widget_set_visible (self->problems_group, result->problems->len > 0);
  for (guint i = 0; i < result->problems->len; i++)
    add_problem_row (self, g_ptr_array_index (result->problems, i));

  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_spinner_stop (self->spinner);
  update_actions (self);
  gtk_widget_grab_focus (n_good > 0 ? GTK_WIDGET (self->import_button) : GTK_WIDGET (self->problems_list));
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  TlkOrderImportDialog *self = TLK_ORDER_IMPORT_DIALOG (source);
  g_autoptr(ReadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = read_orders_finish (self, res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (result == NULL)
    show_error (self, _("The File Cannot Be Read"), error->message);
  else
    show_preview (self, result);
}

/* ---- importing ----------------------------------------------------------- */

static void
accept_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkOrderImportDialog *self = TLK_ORDER_IMPORT_DIALOG (widget);
  const char *user = tlk_context_get_user_id (self->context);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *reason = g_strdup_printf ("order import from %s", name);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  if (self->drafts == NULL || self->drafts->len == 0 || user == NULL)
    return;
  ids = tlk_context_add_orders (self->context, self->drafts, reason, &error);
  if (ids == NULL)
    {
      g_clear_pointer (&self->drafts, g_ptr_array_unref);
      update_actions (self);
      show_error (self, _("Nothing Was Imported"), error->message);
      return;
    }
  g_signal_emit (self, signals[IMPORTED], 0, ids->len);
  gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
tlk_order_import_dialog_new (GtkWindow  *parent,
                             TlkContext *context,
                             GFile      *file)
{
  TlkOrderImportDialog *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TLK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (TLK_TYPE_ORDER_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  adw_status_page_set_description (self->reading_page, name);
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_spinner_start (self->spinner);
  read_orders_async (self, on_read_cb, NULL);
  return GTK_WIDGET (self);
}

static void
tlk_order_import_dialog_dispose (GObject *object)
{
  TlkOrderImportDialog *self = (TlkOrderImportDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->file);
  g_clear_pointer (&self->drafts, g_ptr_array_unref);

  G_OBJECT_CLASS (tlk_order_import_dialog_parent_class)->dispose (object);
}

static void
tlk_order_import_dialog_class_init (TlkOrderImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_order_import_dialog_dispose;

  /**
   * TlkOrderImportDialog::imported:
   * @n_orders: how many orders were added
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dk/telekit/Telekit/orders/tlk-order-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, reading_page);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, good_box);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, good_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, bad_box);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, bad_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderImportDialog, problems_list);

  gtk_widget_class_install_action (widget_class, "import.accept", NULL, accept_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tlk_order_import_dialog_init (TlkOrderImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}
