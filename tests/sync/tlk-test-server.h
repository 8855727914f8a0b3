/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * The real telekit-server (TELEKIT_SERVER, set by tests/sync/meson.build)
 * on 127.0.0.1 with a database in a temporary folder of its own, and a
 * libsoup client (the sync API) to talk to it. Every step that should work
 * is asserted, so a test reads as its story.
 */

typedef struct _TlkTestServer TlkTestServer;

/* Starts on 127.0.0.1:0 with a new, empty database. */
TlkTestServer *tlk_test_server_start        (void);
/* The same with more arguments for the server (NULL-terminated; may be
 * NULL); a --listen among them replaces 127.0.0.1:0. */
TlkTestServer *tlk_test_server_start_with   (const char *const *args);
/* SIGTERM; waits and asserts exit status 0; then frees @srv and removes
 * its folder. */
void        tlk_test_server_stop            (TlkTestServer *srv);
/* SIGTERM; waits and asserts exit status 0. The database stays, for a
 * look at it or tlk_test_server_restart(). */
void        tlk_test_server_terminate       (TlkTestServer *srv);
/* Waits for the server to end by itself (after a signal sent with
 * tlk_test_server_send_signal()) and asserts exit status 0; the database
 * stays. */
void        tlk_test_server_wait_exit       (TlkTestServer *srv);
/* Sends @signum and returns at once. */
void        tlk_test_server_send_signal     (TlkTestServer *srv,
                                             int            signum);
/* SIGKILL; waits. */
void        tlk_test_server_kill9           (TlkTestServer *srv);
/* Starts it again (after terminate or kill9): same database, same port,
 * same arguments. */
void        tlk_test_server_restart         (TlkTestServer *srv);
/* Terminates it if it runs (asserting exit 0) and removes its folder. */
void        tlk_test_server_free            (TlkTestServer *srv);

/* "http://127.0.0.1:PORT", no slash at the end. */
const char *tlk_test_server_url             (TlkTestServer *srv);
guint       tlk_test_server_port            (TlkTestServer *srv);
const char *tlk_test_server_db_path         (TlkTestServer *srv);
/* The peak resident memory of the running server process, in MiB. */
double      tlk_test_server_peak_rss_mib    (TlkTestServer *srv);
/* The server's temporary folder, for a test's own files (removed by
 * tlk_test_server_free). */
const char *tlk_test_server_dir             (TlkTestServer *srv);
SoupSession *tlk_test_server_session        (TlkTestServer *srv);

/* Runs telekit-server --db DB @args… (NULL-terminated) to its end; @out and
 * @err may be NULL. Returns the exit status. */
int         tlk_test_server_run_cli         (TlkTestServer *srv,
                                             char         **out,
                                             char         **err,
                                             ...) G_GNUC_NULL_TERMINATED;
/* `user add NAME --role ROLE --password-file F`, asserted to succeed. */
void        tlk_test_server_add_user        (TlkTestServer *srv,
                                             const char    *name,
                                             const char    *role,
                                             const char    *password);
/* POST /api/v1/login, asserted to answer 200; returns the token. */
char       *tlk_test_server_login           (TlkTestServer *srv,
                                             const char    *name,
                                             const char    *password,
                                             const char    *device_id);

/* @method @path (may hold ?query) with "Authorization: Bearer @token" when
 * @token is not NULL and @body (JSON text) when not NULL. Returns the
 * answer parsed as JSON (the test fails when it is not JSON). */
JsonNode   *tlk_test_server_request         (TlkTestServer *srv,
                                             const char    *method,
                                             const char    *path,
                                             const char    *token,
                                             const char    *body,
                                             guint         *status);
/* The same with any body bytes; returns the answer's bytes. */
GBytes     *tlk_test_server_request_raw     (TlkTestServer *srv,
                                             const char    *method,
                                             const char    *path,
                                             const char    *token,
                                             GBytes        *body,
                                             guint         *status);

/* Asserts an error answer of PROTOCOL.md: @status, {"error": @word,
 * "message": …} with @fragment in the message (when not NULL). Takes
 * @answer. */
void        tlk_test_assert_error           (JsonNode      *answer,
                                             guint          status,
                                             guint          expected_status,
                                             const char    *word,
                                             const char    *fragment);
/* tlk_test_server_request() and tlk_test_assert_error() in one. */
void        tlk_test_server_assert_error    (TlkTestServer *srv,
                                             const char    *method,
                                             const char    *path,
                                             const char    *token,
                                             const char    *body,
                                             guint          expected_status,
                                             const char    *word,
                                             const char    *fragment);
/* GET /healthz answers 200 "ok": the server is still serving. */
void        tlk_test_server_assert_healthy  (TlkTestServer *srv);

/* For the test's other programs (nginx…): they die with the test, and an
 * undefined-behaviour report stops them. */
GSubprocessLauncher *tlk_test_launcher_new  (GSubprocessFlags flags);
/* Removes @path and everything below it. */
void        tlk_test_rm_rf                  (const char    *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkTestServer, tlk_test_server_free)

G_END_DECLS
