/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of the store layer share; nothing outside src/store
 * includes this. */

#include <sqlite3.h>

#include "tlk-store.h"
#include "tlk-world.h"

G_BEGIN_DECLS

struct _TlkStore
{
  sqlite3    *db;
  char       *path;
  char       *device_id;
  GHashTable *stmts;        /* SQL → sqlite3_stmt, prepared once */
  int         version;
};

/* Sets @error from the connection's last error; returns FALSE. */
gboolean      tlk_store_sql_error   (TlkStore     *store,
                                     GError      **error,
                                     const char   *what);
/* A cached statement, reset and with its bindings cleared. @sql must be a
 * string that lives as long as the store (a literal). */
sqlite3_stmt *tlk_store_prepare     (TlkStore     *store,
                                     const char   *sql,
                                     GError      **error);
gboolean      tlk_store_exec        (TlkStore     *store,
                                     const char   *sql,
                                     GError      **error);
/* Rolls back the open transaction, if any. */
void          tlk_store_rollback    (TlkStore     *store);
/* The first column of the first row of @sql (with @arg bound to ?1 when
 * not NULL), or -1. */
gint64        tlk_store_query_int   (TlkStore     *store,
                                     const char   *sql,
                                     const char   *arg);
/* Binds NULL for a NULL @text. */
void          tlk_sql_bind_text     (sqlite3_stmt *stmt,
                                     int           col,
                                     const char   *text);
/* A copy of the column's text, or NULL. */
char         *tlk_sql_column_text   (sqlite3_stmt *stmt,
                                     int           col);

/* The columns tlk_store_read_event() reads, in its order. */
#define TLK_STORE_EVENT_COLS \
  "event_id, device_id, device_seq, type, subject, actor, occurred_at, server_seq, payload, conflict"

TlkEvent     *tlk_store_read_event  (sqlite3_stmt *stmt);
/* Inserts the row only (with its server_seq and conflict, if any). */
gboolean      tlk_store_insert_event (TlkStore      *store,
                                      const TlkEvent *event,
                                      GError       **error);
/* Writes the records @world changed. */
gboolean      tlk_store_save_dirty  (TlkStore     *store,
                                     TlkWorld     *world,
                                     GError      **error);
/* tlk_store_append_batch(), tlk_store_accept_events() and
 * tlk_store_put_citizen() inside the caller's write transaction. A
 * citizen with @keep_until (ISO time) is a driver's copy from the server,
 * to be erased then; without, the details were written here and go to the
 * server at the next sync. */
gboolean      tlk_store_append_in_transaction (TlkStore  *store,
                                               GPtrArray *events,
                                               GError   **error);
GPtrArray    *tlk_store_accept_in_transaction (TlkStore  *store,
                                               GPtrArray *events,
                                               GError   **error);
gboolean      tlk_store_write_citizen (TlkStore         *store,
                                       const TlkCitizen *citizen,
                                       const char       *actor,
                                       const char       *reason,
                                       const char       *keep_until,
                                       GError          **error);
/* One line of the personal-data access log (who, which, read/write, why). */
gboolean      tlk_store_log_access  (TlkStore   *store,
                                     const char *actor,
                                     const char *citizen,
                                     const char *action,
                                     const char *reason,
                                     GError    **error);
/* The first column of every row of @sql (no parameters), as text. */
GPtrArray    *tlk_store_query_texts (TlkStore   *store,
                                     const char *sql,
                                     GError    **error);
/* A TRUNCATE checkpoint after personal data was erased, so no copy stays
 * in the journal; tolerant of readers (SQLITE_BUSY: done later). */
gboolean      tlk_store_empty_journal (TlkStore   *store,
                                       GError    **error);
/* A conflict.resolved event must name an event stored as a conflict. */
gboolean      tlk_store_check_resolution (TlkStore      *store,
                                          const TlkEvent *event,
                                          GError       **error);
/* Recomputes every projection inside the caller's write transaction, in
 * the local order. @lenient (sync): an event of this computer that does not
 * apply — pending, or acknowledged past the cursor — is left out instead
 * of failing. */
gboolean      tlk_store_rebuild_in_transaction (TlkStore *store,
                                                gboolean  lenient,
                                                GError  **error);

G_END_DECLS
