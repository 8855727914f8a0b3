/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-scan-view.h"

#include <glib/gi18n.h>
#include <gsound.h>

#include "tlk-code.h"
#include "tlk-kit-page.h"
#include "tlk-scan.h"

struct _TlkScanView
{
  AdwBin          parent_instance;

  TlkContext     *context;
  TlkScanSession *session;
  GSoundContext  *sound;
  gboolean        sound_failed;

  GtkLabel       *action_label;
  GtkDropDown    *action_dropdown;
  GtkBox         *feedback_box;
  GtkImage       *feedback_icon;
  GtkLabel       *feedback_label;
  GtkEntry       *code_entry;
  GtkButton      *finish_button;
  GtkListBox     *log_list;
  TlkKitPage     *kit_page;
};

G_DEFINE_FINAL_TYPE (TlkScanView, tlk_scan_view, ADW_TYPE_BIN)

typedef enum
{
  FEEDBACK_INFO,
  FEEDBACK_OK,
  FEEDBACK_REFUSED,
} Feedback;

static void update_actions (TlkScanView *self);

static void
play (TlkScanView *self,
      Feedback     kind)
{
  g_autoptr(GError) error = NULL;

  if (self->context == NULL || !g_settings_get_boolean (tlk_context_get_settings (self->context), "sounds"))
    return;
  if (self->sound == NULL && !self->sound_failed)
    {
      self->sound = gsound_context_new (NULL, &error);
      /* No sound server (a kiosk, a test): colours and the log still say it. */
      self->sound_failed = self->sound == NULL;
      g_clear_error (&error);
    }
  if (self->sound != NULL &&
      !gsound_context_play_simple (self->sound, NULL, &error,
                                   GSOUND_ATTR_EVENT_ID, kind == FEEDBACK_REFUSED ? "dialog-error" : "complete",
                                   GSOUND_ATTR_EVENT_DESCRIPTION, kind == FEEDBACK_REFUSED ? "refused" : "scanned",
                                   NULL))
    {
      /* No sound card: stop trying; colours and the log still say it. */
      self->sound_failed = TRUE;
      g_clear_object (&self->sound);
    }
}

static void
feedback (TlkScanView *self,
          Feedback     kind,
          const char  *input,
          const char  *message)
{
  static const char *const classes[] = { "info", "success", "error" };
  static const char *const icons[] = { "dialog-information-symbolic", "emblem-ok-symbolic", "dialog-error-symbolic" };
  GtkWidget *row;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", time, input);

  /* What the desk saw, for support and for the tests (G_MESSAGES_DEBUG=tlk-ui). */
  g_debug ("scan feedback %s: %s (%s)", classes[kind], message, input);
  gtk_widget_set_css_classes (GTK_WIDGET (self->feedback_box), (const char *[]) { "feedback", classes[kind], NULL });
  gtk_image_set_from_icon_name (self->feedback_icon, icons[kind]);
  gtk_label_set_label (self->feedback_label, message);

  /* Newest first: the log reads like the desk's last minutes. */
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icons[kind]));
  gtk_widget_add_css_class (row, classes[kind]);
  gtk_list_box_prepend (self->log_list, row);

  play (self, kind);
}

static void
show_kit (TlkScanView *self,
          const char  *code)
{
  const char *open = tlk_scan_session_get_kit (self->session);

  if (open != NULL)
    tlk_kit_page_show_kit (self->kit_page, self->context, open, tlk_scan_session_get_checked (self->session));
  else if (code != NULL && code[0] == TLK_CODE_KIND_KIT)
    tlk_kit_page_show_kit (self->kit_page, self->context, code, NULL);
  else if (tlk_kit_page_get_code (self->kit_page) != NULL)
    tlk_kit_page_show_kit (self->kit_page, self->context, tlk_kit_page_get_code (self->kit_page), NULL);
}

static void
show_action (TlkScanView *self)
{
  TlkAction action = tlk_scan_session_get_action (self->session);

  gtk_label_set_label (self->action_label, tlk_action_describe (action));
  if (gtk_drop_down_get_selected (self->action_dropdown) != (guint) action)
    gtk_drop_down_set_selected (self->action_dropdown, action);
  update_actions (self);
}

/* Writes what a scan decided, or says why not. */
static void
apply_result (TlkScanView   *self,
              const char    *input,
              TlkScanResult *result,
              GError        *error)
{
  g_autoptr(GError) write_error = NULL;

  if (result == NULL)
    {
      g_autofree char *code = tlk_code_parse (input, NULL, NULL);

      feedback (self, FEEDBACK_REFUSED, input, error->message);
      /* The refused kit, as it still is. */
      show_kit (self, code);
      update_actions (self);
      return;
    }

  if (result->events->len > 0 && !tlk_context_write (self->context, result->events, &write_error))
    {
      feedback (self, FEEDBACK_REFUSED, input, write_error->message);
      show_kit (self, NULL);
      update_actions (self);
      return;
    }

  feedback (self, result->outcome == TLK_SCAN_EVENT ? FEEDBACK_OK : FEEDBACK_INFO, input, result->message);
  if (result->outcome == TLK_SCAN_ACTION_SET)
    show_action (self);
  /* The desk remembers where it is, across sessions. */
  if (result->outcome == TLK_SCAN_LOCATION_SET)
    g_settings_set_string (tlk_context_get_settings (self->context), "desk-location", result->code);
  show_kit (self, result->code);
  update_actions (self);
}

typedef struct
{
  TlkScanView *self;
  GtkDropDown *models;
  GPtrArray   *ids;
  char        *input;
} ModelQuestion;

static void
model_question_free (ModelQuestion *q)
{
  g_object_unref (q->self);
  g_ptr_array_unref (q->ids);
  g_free (q->input);
  g_free (q);
}

static void
on_model_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ModelQuestion    *q)
{
  TlkScanView *self = q->self;

  if (g_strcmp0 (response, "register") == 0 && q->ids->len > 0)
    {
      g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlkScanResult) result = NULL;
      const char *model = g_ptr_array_index (q->ids, gtk_drop_down_get_selected (q->models));

      result = tlk_scan_session_choose_model (self->session, world, model, &error);
      apply_result (self, q->input, result, error);
    }
  else
    feedback (self, FEEDBACK_INFO, q->input, _("Not registered: the model was not chosen."));
  model_question_free (q);
}

/* An unknown GTIN: ask once which model it is (the answer is remembered). */
static void
ask_model (TlkScanView   *self,
           const char    *input,
           TlkScanResult *result)
{
  g_autoptr(GPtrArray) models = tlk_store_list (tlk_context_get_store (self->context), TLK_SUBJECT_MODEL, NULL, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  ModelQuestion *q = g_new0 (ModelQuestion, 1);
  GtkWidget *dialog;

  q->self = g_object_ref (self);
  q->ids = g_ptr_array_new_with_free_func (g_free);
  q->input = g_strdup (input);
  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      TlkDeviceModel *m = g_ptr_array_index (models, i);
      g_autofree char *name = g_strdup_printf ("%s %s (%s)", m->manufacturer, m->name, tlk_device_kind_describe (m->kind));
      gtk_string_list_append (names, name);
      g_ptr_array_add (q->ids, g_strdup (m->id));
    }
  q->models = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Which Model Is This?"), result->message);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (q->models));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "register", _("_Register Device"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "register", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "register");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_model_response_cb), q);
  feedback (self, FEEDBACK_INFO, input, result->message);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
tlk_scan_view_scan (TlkScanView *self,
                    const char  *text)
{
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(TlkScanResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (TLK_IS_SCAN_VIEW (self));
  g_return_if_fail (text != NULL);

  if (self->context == NULL || self->session == NULL)
    return;

  /* The log shows what was read, with GS made visible. */
  shown = g_strdup (text);
  g_strdelimit (shown, "\x1d", '|');

  world = tlk_context_new_world (self->context);
  result = tlk_scan_session_handle (self->session, world, text, &error);
  if (result != NULL && result->outcome == TLK_SCAN_NEEDS_MODEL)
    {
      ask_model (self, shown, result);
      return;
    }
  apply_result (self, shown, result, error);
}

void
tlk_scan_view_take_typed (TlkScanView *self,
                          const char  *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (TLK_IS_SCAN_VIEW (self));

  shown = g_strdup (text);
  g_strdelimit (shown, "\x1d", '|');
  feedback (self, FEEDBACK_INFO, shown, _("Typed by hand, not scanned: check the code and press Enter."));
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), text);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->code_entry), -1);
}

static void
on_code_entry_activate_cb (TlkScanView *self,
                           GtkEntry    *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (*g_strstrip (text) == '\0')
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  tlk_scan_view_scan (self, text);
}

static void
on_action_dropdown_selected_cb (TlkScanView *self,
                                GParamSpec  *pspec,
                                GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autofree char *message = NULL;

  if (self->session == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected == (guint) tlk_scan_session_get_action (self->session))
    return;
  tlk_scan_session_set_action (self->session, selected);
  show_action (self);
  message = g_strdup_printf (_("Action: %s"), tlk_action_describe (selected));
  feedback (self, FEEDBACK_INFO, _("keyboard"), message);
}

static void
set_action_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TlkScanView *self = TLK_SCAN_VIEW (widget);
  int action = g_variant_get_int32 (param);

  if (self->session == NULL || action < 0 || action >= TLK_ACTION_N)
    return;
  gtk_drop_down_set_selected (self->action_dropdown, action);
}

static void
finish_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkScanView *self = TLK_SCAN_VIEW (widget);
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(TlkScanResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || tlk_scan_session_get_kit (self->session) == NULL)
    return;
  world = tlk_context_new_world (self->context);
  result = tlk_scan_session_finish (self->session, world, &error);
  if (result == NULL && error == NULL)
    {
      update_actions (self);
      return;
    }
  apply_result (self, _("keyboard"), result, error);
}

static void
focus_entry_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TlkScanView *self = TLK_SCAN_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

static void
update_actions (TlkScanView *self)
{
  gboolean open_return = self->session != NULL && tlk_scan_session_get_checked (self->session) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.finish", open_return);
  gtk_widget_set_visible (GTK_WIDGET (self->finish_button), open_return);
}

static void
on_user_changed_cb (TlkScanView *self)
{
  const char *user = tlk_context_get_user_id (self->context);

  g_clear_pointer (&self->session, tlk_scan_session_free);
  if (user != NULL)
    {
      g_autofree char *desk = g_settings_get_string (tlk_context_get_settings (self->context), "desk-location");
      g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);

      self->session = tlk_scan_session_new (user);
      if (tlk_world_location (world, desk) != NULL)
        tlk_scan_session_set_location (self->session, desk);
    }
  tlk_kit_page_clear (self->kit_page);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->log_list))) != NULL)
      gtk_list_box_remove (self->log_list, child);
  }
  gtk_label_set_label (self->feedback_label, _("Ready. Scan an action card, a kit or a device."));
  gtk_widget_set_css_classes (GTK_WIDGET (self->feedback_box), (const char *[]) { "feedback", "info", NULL });
  if (self->session != NULL)
    show_action (self);
}

void
tlk_scan_view_set_context (TlkScanView *self,
                           TlkContext  *context)
{
  g_return_if_fail (TLK_IS_SCAN_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (on_user_changed_cb), self, G_CONNECT_SWAPPED);
  on_user_changed_cb (self);
}

static void
tlk_scan_view_dispose (GObject *object)
{
  TlkScanView *self = (TlkScanView *) object;

  /* The parent class takes the template's widgets apart; calling
   * gtk_widget_dispose_template() too unparents them twice. */
  g_clear_object (&self->context);
  g_clear_object (&self->sound);
  g_clear_pointer (&self->session, tlk_scan_session_free);

  G_OBJECT_CLASS (tlk_scan_view_parent_class)->dispose (object);
}

static void
tlk_scan_view_class_init (TlkScanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_scan_view_dispose;

  g_type_ensure (TLK_TYPE_KIT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/scan/tlk-scan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, action_label);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, feedback_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, code_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, finish_button);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, log_list);
  gtk_widget_class_bind_template_child (widget_class, TlkScanView, kit_page);
  gtk_widget_class_bind_template_callback (widget_class, on_code_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_action_dropdown_selected_cb);

  gtk_widget_class_install_action (widget_class, "scan.set-action", "i", set_action_activated);
  gtk_widget_class_install_action (widget_class, "scan.finish", NULL, finish_activated);
  gtk_widget_class_install_action (widget_class, "scan.focus-entry", NULL, focus_entry_activated);

}

/* One accelerator table. Managed scope: the window handles these keys
 * wherever the focus is, as long as the scan view is showing. */
static void
add_shortcuts (TlkScanView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (int a = 0; a < 10 && a < TLK_ACTION_N; a++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_0 + a, GDK_ALT_MASK),
                                                                           gtk_named_action_new ("scan.set-action"),
                                                                           "i", a));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("scan.finish")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("scan.focus-entry")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
tlk_scan_view_focus (TlkScanView *self)
{
  g_return_if_fail (TLK_IS_SCAN_VIEW (self));

  /* Not a text field: the scanner's keys stay the scanner's. */
  gtk_widget_grab_focus (GTK_WIDGET (self->action_dropdown));
}

static void
tlk_scan_view_init (TlkScanView *self)
{
  g_autoptr(GtkStringList) actions = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);

  for (int a = 0; a < TLK_ACTION_N; a++)
    {
      g_autofree char *label = a < 10 ? g_strdup_printf ("%s   Alt+%d", tlk_action_describe (a), a)
                                      : g_strdup (tlk_action_describe (a));
      gtk_string_list_append (actions, label);
    }
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (actions));
  update_actions (self);
}

GtkWidget *
tlk_scan_view_new (void)
{
  return g_object_new (TLK_TYPE_SCAN_VIEW, NULL);
}
