/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cli-helper.h"
#include "tlk-csv.h"
#include "tlk-order-import.h"
#include "tlk-store-test-util.h"
#include "tlk-sync.h"
#include "tlk-test-computer.h"
#include "tlk-test-server.h"

/*
 * Orders from outside (issue 6, first acceptance item): a CSV of 200
 * orders as Danish Excel writes it, 7 of them bad in different ways,
 * through `telekit-cli import orders` and, row for row, through the
 * server's POST /api/v1/orders: the same bad rows with the same fields and
 * reasons, nothing written while any is bad, exactly the good rows written
 * when told to skip the bad, the same records both ways.
 */

#define PASSWORD "orders-test-pw"
#define N_ROWS 200

typedef struct
{
  guint       row;     /* 1-based data row */
  const char *column;  /* the CSV header of the bad field; NULL: the row */
  const char *json;    /* the JSON name of it */
  const char *fragment;
} Bad;

/* One bad row each; the case reference repeats row 5's. */
static const Bad bad_rows[] = {
  { 17, "Kunde", "customer", "is not registered" },
  { 42, "Ønsket dato", "requested_date", "is not a date" },
  { 77, "Navn", "name", "CPR number" },
  { 101, "Adresse", "address", "must be filled in" },
  { 133, "Pakketype", "kit_type", "is not known" },
  { 150, "Sagsnummer", "case_ref", "is already on line" },
  { 188, "Telefon", "phone", "is not a phone number" },
};

static const char *const first_names[] = { "Søren", "Åse", "Bjørn", "Ærø", "Mette", "Jens", "Birthe", "Øjvind" };
static const char *const streets[] = { "Ågade", "Søndergade", "Østergade", "Nørregade", "Frederiks Allé" };

typedef struct
{
  char       *csv;
  gsize       length;
  guint       line_of[N_ROWS + 1];  /* data row → the file line it starts on */
} Sheet;

static void
sheet_clear (Sheet *sheet)
{
  g_free (sheet->csv);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sheet, sheet_clear)

static const Bad *
bad_for_row (guint row)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    if (bad_rows[i].row == row)
      return &bad_rows[i];
  return NULL;
}

static void
field (GString    *out,
       const char *value,
       gboolean    last)
{
  if (strpbrk (value, ";\"\r\n") != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (value);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (out, "\"%s\"", quoted->str);
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ";");
}

/* Customers by name, by EAN and by id; kit types by name and by id; dates
 * as Danish Excel writes them; access notes with ";", quotes and a line
 * break inside. */
static void
make_sheet (Sheet *sheet)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  static const char *const customers[] = { "Aarhus Universitetshospital", "5798000010215", "hospital-3" };
  static const char *const kit_types[] = { "KOL-kuffert", "t2d", "Hjertesvigt" };
  guint line = 2;

  g_string_append (out, "Kunde;Sagsnummer;Pakketype;Ønsket dato;Prioritet;Bemærkning;Navn;Adresse;Telefon;Adgang\r\n");
  for (guint row = 1; row <= N_ROWS; row++)
    {
      const Bad *bad = bad_for_row (row);
      g_autofree char *case_ref = g_strdup_printf ("RM-2026-%04u", bad && bad->row == 150 ? 5 : row);
      g_autofree char *date = g_strdup_printf ("%02u-%02u-2027", 1 + row % 28, 1 + row % 12);
      g_autofree char *name = g_strdup_printf ("%s Ærtebjerg %u", first_names[row % G_N_ELEMENTS (first_names)], row);
      g_autofree char *address = g_strdup_printf ("%s %u, 8000 Aarhus C", streets[row % G_N_ELEMENTS (streets)], row);
      g_autofree char *phone = g_strdup_printf ("+45 %08u", 20000000 + row);
      g_autofree char *access = NULL;

      if (row % 10 == 3)
        access = g_strdup_printf ("Nøgle i boks; kode %u\r\nRing på \"2. sal\"", 1000 + row);
      else if (row % 2 == 0)
        access = g_strdup ("Bagdør");
      else
        access = g_strdup ("");

      sheet->line_of[row] = line;
      field (out, bad && bad->row == 17 ? "Ukendt Kommune" : customers[row == 5 || row == 150 ? 0 : row % 3], FALSE);
      field (out, case_ref, FALSE);
      field (out, bad && bad->row == 133 ? "Hjertepakke X" : kit_types[row % 3], FALSE);
      field (out, bad && bad->row == 42 ? "30-02-2027" : date, FALSE);
      field (out, row % 7 == 0 ? "Haster" : "", FALSE);
      field (out, row % 5 == 0 ? "Ring før levering" : "", FALSE);
      field (out, bad && bad->row == 77 ? "Jens Hansen 010190-1234" : name, FALSE);
      field (out, bad && bad->row == 101 ? "" : address, FALSE);
      field (out, bad && bad->row == 188 ? "ring efter kl. 10" : phone, FALSE);
      field (out, access, TRUE);
      line += row % 10 == 3 ? 2 : 1;
    }
  sheet->length = out->len;
  sheet->csv = g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the world: a server with reference data, a coordinator's computer --- */

typedef struct
{
  TlkTestServer *srv;
  char          *dir;
  char          *db;       /* the coordinator's computer */
  char          *csv_path;
  Sheet          sheet;
} World;

static World w;

static void
world_set_up (void)
{
  g_autoptr(TlkTestComputer) seeder = NULL;
  g_autofree char *seeder_path = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  TlkDemoOptions options = { .n_kits = 4, .seed = 3, .max_cycles = 1 };

  w.dir = g_dir_make_tmp ("tlk-orders-XXXXXX", NULL);
  w.srv = tlk_test_server_start ();
  tlk_test_server_add_user (w.srv, "admin", "admin", PASSWORD);
  tlk_test_server_add_user (w.srv, "anne", "coordinator", PASSWORD);
  tlk_test_server_add_user (w.srv, "mette", "warehouse", PASSWORD);
  tlk_test_server_add_user (w.srv, "jens", "driver", PASSWORD);

  /* Customers and kit types reach the server as demo data from a computer. */
  seeder_path = g_build_filename (w.dir, "seeder.db", NULL);
  seeder = tlk_test_computer_new (seeder_path, tlk_test_server_url (w.srv), "admin", PASSWORD);
  g_assert_true (tlk_store_load_demo (seeder->store, &options, NULL, &error));
  g_assert_no_error (error);
  tlk_test_computer_sync_ok (seeder);

  w.db = g_build_filename (w.dir, "coordinator.db", NULL);
  cli_run_ok (&run, w.db, "demo", "--kits", "4", "--seed", "3", NULL);

  make_sheet (&w.sheet);
  w.csv_path = g_build_filename (w.dir, "bestillinger.csv", NULL);
  g_assert_true (g_file_set_contents (w.csv_path, w.sheet.csv, (gssize) w.sheet.length, NULL));
}

static void
world_tear_down (void)
{
  tlk_test_server_stop (w.srv);
  cli_rm_rf (w.dir);
  g_free (w.dir);
  g_free (w.db);
  g_free (w.csv_path);
  sheet_clear (&w.sheet);
}

static gint64
count (const char *db,
       const char *sql)
{
  return tlk_test_sql_int (db, sql);
}

#define IMPORTED_ORDERS "SELECT COUNT(*) FROM orders WHERE case_ref LIKE 'RM-2026-%'"

/* The bad rows' lines in the file, in order. */
static guint
expected_line (guint i)
{
  return w.sheet.line_of[bad_rows[i].row];
}

static JsonArray *
problems_of (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_array_member (json_node_get_object (root), "problems");
}

/* Exactly one problem per bad row, on its line, naming its field. */
static void
assert_problems (JsonArray *problems,
                 gboolean   csv)
{
  g_assert_cmpuint (json_array_get_length (problems), ==, G_N_ELEMENTS (bad_rows));
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      JsonObject *p = json_array_get_object_element (problems, i);
      guint line = csv ? expected_line (i) : bad_rows[i].row;

      g_assert_cmpint (json_object_get_int_member (p, "line"), ==, line);
      g_assert_cmpstr (json_object_get_string_member (p, "field"), ==, csv ? bad_rows[i].column : bad_rows[i].json);
      g_assert_nonnull (strstr (json_object_get_string_member (p, "message"), bad_rows[i].fragment));
    }
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *cli_problems;   /* kept for the comparison with the server */

static void
test_cli_refuses_all (void)
{
  g_auto(CliRun) run = { 0 };
  gint64 orders = count (w.db, "SELECT COUNT(*) FROM orders");
  gint64 citizens = count (w.db, "SELECT COUNT(*) FROM citizens");
  gint64 events = count (w.db, "SELECT COUNT(*) FROM events");

  /* In words: each bad row with its line and field; one line on stderr. */
  cli_run (&run, w.db, "import", "orders", w.csv_path, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "7 of 200 rows have problems; nothing was written"));
  g_assert_true (g_str_has_suffix (run.err, "\n"));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *expected = g_strdup_printf ("line %u, field “%s”: ", expected_line (i), bad_rows[i].column);

      g_assert_nonnull (strstr (run.out, expected));
    }

  cli_run_clear (&run);
  cli_run (&run, w.db, "--json", "import", "orders", w.csv_path, NULL);
  g_assert_cmpint (run.status, !=, 0);
  cli_problems = parse (run.out);
  assert_problems (problems_of (cli_problems), TRUE);

  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM orders"), ==, orders);
  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM citizens"), ==, citizens);
  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM events"), ==, events);
}

static void
test_cli_skip_bad (void)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  gint64 citizens = count (w.db, "SELECT COUNT(*) FROM citizens");
  g_autofree char *row3 = NULL;
  g_autofree char *citizen3 = NULL;

  cli_run_ok (&run, w.db, "--json", "import", "orders", w.csv_path, "--skip-bad", "--user", "anne", NULL);
  root = parse (run.out);
  assert_problems (problems_of (root), TRUE);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "added")), ==,
                    N_ROWS - G_N_ELEMENTS (bad_rows));
  g_assert_cmpint (count (w.db, IMPORTED_ORDERS), ==, N_ROWS - G_N_ELEMENTS (bad_rows));
  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM citizens"), ==, citizens + N_ROWS - G_N_ELEMENTS (bad_rows));
  /* Every one pending, as anne's, and the personal data in no event. */
  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM events WHERE type = 'order.received' AND actor = 'anne'"
                                " AND payload LIKE '%RM-2026-%'"
                                " AND server_seq IS NULL"), ==, N_ROWS - G_N_ELEMENTS (bad_rows));
  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM events WHERE payload LIKE '%Ærtebjerg%'"
                                " OR payload LIKE '%8000 Aarhus%' OR payload LIKE '%Nøgle%'"), ==, 0);
  /* Row 3: a quoted field with ";", quotes and a line break; row 7: the
   * customer by EAN, "Haster". */
  row3 = tlk_test_sql_text (w.db, "SELECT customer || '|' || kit_type || '|' || requested_date || '|' || priority"
                                  " FROM orders WHERE case_ref = 'RM-2026-0003'");
  g_assert_cmpstr (row3, ==, "hospital-1|kol|2027-04-04|normal");
  citizen3 = tlk_test_sql_text (w.db, "SELECT c.name || '|' || c.address || '|' || c.phone || '|' || c.access_notes"
                                      " FROM orders o JOIN citizens c ON c.id = o.citizen"
                                      " WHERE o.case_ref = 'RM-2026-0003'");
  g_assert_cmpstr (citizen3, ==, "Ærø Ærtebjerg 3|Nørregade 3, 8000 Aarhus C|+45 20000003|"
                                 "Nøgle i boks; kode 1003\nRing på \"2. sal\"");
  g_clear_pointer (&row3, g_free);
  row3 = tlk_test_sql_text (w.db, "SELECT customer || '|' || priority FROM orders WHERE case_ref = 'RM-2026-0007'");
  g_assert_cmpstr (row3, ==, "hospital-2|urgent");
  /* Every access to personal data logged: one write per citizen. */
  g_assert_cmpint (count (w.db, "SELECT COUNT(*) FROM personal_access_log WHERE actor = 'anne' AND action = 'write'"
                                " AND reason LIKE 'order import from %bestillinger.csv'"),
                   ==, N_ROWS - G_N_ELEMENTS (bad_rows));

  /* Again: every row is now known or bad, nothing more is written. */
  cli_run_clear (&run);
  cli_run (&run, w.db, "import", "orders", w.csv_path, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "200 of 200 rows"));
  g_assert_nonnull (strstr (run.out, "already has an order with the case reference “RM-2026-0001”"));
  g_assert_cmpint (count (w.db, IMPORTED_ORDERS), ==, N_ROWS - G_N_ELEMENTS (bad_rows));
}

/* ---- the same rows through the server ---------------------------------- */

/* The CSV's rows as the JSON body an ordering system would send. */
static char *
rows_as_json (gboolean skip_bad)
{
  g_autoptr(GPtrArray) records = tlk_csv_read (w.sheet.csv, w.sheet.length, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  TlkCsvRecord *header;

  g_assert_nonnull (records);
  header = g_ptr_array_index (records, 0);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "orders");
  json_builder_begin_array (b);
  for (guint r = 1; r < records->len; r++)
    {
      TlkCsvRecord *record = g_ptr_array_index (records, r);

      json_builder_begin_object (b);
      for (guint i = 0; header->fields[i] != NULL; i++)
        {
          int f = tlk_order_field_from_header (header->fields[i]);

          g_assert_cmpint (f, >=, 0);
          json_builder_set_member_name (b, tlk_order_field_name (f));
          if (*record->fields[i] != '\0')
            json_builder_add_string_value (b, record->fields[i]);
          else
            json_builder_add_null_value (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (skip_bad)
    {
      json_builder_set_member_name (b, "skip_bad");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The CLI's message: the CSV's column name in place of the JSON one, and
 * the file's line in place of the list's position. */
static char *
as_csv_message (const char *message,
                guint       i)
{
  g_autoptr(GString) s = g_string_new (message);
  g_autofree char *from = g_strdup_printf ("“%s”", bad_rows[i].json);
  g_autofree char *to = g_strdup_printf ("“%s”", bad_rows[i].column);
  g_autofree char *from_line = g_strdup_printf ("line %u.", 5);
  g_autofree char *to_line = g_strdup_printf ("line %u.", w.sheet.line_of[5]);

  g_string_replace (s, from, to, 0);
  if (bad_rows[i].row == 150)
    g_string_replace (s, from_line, to_line, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_server_same_refusals (void)
{
  g_autofree char *token = tlk_test_server_login (w.srv, "anne", PASSWORD, "office-1");
  g_autofree char *body = rows_as_json (FALSE);
  g_autoptr(JsonNode) answer = NULL;
  const char *db = tlk_test_server_db_path (w.srv);
  gint64 events = count (db, "SELECT COUNT(*) FROM events");
  gint64 citizens = count (db, "SELECT COUNT(*) FROM citizens");
  JsonArray *problems, *cli;
  guint status = 0;

  answer = tlk_test_server_request (w.srv, "POST", "/api/v1/orders", token, body, &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "error"), ==, "invalid_orders");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (answer), "message"),
                            "7 of 200 orders have problems; nothing was written"));
  problems = problems_of (answer);
  assert_problems (problems, FALSE);
  cli = problems_of (cli_problems);
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *message = as_csv_message (
        json_object_get_string_member (json_array_get_object_element (problems, i), "message"), i);

      g_assert_cmpstr (message, ==, json_object_get_string_member (json_array_get_object_element (cli, i), "message"));
    }
  g_assert_cmpint (count (db, IMPORTED_ORDERS), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM events"), ==, events);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM citizens"), ==, citizens);
}

/* The records the server writes are the records the CLI wrote. */
static char *
records (const char *db)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *orders = tlk_test_sql_text (
    db, "SELECT group_concat (r, char(10)) FROM (SELECT o.customer || '|' || o.case_ref || '|' || o.kit_type || '|'"
        " || o.requested_date || '|' || o.priority || '|' || o.state || '|' || c.name || '|' || c.address || '|'"
        " || COALESCE (c.phone, '') || '|' || COALESCE (c.access_notes, '') AS r"
        " FROM orders o JOIN citizens c ON c.id = o.citizen WHERE o.case_ref LIKE 'RM-2026-%' ORDER BY o.case_ref)");

  g_string_append (all, orders);
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static void
test_server_skip_bad (void)
{
  g_autofree char *token = tlk_test_server_login (w.srv, "anne", PASSWORD, "office-1");
  g_autofree char *body = rows_as_json (TRUE);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *server_records = NULL;
  g_autofree char *cli_records = NULL;
  const char *db = tlk_test_server_db_path (w.srv);
  guint status = 0;

  answer = tlk_test_server_request (w.srv, "POST", "/api/v1/orders", token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_problems (problems_of (answer), FALSE);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "added")),
                    ==, N_ROWS - G_N_ELEMENTS (bad_rows));
  g_assert_cmpint (count (db, IMPORTED_ORDERS), ==, N_ROWS - G_N_ELEMENTS (bad_rows));
  /* Numbered at once, as anne's, ready to be pulled. */
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM events WHERE type = 'order.received' AND actor = 'anne'"
                              " AND payload LIKE '%RM-2026-%'"
                              " AND server_seq IS NOT NULL AND conflict IS NULL"),
                   ==, N_ROWS - G_N_ELEMENTS (bad_rows));

  server_records = records (db);
  cli_records = records (w.db);
  g_assert_cmpstr (server_records, ==, cli_records);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM personal_access_log WHERE actor = 'anne' AND action = 'write'"
                              " AND reason = 'order posted to the server'"),
                   ==, N_ROWS - G_N_ELEMENTS (bad_rows));

  /* A warehouse computer gets the orders and none of the personal data. */
  {
    g_autofree char *path = g_build_filename (w.dir, "warehouse.db", NULL);
    g_autoptr(TlkTestComputer) desk = tlk_test_computer_new (path, tlk_test_server_url (w.srv), "mette", PASSWORD);

    tlk_test_computer_sync_ok (desk);
    g_clear_pointer (&desk, tlk_test_computer_free);
    g_assert_cmpint (count (path, IMPORTED_ORDERS), ==, N_ROWS - G_N_ELEMENTS (bad_rows));
    g_assert_cmpint (count (path, "SELECT COUNT(*) FROM citizens"), ==, 0);
  }
}

static void
test_server_refusals (void)
{
  g_autofree char *warehouse = tlk_test_server_login (w.srv, "mette", PASSWORD, "desk-1");
  g_autofree char *driver = tlk_test_server_login (w.srv, "jens", PASSWORD, "car-1");
  g_autofree char *coordinator = tlk_test_server_login (w.srv, "anne", PASSWORD, "office-1");
  const char *one = "{\"orders\": [{\"customer\": \"hospital-1\", \"case_ref\": \"X-1\", \"kit_type\": \"kol\","
                    " \"requested_date\": \"01-03-2027\", \"name\": \"Bo\", \"address\": \"Vej 1\"}]}";
  const char *db = tlk_test_server_db_path (w.srv);
  gint64 events = count (db, "SELECT COUNT(*) FROM events");

  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", warehouse, one, 403, "forbidden", "may not");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", driver, one, 403, "forbidden", "may not");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", NULL, one, 401, "unauthorized", NULL);
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", coordinator, "{\"orders\": [{\"customer\": ", 400,
                                "malformed", NULL);
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", coordinator,
                                "{\"orders\": [{\"customer\": \"hospital-1\", \"cpr\": \"x\"}]}", 400, "malformed",
                                "unknown member “cpr”");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", coordinator,
                                "{\"orders\": [{\"customer\": 17}]}", 400, "malformed", "“customer” must be a string");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", coordinator, "{\"orders\": [3]}", 400, "malformed",
                                "Order 1 is not an object");
  tlk_test_server_assert_error (w.srv, "POST", "/api/v1/orders", coordinator, "{\"orders\": [], \"skip_bad\": 1}",
                                400, "malformed", "skip_bad");
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM events"), ==, events);
  tlk_test_server_assert_healthy (w.srv);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world_set_up ();
  g_test_add_func ("/orders/cli-refuses-all", test_cli_refuses_all);
  g_test_add_func ("/orders/cli-skip-bad", test_cli_skip_bad);
  g_test_add_func ("/orders/server-same-refusals", test_server_same_refusals);
  g_test_add_func ("/orders/server-skip-bad", test_server_skip_bad);
  g_test_add_func ("/orders/server-refusals", test_server_refusals);
  status = g_test_run ();
  g_clear_pointer (&cli_problems, json_node_unref);
  world_tear_down ();
  return status;
}
