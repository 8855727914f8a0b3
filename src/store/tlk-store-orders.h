/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-order-import.h"
#include "tlk-store.h"

G_BEGIN_DECLS

/*
 * Reads order rows (CSV text, or values a caller already has) against this
 * store's customers and kit types and against the orders it holds:
 * returns the good drafts; every problem goes to @problems, sorted by line.
 * Nothing is written.
 */
GPtrArray *tlk_store_read_orders_csv  (TlkStore    *store,
                                       const char  *data,
                                       gsize        length,
                                       GPtrArray   *problems,
                                       guint       *n_rows,
                                       GError     **error);
/* The same for rows a caller already has (a posted list): @rows holds
 * @n_rows arrays of values as tlk_order_draft_check() takes them, under
 * the JSON names; row i is line i + 1. */
GPtrArray *tlk_store_check_orders     (TlkStore           *store,
                                       const char *const **rows,
                                       guint               n_rows,
                                       GPtrArray          *problems,
                                       GError            **error);

/*
 * Writes every draft in one transaction: a new order (order.received) and
 * a new citizen with the draft's personal details, the access logged as
 * @actor's with @reason. On a computer the events are this computer's,
 * pending; on the server (@server) they are numbered at once, as if
 * pushed. Returns the new order ids, in the drafts' order.
 */
GPtrArray *tlk_store_add_orders       (TlkStore    *store,
                                       GPtrArray   *drafts,
                                       const char  *actor,
                                       const char  *reason,
                                       gboolean     server,
                                       GError     **error);

G_END_DECLS
