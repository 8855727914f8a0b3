/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-route.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-machine.h"

TlkVisit *
tlk_visit_new (void)
{
  TlkVisit *visit = g_new0 (TlkVisit, 1);

  visit->checked = g_ptr_array_new_with_free_func (g_free);
  visit->seen = g_ptr_array_new_with_free_func (g_free);
  return visit;
}

void
tlk_visit_free (TlkVisit *visit)
{
  if (visit == NULL)
    return;
  g_free (visit->kit);
  g_ptr_array_unref (visit->checked);
  g_ptr_array_unref (visit->seen);
  g_free (visit->device_out);
  g_free (visit->device_in);
  g_free (visit->reason);
  g_free (visit);
}

void
tlk_proof_free (TlkProof *proof)
{
  if (proof == NULL)
    return;
  g_free (proof->stop);
  g_free (proof->recipient);
  g_free (proof->signature);
  g_free (proof->signed_at);
  g_free (proof);
}

gboolean
tlk_proof_check (const TlkProof *proof,
                 GError        **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (proof != NULL, FALSE);

  if (proof->recipient != NULL)
    trimmed = g_strstrip (g_strdup (proof->recipient));
  if (trimmed == NULL || !g_utf8_validate (trimmed, -1, NULL) ||
      *trimmed == '\0' || g_utf8_strlen (proof->recipient, -1) > 200)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF,
                   _("Write the name of the person who received the kit (up to 200 characters)."));
      return FALSE;
    }
  if (!tlk_text_check_free (_("recipient"), proof->recipient, error))
    return FALSE;
  if (proof->signature == NULL || strlen (proof->signature) > TLK_PROOF_MAX_SIGNATURE ||
      (proof->signature[0] != 'M' && proof->signature[0] != 'm') ||
      strspn (proof->signature, "MLml0123456789 .,-") != strlen (proof->signature))
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF,
                   _("The signature is missing or cannot be read; ask the recipient to sign again."));
      return FALSE;
    }
  if (proof->stop == NULL || proof->signed_at == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, _("The signature is not tied to a stop."));
      return FALSE;
    }
  return TRUE;
}

/* The stop.failed reasons (tlk-event.c checks the same names), in the order
 * a driver is offered them, and their words. */
static const char *const reason_ids[] = { "not_home", "refused", "wrong_address", "no_access", "other", NULL };
static const char *const reason_words[] = {
  N_("Not at home"), N_("Refused"), N_("Wrong address"), N_("No access"), N_("Other reason"),
};

const char *const *
tlk_stop_failure_reasons (void)
{
  return reason_ids;
}

const char *
tlk_stop_failure_describe (const char *reason)
{
  for (guint i = 0; reason_ids[i] != NULL; i++)
    if (g_strcmp0 (reason_ids[i], reason) == 0)
      return _(reason_words[i]);
  return reason;
}

const char *
tlk_stop_kind_describe (const char *kind)
{
  if (g_strcmp0 (kind, "delivery") == 0)
    return _("Delivery and installation");
  if (g_strcmp0 (kind, "pickup") == 0)
    return _("Pickup");
  if (g_strcmp0 (kind, "swap") == 0)
    return _("Device swap");
  if (g_strcmp0 (kind, "service") == 0)
    return _("Service visit");
  return kind;
}

static gboolean
stop_is_open (const TlkStop *stop,
              GError       **error)
{
  if (stop->state == TLK_STOP_PLANNED)
    return TRUE;
  g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
               _("This stop is already %s."), tlk_stop_state_describe (stop->state));
  return FALSE;
}

const char *
tlk_order_waiting_stop (const TlkOrder *order)
{
  static const char *const kinds[] = { "delivery", "pickup" };

  g_return_val_if_fail (order != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (tlk_machine_check (TLK_MACHINE_ORDER, TLK_EVENT_STOP_PLANNED, kinds[i], order->state, 0, order->id, NULL,
                           NULL))
      return kinds[i];
  return NULL;
}

const char *
tlk_stop_current_kit (TlkWorld      *world,
                      const TlkStop *stop)
{
  TlkOrder *order;

  g_return_val_if_fail (world != NULL && stop != NULL, NULL);

  order = tlk_world_order (world, stop->order);
  return order != NULL && order->kit != NULL ? order->kit : stop->kit;
}

/* @input as scanned, which must be a label of @want (a kit or a device):
 * its canonical code, or NULL with the reason. */
static char *
parse_label (const char  *input,
             TlkCodeKind  want,
             GError     **error)
{
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  TlkCodeKind kind = 0;

  if ((code = tlk_code_parse (input, &kind, error)) == NULL)
    return NULL;
  if (kind == want)
    return g_steal_pointer (&code);
  shown = tlk_code_display (code);
  if (want == TLK_CODE_KIND_KIT)
    g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                 _("%s is not a kit label. Scan the label on the kit’s case."), shown);
  else
    g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                 _("%s is not a device label. Scan the label on each device."), shown);
  return NULL;
}

gboolean
tlk_visit_confirm_kit (TlkWorld      *world,
                       const TlkStop *stop,
                       TlkVisit      *visit,
                       const char    *input,
                       GError       **error)
{
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *want = NULL;
  const char *expected;

  g_return_val_if_fail (world != NULL && stop != NULL && visit != NULL && input != NULL, FALSE);

  if (!stop_is_open (stop, error) || (code = parse_label (input, TLK_CODE_KIND_KIT, error)) == NULL)
    return FALSE;
  expected = tlk_stop_current_kit (world, stop);
  if (g_strcmp0 (code, expected) != 0)
    {
      shown = tlk_code_display (code);
      want = tlk_code_display (expected);
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                   /* Translators: the first is the kit scanned, the second the kit of the stop. */
                   _("This is kit %s, but the stop is for kit %s. Check the label and scan the right kit."),
                   shown, want);
      return FALSE;
    }
  g_free (visit->kit);
  visit->kit = g_steal_pointer (&code);
  return TRUE;
}

gboolean
tlk_visit_see_device (TlkWorld      *world,
                      const TlkStop *stop,
                      TlkVisit      *visit,
                      const char    *input,
                      GError       **error)
{
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  TlkKit *kit;

  g_return_val_if_fail (world != NULL && stop != NULL && visit != NULL && input != NULL, FALSE);

  if (!stop_is_open (stop, error) || (code = parse_label (input, TLK_CODE_KIND_DEVICE, error)) == NULL)
    return FALSE;
  shown = tlk_code_display (code);
  kit = tlk_world_kit (world, tlk_stop_current_kit (world, stop));
  if (kit == NULL || !tlk_strv_array_contains (kit->devices, code))
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE,
                   _("Device %s is not in this kit. Leave it with the citizen and tell the office."), shown);
      return FALSE;
    }
  if (tlk_strv_array_contains (visit->seen, code))
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS,
                   _("Device %s is already checked."), shown);
      return FALSE;
    }
  g_ptr_array_add (visit->seen, g_steal_pointer (&code));
  return TRUE;
}

GPtrArray *
tlk_visit_missing (TlkWorld       *world,
                   const TlkStop  *stop,
                   const TlkVisit *visit)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  TlkKit *kit;

  g_return_val_if_fail (world != NULL && stop != NULL && visit != NULL, missing);

  kit = tlk_world_kit (world, tlk_stop_current_kit (world, stop));
  for (guint i = 0; kit != NULL && i < kit->devices->len; i++)
    if (!tlk_strv_array_contains (visit->seen, g_ptr_array_index (kit->devices, i)))
      g_ptr_array_add (missing, g_strdup (g_ptr_array_index (kit->devices, i)));
  return missing;
}

static JsonArray *
strings_to_json (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return array;
}

static gboolean
check_kit_confirmed (const TlkVisit *visit,
                     GError        **error)
{
  if (visit->kit != NULL)
    return TRUE;
  g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
               _("Scan the kit’s label first, to confirm it is the right kit."));
  return FALSE;
}

static gboolean
check_signed (const TlkVisit *visit,
              GError        **error)
{
  if (visit->signed_by_recipient)
    return TRUE;
  g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF,
               _("The recipient has not signed yet."));
  return FALSE;
}

static gboolean
check_install_steps (TlkWorld       *world,
                     const TlkStop  *stop,
                     const TlkVisit *visit,
                     GError        **error)
{
  TlkOrder *order = tlk_world_order (world, stop->order);
  TlkKitType *type = order != NULL ? tlk_world_kit_type (world, order->kit_type) : NULL;

  for (guint i = 0; type != NULL && i < type->install_checklist->len; i++)
    {
      const TlkStep *step = g_ptr_array_index (type->install_checklist, i);

      if (!tlk_strv_array_contains (visit->checked, step->id))
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST,
                       _("The installation step “%s” is not ticked."), step->name);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
tlk_stop_done_events (TlkWorld       *world,
                      const TlkStop  *stop,
                      const TlkVisit *visit,
                      const char     *actor,
                      GError        **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(JsonArray) checked = NULL;
  TlkEvent *e;
  TlkEvent *done;

  g_return_val_if_fail (world != NULL && stop != NULL && visit != NULL && actor != NULL, NULL);

  if (!stop_is_open (stop, error))
    return NULL;

  if (g_strcmp0 (stop->kind, "delivery") == 0)
    {
      if (!check_kit_confirmed (visit, error) || !check_install_steps (world, stop, visit, error) ||
          !check_signed (visit, error))
        return NULL;
      e = tlk_event_new (TLK_EVENT_KIT_INSTALLED, visit->kit, actor);
      tlk_event_set_string (e, "stop", stop->id);
      g_ptr_array_add (events, e);
      checked = strings_to_json (visit->checked);
    }
  else if (g_strcmp0 (stop->kind, "pickup") == 0)
    {
      g_autoptr(GPtrArray) missing = NULL;

      if (!check_kit_confirmed (visit, error) || !check_signed (visit, error))
        return NULL;
      missing = tlk_visit_missing (world, stop, visit);
      e = tlk_event_new (TLK_EVENT_KIT_PICKED_UP, visit->kit, actor);
      tlk_event_set_string (e, "stop", stop->id);
      if (missing->len > 0)
        tlk_event_set_array (e, "missing", strings_to_json (missing));
      g_ptr_array_add (events, e);
    }
  else if (g_strcmp0 (stop->kind, "swap") == 0)
    {
      if (!check_kit_confirmed (visit, error))
        return NULL;
      if (visit->device_out == NULL || visit->device_in == NULL)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND,
                       _("Scan the device taken out and the device put in."));
          return NULL;
        }
      e = tlk_event_new (TLK_EVENT_KIT_DEVICE_SWAPPED, visit->kit, actor);
      tlk_event_set_string (e, "device_out", visit->device_out);
      tlk_event_set_string (e, "device_in", visit->device_in);
      if (visit->reason != NULL && *visit->reason != '\0')
        tlk_event_set_string (e, "reason", visit->reason);
      tlk_event_set_string (e, "stop", stop->id);
      g_ptr_array_add (events, e);
    }

  /* Made last, so its time is the visit's end. */
  done = tlk_event_new (TLK_EVENT_STOP_DONE, stop->id, actor);
  if (checked != NULL)
    tlk_event_set_array (done, "checked", g_steal_pointer (&checked));
  tlk_event_set_bool (done, "signed", visit->signed_by_recipient);
  g_ptr_array_add (events, done);

  /* The world has the last word on each (the kit out with this driver, a
   * swapped-in device that fits…); the caller appends them in one batch. */
  return g_steal_pointer (&events);
}

TlkEvent *
tlk_stop_failed_event (const TlkStop *stop,
                       const char    *reason,
                       const char    *note,
                       const char    *actor,
                       GError       **error)
{
  g_autoptr(TlkEvent) e = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (note != NULL ? note : ""));

  g_return_val_if_fail (stop != NULL && actor != NULL, NULL);

  if (!stop_is_open (stop, error))
    return NULL;
  if (reason == NULL || !g_strv_contains (tlk_stop_failure_reasons (), reason))
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
                   _("Choose why the stop could not be done."));
      return NULL;
    }
  if (strcmp (reason, "other") == 0 && *trimmed == '\0')
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
                   _("Write what happened when the reason is “Other reason”."));
      return NULL;
    }
  e = tlk_event_new (TLK_EVENT_STOP_FAILED, stop->id, actor);
  tlk_event_set_string (e, "reason", reason);
  if (*trimmed != '\0')
    tlk_event_set_string (e, "note", trimmed);
  if (!tlk_event_validate (e, error))
    return NULL;
  return g_steal_pointer (&e);
}

TlkEvent *
tlk_route_load_event (TlkWorld      *world,
                      const TlkStop *stop,
                      const char    *kit,
                      const char    *vehicle,
                      const char    *driver,
                      GError       **error)
{
  g_autofree char *shown = NULL;
  TlkEvent *e;

  g_return_val_if_fail (world != NULL && kit != NULL && vehicle != NULL && driver != NULL, NULL);

  shown = tlk_code_display (kit);
  if (stop == NULL || g_strcmp0 (stop->kind, "delivery") != 0 || stop->state != TLK_STOP_PLANNED ||
      g_strcmp0 (tlk_stop_current_kit (world, stop), kit) != 0)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                   _("Kit %s has no delivery planned. Leave it on the shelf."), shown);
      return NULL;
    }
  if (g_strcmp0 (stop->driver, driver) != 0)
    {
      TlkUser *other = tlk_world_user (world, stop->driver);
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE,
                   _("Kit %s is on %s’s route, not yours."), shown, other ? other->name : stop->driver);
      return NULL;
    }
  e = tlk_event_new (TLK_EVENT_KIT_LOADED, kit, driver);
  tlk_event_set_string (e, "vehicle", vehicle);
  tlk_event_set_string (e, "driver", driver);
  return e;
}

static void
earliest (char      **date,
          const char *candidate)
{
  if (candidate != NULL && (*date == NULL || strcmp (candidate, *date) < 0))
    {
      g_free (*date);
      *date = g_strdup (candidate);
    }
}

char *
tlk_world_kit_good_until (TlkWorld     *world,
                          const TlkKit *kit)
{
  char *date = NULL;

  g_return_val_if_fail (world != NULL && kit != NULL, NULL);

  for (guint i = 0; i < kit->devices->len; i++)
    {
      TlkDevice *device = tlk_world_device (world, g_ptr_array_index (kit->devices, i));

      if (device == NULL)
        continue;
      earliest (&date, device->expiry);
      earliest (&date, device->calibration_due);
    }
  return date;
}
