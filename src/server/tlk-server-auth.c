/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "tlk-role.h"
#include "tlk-server-routes.h"

/*
 * Accounts and bearer tokens (DESIGN §5, PROTOCOL.md "Authentication"):
 * passwords hashed with Argon2id, tokens of 32 random bytes of which the
 * server keeps only the SHA-256, expiring and revocable.
 */

gboolean
tlk_server_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL || (len = strlen (name)) == 0 || len > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

char *
tlk_server_hash_password (const char *password,
                          GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*password == '\0')
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_PASSWORD, "The password is empty.");
      return NULL;
    }
  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_PASSWORD,
                           "The password could not be hashed (out of memory).");
      return NULL;
    }
  return g_strdup (hash);
}

char *
tlk_server_token_new (void)
{
  unsigned char bytes[32];
  char text[sodium_base64_ENCODED_LEN (sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}

char *
tlk_server_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

const char *
tlk_auth_result_message (TlkAuthResult result)
{
  switch (result)
    {
    case TLK_AUTH_MISSING:
      return "Sign in first: this request needs a token.";
    case TLK_AUTH_UNKNOWN:
      return "The sign-in is not known here. Sign in again.";
    case TLK_AUTH_EXPIRED:
      return "The sign-in has expired. Sign in again.";
    case TLK_AUTH_REVOKED:
      return "The sign-in has been ended (signed out or revoked). Sign in again.";
    case TLK_AUTH_NO_USER:
      return "The user of this sign-in is not defined any more.";
    case TLK_AUTH_OK:
    case TLK_AUTH_STORE_FAILED:
    default:
      g_return_val_if_reached (NULL);
    }
}

TlkAuthResult
tlk_server_authenticate (TlkServer          *self,
                         SoupServerMessage  *msg,
                         TlkTokenInfo      **info,
                         char              **token_hash,
                         GError            **error)
{
  const char *header;
  const char *token;
  g_autoptr(TlkTokenInfo) found = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (TLK_IS_SERVER (self), TLK_AUTH_STORE_FAILED);
  g_return_val_if_fail (info != NULL && token_hash != NULL, TLK_AUTH_STORE_FAILED);

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (header == NULL)
    return TLK_AUTH_MISSING;
  if (g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return TLK_AUTH_UNKNOWN;
  token = header + 7;
  while (*token == ' ')
    token++;
  if (*token == '\0')
    return TLK_AUTH_MISSING;

  hash = tlk_server_token_hash (token);
  found = tlk_store_token_lookup (tlk_server_get_store (self), hash, error);
  if (found == NULL)
    return error != NULL && *error != NULL ? TLK_AUTH_STORE_FAILED : TLK_AUTH_UNKNOWN;
  if (found->revoked_at != NULL)
    return TLK_AUTH_REVOKED;
  now = tlk_server_time_iso (0);
  if (strcmp (found->expires_at, now) <= 0)
    return TLK_AUTH_EXPIRED;
  if (found->role == NULL)
    return TLK_AUTH_NO_USER;

  *info = g_steal_pointer (&found);
  *token_hash = g_steal_pointer (&hash);
  return TLK_AUTH_OK;
}

/* ---- POST /api/v1/login ------------------------------------------------ */

/* Checking a password takes tens of milliseconds and 64 MiB on purpose:
 * done in a thread while the request is paused, the server answers others
 * meanwhile. At most one check per core runs at once (fifty computers
 * signing in together would otherwise take gigabytes), and when too many
 * wait the newest are told to come back later. The cap is per process, as
 * the memory is, so the pool is too. */
#define MAX_WAITING_LOGINS 64
typedef struct
{
  TlkServer         *server;
  SoupServerMessage *msg;
  char              *user;
  char              *password;
  char              *device_id;
  char              *hash;      /* NULL: no such account */
  gboolean           verified;
} Login;

static void
login_free (Login *login)
{
  g_object_unref (login->server);
  g_object_unref (login->msg);
  g_free (login->user);
  sodium_memzero (login->password, strlen (login->password));
  g_free (login->password);
  g_free (login->device_id);
  g_free (login->hash);
  g_free (login);
}

static void
check_password (gpointer data,
                gpointer unused_data)
{
  g_autoptr(GTask) task = data;
  Login *login = g_task_get_task_data (task);

  if (login->hash != NULL)
    login->verified = crypto_pwhash_str_verify (login->hash, login->password, strlen (login->password)) == 0;
  else
    {
      /* The same work for an unknown user: the answer's time tells nothing. */
      char unused[crypto_pwhash_STRBYTES];

      if (crypto_pwhash_str (unused, login->password, strlen (login->password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        unused[0] = '\0';
      login->verified = FALSE;
    }
  g_task_return_boolean (task, TRUE);
}

static GThreadPool *
password_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (check_password, NULL, (int) MAX (1, g_get_num_processors ()),
                                                 FALSE, NULL));
  return pool;
}

static JsonNode *
login_answer (const char *token,
              const char *user,
              const char *role,
              const char *expires_at)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
issue_token (TlkServerRequest *req,
             Login            *login)
{
  TlkStore *store = tlk_server_get_store (login->server);
  g_autofree char *role = tlk_store_user_role (store, login->user);
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = tlk_server_time_iso (0);
  g_autofree char *expires_at = tlk_server_time_iso (tlk_server_get_token_lifetime (login->server));
  g_autoptr(GError) error = NULL;

  if (role == NULL)
    {
      tlk_server_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                              tlk_auth_result_message (TLK_AUTH_NO_USER));
      return;
    }
  token = tlk_server_token_new ();
  hash = tlk_server_token_hash (token);
  if (!tlk_store_token_add (store, hash, login->user, login->device_id, now, expires_at, &error))
    {
      tlk_server_reply_internal (req, error);
      return;
    }
  tlk_server_reply (req, SOUP_STATUS_OK, login_answer (token, login->user, role, expires_at));
}

static void
on_password_checked (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Login *login = g_task_get_task_data (G_TASK (result));
  TlkServerRequest req = { login->server, login->msg, "/api/v1/login", NULL, NULL, NULL, NULL, NULL };

  if (login->verified)
    issue_token (&req, login);
  else
    tlk_server_reply_error (&req, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "Wrong user name or password.");
  tlk_server_resume (login->server, login->msg);
}

void
tlk_server_auth_login (TlkServerRequest *req)
{
  const char *user = json_object_get_string_member (req->body, "user");
  const char *password = json_object_get_string_member (req->body, "password");
  const char *device_id = json_object_get_string_member (req->body, "device_id");
  g_autoptr(GError) error = NULL;
  GTask *task;
  g_autofree char *hash = NULL;
  Login *login;

  if (g_thread_pool_unprocessed (password_pool ()) >= MAX_WAITING_LOGINS)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", "2");
      tlk_server_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                              "Too many sign-ins at once; try again in a moment.");
      return;
    }
  if (!tlk_server_name_is_valid (device_id))
    {
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed",
                              "The member “device_id” must be 1 to 64 letters, digits, “-”, “_” or “.”.");
      return;
    }
  if (tlk_server_name_is_valid (user))
    {
      hash = tlk_store_account_password (tlk_server_get_store (req->server), user, &error);
      if (error != NULL)
        {
          tlk_server_reply_internal (req, error);
          return;
        }
    }

  login = g_new0 (Login, 1);
  login->server = g_object_ref (req->server);
  login->msg = g_object_ref (req->msg);
  login->user = g_strdup (user);
  login->password = g_strdup (password);
  login->device_id = g_strdup (device_id);
  login->hash = g_steal_pointer (&hash);

  tlk_server_pause (req);
  task = g_task_new (NULL, NULL, on_password_checked, NULL);
  g_task_set_source_tag (task, tlk_server_auth_login);
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);
  g_thread_pool_push (password_pool (), task, NULL);
}

/* ---- POST /api/v1/logout ----------------------------------------------- */

void
tlk_server_auth_logout (TlkServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = tlk_server_time_iso (0);

  if (!tlk_store_token_revoke (tlk_server_get_store (req->server), tlk_server_request_token_hash (req), now, &error))
    {
      tlk_server_reply_internal (req, error);
      return;
    }
  tlk_server_reply (req, SOUP_STATUS_OK, json_node_init_object (json_node_alloc (), json_object_new ()));
}

/* ---- POST /api/v1/revoke (admin) --------------------------------------- */

void
tlk_server_auth_revoke (TlkServerRequest *req)
{
  TlkStore *store = tlk_server_get_store (req->server);
  const char *user = json_object_get_string_member (req->body, "user");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *now = tlk_server_time_iso (0);
  guint n_revoked = 0;

  if (!tlk_role_may_revoke (req->role))
    {
      tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", "Only an admin may end other users’ sign-ins.");
      return;
    }
  if (!tlk_server_name_is_valid (user) || !tlk_store_account_exists (store, user))
    {
      g_autofree char *message = g_strdup_printf ("There is no account “%s”.", user);

      tlk_server_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", message);
      return;
    }
  if (!tlk_store_tokens_revoke_user (store, user, now, &n_revoked, &error))
    {
      tlk_server_reply_internal (req, error);
      return;
    }
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "revoked");
  json_builder_add_int_value (b, n_revoked);
  json_builder_end_object (b);
  tlk_server_reply (req, SOUP_STATUS_OK, json_builder_get_root (b));
}
