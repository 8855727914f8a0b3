/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "tlk-role.h"
#include "tlk-server-routes.h"

/*
 * The server's pure parts without a server: who may see personal data
 * (every role), passwords, tokens and names.
 */

static void
test_citizen_access_by_role (void)
{
  static const struct
  {
    const char      *role;
    gboolean         known;
    TlkCitizenAccess read;
    gboolean         change;
    gboolean         revoke;
  } table[] = {
    { "warehouse", TRUE, TLK_CITIZEN_ACCESS_NONE, FALSE, FALSE },
    { "driver", TRUE, TLK_CITIZEN_ACCESS_OWN_STOPS, FALSE, FALSE },
    { "coordinator", TRUE, TLK_CITIZEN_ACCESS_ALL, TRUE, FALSE },
    { "admin", TRUE, TLK_CITIZEN_ACCESS_ALL, TRUE, TRUE },
    { "Admin", FALSE, TLK_CITIZEN_ACCESS_NONE, FALSE, FALSE },
    { "", FALSE, TLK_CITIZEN_ACCESS_NONE, FALSE, FALSE },
    { NULL, FALSE, TLK_CITIZEN_ACCESS_NONE, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_test_message ("role %s", table[i].role);
      g_assert_cmpint (tlk_role_is_valid (table[i].role), ==, table[i].known);
      g_assert_cmpint (tlk_role_citizen_access (table[i].role), ==, table[i].read);
      g_assert_cmpint (tlk_role_may_change_citizens (table[i].role), ==, table[i].change);
      g_assert_cmpint (tlk_role_may_revoke (table[i].role), ==, table[i].revoke);
    }
}

static void
test_password_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = tlk_server_hash_password ("Sommer 2026", &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "Sommer 2026", strlen ("Sommer 2026")), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "sommer 2026", strlen ("sommer 2026")), !=, 0);
  /* Salted: the same password twice gives two hashes. */
  again = tlk_server_hash_password ("Sommer 2026", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, again);

  g_assert_null (tlk_server_hash_password ("", &error));
  g_assert_error (error, TLK_SERVER_ERROR, TLK_SERVER_ERROR_PASSWORD);
}

static void
test_tokens (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpint (sodium_init (), >=, 0);
  for (guint i = 0; i < 1000; i++)
    {
      char *token = tlk_server_token_new ();
      g_autofree char *hash = tlk_server_token_hash (token);

      /* 32 bytes in base64url without padding. */
      g_assert_cmpuint (strlen (token), ==, 43);
      g_assert_cmpuint (strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), ==, 43);
      g_assert_cmpuint (strlen (hash), ==, 64);
      g_assert_false (g_hash_table_contains (seen, token));
      g_hash_table_add (seen, token);
    }
  {
    g_autofree char *hash = tlk_server_token_hash ("abc");
    g_assert_cmpstr (hash, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

static void
test_names (void)
{
  static const struct
  {
    const char *name;
    gboolean    valid;
  } table[] = {
    { "anne", TRUE },
    { "a.b-c_d9", TRUE },
    { "6f1c9a52-3c1e-4c1e-9a52-3c1e4c1e9a52", TRUE },
    { "", FALSE },
    { "anne holm", FALSE },
    { "anne/holm", FALSE },
    { "æble", FALSE },
    { "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", TRUE },
    { "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpint (tlk_server_name_is_valid (table[i].name), ==, table[i].valid);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-units/citizen-access", test_citizen_access_by_role);
  g_test_add_func ("/server-units/password-hash", test_password_hash);
  g_test_add_func ("/server-units/tokens", test_tokens);
  g_test_add_func ("/server-units/names", test_names);
  return g_test_run ();
}
