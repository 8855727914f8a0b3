/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-store-dashboard.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-calendar.h"
#include "tlk-code.h"
#include "tlk-store-private.h"
#include "tlk-terms.h"

/* ---- what the figures share --------------------------------------------- */

typedef struct
{
  TlkStore    *store;
  const char  *today;
  TlkWorkdays *workdays;
  GHashTable  *customers;   /* id → TlkCustomer */
  GHashTable  *terms;       /* "customer\x1fYYYY-MM" → TlkTerms in force, or NULL */
} Figures;

static void
figures_clear (Figures *f)
{
  g_clear_pointer (&f->workdays, tlk_workdays_free);
  g_clear_pointer (&f->customers, g_hash_table_unref);
  g_clear_pointer (&f->terms, g_hash_table_unref);
}

static gboolean
figures_init (Figures    *f,
              TlkStore   *store,
              const char *today,
              GError    **error)
{
  g_autoptr(GPtrArray) customers = NULL;
  g_autofree char *first = tlk_calendar_date_shift (today, -800);
  g_autofree char *last = tlk_calendar_date_shift (today, 400);

  memset (f, 0, sizeof *f);
  f->store = store;
  f->today = today;
  if ((customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, error)) == NULL)
    return FALSE;
  f->customers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) tlk_customer_free);
  for (guint i = 0; i < customers->len; i++)
    {
      TlkCustomer *c = g_ptr_array_index (customers, i);
      g_hash_table_insert (f->customers, c->id, c);
    }
  g_ptr_array_set_free_func (customers, NULL);
  f->terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) tlk_terms_free);

  /* Timers of the last two years and the next one, by prefix sums. */
  f->workdays = tlk_workdays_new (first, last);
  return TRUE;
}

static const char *
customer_name (Figures    *f,
               const char *id)
{
  TlkCustomer *c = g_hash_table_lookup (f->customers, id);
  return c ? c->name : id;
}

/* The target of @task for a task of @customer started on @start_date: the
 * one in force in that month. */
static int
target_for (Figures    *f,
            const char *customer,
            const char *start_date,
            TlkSlaTask  task)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%.7s", customer, start_date);
  TlkTerms *terms;

  if (!g_hash_table_lookup_extended (f->terms, key, NULL, (gpointer *) &terms))
    {
      TlkCustomer *c = g_hash_table_lookup (f->customers, customer);
      g_autofree char *month = g_strndup (start_date, 7);

      terms = c ? tlk_customer_terms_for_month (c, month) : NULL;
      g_hash_table_insert (f->terms, g_steal_pointer (&key), terms);
    }
  if (terms == NULL)
    return 0;
  return task == TLK_SLA_INSTALL ? terms->install_days : terms->pickup_days;
}

/* One task of an order and when it is due. */
typedef struct
{
  char      *order;
  TlkSlaTask task;
  char      *due;        /* NULL: no due date */
  gboolean   late;
  int        days_late;  /* open tasks: working days past due */
} Task;

static void
task_free (Task *t)
{
  g_free (t->order);
  g_free (t->due);
  g_free (t);
}

/* Open tasks, or (with ?1, ?2) those done between two ISO times. */
static const char *const task_sql[2][2] = {
  [TLK_SLA_INSTALL] = {
    "SELECT id, customer, install_due, NULL FROM orders WHERE state IN ('received', 'allocated', 'scheduled')",
    "SELECT id, customer, install_due, install_late FROM orders WHERE installed_at >= ?1 AND installed_at < ?2",
  },
  [TLK_SLA_PICKUP] = {
    "SELECT id, customer, pickup_due, NULL FROM orders WHERE state IN ('return_requested', 'pickup_scheduled')",
    "SELECT id, customer, pickup_due, pickup_late FROM orders WHERE returned_at >= ?1 AND returned_at < ?2",
  },
};

/* The open tasks (@done_from NULL) or those done from @done_from to
 * @done_to, of @customer or of all. */
static GPtrArray *
collect_tasks (Figures    *f,
               TlkSlaTask  task,
               const char *done_from,
               const char *done_to,
               const char *customer,
               GError    **error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) task_free);
  sqlite3_stmt *stmt = tlk_store_prepare (f->store, task_sql[task][done_from != NULL], error);
  int rc;

  if (stmt == NULL)
    return NULL;
  tlk_sql_bind_text (stmt, 1, done_from);
  tlk_sql_bind_text (stmt, 2, done_to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Task *t;

      if (customer != NULL && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), customer) != 0)
        continue;
      t = g_new0 (Task, 1);
      t->order = tlk_sql_column_text (stmt, 0);
      t->task = task;
      t->due = tlk_sql_column_text (stmt, 2);
      if (done_from != NULL)
        t->late = sqlite3_column_int (stmt, 3) == 1;
      else if (tlk_sla_is_late (t->due, f->today))
        {
          t->late = TRUE;
          t->days_late = tlk_workdays_between (f->workdays, t->due, f->today);
        }
      g_ptr_array_add (tasks, t);
    }
  if (rc != SQLITE_DONE)
    {
      tlk_store_sql_error (f->store, error, _("read the orders"));
      return NULL;
    }
  return g_steal_pointer (&tasks);
}

/* The first day of the month @back months before @today's, Danish
 * midnight as an ISO time (UTC). */
static char *
month_start_iso (const char *today,
                 int         back,
                 char      **month)
{
  g_autofree char *m = tlk_calendar_month_shift (today, -back);
  g_autofree char *first = g_strconcat (m, "-01", NULL);

  if (month != NULL)
    *month = g_steal_pointer (&m);
  return tlk_calendar_danish_midnight (first);
}

/* ---- the figures --------------------------------------------------------- */

static TlkDashCount *
dash_count (const char *key,
            const char *label,
            int         count)
{
  TlkDashCount *c = g_new0 (TlkDashCount, 1);

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->count = count;
  return c;
}

static void
stock_free (TlkDashStock *s)
{
  g_free (s->kit_type);
  g_free (s->name);
  g_free (s);
}

static void
pipeline_free (TlkDashPipeline *p)
{
  g_free (p->customer);
  g_free (p->name);
  g_free (p->kind);
  g_free (p);
}

static void
sla_free (TlkDashSla *s)
{
  g_free (s->customer);
  g_free (s->name);
  g_free (s);
}

static void
sla_month_free (TlkDashSlaMonth *m)
{
  g_free (m->month);
  g_free (m);
}

static int
compare_stock (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate ((*(TlkDashStock **) a)->name, (*(TlkDashStock **) b)->name);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate ((*(TlkDashCount **) a)->label, (*(TlkDashCount **) b)->label);
}

static gboolean
read_kits (Figures      *f,
           TlkDashboard *dash,
           GError      **error)
{
  int by_state[TLK_KIT_N_STATES] = { 0, };
  g_autoptr(GPtrArray) types = tlk_store_list (f->store, TLK_SUBJECT_KIT_TYPE, NULL, error);
  g_autoptr(GHashTable) stock = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) locations = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (types == NULL)
    return FALSE;
  for (guint i = 0; i < types->len; i++)
    {
      TlkKitType *t = g_ptr_array_index (types, i);
      TlkDashStock *s = g_new0 (TlkDashStock, 1);

      s->kit_type = g_strdup (t->id);
      s->name = g_strdup (t->name);
      s->reorder_at = t->reorder_at;
      g_ptr_array_add (dash->stock, s);
      g_hash_table_insert (stock, s->kit_type, s);
    }

  /* One pass over the (state, kit type) index. */
  stmt = tlk_store_prepare (f->store, "SELECT state, kit_type, COUNT(*) FROM kits GROUP BY state, kit_type", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkKitState state = tlk_kit_state_from_string ((const char *) sqlite3_column_text (stmt, 0));
      TlkDashStock *s = g_hash_table_lookup (stock, sqlite3_column_text (stmt, 1));
      int n = sqlite3_column_int (stmt, 2);

      by_state[state] += n;
      if (state == TLK_KIT_READY && s != NULL)
        s->ready += n;
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (f->store, error, _("count the kits"));
  for (int st = TLK_KIT_ASSEMBLING; st < TLK_KIT_N_STATES; st++)
    if (by_state[st] > 0)
      g_ptr_array_add (dash->kits_by_state, dash_count (tlk_kit_state_to_string (st), tlk_kit_state_describe (st),
                                                        by_state[st]));
  for (guint i = 0; i < dash->stock->len; i++)
    {
      TlkDashStock *s = g_ptr_array_index (dash->stock, i);
      s->low = s->reorder_at > 0 && s->ready < s->reorder_at;
    }
  g_ptr_array_sort (dash->stock, compare_stock);

  /* Places from the location index; drivers and homes from the states. */
  if ((locations = tlk_store_list (f->store, TLK_SUBJECT_LOCATION, NULL, error)) == NULL)
    return FALSE;
  stmt = tlk_store_prepare (f->store, "SELECT location, COUNT(*) FROM kits WHERE location IS NOT NULL"
                            " GROUP BY location", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = id;

      for (guint i = 0; i < locations->len; i++)
        if (g_strcmp0 (((TlkLocation *) g_ptr_array_index (locations, i))->id, id) == 0)
          name = ((TlkLocation *) g_ptr_array_index (locations, i))->name;
      g_ptr_array_add (dash->kits_by_location, dash_count (id, name, sqlite3_column_int (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (f->store, error, _("count the kits"));
  g_ptr_array_sort (dash->kits_by_location, compare_counts);
  if (by_state[TLK_KIT_OUT] + by_state[TLK_KIT_RETURNING] > 0)
    g_ptr_array_add (dash->kits_by_location, dash_count ("", _("With drivers"),
                                                         by_state[TLK_KIT_OUT] + by_state[TLK_KIT_RETURNING]));
  if (by_state[TLK_KIT_INSTALLED] > 0)
    g_ptr_array_add (dash->kits_by_location, dash_count (NULL, _("In citizens’ homes"), by_state[TLK_KIT_INSTALLED]));
  return TRUE;
}

/* Ready stock at the end of each of the last weeks: today's count minus
 * what each later day added. */
static gboolean
read_stock_history (Figures      *f,
                    TlkDashboard *dash,
                    GError      **error)
{
  char *ends[TLK_DASHBOARD_WEEKS];
  sqlite3_stmt *stmt;
  int rc;
  gboolean ok;

  for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
    ends[w] = tlk_calendar_date_shift (f->today, -7 * (TLK_DASHBOARD_WEEKS - 1 - w));
  for (guint i = 0; i < dash->stock->len; i++)
    {
      TlkDashStock *s = g_ptr_array_index (dash->stock, i);
      for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
        s->weekly[w] = s->ready;
    }
  stmt = tlk_store_prepare (f->store, "SELECT day, kit_type, delta FROM ready_flow WHERE day > ?1", error);
  if (stmt == NULL)
    {
      for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
        g_free (ends[w]);
      return FALSE;
    }
  tlk_sql_bind_text (stmt, 1, ends[0]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *flow_day = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      int delta = sqlite3_column_int (stmt, 2);

      for (guint i = 0; i < dash->stock->len; i++)
        {
          TlkDashStock *s = g_ptr_array_index (dash->stock, i);

          if (g_strcmp0 (s->kit_type, type) != 0)
            continue;
          /* A day after a week's end changed the count since then. */
          for (int w = 0; w < TLK_DASHBOARD_WEEKS - 1; w++)
            if (strcmp (flow_day, ends[w]) > 0)
              s->weekly[w] -= delta;
        }
    }
  ok = rc == SQLITE_DONE || tlk_store_sql_error (f->store, error, _("read the stock history"));
  for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
    g_free (ends[w]);
  return ok;
}

static gboolean
read_pipeline (Figures      *f,
               TlkDashboard *dash,
               GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tlk_store_prepare (f->store, "SELECT state, customer, COUNT(*) FROM orders"
                            " WHERE state IN ('received', 'allocated', 'scheduled', 'installed', 'return_requested',"
                            " 'pickup_scheduled', 'returned') GROUP BY state, customer", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TlkDashPipeline *p = g_new0 (TlkDashPipeline, 1);

      p->state = tlk_order_state_from_string ((const char *) sqlite3_column_text (stmt, 0));
      p->customer = tlk_sql_column_text (stmt, 1);
      p->name = g_strdup (customer_name (f, p->customer));
      {
        TlkCustomer *c = g_hash_table_lookup (f->customers, p->customer);
        p->kind = g_strdup (c ? c->kind : NULL);
      }
      p->count = sqlite3_column_int (stmt, 2);
      dash->pipeline_by_state[p->state] += p->count;
      g_ptr_array_add (dash->pipeline, p);
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (f->store, error, _("count the orders"));
  return TRUE;
}

static TlkDashSla *
sla_for (GHashTable *by_key,
         GPtrArray  *out,
         Figures    *f,
         const char *customer,
         TlkSlaTask  task)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%d", customer, task);
  TlkDashSla *s = g_hash_table_lookup (by_key, key);

  if (s == NULL)
    {
      s = g_new0 (TlkDashSla, 1);
      s->customer = g_strdup (customer);
      s->name = g_strdup (customer_name (f, customer));
      s->task = task;
      s->target_days = target_for (f, customer, f->today, task);
      g_hash_table_insert (by_key, g_steal_pointer (&key), s);
      g_ptr_array_add (out, s);
    }
  return s;
}

static int
compare_sla (gconstpointer a,
             gconstpointer b)
{
  const TlkDashSla *x = *(TlkDashSla **) a, *y = *(TlkDashSla **) b;
  int cmp = g_utf8_collate (x->name, y->name);
  return cmp != 0 ? cmp : (int) x->task - (int) y->task;
}

/* Open tasks per customer, and how many are late. */
static const char *const open_sql[TLK_SLA_N_TASKS] = {
  "SELECT customer, COUNT(*), TOTAL(install_due < ?1) FROM orders"
  " WHERE state IN ('received', 'allocated', 'scheduled') GROUP BY customer",
  "SELECT customer, COUNT(*), TOTAL(pickup_due < ?1) FROM orders"
  " WHERE state IN ('return_requested', 'pickup_scheduled') GROUP BY customer",
};

/* Tasks done per month and customer, and how many late (the world counts
 * them as they are done). */
static const char *const done_sql =
  "SELECT month, customer, task, done, late FROM sla_done WHERE month >= ?1";

static gboolean
read_sla (Figures      *f,
          TlkDashboard *dash,
          GError      **error)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = TRUE;

  /* The months, oldest first. */
  for (int m = 0; m < TLK_DASHBOARD_MONTHS; m++)
    {
      TlkDashSlaMonth *month = g_new0 (TlkDashSlaMonth, 1);

      g_free (month_start_iso (f->today, TLK_DASHBOARD_MONTHS - 1 - m, &month->month));
      g_ptr_array_add (dash->sla_months, month);
    }

  for (int task = 0; ok && task < TLK_SLA_N_TASKS; task++)
    {
      sqlite3_stmt *stmt = tlk_store_prepare (f->store, open_sql[task], error);
      int rc;

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      tlk_sql_bind_text (stmt, 1, f->today);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          TlkDashSla *sla = sla_for (by_key, dash->sla, f, (const char *) sqlite3_column_text (stmt, 0), task);
          int late = (int) sqlite3_column_double (stmt, 2);

          sla->open += sqlite3_column_int (stmt, 1);
          sla->open_late += late;
          dash->late_tasks += late;
          if (task == TLK_SLA_PICKUP)
            dash->overdue_returns += late;
        }
      if (rc != SQLITE_DONE)
        ok = tlk_store_sql_error (f->store, error, _("read the orders"));

    }
  if (ok)
    {
      TlkDashSlaMonth *first = g_ptr_array_index (dash->sla_months, 0);
      TlkDashSlaMonth *last = g_ptr_array_index (dash->sla_months, TLK_DASHBOARD_MONTHS - 1);
      sqlite3_stmt *stmt = tlk_store_prepare (f->store, done_sql, error);
      int rc;

      ok = stmt != NULL;
      if (ok)
        tlk_sql_bind_text (stmt, 1, first->month);
      while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *month = (const char *) sqlite3_column_text (stmt, 0);
          const char *customer = (const char *) sqlite3_column_text (stmt, 1);
          TlkSlaTask task = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "pickup") == 0
                            ? TLK_SLA_PICKUP : TLK_SLA_INSTALL;
          int done = sqlite3_column_int (stmt, 3);
          int late = sqlite3_column_int (stmt, 4);

          for (guint m = 0; m < dash->sla_months->len; m++)
            {
              TlkDashSlaMonth *dm = g_ptr_array_index (dash->sla_months, m);
              if (strcmp (dm->month, month) == 0)
                {
                  dm->done[task] += done;
                  dm->on_time[task] += done - late;
                }
            }
          if (strcmp (month, last->month) == 0)
            {
              TlkDashSla *sla = sla_for (by_key, dash->sla, f, customer, task);
              sla->done += done;
              sla->done_late += late;
            }
        }
      if (ok && rc != SQLITE_DONE)
        ok = tlk_store_sql_error (f->store, error, _("read the orders"));
    }
  g_ptr_array_sort (dash->sla, compare_sla);
  return ok;
}

/* Kits in a state by age: entered on or after the Danish day 2, 7 and 14
 * days ago (from the index kits_backlog). */
static gboolean
read_backlog (Figures      *f,
              TlkDashboard *dash,
              GError      **error)
{
  static const TlkKitState states[3] = { TLK_KIT_QUARANTINE, TLK_KIT_REPROCESSING, TLK_KIT_ON_HOLD };
  static const int ages[3] = { 2, 7, 14 };
  char *starts[3];
  gboolean ok = TRUE;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *day = tlk_calendar_date_shift (f->today, -ages[i]);
      starts[i] = tlk_calendar_danish_midnight (day);
    }
  for (int i = 0; ok && i < 3; i++)
    {
      TlkDashBacklog *b = &dash->backlog[i];
      sqlite3_stmt *stmt = tlk_store_prepare (f->store,
                                              "SELECT COUNT(*), TOTAL(since >= ?2), TOTAL(since >= ?3),"
                                              " TOTAL(since >= ?4), MIN(since) FROM kits WHERE state = ?1", error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      b->state = states[i];
      tlk_sql_bind_text (stmt, 1, tlk_kit_state_to_string (states[i]));
      for (int a = 0; a < 3; a++)
        tlk_sql_bind_text (stmt, 2 + a, starts[a]);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          ok = tlk_store_sql_error (f->store, error, _("count the kits"));
          break;
        }
      {
        int within[3];

        b->count = sqlite3_column_int (stmt, 0);
        for (int a = 0; a < 3; a++)
          within[a] = (int) sqlite3_column_double (stmt, 1 + a);
        b->buckets[0] = within[0];
        b->buckets[1] = within[1] - within[0];
        b->buckets[2] = within[2] - within[1];
        b->buckets[3] = b->count - within[2];
        b->oldest_days = b->count > 0 ? tlk_dashboard_age_days ((const char *) sqlite3_column_text (stmt, 4),
                                                                f->today) : 0;
      }
      sqlite3_reset (stmt);
    }
  for (int i = 0; i < 3; i++)
    g_free (starts[i]);
  return ok;
}

static const char *const device_count_sql[2] = {
  "SELECT COUNT(*) FROM devices WHERE expiry <= ?1 AND state NOT IN ('retired', 'lost')",
  "SELECT COUNT(*) FROM devices WHERE calibration_due <= ?1 AND state NOT IN ('retired', 'lost')",
};

TlkDashboard *
tlk_store_dashboard (TlkStore   *store,
                     const char *today,
                     int         horizon_days,
                     GError    **error)
{
  g_autoptr(TlkDashboard) dash = NULL;
  g_autofree char *horizon = NULL;
  Figures f;
  gboolean ok;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (tlk_date_is_valid_iso (today), NULL);
  g_return_val_if_fail (horizon_days >= 0, NULL);

  dash = g_new0 (TlkDashboard, 1);
  dash->today = g_strdup (today);
  dash->horizon_days = horizon_days;
  dash->stock = g_ptr_array_new_with_free_func ((GDestroyNotify) stock_free);
  dash->kits_by_state = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_dash_count_free);
  dash->kits_by_location = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_dash_count_free);
  dash->pipeline = g_ptr_array_new_with_free_func ((GDestroyNotify) pipeline_free);
  dash->sla = g_ptr_array_new_with_free_func ((GDestroyNotify) sla_free);
  dash->sla_months = g_ptr_array_new_with_free_func ((GDestroyNotify) sla_month_free);
  horizon = tlk_calendar_date_shift (today, horizon_days);

  /* One snapshot for every figure. */
  if (!tlk_store_exec (store, "BEGIN", error))
    return NULL;
  ok = figures_init (&f, store, today, error) &&
       read_kits (&f, dash, error) &&
       read_stock_history (&f, dash, error) &&
       read_pipeline (&f, dash, error) &&
       read_sla (&f, dash, error) &&
       read_backlog (&f, dash, error);
  if (ok)
    {
      dash->expiring = (int) tlk_store_query_int (store, device_count_sql[0], horizon);
      dash->calibration_due = (int) tlk_store_query_int (store, device_count_sql[1], horizon);
      dash->open_conflicts = (int) tlk_store_query_int (store,
        "SELECT COUNT(*) FROM events e WHERE conflict IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events r"
        " WHERE r.subject = e.event_id AND r.type = 'conflict.resolved' AND r.conflict IS NULL)", NULL);
      ok = dash->expiring >= 0 && dash->calibration_due >= 0 && dash->open_conflicts >= 0;
      if (!ok)
        tlk_store_sql_error (store, error, _("count the devices"));
    }
  figures_clear (&f);
  tlk_store_rollback (store);
  return ok ? g_steal_pointer (&dash) : NULL;
}

/* ---- the lists behind the figures --------------------------------------- */

void
tlk_dash_row_free (TlkDashRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row);
}

static TlkDashRow *
dash_row (TlkSubjectKind kind,
          const char    *id,
          char          *title,
          char          *subtitle)
{
  TlkDashRow *row = g_new0 (TlkDashRow, 1);

  row->kind = kind;
  row->id = g_strdup (id);
  row->title = title;
  row->subtitle = subtitle;
  return row;
}

static const char *const kit_list_sql[] = {
  [TLK_DASH_LIST_KITS_READY] =
    "SELECT id, kit_type, state, location, since FROM kits WHERE state = 'ready' AND kit_type = ?1 ORDER BY id",
  [TLK_DASH_LIST_KITS_IN_STATE] =
    "SELECT id, kit_type, state, location, since FROM kits WHERE state = ?1 ORDER BY since, id",
  [TLK_DASH_LIST_KITS_AT] =
    "SELECT id, kit_type, state, location, since FROM kits WHERE CASE WHEN ?1 IS NULL THEN state = 'installed'"
    " WHEN ?1 = '' THEN state IN ('out', 'returning') ELSE location = ?1 END ORDER BY id",
};

static gboolean
list_kits (Figures    *f,
           TlkDashList list,
           const char *a,
           guint       limit,
           guint      *total,
           GPtrArray  *rows,
           GError    **error)
{
  g_autoptr(GPtrArray) types = tlk_store_list (f->store, TLK_SUBJECT_KIT_TYPE, NULL, error);
  sqlite3_stmt *stmt;
  int rc;

  if (types == NULL || (stmt = tlk_store_prepare (f->store, kit_list_sql[list], error)) == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, a);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      TlkKitState state = tlk_kit_state_from_string ((const char *) sqlite3_column_text (stmt, 2));
      const char *type_name = type;
      g_autofree char *since = tlk_calendar_danish_date ((const char *) sqlite3_column_text (stmt, 4));

      if ((*total)++ >= limit)
        continue;
      for (guint i = 0; i < types->len; i++)
        if (g_strcmp0 (((TlkKitType *) g_ptr_array_index (types, i))->id, type) == 0)
          type_name = ((TlkKitType *) g_ptr_array_index (types, i))->name;
      g_ptr_array_add (rows, dash_row (TLK_SUBJECT_KIT, id, tlk_code_display (id),
                                       since
                                       /* Translators: kit type · state · since a date */
                                       ? g_strdup_printf (_("%s · %s since %s"), type_name,
                                                          tlk_kit_state_describe (state), since)
                                       : g_strdup_printf ("%s · %s", type_name, tlk_kit_state_describe (state))));
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (f->store, error, _("read the kits"));
  return TRUE;
}

static TlkDashRow *
order_row (Figures    *f,
           const char *id,
           char       *subtitle)
{
  g_autoptr(TlkOrder) order = tlk_store_load (f->store, TLK_SUBJECT_ORDER, id);

  /* Translators: a case reference · a customer */
  return dash_row (TLK_SUBJECT_ORDER, id,
                   order ? g_strdup_printf (_("%s · %s"), order->case_ref, customer_name (f, order->customer))
                         : g_strdup (id),
                   subtitle);
}

static gboolean
list_orders (Figures    *f,
             const char *state,
             const char *customer,
             guint       limit,
             guint      *total,
             GPtrArray  *rows,
             GError    **error)
{
  sqlite3_stmt *stmt = tlk_store_prepare (f->store, "SELECT id, requested_date FROM orders WHERE state = ?1"
                                          " AND (?2 IS NULL OR customer = ?2) ORDER BY requested_date, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, state);
  tlk_sql_bind_text (stmt, 2, customer);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if ((*total)++ >= limit)
        continue;
      g_ptr_array_add (rows, order_row (f, (const char *) sqlite3_column_text (stmt, 0),
                                        g_strdup_printf (_("%s · wanted %s"),
                                                         tlk_order_state_describe (tlk_order_state_from_string (state)),
                                                         (const char *) sqlite3_column_text (stmt, 1))));
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (f->store, error, _("read the orders"));
  return TRUE;
}

static int
compare_tasks (gconstpointer a,
               gconstpointer b)
{
  const Task *x = *(Task **) a, *y = *(Task **) b;

  if (x->days_late != y->days_late)
    return y->days_late - x->days_late;
  return g_strcmp0 (x->due, y->due);
}

static gboolean
list_tasks (Figures    *f,
            TlkDashList list,
            const char *a,
            const char *customer,
            guint       limit,
            guint      *total,
            GPtrArray  *rows,
            GError    **error)
{
  for (int task = 0; task < TLK_SLA_N_TASKS; task++)
    {
      gboolean done = list == TLK_DASH_LIST_DONE_TASKS;
      g_autofree char *from = done ? month_start_iso (f->today, 0, NULL) : NULL;
      g_autofree char *to = done ? month_start_iso (f->today, -1, NULL) : NULL;
      g_autoptr(GPtrArray) tasks = NULL;

      if (a != NULL && g_strcmp0 (a, task == TLK_SLA_INSTALL ? "install" : "pickup") != 0)
        continue;
      if ((tasks = collect_tasks (f, task, from, to, customer, error)) == NULL)
        return FALSE;
      g_ptr_array_sort (tasks, compare_tasks);
      for (guint i = 0; i < tasks->len; i++)
        {
          Task *t = g_ptr_array_index (tasks, i);
          char *subtitle;

          if (list == TLK_DASH_LIST_LATE_TASKS && !t->late)
            continue;
          if ((*total)++ >= limit)
            continue;
          if (t->due == NULL)
            subtitle = g_strdup_printf (_("%s · no due date"), tlk_sla_task_describe (task));
          else if (done)
            subtitle = g_strdup_printf (t->late ? _("%s · due %s · done late") : _("%s · due %s · done in time"),
                                        tlk_sla_task_describe (task), t->due);
          else if (t->late)
            subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · due %s · %d working day late",
                                                     "%s · due %s · %d working days late", t->days_late),
                                        tlk_sla_task_describe (task), t->due, t->days_late);
          else
            subtitle = g_strdup_printf (_("%s · due %s"), tlk_sla_task_describe (task), t->due);
          g_ptr_array_add (rows, order_row (f, t->order, subtitle));
        }
    }
  return TRUE;
}

static const char *const device_list_sql[2] = {
  "SELECT d.id, m.manufacturer || ' ' || m.name, d.serial, d.expiry, d.kit FROM devices d"
  " LEFT JOIN models m ON m.id = d.model"
  " WHERE d.expiry <= ?1 AND d.state NOT IN ('retired', 'lost') ORDER BY d.expiry, d.id",
  "SELECT d.id, m.manufacturer || ' ' || m.name, d.serial, d.calibration_due, d.kit FROM devices d"
  " LEFT JOIN models m ON m.id = d.model"
  " WHERE d.calibration_due <= ?1 AND d.state NOT IN ('retired', 'lost') ORDER BY d.calibration_due, d.id",
};

static gboolean
list_devices (Figures    *f,
              gboolean    calibration,
              const char *horizon,
              guint       limit,
              guint      *total,
              GPtrArray  *rows,
              GError    **error)
{
  sqlite3_stmt *stmt = tlk_store_prepare (f->store, device_list_sql[calibration], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  tlk_sql_bind_text (stmt, 1, horizon);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 3);
      const char *kit = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *kit_code = kit ? tlk_code_display (kit) : NULL;
      char *when;

      if ((*total)++ >= limit)
        continue;
      if (calibration)
        when = kit ? g_strdup_printf (_("Calibration due %s · in kit %s"), date, kit_code)
                   : g_strdup_printf (_("Calibration due %s"), date);
      else
        when = kit ? g_strdup_printf (_("Expires %s · in kit %s"), date, kit_code)
                   : g_strdup_printf (_("Expires %s"), date);
      /* Translators: a device model · its serial number */
      g_ptr_array_add (rows, dash_row (TLK_SUBJECT_DEVICE, (const char *) sqlite3_column_text (stmt, 0),
                                       g_strdup_printf (_("%s · serial %s"),
                                                        (const char *) sqlite3_column_text (stmt, 1),
                                                        (const char *) sqlite3_column_text (stmt, 2)),
                                       when));
    }
  if (rc != SQLITE_DONE)
    return tlk_store_sql_error (f->store, error, _("read the devices"));
  return TRUE;
}

GPtrArray *
tlk_store_dashboard_list (TlkStore   *store,
                          TlkDashList list,
                          const char *a,
                          const char *b,
                          const char *today,
                          int         horizon_days,
                          guint       limit,
                          guint      *total,
                          GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_dash_row_free);
  g_autofree char *horizon = NULL;
  guint count = 0;
  Figures f;
  gboolean ok = FALSE;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (tlk_date_is_valid_iso (today), NULL);

  horizon = tlk_calendar_date_shift (today, horizon_days);
  if (!tlk_store_exec (store, "BEGIN", error))
    return NULL;
  if (figures_init (&f, store, today, error))
    switch (list)
      {
      case TLK_DASH_LIST_KITS_READY:
      case TLK_DASH_LIST_KITS_IN_STATE:
      case TLK_DASH_LIST_KITS_AT:
        ok = list_kits (&f, list, a, limit, &count, rows, error);
        break;
      case TLK_DASH_LIST_ORDERS:
        ok = list_orders (&f, a, b, limit, &count, rows, error);
        break;
      case TLK_DASH_LIST_OPEN_TASKS:
      case TLK_DASH_LIST_LATE_TASKS:
      case TLK_DASH_LIST_DONE_TASKS:
        ok = list_tasks (&f, list, a, b, limit, &count, rows, error);
        break;
      case TLK_DASH_LIST_EXPIRING:
      case TLK_DASH_LIST_CALIBRATION:
        ok = list_devices (&f, list == TLK_DASH_LIST_CALIBRATION, horizon, limit, &count, rows, error);
        break;
      default:
        g_return_val_if_reached (NULL);
      }
  figures_clear (&f);
  tlk_store_rollback (store);
  if (!ok)
    return NULL;
  if (total != NULL)
    *total = count;
  return g_steal_pointer (&rows);
}
