/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-failure-dialog.h"

#include <glib/gi18n.h>

#include "tlk-route.h"

struct _TlkFailureDialog
{
  AdwMessageDialog parent_instance;

  TlkContext      *context;
  TlkStop         *stop;
  char            *reason;     /* the reason ticked, or NULL */

  GtkListBox      *reasons_list;
  AdwEntryRow     *note_row;
  GtkLabel        *hint_label;
};

G_DEFINE_FINAL_TYPE (TlkFailureDialog, tlk_failure_dialog, ADW_TYPE_MESSAGE_DIALOG)

TlkEvent *
tlk_failure_dialog_dup_event (TlkFailureDialog *self,
                              GError          **error)
{
  const char *actor;

  g_return_val_if_fail (TLK_IS_FAILURE_DIALOG (self), NULL);

  actor = tlk_context_get_user_id (self->context);
  if (self->stop == NULL || actor == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, _("The stop is no longer on this computer."));
      return NULL;
    }
  return tlk_stop_failed_event (self->stop, self->reason, gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                actor, error);
}

/* Core decides whether the answer will do; the dialog only shows it. */
static void
update (TlkFailureDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkEvent) event = tlk_failure_dialog_dup_event (self, &error);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "fail", event != NULL);
  gtk_label_set_label (self->hint_label, event != NULL ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), event == NULL);
}

static void
on_reason_toggled_cb (GtkCheckButton   *check,
                      TlkFailureDialog *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  g_free (self->reason);
  self->reason = g_strdup (gtk_widget_get_name (GTK_WIDGET (check)));
  update (self);
  /* On to the note ("other" needs one), where Enter records the answer. */
  gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}

static void
on_note_row_changed_cb (TlkFailureDialog *self)
{
  update (self);
}

static void
add_reasons (TlkFailureDialog *self)
{
  const char *const *reasons = tlk_stop_failure_reasons ();
  GtkCheckButton *group = NULL;

  for (guint i = 0; reasons[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* The reason's machine name: the row and its check say which it is. */
      gtk_widget_set_name (row, reasons[i]);
      gtk_widget_set_name (check, reasons[i]);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* The row takes the focus and the keys (arrows, Space), once. */
      gtk_widget_set_focusable (check, FALSE);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tlk_stop_failure_describe (reasons[i]), -1);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tlk_stop_failure_describe (reasons[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_reason_toggled_cb), self, 0);
      gtk_list_box_append (self->reasons_list, row);
    }
}

TlkFailureDialog *
tlk_failure_dialog_new (GtkWindow  *parent,
                        TlkContext *context,
                        const char *stop_id)
{
  TlkFailureDialog *self;
  GtkListBoxRow *first;

  g_return_val_if_fail (TLK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (stop_id != NULL, NULL);

  self = g_object_new (TLK_TYPE_FAILURE_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->stop = tlk_store_load (tlk_context_get_store (context), TLK_SUBJECT_STOP, stop_id);
  if (self->stop != NULL)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                    _("Stop %d, %s. The office sees the reason and plans the visit again."),
                                    self->stop->seq, tlk_stop_kind_describe (self->stop->kind));
  update (self);
  first = gtk_list_box_get_row_at_index (self->reasons_list, 0);
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
  return self;
}

static void
tlk_failure_dialog_dispose (GObject *object)
{
  TlkFailureDialog *self = (TlkFailureDialog *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->stop, tlk_stop_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (tlk_failure_dialog_parent_class)->dispose (object);
}

static void
tlk_failure_dialog_class_init (TlkFailureDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_failure_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/driver/tlk-failure-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkFailureDialog, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, TlkFailureDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, TlkFailureDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_note_row_changed_cb);
}

static void
tlk_failure_dialog_init (TlkFailureDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_reasons (self);
}
