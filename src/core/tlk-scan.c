/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-scan.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-gs1.h"

G_DEFINE_QUARK (tlk-scan-error-quark, tlk_scan_error)

/* Action card serials start here so they never look like a small count. */
#define ACTION_SERIAL_BASE 1000

typedef struct
{
  const char  *name;
  const char  *card;
  TlkEventType kit_event;     /* TLK_EVENT_N_TYPES: none */
  TlkEventType device_event;  /* TLK_EVENT_N_TYPES: none */
} ActionInfo;

static const ActionInfo actions[TLK_ACTION_N] = {
  [TLK_ACTION_NONE] = { "show", N_("SHOW"), TLK_EVENT_N_TYPES, TLK_EVENT_N_TYPES },
  [TLK_ACTION_ASSEMBLE] = { "assemble", N_("ASSEMBLE KIT"), TLK_EVENT_N_TYPES, TLK_EVENT_KIT_DEVICE_ADDED },
  [TLK_ACTION_RECEIVE_RETURN] = { "receive_return", N_("RECEIVE RETURN TO QUARANTINE"),
                                  TLK_EVENT_KIT_RECEIVED, TLK_EVENT_N_TYPES },
  [TLK_ACTION_START_REPROCESSING] = { "start_reprocessing", N_("START REPROCESSING"),
                                      TLK_EVENT_KIT_REPROCESSING_STARTED, TLK_EVENT_N_TYPES },
  [TLK_ACTION_PASS_STEP] = { "pass_step", N_("STEP PASSED"), TLK_EVENT_KIT_STEP_PASSED, TLK_EVENT_N_TYPES },
  [TLK_ACTION_FAIL_STEP] = { "fail_step", N_("STEP FAILED"), TLK_EVENT_KIT_STEP_FAILED, TLK_EVENT_N_TYPES },
  [TLK_ACTION_RELEASE] = { "release", N_("RELEASE TO SHELF"), TLK_EVENT_KIT_RELEASED, TLK_EVENT_DEVICE_RELEASED },
  [TLK_ACTION_HOLD] = { "hold", N_("PUT ON HOLD"), TLK_EVENT_KIT_HELD, TLK_EVENT_N_TYPES },
  [TLK_ACTION_RESUME] = { "resume", N_("TAKE OFF HOLD"), TLK_EVENT_KIT_RESUMED, TLK_EVENT_N_TYPES },
  [TLK_ACTION_RETIRE] = { "retire", N_("RETIRE"), TLK_EVENT_KIT_RETIRED, TLK_EVENT_DEVICE_RETIRED },
  [TLK_ACTION_REPORT_LOST] = { "report_lost", N_("REPORT LOST"), TLK_EVENT_KIT_LOST, TLK_EVENT_DEVICE_LOST },
  [TLK_ACTION_FOUND] = { "found", N_("FOUND"), TLK_EVENT_KIT_FOUND, TLK_EVENT_DEVICE_FOUND },
  [TLK_ACTION_UNLOAD] = { "unload", N_("UNLOAD FROM VEHICLE"), TLK_EVENT_KIT_UNLOADED, TLK_EVENT_N_TYPES },
};

struct _TlkScanSession
{
  char      *actor;
  TlkAction  action;
  char      *kit;       /* the kit devices are scanned into (assemble, return) */
  GPtrArray *checked;   /* devices of the open return scanned so far */
  char      *location;  /* where released/received things go */
  TlkGs1    *pending;   /* a barcode waiting for its model */
};

const char *
tlk_action_to_string (TlkAction action)
{
  g_return_val_if_fail ((int) action >= 0 && action < TLK_ACTION_N, NULL);
  return actions[action].name;
}

TlkAction
tlk_action_from_string (const char *str)
{
  for (int i = 0; str != NULL && i < TLK_ACTION_N; i++)
    if (strcmp (actions[i].name, str) == 0)
      return (TlkAction) i;
  return TLK_ACTION_N;
}

const char *
tlk_action_describe (TlkAction action)
{
  g_return_val_if_fail ((int) action >= 0 && action < TLK_ACTION_N, NULL);
  return _(actions[action].card);
}

char *
tlk_action_code (TlkAction action)
{
  g_return_val_if_fail ((int) action >= 0 && action < TLK_ACTION_N, NULL);
  return tlk_code_make (TLK_CODE_KIND_ACTION, ACTION_SERIAL_BASE + action);
}

TlkAction
tlk_action_from_code (const char *code)
{
  for (int i = 0; code != NULL && i < TLK_ACTION_N; i++)
    {
      g_autofree char *c = tlk_action_code (i);
      if (strcmp (c, code) == 0)
        return (TlkAction) i;
    }
  return TLK_ACTION_N;
}

TlkScanSession *
tlk_scan_session_new (const char *actor)
{
  TlkScanSession *session;

  g_return_val_if_fail (actor != NULL, NULL);

  session = g_new0 (TlkScanSession, 1);
  session->actor = g_strdup (actor);
  session->checked = g_ptr_array_new_with_free_func (g_free);
  return session;
}

void
tlk_scan_session_free (TlkScanSession *session)
{
  if (session == NULL)
    return;
  g_free (session->actor);
  g_free (session->kit);
  g_clear_pointer (&session->checked, g_ptr_array_unref);
  g_free (session->location);
  g_clear_pointer (&session->pending, tlk_gs1_free);
  g_free (session);
}

TlkAction
tlk_scan_session_get_action (TlkScanSession *session)
{
  g_return_val_if_fail (session != NULL, TLK_ACTION_NONE);
  return session->action;
}

void
tlk_scan_session_set_action (TlkScanSession *session,
                             TlkAction       action)
{
  g_return_if_fail (session != NULL);
  g_return_if_fail ((int) action >= 0 && action < TLK_ACTION_N);

  session->action = action;
  g_clear_pointer (&session->kit, g_free);
  g_ptr_array_set_size (session->checked, 0);
}

GPtrArray *
tlk_scan_session_get_checked (TlkScanSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);
  return session->action == TLK_ACTION_RECEIVE_RETURN && session->kit != NULL ? session->checked : NULL;
}

const char *
tlk_scan_session_get_kit (TlkScanSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);
  return session->kit;
}

const char *
tlk_scan_session_get_location (TlkScanSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);
  return session->location;
}

void
tlk_scan_session_set_location (TlkScanSession *session,
                               const char     *location)
{
  char *copy;

  g_return_if_fail (session != NULL);
  g_return_if_fail (location == NULL || tlk_code_is_valid (location));

  copy = g_strdup (location);
  g_free (session->location);
  session->location = copy;
}

void
tlk_scan_result_free (TlkScanResult *result)
{
  if (result == NULL)
    return;
  g_free (result->code);
  g_clear_pointer (&result->events, g_ptr_array_unref);
  g_free (result->message);
  g_free (result->gtin);
  g_free (result);
}

static TlkScanResult *
result_new (TlkScanOutcome outcome,
            const char    *code,
            char          *message)
{
  TlkScanResult *result = g_new0 (TlkScanResult, 1);

  result->outcome = outcome;
  result->code = g_strdup (code);
  result->message = message;
  result->events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  return result;
}

/* The location payload field, for the event types that have one. */
static void
maybe_set_location (TlkScanSession *session,
                    TlkEvent       *event)
{
  switch (event->type)
    {
    case TLK_EVENT_KIT_RELEASED:
    case TLK_EVENT_KIT_RECEIVED:
    case TLK_EVENT_KIT_FOUND:
    case TLK_EVENT_KIT_UNLOADED:
    case TLK_EVENT_KIT_REPROCESSING_STARTED:
    case TLK_EVENT_DEVICE_RELEASED:
    case TLK_EVENT_DEVICE_FOUND:
      tlk_event_set_string (event, "location", session->location);
      break;
    default:
      break;
    }
}

/* Checks @owned_event by applying it to @world and adds it to @result. */
static gboolean
add_event (TlkScanSession *session,
           TlkWorld       *world,
           TlkScanResult  *result,
           TlkEvent       *owned_event,
           GError        **error)
{
  g_autoptr(TlkEvent) event = owned_event;

  maybe_set_location (session, event);
  if (!tlk_world_apply (world, event, error))
    return FALSE;
  g_ptr_array_add (result->events, g_steal_pointer (&event));
  return TRUE;
}

static TlkScanResult *
event_result (TlkScanSession *session,
              TlkWorld       *world,
              TlkEvent       *owned_event,
              const char     *code,
              GError        **error)
{
  g_autofree char *shown = tlk_code_format (code);
  g_autoptr(TlkScanResult) result = NULL;

  result = result_new (TLK_SCAN_EVENT, code,
                       /* Translators: "K 3F9 A2C XMS: released to the shelf" */
                       g_strdup_printf (_("%s: %s"), shown, tlk_event_type_describe (owned_event->type)));
  if (!add_event (session, world, result, owned_event, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* kit.received for the open return, with the devices not scanned missing. */
static TlkScanResult *
receive_return (TlkScanSession *session,
                TlkWorld       *world,
                GError        **error)
{
  TlkKit *kit = tlk_world_kit (world, session->kit);
  g_autofree char *shown = tlk_code_format (session->kit);
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(TlkScanResult) result = NULL;
  TlkEvent *event;
  guint n_missing;

  for (guint i = 0; kit != NULL && i < kit->devices->len; i++)
    {
      const char *id = g_ptr_array_index (kit->devices, i);
      if (!g_ptr_array_find_with_equal_func (session->checked, id, g_str_equal, NULL))
        json_array_add_string_element (missing, id);
    }
  n_missing = json_array_get_length (missing);

  event = tlk_event_new (TLK_EVENT_KIT_RECEIVED, session->kit, session->actor);
  if (n_missing > 0)
    tlk_event_set_array (event, "missing", json_array_ref (missing));
  result = result_new (TLK_SCAN_EVENT, session->kit,
                       n_missing == 0
                       ? g_strdup_printf (_("%s: every device is there; received into quarantine"), shown)
                       : g_strdup_printf (ngettext ("%s: received into quarantine, %u device missing",
                                                    "%s: received into quarantine, %u devices missing",
                                                    n_missing),
                                          shown, n_missing));
  if (!add_event (session, world, result, event, error))
    return NULL;
  g_clear_pointer (&session->kit, g_free);
  g_ptr_array_set_size (session->checked, 0);
  return g_steal_pointer (&result);
}

TlkScanResult *
tlk_scan_session_finish (TlkScanSession *session,
                         TlkWorld       *world,
                         GError        **error)
{
  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (world != NULL, NULL);

  if (session->kit == NULL)
    return NULL;
  if (session->action == TLK_ACTION_RECEIVE_RETURN)
    return receive_return (session, world, error);
  g_clear_pointer (&session->kit, g_free);
  return NULL;
}

static TlkScanResult *
handle_kit (TlkScanSession *session,
            TlkWorld       *world,
            const char     *code,
            GError        **error)
{
  const ActionInfo *info = &actions[session->action];
  g_autofree char *shown = tlk_code_format (code);
  TlkKit *kit = tlk_world_kit (world, code);
  TlkEvent *event;

  if (kit == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                   _("Kit %s is not registered in Telekit."), shown);
      return NULL;
    }

  if (session->action == TLK_ACTION_NONE)
    return result_new (TLK_SCAN_SHOW, code,
                       g_strdup_printf (_("Kit %s is %s."), shown, tlk_kit_state_describe (kit->state)));

  if (session->action == TLK_ACTION_RECEIVE_RETURN)
    {
      if (session->kit != NULL && strcmp (session->kit, code) == 0)
        return receive_return (session, world, error);
      if (session->kit != NULL)
        {
          g_autofree char *open = tlk_code_format (session->kit);
          g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NOT_HERE,
                       _("Finish kit %s first: scan its devices, or scan the kit again to record the rest as missing."),
                       open);
          return NULL;
        }
      if (!tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_RECEIVED, NULL, kit->state,
                              kit->held_from, code, NULL, error))
        return NULL;
      session->kit = g_strdup (code);
      g_ptr_array_set_size (session->checked, 0);
      if (kit->devices->len == 0)
        return receive_return (session, world, error);
      return result_new (TLK_SCAN_KIT_SELECTED, code,
                         g_strdup_printf (ngettext ("Kit %s: scan its %u device.",
                                                    "Kit %s: scan its %u devices.", kit->devices->len),
                                          shown, kit->devices->len));
    }

  if (session->action == TLK_ACTION_ASSEMBLE)
    {
      /* Check as if a device were added, so a kit that cannot take devices
       * is refused at once with the machine's reason. */
      if (!tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_DEVICE_ADDED, NULL, kit->state,
                              kit->held_from, code, NULL, error))
        return NULL;
      g_free (session->kit);
      session->kit = g_strdup (code);
      return result_new (TLK_SCAN_KIT_SELECTED, code,
                         g_strdup_printf (_("Kit %s: now scan its devices."), shown));
    }

  event = tlk_event_new (info->kit_event, code, session->actor);

  if (session->action == TLK_ACTION_PASS_STEP || session->action == TLK_ACTION_FAIL_STEP)
    {
      TlkKitType *type = tlk_world_kit_type (world, kit->kit_type);
      const TlkStep *step = type && kit->state == TLK_KIT_REPROCESSING ? tlk_kit_next_step (kit, type) : NULL;

      if (kit->state == TLK_KIT_REPROCESSING && step == NULL)
        {
          tlk_event_free (event);
          g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_CHECKLIST,
                       _("Kit %s has passed every step of its checklist; release it."), shown);
          return NULL;
        }
      /* Outside reprocessing the machine gives the reason below. */
      tlk_event_set_string (event, "step", step ? step->id : "none");
    }
  else if (session->action == TLK_ACTION_HOLD)
    tlk_event_set_string (event, "reason", _("Put on hold at the scan desk."));

  return event_result (session, world, event, code, error);
}

static TlkScanResult *
handle_device (TlkScanSession *session,
               TlkWorld       *world,
               const char     *code,
               GError        **error)
{
  const ActionInfo *info = &actions[session->action];
  g_autofree char *shown = tlk_code_format (code);
  TlkDevice *device = tlk_world_device (world, code);
  TlkEvent *event;

  if (session->action == TLK_ACTION_NONE)
    {
      if (device == NULL)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                       _("Device %s is not registered in Telekit."), shown);
          return NULL;
        }
      return result_new (TLK_SCAN_SHOW, code,
                         g_strdup_printf (_("Device %s is %s."), shown, tlk_device_state_describe (device->state)));
    }

  if (session->action == TLK_ACTION_RECEIVE_RETURN)
    {
      TlkKit *kit = tlk_world_kit (world, session->kit);
      g_autofree char *kit_shown = NULL;
      guint n;

      if (kit == NULL)
        {
          g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NO_KIT,
                       _("Scan the returned kit’s label first, then its devices."));
          return NULL;
        }
      kit_shown = tlk_code_format (kit->id);
      if (!tlk_kit_has_device (kit, code))
        {
          if (device != NULL && device->kit != NULL)
            {
              g_autofree char *other = tlk_code_format (device->kit);
              g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE,
                           _("Device %s belongs to kit %s, not to kit %s."), shown, other, kit_shown);
            }
          else
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE,
                         _("Device %s is not part of kit %s."), shown, kit_shown);
          return NULL;
        }
      if (g_ptr_array_find_with_equal_func (session->checked, code, g_str_equal, NULL))
        {
          g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_ALREADY,
                       _("Device %s was already scanned."), shown);
          return NULL;
        }
      g_ptr_array_add (session->checked, g_strdup (code));
      n = session->checked->len;
      if (n == kit->devices->len)
        return receive_return (session, world, error);
      return result_new (TLK_SCAN_DEVICE_CHECKED, code,
                         /* Translators: "D 1C8 235 QRY is there (2 of 4)" */
                         g_strdup_printf (_("%s is there (%u of %u)"), shown, n, kit->devices->len));
    }

  if (session->action == TLK_ACTION_ASSEMBLE)
    {
      if (session->kit == NULL)
        {
          g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NO_KIT,
                       _("Scan the kit label first, then its devices."));
          return NULL;
        }
      event = tlk_event_new (TLK_EVENT_KIT_DEVICE_ADDED, session->kit, session->actor);
      tlk_event_set_string (event, "device", code);
      return event_result (session, world, event, code, error);
    }

  if (info->device_event == TLK_EVENT_N_TYPES)
    {
      g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NOT_HERE,
                   _("“%s” applies to kits, and %s is a device. Scan the kit’s label."),
                   tlk_action_describe (session->action), shown);
      return NULL;
    }
  event = tlk_event_new (info->device_event, code, session->actor);
  return event_result (session, world, event, code, error);
}

static char *
iso_date (const GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

/* A new device code nobody has: codes are random, so ask the world. */
static char *
new_device_code (TlkWorld *world)
{
  for (;;)
    {
      g_autofree char *code = tlk_code_make_random (TLK_CODE_KIND_DEVICE, NULL);
      if (tlk_world_device (world, code) == NULL)
        return g_steal_pointer (&code);
    }
}

/* Registers the device the barcode @gs1 describes as a device of @model;
 * in assembly it goes straight into the open kit. */
static TlkScanResult *
register_device (TlkScanSession *session,
                 TlkWorld       *world,
                 const TlkGs1   *gs1,
                 TlkDeviceModel *model,
                 gboolean        learn_gtin,
                 GError        **error)
{
  g_autofree char *code = new_device_code (world);
  g_autofree char *shown = tlk_code_format (code);
  g_autoptr(TlkScanResult) result = NULL;
  TlkEvent *event;

  result = result_new (TLK_SCAN_EVENT, code,
                       /* Translators: "Registered Nonin Onyx 3230, serial SN1, as D 1C8 235 QRY" */
                       g_strdup_printf (_("Registered %s %s, serial %s, as %s"),
                                        model->manufacturer, model->name, gs1->serial, shown));
  if (learn_gtin)
    {
      event = tlk_event_new (TLK_EVENT_MODEL_GTIN_ADDED, model->id, session->actor);
      tlk_event_set_string (event, "gtin", gs1->gtin);
      if (!add_event (session, world, result, event, error))
        return NULL;
    }

  event = tlk_event_new (TLK_EVENT_DEVICE_RECEIVED, code, session->actor);
  tlk_event_set_string (event, "model", model->id);
  tlk_event_set_string (event, "serial", gs1->serial);
  tlk_event_set_string (event, "lot", gs1->lot);
  if (gs1->expiry != NULL)
    {
      g_autofree char *expiry = iso_date (gs1->expiry);
      tlk_event_set_string (event, "expiry", expiry);
    }
  if (model->calibration_months > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) due = g_date_time_add_months (now, model->calibration_months);
      g_autofree char *text = g_date_time_format (due, "%Y-%m-%d");
      tlk_event_set_string (event, "calibration_due", text);
    }
  tlk_event_set_string (event, "location", session->location);
  if (!add_event (session, world, result, event, error))
    return NULL;

  if (session->action == TLK_ACTION_ASSEMBLE && session->kit != NULL)
    {
      g_autofree char *kit_shown = tlk_code_format (session->kit);
      event = tlk_event_new (TLK_EVENT_KIT_DEVICE_ADDED, session->kit, session->actor);
      tlk_event_set_string (event, "device", code);
      if (!add_event (session, world, result, event, error))
        return NULL;
      g_free (result->message);
      result->message = g_strdup_printf (_("Registered %s %s, serial %s, as %s, and added it to kit %s"),
                                         model->manufacturer, model->name, gs1->serial, shown, kit_shown);
    }
  return g_steal_pointer (&result);
}

static TlkScanResult *
handle_gs1 (TlkScanSession *session,
            TlkWorld       *world,
            const char     *input,
            GError        **error)
{
  g_autoptr(TlkGs1) gs1 = tlk_gs1_parse (input, error);
  TlkDeviceModel *model;
  TlkDevice *device;

  if (gs1 == NULL)
    return NULL;
  if (gs1->gtin == NULL)
    {
      g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_BARCODE,
                   _("This barcode has no product number (GTIN); scan the device’s UDI barcode."));
      return NULL;
    }
  if (gs1->serial == NULL)
    {
      g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_BARCODE,
                   _("This barcode has no serial number (AI 21); scan the barcode that carries the serial number."));
      return NULL;
    }

  model = tlk_world_model_by_gtin (world, gs1->gtin);
  if (model == NULL)
    {
      TlkScanResult *result = result_new (TLK_SCAN_NEEDS_MODEL, NULL,
                                          g_strdup_printf (_("Unknown product number %s: which model is it?"),
                                                           gs1->gtin));
      result->gtin = g_strdup (gs1->gtin);
      g_clear_pointer (&session->pending, tlk_gs1_free);
      session->pending = g_steal_pointer (&gs1);
      return result;
    }

  /* A device already registered: the barcode stands for its label. */
  device = tlk_world_device_by_serial (world, model->id, gs1->serial);
  if (device != NULL)
    return handle_device (session, world, device->id, error);

  return register_device (session, world, gs1, model, FALSE, error);
}

TlkScanResult *
tlk_scan_session_choose_model (TlkScanSession *session,
                               TlkWorld       *world,
                               const char     *model_id,
                               GError        **error)
{
  g_autoptr(TlkGs1) gs1 = NULL;
  TlkDeviceModel *model;
  TlkScanResult *result;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  if (session->pending == NULL)
    {
      g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_BARCODE, _("No barcode is waiting for its model."));
      return NULL;
    }
  model = tlk_world_model (world, model_id);
  if (model == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                   _("The device model %s is not registered."), model_id);
      return NULL;
    }
  gs1 = g_steal_pointer (&session->pending);
  result = register_device (session, world, gs1, model, TRUE, error);
  if (result == NULL)
    session->pending = g_steal_pointer (&gs1);
  return result;
}

TlkScanResult *
tlk_scan_session_handle (TlkScanSession *session,
                         TlkWorld       *world,
                         const char     *input,
                         GError        **error)
{
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;
  TlkCodeKind kind;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (tlk_gs1_looks_like (input))
    return handle_gs1 (session, world, input, error);

  code = tlk_code_parse (input, &kind, error);
  if (code == NULL)
    return NULL;
  shown = tlk_code_format (code);

  switch (kind)
    {
    case TLK_CODE_KIND_ACTION:
      {
        TlkAction action = tlk_action_from_code (code);

        if (action == TLK_ACTION_N)
          {
            g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_UNKNOWN_ACTION,
                         _("The action card %s is not known to this version of Telekit."), shown);
            return NULL;
          }
        tlk_scan_session_set_action (session, action);
        return result_new (TLK_SCAN_ACTION_SET, code,
                           g_strdup_printf (_("Action: %s"), tlk_action_describe (action)));
      }

    case TLK_CODE_KIND_LOCATION:
      {
        TlkLocation *location = tlk_world_location (world, code);

        if (location == NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                         _("The location %s is not registered."), shown);
            return NULL;
          }
        g_free (session->location);
        session->location = g_strdup (code);
        return result_new (TLK_SCAN_LOCATION_SET, code,
                           g_strdup_printf (_("Location: %s"), location->name));
      }

    case TLK_CODE_KIND_KIT:
      return handle_kit (session, world, code, error);

    case TLK_CODE_KIND_DEVICE:
      return handle_device (session, world, code, error);

    case TLK_CODE_KIND_STOP:
    default:
      g_set_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NOT_HERE,
                   _("%s is a stop on a driver’s route; scan it in the route view."), shown);
      return NULL;
    }
}
