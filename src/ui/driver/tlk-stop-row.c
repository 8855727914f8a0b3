/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-stop-row.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-day.h"
#include "tlk-route.h"

struct _TlkStopRow
{
  GtkListBoxRow parent_instance;

  char         *stop_id;
  TlkStopState  state;

  GtkLabel     *seq_label;
  GtkLabel     *name_label;
  GtkLabel     *address_label;
  GtkLabel     *what_label;
  GtkLabel     *window_label;
  GtkImage     *state_icon;
  GtkLabel     *state_label;
};

G_DEFINE_FINAL_TYPE (TlkStopRow, tlk_stop_row, GTK_TYPE_LIST_BOX_ROW)

char *
tlk_stop_describe_bring (TlkWorld      *world,
                         const TlkStop *stop,
                         const char    *driver)
{
  const char *kit_id;
  g_autofree char *kit_shown = NULL;

  g_return_val_if_fail (world != NULL && stop != NULL, NULL);

  kit_id = tlk_stop_current_kit (world, stop);
  kit_shown = tlk_code_display (kit_id);

  /* Once the stop is over there is nothing to bring: which kit it was. */
  if (stop->state != TLK_STOP_PLANNED)
    return kit_id != NULL ? g_strdup_printf (_("Kit %s"), kit_shown) : NULL;
  if (g_strcmp0 (stop->kind, "delivery") == 0 && kit_id != NULL)
    {
      TlkKit *kit = tlk_world_kit (world, kit_id);
      gboolean loaded = kit != NULL && kit->state == TLK_KIT_OUT && g_strcmp0 (kit->custodian, driver) == 0;

      return loaded ? g_strdup_printf (_("Bring kit %s — in the vehicle"), kit_shown)
                    : g_strdup_printf (_("Bring kit %s — not loaded yet"), kit_shown);
    }
  if (g_strcmp0 (stop->kind, "swap") == 0 && stop->device != NULL)
    {
      TlkDevice *device = tlk_world_device (world, stop->device);
      TlkDeviceModel *model = device != NULL ? tlk_world_model (world, device->model) : NULL;
      g_autofree char *device_shown = tlk_code_display (stop->device);

      /* Translators: a device kind ("Pulse oximeter") and its code. */
      return g_strdup_printf (_("Bring %s %s"), model != NULL ? tlk_device_kind_describe (model->kind) : _("device"),
                              device_shown);
    }
  if (g_strcmp0 (stop->kind, "pickup") == 0 && kit_id != NULL)
    return g_strdup_printf (_("Pick up kit %s"), kit_shown);
  if (kit_id != NULL)
    return g_strdup_printf (_("Kit %s"), kit_shown);
  return NULL;
}

char *
tlk_stop_describe_outcome (const TlkStop *stop)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (stop != NULL, NULL);

  if (stop->done_at != NULL && (when = g_date_time_new_from_iso8601 (stop->done_at, NULL)) != NULL)
    {
      local = g_date_time_to_local (when);
      time = g_date_time_format (local, "%H:%M");
    }
  switch (stop->state)
    {
    case TLK_STOP_DONE:
      /* Translators: the time the stop was done, "Done 10:42". */
      return time != NULL ? g_strdup_printf (_("Done %s"), time) : g_strdup (_("Done"));
    case TLK_STOP_FAILED:
      /* Translators: why the stop failed, "Not done: Not at home". */
      return g_strdup_printf (_("Not done: %s"), tlk_stop_failure_describe (stop->failure));
    case TLK_STOP_NONE:
    case TLK_STOP_PLANNED:
    case TLK_STOP_N_STATES:
    default:
      return g_strdup (_("Planned"));
    }
}

/* "Monday 12 May", in the driver's language. */
char *
tlk_route_format_date (const char *iso)
{
  g_autoptr(GDateTime) date = tlk_day_new (iso);

  if (date == NULL)
    return g_strdup (iso != NULL ? iso : "");
  /* Translators: a strftime() format for a stop's day; Danish "%A d. %-d. %B". */
  return g_date_time_format (date, _("%A %-d %B"));
}

/* "25 Jan": a day in a row's corner. */
static char *
short_date (const char *iso)
{
  g_autoptr(GDateTime) date = tlk_day_new (iso);

  if (date == NULL)
    return g_strdup (iso != NULL ? iso : "");
  /* Translators: a strftime() format for a short day; Danish "%-d. %b". */
  return g_date_time_format (date, _("%-d %b"));
}

GtkWidget *
tlk_stop_row_new (TlkWorld         *world,
                  const TlkStop    *stop,
                  const TlkCitizen *citizen,
                  const char       *driver)
{
  TlkStopRow *self;
  g_autofree char *seq = NULL;
  g_autofree char *bring = NULL;
  g_autofree char *what = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *today = tlk_date_today_local_iso ();
  gboolean open;

  g_return_val_if_fail (world != NULL && stop != NULL, NULL);

  self = g_object_new (TLK_TYPE_STOP_ROW, NULL);
  self->stop_id = g_strdup (stop->id);
  self->state = stop->state;
  open = stop->state == TLK_STOP_PLANNED;
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", stop->id);

  seq = g_strdup_printf ("%d", stop->seq);
  gtk_label_set_label (self->seq_label, seq);

  /* A stop that is over needs no one's details: they are not read. */
  if (citizen != NULL)
    {
      gtk_label_set_label (self->name_label, citizen->name);
      gtk_label_set_label (self->address_label, citizen->address);
    }
  else if (open)
    {
      gtk_label_set_label (self->name_label, _("Details not on this computer — sync"));
      gtk_widget_set_visible (GTK_WIDGET (self->address_label), FALSE);
    }
  else
    {
      gtk_label_set_label (self->name_label, tlk_stop_kind_describe (stop->kind));
      gtk_widget_set_visible (GTK_WIDGET (self->address_label), FALSE);
    }

  bring = tlk_stop_describe_bring (world, stop, driver);
  if (!open && citizen == NULL)
    /* The kind is the row's title already. */
    what = g_strdup (bring != NULL ? bring : "");
  else
    what = bring != NULL ? g_strdup_printf ("%s · %s", tlk_stop_kind_describe (stop->kind), bring)
                         : g_strdup (tlk_stop_kind_describe (stop->kind));
  gtk_label_set_label (self->what_label, what);
  gtk_widget_set_visible (GTK_WIDGET (self->what_label), *what != '\0');
  /* A stop left from an earlier day says which day it was. */
  if (g_strcmp0 (stop->date, today) != 0)
    {
      g_autofree char *day = short_date (stop->date);
      g_autofree char *when = stop->window != NULL ? g_strdup_printf ("%s %s", day, stop->window) : g_strdup (day);

      gtk_label_set_label (self->window_label, when);
    }
  else
    gtk_label_set_label (self->window_label, stop->window != NULL ? stop->window : "");

  outcome = tlk_stop_describe_outcome (stop);
  gtk_label_set_label (self->state_label, outcome);
  if (stop->state == TLK_STOP_DONE)
    {
      gtk_image_set_from_icon_name (self->state_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
    }
  else if (stop->state == TLK_STOP_FAILED)
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->state_icon), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
  if (!open)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");

  /* One sentence for a screen reader, in the order the eye reads the row. */
  accessible = g_strdup_printf ("%s. %s. %s. %s %s. %s", seq, gtk_label_get_label (self->name_label),
                                gtk_widget_get_visible (GTK_WIDGET (self->address_label))
                                  ? gtk_label_get_label (self->address_label) : "",
                                what, gtk_label_get_label (self->window_label), outcome);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return GTK_WIDGET (self);
}

const char *
tlk_stop_row_get_stop_id (TlkStopRow *self)
{
  g_return_val_if_fail (TLK_IS_STOP_ROW (self), NULL);
  return self->stop_id;
}

TlkStopState
tlk_stop_row_get_state (TlkStopRow *self)
{
  g_return_val_if_fail (TLK_IS_STOP_ROW (self), TLK_STOP_NONE);
  return self->state;
}

static void
tlk_stop_row_finalize (GObject *object)
{
  TlkStopRow *self = (TlkStopRow *) object;

  g_free (self->stop_id);

  G_OBJECT_CLASS (tlk_stop_row_parent_class)->finalize (object);
}

static void
tlk_stop_row_class_init (TlkStopRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tlk_stop_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/driver/tlk-stop-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, seq_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, what_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, window_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkStopRow, state_label);
}

static void
tlk_stop_row_init (TlkStopRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
