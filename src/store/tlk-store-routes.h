/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-route.h"
#include "tlk-store.h"

G_BEGIN_DECLS

/* A ready kit that fits an order, and the date it is good until. */
typedef struct
{
  char *kit;
  char *good_until;   /* ISO date, or NULL: nothing in it expires */
} TlkKitSuggestion;

void       tlk_kit_suggestion_free      (TlkKitSuggestion *suggestion);

/*
 * Allocation (issue 6): up to @limit ready kits of @order's kit type that
 * are complete until its requested date, best first — the kit whose
 * devices expire or fall due for calibration last (tlk_world_kit_good_until,
 * computed here in SQL so 100,000 kits need no loading). Empty when none
 * fits.
 */
GPtrArray *tlk_store_suggest_kits       (TlkStore    *store,
                                         const char  *order,
                                         guint        limit,
                                         GError     **error);
/* The vehicle the kits @driver has on the road are in, or NULL (and no
 * error) when they hold none. */
char      *tlk_store_driver_vehicle     (TlkStore    *store,
                                         const char  *driver,
                                         GError     **error);
/* The seq a new stop at the end of @driver's route on @date gets. */
int        tlk_store_next_stop_seq      (TlkStore    *store,
                                         const char  *driver,
                                         const char  *date,
                                         GError     **error);

/*
 * Proof of delivery (personal data, DESIGN §5): written on the driver's
 * computer (@unsent: it goes to the server at the next sync) or on the
 * server; every write and read is in the access log under the stop's
 * citizen. A driver's computer forgets a proof once the server has it.
 */
gboolean   tlk_store_put_proof          (TlkStore       *store,
                                         const TlkProof *proof,
                                         const char     *actor,
                                         gboolean        unsent,
                                         GError        **error);
TlkProof  *tlk_store_get_proof          (TlkStore       *store,
                                         const char     *stop,
                                         const char     *actor,
                                         const char     *reason,
                                         GError        **error);
/* Of TlkProof: the proofs the server does not have yet (read for upload,
 * logged as @actor's). */
GPtrArray *tlk_store_unsent_proofs      (TlkStore       *store,
                                         const char     *actor,
                                         GError        **error);
/* Erases the proof (secure_delete, and the journal emptied). */
gboolean   tlk_store_forget_proof       (TlkStore       *store,
                                         const char     *stop,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkKitSuggestion, tlk_kit_suggestion_free)

G_END_DECLS
