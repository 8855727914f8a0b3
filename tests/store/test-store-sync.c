/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tlk-store-sync.h"
#include "tlk-store-test-util.h"

/*
 * The store's side of sync without the network: a server store and client
 * stores exchanging events through the same functions the server's routes
 * and the sync engine call.
 */

static TlkStore *
open_store (const char *name)
{
  g_autofree char *path = tlk_test_path (name);
  g_autoptr(GError) error = NULL;
  TlkStore *store = tlk_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static GPtrArray *
copy_events (GPtrArray *events)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);

  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (copy, tlk_event_copy (g_ptr_array_index (events, i)));
  return copy;
}

/* What the server route and the engine do for one push; returns the
 * number of conflicts. */
static guint
push (TlkStore *client,
      TlkStore *server)
{
  g_autoptr(GError) error = NULL;
  guint conflicts = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) pending = tlk_store_pending_events (client, 300, &error);
      g_autoptr(GPtrArray) sent = NULL;
      g_autoptr(GPtrArray) results = NULL;

      g_assert_no_error (error);
      if (pending->len == 0)
        return conflicts;
      sent = copy_events (pending);
      results = tlk_store_accept_events (server, sent, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (results->len, ==, pending->len);
      for (guint i = 0; i < results->len; i++)
        conflicts += ((TlkPushResult *) g_ptr_array_index (results, i))->status == TLK_PUSH_CONFLICT;
      tlk_store_mark_pushed (client, results, &error);
      g_assert_no_error (error);
    }
}

static void
pull (TlkStore *client,
      TlkStore *server,
      guint     page_size)
{
  gboolean more = TRUE;
  g_autoptr(GError) error = NULL;

  while (more)
    {
      gint64 cursor = tlk_store_get_cursor (client);
      g_autoptr(GPtrArray) page = tlk_store_events_after (server, cursor, page_size, &more, &error);
      g_autoptr(GPtrArray) copy = NULL;
      gint64 last = cursor;

      g_assert_no_error (error);
      if (page->len > 0)
        last = ((TlkEvent *) g_ptr_array_index (page, page->len - 1))->server_seq;
      copy = copy_events (page);
      tlk_store_apply_pulled (client, copy, last, &error);
      g_assert_no_error (error);
    }
}

static char *
dump (TlkStore *store)
{
  g_autoptr(GError) error = NULL;
  char *text = tlk_store_dump_projections (store, &error);

  g_assert_no_error (error);
  return text;
}

/* The incremental result equals a recomputation from the log. */
static void
assert_rebuild_equal (TlkStore *store)
{
  g_autofree char *before = dump (store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tlk_store_rebuild (store, &error));
  g_assert_no_error (error);
  after = dump (store);
  g_assert_cmpstr (before, ==, after);
}

static TlkStore *
seeded_server (TlkStore **seeder)
{
  TlkDemoOptions options = { .n_kits = 12, .seed = 3, .max_cycles = 1 };
  TlkStore *server = open_store ("server.db");
  g_autoptr(GError) error = NULL;

  *seeder = open_store ("seeder.db");
  g_assert_true (tlk_store_load_demo (*seeder, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (push (*seeder, server), ==, 0);
  return server;
}

static char *
first_kit (TlkStore   *store,
           const char *state)
{
  g_autoptr(GPtrArray) kits = tlk_store_list_kits (store, state, NULL, NULL, NULL);

  g_assert_cmpuint (kits->len, >, 1);
  return g_strdup (((TlkKit *) g_ptr_array_index (kits, 0))->id);
}

static void
append (TlkStore    *store,
        TlkEventType type,
        const char  *kit,
        const char  *reason)
{
  g_autoptr(TlkEvent) event = tlk_event_new (type, kit, "admin");
  g_autoptr(GError) error = NULL;

  if (reason != NULL)
    tlk_event_set_string (event, "reason", reason);
  tlk_store_append (store, event, &error);
  g_assert_no_error (error);
}

/* Pushed twice, stored once with the same numbers; the server's state is
 * the sender's. */
static void
test_accept_duplicates (void)
{
  g_autoptr(TlkStore) seeder = NULL;
  g_autoptr(TlkStore) server = seeded_server (&seeder);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_seeder = dump (seeder);
  g_autofree char *at_server = dump (server);
  gint64 count = tlk_store_count_events (server);

  g_assert_cmpstr (at_seeder, ==, at_server);
  g_assert_cmpint (tlk_store_count_pending (seeder), ==, 0);
  g_assert_cmpint (count, ==, tlk_store_count_events (seeder));

  all = tlk_store_events_after (seeder, 0, 100, NULL, &error);
  again = copy_events (all);
  results = tlk_store_accept_events (server, again, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      TlkPushResult *r = g_ptr_array_index (results, i);
      TlkEvent *e = g_ptr_array_index (all, i);

      g_assert_cmpint (r->status, ==, TLK_PUSH_DUPLICATE);
      g_assert_cmpint (r->server_seq, ==, e->server_seq);
    }
  g_assert_cmpint (tlk_store_count_events (server), ==, count);

  g_clear_pointer (&seeder, tlk_store_free);
  g_clear_pointer (&server, tlk_store_free);
  tlk_test_tmpdir_clear ();
}

/* An event id reused with other content refuses the whole batch. */
static void
test_accept_reused_id (void)
{
  g_autoptr(TlkStore) seeder = NULL;
  g_autoptr(TlkStore) server = seeded_server (&seeder);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kit = first_kit (seeder, "ready");
  g_autofree char *before = dump (server);
  g_autofree char *after = NULL;
  gint64 count = tlk_store_count_events (server);
  TlkEvent *fresh, *forged;

  fresh = tlk_event_new (TLK_EVENT_KIT_HELD, kit, "admin");
  tlk_event_set_string (fresh, "reason", "new");
  fresh->device_id = g_strdup ("other-computer");
  fresh->device_seq = 1;
  g_ptr_array_add (batch, fresh);
  old = tlk_store_events_after (server, 0, 1, NULL, &error);
  forged = tlk_event_copy (g_ptr_array_index (old, 0));
  forged->server_seq = 0;
  g_free (forged->occurred_at);
  forged->occurred_at = g_strdup ("2020-01-01T00:00:00Z");
  g_ptr_array_add (batch, forged);

  results = tlk_store_accept_events (server, batch, &error);
  g_assert_null (results);
  g_assert_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_EVENT_ID_REUSED);
  g_assert_cmpint (tlk_store_count_events (server), ==, count);
  after = dump (server);
  g_assert_cmpstr (before, ==, after);

  g_clear_pointer (&seeder, tlk_store_free);
  g_clear_pointer (&server, tlk_store_free);
  tlk_test_tmpdir_clear ();
}

/* Two computers change the same kit offline: the second is kept as a
 * conflict, taken out of its writer's projections, and every store ends
 * equal and equal to its own rebuild. */
static void
test_conflict_and_convergence (void)
{
  g_autoptr(TlkStore) seeder = NULL;
  g_autoptr(TlkStore) server = seeded_server (&seeder);
  g_autoptr(TlkStore) a = open_store ("a.db");
  g_autoptr(TlkStore) b = open_store ("b.db");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kit = NULL;
  g_autofree char *other = NULL;
  g_autofree char *truth = NULL;
  g_autofree char *at_a = NULL;
  g_autofree char *at_b = NULL;
  g_autofree char *at_seeder = NULL;
  g_autofree char *page_again = NULL;

  pull (a, server, 50);
  pull (b, server, 7);
  kit = first_kit (a, "ready");
  {
    g_autoptr(GPtrArray) kits = tlk_store_list_kits (a, "ready", NULL, NULL, NULL);
    other = g_strdup (((TlkKit *) g_ptr_array_index (kits, 1))->id);
  }

  append (a, TLK_EVENT_KIT_HELD, kit, "cracked case");
  append (b, TLK_EVENT_KIT_HELD, kit, "cable");
  /* And something that commutes with everything. */
  append (b, TLK_EVENT_KIT_HELD, other, "cable");

  g_assert_cmpuint (push (a, server), ==, 0);
  g_assert_cmpuint (push (b, server), ==, 1);
  {
    g_autoptr(TlkKit) at_b_kit = tlk_store_load (b, TLK_SUBJECT_KIT, kit);
    /* Taken out at once: B's hold is gone from B's own view. */
    g_assert_cmpint (at_b_kit->state, ==, TLK_KIT_READY);
  }
  pull (a, server, 2);
  pull (b, server, 2);
  pull (seeder, server, 1000);

  truth = dump (server);
  at_a = dump (a);
  at_b = dump (b);
  at_seeder = dump (seeder);
  g_assert_cmpstr (at_a, ==, truth);
  g_assert_cmpstr (at_b, ==, truth);
  g_assert_cmpstr (at_seeder, ==, truth);
  assert_rebuild_equal (a);
  assert_rebuild_equal (b);

  conflicts = tlk_store_open_conflicts (a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((TlkEvent *) g_ptr_array_index (conflicts, 0))->subject, ==, kit);

  /* Applying the same page again changes nothing. */
  {
    g_autoptr(GPtrArray) page = tlk_store_events_after (server, 0, 100000, NULL, &error);
    g_autoptr(GPtrArray) copy = copy_events (page);
    gint64 count = tlk_store_count_events (a);

    g_assert_true (tlk_store_apply_pulled (a, copy, 1, &error));
    g_assert_no_error (error);
    page_again = dump (a);
    g_assert_cmpstr (page_again, ==, truth);
    g_assert_cmpint (tlk_store_count_events (a), ==, count);
  }

  g_clear_pointer (&a, tlk_store_free);
  g_clear_pointer (&b, tlk_store_free);
  g_clear_pointer (&seeder, tlk_store_free);
  g_clear_pointer (&server, tlk_store_free);
  tlk_test_tmpdir_clear ();
}

/* Random work on three computers synced in random order: every store ends
 * equal to the server and to its own rebuild, both when pages are applied on
 * top and when they must be recomputed. */
static void
test_random_rounds (void)
{
  g_autoptr(TlkStore) seeder = NULL;
  g_autoptr(TlkStore) server = seeded_server (&seeder);
  TlkStore *computers[3];
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *truth = NULL;

  g_test_message ("seed %u", seed);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("c%u.db", i);
      computers[i] = open_store (name);
      pull (computers[i], server, 100);
    }

  for (int round = 0; round < 60; round++)
    {
      TlkStore *c = computers[g_rand_int_range (rand, 0, 3)];
      g_autoptr(GPtrArray) ready = tlk_store_list_kits (c, "ready", NULL, NULL, NULL);
      g_autoptr(GPtrArray) held = tlk_store_list_kits (c, "on_hold", NULL, NULL, NULL);

      if (held->len > 0 && g_rand_boolean (rand))
        append (c, TLK_EVENT_KIT_RESUMED,
                ((TlkKit *) g_ptr_array_index (held, g_rand_int_range (rand, 0, held->len)))->id, NULL);
      else if (ready->len > 0)
        append (c, TLK_EVENT_KIT_HELD,
                ((TlkKit *) g_ptr_array_index (ready, g_rand_int_range (rand, 0, ready->len)))->id, "check");
      if (g_rand_int_range (rand, 0, 3) == 0)
        push (c, server);
      if (g_rand_int_range (rand, 0, 3) == 0)
        pull (c, server, g_rand_int_range (rand, 1, 5));
    }
  for (int twice = 0; twice < 2; twice++)
    for (guint i = 0; i < 3; i++)
      {
        push (computers[i], server);
        pull (computers[i], server, 3);
      }

  truth = dump (server);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *mine = dump (computers[i]);

      g_assert_cmpint (tlk_store_count_pending (computers[i]), ==, 0);
      g_assert_cmpint (tlk_store_count_events (computers[i]), ==, tlk_store_count_events (server));
      g_assert_cmpstr (mine, ==, truth);
      assert_rebuild_equal (computers[i]);
      tlk_store_free (computers[i]);
    }
  g_clear_pointer (&seeder, tlk_store_free);
  g_clear_pointer (&server, tlk_store_free);
  tlk_test_tmpdir_clear ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-sync/accept-duplicates", test_accept_duplicates);
  g_test_add_func ("/store-sync/accept-reused-id", test_accept_reused_id);
  g_test_add_func ("/store-sync/conflict-and-convergence", test_conflict_and_convergence);
  g_test_add_func ("/store-sync/random-rounds", test_random_rounds);
  return g_test_run ();
}
