/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-store-test-util.h"
#include "tlk-store.h"
#include "tlk-test-server.h"

/*
 * telekit-server against PROTOCOL.md, with the real server on 127.0.0.1:
 * every route for every role (and without a token, and with a bad one),
 * the driver's scope over personal data and its access log, sign-ins that
 * end (logout, revoke, expiry, a new password), bad input and the body
 * limit, /metrics, SIGTERM with a request in flight, and `user` commands.
 * Event push and pull have their own tests (test-sync*.c).
 */

typedef enum
{
  WAREHOUSE,
  DRIVER,
  COORDINATOR,
  ADMIN,
  NO_TOKEN,
  BAD_TOKEN,
  N_CALLERS
} Caller;

static const char *const caller_names[N_CALLERS] = {
  "warehouse", "driver", "coordinator", "admin", "no token", "bad token",
};

/* The users, their roles and passwords. */
static const char *const users[][3] = {
  { "mette", "warehouse", "mette-pw" },
  { "jens", "driver", "jens-pw" },
  { "anne", "coordinator", "anne-pw" },
  { "root", "admin", "root-pw" },
  { "karim", "driver", "karim-pw" },
  { "temp", "warehouse", "temp-pw" },
};

#define CITIZEN_BODY "{\"name\": \"Grethe Jensen\", \"address\": \"Skovvej 3, 8000 Aarhus C\", " \
                     "\"phone\": \"86 12 34 56\", \"access_notes\": null}"

/* One server for the tests that need no fresh one. */
static struct
{
  TlkTestServer *srv;
  char          *token[N_CALLERS];
  char          *karim;
  char          *stop[5];    /* S codes of the fixture's stops, by order 1..4 */
} w;

/* ---- the fixture: orders with stops for two drivers -------------------- */

static TlkEvent *
event (TlkEventType type,
       const char  *subject)
{
  return tlk_event_new (type, subject, "anne");
}

static void
append (TlkStore *store,
        TlkEvent *owned)
{
  g_autoptr(TlkEvent) e = owned;
  g_autoptr(GError) error = NULL;

  if (!tlk_store_append (store, e, &error))
    g_error ("%s %s: %s", tlk_event_type_to_string (e->type), e->subject, error->message);
}

static JsonArray *
one (const char *k1,
     const char *v1,
     const char *k2,
     const char *v2)
{
  JsonArray *array = json_array_new ();
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, k1, v1);
  if (v2 != NULL)
    json_object_set_string_member (o, k2, v2);
  else
    json_object_set_int_member (o, k2, 1);
  json_array_add_object_element (array, o);
  return array;
}

/* Order o@n for citizen @citizen with a kit reserved and a delivery stop
 * for @driver; returns the stop's code. */
static char *
order_with_stop (TlkStore   *store,
                 guint       n,
                 const char *citizen,
                 const char *driver)
{
  g_autofree char *device = tlk_code_make (TLK_CODE_KIND_DEVICE, 100 + n);
  g_autofree char *kit = tlk_code_make (TLK_CODE_KIND_KIT, 100 + n);
  g_autofree char *order = g_strdup_printf ("o%u", n);
  g_autofree char *serial = g_strdup_printf ("SN%u", n);
  g_autofree char *case_ref = g_strdup_printf ("SAG-%u", n);
  char *stop = tlk_code_make (TLK_CODE_KIND_STOP, 100 + n);
  TlkEvent *e;

  e = event (TLK_EVENT_DEVICE_RECEIVED, device);
  tlk_event_set_string (e, "model", "m-oximeter");
  tlk_event_set_string (e, "serial", serial);
  append (store, e);
  e = event (TLK_EVENT_KIT_CREATED, kit);
  tlk_event_set_string (e, "kit_type", "solo");
  append (store, e);
  e = event (TLK_EVENT_KIT_DEVICE_ADDED, kit);
  tlk_event_set_string (e, "device", device);
  append (store, e);
  append (store, event (TLK_EVENT_KIT_RELEASED, kit));
  e = event (TLK_EVENT_ORDER_RECEIVED, order);
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", case_ref);
  tlk_event_set_string (e, "kit_type", "solo");
  tlk_event_set_string (e, "citizen", citizen);
  tlk_event_set_string (e, "requested_date", "2026-12-01");
  append (store, e);
  e = event (TLK_EVENT_KIT_RESERVED, kit);
  tlk_event_set_string (e, "order", order);
  append (store, e);
  e = event (TLK_EVENT_STOP_PLANNED, stop);
  tlk_event_set_string (e, "order", order);
  tlk_event_set_string (e, "kind", "delivery");
  tlk_event_set_string (e, "date", "2026-12-01");
  tlk_event_set_string (e, "driver", driver);
  append (store, e);
  return stop;
}

/* Written through the store API into the running server's database (WAL:
 * a second writer waits its turn). */
static void
write_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (tlk_test_server_db_path (w.srv), &error);
  TlkEvent *e;

  g_assert_no_error (error);
  e = event (TLK_EVENT_CUSTOMER_DEFINED, "aarhus");
  tlk_event_set_string (e, "name", "Aarhus Kommune");
  tlk_event_set_string (e, "kind", "municipality");
  append (store, e);
  e = event (TLK_EVENT_MODEL_DEFINED, "m-oximeter");
  tlk_event_set_string (e, "manufacturer", "Nonin");
  tlk_event_set_string (e, "name", "3230");
  tlk_event_set_string (e, "kind", "pulse_oximeter");
  append (store, e);
  e = event (TLK_EVENT_KIT_TYPE_DEFINED, "solo");
  tlk_event_set_string (e, "name", "Iltmåler");
  tlk_event_set_array (e, "slots", one ("kind", "pulse_oximeter", "count", NULL));
  tlk_event_set_array (e, "checklist", one ("id", "clean", "name", "Rengjort"));
  append (store, e);

  w.stop[1] = order_with_stop (store, 1, "c-own", "jens");     /* planned */
  w.stop[2] = order_with_stop (store, 2, "c-other", "karim");  /* planned */
  w.stop[3] = order_with_stop (store, 3, "c-done", "jens");    /* done below */
  w.stop[4] = order_with_stop (store, 4, "c-later", "jens");   /* done by a test */
  append (store, event (TLK_EVENT_STOP_DONE, w.stop[3]));
}

static void
put_citizen (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/citizens/%s", id);
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = tlk_test_server_request (w.srv, "PUT", path, w.token[COORDINATOR], CITIZEN_BODY, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
world_set_up (void)
{
  w.srv = tlk_test_server_start ();
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    tlk_test_server_add_user (w.srv, users[i][0], users[i][1], users[i][2]);
  write_fixture ();
  for (Caller c = WAREHOUSE; c <= ADMIN; c++)
    w.token[c] = tlk_test_server_login (w.srv, users[c][0], users[c][2], "laptop-1");
  w.token[BAD_TOKEN] = g_strdup ("bm90LWEtdG9rZW4tdGhhdC10aGUtc2VydmVyLW1hZGU");
  w.karim = tlk_test_server_login (w.srv, "karim", "karim-pw", "laptop-2");
  put_citizen ("c-own");
  put_citizen ("c-other");
  put_citizen ("c-done");
  put_citizen ("c-later");
}

static void
world_tear_down (void)
{
  g_clear_pointer (&w.srv, tlk_test_server_free);
  for (guint i = 0; i < N_CALLERS; i++)
    g_clear_pointer (&w.token[i], g_free);
  for (guint i = 0; i < G_N_ELEMENTS (w.stop); i++)
    g_clear_pointer (&w.stop[i], g_free);
  g_clear_pointer (&w.karim, g_free);
}

static JsonObject *
object (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* ---- every route × every caller ---------------------------------------- */

typedef struct
{
  guint       status;   /* 0: authenticated, whatever the route answers */
  const char *word;     /* the error word when not 2xx */
} Expect;

#define OK        { 200, NULL }
#define FORBIDDEN { 403, "forbidden" }
#define UNAUTH    { 401, "unauthorized" }
#define PASSES    { 0, NULL }

typedef struct
{
  const char *method;
  const char *path;
  const char *body;
  Expect      expect[N_CALLERS];
} RouteCase;

static const RouteCase route_cases[] = {
  { "POST", "/api/v1/revoke", "{\"user\": \"temp\"}",
    { FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, UNAUTH, UNAUTH } },
  { "PUT", "/api/v1/citizens/c-new", CITIZEN_BODY,
    { FORBIDDEN, FORBIDDEN, OK, OK, UNAUTH, UNAUTH } },
  { "GET", "/api/v1/citizens/c-own", NULL,
    { FORBIDDEN, OK, OK, OK, UNAUTH, UNAUTH } },
  { "GET", "/api/v1/citizens/c-other", NULL,
    { FORBIDDEN, FORBIDDEN, OK, OK, UNAUTH, UNAUTH } },
  { "GET", "/api/v1/my-citizens", NULL,
    { FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, UNAUTH, UNAUTH } },
  { "GET", "/api/v1/access-log?citizen=c-own", NULL,
    { FORBIDDEN, FORBIDDEN, OK, OK, UNAUTH, UNAUTH } },
  { "GET", "/healthz", NULL,
    { OK, OK, OK, OK, OK, OK } },
  { "GET", "/metrics", NULL,
    { OK, OK, OK, OK, OK, OK } },
  /* Push and pull decide by role themselves (test-sync*.c); the token is
   * checked before they run. */
  { "POST", "/api/v1/events", "{\"device_id\": \"laptop-1\", \"events\": []}",
    { PASSES, PASSES, PASSES, PASSES, UNAUTH, UNAUTH } },
  { "GET", "/api/v1/events?after=0", NULL,
    { PASSES, PASSES, PASSES, PASSES, UNAUTH, UNAUTH } },
  { "POST", "/api/v1/logout", "{}",
    { PASSES, PASSES, PASSES, PASSES, UNAUTH, UNAUTH } },
};

static void
check_route_case (const RouteCase *rc,
                  Caller           c)
{
  g_autoptr(GBytes) body = rc->body ? g_bytes_new_static (rc->body, strlen (rc->body)) : NULL;
  g_autoptr(GBytes) answer = NULL;
  const Expect *e = &rc->expect[c];
  guint status = 0;

  g_test_message ("%s %s as %s", rc->method, rc->path, caller_names[c]);
  answer = tlk_test_server_request_raw (w.srv, rc->method, rc->path, w.token[c], body, &status);
  if (e->status == 0)
    {
      g_assert_cmpuint (status, !=, 401);
      g_assert_cmpuint (status, !=, 403);
      return;
    }
  if (e->word != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (answer, &length);

      json_parser_load_from_data (parser, data, (gssize) length, &error);
      g_assert_no_error (error);
      tlk_test_assert_error (json_node_ref (json_parser_get_root (parser)), status, e->status, e->word, NULL);
    }
  else
    g_assert_cmpuint (status, ==, e->status);
}

static void
test_routes_by_role (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (route_cases); i++)
    for (Caller c = WAREHOUSE; c < N_CALLERS; c++)
      {
        /* Logging out ends the sign-in: use one made for it. */
        if (strcmp (route_cases[i].path, "/api/v1/logout") == 0 && c <= ADMIN)
          continue;
        check_route_case (&route_cases[i], c);
      }
}

/* No such route, and a route's other methods. */
static void
test_not_found_and_method (void)
{
  static const char *const missing[] = {
    "/", "/api/v1", "/api/v1/nothing", "/api/v1/login/more", "/api/v1/citizens", "/api/v1/citizens/",
    "/api/v1/citizens/c-own/more", "/healthz/x", "/metricsx",
  };
  JsonNode *answer;
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      answer = tlk_test_server_request (w.srv, "GET", missing[i], w.token[ADMIN], NULL, &status);
      tlk_test_assert_error (answer, status, 404, "not_found", NULL);
    }

  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/login", NULL, NULL, &status);
  tlk_test_assert_error (answer, status, 405, "method_not_allowed", "use POST");
  answer = tlk_test_server_request (w.srv, "DELETE", "/api/v1/citizens/c-own", w.token[ADMIN], NULL, &status);
  tlk_test_assert_error (answer, status, 405, "method_not_allowed", "PUT, GET");
  answer = tlk_test_server_request (w.srv, "POST", "/healthz", NULL, "{}", &status);
  tlk_test_assert_error (answer, status, 405, "method_not_allowed", "use GET");
  tlk_test_server_assert_healthy (w.srv);
}

/* ---- signing in -------------------------------------------------------- */

static void
test_login (void)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *sql = NULL;
  JsonObject *o;
  const char *token;
  guint status = 0;

  answer = tlk_test_server_request (w.srv, "POST", "/api/v1/login", NULL,
                                    "{\"user\": \"jens\", \"password\": \"jens-pw\", \"device_id\": \"car-7\"}",
                                    &status);
  g_assert_cmpuint (status, ==, 200);
  o = object (answer);
  g_assert_cmpuint (json_object_get_size (o), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (o, "user"), ==, "jens");
  g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, "driver");
  /* 32 bytes, base64url without padding. */
  token = json_object_get_string_member (o, "token");
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_true (strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43);
  /* Seven days. */
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_difference (expires, now) / G_TIME_SPAN_SECOND, >=, 7 * 24 * 3600 - 60);
  g_assert_cmpint (g_date_time_difference (expires, now) / G_TIME_SPAN_SECOND, <=, 7 * 24 * 3600 + 60);

  /* The server keeps the token's SHA-256 and its computer, never the token. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  sql = g_strdup_printf ("SELECT user_id || ' ' || device_id FROM tokens WHERE token_hash = '%s'", hash);
  stored = tlk_test_sql_text (tlk_test_server_db_path (w.srv), sql);
  g_assert_cmpstr (stored, ==, "jens car-7");
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM tokens WHERE token_hash = '%s' OR device_id = '%s'", token, token);
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (w.srv), sql), ==, 0);
  /* Passwords: Argon2id. */
  g_clear_pointer (&stored, g_free);
  stored = tlk_test_sql_text (tlk_test_server_db_path (w.srv),
                              "SELECT password_hash FROM accounts WHERE user_id = 'jens'");
  g_assert_true (g_str_has_prefix (stored, "$argon2id$"));
  g_assert_null (strstr (stored, "jens-pw"));

  /* Wrong password and unknown user: the same answer. */
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/login", NULL,
                                "{\"user\": \"jens\", \"password\": \"nope\", \"device_id\": \"car-7\"}", 401,
                                "unauthorized", "Wrong user name or password");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/login", NULL,
                                "{\"user\": \"nobody\", \"password\": \"x\", \"device_id\": \"car-7\"}", 401,
                                "unauthorized", "Wrong user name or password");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/login", NULL,
                                "{\"user\": \"jens\", \"password\": \"jens-pw\", \"device_id\": \"a b\"}", 400,
                                "malformed", "device_id");
  tlk_test_server_assert_healthy (w.srv);
}

/* 401 with the reason, for a request that would pass with a good token. */
static void
assert_refused_token (const char *token,
                      const char *fragment)
{
  guint status = 0;
  JsonNode *answer = tlk_test_server_request (w.srv, "GET", "/api/v1/my-citizens", token, NULL, &status);

  tlk_test_assert_error (answer, status, 401, "unauthorized", fragment);
}

/* The route refuses the role (403), so the token itself was accepted. */
static void
assert_token_works (const char *token)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = tlk_test_server_request (w.srv, "GET", "/api/v1/my-citizens", token, NULL, &status);

  g_assert_cmpuint (status, ==, 403);
}

static void
test_logout (void)
{
  for (Caller c = WAREHOUSE; c <= ADMIN; c++)
    {
      g_autofree char *token = tlk_test_server_login (w.srv, users[c][0], users[c][2], "shared-pc");
      g_autoptr(JsonNode) answer = NULL;
      guint status = 0;

      answer = tlk_test_server_request (w.srv, "POST", "/api/v1/logout", token, "{}", &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_object_get_size (object (answer)), ==, 0);
      assert_refused_token (token, "ended");
      /* Only that sign-in ended. */
      g_clear_pointer (&answer, json_node_unref);
      answer = tlk_test_server_request (w.srv, "GET", "/api/v1/access-log?citizen=c-own", w.token[c], NULL, &status);
      g_assert_cmpuint (status, !=, 401);
    }
}

static void
test_revoke (void)
{
  g_autofree char *a = tlk_test_server_login (w.srv, "temp", "temp-pw", "pc-a");
  g_autofree char *b = tlk_test_server_login (w.srv, "temp", "temp-pw", "pc-b");
  g_autofree char *c = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  assert_token_works (a);
  assert_token_works (b);
  answer = tlk_test_server_request (w.srv, "POST", "/api/v1/revoke", w.token[ADMIN], "{\"user\": \"temp\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object (answer), "user"), ==, "temp");
  g_assert_cmpint (json_object_get_int_member (object (answer), "revoked"), ==, 2);
  assert_refused_token (a, "ended");
  assert_refused_token (b, "ended");

  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/revoke", w.token[ADMIN], "{\"user\": \"nobody\"}", 404,
                                "not_found", "nobody");

  /* The same from the command line, on the running server's database. */
  c = tlk_test_server_login (w.srv, "temp", "temp-pw", "pc-c");
  assert_token_works (c);
  g_assert_cmpint (tlk_test_server_run_cli (w.srv, &out, &err, "user", "revoke", "temp", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "1 sign-in of temp ended"));
  assert_refused_token (c, "ended");
}

static void
test_new_password (void)
{
  g_autofree char *old = tlk_test_server_login (w.srv, "temp", "temp-pw", "pc-a");
  g_autofree char *file = g_build_filename (tlk_test_server_dir (w.srv), "new-password", NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "Nyt kodeord 2\r\nthe second line is ignored\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tlk_test_server_run_cli (w.srv, NULL, &err, "user", "passwd", "temp", "--password-file", file,
                                            NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  /* Whoever knew the old password may hold a token: it ends too. */
  assert_refused_token (old, "ended");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/login", NULL,
                                "{\"user\": \"temp\", \"password\": \"temp-pw\", \"device_id\": \"x\"}", 401,
                                "unauthorized", NULL);
  fresh = tlk_test_server_login (w.srv, "temp", "Nyt kodeord 2", "pc-a");
  assert_token_works (fresh);
}

static void
test_expired_token (void)
{
  static const char *const args[] = { "--token-lifetime", "2", NULL };
  g_autoptr(TlkTestServer) srv = tlk_test_server_start_with (args);
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  tlk_test_server_add_user (srv, "mette", "warehouse", "pw");
  token = tlk_test_server_login (srv, "mette", "pw", "pc");
  answer = tlk_test_server_request (srv, "GET", "/api/v1/my-citizens", token, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  /* Expiry is by whole seconds: past 2 s it is over. */
  g_usleep (3 * G_USEC_PER_SEC);
  tlk_test_server_assert_error (srv, "GET", "/api/v1/my-citizens", token, NULL, 401, "unauthorized", "expired");
}

/* ---- personal data ----------------------------------------------------- */

static void
assert_citizen (JsonNode   *owned,
                const char *id)
{
  g_autoptr(JsonNode) node = owned;
  JsonObject *o = object (node);

  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Grethe Jensen");
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "Skovvej 3, 8000 Aarhus C");
  g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, "86 12 34 56");
  g_assert_true (json_object_get_null_member (o, "access_notes"));
}

static char *
ids_of (JsonArray  *array,
        const char *member)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      const char *id = member ? json_object_get_string_member (json_node_get_object (n), member)
                              : json_node_get_string (n);

      g_string_append_printf (out, "%s%s", i ? " " : "", id);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_my_citizens (const char *token,
                    const char *citizens,
                    const char *purge)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *got_citizens = NULL;
  g_autofree char *got_purge = NULL;
  guint status = 0;

  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/my-citizens", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_object_get_size (object (answer)), ==, 2);
  got_citizens = ids_of (json_object_get_array_member (object (answer), "citizens"), "id");
  got_purge = ids_of (json_object_get_array_member (object (answer), "purge"), NULL);
  g_assert_cmpstr (got_citizens, ==, citizens);
  g_assert_cmpstr (got_purge, ==, purge);
}

static void
test_driver_scope (void)
{
  guint status = 0;
  g_autoptr(GError) error = NULL;

  /* Jens has a planned stop for c-own: he sees the citizen. */
  assert_citizen (tlk_test_server_request (w.srv, "GET", "/api/v1/citizens/c-own", w.token[DRIVER], NULL, &status),
                  "c-own");
  g_assert_cmpuint (status, ==, 200);
  /* c-other is Karim's stop; c-done was Jens's stop and is done. */
  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/citizens/c-other", w.token[DRIVER], NULL, 403, "forbidden",
                                "planned");
  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/citizens/c-done", w.token[DRIVER], NULL, 403, "forbidden",
                                "planned");
  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/citizens/c-unknown", w.token[DRIVER], NULL, 403, "forbidden",
                                NULL);
  assert_citizen (tlk_test_server_request (w.srv, "GET", "/api/v1/citizens/c-other", w.karim, NULL, &status),
                  "c-other");
  /* A warehouse computer gets no personal data at all. */
  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/citizens/c-own", w.token[WAREHOUSE], NULL, 403, "forbidden",
                                "warehouse");
  /* A coordinator asking for a citizen without details. */
  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/citizens/c-unknown", w.token[COORDINATOR], NULL, 404,
                                "not_found", NULL);

  assert_my_citizens (w.token[DRIVER], "c-later c-own", "c-done");
  assert_my_citizens (w.karim, "c-other", "");

  /* Once the stop is done, the details go. */
  {
    g_autoptr(TlkStore) store = tlk_store_open (tlk_test_server_db_path (w.srv), &error);

    g_assert_no_error (error);
    append (store, event (TLK_EVENT_STOP_DONE, w.stop[4]));
  }
  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/citizens/c-later", w.token[DRIVER], NULL, 403, "forbidden",
                                NULL);
  assert_my_citizens (w.token[DRIVER], "c-own", "c-done c-later");
}

typedef struct
{
  char *actor;
  char *action;
  char *reason;
} LogLine;

static guint
access_log_length (const char *citizen,
                   LogLine    *last)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/access-log?citizen=%s", citizen);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *entries;
  JsonObject *e;
  guint status = 0;
  guint n;

  answer = tlk_test_server_request (w.srv, "GET", path, w.token[ADMIN], NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object (answer), "citizen"), ==, citizen);
  entries = json_object_get_array_member (object (answer), "entries");
  n = json_array_get_length (entries);
  if (last != NULL && n > 0)
    {
      e = json_array_get_object_element (entries, n - 1);
      g_assert_nonnull (g_date_time_new_from_iso8601 (json_object_get_string_member (e, "at"), NULL));
      last->actor = g_strdup (json_object_get_string_member (e, "actor"));
      last->action = g_strdup (json_object_get_string_member (e, "action"));
      last->reason = g_strdup (json_object_get_string_member (e, "reason"));
    }
  return n;
}

static void
log_line_clear (LogLine *l)
{
  g_clear_pointer (&l->actor, g_free);
  g_clear_pointer (&l->action, g_free);
  g_clear_pointer (&l->reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LogLine, log_line_clear)

static void
assert_logged (guint       before,
               const char *citizen,
               const char *actor,
               const char *action,
               const char *reason)
{
  g_auto(LogLine) last = { 0 };

  g_assert_cmpuint (access_log_length (citizen, &last), ==, before + 1);
  g_assert_cmpstr (last.actor, ==, actor);
  g_assert_cmpstr (last.action, ==, action);
  if (strstr (last.reason, reason) == NULL)
    g_error ("reason “%s” does not contain “%s”", last.reason, reason);
}

static void
test_access_log (void)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;
  guint n;

  /* Reading the log is not itself a read of personal data. */
  n = access_log_length ("c-own", NULL);
  g_assert_cmpuint (access_log_length ("c-own", NULL), ==, n);

  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/citizens/c-own", w.token[COORDINATOR], NULL, &status);
  assert_logged (n++, "c-own", "anne", "read", "coordinator");
  g_clear_pointer (&answer, json_node_unref);

  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/citizens/c-own", w.token[DRIVER], NULL, &status);
  assert_logged (n++, "c-own", "jens", "read", w.stop[1]);
  g_clear_pointer (&answer, json_node_unref);

  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/my-citizens", w.token[DRIVER], NULL, &status);
  assert_logged (n++, "c-own", "jens", "read", w.stop[1]);
  g_clear_pointer (&answer, json_node_unref);

  answer = tlk_test_server_request (w.srv, "PUT", "/api/v1/citizens/c-own", w.token[ADMIN], CITIZEN_BODY, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_logged (n++, "c-own", "root", "write", "server");
  g_clear_pointer (&answer, json_node_unref);

  /* Refused reads show nothing and log nothing. */
  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/citizens/c-own", w.token[WAREHOUSE], NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = tlk_test_server_request (w.srv, "GET", "/api/v1/citizens/c-own", w.karim, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpuint (access_log_length ("c-own", NULL), ==, n);

  tlk_test_server_assert_error (w.srv, "GET", "/api/v1/access-log", w.token[ADMIN], NULL, 400, "malformed", "citizen");
}

/* ---- bad input --------------------------------------------------------- */

typedef struct
{
  const char *method;
  const char *path;
  const char *body;
  const char *fragment;
} BadCase;

static const BadCase bad_cases[] = {
  { "POST", "/api/v1/login", "", "no body" },
  { "POST", "/api/v1/login", "{\"user\": \"anne\", \"password\": \"anne-pw\"", "not valid JSON" },
  { "POST", "/api/v1/login", "{user: anne}", "not valid JSON" },
  { "POST", "/api/v1/login", "{\"user\": \"anne\"}}", "not valid JSON" },
  { "POST", "/api/v1/login", "\xff\xfe{}", "not valid JSON" },
  { "POST", "/api/v1/login", "[\"anne\", \"anne-pw\"]", "must be a JSON object" },
  { "POST", "/api/v1/login", "\"anne\"", "must be a JSON object" },
  { "POST", "/api/v1/login", "42", "must be a JSON object" },
  { "POST", "/api/v1/login", "{\"user\": 1, \"password\": \"x\", \"device_id\": \"d\"}", "“user” must be a string" },
  { "POST", "/api/v1/login", "{\"user\": \"anne\", \"password\": null, \"device_id\": \"d\"}",
    "“password” must be a string" },
  { "POST", "/api/v1/login", "{\"user\": \"anne\", \"password\": \"x\"}", "“device_id” is missing" },
  { "POST", "/api/v1/login", "{\"user\": \"anne\", \"password\": \"x\", \"device_id\": \"d\", \"remember\": true}",
    "“remember” is not known" },
  { "POST", "/api/v1/logout", "{\"everywhere\": true}", "“everywhere” is not known" },
  { "POST", "/api/v1/revoke", "{\"user\": [\"temp\"]}", "“user” must be a string" },
  { "PUT", "/api/v1/citizens/c-bad", "{\"name\": null}", "“name” must be a string" },
  { "PUT", "/api/v1/citizens/c-bad", "{\"name\": \"A\", \"phone\": 86123456}", "“phone” must be a string or null" },
  { "PUT", "/api/v1/citizens/c-bad", "{\"name\": \"A\", \"cpr\": \"010203-1234\"}", "“cpr” is not known" },
  { "PUT", "/api/v1/citizens/c-bad", "{\"name\": \"Grethe 010203-1234\"}", "CPR" },
  { "PUT", "/api/v1/citizens/c-bad", "{\"name\": \"\"}", "name" },
  { "PUT", "/api/v1/citizens/bad%20id", CITIZEN_BODY, "citizen id" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bc = &bad_cases[i];
      g_autoptr(GBytes) body = g_bytes_new_static (bc->body, strlen (bc->body));
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      const char *data;
      gsize length;
      guint status = 0;

      g_test_message ("%s %s %s", bc->method, bc->path, bc->body);
      answer = tlk_test_server_request_raw (w.srv, bc->method, bc->path, w.token[ADMIN], body, &status);
      data = g_bytes_get_data (answer, &length);
      json_parser_load_from_data (parser, data, (gssize) length, &error);
      g_assert_no_error (error);
      tlk_test_assert_error (json_node_ref (json_parser_get_root (parser)), status, 400, "malformed", bc->fragment);
      tlk_test_server_assert_healthy (w.srv);
    }
  /* Nothing of it was stored. */
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (w.srv),
                                     "SELECT COUNT(*) FROM citizens WHERE id = 'c-bad'"), ==, 0);
}

/* A body of @size bytes: a JSON login object padded with spaces. */
static GBytes *
padded_login (gsize size)
{
  static const char json[] = "{\"user\": \"anne\", \"password\": \"wrong\", \"device_id\": \"d\"}";
  char *data = g_malloc (size);

  g_assert_cmpuint (size, >=, sizeof json - 1);
  memcpy (data, json, sizeof json - 1);
  memset (data + sizeof json - 1, ' ', size - (sizeof json - 1));
  return g_bytes_new_take (data, size);
}

static guint
send_body (GBytes  *body,
           gboolean chunked,
           GBytes **answer)
{
  g_autofree char *url = g_strconcat (tlk_test_server_url (w.srv), "/api/v1/login", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GError) error = NULL;

  if (chunked)
    {
      /* A stream of unknown length goes chunked. */
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

      soup_message_set_request_body (msg, "application/json", stream, -1);
      g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_request_headers (msg)), ==,
                       SOUP_ENCODING_CHUNKED);
    }
  else
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  *answer = soup_session_send_and_read (tlk_test_server_session (w.srv), msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static void
assert_too_large (guint   status,
                  GBytes *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (answer, &length);

  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  tlk_test_assert_error (json_node_ref (json_parser_get_root (parser)), status, 413, "too_large", "4 MiB");
}

/* A bare connection to the server. */
static GSocketConnection *
connect_raw (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  g_socket_client_set_timeout (client, 30);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) tlk_test_server_port (w.srv), NULL, &error);
  g_assert_no_error (error);
  return conn;
}

static void
write_all (GSocketConnection *conn,
           const char        *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), text, strlen (text), NULL, NULL,
                             &error);
  g_assert_no_error (error);
}

/* Everything until the server closes. */
static char *
read_to_end (GSocketConnection *conn)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char buf[4096];
  gssize n;

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), buf, sizeof buf, NULL,
                                   &error)) > 0)
    g_string_append_len (out, buf, n);
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_body_limit (void)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) at_limit = padded_login (4 * 1024 * 1024);
  g_autoptr(GBytes) over = padded_login (5 * 1024 * 1024);
  guint status;

  /* 4 MiB exactly is allowed (the password is wrong). */
  status = send_body (at_limit, FALSE, &answer);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&answer, g_bytes_unref);
  status = send_body (at_limit, TRUE, &answer);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&answer, g_bytes_unref);

  /* One more byte is not, with Content-Length and chunked. */
  status = send_body (over, FALSE, &answer);
  assert_too_large (status, answer);
  g_clear_pointer (&answer, g_bytes_unref);
  tlk_test_server_assert_healthy (w.srv);
  status = send_body (over, TRUE, &answer);
  assert_too_large (status, answer);
  g_clear_pointer (&answer, g_bytes_unref);
  tlk_test_server_assert_healthy (w.srv);

  /* A client that asks first need not send the body at all. */
  {
    g_autoptr(GSocketConnection) conn = connect_raw ();
    g_autofree char *reply = NULL;

    write_all (conn, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Expect: 100-continue\r\nContent-Length: 5242880\r\n\r\n");
    reply = read_to_end (conn);
    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413"));
    g_assert_nonnull (strstr (reply, "\"too_large\""));
  }
  tlk_test_server_assert_healthy (w.srv);

  /* A client announcing 1 GiB is answered at once; nothing is read. */
  {
    g_autoptr(GSocketConnection) conn = connect_raw ();
    g_autofree char *reply = NULL;

    write_all (conn, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1073741824\r\n\r\n");
    reply = read_to_end (conn);
    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413"));
    g_assert_nonnull (strstr (reply, "\"too_large\""));
  }
  tlk_test_server_assert_healthy (w.srv);

  /* A chunked body without end: the server stops reading and closes long
   * before 64 MiB. */
  {
    g_autoptr(GSocketConnection) conn = connect_raw ();
    g_autoptr(GError) error = NULL;
    g_autofree char *chunk = g_malloc (65536 + 16);
    gsize sent = 0;
    int head = g_snprintf (chunk, 16, "%x\r\n", 65536);

    memset (chunk + head, ' ', 65536);
    memcpy (chunk + head + 65536, "\r\n", 2);
    write_all (conn, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    while (sent < 64 * 1024 * 1024 &&
           g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), chunk, head + 65536 + 2,
                                      NULL, NULL, &error))
      sent += 65536;
    g_assert_nonnull (error);
    /* Closed, not merely stalled. */
    g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
    g_test_message ("the server closed after %" G_GSIZE_FORMAT " bytes: %s", sent, error->message);
    g_assert_cmpuint (sent, <, 64 * 1024 * 1024);
  }
  tlk_test_server_assert_healthy (w.srv);
}

/* ---- /metrics ---------------------------------------------------------- */

/* Parses the text format 0.0.4 strictly enough: every sample belongs to a
 * family declared by # HELP and # TYPE before it, and has a number. */
static GHashTable *
parse_metrics (const char *text)
{
  g_autoptr(GHashTable) help = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GRegex) sample_re = g_regex_new ("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([^ ]+)$", 0, 0, NULL);
  g_autoptr(GRegex) label_re = g_regex_new ("^\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*\\}$", 0, 0, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_suffix (text, "\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr(GMatchInfo) m = NULL;

      if (*line == '\0')
        continue;
      if (g_str_has_prefix (line, "# HELP "))
        {
          g_auto(GStrv) parts = g_strsplit (line + 7, " ", 2);
          g_assert_nonnull (parts[1]);
          g_hash_table_add (help, g_strdup (parts[0]));
        }
      else if (g_str_has_prefix (line, "# TYPE "))
        {
          g_auto(GStrv) parts = g_strsplit (line + 7, " ", 2);
          g_assert_true (g_strv_contains ((const char *const[]) { "counter", "gauge", "histogram", "summary",
                                                                  "untyped", NULL },
                                          parts[1]));
          g_hash_table_insert (types, g_strdup (parts[0]), g_strdup (parts[1]));
        }
      else
        {
          g_autofree char *name = NULL;
          g_autofree char *labels = NULL;
          g_autofree char *value = NULL;
          g_autofree char *family_name = NULL;
          char *end = NULL;
          const char *type;

          if (!g_regex_match (sample_re, line, 0, &m))
            g_error ("not a sample line: %s", line);
          name = g_match_info_fetch (m, 1);
          labels = g_match_info_fetch (m, 2);
          value = g_match_info_fetch (m, 3);
          g_assert_true (*labels == '\0' || g_regex_match (label_re, labels, 0, NULL));
          family_name = g_strdup (name);
          type = g_hash_table_lookup (types, family_name);
          if (type == NULL)
            {
              /* A histogram's series. */
              for (const char *const *s = (const char *const[]) { "_bucket", "_sum", "_count", NULL }; *s; s++)
                if (g_str_has_suffix (name, *s))
                  {
                    g_free (family_name);
                    family_name = g_strndup (name, strlen (name) - strlen (*s));
                  }
              type = g_hash_table_lookup (types, family_name);
              g_assert_cmpstr (type, ==, "histogram");
            }
          g_assert_true (g_hash_table_contains (help, family_name));
          g_ascii_strtod (value, &end);
          g_assert_true (end != value && *end == '\0');
          g_hash_table_insert (samples, g_strconcat (name, labels, NULL), g_steal_pointer (&value));
        }
    }
  return samples;
}

static GHashTable *
get_metrics (TlkTestServer *srv)
{
  g_autofree char *url = g_strconcat (tlk_test_server_url (srv), "/metrics", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  body = soup_session_send_and_read (tlk_test_server_session (srv), msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type"),
                            "version=0.0.4"));
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return parse_metrics (text);
}

static double
sample (GHashTable *samples,
        const char *key)
{
  const char *value = g_hash_table_lookup (samples, key);

  return value ? g_ascii_strtod (value, NULL) : 0;
}

#define HEALTHZ_OK "telekit_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"
#define HEALTHZ_COUNT "telekit_http_request_duration_seconds_count{route=\"/healthz\",method=\"GET\"}"
#define LOGIN_401 "telekit_http_requests_total{route=\"/api/v1/login\",method=\"POST\",status=\"401\"}"

static void
test_metrics (void)
{
  g_autoptr(GHashTable) before = get_metrics (w.srv);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  for (guint i = 0; i < 3; i++)
    tlk_test_server_assert_healthy (w.srv);
  answer = tlk_test_server_request (w.srv, "POST", "/api/v1/login", NULL,
                                    "{\"user\": \"anne\", \"password\": \"wrong\", \"device_id\": \"d\"}", &status);
  g_assert_cmpuint (status, ==, 401);

  after = get_metrics (w.srv);
  g_assert_cmpfloat (sample (after, HEALTHZ_OK), ==, sample (before, HEALTHZ_OK) + 3);
  g_assert_cmpfloat (sample (after, HEALTHZ_COUNT), ==, sample (before, HEALTHZ_COUNT) + 3);
  g_assert_cmpfloat (sample (after, LOGIN_401), ==, sample (before, LOGIN_401) + 1);
  g_assert_cmpfloat (sample (after, "telekit_http_request_duration_seconds_bucket{route=\"/healthz\",method=\"GET\","
                                    "le=\"+Inf\"}"),
                     ==, sample (after, HEALTHZ_COUNT));
  g_assert_cmpfloat (sample (after, "telekit_up"), ==, 1);
  g_assert_cmpfloat (sample (after, "telekit_events_stored_total"), ==,
                     tlk_test_sql_int (tlk_test_server_db_path (w.srv), "SELECT COUNT(*) FROM events"));
  g_assert_cmpfloat (sample (after, "telekit_conflicts_total"), ==,
                     tlk_test_sql_int (tlk_test_server_db_path (w.srv),
                                       "SELECT COUNT(*) FROM events WHERE conflict IS NOT NULL"));
  g_assert_cmpfloat (sample (after, "telekit_tokens_open"), >=, 4);

  /* Through a proxy on this machine it is not local. */
  {
    g_autofree char *url = g_strconcat (tlk_test_server_url (w.srv), "/metrics", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For", "192.0.2.7");
    body = soup_session_send_and_read (tlk_test_server_session (w.srv), msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 403);
  }
}

/* ---- many sign-ins at once ------------------------------------------------ */

#define CROWD 120

typedef struct
{
  guint answered, ok, busy, other;
} Crowd;

static void
on_crowd_answer (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Crowd *crowd = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  guint status = soup_message_get_status (msg);

  crowd->answered++;
  if (status == 200)
    crowd->ok++;
  else if (status == 503 && body != NULL &&
           g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "\"busy\"") != NULL &&
           g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"), "2") == 0)
    crowd->busy++;
  else
    crowd->other++;
  g_object_unref (msg);
}

/* A password check takes 64 MiB: a crowd signing in at once is checked one
 * per core, the rest wait, and past a queue of 64 they are told to come
 * back ("busy", Retry-After) — the server neither balloons nor stops
 * answering. */
static void
test_login_crowd (void)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", CROWD + 10,
                                                                  "max-conns-per-host", CROWD + 10,
                                                                  "timeout", 120, NULL);
  g_autofree char *url = g_strconcat (tlk_test_server_url (w.srv), "/api/v1/login", NULL);
  Crowd crowd = { 0 };
  double peak;

  for (guint i = 0; i < CROWD; i++)
    {
      SoupMessage *msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new_static ("{\"user\": \"anne\", \"password\": \"anne-pw\", \"device_id\": \"d\"}",
                                                   strlen ("{\"user\": \"anne\", \"password\": \"anne-pw\", \"device_id\": \"d\"}"));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_crowd_answer, &crowd);
    }
  while (crowd.answered < CROWD)
    g_main_context_iteration (NULL, TRUE);

  peak = tlk_test_server_peak_rss_mib (w.srv);
  g_test_message ("%u sign-ins at once: %u signed in, %u told to come back, %u other; server peak RSS %.0f MiB",
                  CROWD, crowd.ok, crowd.busy, crowd.other, peak);
  g_assert_cmpuint (crowd.other, ==, 0);
  g_assert_cmpuint (crowd.ok, >=, 64);
  g_assert_cmpuint (crowd.busy, >=, 1);
  /* Two checks at a time on two cores: 128 MiB above the server's own. */
  g_assert_cmpfloat (peak, <, 64.0 * MAX (1, g_get_num_processors ()) + 150.0);
  tlk_test_server_assert_healthy (w.srv);
  g_free (tlk_test_server_login (w.srv, "anne", "anne-pw", "d"));
}

/* An IPv4 address of this machine that is not loopback, or NULL. */
static char *
outside_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *i = list; i != NULL && found == NULL; i = i->ifa_next)
    if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET)
      {
        g_autoptr(GSocketAddress) a = g_socket_address_new_from_native (i->ifa_addr, sizeof (struct sockaddr_in));
        GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (a));

        if (!g_inet_address_get_is_loopback (inet))
          found = g_inet_address_to_string (inet);
      }
  freeifaddrs (list);
  return found;
}

static void
test_metrics_only_local (void)
{
  static const char *const args[] = { "--listen", "0.0.0.0:0", NULL };
  g_autofree char *address = outside_address ();
  g_autoptr(TlkTestServer) srv = NULL;
  g_autofree char *base = NULL;
  const char *const paths[] = { "/metrics", "/healthz" };
  const guint expected[] = { 403, 200 };

  if (address == NULL)
    {
      g_test_skip ("this machine has no IPv4 address but loopback to connect from");
      return;
    }
  srv = tlk_test_server_start_with (args);
  base = g_strdup_printf ("http://%s:%u", address, tlk_test_server_port (srv));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strconcat (base, paths[i], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;

      body = soup_session_send_and_read (tlk_test_server_session (srv), msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, expected[i]);
    }
}

/* ---- stopping ---------------------------------------------------------- */

static void
test_sigterm (void)
{
  g_autoptr(TlkTestServer) srv = tlk_test_server_start ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GString) rest = g_string_new (NULL);
  static const char body[] = "{\"user\": \"jens\", \"password\": \"jens-pw\", \"device_id\": \"car-1\"}";
  g_autofree char *head = g_strdup_printf ("POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Expect: 100-continue\r\nContent-Length: %zu\r\n\r\n",
                                           strlen (body));
  char buf[4096];
  gssize n;
  guint status = 0;

  tlk_test_server_add_user (srv, "jens", "driver", "jens-pw");

  /* A request in flight: the server has its headers (it said 100
   * Continue) and waits for the body. */
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) tlk_test_server_port (srv), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), head, strlen (head), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "HTTP/1.1 100 Continue\r");

  /* SIGTERM: new requests are refused (once the server has taken the
   * signal from its main loop)… */
  tlk_test_server_send_signal (srv, SIGTERM);
  for (guint i = 0; i < 100 && status != 503; i++)
    {
      JsonNode *answer = tlk_test_server_request (srv, "GET", "/api/v1/my-citizens", NULL, NULL, &status);

      if (status == 503)
        tlk_test_assert_error (answer, status, 503, "shutting_down", "stopping");
      else
        {
          tlk_test_assert_error (answer, status, 401, "unauthorized", NULL);
          g_usleep (G_USEC_PER_SEC / 50);
        }
    }
  g_assert_cmpuint (status, ==, 503);

  /* …the one in flight is answered… */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), body, strlen (body), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, NULL, &error)) > 0)
    g_string_append_len (rest, buf, n);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (rest->str, "HTTP/1.1 200 OK"));
  g_assert_nonnull (strstr (rest->str, "\"token\""));

  /* …and the server exits 0 by itself, its database intact. */
  tlk_test_server_wait_exit (srv);
  check = tlk_test_sql_text (tlk_test_server_db_path (srv), "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (srv), "SELECT COUNT(*) FROM tokens"), ==, 1);
}

static void
test_restart_keeps_accounts (void)
{
  g_autoptr(TlkTestServer) srv = tlk_test_server_start ();
  g_autofree char *token = NULL;
  g_autofree char *check = NULL;
  guint port = tlk_test_server_port (srv);

  tlk_test_server_add_user (srv, "mette", "warehouse", "pw");
  token = tlk_test_server_login (srv, "mette", "pw", "pc");
  tlk_test_server_kill9 (srv);
  check = tlk_test_sql_text (tlk_test_server_db_path (srv), "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  tlk_test_server_restart (srv);
  g_assert_cmpuint (tlk_test_server_port (srv), ==, port);
  /* The token was answered, so it was committed. */
  {
    guint status = 0;
    g_autoptr(JsonNode) answer = tlk_test_server_request (srv, "GET", "/api/v1/my-citizens", token, NULL, &status);
    g_assert_cmpuint (status, ==, 403);
  }
}

/* ---- telekit-server user … --------------------------------------------- */

static void
assert_cli_refused (int         status,
                    const char *out,
                    const char *err,
                    const char *fragment)
{
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "telekit-server: "));
  /* One line. */
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
  if (strstr (err, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", err, fragment);
}

static void
test_user_commands (void)
{
  g_autoptr(TlkTestServer) srv = tlk_test_server_start ();
  g_autofree char *empty = g_build_filename (tlk_test_server_dir (srv), "empty", NULL);
  g_autofree char *pw = g_build_filename (tlk_test_server_dir (srv), "pw", NULL);
  g_autofree char *payload = NULL;
  g_autoptr(GError) error = NULL;
  struct
  {
    const char *args[8];
    const char *fragment;
  } refusals[] = {
    { { "user", "add", "lis", "--role", "driver", "--password-file", NULL }, "empty" },
    { { "user", "add", "lis", "--password-file", NULL }, "role" },
    { { "user", "add", "lis", "--role", "chauffeur", "--password-file", NULL }, "Unknown role" },
    { { "user", "add", "lis", "--role", "driver", NULL }, "No password" },
    { { "user", "add", "lis jensen", "--role", "driver", "--password-file", NULL }, "user name" },
    { { "user", "add", "mette", "--role", "driver", "--password-file", NULL }, "already" },
    { { "user", "passwd", "nobody", "--password-file", NULL }, "no account" },
    { { "user", "revoke", "nobody", NULL }, "no account" },
    { { "user", "remove", "mette", NULL }, "add|passwd|revoke" },
    { { "user", "passwd", "mette", "--role", "admin", NULL }, "--role" },
    { { "serve", NULL }, "Unknown command" },
  };

  g_file_set_contents (empty, "\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (pw, "pw\n", -1, &error);
  g_assert_no_error (error);
  tlk_test_server_add_user (srv, "mette", "warehouse", "pw");

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      for (guint a = 0; refusals[i].args[a] != NULL; a++)
        {
          g_ptr_array_add (argv, (gpointer) refusals[i].args[a]);
          if (strcmp (refusals[i].args[a], "--password-file") == 0)
            g_ptr_array_add (argv, i == 0 ? empty : pw);
        }
      while (argv->len < 8)
        g_ptr_array_add (argv, NULL);
      status = tlk_test_server_run_cli (srv, &out, &err, argv->pdata[0], argv->pdata[1], argv->pdata[2],
                                        argv->pdata[3], argv->pdata[4], argv->pdata[5], argv->pdata[6],
                                        argv->pdata[7], NULL);
      g_test_message ("%s", err);
      assert_cli_refused (status, out, err, refusals[i].fragment);
    }
  /* Nothing of it was written: one account, one user. */
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (srv), "SELECT COUNT(*) FROM accounts"), ==, 1);
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (srv), "SELECT COUNT(*) FROM users"), ==, 1);

  /* user add wrote the user.defined event every computer learns it by. */
  payload = tlk_test_sql_text (tlk_test_server_db_path (srv),
                               "SELECT payload FROM events WHERE type = 'user.defined' AND subject = 'mette'");
  g_assert_nonnull (strstr (payload, "\"role\":\"warehouse\""));
  /* With its server_seq at once, so clients pull it. */
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (srv),
                                     "SELECT server_seq FROM events WHERE type = 'user.defined' AND subject = 'mette'"),
                   >, 0);
  g_assert_cmpint (tlk_test_sql_int (tlk_test_server_db_path (srv), "SELECT COUNT(*) FROM events"), ==, 1);
  tlk_test_server_assert_healthy (srv);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/routes-by-role", test_routes_by_role);
  g_test_add_func ("/server/not-found-and-method", test_not_found_and_method);
  g_test_add_func ("/server/login", test_login);
  g_test_add_func ("/server/login-crowd", test_login_crowd);
  g_test_add_func ("/server/logout", test_logout);
  g_test_add_func ("/server/revoke", test_revoke);
  g_test_add_func ("/server/new-password", test_new_password);
  g_test_add_func ("/server/expired-token", test_expired_token);
  g_test_add_func ("/server/driver-scope", test_driver_scope);
  g_test_add_func ("/server/access-log", test_access_log);
  g_test_add_func ("/server/bad-input", test_bad_input);
  g_test_add_func ("/server/body-limit", test_body_limit);
  g_test_add_func ("/server/metrics", test_metrics);
  g_test_add_func ("/server/metrics-only-local", test_metrics_only_local);
  g_test_add_func ("/server/sigterm", test_sigterm);
  g_test_add_func ("/server/restart", test_restart_keeps_accounts);
  g_test_add_func ("/server/user-commands", test_user_commands);

  world_set_up ();
  status = g_test_run ();
  world_tear_down ();
  return status;
}
