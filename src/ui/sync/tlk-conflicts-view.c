/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-conflicts-view.h"

#include <glib/gi18n.h>

#include "tlk-conflict-row.h"
#include "tlk-kit-page.h"
#include "tlk-store-sync.h"
#include "tlk-role.h"

struct _TlkConflictsView
{
  AdwBin       parent_instance;

  TlkContext  *context;
  guint        n_conflicts;
  gboolean     stale;          /* changed while not shown */
  int          focus_index;    /* the row to focus after the next fill, or -1 */

  AdwLeaflet  *leaflet;
  GtkStack    *stack;
  GtkListBox  *list;
  GtkWidget   *detail_box;
  TlkKitPage  *kit_page;
};

G_DEFINE_FINAL_TYPE (TlkConflictsView, tlk_conflicts_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_N_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
may_resolve (TlkConflictsView *self)
{
  TlkUser *user = self->context ? tlk_context_get_user (self->context) : NULL;

  return user != NULL && tlk_role_may_write (user->role, TLK_EVENT_CONFLICT_RESOLVED);
}

static int
row_index_with_focus (TlkConflictsView *self)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list));

  return focus ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)) : -1;
}

static void
fill (TlkConflictsView *self,
      GPtrArray        *open)
{
  g_autoptr(TlkWorld) world = tlk_context_new_world (self->context);
  int focus_index = self->focus_index >= 0 ? self->focus_index : row_index_with_focus (self);
  GtkWidget *child;
  GtkListBoxRow *row;

  self->focus_index = -1;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; open != NULL && i < open->len; i++)
    gtk_list_box_append (self->list, tlk_conflict_row_new (g_ptr_array_index (open, i), world));

  gtk_stack_set_visible_child_name (self->stack, open != NULL && open->len > 0 ? "list" : "empty");
  /* The focus stays where it was: on the next conflict after a dismissal. */
  if (focus_index >= 0 && open != NULL && open->len > 0)
    {
      row = gtk_list_box_get_row_at_index (self->list, MIN (focus_index, (int) open->len - 1));
      tlk_conflict_row_focus (TLK_CONFLICT_ROW (row));
    }
}

static void
reload (TlkConflictsView *self)
{
  g_autoptr(GPtrArray) open = NULL;
  guint n;

  if (self->context == NULL)
    return;
  if (may_resolve (self))
    open = tlk_store_open_conflicts (tlk_context_get_store (self->context), NULL);
  n = open ? open->len : 0;
  if (n != self->n_conflicts)
    {
      self->n_conflicts = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
    }

  /* The list itself only while it is shown. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    return;
  fill (self, open);
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "detail") == 0 &&
      tlk_kit_page_get_code (self->kit_page) != NULL)
    tlk_kit_page_show_kit (self->kit_page, self->context, tlk_kit_page_get_code (self->kit_page), NULL);
}

static void
on_map_cb (TlkConflictsView *self)
{
  if (self->stale)
    reload (self);
}

void
tlk_conflicts_view_set_context (TlkConflictsView *self,
                                TlkContext       *context)
{
  g_return_if_fail (TLK_IS_CONFLICTS_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

guint
tlk_conflicts_view_get_n_conflicts (TlkConflictsView *self)
{
  g_return_val_if_fail (TLK_IS_CONFLICTS_VIEW (self), 0);
  return self->n_conflicts;
}

void
tlk_conflicts_view_focus (TlkConflictsView *self)
{
  GtkListBoxRow *first;

  g_return_if_fail (TLK_IS_CONFLICTS_VIEW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  first = gtk_list_box_get_row_at_index (self->list, 0);
  if (first != NULL)
    tlk_conflict_row_focus (TLK_CONFLICT_ROW (first));
}

/* ---- dismissing --------------------------------------------------------- */

static TlkConflictRow *
find_row (TlkConflictsView *self,
          const char       *event_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (TLK_IS_CONFLICT_ROW (child) && g_strcmp0 (tlk_conflict_row_get_event_id (TLK_CONFLICT_ROW (child)), event_id) == 0)
      return TLK_CONFLICT_ROW (child);
  return NULL;
}

static void
show_error (TlkConflictsView *self,
            const char       *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("The Conflict Cannot Be Dismissed"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dismiss_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        TlkConflictsView *self)
{
  const char *event_id = g_object_get_data (G_OBJECT (dialog), "event-id");
  GtkEditable *note_entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (note_entry)));
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;
  TlkConflictRow *row;
  TlkEvent *event;

  if (g_strcmp0 (response, "dismiss") != 0 || self->context == NULL)
    return;

  event = tlk_event_new (TLK_EVENT_CONFLICT_RESOLVED, event_id, tlk_context_get_user_id (self->context));
  tlk_event_set_string (event, "decision", "dismissed");
  if (*note != '\0')
    tlk_event_set_string (event, "note", note);
  g_ptr_array_add (events, event);

  row = find_row (self, event_id);
  self->focus_index = row ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
  if (!tlk_context_write (self->context, events, &error))
    {
      self->focus_index = -1;
      show_error (self, error->message);
    }
}

static void
dismiss_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TlkConflictsView *self = TLK_CONFLICTS_VIEW (widget);
  const char *event_id = g_variant_get_string (param, NULL);
  TlkConflictRow *row = find_row (self, event_id);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (row == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Dismiss the Conflict?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” stays in the history but is not applied. Dismiss it once the kit is as "
                                    "it should be."),
                                  tlk_conflict_row_get_what (row));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note (optional), e.g. “Checked on the shelf”"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "dismiss", _("_Dismiss"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "dismiss", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "dismiss");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "event-id", g_strdup (event_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dismiss_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- the kit ------------------------------------------------------------ */

static void
open_kit_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TlkConflictsView *self = TLK_CONFLICTS_VIEW (widget);

  if (self->context == NULL)
    return;
  tlk_kit_page_show_kit (self->kit_page, self->context, g_variant_get_string (param, NULL), NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  gtk_widget_grab_focus (self->detail_box);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkConflictsView *self = TLK_CONFLICTS_VIEW (widget);

  tlk_conflicts_view_focus (self);
}

static void
tlk_conflicts_view_dispose (GObject *object)
{
  TlkConflictsView *self = (TlkConflictsView *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_conflicts_view_parent_class)->dispose (object);
}

static void
tlk_conflicts_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TlkConflictsView *self = TLK_CONFLICTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, self->n_conflicts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_conflicts_view_class_init (TlkConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_conflicts_view_dispose;
  object_class->get_property = tlk_conflicts_view_get_property;

  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TLK_TYPE_KIT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/sync/tlk-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkConflictsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictsView, list);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictsView, detail_box);
  gtk_widget_class_bind_template_child (widget_class, TlkConflictsView, kit_page);

  gtk_widget_class_install_action (widget_class, "conflicts.dismiss", "s", dismiss_activated);
  gtk_widget_class_install_action (widget_class, "conflicts.open-kit", "s", open_kit_activated);
  gtk_widget_class_install_action (widget_class, "conflicts.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "conflicts.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "conflicts.back", NULL);
}

static void
tlk_conflicts_view_init (TlkConflictsView *self)
{
  self->focus_index = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}
