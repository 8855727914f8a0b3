/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-history-list.h"

#include <glib/gi18n.h>

#include "tlk-code.h"

static const char *
place_name (TlkWorld   *world,
            const char *location)
{
  TlkLocation *l = location ? tlk_world_location (world, location) : NULL;

  return l ? l->name : location;
}

/* The step, device, reason or note that says what exactly happened. */
static char *
event_detail (TlkWorld       *world,
              const TlkEvent *e)
{
  const char *step = tlk_event_get_string (e, "step");
  const char *device = tlk_event_get_string (e, "device");
  const char *reason = tlk_event_get_string (e, "reason");
  const char *note = tlk_event_get_string (e, "note");

  if (step != NULL)
    {
      TlkKit *kit = tlk_world_kit (world, e->subject);
      TlkKitType *type = kit ? tlk_world_kit_type (world, kit->kit_type) : NULL;
      const TlkStep *s = type ? tlk_kit_type_find_step (type, step) : NULL;

      return g_strdup (s ? s->name : step);
    }
  if (device != NULL)
    return tlk_code_display (device);
  if (reason != NULL)
    return g_strdup (reason);
  if (note != NULL)
    return g_strdup (note);
  return NULL;
}

void
tlk_history_list_fill (GtkListBox *list,
                       TlkWorld   *world,
                       GPtrArray  *events)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (world != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = events ? events->len : 0; i > 0; i--)
    {
      const TlkEvent *e = g_ptr_array_index (events, i - 1);
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (e->occurred_at, NULL);
      g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
      g_autofree char *at = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (e->occurred_at);
      const char *where = tlk_event_get_string (e, "location");
      TlkUser *user = tlk_world_user (world, e->actor);
      g_autofree char *title = g_strdup (tlk_event_type_describe (e->type));
      g_autofree char *detail = event_detail (world, e);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (where == NULL)
        where = tlk_event_get_string (e, "vehicle");
      title[0] = g_ascii_toupper (title[0]);
      if (detail != NULL)
        {
          /* Translators: "Checklist step passed: Rengøring" */
          char *with = g_strdup_printf (_("%s: %s"), title, detail);
          g_free (title);
          title = with;
        }
      if (where != NULL)
        /* Translators: when · who · where */
        subtitle = g_strdup_printf (_("%s · %s · %s"), at, user ? user->name : e->actor, place_name (world, where));
      else
        /* Translators: when · who */
        subtitle = g_strdup_printf (_("%s · %s"), at, user ? user->name : e->actor);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (list, row);
    }
}
