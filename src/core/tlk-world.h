/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-entities.h"
#include "tlk-event.h"
#include "tlk-machine.h"

G_BEGIN_DECLS

/*
 * TlkWorld folds events into current state (the projections of DESIGN §4).
 * It is the one place where an event's effect on kits, devices, orders and
 * stops is decided; the store, the server and the rebuild all go through it.
 *
 * A world caches records by id. With a backend it loads records it has not
 * seen on demand (the store answers from its tables); without one it starts
 * empty and holds everything in memory (rebuild, tests).
 */

typedef struct
{
  /* Returns a new record of @kind with @id, or NULL if there is none. */
  gpointer (*load)        (gpointer        user_data,
                           TlkSubjectKind  kind,
                           const char     *id);
  /* The id of the device of @model with @serial, or NULL. */
  char    *(*find_serial) (gpointer        user_data,
                           const char     *model,
                           const char     *serial);
  /* The id of the model with @gtin, or NULL. */
  char    *(*find_gtin)   (gpointer        user_data,
                           const char     *gtin);
} TlkWorldBackend;

TlkWorld       *tlk_world_new          (const TlkWorldBackend *backend,
                                        gpointer               user_data);
void            tlk_world_free         (TlkWorld       *world);

/* Checks @event against the current state and, when it applies, changes the
 * records it touches and marks them dirty. On failure nothing changed and
 * @error holds a translated reason (TLK_RULE_ERROR, TLK_EVENT_ERROR). */
gboolean        tlk_world_apply        (TlkWorld       *world,
                                        const TlkEvent *event,
                                        GError        **error);
/* Only the check of tlk_world_apply, changing nothing. */
gboolean        tlk_world_check        (TlkWorld       *world,
                                        const TlkEvent *event,
                                        GError        **error);

/* Lookups (cached; NULL if there is no such record). */
TlkCustomer    *tlk_world_customer     (TlkWorld *world, const char *id);
TlkLocation    *tlk_world_location     (TlkWorld *world, const char *id);
TlkDeviceModel *tlk_world_model        (TlkWorld *world, const char *id);
TlkKitType     *tlk_world_kit_type     (TlkWorld *world, const char *id);
TlkUser        *tlk_world_user         (TlkWorld *world, const char *id);
TlkDevice      *tlk_world_device       (TlkWorld *world, const char *id);
TlkKit         *tlk_world_kit          (TlkWorld *world, const char *id);
TlkOrder       *tlk_world_order        (TlkWorld *world, const char *id);
TlkStop        *tlk_world_stop         (TlkWorld *world, const char *id);
/* The model a manufacturer's GTIN belongs to, or NULL. */
TlkDeviceModel *tlk_world_model_by_gtin (TlkWorld *world, const char *gtin);
/* The device of @model with @serial, or NULL. */
TlkDevice      *tlk_world_device_by_serial (TlkWorld   *world,
                                            const char *model,
                                            const char *serial);

/* One slot of a kit and the device in it (NULL: empty). Borrowed from the
 * world, valid while it lives. */
typedef struct
{
  const char     *kind;
  TlkDevice      *device;
  TlkDeviceModel *model;
} TlkSlotFill;

/* @kit's slots in its type's order, each with the device that fills it:
 * the one rule the CLI, the app and the labels show a kit's content by. */
GArray         *tlk_world_kit_slot_fills (TlkWorld     *world,
                                          const TlkKit *kit);

/* The problems that keep @kit from being complete on @until (ISO date). */
GPtrArray      *tlk_world_kit_problems (TlkWorld       *world,
                                        const TlkKit   *kit,
                                        const char     *until);

/* Records changed since the last clear, of one kind (borrowed pointers). */
GPtrArray      *tlk_world_dirty        (TlkWorld       *world,
                                        TlkSubjectKind  kind);
void            tlk_world_clear_dirty  (TlkWorld       *world);
/* What the changes since the last clear did to ready stock: "YYYY-MM-DD
 * \x1f kit type" → the number of kits that became ready minus those that
 * stopped being ready that day (GINT_TO_POINTER). Cleared with the dirty
 * sets. */
GHashTable     *tlk_world_ready_flow   (TlkWorld       *world);
/* Tasks done since the last clear, for SLA adherence: "YYYY-MM \x1f
 * customer \x1f install|pickup" → int[2], done and late. */
GHashTable     *tlk_world_sla_done     (TlkWorld       *world);
/* Every cached record of @kind: id → record (borrowed). */
GHashTable     *tlk_world_records      (TlkWorld       *world,
                                        TlkSubjectKind  kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkWorld, tlk_world_free)

G_END_DECLS
