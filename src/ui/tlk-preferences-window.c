/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-preferences-window.h"

#include <glib/gi18n.h>

struct _TlkPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;
  AdwEntryRow    *computer_name_row;
  GtkSpinButton  *max_gap_spin;
  AdwEntryRow    *gs_substitute_row;
  GtkSwitch      *sounds_switch;
  AdwActionRow   *database_row;
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

static void
tlk_preferences_window_dispose (GObject *object)
{
  TlkPreferencesWindow *self = (TlkPreferencesWindow *) object;

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
  gtk_widget_class_bind_template_child (widget_class, TlkPreferencesWindow, database_row);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_database_clicked_cb);
}

static void
tlk_preferences_window_init (TlkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
  show_database (self, db_in_use);
  return GTK_WIDGET (self);
}
