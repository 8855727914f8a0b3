/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-sync-indicator.h"

#include <glib/gi18n.h>

#include "tlk-store-sync.h"
#include "tlk-role.h"

struct _TlkSyncIndicator
{
  AdwBin         parent_instance;

  TlkContext    *context;
  TlkSyncEngine *engine;
  guint          n_conflicts;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *count_label;
  GtkImage      *state_image;
  GtkLabel      *title_label;
  GtkLabel      *detail_label;
  GtkLabel      *note_label;
  GtkLabel      *pending_label;
  GtkLabel      *last_label;
  GtkButton     *conflicts_button;
  GtkLabel      *conflicts_label;
  GtkButton     *setup_button;
  GtkButton     *sync_button;
};

G_DEFINE_FINAL_TYPE (TlkSyncIndicator, tlk_sync_indicator, ADW_TYPE_BIN)

/* Icons from the Adwaita theme of Debian 12 (adwaita-icon-theme 43). */
static const struct
{
  const char *icon;
  const char *style;   /* CSS class of the button, or NULL */
  const char *title;
} states[] = {
  [TLK_SYNC_STATE_OFF] = { "computer-symbolic", NULL, N_("Not connected to a server") },
  [TLK_SYNC_STATE_IDLE] = { "emblem-ok-symbolic", NULL, N_("Synced with the server") },
  [TLK_SYNC_STATE_SYNCING] = { "emblem-synchronizing-symbolic", NULL, N_("Syncing with the server…") },
  [TLK_SYNC_STATE_OFFLINE] = { "network-offline-symbolic", "sync-offline", N_("Offline: the server cannot be reached") },
  [TLK_SYNC_STATE_ERROR] = { "dialog-warning-symbolic", "sync-error", N_("Sync has stopped") },
};

/* "Last synced today at 14:02", in local time. */
static char *
describe_last_sync (const char *iso)
{
  g_autoptr(GDateTime) when = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  int y, m, d;

  if (when == NULL)
    return g_strdup (_("Not synced yet"));
  local = g_date_time_to_local (when);
  now = g_date_time_new_now_local ();
  yesterday = g_date_time_add_days (now, -1);
  time = g_date_time_format (local, "%H:%M");
  g_date_time_get_ymd (local, &y, &m, &d);
  if (g_date_time_get_year (now) == y && g_date_time_get_month (now) == m && g_date_time_get_day_of_month (now) == d)
    return g_strdup_printf (_("Last synced today at %s"), time);
  if (g_date_time_get_year (yesterday) == y && g_date_time_get_month (yesterday) == m &&
      g_date_time_get_day_of_month (yesterday) == d)
    return g_strdup_printf (_("Last synced yesterday at %s"), time);
  date = g_date_time_format (local, "%Y-%m-%d");
  return g_strdup_printf (_("Last synced on %s at %s"), date, time);
}

static char *
describe_pending (gint64 pending)
{
  g_autofree char *number = NULL;

  if (pending == 0)
    return g_strdup (_("Every change has been sent"));
  number = g_strdup_printf ("%'" G_GINT64_FORMAT, pending);
  return g_strdup_printf (ngettext ("%s change not yet sent", "%s changes not yet sent", (gulong) pending), number);
}

static void
count_conflicts (TlkSyncIndicator *self)
{
  TlkUser *user = self->context ? tlk_context_get_user (self->context) : NULL;
  g_autoptr(GPtrArray) open = NULL;

  self->n_conflicts = 0;
  /* Only those who may resolve conflicts are told about them. */
  if (user == NULL || !tlk_role_may_write (user->role, TLK_EVENT_CONFLICT_RESOLVED))
    return;
  open = tlk_store_open_conflicts (tlk_context_get_store (self->context), NULL);
  self->n_conflicts = open ? open->len : 0;
}

static void
update (TlkSyncIndicator *self)
{
  TlkSyncState state = self->engine ? tlk_sync_engine_get_state (self->engine) : TLK_SYNC_STATE_OFF;
  gint64 pending = self->engine ? tlk_sync_engine_get_pending (self->engine) : 0;
  const char *error = self->engine ? tlk_sync_engine_get_error_message (self->engine) : NULL;
  gboolean signed_in = self->engine && tlk_sync_engine_get_token (self->engine) != NULL;
  gboolean connected = state != TLK_SYNC_STATE_OFF;
  const char *title = _(states[state].title);
  const char *note = NULL;
  g_autofree char *pending_text = describe_pending (pending);
  g_autofree char *last_text = describe_last_sync (self->engine ? tlk_sync_engine_get_last_success (self->engine)
                                                                : NULL);
  g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, pending);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (states[i].style != NULL)
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), states[i].style);
  if (states[state].style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), states[state].style);
  gtk_image_set_from_icon_name (self->icon, states[state].icon);
  gtk_image_set_from_icon_name (self->state_image, states[state].icon);

  /* Without a server nothing is ever sent: no count to worry about. */
  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), connected && pending > 0);

  switch (state)
    {
    case TLK_SYNC_STATE_OFF:
      note = _("Changes are kept on this computer only. Set up a server to share them with the other computers.");
      break;
    case TLK_SYNC_STATE_OFFLINE:
      note = _("Telekit keeps trying. Changes are kept safely on this computer until then.");
      break;
    case TLK_SYNC_STATE_ERROR:
      note = signed_in ? _("Telekit tries again now and then. Ask an administrator if this goes on.")
                       : _("Sign in to the server to sync again.");
      break;
    case TLK_SYNC_STATE_IDLE:
    case TLK_SYNC_STATE_SYNCING:
    default:
      break;
    }

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->detail_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), error != NULL && *error != '\0');
  gtk_label_set_label (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
  gtk_label_set_label (self->pending_label, pending_text);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), connected);
  gtk_label_set_label (self->last_label, last_text);
  gtk_widget_set_visible (GTK_WIDGET (self->last_label), connected);

  if (self->n_conflicts > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u conflict to resolve", "%u conflicts to resolve",
                                                         self->n_conflicts),
                                               self->n_conflicts);
      gtk_label_set_label (self->conflicts_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_button), self->n_conflicts > 0);

  gtk_button_set_label (self->setup_button, connected ? _("Sign _In…") : _("Set _Up…"));
  gtk_widget_set_visible (GTK_WIDGET (self->setup_button), !connected || !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), connected && signed_in);

  /* The button in words, for the tooltip and screen readers. */
  if (connected)
    summary = g_strdup_printf ("%s. %s.", title, pending_text);
  else
    summary = g_strdup (title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
}

static void
on_context_changed_cb (TlkSyncIndicator *self)
{
  count_conflicts (self);
  update (self);
}

static void
on_leaving_button_clicked_cb (TlkSyncIndicator *self)
{
  gtk_menu_button_popdown (self->button);
}

void
tlk_sync_indicator_set_context (TlkSyncIndicator *self,
                                TlkContext       *context)
{
  g_return_if_fail (TLK_IS_SYNC_INDICATOR (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_set_object (&self->engine, tlk_context_get_sync_engine (context));
  g_signal_connect_object (self->engine, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  on_context_changed_cb (self);
}

static void
tlk_sync_indicator_dispose (GObject *object)
{
  TlkSyncIndicator *self = (TlkSyncIndicator *) object;

  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_sync_indicator_parent_class)->dispose (object);
}

static void
tlk_sync_indicator_class_init (TlkSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/sync/tlk-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, state_image);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, note_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, last_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, setup_button);
  gtk_widget_class_bind_template_child (widget_class, TlkSyncIndicator, sync_button);
  gtk_widget_class_bind_template_callback (widget_class, on_leaving_button_clicked_cb);
}

static void
tlk_sync_indicator_init (TlkSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
