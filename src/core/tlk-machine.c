/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-machine.h"

#include <glib/gi18n-lib.h>

#include "tlk-code.h"

G_DEFINE_QUARK (tlk-rule-error-quark, tlk_rule_error)

#define B(s) (1u << (s))

/* Kits (DESIGN §3). A kit that has been in a home can only reach "ready"
 * through quarantine → reprocessing → released, and release is guarded by the
 * full checklist (tlk-world.c). */
static const TlkTransition kit_machine[] = {
  { TLK_EVENT_KIT_CREATED, NULL, B (TLK_KIT_NONE), TLK_KIT_ASSEMBLING,
    N_("a kit code can only be registered once") },
  { TLK_EVENT_KIT_DEVICE_ADDED, NULL, B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_REPROCESSING) | B (TLK_KIT_ON_HOLD),
    TLK_MACHINE_SAME, N_("devices can only be added while a kit is assembled, reprocessed or on hold") },
  { TLK_EVENT_KIT_DEVICE_REMOVED, NULL,
    B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_QUARANTINE) | B (TLK_KIT_REPROCESSING) | B (TLK_KIT_ON_HOLD),
    TLK_MACHINE_SAME, N_("devices can only be taken out of a kit at the warehouse, before it is released") },
  { TLK_EVENT_KIT_RELEASED, NULL, B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_REPROCESSING), TLK_KIT_READY,
    N_("only kits being assembled or reprocessed can be released") },
  { TLK_EVENT_KIT_HELD, NULL, B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_READY) | B (TLK_KIT_REPROCESSING),
    TLK_KIT_ON_HOLD, N_("only kits being assembled, on the shelf or being reprocessed can be put on hold") },
  { TLK_EVENT_KIT_RESUMED, NULL, B (TLK_KIT_ON_HOLD), TLK_MACHINE_RESUME,
    N_("only kits on hold can be taken off hold") },
  { TLK_EVENT_KIT_RESERVED, NULL, B (TLK_KIT_READY), TLK_KIT_RESERVED,
    N_("only kits ready on the shelf can be reserved") },
  { TLK_EVENT_KIT_UNRESERVED, NULL, B (TLK_KIT_RESERVED), TLK_KIT_READY,
    N_("only reserved kits can be put back on the shelf") },
  { TLK_EVENT_KIT_LOADED, NULL, B (TLK_KIT_RESERVED), TLK_KIT_OUT,
    N_("only kits reserved for an order can be loaded") },
  { TLK_EVENT_KIT_UNLOADED, NULL, B (TLK_KIT_OUT), TLK_KIT_RESERVED,
    N_("only kits out with a driver can be unloaded") },
  { TLK_EVENT_KIT_INSTALLED, NULL, B (TLK_KIT_OUT), TLK_KIT_INSTALLED,
    N_("only kits out with a driver can be installed") },
  { TLK_EVENT_KIT_PICKED_UP, NULL, B (TLK_KIT_INSTALLED), TLK_KIT_RETURNING,
    N_("only installed kits can be picked up") },
  { TLK_EVENT_KIT_RECEIVED, NULL, B (TLK_KIT_INSTALLED) | B (TLK_KIT_RETURNING), TLK_KIT_QUARANTINE,
    N_("only kits coming back from a home can be received into quarantine") },
  { TLK_EVENT_KIT_REPROCESSING_STARTED, NULL, B (TLK_KIT_QUARANTINE), TLK_KIT_REPROCESSING,
    N_("only kits in quarantine can start reprocessing") },
  { TLK_EVENT_KIT_STEP_PASSED, NULL, B (TLK_KIT_REPROCESSING), TLK_MACHINE_SAME,
    N_("checklist steps can only be passed while a kit is reprocessed") },
  { TLK_EVENT_KIT_STEP_FAILED, NULL, B (TLK_KIT_REPROCESSING), TLK_MACHINE_SAME,
    N_("checklist steps can only be failed while a kit is reprocessed") },
  { TLK_EVENT_KIT_DEVICE_SWAPPED, NULL, B (TLK_KIT_INSTALLED), TLK_MACHINE_SAME,
    N_("devices are only swapped in kits installed at a home") },
  { TLK_EVENT_KIT_MOVED, NULL,
    B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_READY) | B (TLK_KIT_RESERVED) | B (TLK_KIT_QUARANTINE) |
    B (TLK_KIT_REPROCESSING) | B (TLK_KIT_ON_HOLD),
    TLK_MACHINE_SAME, N_("only kits at the warehouse can be moved between places") },
  { TLK_EVENT_KIT_LOST, NULL,
    B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_READY) | B (TLK_KIT_RESERVED) | B (TLK_KIT_OUT) | B (TLK_KIT_INSTALLED) |
    B (TLK_KIT_RETURNING) | B (TLK_KIT_QUARANTINE) | B (TLK_KIT_REPROCESSING) | B (TLK_KIT_ON_HOLD),
    TLK_KIT_LOST, N_("a kit that is already lost or retired cannot be reported lost") },
  { TLK_EVENT_KIT_FOUND, NULL, B (TLK_KIT_LOST), TLK_KIT_QUARANTINE,
    N_("only lost kits can be found") },
  { TLK_EVENT_KIT_RETIRED, NULL,
    B (TLK_KIT_ASSEMBLING) | B (TLK_KIT_READY) | B (TLK_KIT_QUARANTINE) | B (TLK_KIT_REPROCESSING) |
    B (TLK_KIT_ON_HOLD) | B (TLK_KIT_LOST),
    TLK_KIT_RETIRED, N_("only kits at the warehouse that are not reserved, or lost kits, can be retired") },
};

static const TlkTransition device_machine[] = {
  { TLK_EVENT_DEVICE_RECEIVED, NULL, B (TLK_DEVICE_NONE), TLK_DEVICE_IN_STOCK,
    N_("a device code can only be registered once") },
  { TLK_EVENT_DEVICE_MOVED, NULL, B (TLK_DEVICE_IN_STOCK) | B (TLK_DEVICE_QUARANTINE), TLK_MACHINE_SAME,
    N_("only loose devices at the warehouse can be moved") },
  { TLK_EVENT_DEVICE_SENT_TO_REPAIR, NULL, B (TLK_DEVICE_IN_STOCK) | B (TLK_DEVICE_QUARANTINE),
    TLK_DEVICE_REPAIR, N_("only loose devices at the warehouse can be sent to repair") },
  { TLK_EVENT_DEVICE_REPAIRED, NULL, B (TLK_DEVICE_REPAIR), TLK_DEVICE_IN_STOCK,
    N_("only devices at repair can come back from repair") },
  { TLK_EVENT_DEVICE_RELEASED, NULL, B (TLK_DEVICE_QUARANTINE), TLK_DEVICE_IN_STOCK,
    N_("only devices in quarantine can be released to stock") },
  { TLK_EVENT_DEVICE_LOST, NULL, B (TLK_DEVICE_IN_STOCK) | B (TLK_DEVICE_QUARANTINE) | B (TLK_DEVICE_REPAIR),
    TLK_DEVICE_LOST, N_("only loose devices can be reported lost; take it out of its kit first") },
  { TLK_EVENT_DEVICE_FOUND, NULL, B (TLK_DEVICE_LOST), TLK_DEVICE_QUARANTINE,
    N_("only lost devices can be found") },
  { TLK_EVENT_DEVICE_RETIRED, NULL,
    B (TLK_DEVICE_IN_STOCK) | B (TLK_DEVICE_QUARANTINE) | B (TLK_DEVICE_REPAIR) | B (TLK_DEVICE_LOST),
    TLK_DEVICE_RETIRED, N_("only loose devices can be retired; take it out of its kit first") },
  { TLK_EVENT_KIT_DEVICE_ADDED, NULL, B (TLK_DEVICE_IN_STOCK), TLK_DEVICE_IN_KIT,
    N_("only clean devices in stock can go into a kit") },
  { TLK_EVENT_KIT_DEVICE_REMOVED, NULL, B (TLK_DEVICE_IN_KIT), TLK_MACHINE_SAME,
    N_("the device is not in a kit") },
  { TLK_EVENT_KIT_DEVICE_SWAPPED, NULL, B (TLK_DEVICE_IN_STOCK), TLK_DEVICE_IN_KIT,
    N_("only clean devices in stock can be swapped into a kit") },
};

static const TlkTransition order_machine[] = {
  { TLK_EVENT_ORDER_RECEIVED, NULL, B (TLK_ORDER_NONE), TLK_ORDER_RECEIVED,
    N_("an order can only be registered once") },
  { TLK_EVENT_KIT_RESERVED, NULL, B (TLK_ORDER_RECEIVED), TLK_ORDER_ALLOCATED,
    N_("only orders without a kit can get one") },
  { TLK_EVENT_KIT_UNRESERVED, NULL, B (TLK_ORDER_ALLOCATED) | B (TLK_ORDER_SCHEDULED), TLK_ORDER_RECEIVED,
    N_("only orders with a kit not yet delivered can give it back") },
  { TLK_EVENT_STOP_PLANNED, "delivery", B (TLK_ORDER_ALLOCATED), TLK_ORDER_SCHEDULED,
    N_("a delivery can only be planned for an order that has a kit") },
  { TLK_EVENT_STOP_PLANNED, "pickup", B (TLK_ORDER_RETURN_REQUESTED), TLK_ORDER_PICKUP_SCHEDULED,
    N_("a pickup can only be planned after a return was requested") },
  { TLK_EVENT_STOP_PLANNED, "swap", B (TLK_ORDER_INSTALLED) | B (TLK_ORDER_RETURN_REQUESTED), TLK_MACHINE_SAME,
    N_("a swap can only be planned for an installed kit") },
  { TLK_EVENT_STOP_PLANNED, "service", B (TLK_ORDER_INSTALLED) | B (TLK_ORDER_RETURN_REQUESTED), TLK_MACHINE_SAME,
    N_("a service visit can only be planned for an installed kit") },
  { TLK_EVENT_STOP_FAILED, "delivery", B (TLK_ORDER_SCHEDULED), TLK_ORDER_ALLOCATED,
    N_("only a scheduled delivery can fail") },
  { TLK_EVENT_STOP_FAILED, "pickup", B (TLK_ORDER_PICKUP_SCHEDULED), TLK_ORDER_RETURN_REQUESTED,
    N_("only a scheduled pickup can fail") },
  { TLK_EVENT_KIT_INSTALLED, NULL, B (TLK_ORDER_ALLOCATED) | B (TLK_ORDER_SCHEDULED), TLK_ORDER_INSTALLED,
    N_("only orders with a kit on its way can be installed") },
  { TLK_EVENT_ORDER_RETURN_REQUESTED, NULL, B (TLK_ORDER_INSTALLED), TLK_ORDER_RETURN_REQUESTED,
    N_("a return can only be requested for an installed kit") },
  { TLK_EVENT_KIT_PICKED_UP, NULL,
    B (TLK_ORDER_INSTALLED) | B (TLK_ORDER_RETURN_REQUESTED) | B (TLK_ORDER_PICKUP_SCHEDULED),
    TLK_ORDER_RETURNED, N_("only orders with an installed kit can have it picked up") },
  { TLK_EVENT_KIT_RECEIVED, NULL,
    B (TLK_ORDER_INSTALLED) | B (TLK_ORDER_RETURN_REQUESTED) | B (TLK_ORDER_PICKUP_SCHEDULED),
    TLK_ORDER_RETURNED, N_("only orders with an installed kit can have it returned") },
  { TLK_EVENT_ORDER_CLOSED, NULL, B (TLK_ORDER_RETURNED), TLK_ORDER_CLOSED,
    N_("only orders whose kit has come back can be closed") },
  { TLK_EVENT_ORDER_CANCELLED, NULL,
    B (TLK_ORDER_RECEIVED) | B (TLK_ORDER_ALLOCATED) | B (TLK_ORDER_SCHEDULED),
    TLK_ORDER_CANCELLED, N_("only orders not yet delivered can be cancelled") },
};

static const TlkTransition stop_machine[] = {
  { TLK_EVENT_STOP_PLANNED, NULL, B (TLK_STOP_NONE), TLK_STOP_PLANNED,
    N_("a stop can only be planned once") },
  { TLK_EVENT_STOP_DONE, NULL, B (TLK_STOP_PLANNED), TLK_STOP_DONE,
    N_("only planned stops can be done") },
  { TLK_EVENT_STOP_FAILED, NULL, B (TLK_STOP_PLANNED), TLK_STOP_FAILED,
    N_("only planned stops can fail") },
  { TLK_EVENT_STOP_RESCHEDULED, NULL, B (TLK_STOP_PLANNED), TLK_MACHINE_SAME,
    N_("only planned stops can be moved") },
};

static const TlkTransition *
machine_table (TlkMachine machine,
               guint     *n)
{
  switch (machine)
    {
    case TLK_MACHINE_KIT:
      *n = G_N_ELEMENTS (kit_machine);
      return kit_machine;
    case TLK_MACHINE_DEVICE:
      *n = G_N_ELEMENTS (device_machine);
      return device_machine;
    case TLK_MACHINE_ORDER:
      *n = G_N_ELEMENTS (order_machine);
      return order_machine;
    case TLK_MACHINE_STOP:
      *n = G_N_ELEMENTS (stop_machine);
      return stop_machine;
    default:
      g_return_val_if_reached (NULL);
    }
}

int
tlk_machine_n_states (TlkMachine machine)
{
  switch (machine)
    {
    case TLK_MACHINE_KIT:
      return TLK_KIT_N_STATES;
    case TLK_MACHINE_DEVICE:
      return TLK_DEVICE_N_STATES;
    case TLK_MACHINE_ORDER:
      return TLK_ORDER_N_STATES;
    case TLK_MACHINE_STOP:
      return TLK_STOP_N_STATES;
    default:
      g_return_val_if_reached (0);
    }
}

const TlkTransition *
tlk_machine_find (TlkMachine    machine,
                  TlkEventType  event,
                  const char   *variant)
{
  const TlkTransition *table;
  guint n = 0;

  table = machine_table (machine, &n);
  for (guint i = 0; i < n; i++)
    if (table[i].event == event &&
        (table[i].variant == NULL || g_strcmp0 (table[i].variant, variant) == 0))
      return &table[i];
  return NULL;
}

static const char *
describe_state (TlkMachine machine,
                int        state)
{
  switch (machine)
    {
    case TLK_MACHINE_KIT:
      return tlk_kit_state_describe (state);
    case TLK_MACHINE_DEVICE:
      return tlk_device_state_describe (state);
    case TLK_MACHINE_ORDER:
      return tlk_order_state_describe (state);
    case TLK_MACHINE_STOP:
      return tlk_stop_state_describe (state);
    default:
      g_return_val_if_reached ("");
    }
}

static char *
describe_subject (TlkMachine  machine,
                  const char *subject)
{
  g_autofree char *shown = tlk_code_display (subject);

  switch (machine)
    {
    case TLK_MACHINE_KIT:
      return g_strdup_printf (_("Kit %s"), shown);
    case TLK_MACHINE_DEVICE:
      return g_strdup_printf (_("Device %s"), shown);
    case TLK_MACHINE_ORDER:
      return g_strdup_printf (_("Order %s"), shown);
    case TLK_MACHINE_STOP:
      return g_strdup_printf (_("Stop %s"), shown);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
tlk_machine_check (TlkMachine    machine,
                   TlkEventType  event,
                   const char   *variant,
                   int           from,
                   int           held_from,
                   const char   *subject,
                   int          *to,
                   GError      **error)
{
  const TlkTransition *row;
  g_autofree char *who = NULL;

  g_return_val_if_fail (from >= 0 && from < tlk_machine_n_states (machine), FALSE);

  row = tlk_machine_find (machine, event, variant);
  who = describe_subject (machine, subject);

  if (row == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
                   _("%s: “%s” does not apply to it."), who, tlk_event_type_describe (event));
      return FALSE;
    }

  if ((row->from & B (from)) == 0)
    {
      if (from == 0)
        g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                     _("%s is not registered in Telekit."), who);
      else if (row->from == B (0))
        g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS,
                     _("%s is already registered (%s)."), who, describe_state (machine, from));
      else
        g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
                     /* Translators: "Kit K 3F9 A2C XM7 is in quarantine; only kits ready on the shelf can be reserved." */
                     _("%s is %s; %s."), who, describe_state (machine, from), _(row->need));
      return FALSE;
    }

  if (to != NULL)
    {
      if (row->to == TLK_MACHINE_SAME)
        *to = from;
      else if (row->to == TLK_MACHINE_RESUME)
        *to = held_from == TLK_KIT_ASSEMBLING ? TLK_KIT_ASSEMBLING : TLK_KIT_REPROCESSING;
      else
        *to = row->to;
    }
  return TRUE;
}
