/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's side of sync (src/sync/PROTOCOL.md): what the server does
 * with pushed events and pages to pull, and what a client does with
 * acknowledgements and pulled pages. */

#include "tlk-store.h"

G_BEGIN_DECLS

typedef enum
{
  TLK_PUSH_APPLIED,     /* stored and applied */
  TLK_PUSH_CONFLICT,    /* stored, not applied: it breaks a rule now */
  TLK_PUSH_DUPLICATE,   /* stored before; the original answer */
} TlkPushStatus;

typedef struct
{
  char         *event_id;
  gint64        server_seq;
  TlkPushStatus status;
  char         *reason;     /* the conflict's reason, or NULL */
} TlkPushResult;

void           tlk_push_result_free        (TlkPushResult *result);
const char    *tlk_push_status_to_string   (TlkPushStatus  status);
/* FALSE when @str names no status. */
gboolean       tlk_push_status_from_string (const char    *str,
                                            TlkPushStatus *status);

/* ---- the server -------------------------------------------------------- */

/* Stores @events (validated already) in order in one transaction and gives
 * each the next server_seq: applied when it is valid against the current
 * state, else kept as a conflict with the rule's message. An event id the
 * store has with the same content is a duplicate with its original answer;
 * with different content the whole batch is refused
 * (TLK_STORE_ERROR_EVENT_ID_REUSED) and nothing is written. Events with
 * device_seq 0 are this store's own (the server writing users): they get
 * its device id and next number. Returns TlkPushResults in order. */
GPtrArray     *tlk_store_accept_events     (TlkStore      *store,
                                            GPtrArray     *events,
                                            GError       **error);
/* Up to @limit events with server_seq > @after, in server_seq order;
 * @more says whether there are further ones. */
GPtrArray     *tlk_store_events_after      (TlkStore      *store,
                                            gint64         after,
                                            guint          limit,
                                            gboolean      *more,
                                            GError       **error);
gint64         tlk_store_count_conflicts   (TlkStore      *store);

/* ---- a client ---------------------------------------------------------- */

/* This computer's events not yet acknowledged, oldest first. */
GPtrArray     *tlk_store_pending_events    (TlkStore      *store,
                                            guint          limit,
                                            GError       **error);
gint64         tlk_store_count_pending     (TlkStore      *store);
/* Writes the server's answers to a push (server_seq, conflict) in one
 * transaction; an event of ours the server kept as a conflict is taken
 * out of the projections. */
gboolean       tlk_store_mark_pushed       (TlkStore      *store,
                                            GPtrArray     *results,
                                            GError       **error);
/* Stores a pulled page and moves the cursor to @cursor in one transaction.
 * Other computers' events are applied on top when they touch nothing a
 * local event they overtake touches, else the projections are recomputed
 * in server order with pending events on top. Applying a page again
 * changes nothing. */
gboolean       tlk_store_apply_pulled      (TlkStore      *store,
                                            GPtrArray     *events,
                                            gint64         cursor,
                                            GError       **error);
/* The server_seq up to which this computer has pulled. */
gint64         tlk_store_get_cursor        (TlkStore      *store);
/* Small values the sync engine keeps (last success, last error…). */
char          *tlk_store_get_sync_value    (TlkStore      *store,
                                            const char    *key);
gboolean       tlk_store_set_sync_value    (TlkStore      *store,
                                            const char    *key,
                                            const char    *value,
                                            GError       **error);
/* Events stored as conflicts that no conflict.resolved event names yet,
 * oldest first. */
GPtrArray     *tlk_store_open_conflicts    (TlkStore      *store,
                                            GError       **error);

/* ---- personal data on a computer (DESIGN §5) ---------------------------- */

/* Details written on this computer that the server does not have yet
 * (of TlkCitizen), each read logged as @actor's "sent to the server". */
GPtrArray     *tlk_store_unsent_citizens   (TlkStore      *store,
                                            const char    *actor,
                                            GError       **error);
gboolean       tlk_store_mark_citizen_sent (TlkStore      *store,
                                            const char    *id,
                                            GError       **error);
/* A driver's computer keeps exactly @citizens (of TlkCitizen: those of its
 * own open stops, as the server says), each until @keep_until (ISO time):
 * every other citizen's details are erased, overwritten with zeros
 * (secure_delete), and the journal is emptied so no old copy stays in it.
 * In one transaction; the writes logged as @actor's. */
gboolean       tlk_store_keep_citizens     (TlkStore      *store,
                                            GPtrArray     *citizens,
                                            const char    *keep_until,
                                            const char    *actor,
                                            GError       **error);
/* Erases, as above, every citizen's details kept past its time (@now, ISO
 * time) — offline too. @n_erased (may be NULL) gets how many. */
gboolean       tlk_store_erase_expired_citizens (TlkStore   *store,
                                                 const char *now,
                                                 guint      *n_erased,
                                                 GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkPushResult, tlk_push_result_free)

G_END_DECLS
