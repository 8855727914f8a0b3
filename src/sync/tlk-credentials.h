/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the server sign-in token is kept: in the keyring (Secret Service,
 * via libsecret) when one answers, else in a file only this user can read
 * ($XDG_CONFIG_HOME/telekit/tokens, mode 0600). The password itself is never
 * kept. */

typedef enum
{
  TLK_CREDENTIALS_KEYRING,
  TLK_CREDENTIALS_FILE,
} TlkCredentialsPlace;

gboolean tlk_credentials_store_token  (const char          *server_url,
                                       const char          *user,
                                       const char          *token,
                                       TlkCredentialsPlace *place,
                                       GError             **error);
/* NULL when none is kept. */
char    *tlk_credentials_lookup_token (const char          *server_url,
                                       const char          *user);
void     tlk_credentials_clear_token  (const char          *server_url,
                                       const char          *user);

G_END_DECLS
