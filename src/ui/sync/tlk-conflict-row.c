/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-conflict-row.h"

#include <glib/gi18n.h>

#include "tlk-code.h"

struct _TlkConflictRow
{
  GtkListBoxRow parent_instance;

  char         *event_id;
  char         *what;

  GtkLabel     *what_label;
  GtkLabel     *when_label;
  GtkLabel     *reason_label;
  GtkButton    *open_button;
  GtkButton    *dismiss_button;
};

G_DEFINE_FINAL_TYPE (TlkConflictRow, tlk_conflict_row, GTK_TYPE_LIST_BOX_ROW)

/* "kit K 0GW 7HE G4D" */
static char *
describe_subject (const TlkEvent *event)
{
  g_autofree char *code = tlk_code_display (event->subject);

  switch (tlk_event_type_subject (event->type))
    {
    case TLK_SUBJECT_KIT:
      return g_strdup_printf (_("kit %s"), code);
    case TLK_SUBJECT_DEVICE:
      return g_strdup_printf (_("device %s"), code);
    case TLK_SUBJECT_ORDER:
      return g_strdup_printf (_("order %s"), code);
    case TLK_SUBJECT_STOP:
      return g_strdup_printf (_("stop %s"), code);
    case TLK_SUBJECT_CUSTOMER:
    case TLK_SUBJECT_LOCATION:
    case TLK_SUBJECT_MODEL:
    case TLK_SUBJECT_KIT_TYPE:
    case TLK_SUBJECT_USER:
    case TLK_SUBJECT_EVENT:
    default:
      return g_steal_pointer (&code);
    }
}

GtkWidget *
tlk_conflict_row_new (const TlkEvent *conflict,
                      TlkWorld       *world)
{
  TlkConflictRow *self;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *action = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *at = NULL;
  g_autofree char *who = NULL;
  g_autofree char *reason = NULL;
  TlkUser *user;

  g_return_val_if_fail (conflict != NULL && conflict->conflict != NULL, NULL);
  g_return_val_if_fail (world != NULL, NULL);

  self = g_object_new (TLK_TYPE_CONFLICT_ROW, NULL);
  self->event_id = g_strdup (conflict->event_id);

  action = g_strdup (tlk_event_type_describe (conflict->type));
  action[0] = g_ascii_toupper (action[0]);
  subject = describe_subject (conflict);
  /* Translators: "Put on hold: kit K 0GW 7HE G4D" */
  self->what = g_strdup_printf (_("%s: %s"), action, subject);
  gtk_label_set_label (self->what_label, self->what);

  /* occurred_at is the writing computer's clock: for people, not order. */
  when = g_date_time_new_from_iso8601 (conflict->occurred_at, NULL);
  local = when ? g_date_time_to_local (when) : NULL;
  at = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (conflict->occurred_at);
  user = tlk_world_user (world, conflict->actor);
  /* Translators: "2024-05-02 14:02 by Mette Sørensen" */
  who = g_strdup_printf (_("%s by %s"), at, user ? user->name : conflict->actor);
  gtk_label_set_label (self->when_label, who);

  /* Translators: the server's reason for keeping a change aside */
  reason = g_strdup_printf (_("Not applied: %s"), conflict->conflict);
  gtk_label_set_label (self->reason_label, reason);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->dismiss_button), "s", conflict->event_id);
  if (tlk_event_type_subject (conflict->type) == TLK_SUBJECT_KIT)
    {
      g_autofree char *label = g_strdup_printf (_("Open kit %s"), subject);

      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s", conflict->subject);
      gtk_widget_set_visible (GTK_WIDGET (self->open_button), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->open_button), label);
    }
  {
    g_autofree char *label = g_strdup_printf (_("Dismiss the conflict “%s”"), self->what);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->dismiss_button), label);
  }
  return GTK_WIDGET (self);
}

const char *
tlk_conflict_row_get_event_id (TlkConflictRow *self)
{
  g_return_val_if_fail (TLK_IS_CONFLICT_ROW (self), NULL);
  return self->event_id;
}

const char *
tlk_conflict_row_get_what (TlkConflictRow *self)
{
  g_return_val_if_fail (TLK_IS_CONFLICT_ROW (self), NULL);
  return self->what;
}

void
tlk_conflict_row_focus (TlkConflictRow *self)
{
  g_return_if_fail (TLK_IS_CONFLICT_ROW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->dismiss_button));
}

static void
tlk_conflict_row_finalize (GObject *object)
{
  TlkConflictRow *self = (TlkConflictRow *) object;

  g_free (self->event_id);
  g_free (self->what);

  G_OBJECT_CLASS (tlk_conflict_row_parent_class)->finalize (object);
}

static void
tlk_conflict_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TLK_TYPE_CONFLICT_ROW);

  G_OBJECT_CLASS (tlk_conflict_row_parent_class)->dispose (object);
}

static void
tlk_conflict_row_class_init (TlkConflictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_conflict_row_dispose;
  object_class->finalize = tlk_conflict_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/sync/tlk-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkConflictRow, what_label);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictRow, dismiss_button);
}

static void
tlk_conflict_row_init (TlkConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
