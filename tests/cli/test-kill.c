/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli-helper.h"
#include "tlk-sqlite.h"
#include "tlk-store.h"

/*
 * Durability (DESIGN §10, issue 2): a writer process appends scans and says
 * "ok EVENT_ID" after each commit; we kill it with SIGKILL in the middle of
 * the stream. After reopening, every acknowledged scan is there, SQLite
 * finds the file intact, and the projections still equal a rebuild from
 * the log.
 */

#define N_ROUNDS          5
#define FIRST_LINE_TIMEOUT (60 * G_USEC_PER_SEC)

/* Reads what is available on @fd into @buffer until @deadline (monotonic
 * µs) or, with @deadline 0, until end of file. Stops early once @buffer
 * holds a line when @until_line is set. */
static void
read_until (int       fd,
            GString  *buffer,
            gint64    deadline,
            gboolean  until_line)
{
  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char chunk[4096];
      int timeout = -1;
      ssize_t n;

      if (until_line && strchr (buffer->str, '\n') != NULL)
        return;
      if (deadline > 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            return;
          timeout = (int) MAX (1, left / 1000);
        }
      if (poll (&pfd, 1, timeout) < 0)
        {
          g_assert_cmpint (errno, ==, EINTR);
          continue;
        }
      if (pfd.revents == 0)
        continue;
      n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        return;
      g_string_append_len (buffer, chunk, n);
    }
}

static gboolean
collect_id_cb (const TlkEvent *event,
               gpointer        user_data)
{
  g_hash_table_add (user_data, g_strdup (event->event_id));
  return TRUE;
}

static void
assert_integrity_ok (const char *path)
{
  sqlite3 *db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  /* "ok" is the only row of an intact file. */
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_kill (gconstpointer data)
{
  guint round = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("telekit-kill-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *writer = cli_test_program ("TELEKIT_SCAN_WRITER");
  g_autofree char *seed = g_strdup_printf ("%u", round);
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GPtrArray) acked = g_ptr_array_new ();
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(TlkStore) store = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *rebuilt = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRand) rand = NULL;
  g_auto(CliRun) run = { 0 };
  const char *argv[] = { writer, NULL, NULL };
  double window;
  gint64 base, total;
  GPid pid;
  int out_fd;
  int wait_status = 0;

  g_assert_no_error (error);
  db = g_build_filename (dir, "kill.db", NULL);
  cli_run_ok (&run, db, "demo", "--kits", "50", "--seed", seed, NULL);
  store = tlk_store_open (db, &error);
  g_assert_no_error (error);
  base = tlk_store_count_events (store);
  g_clear_pointer (&store, tlk_store_free);

  argv[1] = db;
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* Kill in the middle of the stream: it has to have started. */
  read_until (out_fd, output, g_get_monotonic_time () + FIRST_LINE_TIMEOUT, TRUE);
  g_assert_nonnull (strchr (output->str, '\n'));
  /* GTest gives every test case the same seed; the rounds differ. */
  rand = g_rand_new_with_seed (g_test_rand_int () ^ round);
  window = g_rand_double_range (rand, 0.2, 1.0);
  read_until (out_fd, output, g_get_monotonic_time () + (gint64) (window * G_USEC_PER_SEC), FALSE);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  /* Killed by us, not dead of its own accord. */
  g_assert_true (WIFSIGNALED (wait_status));
  g_assert_cmpint (WTERMSIG (wait_status), ==, SIGKILL);
  read_until (out_fd, output, 0, FALSE);
  close (out_fd);

  /* A line cut off by the kill was not acknowledged. */
  lines = g_strsplit (output->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "ok "));
      g_assert_cmpint (strlen (lines[i]), ==, 3 + 36);
      g_ptr_array_add (acked, lines[i] + 3);
    }
  g_test_message ("round %u: killed after %.2f s, %u scans acknowledged", round, window, acked->len);
  g_assert_cmpuint (acked->len, >, 0);

  store = tlk_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_store_foreach_event (store, collect_id_cb, stored, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < acked->len; i++)
    {
      if (!g_hash_table_contains (stored, g_ptr_array_index (acked, i)))
        g_test_message ("acknowledged scan %s is lost", (const char *) g_ptr_array_index (acked, i));
      g_assert_true (g_hash_table_contains (stored, g_ptr_array_index (acked, i)));
    }
  /* At most the one scan committed between the commit and its "ok". */
  total = tlk_store_count_events (store);
  g_assert_cmpint (total, >=, base + (gint64) acked->len);
  g_assert_cmpint (total, <=, base + (gint64) acked->len + 1);
  g_assert_cmpint ((gint64) g_hash_table_size (stored), ==, total);

  assert_integrity_ok (db);

  /* The projections are what the log says. */
  dump = tlk_store_dump_projections (store, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_store_rebuild (store, &error));
  g_assert_no_error (error);
  rebuilt = tlk_store_dump_projections (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rebuilt, ==, dump);

  g_clear_pointer (&store, tlk_store_free);
  cli_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint round = 1; round <= N_ROUNDS; round++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/kill/round-%u", round);
      g_test_add_data_func (path, GUINT_TO_POINTER (round), test_kill);
    }

  return g_test_run ();
}
