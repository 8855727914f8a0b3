/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-calendar.h"
#include "tlk-code.h"
#include "tlk-demo.h"
#include "tlk-entities.h"
#include "tlk-store-dashboard.h"
#include "tlk-store-test-util.h"
#include "tlk-world.h"

/*
 * Every figure of the dashboard against a count written here on its own:
 * SQL on a second connection, and for what SQL cannot say (Danish months,
 * ages in days, ready stock in the past) a computation of the test's own,
 * with the time zone database's Europe/Copenhagen rather than the core's
 * rule.
 */

#define DEMO_KITS 240
#define HORIZON   60

static GTimeZone *copenhagen;

static char *
danish_date (const char *iso)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (t == NULL)
    g_error ("not an ISO time: %s", iso);
  local = g_date_time_to_timezone (t, copenhagen);
  return g_date_time_format (local, "%Y-%m-%d");
}

static char *
today_danish (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (copenhagen);
  return g_date_time_format (now, "%Y-%m-%d");
}

static int
days_between (const char *a,
              const char *b)
{
  GDate da, db;

  g_date_clear (&da, 1);
  g_date_clear (&db, 1);
  g_date_set_parse (&da, a);
  g_date_set_parse (&db, b);
  g_assert_true (g_date_valid (&da) && g_date_valid (&db));
  return g_date_days_between (&da, &db);
}

/* Rows of @sql as a NULL-terminated list of column vectors. */
static GPtrArray *
sql_rows (const char *path,
          const char *sql)
{
  g_autofree char *text = tlk_test_sql_rows (path, sql);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], "|", -1));
  return rows;
}

static gint64
sql_int (const char *path,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gint64
sql_int (const char *path,
         const char *format,
         ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return tlk_test_sql_int (path, sql);
}

static guint
list_total (TlkStore   *store,
            TlkDashList list,
            const char *a,
            const char *b,
            const char *today)
{
  g_autoptr(GError) error = NULL;
  guint total = 0;
  g_autoptr(GPtrArray) rows = tlk_store_dashboard_list (store, list, a, b, today, HORIZON, 5, &total, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, MIN (total, 5));
  return total;
}

/* ---- the demo: every figure ------------------------------------------------ */

static void
test_demo_figures (void)
{
  g_autofree char *path = tlk_test_path ("demo.db");
  g_autofree char *today = today_danish ();
  g_autofree char *horizon = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (path, &error);
  TlkDemoOptions options = { DEMO_KITS, 7, 3, TRUE };
  g_autoptr(TlkDashboard) dash = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int total_kits = 0;
  gboolean some_low = FALSE;

  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  g_assert_no_error (error);
  dash = tlk_store_dashboard (store, today, HORIZON, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dash);
  {
    GDate h;
    g_date_clear (&h, 1);
    g_date_set_parse (&h, today);
    g_date_add_days (&h, HORIZON);
    horizon = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&h), g_date_get_month (&h), g_date_get_day (&h));
  }

  /* Ready stock per kit type and its threshold. */
  g_assert_cmpuint (dash->stock->len, ==, sql_int (path, "SELECT COUNT(*) FROM kit_types"));
  for (guint i = 0; i < dash->stock->len; i++)
    {
      TlkDashStock *s = g_ptr_array_index (dash->stock, i);
      gint64 ready = sql_int (path, "SELECT COUNT(*) FROM kits WHERE state = 'ready' AND kit_type = '%s'", s->kit_type);
      gint64 reorder = sql_int (path, "SELECT reorder_at FROM kit_types WHERE id = '%s'", s->kit_type);

      g_assert_cmpint (s->ready, ==, ready);
      g_assert_cmpint (s->reorder_at, ==, reorder);
      g_assert_cmpint (s->low, ==, reorder > 0 && ready < reorder);
      g_assert_cmpint (s->weekly[TLK_DASHBOARD_WEEKS - 1], ==, ready);
      g_assert_cmpuint (list_total (store, TLK_DASH_LIST_KITS_READY, s->kit_type, NULL, today), ==, ready);
      some_low |= s->low;
    }
  /* The demo is made so that one kit type needs reordering. */
  g_assert_true (some_low);

  /* Kits by state. */
  rows = sql_rows (path, "SELECT state, COUNT(*) FROM kits GROUP BY state");
  g_assert_cmpuint (dash->kits_by_state->len, ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      gboolean found = FALSE;

      for (guint j = 0; j < dash->kits_by_state->len; j++)
        {
          TlkDashCount *c = g_ptr_array_index (dash->kits_by_state, j);
          if (g_strcmp0 (c->key, row[0]) == 0)
            {
              g_assert_cmpint (c->count, ==, g_ascii_strtoll (row[1], NULL, 10));
              g_assert_cmpuint (list_total (store, TLK_DASH_LIST_KITS_IN_STATE, c->key, NULL, today), ==, c->count);
              found = TRUE;
            }
        }
      g_assert_true (found);
      total_kits += (int) g_ascii_strtoll (row[1], NULL, 10);
    }
  g_assert_cmpint (total_kits, ==, sql_int (path, "SELECT COUNT(*) FROM kits"));

  /* Kits by place: locations, then with drivers and in homes. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = sql_rows (path, "SELECT location, COUNT(*) FROM kits WHERE location IS NOT NULL GROUP BY location");
  for (guint j = 0; j < dash->kits_by_location->len; j++)
    {
      TlkDashCount *c = g_ptr_array_index (dash->kits_by_location, j);
      gint64 expected;

      if (c->key == NULL)
        expected = sql_int (path, "SELECT COUNT(*) FROM kits WHERE state = 'installed'");
      else if (*c->key == '\0')
        expected = sql_int (path, "SELECT COUNT(*) FROM kits WHERE custodian IS NOT NULL");
      else
        expected = sql_int (path, "SELECT COUNT(*) FROM kits WHERE location = '%s'", c->key);
      g_assert_cmpint (c->count, ==, expected);
      g_assert_cmpuint (list_total (store, TLK_DASH_LIST_KITS_AT, c->key, NULL, today), ==, expected);
    }
  g_assert_cmpuint (dash->kits_by_location->len, >=, rows->len);

  /* The order pipeline. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = sql_rows (path, "SELECT state, customer, COUNT(*) FROM orders WHERE state NOT IN ('closed', 'cancelled')"
                         " GROUP BY state, customer");
  g_assert_cmpuint (dash->pipeline->len, ==, rows->len);
  for (guint i = 0; i < dash->pipeline->len; i++)
    {
      TlkDashPipeline *p = g_ptr_array_index (dash->pipeline, i);
      const char *state = tlk_order_state_to_string (p->state);

      g_autofree char *kind_sql = g_strdup_printf ("SELECT kind FROM customers WHERE id = '%s'", p->customer);
      g_autofree char *kind = tlk_test_sql_text (path, kind_sql);

      g_assert_cmpstr (p->kind, ==, kind);
      g_assert_cmpint (p->count, ==, sql_int (path, "SELECT COUNT(*) FROM orders WHERE state = '%s'"
                                                    " AND customer = '%s'", state, p->customer));
      g_assert_cmpint (dash->pipeline_by_state[p->state], ==,
                       sql_int (path, "SELECT COUNT(*) FROM orders WHERE state = '%s'", state));
      g_assert_cmpuint (list_total (store, TLK_DASH_LIST_ORDERS, state, p->customer, today), ==, p->count);
    }

  /* SLA: open and late tasks per customer from the due dates; done this
   * month and in the last twelve by Danish month, computed here. */
  {
    g_autoptr(GPtrArray) orders = sql_rows (path, "SELECT customer, installed_at, install_late, returned_at,"
                                                  " pickup_late FROM orders");
    int late_total = 0;
    int month_done[TLK_DASHBOARD_MONTHS][2] = { { 0, } };
    int month_late[TLK_DASHBOARD_MONTHS][2] = { { 0, } };

    for (guint i = 0; i < dash->sla->len; i++)
      {
        TlkDashSla *s = g_ptr_array_index (dash->sla, i);
        const char *states = s->task == TLK_SLA_INSTALL ? "'received', 'allocated', 'scheduled'"
                                                        : "'return_requested', 'pickup_scheduled'";
        const char *due = s->task == TLK_SLA_INSTALL ? "install_due" : "pickup_due";
        const char *task = s->task == TLK_SLA_INSTALL ? "install" : "pickup";
        int done = 0, done_late = 0;

        g_assert_cmpint (s->open, ==, sql_int (path, "SELECT COUNT(*) FROM orders WHERE customer = '%s'"
                                                     " AND state IN (%s)", s->customer, states));
        g_assert_cmpint (s->open_late, ==, sql_int (path, "SELECT COUNT(*) FROM orders WHERE customer = '%s'"
                                                          " AND state IN (%s) AND %s < '%s'",
                                                          s->customer, states, due, today));
        late_total += s->open_late;
        for (guint o = 0; o < orders->len; o++)
          {
            char **row = g_ptr_array_index (orders, o);
            const char *at = row[s->task == TLK_SLA_INSTALL ? 1 : 3];
            const char *late = row[s->task == TLK_SLA_INSTALL ? 2 : 4];
            g_autofree char *day = NULL;

            if (strcmp (row[0], s->customer) != 0 || strcmp (at, "NULL") == 0)
              continue;
            day = danish_date (at);
            if (strncmp (day, today, 7) == 0)
              {
                done++;
                done_late += strcmp (late, "1") == 0;
              }
          }
        g_assert_cmpint (s->done, ==, done);
        g_assert_cmpint (s->done_late, ==, done_late);
        g_assert_cmpuint (list_total (store, TLK_DASH_LIST_OPEN_TASKS, task, s->customer, today), ==, s->open);
        g_assert_cmpuint (list_total (store, TLK_DASH_LIST_LATE_TASKS, task, s->customer, today), ==, s->open_late);
        g_assert_cmpuint (list_total (store, TLK_DASH_LIST_DONE_TASKS, task, s->customer, today), ==, s->done);
      }
    g_assert_cmpint (dash->late_tasks, ==, late_total);
    g_assert_cmpint (dash->overdue_returns, ==,
                     sql_int (path, "SELECT COUNT(*) FROM orders WHERE state IN ('return_requested',"
                                    " 'pickup_scheduled') AND pickup_due < '%s'", today));

    for (guint o = 0; o < orders->len; o++)
      {
        char **row = g_ptr_array_index (orders, o);

        for (int task = 0; task < 2; task++)
          {
            const char *at = row[task == 0 ? 1 : 3];
            g_autofree char *day = NULL;

            if (strcmp (at, "NULL") == 0)
              continue;
            day = danish_date (at);
            for (int m = 0; m < TLK_DASHBOARD_MONTHS; m++)
              {
                TlkDashSlaMonth *month = g_ptr_array_index (dash->sla_months, m);
                if (strncmp (day, month->month, 7) == 0)
                  {
                    month_done[m][task]++;
                    month_late[m][task] += strcmp (row[task == 0 ? 2 : 4], "1") == 0;
                  }
              }
          }
      }
    g_assert_cmpuint (dash->sla_months->len, ==, TLK_DASHBOARD_MONTHS);
    g_assert_cmpint (strncmp (((TlkDashSlaMonth *) g_ptr_array_index (dash->sla_months, TLK_DASHBOARD_MONTHS - 1))
                              ->month, today, 7), ==, 0);
    for (int m = 0; m < TLK_DASHBOARD_MONTHS; m++)
      for (int task = 0; task < 2; task++)
        {
          TlkDashSlaMonth *month = g_ptr_array_index (dash->sla_months, m);
          g_assert_cmpint (month->done[task], ==, month_done[m][task]);
          g_assert_cmpint (month->on_time[task], ==, month_done[m][task] - month_late[m][task]);
        }
  }

  /* Backlog by age, in Danish days. */
  for (int i = 0; i < 3; i++)
    {
      TlkDashBacklog *b = &dash->backlog[i];
      const char *state = tlk_kit_state_to_string (b->state);
      g_autoptr(GPtrArray) kits = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT since FROM kits WHERE state = '%s'", state);
      int buckets[4] = { 0, }, oldest = 0;

      kits = sql_rows (path, sql);
      g_assert_cmpint (b->count, ==, kits->len);
      for (guint k = 0; k < kits->len; k++)
        {
          g_autofree char *day = danish_date (((char **) g_ptr_array_index (kits, k))[0]);
          int age = days_between (day, today);

          buckets[age <= 2 ? 0 : age <= 7 ? 1 : age <= 14 ? 2 : 3]++;
          oldest = MAX (oldest, age);
        }
      for (int k = 0; k < 4; k++)
        g_assert_cmpint (b->buckets[k], ==, buckets[k]);
      g_assert_cmpint (b->oldest_days, ==, oldest);
    }

  /* Devices and conflicts. */
  g_assert_cmpint (dash->expiring, ==, sql_int (path, "SELECT COUNT(*) FROM devices WHERE expiry <= '%s'"
                                                      " AND state NOT IN ('retired', 'lost')", horizon));
  g_assert_cmpint (dash->calibration_due, ==, sql_int (path, "SELECT COUNT(*) FROM devices WHERE calibration_due"
                                                             " <= '%s' AND state NOT IN ('retired', 'lost')", horizon));
  g_assert_cmpuint (list_total (store, TLK_DASH_LIST_EXPIRING, NULL, NULL, today), ==, dash->expiring);
  g_assert_cmpuint (list_total (store, TLK_DASH_LIST_CALIBRATION, NULL, NULL, today), ==, dash->calibration_due);
  g_assert_cmpint (dash->open_conflicts, ==, sql_int (path, "SELECT COUNT(*) FROM events WHERE conflict IS NOT NULL"));
}

/* Ready stock at the end of past weeks: each kit's state at that moment,
 * replayed here event by event, against the dashboard's weekly figures. */
typedef struct
{
  TlkWorld   *world;
  GHashTable *timeline;   /* kit id → GPtrArray of "day|state|kit type" */
} Replay;

static gboolean
replay_cb (const TlkEvent *event,
           gpointer        user_data)
{
  Replay *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autofree char *day = NULL;

  if (event->conflict != NULL)
    return TRUE;
  g_assert_true (tlk_world_apply (r->world, event, &error));
  g_assert_no_error (error);
  day = danish_date (event->occurred_at);
  dirty = tlk_world_dirty (r->world, TLK_SUBJECT_KIT);
  for (guint i = 0; i < dirty->len; i++)
    {
      TlkKit *kit = g_ptr_array_index (dirty, i);
      GPtrArray *line = g_hash_table_lookup (r->timeline, kit->id);

      if (line == NULL)
        g_hash_table_insert (r->timeline, g_strdup (kit->id), line = g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (line, g_strdup_printf ("%s|%s|%s", day, tlk_kit_state_to_string (kit->state), kit->kit_type));
    }
  tlk_world_clear_dirty (r->world);
  return TRUE;
}

static void
test_stock_over_time (void)
{
  g_autofree char *path = tlk_test_path ("history.db");
  g_autofree char *today = today_danish ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (path, &error);
  TlkDemoOptions options = { 150, 11, 4, FALSE };
  g_autoptr(TlkDashboard) dash = NULL;
  g_autoptr(TlkWorld) world = tlk_world_new (NULL, NULL);
  g_autoptr(GHashTable) timeline = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  Replay replay = { world, timeline };
  gboolean changed = FALSE;

  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  g_assert_no_error (error);
  dash = tlk_store_dashboard (store, today, HORIZON, &error);
  g_assert_no_error (error);
  g_assert_true (tlk_store_foreach_event (store, replay_cb, &replay, &error));
  g_assert_no_error (error);

  for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
    {
      GDate d;
      g_autofree char *end = NULL;
      GHashTableIter iter;
      gpointer value;

      /* The week ends on this Danish day. */
      g_date_clear (&d, 1);
      g_date_set_parse (&d, today);
      g_date_subtract_days (&d, 7 * (TLK_DASHBOARD_WEEKS - 1 - w));
      end = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));

      for (guint t = 0; t < dash->stock->len; t++)
        {
          TlkDashStock *s = g_ptr_array_index (dash->stock, t);
          int ready = 0;

          g_hash_table_iter_init (&iter, timeline);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              GPtrArray *line = value;
              const char *last = NULL;

              for (guint i = 0; i < line->len; i++)
                if (strncmp (g_ptr_array_index (line, i), end, 10) <= 0)
                  last = g_ptr_array_index (line, i);
              if (last != NULL)
                {
                  g_auto(GStrv) parts = g_strsplit (last, "|", 3);
                  ready += strcmp (parts[1], "ready") == 0 && strcmp (parts[2], s->kit_type) == 0;
                }
            }
          g_assert_cmpint (s->weekly[w], ==, ready);
          changed |= w > 0 && s->weekly[w] != s->weekly[w - 1];
        }
    }
  /* The demo's histories move stock in these weeks: a flat line would not
   * test much. */
  g_assert_true (changed);
}

/* ---- SLA due dates by hand ------------------------------------------------- */

static void
append (TlkStore   *store,
        TlkEvent   *event,
        const char *at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkEvent) owned = event;
  gboolean ok;

  if (at != NULL)
    {
      g_free (event->occurred_at);
      event->occurred_at = g_strdup (at);
    }
  ok = tlk_store_append (store, event, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
add_order (TlkStore   *store,
           const char *id,
           const char *customer,
           const char *received_at,
           const char *requested)
{
  TlkEvent *e = tlk_event_new (TLK_EVENT_ORDER_RECEIVED, id, "anne");

  tlk_event_set_string (e, "customer", customer);
  tlk_event_set_string (e, "case_ref", id);
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "cit-1");
  tlk_event_set_string (e, "requested_date", requested);
  append (store, e, received_at);
}

static void
set_terms (TlkStore   *store,
           const char *customer,
           const char *from,
           int         install_days,
           int         pickup_days)
{
  TlkEvent *e = tlk_event_new (TLK_EVENT_CUSTOMER_TERMS_SET, customer, "admin");

  tlk_event_set_string (e, "from", from);
  tlk_event_set_int (e, "install_days", install_days);
  tlk_event_set_int (e, "pickup_days", pickup_days);
  append (store, e, "2025-12-01T08:00:00Z");
}

static void
test_sla_by_hand (void)
{
  static const struct
  {
    const char *order;
    const char *due;
    int         days_late;   /* on 2026-05-11 */
  } expected[] = {
    /* Thu 26 March + 3: Fri 27, Mon 30, Tue 31. */
    { "o-a", "2026-03-31", 26 },
    /* Wed 1 April + 3 over Easter (Thu 2, Fri 3, Mon 6 closed): Tue 7, Wed 8, Thu 9. */
    { "o-b", "2026-04-09", 22 },
    /* 22:30 UTC on 31 March is 00:30 on 1 April in Denmark: as o-b. */
    { "o-c", "2026-04-09", 22 },
    /* Thu 2 April + 3 is Thu 9, but the customer asked for the 20th. */
    { "o-d", "2026-04-20", 15 },
    /* Mon 4 May under the May terms (2 days): Tue 5, Wed 6. */
    { "o-e", "2026-05-06", 3 },
    /* Fri 8 May + 2: Mon 11, Tue 12; not late on the 11th. */
    { "o-f", "2026-05-12", 0 },
    /* No terms: the date asked for. */
    { "o-g", "2026-05-15", 0 },
    { "o-h", "2026-05-05", 4 },
  };
  g_autofree char *path = tlk_test_path ("sla.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (path, &error);
  g_autoptr(TlkDashboard) dash = NULL;
  g_autoptr(GPtrArray) late = NULL;
  TlkEvent *e;
  guint total = 0;
  int checked = 0;

  g_assert_no_error (error);
  tlk_test_append_basics (store);
  e = tlk_event_new (TLK_EVENT_CUSTOMER_DEFINED, "c-aarhus", "admin");
  tlk_event_set_string (e, "name", "Aarhus Kommune");
  tlk_event_set_string (e, "kind", "municipality");
  append (store, e, NULL);
  e = tlk_event_new (TLK_EVENT_CUSTOMER_DEFINED, "c-skive", "admin");
  tlk_event_set_string (e, "name", "Skive Kommune");
  tlk_event_set_string (e, "kind", "municipality");
  append (store, e, NULL);
  set_terms (store, "c-aarhus", "2026-01", 3, 5);
  set_terms (store, "c-aarhus", "2026-05", 2, 5);

  add_order (store, "o-a", "c-aarhus", "2026-03-26T09:00:00Z", "2026-03-27");
  add_order (store, "o-b", "c-aarhus", "2026-04-01T10:00:00Z", "2026-04-01");
  add_order (store, "o-c", "c-aarhus", "2026-03-31T22:30:00Z", "2026-04-01");
  add_order (store, "o-d", "c-aarhus", "2026-04-02T08:00:00Z", "2026-04-20");
  add_order (store, "o-e", "c-aarhus", "2026-05-04T08:00:00Z", "2026-05-04");
  add_order (store, "o-f", "c-aarhus", "2026-05-08T08:00:00Z", "2026-05-08");
  add_order (store, "o-g", "c-skive", "2026-05-01T08:00:00Z", "2026-05-15");
  add_order (store, "o-h", "c-skive", "2026-05-01T09:00:00Z", "2026-05-05");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(TlkOrder) order = tlk_store_load (store, TLK_SUBJECT_ORDER, expected[i].order);
      g_assert_cmpstr (order->install_due, ==, expected[i].due);
      g_assert_cmpint (order->install_late, ==, -1);
    }

  dash = tlk_store_dashboard (store, "2026-05-11", HORIZON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dash->sla->len, ==, 2);
  {
    TlkDashSla *aarhus = g_ptr_array_index (dash->sla, 0);
    TlkDashSla *skive = g_ptr_array_index (dash->sla, 1);

    g_assert_cmpstr (aarhus->customer, ==, "c-aarhus");
    g_assert_cmpint (aarhus->task, ==, TLK_SLA_INSTALL);
    g_assert_cmpint (aarhus->target_days, ==, 2);
    g_assert_cmpint (aarhus->open, ==, 6);
    g_assert_cmpint (aarhus->open_late, ==, 5);
    g_assert_cmpstr (skive->customer, ==, "c-skive");
    g_assert_cmpint (skive->target_days, ==, 0);
    g_assert_cmpint (skive->open, ==, 2);
    g_assert_cmpint (skive->open_late, ==, 1);
  }
  g_assert_cmpint (dash->late_tasks, ==, 6);
  g_assert_cmpint (dash->overdue_returns, ==, 0);

  /* The list behind "late": latest first, with the working days late. */
  late = tlk_store_dashboard_list (store, TLK_DASH_LIST_LATE_TASKS, "install", NULL, "2026-05-11", HORIZON, 100,
                                   &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 6);
  for (guint i = 0; i < late->len; i++)
    {
      TlkDashRow *row = g_ptr_array_index (late, i);

      g_assert_cmpint (row->kind, ==, TLK_SUBJECT_ORDER);
      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (strcmp (row->id, expected[j].order) == 0)
          {
            g_autofree char *days = g_strdup_printf (" %d working day", expected[j].days_late);
            g_autofree char *due = g_strdup_printf ("due %s", expected[j].due);

            g_assert_nonnull (strstr (row->subtitle, days));
            g_assert_nonnull (strstr (row->subtitle, due));
            checked++;
          }
      if (i > 0)
        g_assert_cmpstr (((TlkDashRow *) g_ptr_array_index (late, 0))->id, ==, "o-a");
    }
  g_assert_cmpint (checked, ==, 6);
}

/* ---- boundaries: week ends and ages in Danish days ---------------------- */

/* A complete kit of the basics' type, released at @released_at, held at
 * @held_at (may be NULL). */
static void
add_kit (TlkStore   *store,
         guint       n,
         const char *released_at,
         const char *held_at)
{
  g_autofree char *kit = tlk_code_make (TLK_CODE_KIND_KIT, 100 + n);
  g_autofree char *device = tlk_code_make (TLK_CODE_KIND_DEVICE, 100 + n);
  g_autofree char *serial = g_strdup_printf ("SN-B%u", n);
  TlkEvent *e;

  e = tlk_event_new (TLK_EVENT_DEVICE_RECEIVED, device, "mette");
  tlk_event_set_string (e, "model", "nonin_3230");
  tlk_event_set_string (e, "serial", serial);
  tlk_event_set_string (e, "location", TLK_TEST_LOCATION);
  append (store, e, "2026-01-05T08:00:00Z");
  e = tlk_event_new (TLK_EVENT_KIT_CREATED, kit, "mette");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "location", TLK_TEST_LOCATION);
  append (store, e, "2026-01-05T08:00:00Z");
  e = tlk_event_new (TLK_EVENT_KIT_DEVICE_ADDED, kit, "mette");
  tlk_event_set_string (e, "device", device);
  append (store, e, "2026-01-05T08:00:00Z");
  append (store, tlk_event_new (TLK_EVENT_KIT_RELEASED, kit, "mette"), released_at);
  if (held_at != NULL)
    {
      e = tlk_event_new (TLK_EVENT_KIT_HELD, kit, "mette");
      tlk_event_set_string (e, "reason", "battery low");
      append (store, e, held_at);
    }
}

static void
test_boundaries (void)
{
  g_autofree char *path = tlk_test_path ("bounds.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (path, &error);
  g_autoptr(TlkDashboard) dash = NULL;
  TlkDashStock *kol;
  TlkDashBacklog *held;

  g_assert_no_error (error);
  tlk_test_append_basics (store);
  /* Weeks end on Mondays 11 May, 4 May, 27 April… (today is 11 May). */
  add_kit (store, 1, "2026-05-04T10:00:00Z", NULL);                    /* ready from the week ending 4 May */
  add_kit (store, 2, "2026-04-20T10:00:00Z", "2026-05-04T22:30:00Z");  /* held 00:30 on 5 May, Danish time */
  add_kit (store, 3, "2026-04-20T10:00:00Z", "2026-05-04T21:30:00Z");  /* held 23:30 on 4 May */
  /* On hold for 1, 2 (22:30 UTC on the 8th is the 9th in Denmark), 5, 10
   * and 20 days. */
  add_kit (store, 4, "2026-04-01T10:00:00Z", "2026-05-10T08:00:00Z");
  add_kit (store, 5, "2026-04-01T10:00:00Z", "2026-05-08T22:30:00Z");
  add_kit (store, 6, "2026-04-01T10:00:00Z", "2026-05-06T08:00:00Z");
  add_kit (store, 7, "2026-04-01T10:00:00Z", "2026-05-01T08:00:00Z");
  add_kit (store, 8, "2026-04-01T10:00:00Z", "2026-04-21T08:00:00Z");

  dash = tlk_store_dashboard (store, "2026-05-11", HORIZON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dash->stock->len, ==, 1);
  kol = g_ptr_array_index (dash->stock, 0);
  /* Now only kit 1 is ready (the basics' kit was never released). */
  g_assert_cmpint (kol->ready, ==, 1);
  g_assert_cmpint (kol->weekly[TLK_DASHBOARD_WEEKS - 1], ==, 1);
  /* End of 4 May: kit 1 (released that day), kit 2 (held after Danish
   * midnight, not kit 3, held before it), kits 4, 5 and 6 (held later);
   * 7 and 8 were held before. */
  g_assert_cmpint (kol->weekly[TLK_DASHBOARD_WEEKS - 2], ==, 1 + 1 + 3);
  /* End of 27 April: kits 2, 3 and 4–7. */
  g_assert_cmpint (kol->weekly[TLK_DASHBOARD_WEEKS - 3], ==, 2 + 4);
  /* End of 20 April: kits 2 and 3 released that day, 4–8 (8 held on the 21st). */
  g_assert_cmpint (kol->weekly[TLK_DASHBOARD_WEEKS - 4], ==, 2 + 5);
  /* End of 13 April: kits 4–8. */
  g_assert_cmpint (kol->weekly[TLK_DASHBOARD_WEEKS - 5], ==, 5);

  held = &dash->backlog[2];
  g_assert_cmpint (held->state, ==, TLK_KIT_ON_HOLD);
  g_assert_cmpint (held->count, ==, 7);
  /* Ages: kits 2 and 3 (6 and 7 days, held 5 May / 4 May), 4 (1), 5 (2),
   * 6 (5), 7 (10), 8 (20). */
  g_assert_cmpint (held->buckets[0], ==, 2);
  g_assert_cmpint (held->buckets[1], ==, 3);
  g_assert_cmpint (held->buckets[2], ==, 1);
  g_assert_cmpint (held->buckets[3], ==, 1);
  g_assert_cmpint (held->oldest_days, ==, 20);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  copenhagen = g_time_zone_new_identifier ("Europe/Copenhagen");
  if (copenhagen == NULL)
    g_error ("the time zone database (tzdata) has no Europe/Copenhagen");

  g_test_add_func ("/dashboard/demo-figures", test_demo_figures);
  g_test_add_func ("/dashboard/stock-over-time", test_stock_over_time);
  g_test_add_func ("/dashboard/sla-by-hand", test_sla_by_hand);
  g_test_add_func ("/dashboard/boundaries", test_boundaries);
  status = g_test_run ();
  tlk_test_tmpdir_clear ();
  g_time_zone_unref (copenhagen);
  return status;
}
