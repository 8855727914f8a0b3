/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-demo.h"
#include "tlk-entities.h"
#include "tlk-event.h"
#include "tlk-world.h"

G_BEGIN_DECLS

#define TLK_STORE_ERROR (tlk_store_error_quark ())

/**
 * TlkStoreError:
 * @TLK_STORE_ERROR_OPEN: the file cannot be opened or is not a database
 * @TLK_STORE_ERROR_TOO_NEW: the database was written by a newer Telekit
 * @TLK_STORE_ERROR_SQL: SQLite failed (disk full, locked too long, corrupt)
 * @TLK_STORE_ERROR_DUPLICATE: an event with this id is already stored
 * @TLK_STORE_ERROR_NOT_FOUND: no such record
 * @TLK_STORE_ERROR_NOT_EMPTY: the database holds data already
 * @TLK_STORE_ERROR_EVENT_ID_REUSED: an event id (or a computer's event
 *   number) the store has, with different content
 */
typedef enum
{
  TLK_STORE_ERROR_OPEN,
  TLK_STORE_ERROR_TOO_NEW,
  TLK_STORE_ERROR_SQL,
  TLK_STORE_ERROR_DUPLICATE,
  TLK_STORE_ERROR_NOT_FOUND,
  TLK_STORE_ERROR_NOT_EMPTY,
  TLK_STORE_ERROR_EVENT_ID_REUSED,
} TlkStoreError;

/* Personal data (DESIGN §5): never in events, only here. */
typedef struct
{
  char *id;            /* pseudonymous; orders refer to it */
  char *name;
  char *address;
  char *phone;
  char *access_notes;
} TlkCitizen;

typedef struct
{
  char  *kit_type;
  char  *state;
  char  *location;
  gint64 count;
} TlkStockCount;

/*
 * How every connection to a Telekit database is set up. WAL so readers
 * never wait for the writer; synchronous=FULL so a commit that returned
 * survives a power cut, not just a killed process. The journal is written
 * back to the database (checkpointed) by tlk_store_checkpoint() when the
 * program is idle and on close; the automatic checkpoint, which would run
 * inside a scan's commit, only steps in past 8000 pages (~32 MB) as a
 * safety net.
 */
#define TLK_STORE_PRAGMAS \
  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;" \
  "PRAGMA wal_autocheckpoint = 8000; PRAGMA secure_delete = ON;"

GQuark      tlk_store_error_quark       (void);

/* The newest schema version this code knows. */
int         tlk_store_schema_version    (void);

/* Opens (creating if needed) and migrates to the newest version. */
TlkStore   *tlk_store_open              (const char     *path,
                                         GError        **error);
/* For migration tests: migrate only up to @version. */
TlkStore   *tlk_store_open_at_version   (const char     *path,
                                         int             version,
                                         GError        **error);
void        tlk_store_free              (TlkStore       *store);
/* Writes the journal back into the database without waiting for readers:
 * call it when idle. */
gboolean    tlk_store_checkpoint        (TlkStore       *store,
                                         GError        **error);
int         tlk_store_get_version       (TlkStore       *store);
const char *tlk_store_get_path          (TlkStore       *store);
/* This computer's id in the event envelope. */
const char *tlk_store_get_device_id     (TlkStore       *store);

/* Validates @event against the current state and writes it with every
 * projection change in one transaction. Fills in device_id and device_seq.
 * On failure nothing is written and @error says why (TLK_RULE_ERROR,
 * TLK_EVENT_ERROR or TLK_STORE_ERROR). */
gboolean    tlk_store_append            (TlkStore       *store,
                                         TlkEvent       *event,
                                         GError        **error);
/* All or nothing: every event of @events, in order, in one transaction. */
gboolean    tlk_store_append_batch      (TlkStore       *store,
                                         GPtrArray      *events,
                                         GError        **error);
/* Would @event apply now? Changes nothing. */
gboolean    tlk_store_check             (TlkStore       *store,
                                         const TlkEvent *event,
                                         GError        **error);
/* Recomputes every projection from the event log, in one transaction. */
gboolean    tlk_store_rebuild           (TlkStore       *store,
                                         GError        **error);
/* Every projection row as text, sorted: for comparing databases. */
char       *tlk_store_dump_projections  (TlkStore       *store,
                                         GError        **error);

/* A world reading from this store (for checks that span several records). */
TlkWorld   *tlk_store_new_world         (TlkStore       *store);

/* Records by id (NULL when absent). */
gpointer    tlk_store_load              (TlkStore       *store,
                                         TlkSubjectKind  kind,
                                         const char     *id);
TlkDeviceModel *tlk_store_find_model_by_gtin (TlkStore  *store,
                                              const char *gtin);

/* Lists of records, ordered by id. @state filters when not NULL. */
GPtrArray  *tlk_store_list              (TlkStore       *store,
                                         TlkSubjectKind  kind,
                                         const char     *state,
                                         GError        **error);
/* Kits filtered by any of state, kit type and location (NULL = any). */
GPtrArray  *tlk_store_list_kits         (TlkStore       *store,
                                         const char     *state,
                                         const char     *kit_type,
                                         const char     *location,
                                         GError        **error);
/* Events about @subject, oldest first. */
GPtrArray  *tlk_store_history           (TlkStore       *store,
                                         const char     *subject,
                                         GError        **error);
/* Calls @func for every event in log order; stops when it returns FALSE. */
gboolean    tlk_store_foreach_event     (TlkStore       *store,
                                         gboolean      (*func) (const TlkEvent *event,
                                                                gpointer        user_data),
                                         gpointer        user_data,
                                         GError        **error);
gint64      tlk_store_count_events      (TlkStore       *store);
/* Stops in route order (date, driver, seq); @driver and @date NULL = any. */
GPtrArray  *tlk_store_list_stops        (TlkStore       *store,
                                         const char     *driver,
                                         const char     *date,
                                         GError        **error);
/* The stops of @order, by date. */
GPtrArray  *tlk_store_list_order_stops  (TlkStore       *store,
                                         const char     *order,
                                         GError        **error);
/* The planned stop about @kit, or NULL (with @error unset when there is none). */
TlkStop    *tlk_store_open_stop_for_kit (TlkStore       *store,
                                         const char     *kit,
                                         GError        **error);
/* Kit counts by kit type, state and location. */
GPtrArray  *tlk_store_stock_counts      (TlkStore       *store,
                                         GError        **error);

/* Personal data: written and read with the access logged (who, why). */
gboolean    tlk_store_put_citizen       (TlkStore         *store,
                                         const TlkCitizen *citizen,
                                         const char       *actor,
                                         const char       *reason,
                                         GError          **error);
TlkCitizen *tlk_store_get_citizen       (TlkStore       *store,
                                         const char     *id,
                                         const char     *actor,
                                         const char     *reason,
                                         GError        **error);

/* Generates the demo data into an empty database, in large transactions.
 * @n_events (may be NULL) gets the number of events written. */
gboolean    tlk_store_load_demo         (TlkStore             *store,
                                         const TlkDemoOptions *options,
                                         guint64              *n_events,
                                         GError              **error);

void        tlk_citizen_free            (TlkCitizen     *citizen);
void        tlk_stock_count_free        (TlkStockCount  *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkStore, tlk_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkCitizen, tlk_citizen_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkStockCount, tlk_stock_count_free)

G_END_DECLS
