/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "tlk-cut-proxy.h"
#include "tlk-store-sync.h"
#include "tlk-sync.h"
#include "tlk-test-computer.h"
#include "tlk-test-server.h"

/*
 * Sync against the real server on 127.0.0.1 with real client databases:
 * duplicates, lost answers, connections cut at any byte, a killed server,
 * conflicts, and a randomized simulation of all of them (PROTOCOL.md).
 */

#define PASSWORD "correct horse battery staple"

typedef struct
{
  TlkTestServer *server;
  char          *dir;
  GRand         *rand;
} Env;


static void
env_init (Env    *env,
          guint32 seed)
{
  env->dir = g_dir_make_tmp ("tlk-sync-XXXXXX", NULL);
  env->rand = g_rand_new_with_seed (seed);
  env->server = tlk_test_server_start ();
  tlk_test_server_add_user (env->server, "admin", "admin", PASSWORD);
  tlk_test_server_add_user (env->server, "anna", "warehouse", PASSWORD);
  tlk_test_server_add_user (env->server, "bo", "warehouse", PASSWORD);
  tlk_test_server_add_user (env->server, "carla", "coordinator", PASSWORD);
}

static void
env_clear (Env *env)
{
  tlk_test_server_stop (env->server);
  g_rand_free (env->rand);
  tlk_test_rm_rf (env->dir);
  g_free (env->dir);
}

/* A computer with its own database, talking to the server directly or
 * through a proxy on @port (0: directly). */
static TlkTestComputer *
computer_new (Env        *env,
              const char *name,
              const char *user,
              guint16     port)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.db", env->dir, name);
  g_autofree char *url = port ? g_strdup_printf ("http://127.0.0.1:%u", port) : g_strdup (tlk_test_server_url (env->server));

  return tlk_test_computer_new (path, url, user, PASSWORD);
}

/* The first computer loads the demo data and sends it to the server. */
static TlkTestComputer *
seed (Env *env,
      guint n_kits)
{
  TlkTestComputer *c = computer_new (env, "seeder", "admin", 0);
  TlkDemoOptions options = { .n_kits = n_kits, .seed = 7, .max_cycles = 1 };
  g_autoptr(GError) error = NULL;

  g_assert_true (tlk_store_load_demo (c->store, &options, NULL, &error));
  g_assert_no_error (error);
  tlk_test_computer_sync_ok (c);
  g_assert_cmpint (tlk_store_count_pending (c->store), ==, 0);
  return c;
}

static char *
dump (TlkStore *store)
{
  g_autoptr(GError) error = NULL;
  char *text = tlk_store_dump_projections (store, &error);

  g_assert_no_error (error);
  return text;
}

/* The server's database, read beside the running server. */
static TlkStore *
server_store (Env *env)
{
  g_autoptr(GError) error = NULL;
  TlkStore *store = tlk_store_open (tlk_test_server_db_path (env->server), &error);

  g_assert_no_error (error);
  return store;
}

/* Every event of @c is on the server exactly once, with the same
 * server_seq, and @c has nothing pending. */
static void
assert_all_on_server (Env      *env,
                      TlkTestComputer *c)
{
  g_autoptr(TlkStore) server = server_store (env);
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more = TRUE;
  gint64 after = 0;
  g_autoptr(GHashTable) on_server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpint (tlk_store_count_pending (c->store), ==, 0);
  while (more)
    {
      g_autoptr(GPtrArray) page = tlk_store_events_after (server, after, 5000, &more, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        {
          TlkEvent *e = g_ptr_array_index (page, i);
          /* event_id is unique in the table: each is there once. */
          g_assert_true (g_hash_table_insert (on_server, g_strdup (e->event_id), GINT_TO_POINTER ((int) e->server_seq)));
          after = e->server_seq;
        }
    }

  mine = tlk_store_events_after (c->store, 0, G_MAXINT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, (guint) tlk_store_count_events (c->store));
  for (guint i = 0; i < mine->len; i++)
    {
      TlkEvent *e = g_ptr_array_index (mine, i);
      gpointer seq;

      g_assert_true (g_hash_table_lookup_extended (on_server, e->event_id, NULL, &seq));
      g_assert_cmpint (GPOINTER_TO_INT (seq), ==, e->server_seq);
    }
  g_assert_cmpuint (g_hash_table_size (on_server), ==, (guint) tlk_store_count_events (server));
}

static void
assert_converged (Env       *env,
                  TlkTestComputer **computers,
                  guint      n)
{
  g_autoptr(TlkStore) server = server_store (env);
  g_autofree char *truth = dump (server);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *mine = dump (computers[i]->store);

      assert_all_on_server (env, computers[i]);
      g_assert_cmpstr (mine, ==, truth);
    }
}

/* Kits in @state in @c's database. */
static GPtrArray *
kits_in (TlkTestComputer   *c,
         const char *state)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *kits = tlk_store_list_kits (c->store, state, NULL, NULL, &error);

  g_assert_no_error (error);
  return kits;
}

static gboolean
try_event (TlkTestComputer    *c,
           TlkEventType type,
           const char  *kit,
           const char  *field,
           const char  *value)
{
  g_autoptr(TlkEvent) event = tlk_event_new (type, kit, c->user);

  if (field != NULL)
    tlk_event_set_string (event, field, value);
  return tlk_store_append (c->store, event, NULL);
}

/* A warehouse worker's random change to a random kit. */
static void
random_change (Env      *env,
               TlkTestComputer *c)
{
  g_autoptr(GPtrArray) ready = kits_in (c, "ready");
  g_autoptr(GPtrArray) held = kits_in (c, "on_hold");

  if (held->len > 0 && (ready->len == 0 || g_rand_boolean (env->rand)))
    {
      TlkKit *kit = g_ptr_array_index (held, g_rand_int_range (env->rand, 0, held->len));
      try_event (c, TLK_EVENT_KIT_RESUMED, kit->id, NULL, NULL);
    }
  else if (ready->len > 0)
    {
      TlkKit *kit = g_ptr_array_index (ready, g_rand_int_range (env->rand, 0, ready->len));
      g_assert_true (try_event (c, TLK_EVENT_KIT_HELD, kit->id, "reason", "battery check"));
    }
}

/* ---- the same batch twice; an answer lost after the commit ------------- */

static JsonNode *
pending_batch (TlkTestComputer *c)
{
  g_autoptr(GPtrArray) events = tlk_store_pending_events (c->store, 100, NULL);

  return tlk_sync_push_body (tlk_store_get_device_id (c->store), (TlkEvent *const *) events->pdata, events->len);
}

static void
test_push_twice (void)
{
  Env env = { 0 };
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) server = NULL;
  JsonArray *a, *b;
  gint64 before;

  env_init (&env, 1);
  seeder = seed (&env, 12);
  anna = computer_new (&env, "anna", "anna", 0);
  tlk_test_computer_sync_ok (anna);
  for (int i = 0; i < 5; i++)
    random_change (&env, anna);
  g_assert_cmpint (tlk_store_count_pending (anna->store), ==, 5);

  g_assert_true (tlk_sync_client_login (anna->client, "anna", PASSWORD, tlk_store_get_device_id (anna->store),
                                        NULL, &error));
  server = server_store (&env);
  before = tlk_store_count_events (server);
  batch = pending_batch (anna);
  first = tlk_sync_client_request (anna->client, "POST", "/api/v1/events", batch, NULL, &error);
  g_assert_no_error (error);
  second = tlk_sync_client_request (anna->client, "POST", "/api/v1/events", batch, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tlk_store_count_events (server), ==, before + 5);

  a = json_object_get_array_member (json_node_get_object (first), "results");
  b = json_object_get_array_member (json_node_get_object (second), "results");
  g_assert_cmpuint (json_array_get_length (a), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *ra = json_array_get_object_element (a, i);
      JsonObject *rb = json_array_get_object_element (b, i);

      g_assert_cmpstr (json_object_get_string_member (ra, "status"), ==, "applied");
      g_assert_cmpstr (json_object_get_string_member (rb, "status"), ==, "duplicate");
      g_assert_cmpint (json_object_get_int_member (ra, "server_seq"), ==,
                       json_object_get_int_member (rb, "server_seq"));
    }

  /* The client never saw those answers: its next sync sends the same
   * events again, and they are still stored once. */
  tlk_test_computer_sync_ok (anna);
  g_assert_cmpint (tlk_store_count_events (server), ==, before + 5);
  tlk_test_computer_sync_ok (seeder);
  {
    TlkTestComputer *all[] = { seeder, anna };
    assert_converged (&env, all, 2);
  }
  g_clear_pointer (&server, tlk_store_free);
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  env_clear (&env);
}

static void
test_answer_lost (void)
{
  Env env = { 0 };
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  g_autoptr(TlkCutProxy) proxy = NULL;
  g_autoptr(TlkStore) server = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  env_init (&env, 2);
  seeder = seed (&env, 12);
  proxy = tlk_cut_proxy_new (tlk_test_server_port (env.server));
  anna = computer_new (&env, "anna", "anna", tlk_cut_proxy_get_port (proxy));
  tlk_test_computer_sync_ok (anna);
  for (int i = 0; i < 7; i++)
    random_change (&env, anna);

  server = server_store (&env);
  before = tlk_store_count_events (server);
  /* The request reaches the server whole; its answer never comes back. */
  tlk_cut_proxy_set_cut (proxy, 0, TRUE);
  g_assert_false (tlk_test_computer_sync (anna, &error));
  g_assert_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_NETWORK);
  g_assert_true (tlk_sync_error_is_transient (error));
  g_clear_error (&error);
  g_assert_cmpint (tlk_store_count_pending (anna->store), ==, 7);
  g_assert_cmpint (tlk_store_count_events (server), ==, before + 7);
  g_assert_cmpuint (tlk_cut_proxy_get_cuts (proxy), >=, 1);

  tlk_cut_proxy_set_cut (proxy, -1, FALSE);
  tlk_test_computer_sync_ok (anna);
  g_assert_cmpint (tlk_store_count_events (server), ==, before + 7);
  tlk_test_computer_sync_ok (seeder);
  {
    TlkTestComputer *all[] = { seeder, anna };
    assert_converged (&env, all, 2);
  }
  g_clear_pointer (&server, tlk_store_free);
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  g_clear_pointer (&proxy, tlk_cut_proxy_free);
  env_clear (&env);
}

/* ---- connections cut at random bytes, 100 times ------------------------- */

static void
test_cuts (void)
{
  Env env = { 0 };
  guint32 seed_value = g_test_rand_int ();
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  g_autoptr(TlkTestComputer) bo = NULL;
  g_autoptr(TlkCutProxy) proxy = NULL;
  guint failures = 0;

  g_test_message ("seed %u", seed_value);
  env_init (&env, seed_value);
  seeder = seed (&env, 20);
  proxy = tlk_cut_proxy_new (tlk_test_server_port (env.server));
  anna = computer_new (&env, "anna", "anna", tlk_cut_proxy_get_port (proxy));
  bo = computer_new (&env, "bo", "bo", tlk_cut_proxy_get_port (proxy));

  for (int round = 0; round < 100; round++)
    {
      TlkTestComputer *c = round % 2 ? anna : bo;
      g_autoptr(GError) error = NULL;

      for (int i = g_rand_int_range (env.rand, 1, 4); i > 0; i--)
        random_change (&env, c);
      /* Anywhere in the sign-in, the push or the pull (the first pull
       * brings the whole history, about 150 kB; later syncs move 2–5 kB). */
      tlk_cut_proxy_set_cut (proxy, g_rand_int_range (env.rand, 0, round < 10 ? 200000 : 2500), FALSE);
      if (!tlk_test_computer_sync (c, &error))
        {
          g_assert_true (tlk_sync_error_is_transient (error));
          failures++;
        }
    }
  g_test_message ("%u of 100 syncs broken by the proxy", failures);
  g_assert_cmpuint (failures, >, 30);

  tlk_cut_proxy_set_cut (proxy, -1, FALSE);
  tlk_test_computer_sync_ok (anna);
  tlk_test_computer_sync_ok (bo);
  tlk_test_computer_sync_ok (anna);
  tlk_test_computer_sync_ok (seeder);
  {
    TlkTestComputer *all[] = { seeder, anna, bo };
    assert_converged (&env, all, 3);
  }
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&bo, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  g_clear_pointer (&proxy, tlk_cut_proxy_free);
  env_clear (&env);
}

/* ---- one long-lived client, many syncs ------------------------------------ */

static guint
count_sockets (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:"))
        n++;
    }
  return n;
}

/* The app keeps one client for hours and pulls on a thread made for each
 * pull: connections must be reused or closed, never piled up until the
 * session's limit makes a sync wait for ever. */
static void
test_many_syncs (void)
{
  Env env = { 0 };
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  guint before;

  env_init (&env, g_test_rand_int ());
  seeder = seed (&env, 5);
  anna = computer_new (&env, "anna", "anna", 0);
  tlk_test_computer_sync_ok (anna);
  before = count_sockets ();
  for (int round = 0; round < 40; round++)
    {
      random_change (&env, round % 2 ? anna : seeder);
      tlk_test_computer_sync_ok (round % 2 ? anna : seeder);
      tlk_test_computer_sync_ok (anna);
    }
  g_test_message ("client sockets: %u after the first sync, %u after 80 more", before, count_sockets ());
  g_assert_cmpuint (count_sockets (), <=, before + 4);
  {
    TlkTestComputer *all[] = { seeder, anna };

    tlk_test_computer_sync_ok (seeder);
    assert_converged (&env, all, 2);
  }
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  env_clear (&env);
}

/* ---- kill -9 of the server in the middle of a push ---------------------- */

static void
test_server_killed (void)
{
  Env env = { 0 };
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *anna_db = NULL;
  g_autoptr(GPtrArray) ready = NULL;

  env_init (&env, 3);
  seeder = seed (&env, 30);
  anna = computer_new (&env, "anna", "anna", 0);
  tlk_test_computer_sync_ok (anna);

  /* 4,000 pending events: eight pushes of 500. */
  ready = kits_in (anna, "ready");
  g_assert_cmpuint (ready->len, >, 0);
  for (int i = 0; i < 2000; i++)
    {
      TlkKit *kit = g_ptr_array_index (ready, i % ready->len);
      g_assert_true (try_event (anna, TLK_EVENT_KIT_HELD, kit->id, "reason", "check"));
      g_assert_true (try_event (anna, TLK_EVENT_KIT_RESUMED, kit->id, NULL, NULL));
    }
  anna_db = g_strdup (tlk_store_get_path (anna->store));
  g_clear_pointer (&anna, tlk_test_computer_free);

  password_file = g_build_filename (env.dir, "password", NULL);
  g_assert_true (g_file_set_contents (password_file, PASSWORD "\n", -1, NULL));
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("TELEKIT_CLI"), "--db", anna_db, "sync",
                          "--server", tlk_test_server_url (env.server), "--user", "anna",
                          "--password-file", password_file, "--retries", "8", NULL);
  g_assert_no_error (error);

  /* Kill it while the pushes are under way, then bring it back. */
  {
    g_autoptr(TlkStore) watch = NULL;
    gint64 start = g_get_monotonic_time ();

    watch = server_store (&env);
    while (tlk_store_count_events (watch) < 2000 && g_get_monotonic_time () - start < 60 * G_USEC_PER_SEC)
      g_usleep (2000);
    g_assert_cmpint (tlk_store_count_events (watch), <, 8000);
  }
  tlk_test_server_kill9 (env.server);
  {
    /* Nothing the server acknowledged before it died is missing. */
    g_autoptr(TlkStore) client = tlk_store_open (anna_db, &error);
    g_autoptr(TlkStore) server = server_store (&env);
    g_autoptr(GPtrArray) acked = tlk_store_events_after (client, 0, G_MAXINT, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < acked->len; i++)
      {
        TlkEvent *e = g_ptr_array_index (acked, i);
        g_autoptr(GPtrArray) history = tlk_store_history (server, e->subject, &error);
        gboolean found = FALSE;

        for (guint j = 0; j < history->len && !found; j++)
          found = g_strcmp0 (((TlkEvent *) g_ptr_array_index (history, j))->event_id, e->event_id) == 0;
        g_assert_true (found);
      }
    g_test_message ("%u events acknowledged before the kill", acked->len);
  }
  tlk_test_server_restart (env.server);

  g_assert_true (g_subprocess_wait_check (cli, NULL, &error));
  g_assert_no_error (error);

  anna = computer_new (&env, "anna", "anna", 0);
  tlk_test_computer_sync_ok (anna);
  tlk_test_computer_sync_ok (seeder);
  {
    TlkTestComputer *all[] = { seeder, anna };
    assert_converged (&env, all, 2);
  }
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  env_clear (&env);
}

/* ---- two offline computers change the same kit -------------------------- */

static void
test_conflict (void)
{
  Env env = { 0 };
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  g_autoptr(TlkTestComputer) bo = NULL;
  g_autoptr(TlkTestComputer) carla = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) server = NULL;
  g_autoptr(TlkEvent) resolution = NULL;
  g_autofree char *kit_id = NULL;
  g_autofree char *held_id = NULL;
  TlkSyncStats stats = { 0 };
  TlkEvent *conflict;

  env_init (&env, 4);
  seeder = seed (&env, 12);
  anna = computer_new (&env, "anna", "anna", 0);
  bo = computer_new (&env, "bo", "bo", 0);
  carla = computer_new (&env, "carla", "carla", 0);
  tlk_test_computer_sync_ok (anna);
  tlk_test_computer_sync_ok (bo);
  tlk_test_computer_sync_ok (carla);

  /* Offline, Anna and Bo both put the same kit on hold, for different
   * reasons: only one hold can stand. */
  ready = kits_in (anna, "ready");
  kit_id = g_strdup (((TlkKit *) g_ptr_array_index (ready, 0))->id);
  g_assert_true (try_event (anna, TLK_EVENT_KIT_HELD, kit_id, "reason", "cracked case"));
  {
    g_autoptr(TlkEvent) held = tlk_event_new (TLK_EVENT_KIT_HELD, kit_id, "bo");
    tlk_event_set_string (held, "reason", "waiting for a cable");
    g_assert_true (tlk_store_append (bo->store, held, &error));
    held_id = g_strdup (held->event_id);
  }

  tlk_test_computer_sync_ok (anna);
  g_assert_true (tlk_sync_client_login (bo->client, "bo", PASSWORD, tlk_store_get_device_id (bo->store), NULL,
                                        &error));
  g_assert_true (tlk_sync_run (bo->store, bo->client, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.conflicts, ==, 1);

  /* Both are on the server; Bo's is kept, not applied; nothing was
   * overwritten: Anna's hold stands, at Bo's too. */
  server = server_store (&env);
  {
    g_autoptr(GPtrArray) history = tlk_store_history (server, kit_id, &error);
    TlkEvent *last = g_ptr_array_index (history, history->len - 1);
    TlkEvent *before = g_ptr_array_index (history, history->len - 2);
    g_autoptr(TlkKit) kit = tlk_store_load (server, TLK_SUBJECT_KIT, kit_id);
    g_autoptr(TlkKit) at_bo = tlk_store_load (bo->store, TLK_SUBJECT_KIT, kit_id);

    g_assert_cmpint (before->type, ==, TLK_EVENT_KIT_HELD);
    g_assert_cmpstr (tlk_event_get_string (before, "reason"), ==, "cracked case");
    g_assert_null (before->conflict);
    g_assert_cmpint (last->type, ==, TLK_EVENT_KIT_HELD);
    g_assert_cmpstr (last->event_id, ==, held_id);
    g_assert_nonnull (last->conflict);
    g_assert_cmpint (kit->state, ==, TLK_KIT_ON_HOLD);
    g_assert_cmpint (at_bo->state, ==, TLK_KIT_ON_HOLD);
  }

  /* The coordinator sees it in her list and resolves it. */
  tlk_test_computer_sync_ok (carla);
  conflicts = tlk_store_open_conflicts (carla->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->event_id, ==, held_id);
  g_assert_cmpstr (conflict->actor, ==, "bo");
  g_test_message ("conflict: %s", conflict->conflict);
  g_assert_true (strstr (conflict->conflict, "hold") != NULL);

  resolution = tlk_event_new (TLK_EVENT_CONFLICT_RESOLVED, held_id, "carla");
  tlk_event_set_string (resolution, "decision", "dismissed");
  g_assert_true (tlk_store_append (carla->store, resolution, &error));
  g_assert_no_error (error);
  tlk_test_computer_sync_ok (carla);
  tlk_test_computer_sync_ok (anna);
  tlk_test_computer_sync_ok (bo);
  tlk_test_computer_sync_ok (seeder);
  {
    TlkTestComputer *all[] = { seeder, anna, bo, carla };
    assert_converged (&env, all, 4);
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_autoptr(GPtrArray) open = tlk_store_open_conflicts (all[i]->store, &error);
        g_assert_cmpuint (open->len, ==, 0);
      }
  }
  /* A second resolution of the same conflict is refused here already. */
  {
    g_autoptr(TlkEvent) again = tlk_event_new (TLK_EVENT_CONFLICT_RESOLVED, held_id, "carla");
    tlk_event_set_string (again, "decision", "dismissed");
    g_assert_false (tlk_store_append (carla->store, again, &error));
    g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS);
    g_clear_error (&error);
  }

  g_clear_pointer (&server, tlk_store_free);
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&bo, tlk_test_computer_free);
  g_clear_pointer (&carla, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  env_clear (&env);
}

/* ---- bad pushes: refused with a reason, nothing stored, still serving ---- */

static void
push_refused (Env        *env,
              const char *token,
              const char *body,
              guint       expected_status,
              const char *word,
              const char *fragment)
{
  g_autoptr(TlkStore) server = server_store (env);
  gint64 before = tlk_store_count_events (server);
  guint status = 0;
  JsonNode *answer = tlk_test_server_request (env->server, "POST", "/api/v1/events", token, body, &status);

  tlk_test_assert_error (answer, status, expected_status, word, fragment);
  g_assert_cmpint (tlk_store_count_events (server), ==, before);
  tlk_test_server_assert_healthy (env->server);
}

static void
test_bad_pushes (void)
{
  Env env = { 0 };
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autoptr(TlkTestComputer) anna = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *device = NULL;
  g_autofree char *body = NULL;
  g_autofree char *kit = NULL;
  TlkEvent *first;

  env_init (&env, 5);
  seeder = seed (&env, 6);
  anna = computer_new (&env, "anna", "anna", 0);
  tlk_test_computer_sync_ok (anna);
  device = g_strdup (tlk_store_get_device_id (anna->store));
  token = tlk_test_server_login (env.server, "anna", PASSWORD, device);
  {
    g_autoptr(GPtrArray) ready = kits_in (anna, "ready");
    kit = g_strdup (((TlkKit *) g_ptr_array_index (ready, 0))->id);
  }

#define EVENT(id, type, payload) \
  "{\"event_id\": \"" id "\", \"device_id\": \"%s\", \"device_seq\": 900, \"type\": \"" type "\"," \
  " \"subject\": \"%s\", \"actor\": \"anna\", \"occurred_at\": \"2026-11-22T10:00:00Z\", \"payload\": " payload "}"

  /* An event type outside the closed set. */
  body = g_strdup_printf ("{\"device_id\": \"%s\", \"events\": [" EVENT ("5d0f3f53-63a4-4c1b-9d0e-2f0a9b3c1d11",
                          "kit.teleported", "{}") "]}", device, device, kit);
  push_refused (&env, token, body, 400, "malformed", "kit.teleported");
  g_clear_pointer (&body, g_free);

  /* A payload field of the wrong type. */
  body = g_strdup_printf ("{\"device_id\": \"%s\", \"events\": [" EVENT ("5d0f3f53-63a4-4c1b-9d0e-2f0a9b3c1d12",
                          "kit.held", "{\"reason\": 42}") "]}", device, device, kit);
  push_refused (&env, token, body, 400, "malformed", "reason");
  g_clear_pointer (&body, g_free);

  /* A number only the server gives. */
  body = g_strdup_printf ("{\"device_id\": \"%s\", \"events\": [{\"event_id\": \"5d0f3f53-63a4-4c1b-9d0e-2f0a9b3c1d13\","
                          " \"device_id\": \"%s\", \"device_seq\": 900, \"type\": \"kit.resumed\", \"subject\": \"%s\","
                          " \"actor\": \"anna\", \"occurred_at\": \"2026-11-22T10:00:00Z\", \"server_seq\": 7,"
                          " \"payload\": {}}]}", device, device, kit);
  push_refused (&env, token, body, 400, "malformed", "server_seq");
  g_clear_pointer (&body, g_free);

  /* Another computer's events. */
  body = g_strdup_printf ("{\"device_id\": \"%s\", \"events\": [" EVENT ("5d0f3f53-63a4-4c1b-9d0e-2f0a9b3c1d14",
                          "kit.resumed", "{}") "]}", device, "someone-else", kit);
  push_refused (&env, token, body, 403, "forbidden", NULL);
  g_clear_pointer (&body, g_free);

  /* A warehouse account may not take orders. */
  body = g_strdup_printf ("{\"device_id\": \"%s\", \"events\": [{\"event_id\": \"5d0f3f53-63a4-4c1b-9d0e-2f0a9b3c1d15\","
                          " \"device_id\": \"%s\", \"device_seq\": 900, \"type\": \"order.cancelled\","
                          " \"subject\": \"o-1\", \"actor\": \"anna\", \"occurred_at\": \"2026-11-22T10:00:00Z\","
                          " \"payload\": {}}]}", device, device);
  push_refused (&env, token, body, 403, "forbidden", "order.cancelled");
  g_clear_pointer (&body, g_free);

  /* An event id the server has, with other content: 409, and the valid
   * event beside it in the batch is not stored either. */
  stored = tlk_store_events_after (seeder->store, 0, 1, NULL, &error);
  first = g_ptr_array_index (stored, 0);
  body = g_strdup_printf ("{\"device_id\": \"%s\", \"events\": [" EVENT ("5d0f3f53-63a4-4c1b-9d0e-2f0a9b3c1d16",
                          "kit.held", "{\"reason\": \"fine\"}") ", {\"event_id\": \"%s\", \"device_id\": \"%s\","
                          " \"device_seq\": 901, \"type\": \"kit.resumed\", \"subject\": \"%s\", \"actor\": \"anna\","
                          " \"occurred_at\": \"2026-11-22T10:00:00Z\", \"payload\": {}}]}",
                          device, device, kit, first->event_id, device, kit);
  push_refused (&env, token, body, 409, "event_id_reused", first->event_id);
  g_clear_pointer (&body, g_free);
#undef EVENT

  /* Truncated JSON. */
  push_refused (&env, token, "{\"device_id\": \"x\", \"events\": [", 400, "malformed", NULL);

  /* And the computer still syncs. */
  random_change (&env, anna);
  tlk_test_computer_sync_ok (anna);
  tlk_test_computer_sync_ok (seeder);
  {
    TlkTestComputer *all[] = { seeder, anna };
    assert_converged (&env, all, 2);
  }
  g_clear_pointer (&anna, tlk_test_computer_free);
  g_clear_pointer (&seeder, tlk_test_computer_free);
  env_clear (&env);
}

/* ---- a randomized simulation -------------------------------------------- */

static void
test_simulation (void)
{
  Env env = { 0 };
  const char *seed_env = g_getenv ("TLK_SIM_SEED");
  guint32 seed_value = seed_env ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_test_rand_int ();
  const char *names[] = { "anna", "bo", "carla" };
  TlkTestComputer *computers[4] = { NULL };
  g_autoptr(TlkCutProxy) proxy = NULL;
  guint restarts = 0, duplicates = 0, broken = 0;

  /* Printed so that a failure can be replayed with TLK_SIM_SEED. */
  g_printerr ("# simulation seed %u (replay: TLK_SIM_SEED=%u)\n", seed_value, seed_value);
  env_init (&env, seed_value);
  computers[0] = seed (&env, 16);
  proxy = tlk_cut_proxy_new (tlk_test_server_port (env.server));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("sim-%s", names[i]);
      computers[i + 1] = computer_new (&env, name, names[i], tlk_cut_proxy_get_port (proxy));
    }

  for (int step = 0; step < 300; step++)
    {
      TlkTestComputer *c = computers[1 + g_rand_int_range (env.rand, 0, 3)];
      int what = g_rand_int_range (env.rand, 0, 100);
      g_autoptr(GError) error = NULL;

      if (what < 45)
        {
          /* Work offline; the client's clock may be days off. */
          g_autoptr(GPtrArray) ready = kits_in (c, "ready");
          g_autoptr(GPtrArray) held = kits_in (c, "on_hold");
          GPtrArray *pick = held->len > 0 && g_rand_boolean (env.rand) ? held : ready;

          if (pick->len > 0 && strcmp (c->user, "carla") != 0)
            {
              TlkKit *kit = g_ptr_array_index (pick, g_rand_int_range (env.rand, 0, pick->len));
              g_autoptr(TlkEvent) e = tlk_event_new (pick == held ? TLK_EVENT_KIT_RESUMED : TLK_EVENT_KIT_HELD,
                                                     kit->id, c->user);
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
              g_autoptr(GDateTime) skewed = g_date_time_add_seconds (now, g_rand_int_range (env.rand, -400000, 400000));

              g_free (e->occurred_at);
              e->occurred_at = g_date_time_format_iso8601 (skewed);
              if (pick == ready)
                tlk_event_set_string (e, "reason", "inspection");
              tlk_store_append (c->store, e, NULL);
            }
          else if (strcmp (c->user, "carla") == 0)
            {
              /* The coordinator resolves what is open. */
              g_autoptr(GPtrArray) open = tlk_store_open_conflicts (c->store, NULL);

              if (open->len > 0)
                {
                  TlkEvent *conflict = g_ptr_array_index (open, 0);
                  g_autoptr(TlkEvent) r = tlk_event_new (TLK_EVENT_CONFLICT_RESOLVED, conflict->event_id, "carla");
                  tlk_event_set_string (r, "decision", "dismissed");
                  tlk_store_append (c->store, r, NULL);
                }
            }
        }
      else if (what < 85)
        {
          /* Sync, sometimes over a connection that breaks. */
          tlk_cut_proxy_set_cut (proxy, g_rand_boolean (env.rand) ? g_rand_int_range (env.rand, 0, 8000) : -1,
                                 FALSE);
          if (!tlk_test_computer_sync (c, &error))
            {
              g_assert_true (tlk_sync_error_is_transient (error));
              broken++;
            }
        }
      else if (what < 93)
        {
          /* A batch sent twice, as a retrying proxy might. */
          g_autoptr(JsonNode) batch = pending_batch (c);
          tlk_cut_proxy_set_cut (proxy, -1, FALSE);
          if (tlk_sync_client_get_token (c->client) != NULL)
            {
              g_autoptr(JsonNode) a = tlk_sync_client_request (c->client, "POST", "/api/v1/events", batch, NULL, NULL);
              g_autoptr(JsonNode) b = tlk_sync_client_request (c->client, "POST", "/api/v1/events", batch, NULL, NULL);
              duplicates++;
            }
        }
      else
        {
          /* The server dies and comes back. */
          tlk_test_server_kill9 (env.server);
          tlk_test_server_restart (env.server);
          tlk_cut_proxy_set_upstream (proxy, tlk_test_server_port (env.server));
          restarts++;
        }
    }
  g_printerr ("# simulation: %u broken syncs, %u duplicate pushes, %u server restarts\n", broken, duplicates,
              restarts);

  /* Everyone online at last: two rounds so every change reaches everyone. */
  tlk_cut_proxy_set_cut (proxy, -1, FALSE);
  for (int round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (computers); i++)
      tlk_test_computer_sync_ok (computers[i]);
  assert_converged (&env, computers, G_N_ELEMENTS (computers));
  {
    g_autoptr(TlkStore) server = server_store (&env);
    g_printerr ("# simulation: %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " conflicts on the server\n",
                tlk_store_count_events (server), tlk_store_count_conflicts (server));
  }

  for (guint i = 0; i < G_N_ELEMENTS (computers); i++)
    tlk_test_computer_free (computers[i]);
  g_clear_pointer (&proxy, tlk_cut_proxy_free);
  env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/sync/push-twice", test_push_twice);
  g_test_add_func ("/sync/answer-lost", test_answer_lost);
  g_test_add_func ("/sync/cuts", test_cuts);
  g_test_add_func ("/sync/many-syncs", test_many_syncs);
  g_test_add_func ("/sync/server-killed", test_server_killed);
  g_test_add_func ("/sync/conflict", test_conflict);
  g_test_add_func ("/sync/bad-pushes", test_bad_pushes);
  g_test_add_func ("/sync/simulation", test_simulation);
  return g_test_run ();
}
