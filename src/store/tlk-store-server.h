/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-store.h"

G_BEGIN_DECLS

/*
 * What telekit-server keeps beside the event log (DESIGN §5): accounts with
 * password hashes, bearer tokens (only their SHA-256), the scoping of
 * personal data to a driver's stops, and the counts /metrics shows. The
 * tables are empty on every other computer.
 *
 * Times are ISO 8601 UTC with whole seconds ("2026-11-29T10:00:00Z"), so
 * they compare as text; the caller passes "now" so tests control it.
 */

/* A token as the server found it. */
typedef struct
{
  char *user;
  char *device_id;
  char *role;          /* from the users projection; NULL if the user is not defined */
  char *expires_at;
  char *revoked_at;    /* NULL while valid */
} TlkTokenInfo;

/* One line of personal_access_log. */
typedef struct
{
  gint64 id;
  char  *at;
  char  *actor;
  char  *citizen;
  char  *action;       /* read, write */
  char  *reason;
} TlkAccessLogEntry;

/* Accounts. tlk_store_account_add fails with TLK_STORE_ERROR_DUPLICATE for
 * an existing account; the others with TLK_STORE_ERROR_NOT_FOUND for a
 * missing one. A new password revokes every token of the user. */
gboolean      tlk_store_account_add          (TlkStore    *store,
                                              const char  *user,
                                              const char  *password_hash,
                                              const char  *now,
                                              GError     **error);
gboolean      tlk_store_account_set_password (TlkStore    *store,
                                              const char  *user,
                                              const char  *password_hash,
                                              const char  *now,
                                              GError     **error);
/* The stored hash (crypto_pwhash_str form), or NULL without an error when
 * there is no such account. */
char         *tlk_store_account_password     (TlkStore    *store,
                                              const char  *user,
                                              GError     **error);
gboolean      tlk_store_account_exists       (TlkStore    *store,
                                              const char  *user);

/* The role of a defined user (users projection), or NULL. */
char         *tlk_store_user_role            (TlkStore    *store,
                                              const char  *user);

/* Tokens, by the hex SHA-256 of the token. */
gboolean      tlk_store_token_add            (TlkStore    *store,
                                              const char  *token_hash,
                                              const char  *user,
                                              const char  *device_id,
                                              const char  *created_at,
                                              const char  *expires_at,
                                              GError     **error);
/* NULL without an error when no token has this hash. */
TlkTokenInfo *tlk_store_token_lookup         (TlkStore    *store,
                                              const char  *token_hash,
                                              GError     **error);
gboolean      tlk_store_token_revoke         (TlkStore    *store,
                                              const char  *token_hash,
                                              const char  *now,
                                              GError     **error);
/* Revokes every token of @user not yet revoked; @n_revoked may be NULL. */
gboolean      tlk_store_tokens_revoke_user   (TlkStore    *store,
                                              const char  *user,
                                              const char  *now,
                                              guint       *n_revoked,
                                              GError     **error);

/* Personal data scoped to a driver (PROTOCOL.md): the id of a planned stop
 * of @driver for an order of @citizen, or NULL without an error. */
char         *tlk_store_driver_planned_stop  (TlkStore    *store,
                                              const char  *driver,
                                              const char  *citizen,
                                              GError     **error);
/* In one transaction: reads the details of every citizen of @driver's
 * planned stops (each read logged with the stop as the reason) into
 * @citizens (of TlkCitizen; citizens without details are left out), and
 * puts into @purge (of char*) the citizens of its done or failed stops that
 * have no planned stop left. */
gboolean      tlk_store_driver_citizens      (TlkStore    *store,
                                              const char  *driver,
                                              GPtrArray  **citizens,
                                              GPtrArray  **purge,
                                              GError     **error);

/* Every access to @citizen's details, oldest first (of TlkAccessLogEntry). */
GPtrArray    *tlk_store_access_log           (TlkStore    *store,
                                              const char  *citizen,
                                              GError     **error);

/* For /healthz and /metrics (conflicts: tlk_store_count_conflicts() in
 * tlk-store-sync.h). */
gboolean      tlk_store_ping                 (TlkStore    *store,
                                              GError     **error);
gint64        tlk_store_count_open_tokens    (TlkStore    *store,
                                              const char  *now);

void          tlk_token_info_free            (TlkTokenInfo      *info);
void          tlk_access_log_entry_free      (TlkAccessLogEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkTokenInfo, tlk_token_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkAccessLogEntry, tlk_access_log_entry_free)

G_END_DECLS
