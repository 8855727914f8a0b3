/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tlk-test-computer.h"

#include "tlk-sync.h"

TlkTestComputer *
tlk_test_computer_new (const char *path,
                       const char *url,
                       const char *user,
                       const char *password)
{
  TlkTestComputer *c = g_new0 (TlkTestComputer, 1);
  g_autoptr(GError) error = NULL;

  c->store = tlk_store_open (path, &error);
  g_assert_no_error (error);
  c->client = tlk_sync_client_new (url, NULL, &error);
  g_assert_no_error (error);
  c->user = g_strdup (user);
  c->password = g_strdup (password);
  return c;
}

void
tlk_test_computer_free (TlkTestComputer *c)
{
  if (c == NULL)
    return;
  tlk_sync_client_free (c->client);
  tlk_store_free (c->store);
  g_free (c->user);
  g_free (c->password);
  g_free (c);
}

gboolean
tlk_test_computer_sync (TlkTestComputer *c,
                        GError         **error)
{
  if (tlk_sync_client_get_token (c->client) == NULL &&
      !tlk_sync_client_login (c->client, c->user, c->password, tlk_store_get_device_id (c->store), NULL, error))
    return FALSE;
  return tlk_sync_run (c->store, c->client, NULL, NULL, error);
}

void
tlk_test_computer_sync_ok (TlkTestComputer *c)
{
  g_autoptr(GError) error = NULL;

  tlk_test_computer_sync (c, &error);
  g_assert_no_error (error);
}
