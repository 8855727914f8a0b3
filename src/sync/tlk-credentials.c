/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-sync"

#include "config.h"

#include "tlk-credentials.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "dk.telekit.Telekit.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

/* The keyring is not for tests and kiosks that say so. */
static gboolean
keyring_allowed (void)
{
  return g_getenv ("TELEKIT_NO_KEYRING") == NULL;
}

static char *
tokens_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "telekit", "tokens", NULL);
}

static GKeyFile *
load_tokens (void)
{
  g_autofree char *path = tokens_path ();
  GKeyFile *file = g_key_file_new ();

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  return file;
}

static gboolean
save_tokens (GKeyFile *file,
             GError  **error)
{
  g_autofree char *path = tokens_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("Cannot create the folder %s: %s"), dir,
                   g_strerror (errno));
      return FALSE;
    }
  data = g_key_file_to_data (file, &length, NULL);
  return g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
tlk_credentials_store_token (const char          *server_url,
                             const char          *user,
                             const char          *token,
                             TlkCredentialsPlace *place,
                             GError             **error)
{
  g_autoptr(GKeyFile) file = NULL;

  g_return_val_if_fail (server_url != NULL && user != NULL && token != NULL, FALSE);

  if (keyring_allowed ())
    {
      g_autofree char *label = g_strdup_printf (_("Telekit sign-in for %s at %s"), user, server_url);

      if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token, NULL, NULL,
                                      "server", server_url, "user", user, NULL))
        {
          if (place != NULL)
            *place = TLK_CREDENTIALS_KEYRING;
          return TRUE;
        }
    }

  file = load_tokens ();
  g_key_file_set_string (file, server_url, user, token);
  if (!save_tokens (file, error))
    return FALSE;
  if (place != NULL)
    *place = TLK_CREDENTIALS_FILE;
  return TRUE;
}

char *
tlk_credentials_lookup_token (const char *server_url,
                              const char *user)
{
  g_autoptr(GKeyFile) file = NULL;

  g_return_val_if_fail (server_url != NULL && user != NULL, NULL);

  if (keyring_allowed ())
    {
      char *secret = secret_password_lookup_sync (token_schema (), NULL, NULL, "server", server_url, "user", user,
                                                  NULL);
      if (secret != NULL)
        {
          char *token = g_strdup (secret);

          secret_password_free (secret);
          return token;
        }
    }
  file = load_tokens ();
  return g_key_file_get_string (file, server_url, user, NULL);
}

void
tlk_credentials_clear_token (const char *server_url,
                             const char *user)
{
  g_autoptr(GKeyFile) file = NULL;

  g_return_if_fail (server_url != NULL && user != NULL);

  if (keyring_allowed ())
    secret_password_clear_sync (token_schema (), NULL, NULL, "server", server_url, "user", user, NULL);
  file = load_tokens ();
  if (g_key_file_remove_key (file, server_url, user, NULL))
    save_tokens (file, NULL);
}
