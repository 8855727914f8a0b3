/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-stop-page.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-failure-dialog.h"
#include "tlk-route.h"
#include "tlk-signature-pad.h"
#include "tlk-stop-row.h"
#include "tlk-store-routes.h"

struct _TlkStopPage
{
  AdwBin               parent_instance;

  TlkContext          *context;
  TlkWorld            *world;
  TlkStop             *stop;
  TlkVisit            *visit;
  gboolean             can_complete;
  GPtrArray           *step_rows;     /* the installation checklist's rows */
  GPtrArray           *device_rows;   /* a pickup's rows, one per device of the kit */

  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkLabel            *state_label;
  GtkWidget           *back_button;
  AdwActionRow        *name_row;
  AdwActionRow        *address_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *access_row;
  AdwActionRow        *window_row;
  AdwActionRow        *bring_row;
  AdwPreferencesGroup *scan_group;
  GtkBox              *feedback_box;
  GtkImage            *feedback_icon;
  GtkLabel            *feedback_label;
  GtkEntry            *scan_entry;
  AdwPreferencesGroup *checklist_group;
  AdwPreferencesGroup *devices_group;
  AdwPreferencesGroup *swap_group;
  AdwActionRow        *out_row;
  GtkWidget           *out_icon;
  AdwActionRow        *in_row;
  GtkWidget           *in_icon;
  AdwEntryRow         *reason_row;
  AdwPreferencesGroup *recipient_group;
  AdwEntryRow         *recipient_row;
  TlkSignaturePad     *signature_pad;
  AdwPreferencesGroup *outcome_group;
  AdwActionRow        *outcome_row;
  GtkImage            *outcome_icon;
  GtkWidget           *finish_box;
  GtkLabel            *hint_label;
  GtkWidget           *complete_button;
};

G_DEFINE_FINAL_TYPE (TlkStopPage, tlk_stop_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CAN_COMPLETE,
  N_PROPS
};

enum
{
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  FEEDBACK_INFO,
  FEEDBACK_OK,
  FEEDBACK_REFUSED,
} Feedback;

static gboolean
kind_is (TlkStopPage *self,
         const char  *kind)
{
  return self->stop != NULL && g_strcmp0 (self->stop->kind, kind) == 0;
}

static gboolean
is_open (TlkStopPage *self)
{
  return self->stop != NULL && self->stop->state == TLK_STOP_PLANNED;
}

/* Deliveries and pickups are signed for (DESIGN §3: proof of delivery). */
static gboolean
needs_proof (TlkStopPage *self)
{
  return kind_is (self, "delivery") || kind_is (self, "pickup");
}

static const char *
actor (TlkStopPage *self)
{
  return self->context != NULL ? tlk_context_get_user_id (self->context) : NULL;
}

static void
feedback (TlkStopPage *self,
          Feedback     kind,
          const char  *message)
{
  static const char *const classes[] = { "info", "success", "error" };
  static const char *const icons[] = { "dialog-information-symbolic", "emblem-ok-symbolic", "dialog-error-symbolic" };

  /* What the driver saw, for support and for the tests (G_MESSAGES_DEBUG=tlk-ui). */
  g_debug ("stop feedback %s: %s", classes[kind], message);
  gtk_widget_set_css_classes (GTK_WIDGET (self->feedback_box), (const char *[]) { "feedback", classes[kind], NULL });
  gtk_image_set_from_icon_name (self->feedback_icon, icons[kind]);
  gtk_label_set_label (self->feedback_label, message);
}

static char *
device_words (TlkStopPage *self,
              const char  *device_id)
{
  TlkDevice *device = tlk_world_device (self->world, device_id);
  TlkDeviceModel *model = device != NULL ? tlk_world_model (self->world, device->model) : NULL;
  g_autofree char *shown = tlk_code_display (device_id);

  if (model == NULL)
    return g_steal_pointer (&shown);
  /* Translators: a device kind and its code, "Pulse oximeter D-…". */
  return g_strdup_printf (_("%s %s"), tlk_device_kind_describe (model->kind), shown);
}

/* What the visit waits for now, in the driver's words. */
static const char *
prompt (TlkStopPage *self)
{
  if (!is_open (self))
    return _("This stop is over.");
  if (kind_is (self, "service"))
    return _("Do the service visit, then complete the stop.");
  if (self->visit->kit == NULL)
    return _("Scan the label on the kit’s case, or type its code.");
  if (kind_is (self, "delivery"))
    return _("Tick each installation step as it is done.");
  if (kind_is (self, "pickup"))
    {
      g_autoptr(GPtrArray) missing = tlk_visit_missing (self->world, self->stop, self->visit);

      return missing->len > 0 ? _("Scan each device of the kit.") : _("Every device is checked.");
    }
  if (self->visit->device_out == NULL)
    return _("Scan the device you take out of the kit.");
  if (self->visit->device_in == NULL)
    return _("Scan the device you put in.");
  return _("Both devices are scanned. Write why, then complete the stop.");
}

static gboolean
strv_has (GPtrArray  *array,
          const char *s)
{
  return g_ptr_array_find_with_equal_func (array, s, g_str_equal, NULL);
}

static void
update_devices (TlkStopPage *self)
{
  g_autofree char *counted = NULL;
  guint seen = 0;

  for (guint i = 0; i < self->device_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->device_rows, i);
      GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");
      gboolean checked = strv_has (self->visit->seen, gtk_widget_get_name (row));

      gtk_widget_set_opacity (icon, checked ? 1.0 : 0.0);
      seen += checked;
    }
  counted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u device checked", "%u of %u devices checked",
                                          self->device_rows->len),
                             seen, self->device_rows->len);
  adw_preferences_group_set_description (self->devices_group, counted);
}

static void
update_swap (TlkStopPage *self)
{
  g_autofree char *out = NULL;
  g_autofree char *in = NULL;
  g_autofree char *planned = NULL;

  if (!kind_is (self, "swap"))
    return;
  out = self->visit->device_out != NULL ? device_words (self, self->visit->device_out) : NULL;
  adw_action_row_set_subtitle (self->out_row, out != NULL ? out : _("Not scanned yet"));
  gtk_widget_set_visible (self->out_icon, out != NULL);
  if (self->visit->device_in != NULL)
    in = device_words (self, self->visit->device_in);
  else if (self->stop->device != NULL)
    {
      g_autofree char *words = device_words (self, self->stop->device);

      /* Translators: the replacement device the coordinator planned. */
      planned = g_strdup_printf (_("Not scanned yet — planned: %s"), words);
    }
  adw_action_row_set_subtitle (self->in_row, in != NULL ? in : planned != NULL ? planned : _("Not scanned yet"));
  gtk_widget_set_visible (self->in_icon, in != NULL);
}

static TlkProof *
make_proof (TlkStopPage *self)
{
  TlkProof *proof = g_new0 (TlkProof, 1);

  proof->stop = g_strdup (self->stop->id);
  proof->recipient = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_row))));
  proof->signature = tlk_signature_pad_dup_path (self->signature_pad);
  proof->signed_at = tlk_time_now_iso ();
  return proof;
}

/* The visit as the widgets have it now. */
static void
gather (TlkStopPage *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  self->visit->signed_by_recipient = !tlk_signature_pad_get_empty (self->signature_pad);
  g_clear_pointer (&self->visit->reason, g_free);
  if (*reason != '\0')
    self->visit->reason = g_steal_pointer (&reason);
}

/* Whether core would take the visit as it stands, and if not, why. */
static GPtrArray *
check_visit (TlkStopPage *self,
             TlkProof   **proof_out,
             GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(TlkProof) proof = NULL;

  if (!is_open (self) || actor (self) == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, _("This stop is over."));
      return NULL;
    }
  gather (self);
  if ((events = tlk_stop_done_events (self->world, self->stop, self->visit, actor (self), error)) == NULL)
    return NULL;
  if (needs_proof (self))
    {
      proof = make_proof (self);
      if (!tlk_proof_check (proof, error))
        return NULL;
    }
  if (proof_out != NULL)
    *proof_out = g_steal_pointer (&proof);
  return g_steal_pointer (&events);
}

static void
update (TlkStopPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean confirmed = self->visit->kit != NULL;
  gboolean ready;

  /* A delivery's kit, once right, needs no more scanning: the room goes to
   * the checklist and the signature. */
  gtk_widget_set_visible (GTK_WIDGET (self->scan_entry),
                          !kind_is (self, "service") && !(confirmed && kind_is (self, "delivery")));
  gtk_widget_set_sensitive (GTK_WIDGET (self->checklist_group), confirmed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->devices_group), confirmed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->swap_group), confirmed);
  update_devices (self);
  update_swap (self);

  events = check_visit (self, NULL, &error);
  ready = events != NULL;
  gtk_label_set_label (self->hint_label, ready ? _("Everything is in place: complete the stop (Ctrl+Enter).")
                                         : error != NULL ? error->message : "");
  if (ready != self->can_complete)
    {
      self->can_complete = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_COMPLETE]);
    }
}

/* ---- showing a stop ------------------------------------------------------ */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
on_step_toggled_cb (GtkCheckButton *check,
                    TlkStopPage    *self)
{
  const char *step = gtk_widget_get_name (GTK_WIDGET (check));
  guint index;

  if (gtk_check_button_get_active (check) && !strv_has (self->visit->checked, step))
    g_ptr_array_add (self->visit->checked, g_strdup (step));
  else if (!gtk_check_button_get_active (check) &&
           g_ptr_array_find_with_equal_func (self->visit->checked, step, g_str_equal, &index))
    g_ptr_array_remove_index (self->visit->checked, index);
  update (self);

  /* Space, space, space: each tick moves on to the next step, and the last
   * one to the recipient. */
  if (gtk_check_button_get_active (check))
    tlk_stop_page_focus (self);
}

static void
add_steps (TlkStopPage *self)
{
  TlkOrder *order = tlk_world_order (self->world, self->stop->order);
  TlkKitType *type = order != NULL ? tlk_world_kit_type (self->world, order->kit_type) : NULL;

  for (guint i = 0; type != NULL && i < type->install_checklist->len; i++)
    {
      const TlkStep *step = g_ptr_array_index (type->install_checklist, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* The step's id: the row and its check say which step they are. */
      gtk_widget_set_name (row, step->id);
      gtk_widget_set_name (check, step->id);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, step->name, -1);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), step->name);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (row), "check", check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_step_toggled_cb), self, 0);
      adw_preferences_group_add (self->checklist_group, row);
      g_ptr_array_add (self->step_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_group), self->step_rows->len > 0);
}

static void
add_devices (TlkStopPage *self)
{
  TlkKit *kit = tlk_world_kit (self->world, tlk_stop_current_kit (self->world, self->stop));

  for (guint i = 0; kit != NULL && i < kit->devices->len; i++)
    {
      const char *id = g_ptr_array_index (kit->devices, i);
      TlkDevice *device = tlk_world_device (self->world, id);
      TlkDeviceModel *model = device != NULL ? tlk_world_model (self->world, device->model) : NULL;
      g_autofree char *shown = tlk_code_display (id);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      subtitle = device != NULL && device->serial != NULL ? g_strdup_printf ("%s · %s", shown, device->serial)
                                                          : g_strdup (shown);
      gtk_widget_set_name (row, id);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     model != NULL ? tlk_device_kind_describe (model->kind) : shown);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (icon, "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checked"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      g_object_set_data (G_OBJECT (row), "icon", icon);
      adw_preferences_group_add (self->devices_group, row);
      g_ptr_array_add (self->device_rows, row);
    }
}

/* The value large, what it is small below: the driver reads the value. */
static void
set_property_row (AdwActionRow *row,
                  const char   *value)
{
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL && *value != '\0');
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value != NULL ? value : "");
}

/* The labels that follow the stop and the citizen as they are now. */
static void
show_details (TlkStopPage      *self,
              const TlkCitizen *citizen)
{
  g_autofree char *title = NULL;
  g_autofree char *bring = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *today = tlk_date_today_local_iso ();
  gboolean open = is_open (self);

  /* The steps while the stop is open; how it went once it is over. */
  /* A service visit has nothing to scan: the box only says what to do. */
  gtk_widget_set_visible (GTK_WIDGET (self->scan_group), open);
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_group), open && self->step_rows->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->devices_group), open && kind_is (self, "pickup"));
  gtk_widget_set_visible (GTK_WIDGET (self->swap_group), open && kind_is (self, "swap"));
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_group), open && needs_proof (self));
  gtk_widget_set_visible (self->finish_box, open);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_group), self->stop != NULL && !open);
  if (self->stop == NULL)
    {
      gtk_label_set_label (self->title_label, _("The stop is no longer on your route"));
      gtk_label_set_label (self->subtitle_label,
                           _("The office moved it to another route. Go back to the route (Escape)."));
      gtk_widget_set_visible (GTK_WIDGET (self->state_label), FALSE);
      set_property_row (self->name_row, NULL);
      set_property_row (self->address_row, NULL);
      set_property_row (self->phone_row, NULL);
      set_property_row (self->access_row, NULL);
      set_property_row (self->window_row, NULL);
      set_property_row (self->bring_row, NULL);
      return;
    }

  /* Translators: the stop's number in the route and its kind. */
  title = g_strdup_printf (_("Stop %d · %s"), self->stop->seq, tlk_stop_kind_describe (self->stop->kind));
  gtk_label_set_label (self->title_label, title);
  if (g_strcmp0 (self->stop->date, today) != 0)
    {
      g_autofree char *date = tlk_route_format_date (self->stop->date);
      g_autofree char *subtitle = g_strcmp0 (self->stop->date, today) < 0 && open
                                    ? g_strdup_printf (_("Planned for %s — overdue"), date)
                                    : g_strdup_printf (_("Planned for %s"), date);
      gtk_label_set_label (self->subtitle_label, subtitle);
    }
  else
    gtk_label_set_label (self->subtitle_label, _("Today"));
  outcome = tlk_stop_describe_outcome (self->stop);
  gtk_label_set_label (self->state_label, outcome);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), TRUE);

  if (citizen != NULL)
    {
      set_property_row (self->name_row, citizen->name);
      set_property_row (self->address_row, citizen->address);
      set_property_row (self->phone_row, citizen->phone);
      set_property_row (self->access_row, citizen->access_notes);
    }
  else
    {
      /* Erased, or not fetched yet: the next sync brings them. */
      set_property_row (self->name_row, open ? _("Details not on this computer — sync")
                                             : _("Not kept once the stop is over"));
      set_property_row (self->address_row, NULL);
      set_property_row (self->phone_row, NULL);
      set_property_row (self->access_row, NULL);
    }
  set_property_row (self->window_row, self->stop->window);
  bring = tlk_stop_describe_bring (self->world, self->stop, actor (self));
  set_property_row (self->bring_row, bring);

  if (!open)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), outcome);
      gtk_image_set_from_icon_name (self->outcome_icon, self->stop->state == TLK_STOP_DONE ? "emblem-ok-symbolic"
                                                                                           : "dialog-error-symbolic");
      gtk_widget_set_css_classes (GTK_WIDGET (self->outcome_icon),
                                  (const char *[]) { self->stop->state == TLK_STOP_DONE ? "success" : "error", NULL });
    }
}

void
tlk_stop_page_show (TlkStopPage      *self,
                    TlkContext       *context,
                    const char       *stop_id,
                    const TlkCitizen *citizen)
{
  g_return_if_fail (TLK_IS_STOP_PAGE (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));
  g_return_if_fail (stop_id != NULL);

  g_set_object (&self->context, context);
  tlk_stop_page_clear (self);
  self->world = tlk_context_new_world (context);
  self->stop = tlk_store_load (tlk_context_get_store (context), TLK_SUBJECT_STOP, stop_id);

  if (self->stop != NULL)
    {
      if (kind_is (self, "delivery"))
        add_steps (self);
      if (kind_is (self, "pickup"))
        add_devices (self);
      adw_preferences_group_set_title (self->scan_group, kind_is (self, "service") ? _("The Visit") : _("1. The Kit"));
      adw_preferences_group_set_title (self->checklist_group, _("2. Installation"));
      adw_preferences_group_set_title (self->devices_group, _("2. The Devices"));
      adw_preferences_group_set_title (self->swap_group, _("2. The Swap"));
      adw_preferences_group_set_title (self->recipient_group, kind_is (self, "pickup") ? _("3. Who Handed It Over")
                                                                                      : _("3. Who Received It"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->recipient_row),
                                     kind_is (self, "pickup") ? _("_Name of who handed it over")
                                                              : _("_Recipient’s name"));
    }
  show_details (self, citizen);
  feedback (self, FEEDBACK_INFO, prompt (self));
  update (self);
}

void
tlk_stop_page_clear (TlkStopPage *self)
{
  g_return_if_fail (TLK_IS_STOP_PAGE (self));

  /* Nothing of one driver's stop stays in the widgets for the next user. */
  g_clear_pointer (&self->world, tlk_world_free);
  g_clear_pointer (&self->stop, tlk_stop_free);
  g_clear_pointer (&self->visit, tlk_visit_free);
  self->visit = tlk_visit_new ();
  clear_rows (self->checklist_group, self->step_rows);
  clear_rows (self->devices_group, self->device_rows);
  gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_row), "");
  tlk_signature_pad_clear (self->signature_pad);
  show_details (self, NULL);
  update (self);
}

void
tlk_stop_page_refresh (TlkStopPage      *self,
                       const TlkCitizen *citizen)
{
  g_autofree char *id = NULL;

  g_return_if_fail (TLK_IS_STOP_PAGE (self));

  if (self->context == NULL || self->stop == NULL)
    return;
  /* A fresh world and the stop as it is; what the driver did stays. */
  id = g_strdup (self->stop->id);
  g_clear_pointer (&self->world, tlk_world_free);
  g_clear_pointer (&self->stop, tlk_stop_free);
  self->world = tlk_context_new_world (self->context);
  self->stop = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_STOP, id);
  if (self->stop != NULL && g_strcmp0 (self->stop->driver, actor (self)) != 0)
    g_clear_pointer (&self->stop, tlk_stop_free);
  show_details (self, citizen);
  update (self);
}

const char *
tlk_stop_page_get_stop_id (TlkStopPage *self)
{
  g_return_val_if_fail (TLK_IS_STOP_PAGE (self), NULL);
  return self->stop != NULL ? self->stop->id : NULL;
}

gboolean
tlk_stop_page_get_open (TlkStopPage *self)
{
  g_return_val_if_fail (TLK_IS_STOP_PAGE (self), FALSE);
  return is_open (self);
}

gboolean
tlk_stop_page_get_can_complete (TlkStopPage *self)
{
  g_return_val_if_fail (TLK_IS_STOP_PAGE (self), FALSE);
  return self->can_complete;
}

/* ---- the keyboard ---------------------------------------------------------- */

static gboolean
entry_empty (gpointer editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));

  return *text == '\0';
}

void
tlk_stop_page_focus (TlkStopPage *self)
{
  g_return_if_fail (TLK_IS_STOP_PAGE (self));

  if (!is_open (self))
    {
      gtk_widget_grab_focus (self->back_button);
      return;
    }
  if (!kind_is (self, "service") && self->visit->kit == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
      return;
    }
  for (guint i = 0; i < self->step_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->step_rows, i);

      if (!strv_has (self->visit->checked, gtk_widget_get_name (row)))
        {
          gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "check"));
          return;
        }
    }
  if (kind_is (self, "pickup"))
    {
      g_autoptr(GPtrArray) missing = tlk_visit_missing (self->world, self->stop, self->visit);

      if (missing->len > 0 && self->visit->seen->len == 0)
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
          return;
        }
    }
  if (kind_is (self, "swap"))
    {
      if (self->visit->device_out == NULL || self->visit->device_in == NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
      else if (entry_empty (self->reason_row))
        gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      else
        gtk_widget_grab_focus (self->complete_button);
      return;
    }
  if (needs_proof (self) && entry_empty (self->recipient_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->recipient_row));
  else if (needs_proof (self) && tlk_signature_pad_get_empty (self->signature_pad))
    gtk_widget_grab_focus (GTK_WIDGET (self->signature_pad));
  else
    gtk_widget_grab_focus (self->complete_button);
}

void
tlk_stop_page_focus_entry (TlkStopPage *self)
{
  g_return_if_fail (TLK_IS_STOP_PAGE (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->scan_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
}

void
tlk_stop_page_take_typed (TlkStopPage *self,
                          const char  *text)
{
  g_return_if_fail (TLK_IS_STOP_PAGE (self));
  g_return_if_fail (text != NULL);

  if (!is_open (self) || kind_is (self, "service"))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->scan_entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), text);
  gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->scan_entry), -1);
}

static void
on_recipient_row_entry_activated_cb (TlkStopPage *self)
{
  tlk_stop_page_focus (self);
}

static void
on_recipient_row_changed_cb (TlkStopPage *self)
{
  update (self);
}

static void
on_reason_row_changed_cb (TlkStopPage *self)
{
  update (self);
}

static void
on_signature_pad_empty_changed_cb (TlkStopPage *self)
{
  update (self);
}

/* ---- scans ------------------------------------------------------------------ */

/* A swap's device in, checked with the one out by the store's rules before
 * it is taken: a device that does not fit is refused now, not at the end. */
static gboolean
check_swap (TlkStopPage *self,
            GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;

  if (self->visit->device_out == NULL || self->visit->device_in == NULL)
    return TRUE;
  gather (self);
  events = tlk_stop_done_events (self->world, self->stop, self->visit, actor (self), error);
  return events != NULL &&
         tlk_store_check (tlk_context_get_store (self->context), g_ptr_array_index (events, 0), error);
}

static void
swap_scan (TlkStopPage *self,
           const char  *text)
{
  g_autoptr(TlkVisit) probe = tlk_visit_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *words = NULL;
  g_autofree char *message = NULL;
  char **slot;
  char *before;
  TlkCodeKind kind = 0;

  if ((code = tlk_code_parse (text, &kind, &error)) == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, error->message);
      return;
    }
  /* The device planned as the replacement goes in; one of the kit's comes
   * out (core's pickup rule says which are the kit's); any other device is
   * a replacement only once one has come out. */
  if (kind == TLK_CODE_KIND_DEVICE && g_strcmp0 (code, self->stop->device) == 0)
    slot = &self->visit->device_in;
  else if (tlk_visit_see_device (self->world, self->stop, probe, text, &error))
    slot = &self->visit->device_out;
  else if (g_error_matches (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE) && self->visit->device_out != NULL)
    {
      g_clear_error (&error);
      slot = &self->visit->device_in;
    }
  else
    {
      feedback (self, FEEDBACK_REFUSED, error->message);
      return;
    }

  before = *slot;
  *slot = g_strdup (code);
  if (!check_swap (self, &error))
    {
      g_free (*slot);
      *slot = before;
      feedback (self, FEEDBACK_REFUSED, error->message);
      update (self);
      return;
    }
  g_free (before);
  words = device_words (self, code);
  message = slot == &self->visit->device_out ? g_strdup_printf (_("Taken out: %s. %s"), words, prompt (self))
                                             : g_strdup_printf (_("Put in: %s. %s"), words, prompt (self));
  feedback (self, FEEDBACK_OK, message);
  update (self);
  tlk_stop_page_focus (self);
}

void
tlk_stop_page_scan (TlkStopPage *self,
                    const char  *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (TLK_IS_STOP_PAGE (self));
  g_return_if_fail (text != NULL);

  if (self->context == NULL)
    return;
  if (!is_open (self))
    {
      feedback (self, FEEDBACK_INFO, _("This stop is over. Go back to the route (Escape) for the next one."));
      return;
    }
  if (kind_is (self, "service"))
    {
      feedback (self, FEEDBACK_INFO, _("Nothing needs scanning at a service visit."));
      return;
    }

  /* The kit first, at every kind of stop; scanned again it is checked again. */
  if (self->visit->kit == NULL || kind_is (self, "delivery"))
    {
      g_autofree char *shown = NULL;

      if (!tlk_visit_confirm_kit (self->world, self->stop, self->visit, text, &error))
        {
          feedback (self, FEEDBACK_REFUSED, error->message);
          return;
        }
      shown = tlk_code_display (self->visit->kit);
      /* Translators: the kit's code, then what to do next. */
      message = g_strdup_printf (_("Kit %s is the right kit. %s"), shown, prompt (self));
      feedback (self, FEEDBACK_OK, message);
      update (self);
      tlk_stop_page_focus (self);
      return;
    }

  if (kind_is (self, "pickup"))
    {
      g_autofree char *words = NULL;
      g_autoptr(GPtrArray) missing = NULL;

      if (!tlk_visit_see_device (self->world, self->stop, self->visit, text, &error))
        {
          feedback (self, FEEDBACK_REFUSED, error->message);
          return;
        }
      words = device_words (self, g_ptr_array_index (self->visit->seen, self->visit->seen->len - 1));
      missing = tlk_visit_missing (self->world, self->stop, self->visit);
      message = missing->len > 0
                  ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s checked; %u more to scan.",
                                                  "%s checked; %u more to scan.", missing->len),
                                     words, missing->len)
                  : g_strdup_printf (_("%s checked. Every device is here."), words);
      feedback (self, FEEDBACK_OK, message);
      update (self);
      if (missing->len == 0)
        tlk_stop_page_focus (self);
      return;
    }

  swap_scan (self, text);
}

static void
on_scan_entry_activate_cb (TlkStopPage *self,
                           GtkEntry    *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (*g_strstrip (text) == '\0')
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  tlk_stop_page_scan (self, text);
}

/* ---- done or not done ----------------------------------------------------- */

/* What the driver is told once the stop is written. */
static char *
done_message (TlkStopPage *self)
{
  g_autofree char *kit = tlk_code_display (self->visit->kit);

  if (kind_is (self, "delivery"))
    return g_strdup_printf (_("Stop %d is done: kit %s is installed."), self->stop->seq, kit);
  if (kind_is (self, "pickup"))
    {
      g_autoptr(GPtrArray) missing = tlk_visit_missing (self->world, self->stop, self->visit);

      if (missing->len > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Stop %d is done: kit %s is picked up, %u device missing.",
                                             "Stop %d is done: kit %s is picked up, %u devices missing.",
                                             missing->len),
                                self->stop->seq, kit, missing->len);
      return g_strdup_printf (_("Stop %d is done: kit %s is picked up."), self->stop->seq, kit);
    }
  if (kind_is (self, "swap"))
    return g_strdup_printf (_("Stop %d is done: the device is swapped in kit %s."), self->stop->seq, kit);
  return g_strdup_printf (_("Stop %d is done."), self->stop->seq);
}

/*
 * The proof goes first, then the events: a proof is personal data that only
 * this computer has, and if it cannot be kept the stop must not be recorded
 * as signed for. Should the events then be refused, the proof is taken back,
 * so nothing is half written either way.
 */
static void
write_done (TlkStopPage *self,
            GPtrArray   *events,
            TlkProof    *proof)
{
  TlkStore *store = tlk_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = done_message (self);
  g_autofree char *stop_id = g_strdup (self->stop->id);

  if (proof != NULL && !tlk_store_put_proof (store, proof, actor (self), TRUE, &error))
    {
      feedback (self, FEEDBACK_REFUSED, error->message);
      return;
    }
  if (!tlk_context_write (self->context, events, &error))
    {
      if (proof != NULL)
        tlk_store_forget_proof (store, stop_id, NULL);
      feedback (self, FEEDBACK_REFUSED, error->message);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0, message, TRUE);
}

static void complete_visit (TlkStopPage *self,
                            gboolean     missing_confirmed);

static void
on_missing_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        TlkStopPage      *self)
{
  if (g_strcmp0 (response, "complete") == 0)
    complete_visit (self, TRUE);
  else
    tlk_stop_page_focus_entry (self);
}

/* A pickup with devices not found: the driver says so before it is written. */
static void
ask_missing (TlkStopPage *self,
             GPtrArray   *missing)
{
  g_autoptr(GString) body = g_string_new (_("These devices were not scanned and are recorded as missing:"));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Device Missing", "%u Devices Missing", missing->len),
                             missing->len);
  for (guint i = 0; i < missing->len; i++)
    {
      g_autofree char *words = device_words (self, g_ptr_array_index (missing, i));
      g_string_append_printf (body, "\n• %s", words);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Looking"), "complete",
                                    _("_Complete Without Them"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_missing_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
complete_visit (TlkStopPage *self,
                gboolean     missing_confirmed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(TlkProof) proof = NULL;

  if (self->context == NULL || !is_open (self))
    return;
  if ((events = check_visit (self, &proof, &error)) == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, error->message);
      tlk_stop_page_focus (self);
      return;
    }
  if (kind_is (self, "pickup") && !missing_confirmed)
    {
      g_autoptr(GPtrArray) missing = tlk_visit_missing (self->world, self->stop, self->visit);

      if (missing->len > 0)
        {
          ask_missing (self, missing);
          return;
        }
    }
  write_done (self, events, proof);
}

void
tlk_stop_page_complete (TlkStopPage *self)
{
  g_return_if_fail (TLK_IS_STOP_PAGE (self));

  complete_visit (self, FALSE);
}

static void
on_failure_response_cb (TlkFailureDialog *dialog,
                        const char       *response,
                        TlkStopPage      *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(TlkEvent) event = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "fail") != 0 || self->context == NULL || !is_open (self))
    {
      tlk_stop_page_focus (self);
      return;
    }
  if ((event = tlk_failure_dialog_dup_event (dialog, &error)) == NULL)
    {
      feedback (self, FEEDBACK_REFUSED, error->message);
      return;
    }
  message = g_strdup_printf (_("Stop %d is recorded as not done: %s."), self->stop->seq,
                             tlk_stop_failure_describe (tlk_event_get_string (event, "reason")));
  g_ptr_array_add (events, g_steal_pointer (&event));
  if (!tlk_context_write (self->context, events, &error))
    {
      feedback (self, FEEDBACK_REFUSED, error->message);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0, message, FALSE);
}

void
tlk_stop_page_fail (TlkStopPage *self)
{
  TlkFailureDialog *dialog;

  g_return_if_fail (TLK_IS_STOP_PAGE (self));

  if (self->context == NULL || !is_open (self))
    return;
  feedback (self, FEEDBACK_INFO, prompt (self));
  dialog = tlk_failure_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->context,
                                   self->stop->id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_failure_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the object -------------------------------------------------------------- */

static void
tlk_stop_page_dispose (GObject *object)
{
  TlkStopPage *self = (TlkStopPage *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->world, tlk_world_free);
  g_clear_pointer (&self->stop, tlk_stop_free);

  G_OBJECT_CLASS (tlk_stop_page_parent_class)->dispose (object);
}

static void
tlk_stop_page_finalize (GObject *object)
{
  TlkStopPage *self = (TlkStopPage *) object;

  g_clear_pointer (&self->visit, tlk_visit_free);
  g_ptr_array_unref (self->step_rows);
  g_ptr_array_unref (self->device_rows);

  G_OBJECT_CLASS (tlk_stop_page_parent_class)->finalize (object);
}

static void
tlk_stop_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TlkStopPage *self = TLK_STOP_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_COMPLETE:
      g_value_set_boolean (value, self->can_complete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_stop_page_class_init (TlkStopPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_stop_page_dispose;
  object_class->finalize = tlk_stop_page_finalize;
  object_class->get_property = tlk_stop_page_get_property;

  properties[PROP_CAN_COMPLETE] =
    g_param_spec_boolean ("can-complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlkStopPage::finished:
   * @message: what was written, for the driver
   * @done: TRUE for done, FALSE for not done
   *
   * The stop was written as done or as not done.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  g_type_ensure (TLK_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/driver/tlk-stop-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, access_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, window_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, bring_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, scan_group);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, feedback_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, scan_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, devices_group);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, swap_group);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, out_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, out_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, in_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, in_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, recipient_group);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, signature_pad);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, outcome_group);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, finish_box);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TlkStopPage, complete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_recipient_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_recipient_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_signature_pad_empty_changed_cb);
}

static void
tlk_stop_page_init (TlkStopPage *self)
{
  self->visit = tlk_visit_new ();
  self->step_rows = g_ptr_array_new ();
  self->device_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tlk_stop_page_new (void)
{
  return g_object_new (TLK_TYPE_STOP_PAGE, NULL);
}
