/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-store.h"
#include "tlk-sync-client.h"

G_BEGIN_DECLS

/*
 * One computer of a sync test: its own database and a real sync client,
 * signing in as @user with @password on its first sync.
 */
typedef struct
{
  TlkStore      *store;
  TlkSyncClient *client;
  char          *user;
  char          *password;
} TlkTestComputer;

/* A computer with the database @path talking to @url. */
TlkTestComputer *tlk_test_computer_new     (const char      *path,
                                            const char      *url,
                                            const char      *user,
                                            const char      *password);
void             tlk_test_computer_free    (TlkTestComputer *c);
/* One sync (signing in first if need be); FALSE with the reason in
 * @error when it failed. */
gboolean         tlk_test_computer_sync    (TlkTestComputer *c,
                                            GError         **error);
/* The same, asserted to succeed. */
void             tlk_test_computer_sync_ok (TlkTestComputer *c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkTestComputer, tlk_test_computer_free)

G_END_DECLS
