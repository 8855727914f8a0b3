/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-entities.h"
#include "tlk-event.h"

G_BEGIN_DECLS

#define TLK_RULE_ERROR (tlk_rule_error_quark ())

/**
 * TlkRuleError: why an event does not apply to the current state.
 * @TLK_RULE_ERROR_INVALID_TRANSITION: the record is in a state the event cannot leave
 * @TLK_RULE_ERROR_NOT_FOUND: a record the event names does not exist
 * @TLK_RULE_ERROR_EXISTS: the record the event creates already exists
 * @TLK_RULE_ERROR_INCOMPLETE: the kit lacks devices, or has expired ones
 * @TLK_RULE_ERROR_CHECKLIST: a checklist step is missing, failed or unknown
 * @TLK_RULE_ERROR_WRONG_KIND: a device of a kind the kit has no free slot for
 * @TLK_RULE_ERROR_ELSEWHERE: a device or kit that belongs to something else
 * @TLK_RULE_ERROR_MISMATCH: the order and the kit do not fit together
 * @TLK_RULE_ERROR_NOT_EMPTY: the kit still holds devices
 * @TLK_RULE_ERROR_PROOF: a stop lacks the recipient's signature
 */
typedef enum
{
  TLK_RULE_ERROR_INVALID_TRANSITION,
  TLK_RULE_ERROR_NOT_FOUND,
  TLK_RULE_ERROR_EXISTS,
  TLK_RULE_ERROR_INCOMPLETE,
  TLK_RULE_ERROR_CHECKLIST,
  TLK_RULE_ERROR_WRONG_KIND,
  TLK_RULE_ERROR_ELSEWHERE,
  TLK_RULE_ERROR_MISMATCH,
  TLK_RULE_ERROR_NOT_EMPTY,
  TLK_RULE_ERROR_PROOF,
} TlkRuleError;

/* The target state is the state the record was in. */
#define TLK_MACHINE_SAME (-1)
/* kit.resumed: back to assembling if held while assembling, else reprocessing. */
#define TLK_MACHINE_RESUME (-2)

typedef struct
{
  TlkEventType event;
  const char  *variant; /* NULL, or the stop kind for stop events on orders */
  guint32      from;   /* bit mask of states the event may leave */
  int          to;     /* a state, TLK_MACHINE_SAME or TLK_MACHINE_RESUME */
  const char  *need;   /* untranslated: what the event needs, in words */
} TlkTransition;

typedef enum
{
  TLK_MACHINE_KIT,
  TLK_MACHINE_DEVICE,
  TLK_MACHINE_ORDER,
  TLK_MACHINE_STOP,
} TlkMachine;

GQuark               tlk_rule_error_quark     (void);

/* The table row of @event in @machine, or NULL if @event does not touch it. */
const TlkTransition *tlk_machine_find          (TlkMachine    machine,
                                                TlkEventType  event,
                                                const char   *variant);
/* The one place that decides whether @event may leave @from. On success
 * stores the new state in @to (for TLK_MACHINE_RESUME, @held_from picks it).
 * On failure a translated reason names @subject and its state. */
gboolean             tlk_machine_check         (TlkMachine    machine,
                                                TlkEventType  event,
                                                const char   *variant,
                                                int           from,
                                                int           held_from,
                                                const char   *subject,
                                                int          *to,
                                                GError      **error);
int                  tlk_machine_n_states      (TlkMachine    machine);

G_END_DECLS
