/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-scan.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-code.h"

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
};

struct _TlkScanSession
{
  char     *actor;
  TlkAction action;
  char     *kit;       /* the kit devices are scanned into (assemble) */
  char     *location;  /* where released/received things go */
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
  return session;
}

void
tlk_scan_session_free (TlkScanSession *session)
{
  if (session == NULL)
    return;
  g_free (session->actor);
  g_free (session->kit);
  g_free (session->location);
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
tlk_scan_result_free (TlkScanResult *result)
{
  if (result == NULL)
    return;
  g_free (result->code);
  g_clear_pointer (&result->event, tlk_event_free);
  g_free (result->message);
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
    case TLK_EVENT_KIT_REPROCESSING_STARTED:
    case TLK_EVENT_DEVICE_RELEASED:
    case TLK_EVENT_DEVICE_FOUND:
      tlk_event_set_string (event, "location", session->location);
      break;
    default:
      break;
    }
}

static TlkScanResult *
event_result (TlkScanSession *session,
              TlkWorld       *world,
              TlkEvent       *owned_event,
              const char     *code,
              GError        **error)
{
  g_autoptr(TlkEvent) event = owned_event;
  g_autofree char *shown = tlk_code_format (code);
  TlkScanResult *result;

  maybe_set_location (session, event);
  if (!tlk_world_check (world, event, error))
    return NULL;

  result = result_new (TLK_SCAN_EVENT, code,
                       /* Translators: "K 3F9 A2C XMS: released to the shelf" */
                       g_strdup_printf (_("%s: %s"), shown, tlk_event_type_describe (event->type)));
  result->event = g_steal_pointer (&event);
  return result;
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
