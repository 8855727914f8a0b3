/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-helper.h"

/*
 * Price lists, service levels and reorder thresholds from the command line
 * (issue 7): `customer terms`, `customer show`, `kit-type reorder` and the
 * reorder_at of `list kit-types`, run against the real telekit-cli on a
 * small demo database. Every refusal is checked for its message and for
 * having written nothing (the event log's length and the customer as shown).
 */

static char *tmp_dir;
static guint n_dbs;

/* A new small demo database (the demo's admin is "admin", its coordinator
 * "anne"). */
static char *
new_db (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *name = g_strdup_printf ("demo-%u.db", ++n_dbs);
  char *db = g_build_filename (tmp_dir, name, NULL);

  cli_run_ok (&run, db, "demo", "--kits", "12", "--seed", "3", NULL);
  return db;
}

static JsonNode *
run_json (const char *db,
          ...) G_GNUC_NULL_TERMINATED;

static JsonNode *
run_json (const char *db,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(CliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  va_list ap;

  va_start (ap, db);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, (gpointer) "--json");
  cli_runv (&run, db, args);
  cli_assert_ok (&run);
  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The events in the log, counted by `export events`. */
static guint64
count_events (const char *db)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *csv = g_build_filename (tmp_dir, "events.csv", NULL);
  g_autofree char *text = NULL;
  guint64 lines = 0;

  cli_run_ok (&run, db, "export", "events", "--out", csv, NULL);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  /* Less the header. */
  return lines - 1;
}

/* What `customer show --json` says of @customer, as text. */
static char *
show (const char *db,
      const char *customer)
{
  g_auto(CliRun) run = { 0 };

  cli_run_ok (&run, db, "customer", "show", customer, "--json", NULL);
  return g_strdup (run.out);
}

static JsonObject *
terms_from (JsonObject *customer,
            const char *from)
{
  JsonArray *terms = json_object_get_array_member (customer, "terms");

  for (guint i = 0; i < json_array_get_length (terms); i++)
    {
      JsonObject *t = json_array_get_object_element (terms, i);

      if (g_strcmp0 (json_object_get_string_member (t, "from"), from) == 0)
        return t;
    }
  return NULL;
}

static gint64
kit_day (JsonObject *terms,
         const char *kit_type)
{
  return json_object_get_int_member (json_object_get_object_member (terms, "kit_day"), kit_type);
}

/* The demo's price list, then a new one from a later month set as admin
 * and read back; what is not given is kept from the list in force then;
 * the same month again replaces it. */
static void
test_set_and_show (void)
{
  g_autofree char *db = new_db ();
  g_autoptr(JsonNode) before = run_json (db, "customer", "show", "kommune-odder", NULL);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) by_name = NULL;
  g_auto(CliRun) run = { 0 };
  g_autofree char *csv = g_build_filename (tmp_dir, "events.csv", NULL);
  g_autofree char *events = NULL;
  JsonObject *customer = json_node_get_object (before);
  JsonObject *t;
  guint64 n_events = count_events (db);

  /* The demo's terms: one list from before its history, in force. */
  g_assert_cmpstr (json_object_get_string_member (customer, "name"), ==, "Odder Kommune");
  g_assert_cmpstr (json_object_get_string_member (customer, "kind"), ==, "municipality");
  g_assert_nonnull (json_object_get_string_member (customer, "ean"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (customer, "terms")), ==, 1);
  t = terms_from (customer, "2024-01");
  g_assert_nonnull (t);
  g_assert_true (json_object_get_boolean_member (t, "in_force"));
  g_assert_cmpint (json_object_get_int_member (t, "install_days"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (t, "pickup_days"), ==, 10);
  g_assert_cmpint (kit_day (t, "kol"), ==, 1450);
  g_assert_cmpint (json_object_get_int_member (t, "delivery"), ==, 45000);

  /* Danish and English amounts, thousands dots, one decimal. */
  cli_run_ok (&run, db, "customer", "terms", "kommune-odder", "--from", "2099-01", "--install-days", "4",
              "--pickup-days", "7", "--kit-day", "kol=15,25", "--kit-day", "hf=17.00", "--delivery", "460,00",
              "--pickup", "1.234,50", "--swap", "310", "--service", "260,5", "--urgent", "210",
              "--failed-visit", "160", NULL);
  g_assert_nonnull (strstr (run.out, "Odder Kommune"));
  g_assert_cmpuint (count_events (db), ==, n_events + 1);

  after = run_json (db, "customer", "show", "kommune-odder", NULL);
  customer = json_node_get_object (after);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (customer, "terms")), ==, 2);
  g_assert_true (json_object_get_boolean_member (terms_from (customer, "2024-01"), "in_force"));
  t = terms_from (customer, "2099-01");
  g_assert_nonnull (t);
  g_assert_false (json_object_get_boolean_member (t, "in_force"));
  g_assert_cmpint (json_object_get_int_member (t, "install_days"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (t, "pickup_days"), ==, 7);
  g_assert_cmpint (kit_day (t, "kol"), ==, 1525);
  g_assert_cmpint (kit_day (t, "hf"), ==, 1700);
  /* Not given: as in the list in force in 2099-01. */
  g_assert_cmpint (kit_day (t, "t2d"), ==, 975);
  g_assert_cmpint (json_object_get_int_member (t, "delivery"), ==, 46000);
  g_assert_cmpint (json_object_get_int_member (t, "pickup"), ==, 123450);
  g_assert_cmpint (json_object_get_int_member (t, "swap"), ==, 31000);
  g_assert_cmpint (json_object_get_int_member (t, "service"), ==, 26050);
  g_assert_cmpint (json_object_get_int_member (t, "urgent"), ==, 21000);
  g_assert_cmpint (json_object_get_int_member (t, "failed_visit"), ==, 16000);

  /* Written as admin (the default --user). */
  cli_run_clear (&run);
  cli_run_ok (&run, db, "export", "events", "--out", csv, NULL);
  g_assert_true (g_file_get_contents (csv, &events, NULL, NULL));
  g_assert_nonnull (strstr (events, ";customer.terms_set;kommune-odder;admin;"));

  /* The same month again replaces that list, keeping what is not given. */
  cli_run_clear (&run);
  cli_run_ok (&run, db, "customer", "terms", "Odder Kommune", "--from", "2099-01", "--delivery", "475", NULL);
  by_name = run_json (db, "customer", "show", "odder kommune", NULL);
  customer = json_node_get_object (by_name);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (customer, "terms")), ==, 2);
  t = terms_from (customer, "2099-01");
  g_assert_cmpint (json_object_get_int_member (t, "delivery"), ==, 47500);
  g_assert_cmpint (json_object_get_int_member (t, "install_days"), ==, 4);
  g_assert_cmpint (kit_day (t, "kol"), ==, 1525);

  /* The text form names every list with its month and prices in kroner. */
  cli_run_clear (&run);
  cli_run_ok (&run, db, "customer", "show", "kommune-odder", NULL);
  g_assert_nonnull (strstr (run.out, "2024-01"));
  g_assert_nonnull (strstr (run.out, "2099-01"));
  g_assert_nonnull (strstr (run.out, "475,00 kr."));
  g_assert_nonnull (strstr (run.out, "1.234,50 kr."));
  replaced = run_json (db, "customer", "show", "kommune-odder", NULL);
  g_assert_true (json_node_equal (replaced, by_name));
}

/* A refusal writes nothing: the log and the customer are as before. */
static void
assert_refused_unchanged (const char *db,
                          const char *fragment,
                          ...) G_GNUC_NULL_TERMINATED;

static void
assert_refused_unchanged (const char *db,
                          const char *fragment,
                          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(CliRun) run = { 0 };
  g_autofree char *before = show (db, "kommune-odder");
  g_autofree char *after = NULL;
  guint64 n_events = count_events (db);
  va_list ap;

  va_start (ap, fragment);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  cli_runv (&run, db, args);
  cli_assert_refused (&run, fragment);
  after = show (db, "kommune-odder");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_events (db), ==, n_events);
}

static void
test_coordinator_refused (void)
{
  g_autofree char *db = new_db ();

  assert_refused_unchanged (db, "Anne Holm may not set price lists and service levels: only administrators may.",
                            "customer", "terms", "kommune-odder", "--from", "2099-01", "--delivery", "1",
                            "--user", "anne", NULL);
  assert_refused_unchanged (db, "There is no user “nobody”", "customer", "terms", "kommune-odder", "--from",
                            "2099-01", "--user", "nobody", NULL);
}

static const struct
{
  const char *name;
  const char *fragment;
  const char *args[6];
} refusals[] = {
  { "amount-letters", "--delivery: “4x0” is not an amount in kroner", { "--from", "2099-01", "--delivery", "4x0" } },
  { "amount-three-decimals", "--pickup: “350,001” is not an amount", { "--from", "2099-01", "--pickup", "350,001" } },
  { "amount-negative", "--swap: “-300” is not an amount", { "--from", "2099-01", "--swap", "-300" } },
  { "amount-kit-day", "--kit-day: “14,5 kr” is not an amount", { "--from", "2099-01", "--kit-day", "kol=14,5 kr" } },
  { "kit-day-no-amount", "--kit-day takes KITTYPE=AMOUNT", { "--from", "2099-01", "--kit-day", "kol" } },
  { "kit-day-unknown-type", "There is no kit type “copd”", { "--from", "2099-01", "--kit-day", "copd=14" } },
  { "month-13", "“2099-13” is not a month; write it as YYYY-MM", { "--from", "2099-13" } },
  { "month-short", "“99-01” is not a month", { "--from", "99-01" } },
  { "month-slash", "“2099/01” is not a month", { "--from", "2099/01" } },
  { "no-month", "Say from which month the price list applies with --from YYYY-MM.", { "--delivery", "450" } },
  { "days-negative", "0 or more", { "--from", "2099-01", "--install-days", "-2" } },
};

static void
test_bad_input (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autofree char *db = new_db ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(CliRun) run = { 0 };
  g_autofree char *before = show (db, "kommune-odder");
  g_autofree char *after = NULL;
  guint64 n_events = count_events (db);

  g_ptr_array_add (args, (gpointer) "customer");
  g_ptr_array_add (args, (gpointer) "terms");
  g_ptr_array_add (args, (gpointer) "kommune-odder");
  for (guint a = 0; refusals[i].args[a] != NULL; a++)
    g_ptr_array_add (args, (gpointer) refusals[i].args[a]);
  cli_runv (&run, db, args);
  cli_assert_refused (&run, refusals[i].fragment);
  after = show (db, "kommune-odder");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_events (db), ==, n_events);
}

static void
test_unknown_customer (void)
{
  g_autofree char *db = new_db ();
  g_auto(CliRun) run = { 0 };

  cli_run (&run, db, "customer", "show", "Nowhere Kommune", NULL);
  cli_assert_refused (&run, "There is no customer “Nowhere Kommune”");
  assert_refused_unchanged (db, "There is no customer “kommune-nowhere”", "customer", "terms", "kommune-nowhere",
                            "--from", "2099-01", NULL);
}

static gint64
reorder_at (const char *db,
            const char *kit_type)
{
  g_autoptr(JsonNode) node = run_json (db, "list", "kit-types", NULL);
  JsonArray *rows = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, "id"), kit_type) == 0)
        return json_object_get_int_member (row, "reorder_at");
    }
  g_assert_not_reached ();
}

static void
test_reorder (void)
{
  g_autofree char *db = new_db ();
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) refused = { 0 };
  guint64 n_events;

  /* The demo gives every kit type a threshold. */
  g_assert_cmpint (reorder_at (db, "kol"), >, 0);
  g_assert_cmpint (reorder_at (db, "t2d"), >, 0);
  g_assert_cmpint (reorder_at (db, "hf"), >, 0);

  cli_run_ok (&run, db, "kit-type", "reorder", "kol", "40", NULL);
  g_assert_cmpint (reorder_at (db, "kol"), ==, 40);
  cli_run_clear (&run);
  cli_run_ok (&run, db, "kit-type", "reorder", "kol", "0", NULL);
  g_assert_cmpint (reorder_at (db, "kol"), ==, 0);

  n_events = count_events (db);
  cli_run (&refused, db, "kit-type", "reorder", "kol", "25", "--user", "anne", NULL);
  cli_assert_refused (&refused, "Anne Holm may not set reorder thresholds: only administrators may.");
  cli_run_clear (&refused);
  cli_run (&refused, db, "kit-type", "reorder", "kol", "ti", NULL);
  cli_assert_refused (&refused, "“ti” is not");
  cli_run_clear (&refused);
  cli_run (&refused, db, "kit-type", "reorder", "copd", "25", NULL);
  cli_assert_refused (&refused, "There is no kit type “copd”");
  g_assert_cmpint (reorder_at (db, "kol"), ==, 0);
  g_assert_cmpuint (count_events (db), ==, n_events);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("telekit-terms-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/terms/set-and-show", test_set_and_show);
  g_test_add_func ("/cli/terms/coordinator-refused", test_coordinator_refused);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/terms/refused/%s", refusals[i].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_bad_input);
    }
  g_test_add_func ("/cli/terms/unknown-customer", test_unknown_customer);
  g_test_add_func ("/cli/kit-type/reorder", test_reorder);

  status = g_test_run ();

  cli_rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  return status;
}
