/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-sync"

#include "config.h"

#include "tlk-sync-client.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

G_DEFINE_QUARK (tlk-sync-error-quark, tlk_sync_error)

struct _TlkSyncClient
{
  SoupSession *session;
  char        *base_url;
  char        *token;
  char        *role;
  char        *user;
};

gboolean
tlk_sync_error_is_transient (const GError *error)
{
  return error != NULL && error->domain == TLK_SYNC_ERROR &&
         (error->code == TLK_SYNC_ERROR_NETWORK || error->code == TLK_SYNC_ERROR_SERVER);
}

TlkSyncClient *
tlk_sync_client_new (const char *base_url,
                     const char *ca_file,
                     GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  TlkSyncClient *client;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL,
                   _("“%s” is not a server address; write it like https://telekit.example.dk"), base_url);
      return NULL;
    }

  client = g_new0 (TlkSyncClient, 1);
  /* Pushes and pulls are small and the server answers at once; a request
   * that hangs longer than this is a broken connection. */
  client->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60, NULL);
  soup_session_set_user_agent (client->session, "telekit/" PACKAGE_VERSION);
  client->base_url = g_strdup (base_url);
  while (g_str_has_suffix (client->base_url, "/"))
    client->base_url[strlen (client->base_url) - 1] = '\0';

  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca_file, error);

      if (db == NULL)
        {
          tlk_sync_client_free (client);
          return NULL;
        }
      soup_session_set_tls_database (client->session, db);
    }
  return client;
}

void
tlk_sync_client_free (TlkSyncClient *client)
{
  if (client == NULL)
    return;
  g_clear_object (&client->session);
  g_free (client->base_url);
  g_free (client->token);
  g_free (client->role);
  g_free (client->user);
  g_free (client);
}

void
tlk_sync_client_set_token (TlkSyncClient *client,
                           const char    *token)
{
  g_return_if_fail (client != NULL);
  g_free (client->token);
  client->token = g_strdup (token);
}

const char *
tlk_sync_client_get_token (TlkSyncClient *client)
{
  g_return_val_if_fail (client != NULL, NULL);
  return client->token;
}

const char *
tlk_sync_client_get_role (TlkSyncClient *client)
{
  g_return_val_if_fail (client != NULL, NULL);
  return client->role;
}

const char *
tlk_sync_client_get_user (TlkSyncClient *client)
{
  g_return_val_if_fail (client != NULL, NULL);
  return client->user;
}

static int
error_code_for_status (guint status)
{
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return TLK_SYNC_ERROR_UNAUTHORIZED;
  if (status == SOUP_STATUS_FORBIDDEN)
    return TLK_SYNC_ERROR_FORBIDDEN;
  if (status >= 500)
    return TLK_SYNC_ERROR_SERVER;
  if (status >= 400)
    return TLK_SYNC_ERROR_REFUSED;
  return TLK_SYNC_ERROR_PROTOCOL;
}

static void
set_status_error (GError   **error,
                  guint      status,
                  JsonNode  *answer)
{
  const char *message = NULL;
  int code = error_code_for_status (status);

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    message = json_object_get_string_member_with_default (json_node_get_object (answer), "message", NULL);
  if (message == NULL)
    message = soup_status_get_phrase (status);

  switch (code)
    {
    case TLK_SYNC_ERROR_UNAUTHORIZED:
      g_set_error (error, TLK_SYNC_ERROR, code, _("The server did not accept the sign-in: %s"), message);
      break;
    case TLK_SYNC_ERROR_FORBIDDEN:
      g_set_error (error, TLK_SYNC_ERROR, code, _("This user may not do that: %s"), message);
      break;
    case TLK_SYNC_ERROR_SERVER:
      g_set_error (error, TLK_SYNC_ERROR, code, _("The server has a problem (%u); trying again later: %s"),
                   status, message);
      break;
    case TLK_SYNC_ERROR_REFUSED:
      g_set_error (error, TLK_SYNC_ERROR, code, _("The server refused the data (%u): %s"), status, message);
      break;
    case TLK_SYNC_ERROR_PROTOCOL:
    default:
      g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL,
                   _("The server gave an unexpected answer (%u): %s"), status, message);
      break;
    }
}

JsonNode *
tlk_sync_client_request (TlkSyncClient *client,
                         const char    *method,
                         const char    *path,
                         JsonNode      *body,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *answer = NULL;
  gsize size = 0;
  const char *data;
  guint status;

  g_return_val_if_fail (client != NULL, NULL);
  g_return_val_if_fail (method != NULL && path != NULL, NULL);

  url = g_strconcat (client->base_url, path, NULL);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL, _("“%s” is not a valid address."), url);
      return NULL;
    }
  if (client->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", client->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      gsize length = 0;
      char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = NULL;

      length = strlen (text);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (client->session, msg, cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_NETWORK,
                     _("The server could not be reached: %s"), local_error->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply, &size);
  parser = json_parser_new ();
  if (size > 0 && json_parser_load_from_data (parser, data, (gssize) size, NULL))
    answer = json_parser_get_root (parser);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      set_status_error (error, status, answer);
      return NULL;
    }
  /* A body that does not parse was cut off on the way (an answer whose end
   * is the connection's end looks whole to HTTP): tried again, like any
   * broken connection. */
  if (answer == NULL)
    {
      g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_NETWORK,
                   _("The server’s answer was cut off; it will be tried again."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer was not complete."));
      return NULL;
    }
  return json_node_copy (answer);
}

gboolean
tlk_sync_client_login (TlkSyncClient *client,
                       const char    *user,
                       const char    *password,
                       const char    *device_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *obj;
  const char *token, *role;

  g_return_val_if_fail (client != NULL, FALSE);
  g_return_val_if_fail (user != NULL && password != NULL && device_id != NULL, FALSE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_set_member_name (b, "device_id");
  json_builder_add_string_value (b, device_id);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  g_clear_pointer (&client->token, g_free);
  answer = tlk_sync_client_request (client, "POST", "/api/v1/login", body, cancellable, error);
  if (answer == NULL)
    return FALSE;
  obj = json_node_get_object (answer);
  token = json_object_get_string_member_with_default (obj, "token", NULL);
  role = json_object_get_string_member_with_default (obj, "role", NULL);
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL, _("The server’s answer was not complete."));
      return FALSE;
    }
  client->token = g_strdup (token);
  g_free (client->role);
  client->role = g_strdup (role);
  g_free (client->user);
  client->user = g_strdup (user);
  return TRUE;
}
