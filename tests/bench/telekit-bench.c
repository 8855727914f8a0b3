/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-bench"

#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tlk-demo.h"
#include "tlk-store-dashboard.h"
#include "tlk-scan.h"
#include "tlk-sqlite.h"
#include "tlk-store.h"
#include "tlk-world.h"

/*
 * The benchmark of DESIGN §9 for the core and store layers:
 *
 *   telekit-bench generate --db PATH [--kits N] [--events N]
 *     the national-size database, made by the demo generator (the same core
 *     code as `telekit-cli demo`) and loaded through the store;
 *   telekit-bench run --db PATH [--scans N]
 *     one scan as the app does it, next to raw SQLite doing the same writes
 *     in the same run, and the time to open the database and count stock;
 *   telekit-bench all [--kits N] [--events N] [--scans N]
 *     both, on a temporary database that is removed afterwards.
 *
 * The budgets are printed beside the figures but never fail the program:
 * these are benchmarks, not timed tests.
 */

#define SCAN_P99_BUDGET_MS 5.0
#define RAW_RATIO_BUDGET   2.0
#define APP_START_BUDGET_MS 500.0

/* The scan desk works in runs: an action card, then a run of kits. */
#define RUN_LENGTH 10

/* More home visits than this per kit is not a plausible history. */
#define MAX_CYCLES_LIMIT 50

#define OPEN_REPEATS 10

#define TLK_BENCH_ERROR (tlk_bench_error_quark ())

typedef enum
{
  TLK_BENCH_ERROR_SETUP,
  TLK_BENCH_ERROR_SQL,
  TLK_BENCH_ERROR_SCAN,
} TlkBenchError;

static GQuark tlk_bench_error_quark (void);

G_DEFINE_QUARK (tlk-bench-error-quark, tlk_bench_error)

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static long
peak_rss_mb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;
  return usage.ru_maxrss / 1024;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* ---- samples ------------------------------------------------------------ */

typedef struct
{
  double p50;
  double p99;
  double max;
} Summary;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentiles of samples in µs, in ms. */
static Summary
summarize (GArray *samples)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);
  Summary s = { 0 };
  guint n = sorted->len;

  if (n == 0)
    return s;
  g_array_sort (sorted, compare_gint64);
  s.p50 = ms (g_array_index (sorted, gint64, (guint) ceil (0.50 * n) - 1));
  s.p99 = ms (g_array_index (sorted, gint64, (guint) ceil (0.99 * n) - 1));
  s.max = ms (g_array_index (sorted, gint64, n - 1));
  return s;
}

/* ---- generate ----------------------------------------------------------- */

static gboolean
count_event_cb (TlkEvent *event,
                gpointer  user_data,
                GError  **error)
{
  guint64 *count = user_data;

  (*count)++;
  tlk_event_free (event);
  return TRUE;
}

/* The demo gives each kit 0..max_cycles home visits. A pilot run on a
 * sample of the kits says how many events each setting makes; the smallest
 * setting that reaches @target events is taken, so the database is at
 * least as big as the budget asks. */
static gboolean
choose_max_cycles (guint     n_kits,
                   guint64   target,
                   guint32   seed,
                   guint    *max_cycles,
                   GError  **error)
{
  guint pilot_kits = MIN (n_kits, 2000);

  g_print ("Choosing max_cycles from a pilot of %u kits:\n", pilot_kits);
  for (guint c = 0; c <= MAX_CYCLES_LIMIT; c++)
    {
      TlkDemoOptions options = { pilot_kits, seed, c };
      guint64 count = 0;
      TlkDemoSink sink = { count_event_cb, NULL, &count };
      double estimate;

      if (!tlk_demo_generate (&options, &sink, error))
        return FALSE;
      estimate = (double) count * n_kits / pilot_kits;
      g_print ("  max_cycles %2u: %.1f events a kit, about %.0f events in all\n",
               c, (double) count / pilot_kits, estimate);
      if (estimate >= target || c == MAX_CYCLES_LIMIT)
        {
          *max_cycles = c;
          return TRUE;
        }
    }
  g_return_val_if_reached (FALSE);
}

/* ---- raw SQLite: the baseline ------------------------------------------- */

/* A second connection to the same file, set up as the store sets up its
 * own, writing what a scan writes with nothing else around it. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *begin;
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3_stmt *commit;
  gint64        next_seq;
} Raw;

static void
raw_free (Raw *raw)
{
  if (raw == NULL)
    return;
  sqlite3_finalize (raw->begin);
  sqlite3_finalize (raw->insert);
  sqlite3_finalize (raw->update);
  sqlite3_finalize (raw->commit);
  sqlite3_close (raw->db);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Raw, raw_free)

static gboolean
raw_error (sqlite3    *db,
           const char *what,
           GError    **error)
{
  g_set_error (error, TLK_BENCH_ERROR, TLK_BENCH_ERROR_SQL, "raw SQLite could not %s: %s", what,
               db ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static gboolean
raw_prepare (Raw           *raw,
             const char    *sql,
             sqlite3_stmt **stmt,
             GError       **error)
{
  if (sqlite3_prepare_v3 (raw->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
    return raw_error (raw->db, "prepare a statement", error);
  return TRUE;
}

static Raw *
raw_open (const char *path,
          GError    **error)
{
  g_autoptr(Raw) raw = g_new0 (Raw, 1);
  g_autoptr(sqlite3_stmt) max_seq = NULL;

  if (sqlite3_open_v2 (path, &raw->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      raw_error (raw->db, "open the database", error);
      return NULL;
    }
  sqlite3_busy_timeout (raw->db, 5000);
  if (sqlite3_exec (raw->db, TLK_STORE_PRAGMAS,
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      raw_error (raw->db, "set the PRAGMAs", error);
      return NULL;
    }
  if (!raw_prepare (raw, "BEGIN IMMEDIATE", &raw->begin, error) ||
      !raw_prepare (raw, "INSERT INTO events (event_id, device_id, device_seq, type, subject, actor,"
                         " occurred_at, payload) VALUES (?1, 'bench-raw', ?2, ?3, ?4, ?5, ?6, ?7)",
                    &raw->insert, error) ||
      !raw_prepare (raw, "UPDATE kits SET state = ?2, held_from = ?3, location = ?4, custodian = ?5,"
                         " order_id = ?6, devices = ?7, steps_passed = ?8, missing = ?9 WHERE id = ?1",
                    &raw->update, error) ||
      !raw_prepare (raw, "COMMIT", &raw->commit, error) ||
      !raw_prepare (raw, "SELECT COALESCE (MAX (device_seq), 0) + 1 FROM events WHERE device_id = 'bench-raw'",
                    &max_seq, error))
    return NULL;
  if (sqlite3_step (max_seq) != SQLITE_ROW)
    {
      raw_error (raw->db, "read the last sequence number", error);
      return NULL;
    }
  raw->next_seq = sqlite3_column_int64 (max_seq, 0);
  return g_steal_pointer (&raw);
}

static gint64
raw_count (Raw        *raw,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (raw->db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* Through tlk_store_load_demo, the loader `telekit-cli demo` uses: the demo
 * generator's events and citizens in large transactions. */
static gboolean
generate (const char *path,
          guint       n_kits,
          guint64     target_events,
          guint32     seed,
          int         forced_max_cycles,
          GError    **error)
{
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  TlkDemoOptions options = { 0 };
  guint max_cycles;
  guint64 written = 0;
  gint64 start;
  gint64 kits = 0;
  gint64 events;
  gint64 citizens;
  double total;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TLK_BENCH_ERROR, TLK_BENCH_ERROR_SETUP,
                   "%s already exists; generate writes a new database (remove it first).", path);
      return FALSE;
    }

  if (forced_max_cycles >= 0)
    max_cycles = (guint) forced_max_cycles;
  else if (!choose_max_cycles (n_kits, target_events, seed, &max_cycles, error))
    return FALSE;

  g_print ("Generating %u kits with max_cycles %u (seed %u) into %s…\n", n_kits, max_cycles, seed, path);
  start = g_get_monotonic_time ();
  if ((store = tlk_store_open (path, error)) == NULL)
    return FALSE;
  options.n_kits = n_kits;
  options.seed = seed;
  options.max_cycles = max_cycles;
  if (!tlk_store_load_demo (store, &options, &written, error))
    return FALSE;
  g_clear_pointer (&store, tlk_store_free);
  total = (g_get_monotonic_time () - start) / 1e6;

  /* Counted afresh, from the file. */
  if ((store = tlk_store_open (path, error)) == NULL || (counts = tlk_store_stock_counts (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < counts->len; i++)
    kits += ((TlkStockCount *) g_ptr_array_index (counts, i))->count;
  events = tlk_store_count_events (store);
  g_clear_pointer (&store, tlk_store_free);
  {
    g_autoptr(Raw) raw = raw_open (path, error);

    if (raw == NULL)
      return FALSE;
    citizens = raw_count (raw, "SELECT COUNT(*) FROM citizens");
  }

  g_print ("Generated %s: %" G_GINT64_FORMAT " kits, %" G_GINT64_FORMAT " events (%.1f a kit), "
           "%" G_GINT64_FORMAT " citizens\n",
           path, kits, events, (double) events / MAX (kits, 1), citizens);
  g_print ("Generation took %.1f s (generator and store, including the final close): %.0f events/s; "
           "peak RSS %ld MB\n",
           total, written / MAX (total, 1e-6), peak_rss_mb ());
  g_print ("Database size %.1f MB (WAL %.1f MB)\n", file_size (path) / 1e6, file_size (wal) / 1e6);
  return TRUE;
}

/* A ready kit as the kits table has it: the baseline writes the same row. */
typedef struct
{
  char *id;
  char *location;
  char *custodian;
  char *order_id;
  char *devices;
  char *steps_passed;
  char *missing;
} ReadyKit;

static void
ready_kit_free (ReadyKit *kit)
{
  if (kit == NULL)
    return;
  g_free (kit->id);
  g_free (kit->location);
  g_free (kit->custodian);
  g_free (kit->order_id);
  g_free (kit->devices);
  g_free (kit->steps_passed);
  g_free (kit->missing);
  g_free (kit);
}

static char *
raw_text (sqlite3_stmt *stmt,
          int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static GPtrArray *
raw_ready_kits (Raw     *raw,
                GError **error)
{
  g_autoptr(GPtrArray) kits = g_ptr_array_new_with_free_func ((GDestroyNotify) ready_kit_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (raw->db,
                          "SELECT id, location, custodian, order_id, devices, steps_passed, missing"
                          " FROM kits WHERE state = 'ready' AND held_from IS NULL ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      raw_error (raw->db, "list the ready kits", error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReadyKit *kit = g_new0 (ReadyKit, 1);

      kit->id = raw_text (stmt, 0);
      kit->location = raw_text (stmt, 1);
      kit->custodian = raw_text (stmt, 2);
      kit->order_id = raw_text (stmt, 3);
      kit->devices = raw_text (stmt, 4);
      kit->steps_passed = raw_text (stmt, 5);
      kit->missing = raw_text (stmt, 6);
      g_ptr_array_add (kits, kit);
    }
  if (rc != SQLITE_DONE)
    {
      raw_error (raw->db, "list the ready kits", error);
      return NULL;
    }
  return g_steal_pointer (&kits);
}

static gboolean
raw_step_done (Raw          *raw,
               sqlite3_stmt *stmt,
               const char   *what,
               GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return raw_error (raw->db, what, error);
  return TRUE;
}

static void
raw_bind_text (sqlite3_stmt *stmt,
               int           col,
               const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_STATIC);
}

/* The same rows a hold or resume scan writes: the event, and the kit. */
static gboolean
raw_scan (Raw            *raw,
          const ReadyKit *kit,
          TlkAction       action,
          gint64         *elapsed,
          GError        **error)
{
  gboolean hold = action == TLK_ACTION_HOLD;
  g_autofree char *event_id = NULL;
  g_autofree char *now = NULL;
  gint64 start;

  start = g_get_monotonic_time ();
  event_id = g_uuid_string_random ();
  now = tlk_time_now_iso ();

  if (!raw_step_done (raw, raw->begin, "begin a transaction", error))
    return FALSE;

  raw_bind_text (raw->insert, 1, event_id);
  sqlite3_bind_int64 (raw->insert, 2, raw->next_seq);
  raw_bind_text (raw->insert, 3, hold ? "kit.held" : "kit.resumed");
  raw_bind_text (raw->insert, 4, kit->id);
  raw_bind_text (raw->insert, 5, "mette");
  raw_bind_text (raw->insert, 6, now);
  raw_bind_text (raw->insert, 7, hold ? "{\"reason\":\"Put on hold at the scan desk.\"}" : "{}");
  if (!raw_step_done (raw, raw->insert, "insert the event", error))
    goto rollback;

  raw_bind_text (raw->update, 1, kit->id);
  raw_bind_text (raw->update, 2, hold ? "on_hold" : "ready");
  raw_bind_text (raw->update, 3, hold ? "ready" : NULL);
  raw_bind_text (raw->update, 4, kit->location);
  raw_bind_text (raw->update, 5, kit->custodian);
  raw_bind_text (raw->update, 6, kit->order_id);
  raw_bind_text (raw->update, 7, kit->devices);
  raw_bind_text (raw->update, 8, kit->steps_passed);
  raw_bind_text (raw->update, 9, kit->missing);
  if (!raw_step_done (raw, raw->update, "update the kit", error) ||
      !raw_step_done (raw, raw->commit, "commit", error))
    goto rollback;

  raw->next_seq++;
  *elapsed = g_get_monotonic_time () - start;
  return TRUE;

rollback:
  if (!sqlite3_get_autocommit (raw->db))
    sqlite3_exec (raw->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* ---- the scans ---------------------------------------------------------- */

typedef struct
{
  guint     kit;     /* index into the side's kits */
  TlkAction action;
} ScanStep;

/* Runs of holds, each followed by the resumes of the same kits in another
 * order, so every kit is ready again at the end (when @scans is even) and
 * the database can be measured again. @n_kits gets the number of kits used. */
static GArray *
make_schedule (guint  scans,
               GRand *rand,
               guint *n_kits)
{
  GArray *steps = g_array_sized_new (FALSE, FALSE, sizeof (ScanStep), scans);
  guint next_kit = 0;

  while (steps->len < scans)
    {
      guint length = MIN (RUN_LENGTH, MAX ((scans - steps->len) / 2, 1));
      guint order[RUN_LENGTH];

      for (guint i = 0; i < length; i++)
        {
          ScanStep step = { next_kit + i, TLK_ACTION_HOLD };
          g_array_append_val (steps, step);
          order[i] = next_kit + i;
        }
      for (guint i = length; i > 1; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
          guint t = order[i - 1];

          order[i - 1] = order[j];
          order[j] = t;
        }
      for (guint i = 0; i < length && steps->len < scans; i++)
        {
          ScanStep step = { order[i], TLK_ACTION_RESUME };
          g_array_append_val (steps, step);
        }
      next_kit += length;
    }
  *n_kits = next_kit;
  return steps;
}

/* One scan as the app's scan view does it: a world on the store, the scan
 * rules, then the event with its projections in one transaction. */
static gboolean
store_scan (TlkStore       *store,
            TlkScanSession *session,
            const char     *code,
            gint64         *elapsed,
            gint64         *handle_elapsed,
            GError        **error)
{
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(TlkScanResult) result = NULL;
  gint64 start;
  gint64 handled;

  start = g_get_monotonic_time ();
  world = tlk_store_new_world (store);
  result = tlk_scan_session_handle (session, world, code, error);
  if (result == NULL)
    return FALSE;
  if (result->outcome != TLK_SCAN_EVENT)
    {
      g_set_error (error, TLK_BENCH_ERROR, TLK_BENCH_ERROR_SCAN, "scanning %s wrote nothing: %s",
                   code, result->message);
      return FALSE;
    }
  handled = g_get_monotonic_time ();
  if (!tlk_store_append_batch (store, result->events, error))
    return FALSE;
  g_clear_pointer (&result, tlk_scan_result_free);
  g_clear_pointer (&world, tlk_world_free);
  *elapsed = g_get_monotonic_time () - start;
  *handle_elapsed = handled - start;
  return TRUE;
}

/* ---- open and count stock ----------------------------------------------- */

static gboolean
open_and_count (const char *path,
                gint64     *elapsed,
                gint64     *kits,
                GError    **error)
{
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  gint64 start;

  start = g_get_monotonic_time ();
  if ((store = tlk_store_open (path, error)) == NULL)
    return FALSE;
  if ((counts = tlk_store_stock_counts (store, error)) == NULL)
    return FALSE;
  *elapsed = g_get_monotonic_time () - start;

  *kits = 0;
  for (guint i = 0; i < counts->len; i++)
    *kits += ((TlkStockCount *) g_ptr_array_index (counts, i))->count;
  return TRUE;
}

/* Drops the file's pages from the page cache, as after a reboot. */
static gboolean
evict_from_page_cache (const char *path)
{
  int fd = g_open (path, O_RDONLY, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
  close (fd);
  return ok;
}

/* ---- the report --------------------------------------------------------- */

static void
print_row (const char *what,
           Summary     s,
           const char *unit,
           const char *budget)
{
  g_print ("%-34s %8.2f%s %8.2f%s %8.2f%s   %s\n", what, s.p50, unit, s.p99, unit, s.max, unit, budget);
}

static void
print_single (const char *what,
              double      value,
              const char *budget)
{
  g_print ("%-34s %8.2f  %9s %9s    %s\n", what, value, "-", "-", budget);
}

static gboolean
store_side (TlkStore       *store,
            TlkScanSession *session,
            const ScanStep *step,
            const ReadyKit *kit,
            guint           i,
            GArray         *totals,
            GArray         *handles,
            GArray         *appends,
            GError        **error)
{
  gint64 t;
  gint64 handled;

  if (tlk_scan_session_get_action (session) != step->action)
    tlk_scan_session_set_action (session, step->action);
  if (!store_scan (store, session, kit->id, &t, &handled, error))
    {
      g_prefix_error (error, "store scan %u (%s %s): ", i, tlk_action_to_string (step->action), kit->id);
      return FALSE;
    }
  g_array_append_val (totals, t);
  g_array_append_val (handles, handled);
  t -= handled;
  g_array_append_val (appends, t);
  return TRUE;
}

static gboolean
raw_side (Raw            *raw,
          const ScanStep *step,
          const ReadyKit *kit,
          guint           i,
          GArray         *totals,
          GError        **error)
{
  gint64 t;

  if (!raw_scan (raw, kit, step->action, &t, error))
    {
      g_prefix_error (error, "raw scan %u (%s %s): ", i, tlk_action_to_string (step->action), kit->id);
      return FALSE;
    }
  g_array_append_val (totals, t);
  return TRUE;
}

/* The two sides take turns on open connections, as the app and a second
 * writer (the CLI, the sync engine) would: both meet the same page cache,
 * the same WAL and their share of its checkpoints. */
/* ---- dashboard ------------------------------------------------------------ */

#define DASHBOARD_REPEATS 20
#define DASHBOARD_BUDGET_MS 100.0

/* The dashboard's refresh as the app does it after a sync: every figure
 * from the store, in its own connection. */
static gboolean
measure_dashboard (const char *path,
                   const char *today,
                   GError    **error)
{
  g_autoptr(TlkStore) store = tlk_store_open (path, error);
  g_autoptr(GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), DASHBOARD_REPEATS);
  g_autofree char *budget = NULL;
  g_autofree char *day = today ? g_strdup (today) : tlk_date_today_local_iso ();
  gint64 first = 0;
  Summary s;

  if (store == NULL)
    return FALSE;
  for (guint i = 0; i <= DASHBOARD_REPEATS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(TlkDashboard) dash = tlk_store_dashboard (store, day, 60, error);
      gint64 t = g_get_monotonic_time () - t0;

      if (dash == NULL)
        return FALSE;
      if (i == 0)
        {
          first = t;
          g_print ("Dashboard on %s: %u kit types, %u states, %u places, %u pipeline cells, %u SLA rows, "
                   "%u late tasks, %d overdue returns, backlog %d/%d/%d, %d expiring, %d calibrations, "
                   "%d conflicts\n", day, dash->stock->len, dash->kits_by_state->len, dash->kits_by_location->len,
                   dash->pipeline->len, dash->sla->len, dash->late_tasks, dash->overdue_returns,
                   dash->backlog[0].count, dash->backlog[1].count, dash->backlog[2].count, dash->expiring,
                   dash->calibration_due, dash->open_conflicts);
        }
      else
        g_array_append_val (samples, t);
    }
  s = summarize (samples);
  budget = g_strdup_printf ("≤ %.0f ms: %s", DASHBOARD_BUDGET_MS, s.p99 <= DASHBOARD_BUDGET_MS ? "met" : "MISSED");
  g_print ("%-34s %9s %9s %9s   %s\n", "what", "p50 ms", "p99 ms", "max ms", "budget (DESIGN §9)");
  print_single ("dashboard refresh, first", ms (first), "");
  print_row ("dashboard refresh, next 20", s, " ", budget);
  return TRUE;
}

static gboolean
run (const char *path,
     guint       scans,
     guint32     seed,
     GError    **error)
{
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(Raw) raw = NULL;
  g_autoptr(TlkScanSession) session = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autoptr(GArray) schedule = NULL;
  g_autoptr(GArray) store_samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), scans);
  g_autoptr(GArray) handle_samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), scans);
  g_autoptr(GArray) append_samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), scans);
  g_autoptr(GArray) raw_samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), scans);
  g_autoptr(GArray) open_samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), OPEN_REPEATS);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *budget_scan = NULL;
  g_autofree char *budget_ratio = NULL;
  g_autofree char *budget_open = NULL;
  GRand *rand = NULL;
  gint64 open_first;
  gint64 open_evicted = -1;
  gint64 counted_kits = 0;
  gint64 kits;
  gint64 events_before;
  gint64 events_after;
  gint64 held_before;
  gint64 held_after;
  gint64 wal_size;
  guint n_kits;
  Summary store_s, handle_s, append_s, raw_s, open_s, ratio;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TLK_BENCH_ERROR, TLK_BENCH_ERROR_SETUP,
                   "%s does not exist; make it with `telekit-bench generate --db %s`.", path, path);
      return FALSE;
    }

  /* Open and count first, before this process has touched the file. */
  if (!open_and_count (path, &open_first, &counted_kits, error))
    return FALSE;
  for (guint i = 0; i < OPEN_REPEATS; i++)
    {
      gint64 t;

      if (!open_and_count (path, &t, &counted_kits, error))
        return FALSE;
      g_array_append_val (open_samples, t);
    }
  if (evict_from_page_cache (path) && (!g_file_test (wal, G_FILE_TEST_EXISTS) || evict_from_page_cache (wal)))
    {
      if (!open_and_count (path, &open_evicted, &counted_kits, error))
        return FALSE;
    }

  if ((raw = raw_open (path, error)) == NULL)
    return FALSE;
  kits = raw_count (raw, "SELECT COUNT(*) FROM kits");
  events_before = raw_count (raw, "SELECT COUNT(*) FROM events");
  held_before = raw_count (raw, "SELECT COUNT(*) FROM kits WHERE state = 'on_hold'");
  g_print ("Database %s: %" G_GINT64_FORMAT " kits, %" G_GINT64_FORMAT " events, %.1f MB; %d cores\n",
           path, kits, events_before, file_size (path) / 1e6, (int) sysconf (_SC_NPROCESSORS_ONLN));

  /* The kits each side scans, drawn at random from the ready ones. */
  rand = g_rand_new_with_seed (seed);
  schedule = make_schedule (scans, rand, &n_kits);
  if ((ready = raw_ready_kits (raw, error)) == NULL)
    {
      g_rand_free (rand);
      return FALSE;
    }
  if (ready->len < 2 * n_kits)
    {
      g_set_error (error, TLK_BENCH_ERROR, TLK_BENCH_ERROR_SETUP,
                   "%u scans need %u ready kits; the database has %u.", scans, 2 * n_kits, ready->len);
      g_rand_free (rand);
      return FALSE;
    }
  for (guint i = 0; i < 2 * n_kits; i++)
    {
      guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) ready->len);
      gpointer t = ready->pdata[i];

      ready->pdata[i] = ready->pdata[j];
      ready->pdata[j] = t;
    }
  g_rand_free (rand);

  g_print ("Running %u scans through the store and %u through raw SQLite, taking turns…\n", scans, scans);
  session = tlk_scan_session_new ("mette");
  if ((store = tlk_store_open (path, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < scans; i++)
    {
      const ScanStep *step = &g_array_index (schedule, ScanStep, i);

      if (!store_side (store, session, step, g_ptr_array_index (ready, step->kit), i,
                       store_samples, handle_samples, append_samples, error) ||
          !raw_side (raw, step, g_ptr_array_index (ready, n_kits + step->kit), i, raw_samples, error))
        return FALSE;
    }
  wal_size = file_size (wal);
  g_clear_pointer (&store, tlk_store_free);
  g_clear_pointer (&raw, raw_free);

  if ((raw = raw_open (path, error)) == NULL)
    return FALSE;
  events_after = raw_count (raw, "SELECT COUNT(*) FROM events");
  held_after = raw_count (raw, "SELECT COUNT(*) FROM kits WHERE state = 'on_hold'");

  store_s = summarize (store_samples);
  handle_s = summarize (handle_samples);
  append_s = summarize (append_samples);
  raw_s = summarize (raw_samples);
  open_s = summarize (open_samples);
  ratio.p50 = store_s.p50 / raw_s.p50;
  ratio.p99 = store_s.p99 / raw_s.p99;
  ratio.max = store_s.max / raw_s.max;

  budget_scan = g_strdup_printf ("p99 ≤ %.0f ms: %s", SCAN_P99_BUDGET_MS,
                                 store_s.p99 <= SCAN_P99_BUDGET_MS ? "met" : "MISSED");
  budget_ratio = g_strdup_printf ("≤ %.0f× raw: p50 %s, p99 %s", RAW_RATIO_BUDGET,
                                  ratio.p50 <= RAW_RATIO_BUDGET ? "met" : "MISSED",
                                  ratio.p99 <= RAW_RATIO_BUDGET ? "met" : "MISSED");
  budget_open = g_strdup_printf ("part of app start ≤ %.0f ms: %s", APP_START_BUDGET_MS,
                                 ms (open_first) <= APP_START_BUDGET_MS ? "within" : "OVER ALONE");

  g_print ("\n%" G_GINT64_FORMAT " kits, %" G_GINT64_FORMAT " events before the run, "
           "%" G_GINT64_FORMAT " after (%" G_GINT64_FORMAT " written); %u scans each side\n\n",
           kits, events_before, events_after, events_after - events_before, scans);
  g_print ("%-34s %9s %9s %9s   %s\n", "what", "p50 ms", "p99 ms", "max ms", "budget (DESIGN §9)");
  print_row ("scan (store)", store_s, " ", budget_scan);
  print_row ("  of which world + scan rules", handle_s, " ", "");
  print_row ("  of which tlk_store_append", append_s, " ", "");
  print_row ("scan (raw sqlite baseline)", raw_s, " ", "");
  print_row ("ratio store/raw", ratio, "×", budget_ratio);
  print_single ("open + stock count, first", ms (open_first), budget_open);
  print_row ("open + stock count, next 10", open_s, " ", "");
  if (open_evicted >= 0)
    print_single ("open + stock count, cache evicted", ms (open_evicted), "");
  g_print ("\nStock counted: %" G_GINT64_FORMAT " kits. Kits on hold before %" G_GINT64_FORMAT
           ", after %" G_GINT64_FORMAT ". WAL %.1f MB before closing. Peak RSS %ld MB.\n\n",
           counted_kits, held_before, held_after, wal_size / 1e6, peak_rss_mb ());
  return measure_dashboard (path, NULL, error);
}

/* ---- commands ----------------------------------------------------------- */

static gboolean
parse_options (GOptionEntry *entries,
               const char   *parameter,
               int          *argc,
               char       ***argv,
               GError      **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "unexpected argument “%s”", (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static int
fail (GError *error)
{
  g_printerr ("telekit-bench: %s\n", error->message);
  return 1;
}

static int
cmd_generate (int    argc,
              char **argv)
{
  g_autofree char *db = NULL;
  int kits = 100000;
  gint64 events = 2000000;
  int seed = 1;
  int max_cycles = -1;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The new database", "PATH" },
    { "kits", 0, 0, G_OPTION_ARG_INT, &kits, "Kits (default 100000)", "N" },
    { "events", 0, 0, G_OPTION_ARG_INT64, &events, "Events to aim for (default 2000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 1)", "S" },
    { "max-cycles", 0, 0, G_OPTION_ARG_INT, &max_cycles, "Home visits a kit at most (default: from --events)",
      "C" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!parse_options (entries, "- make the benchmark database", &argc, &argv, &error))
    return fail (error);
  if (db == NULL || kits < 2 || events < 0)
    {
      g_printerr ("telekit-bench: generate needs --db PATH and --kits of 2 or more.\n");
      return 1;
    }
  if (!generate (db, (guint) kits, (guint64) events, (guint32) seed, max_cycles, &error))
    return fail (error);
  return 0;
}

static int
cmd_run (int    argc,
         char **argv)
{
  g_autofree char *db = NULL;
  int scans = 2000;
  int seed = 1;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database from generate", "PATH" },
    { "scans", 0, 0, G_OPTION_ARG_INT, &scans, "Scans each side (default 2000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed for the kits scanned (default 1)", "S" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!parse_options (entries, "- measure on the benchmark database", &argc, &argv, &error))
    return fail (error);
  if (db == NULL || scans < 1)
    {
      g_printerr ("telekit-bench: run needs --db PATH and --scans of 1 or more.\n");
      return 1;
    }
  if (!run (db, (guint) scans, (guint32) seed, &error))
    return fail (error);
  return 0;
}

static void
remove_database (const char *dir,
                 const char *db)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

static int
cmd_all (int    argc,
         char **argv)
{
  int kits = 2000;
  gint64 events = 40000;
  int scans = 200;
  int seed = 1;
  GOptionEntry entries[] = {
    { "kits", 0, 0, G_OPTION_ARG_INT, &kits, "Kits (default 2000)", "N" },
    { "events", 0, 0, G_OPTION_ARG_INT64, &events, "Events to aim for (default 40000)", "N" },
    { "scans", 0, 0, G_OPTION_ARG_INT, &scans, "Scans each side (default 200)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 1)", "S" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  gboolean ok;

  if (!parse_options (entries, "- generate a temporary database and measure on it", &argc, &argv, &error))
    return fail (error);
  if (kits < 2 || events < 0 || scans < 1)
    {
      g_printerr ("telekit-bench: all needs --kits of 2 or more and --scans of 1 or more.\n");
      return 1;
    }
  if ((dir = g_dir_make_tmp ("telekit-bench-XXXXXX", &error)) == NULL)
    return fail (error);
  db = g_build_filename (dir, "bench.db", NULL);

  ok = generate (db, (guint) kits, (guint64) events, (guint32) seed, -1, &error) &&
       run (db, (guint) scans, (guint32) seed, &error);
  remove_database (dir, db);
  if (!ok)
    return fail (error);
  return 0;
}

static int
cmd_dashboard (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *today = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database from generate", "PATH" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, "The day the dashboard is for (default: today)", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!parse_options (entries, "- measure the dashboard refresh", &argc, &argv, &error))
    return fail (error);
  if (db == NULL || (today != NULL && !tlk_date_is_valid_iso (today)))
    {
      g_printerr ("telekit-bench: dashboard needs --db PATH (and --today as YYYY-MM-DD).\n");
      return 1;
    }
  if (!measure_dashboard (db, today, &error))
    return fail (error);
  return 0;
}

static const struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *help;
} commands[] = {
  { "generate", cmd_generate, "--db PATH [--kits 100000] [--events 2000000] [--seed S] [--max-cycles C]" },
  { "run", cmd_run, "--db PATH [--scans 2000] [--seed S]" },
  { "dashboard", cmd_dashboard, "--db PATH [--today YYYY-MM-DD]: the dashboard refresh alone" },
  { "all", cmd_all, "[--kits 2000] [--events 40000] [--scans 200]: both, on a temporary database" },
};

static void
usage (void)
{
  g_printerr ("Usage: telekit-bench COMMAND …\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-9s %s\n", commands[i].name, commands[i].help);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      usage ();
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  usage ();
  return strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "help") == 0 ? 0 : 1;
}
