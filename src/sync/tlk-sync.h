/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-store.h"
#include "tlk-sync-client.h"

G_BEGIN_DECLS

typedef struct
{
  guint pushed;       /* events the server acknowledged in this run */
  guint pulled;       /* events of other computers stored in this run */
  guint conflicts;    /* of ours, kept by the server as conflicts */
} TlkSyncStats;

/* Events in one push and in one pulled page. */
#define TLK_SYNC_PUSH_BATCH 500
#define TLK_SYNC_PULL_PAGE  1000

/* One sync of @store with the server (signed in already): pushes every
 * pending event in batches, writing each answer back in one transaction,
 * then pulls pages after the cursor until there are no more, storing each
 * page and its cursor in one transaction. Safe to stop at any point and to
 * run again: nothing is lost or stored twice. The outcome is kept in the
 * store's sync values "last_success" / "last_error". Before anything it
 * erases citizens' details kept past their time; a coordinator's or
 * admin's computer first sends the details written on it, and a driver's
 * computer ends by fetching its own open stops' citizens and erasing every
 * other's (DESIGN §5). */
gboolean tlk_sync_run (TlkStore      *store,
                       TlkSyncClient *client,
                       TlkSyncStats  *stats,
                       GCancellable  *cancellable,
                       GError       **error);

/* The two halves of tlk_sync_run(), for callers that time or order them
 * apart (the sync benchmark): push sends every pending event, pull stores
 * every page after the cursor. Each adds its counts to @stats (may be
 * NULL) and, unlike tlk_sync_run(), leaves the sync values alone. */
gboolean tlk_sync_push (TlkStore      *store,
                        TlkSyncClient *client,
                        TlkSyncStats  *stats,
                        GCancellable  *cancellable,
                        GError       **error);
gboolean tlk_sync_pull (TlkStore      *store,
                        TlkSyncClient *client,
                        TlkSyncStats  *stats,
                        GCancellable  *cancellable,
                        GError       **error);

/* The body of one push (PROTOCOL.md) for @n_events pending events. */
JsonNode *tlk_sync_push_body (const char      *device_id,
                              TlkEvent *const *events,
                              guint            n_events);

/* How long to wait before try number @attempt (1, 2, …) after a transient
 * failure: 1 s doubling up to 5 minutes, with up to a quarter more at
 * random so that computers coming back online together spread out. */
guint    tlk_sync_backoff_ms (guint          attempt);

G_END_DECLS
