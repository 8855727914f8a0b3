/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-entities.h"
#include "tlk-event.h"
#include "tlk-world.h"

G_BEGIN_DECLS

/*
 * The driver's day (DESIGN §3): loading kits for the route, and what is done
 * at a stop — a delivery with installation, a pickup, a swap or a service
 * visit — turned into events. The world accepts a stop.done on its own; the
 * rules of a visit (the right kit scanned, the installation checklist ticked,
 * the recipient's signature, every slot of a pickup checked) are here, and
 * the app, the CLI and the tests all build a stop's events with these
 * functions.
 */

/* What a driver did at a stop, gathered step by step by the view. */
typedef struct
{
  char      *kit;        /* the kit scanned to confirm (canonical code), or NULL */
  GPtrArray *checked;    /* of char*: installation checklist steps ticked */
  GPtrArray *seen;       /* of char*: devices scanned at a pickup */
  char      *device_out; /* swap: the device taken out of the kit */
  char      *device_in;  /* swap: the device put in */
  char      *reason;     /* swap: why (free text, may be NULL) */
  gboolean   signed_by_recipient;
} TlkVisit;

/* Proof of delivery or pickup: personal data (DESIGN §5), never in an
 * event. The signature is SVG path data ("M12 40L13 41…") in a box of
 * 1000 × 400 units, as drawn. */
typedef struct
{
  char *stop;
  char *recipient;   /* the name of who received or handed over the kit */
  char *signature;
  char *signed_at;   /* ISO time */
} TlkProof;

#define TLK_PROOF_MAX_SIGNATURE (64 * 1024)

void        tlk_proof_free               (TlkProof       *proof);
/* A name of 1 to 200 characters without a CPR-like number, and a signature
 * of path commands only, not empty and not too long. */
gboolean    tlk_proof_check              (const TlkProof *proof,
                                          GError        **error);

TlkVisit   *tlk_visit_new                (void);
void        tlk_visit_free               (TlkVisit       *visit);

/* Failure reasons of a stop: machine names (the stop.failed enum), in the
 * order a driver is offered them, NULL-terminated; and their words. */
const char *const *tlk_stop_failure_reasons (void);
const char *tlk_stop_failure_describe    (const char     *reason);
/* "Delivery and installation", "Pickup"… */
const char *tlk_stop_kind_describe       (const char     *kind);

/* The stop @order waits for — "delivery" (it has a kit) or "pickup" (its
 * return was asked for) — as the order machine allows planning it; NULL
 * when none (an installed kit gets a swap or a service visit on request). */
const char *tlk_order_waiting_stop       (const TlkOrder *order);

/* The kit @stop is about now: the order's (a delivery's kit may have been
 * exchanged after planning), else the one it was planned with. */
const char *tlk_stop_current_kit         (TlkWorld       *world,
                                          const TlkStop  *stop);

/* Checks that @input (as scanned or typed) is the kit @stop is about and
 * records it in @visit. A wrong kit is refused (TLK_RULE_ERROR_MISMATCH)
 * with both codes in the message; @visit is unchanged then. */
gboolean    tlk_visit_confirm_kit        (TlkWorld       *world,
                                          const TlkStop  *stop,
                                          TlkVisit       *visit,
                                          const char     *input,
                                          GError        **error);
/* A pickup: @input is a device found in the home; it must be one of the
 * kit's and not already scanned. */
gboolean    tlk_visit_see_device         (TlkWorld       *world,
                                          const TlkStop  *stop,
                                          TlkVisit       *visit,
                                          const char     *input,
                                          GError        **error);
/* The kit's devices not (yet) scanned at a pickup: of char*, in the kit's
 * order. */
GPtrArray  *tlk_visit_missing            (TlkWorld       *world,
                                          const TlkStop  *stop,
                                          const TlkVisit *visit);

/* The events that record @stop as done by @actor, in the order they must be
 * appended (one batch). Refuses a visit that is not finished: the kit not
 * confirmed (TLK_RULE_ERROR_MISMATCH), an installation step not ticked
 * (TLK_RULE_ERROR_CHECKLIST), no signature for a delivery or pickup
 * (TLK_RULE_ERROR_PROOF), a swap without both devices. */
GPtrArray  *tlk_stop_done_events         (TlkWorld       *world,
                                          const TlkStop  *stop,
                                          const TlkVisit *visit,
                                          const char     *actor,
                                          GError        **error);
/* stop.failed with @reason (one of tlk_stop_failure_reasons()); "other"
 * needs a @note. A failed delivery leaves the kit with the driver, to be
 * unloaded at the warehouse. */
TlkEvent   *tlk_stop_failed_event        (const TlkStop  *stop,
                                          const char     *reason,
                                          const char     *note,
                                          const char     *actor,
                                          GError        **error);

/* Loading the vehicle: @kit (canonical code) onto @vehicle for @driver.
 * @stop is the kit's open stop (NULL when it has none): the kit must be
 * on @driver's route for a delivery. */
TlkEvent   *tlk_route_load_event         (TlkWorld       *world,
                                          const TlkStop  *stop,
                                          const char     *kit,
                                          const char     *vehicle,
                                          const char     *driver,
                                          GError        **error);

/* Allocation: the first date on which one of @kit's devices expires or falls
 * due for calibration (ISO date), or NULL when none ever does. The kit whose
 * date is latest is the one to send. */
char       *tlk_world_kit_good_until     (TlkWorld       *world,
                                          const TlkKit   *kit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkVisit, tlk_visit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkProof, tlk_proof_free)

G_END_DECLS
