/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-preferences-window.h"

#include <glib/gi18n.h>

#include "tlk-label-template.h"
#include "tlk-sync-client.h"
#include "tlk-window.h"

struct _TlkPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;
  AdwEntryRow    *computer_name_row;
  GtkSpinButton  *max_gap_spin;
  AdwEntryRow    *gs_substitute_row;
  GtkSwitch      *sounds_switch;
  AdwComboRow    *label_template_row;
  AdwActionRow   *database_row;

  /* The server page (sign-in): NULL context without a database. */
  TlkContext     *context;
  GCancellable   *sign_in_cancellable;
  char           *result_title;     /* of the last sign-in or sign-out, or NULL */
  char           *result_detail;
  gboolean        result_failed;
  AdwEntryRow    *server_url_row;
  AdwEntryRow    *server_user_row;
  AdwEntryRow    *password_row;
  AdwActionRow   *sign_in_row;
  GtkSpinner     *sign_in_spinner;
  AdwActionRow   *ca_file_row;
  GtkWidget      *ca_file_clear_button;
};

G_DEFINE_FINAL_TYPE (TlkPreferencesWindow, tlk_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_database (TlkPreferencesWindow *self,
               const char           *in_use)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "db-path");

  if (*chosen != '\0' && g_strcmp0 (chosen, in_use) != 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s (from the next start; now %s)"), chosen, in_use);
      adw_action_row_set_subtitle (self->database_row, text);
    }
  else
    adw_action_row_set_subtitle (self->database_row, in_use);
}

static void
on_chooser_response_cb (GtkNativeDialog      *chooser,
                        int                   response,
                        TlkPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *in_use = g_strdup (g_object_get_data (G_OBJECT (self), "db-in-use"));

      if (path != NULL)
        {
          g_settings_set_string (self->settings, "db-path", path);
          show_database (self, in_use);
        }
    }
  g_object_unref (chooser);
}

static void
on_choose_database_clicked_cb (TlkPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Use"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "telekit.db");
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
gs_get_mapping (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_string (value, g_variant_get_string (variant, NULL));
  return TRUE;
}

static GVariant *
gs_set_mapping (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  const char *text = g_value_get_string (value);
  char first[8] = { 0 };

  /* One character at most: the one the scanner sends for GS. */
  if (text != NULL && *text != '\0')
    g_unichar_to_utf8 (g_utf8_get_char (text), first);
  return g_variant_new_string (first);
}

/* The label-template setting holds a template's name; the row shows the
 * templates in the order of tlk_label_template_list. */
static gboolean
template_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const TlkLabelTemplate *tmpl = tlk_label_template_find (g_variant_get_string (variant, NULL));
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);

  if (tmpl == NULL)
    return FALSE;
  g_value_set_uint (value, (guint) (tmpl - templates));
  return TRUE;
}

static GVariant *
template_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);
  guint selected = g_value_get_uint (value);

  if (selected >= n_templates)
    return NULL;
  return g_variant_new_string (templates[selected].name);
}

/* ---- the server ---------------------------------------------------------- */

static char *
get_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_result (TlkPreferencesWindow *self,
            const char           *title,
            const char           *detail,
            gboolean              failed)
{
  g_free (self->result_title);
  self->result_title = g_strdup (title);
  g_free (self->result_detail);
  self->result_detail = g_strdup (detail);
  self->result_failed = failed;
}

static void
update_actions (TlkPreferencesWindow *self)
{
  TlkSyncEngine *engine = self->context ? tlk_context_get_sync_engine (self->context) : NULL;
  gboolean busy = self->sign_in_cancellable != NULL;
  g_autofree char *url = get_row_text (self->server_url_row);
  g_autofree char *user = get_row_text (self->server_user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *settings_user = g_settings_get_string (self->settings, "server-user");
  const char *title;
  const char *detail;
  g_autofree char *signed_in = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.sign-in",
                                 engine != NULL && !busy && *url != '\0' && *user != '\0' && *password != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.sign-out",
                                 engine != NULL && !busy && tlk_sync_engine_get_token (engine) != NULL);

  /* The sign-in in words: what was just tried, else how things stand. */
  if (engine == NULL)
    {
      title = _("No database is open");
      detail = _("Open or make a database first.");
    }
  else if (busy)
    {
      title = _("Signing in…");
      detail = NULL;
    }
  else if (self->result_title != NULL)
    {
      title = self->result_title;
      detail = self->result_detail;
    }
  else if (tlk_sync_engine_get_token (engine) != NULL)
    {
      title = signed_in = g_strdup_printf (_("Signed in as %s"), settings_user);
      detail = _("This computer syncs with the server.");
    }
  else if (tlk_sync_engine_get_state (engine) == TLK_SYNC_STATE_OFF)
    {
      title = _("Not connected to a server");
      detail = _("This computer works alone.");
    }
  else
    {
      title = _("Not signed in");
      detail = _("Give the password and sign in.");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sign_in_row), title);
  adw_action_row_set_subtitle (self->sign_in_row, detail ? detail : "");
  if (self->result_failed && !busy)
    gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_row), "sign-in-failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sign_in_row), "sign-in-failed");
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_spinner), busy);
  gtk_spinner_set_spinning (self->sign_in_spinner, busy);
}

static char *
describe_sign_in_error (const GError *error)
{
  if (g_error_matches (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_UNAUTHORIZED))
    return g_strdup (_("Wrong user name or password."));
  if (g_error_matches (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_NETWORK))
    /* Translators: %s is why, e.g. "The server could not be reached: Connection refused" */
    return g_strdup_printf (_("%s. Check the address and that this computer is online."), error->message);
  return g_strdup (error->message);
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TlkPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  TlkCredentialsPlace place;

  if (!tlk_context_sign_in_to_server_finish (TLK_CONTEXT (source), result, &place, &error))
    {
      g_autofree char *detail = NULL;

      /* Cancelled: the window was closed. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      detail = describe_sign_in_error (error);
      g_clear_object (&self->sign_in_cancellable);
      set_result (self, _("Not signed in"), detail, TRUE);
      update_actions (self);
      return;
    }

  g_clear_object (&self->sign_in_cancellable);
  {
    g_autofree char *settings_user = g_settings_get_string (self->settings, "server-user");
    g_autofree char *title = g_strdup_printf (_("Signed in as %s"), settings_user);

    set_result (self, title,
                place == TLK_CREDENTIALS_KEYRING
                  ? _("The sign-in is kept in this computer’s keyring. The password is not kept.")
                  : _("The sign-in is kept in a file only your user account can read. The password is not kept."),
                FALSE);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update_actions (self);
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TlkPreferencesWindow *self = TLK_PREFERENCES_WINDOW (widget);
  g_autofree char *url = get_row_text (self->server_url_row);
  g_autofree char *user = get_row_text (self->server_user_row);

  if (self->context == NULL || self->sign_in_cancellable != NULL)
    return;
  self->sign_in_cancellable = g_cancellable_new ();
  set_result (self, NULL, NULL, FALSE);
  tlk_context_sign_in_to_server_async (self->context, url, user,
                                       gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                       self->sign_in_cancellable, on_signed_in_cb, g_object_ref (self));
  update_actions (self);
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkPreferencesWindow *self = TLK_PREFERENCES_WINDOW (widget);

  if (self->context == NULL)
    return;
  tlk_context_sign_out_of_server (self->context);
  set_result (self, _("Signed out"), _("This computer no longer syncs. Sign in to sync again."), FALSE);
  update_actions (self);
}

static void
on_password_row_entry_activated_cb (TlkPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.sign-in", NULL);
}

/* Applying the address or user name keeps it without signing in; an empty
 * address makes this computer work alone. */
static void
on_server_row_apply_cb (TlkPreferencesWindow *self)
{
  g_autofree char *url = get_row_text (self->server_url_row);
  g_autofree char *user = get_row_text (self->server_user_row);

  g_settings_set_string (self->settings, "server-url", url);
  g_settings_set_string (self->settings, "server-user", user);
  set_result (self, NULL, NULL, FALSE);
  update_actions (self);
}

static void
show_ca_file (TlkPreferencesWindow *self)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "server-ca-file");

  adw_action_row_set_subtitle (self->ca_file_row,
                               *ca_file != '\0' ? ca_file : _("The system’s trusted certificates (the usual case)"));
  gtk_widget_set_visible (self->ca_file_clear_button, *ca_file != '\0');
}

static void
on_ca_chooser_response_cb (GtkNativeDialog      *chooser,
                           int                   response,
                           TlkPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (self->settings, "server-ca-file", path);
    }
  g_object_unref (chooser);
}

static void
on_choose_ca_file_clicked_cb (TlkPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Server’s Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Use"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_ca_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_ca_file_clear_clicked_cb (TlkPreferencesWindow *self)
{
  g_settings_set_string (self->settings, "server-ca-file", "");
}

static void
tlk_preferences_window_dispose (GObject *object)
{
  TlkPreferencesWindow *self = (TlkPreferencesWindow *) object;

  g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->result_title, g_free);
  g_clear_pointer (&self->result_detail, g_free);

  /* The parent class takes the template's widgets apart; calling
   * gtk_widget_dispose_template() too unparents them twice. */
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tlk_preferences_window_parent_class)->dispose (object);
}

static void
tlk_preferences_window_class_init (TlkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/tlk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, computer_name_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, max_gap_spin);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, gs_substitute_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, sounds_switch);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, label_template_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, database_row);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_database_clicked_cb);

  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, server_user_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, ca_file_clear_button);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, on_server_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_ca_file_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_clear_clicked_cb);

  gtk_widget_class_install_action (widget_class, "prefs.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "prefs.sign-out", NULL, sign_out_activated);
}

static void
tlk_preferences_window_init (TlkPreferencesWindow *self)
{
  g_autoptr(GtkStringList) stock = gtk_string_list_new (NULL);
  guint n_templates;
  const TlkLabelTemplate *templates = tlk_label_template_list (&n_templates);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < n_templates; i++)
    gtk_string_list_append (stock, _(templates[i].description));
  adw_combo_row_set_model (self->label_template_row, G_LIST_MODEL (stock));
}

GtkWidget *
tlk_preferences_window_new (GtkWindow  *parent,
                            GSettings  *settings,
                            const char *db_in_use)
{
  TlkPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TLK_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->settings = g_object_ref (settings);
  g_object_set_data_full (G_OBJECT (self), "db-in-use", g_strdup (db_in_use), g_free);
  g_settings_bind (settings, "computer-name", self->computer_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "scanner-max-gap", self->max_gap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "gs-substitute", self->gs_substitute_row, "text", G_SETTINGS_BIND_DEFAULT,
                                gs_get_mapping, gs_set_mapping, NULL, NULL);
  g_settings_bind (settings, "sounds", self->sounds_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "label-template", self->label_template_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, template_get_mapping, template_set_mapping, NULL, NULL);
  show_database (self, db_in_use);

  /* The server page works on the context of the window it belongs to. */
  if (TLK_IS_WINDOW (parent) && tlk_window_get_context (TLK_WINDOW (parent)) != NULL)
    {
      self->context = g_object_ref (tlk_window_get_context (TLK_WINDOW (parent)));
      g_signal_connect_object (tlk_context_get_sync_engine (self->context), "notify::token",
                               G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tlk_context_get_sync_engine (self->context), "notify::state",
                               G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
    }
  {
    g_autofree char *url = g_settings_get_string (settings, "server-url");
    g_autofree char *user = g_settings_get_string (settings, "server-user");

    gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), url);
    gtk_editable_set_text (GTK_EDITABLE (self->server_user_row), user);
    /* Only now: the texts just set are no edit to apply. */
    adw_entry_row_set_show_apply_button (self->server_url_row, TRUE);
    adw_entry_row_set_show_apply_button (self->server_user_row, TRUE);
  }
  g_signal_connect_object (settings, "changed::server-ca-file", G_CALLBACK (show_ca_file), self, G_CONNECT_SWAPPED);
  show_ca_file (self);
  update_actions (self);
  return GTK_WIDGET (self);
}
