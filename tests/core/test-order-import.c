/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-csv.h"
#include "tlk-order-import.h"

/*
 * Orders from outside: the CSV dialect Danish Excel writes (tlk-csv) and
 * the order rows read from it (tlk-order-import): headers, every field
 * rule, where a problem is reported, repeats, and that the order.received
 * event carries no personal data.
 */

#define ACTOR   "u-anna"
#define ORDER   "ord-2026-0042"
#define CITIZEN "cit-8f3a"

#define MAX_RECORDS 5
#define MAX_FIELDS  5

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

/* ------------------------------------------------------------------ CSV */

typedef struct
{
  guint       line;                       /* 0 ends the list */
  const char *fields[MAX_FIELDS + 1];     /* NULL-terminated */
} ExpectedRecord;

typedef struct
{
  const char    *name;
  const char    *data;
  ExpectedRecord records[MAX_RECORDS + 1];
} CsvCase;

static const CsvCase csv_cases[] = {
  { "lf", "a;b\nc;d\n", { { 1, { "a", "b" } }, { 2, { "c", "d" } } } },
  { "crlf", "a;b\r\nc;d\r\n", { { 1, { "a", "b" } }, { 2, { "c", "d" } } } },
  { "lone cr", "a;b\rc;d\re;f\r", { { 1, { "a", "b" } }, { 2, { "c", "d" } }, { 3, { "e", "f" } } } },
  { "no final line end", "a;b\r\nc;d", { { 1, { "a", "b" } }, { 2, { "c", "d" } } } },
  { "bom", "\xEF\xBB\xBF" "a;b\r\nc;d\r\n", { { 1, { "a", "b" } }, { 2, { "c", "d" } } } },
  { "utf-8 without bom", "navn;by\r\nSøren;Ærø\r\n", { { 1, { "navn", "by" } }, { 2, { "Søren", "Ærø" } } } },
  { "bom and utf-8", "\xEF\xBB\xBF" "navn;by\nSøren;Ærø\n", { { 1, { "navn", "by" } }, { 2, { "Søren", "Ærø" } } } },
  { "windows-1252", "navn;by\r\n\xe6\xf8\xe5;\xc6\xd8\xc5\r\n", { { 1, { "navn", "by" } }, { 2, { "æøå", "ÆØÅ" } } } },
  /* 0x80 is € in Windows-1252 (not in Latin-1). */
  { "windows-1252 euro", "pris;valuta\n12;\x80\n", { { 1, { "pris", "valuta" } }, { 2, { "12", "€" } } } },
  { "quoted separator", "a;b\n\"x;y\";z\n", { { 1, { "a", "b" } }, { 2, { "x;y", "z" } } } },
  { "quoted quotes", "a;b\n\"say \"\"hi\"\"\";\"\"\"\"\n",
    { { 1, { "a", "b" } }, { 2, { "say \"hi\"", "\"" } } } },
  { "quoted empty", "a;b;c\n\"\";z;\"\"\n", { { 1, { "a", "b", "c" } }, { 2, { "", "z", "" } } } },
  { "quoted crlf", "a;b\r\n\"one\r\ntwo\";z\r\nc;d\r\n",
    { { 1, { "a", "b" } }, { 2, { "one\ntwo", "z" } }, { 4, { "c", "d" } } } },
  { "quoted lf twice", "a;b\n\"one\ntwo\nthree\";z\nc;d\n",
    { { 1, { "a", "b" } }, { 2, { "one\ntwo\nthree", "z" } }, { 5, { "c", "d" } } } },
  { "quoted lone cr", "a;b\r\"one\rtwo\";z\rc;d\r",
    { { 1, { "a", "b" } }, { 2, { "one\rtwo", "z" } }, { 4, { "c", "d" } } } },
  { "quoted line break in header", "\"a\r\nb\";c\r\nd;e\r\n", { { 1, { "a\nb", "c" } }, { 3, { "d", "e" } } } },
  { "quote inside a field", "a;b\n5\" skærm;z\n", { { 1, { "a", "b" } }, { 2, { "5\" skærm", "z" } } } },
  { "nothing trimmed", "a;b\n x ; y \n", { { 1, { "a", "b" } }, { 2, { " x ", " y " } } } },
  { "empty fields", "a;b;c\n1;;\n;;3\n", { { 1, { "a", "b", "c" } }, { 2, { "1", "", "" } }, { 3, { "", "", "3" } } } },
  { "separator-only lines skipped", "a;b\r\n\r\n;\r\n;;\r\nc;d\r\n", { { 1, { "a", "b" } }, { 5, { "c", "d" } } } },
  { "blank lines first", "\n\na;b\nc;d", { { 3, { "a", "b" } }, { 4, { "c", "d" } } } },
  { "comma header", "a,b,c\r\n1,2,3\r\n", { { 1, { "a", "b", "c" } }, { 2, { "1", "2", "3" } } } },
  { "comma header, semicolon data", "a,b\nx;y,z\n", { { 1, { "a", "b" } }, { 2, { "x;y", "z" } } } },
  { "comma quoted", "a,b\n\"Vestergade 12, 8000 Aarhus C\",z\n",
    { { 1, { "a", "b" } }, { 2, { "Vestergade 12, 8000 Aarhus C", "z" } } } },
  { "tab header", "a\tb\tc\n1\t2,5\t3;4\n", { { 1, { "a", "b", "c" } }, { 2, { "1", "2,5", "3;4" } } } },
  { "semicolon wins a tie", "a;b,c\n1;2,3\n", { { 1, { "a", "b,c" } }, { 2, { "1", "2,3" } } } },
  { "semicolons in quotes do not count", "\"a;b;c\",d,e\n1,2,3\n",
    { { 1, { "a;b;c", "d", "e" } }, { 2, { "1", "2", "3" } } } },
  { "commas in data do not count", "a;b\n1,5;2,5,7,9\n", { { 1, { "a", "b" } }, { 2, { "1,5", "2,5,7,9" } } } },
};

static void
assert_records (GPtrArray            *records,
                const ExpectedRecord *expected)
{
  guint n = 0;

  while (n < MAX_RECORDS && expected[n].line != 0)
    n++;
  g_assert_cmpuint (records->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const TlkCsvRecord *record = g_ptr_array_index (records, i);
      guint n_fields = 0;

      while (expected[i].fields[n_fields] != NULL)
        n_fields++;
      g_assert_cmpuint (record->line, ==, expected[i].line);
      g_assert_cmpuint (g_strv_length (record->fields), ==, n_fields);
      for (guint j = 0; j < n_fields; j++)
        g_assert_cmpstr (record->fields[j], ==, expected[i].fields[j]);
    }
}

static void
test_csv_read (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_cases); i++)
    {
      const CsvCase *c = &csv_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;

      g_test_message ("case: %s", c->name);
      records = tlk_csv_read (c->data, strlen (c->data), &error);
      g_assert_no_error (error);
      g_assert_nonnull (records);
      assert_records (records, c->records);
    }
}

/* Only @length bytes are read: what follows is not part of the file. */
static void
test_csv_length (void)
{
  const char data[] = "a;b\nc;d\ne;f\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = tlk_csv_read (data, strlen ("a;b\nc;d\n"), &error);
  const ExpectedRecord expected[] = { { 1, { "a", "b" } }, { 2, { "c", "d" } }, { 0 } };

  g_assert_no_error (error);
  assert_records (records, expected);
}

typedef struct
{
  const char *name;
  const char *data;
  TlkCsvError code;
  const char *message;   /* part of the message, or NULL */
} CsvErrorCase;

static const CsvErrorCase csv_error_cases[] = {
  { "empty", "", TLK_CSV_ERROR_EMPTY, "empty" },
  { "only a bom", "\xEF\xBB\xBF", TLK_CSV_ERROR_EMPTY, "empty" },
  { "only line ends", "\r\n\r\n\n\r", TLK_CSV_ERROR_EMPTY, "empty" },
  { "only separators", ";;;\r\n;;\r\n;", TLK_CSV_ERROR_EMPTY, "empty" },
  { "quote never closed, line 1", "\"a;b\nc;d\n", TLK_CSV_ERROR_QUOTE, "Line 1:" },
  { "quote never closed, line 2", "a;b\nc;\"open\nd;e\n", TLK_CSV_ERROR_QUOTE, "Line 2:" },
  /* The line the quote opens on, after a quoted line break before it. */
  { "quote never closed, line 4", "a;b\r\n\"x\r\ny\";z\r\nc;\"d\r\ne;f\r\n", TLK_CSV_ERROR_QUOTE, "Line 4:" },
  { "quote never closed, escaped quote at the end", "a;b\n\"c\"\"\n", TLK_CSV_ERROR_QUOTE, "Line 2:" },
  /* 0x81 and 0x8D are not characters in Windows-1252 either. */
  { "not windows-1252", "a;b\n\x81\x8d;c\n", TLK_CSV_ERROR_ENCODING, "CSV UTF-8" },
};

static void
test_csv_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_error_cases); i++)
    {
      const CsvErrorCase *c = &csv_error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;

      g_test_message ("case: %s", c->name);
      records = tlk_csv_read (c->data, strlen (c->data), &error);
      g_assert_null (records);
      g_assert_error (error, TLK_CSV_ERROR, (int) c->code);
      if (c->message != NULL)
        assert_contains (error->message, c->message);
    }
}

/* The header allows data == NULL with length 0 (an empty file): that is
 * TLK_CSV_ERROR_EMPTY like "" with length 0 (it once crashed). */
static void
test_csv_null_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = tlk_csv_read (NULL, 0, &error);

  g_assert_null (records);
  g_assert_error (error, TLK_CSV_ERROR, TLK_CSV_ERROR_EMPTY);
}

/* Blank lines before the header are skipped; the separator is the one the
 * header uses, wherever the header starts. */
static void
test_csv_separator_after_blank_lines (void)
{
  const char data[] = "\r\n,,\r\na,b,c\r\n1,2,3\r\n";
  const ExpectedRecord expected[] = { { 3, { "a", "b", "c" } }, { 4, { "1", "2", "3" } }, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = tlk_csv_read (data, strlen (data), &error);
  const TlkCsvRecord *header;

  g_assert_no_error (error);
  g_assert_nonnull (records);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (g_strv_length (header->fields), ==, 3);
  assert_records (records, expected);
}

/* --------------------------------------------------------------- orders */

typedef struct
{
  GPtrArray *customers;   /* of TlkCustomer */
  GPtrArray *kit_types;   /* of TlkKitType */
  GPtrArray *problems;    /* of TlkOrderProblem */
} Fixture;

static void
add_customer (Fixture    *f,
              const char *id,
              const char *name,
              const char *kind,
              const char *ean)
{
  TlkCustomer *customer = g_new0 (TlkCustomer, 1);

  customer->id = g_strdup (id);
  customer->name = g_strdup (name);
  customer->kind = g_strdup (kind);
  customer->ean = g_strdup (ean);
  g_ptr_array_add (f->customers, customer);
}

static void
add_kit_type (Fixture    *f,
              const char *id,
              const char *name)
{
  TlkKitType *type = tlk_kit_type_new (id);

  type->name = g_strdup (name);
  g_ptr_array_add (f->kit_types, type);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_customer_free);
  f->kit_types = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_type_free);
  f->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  add_customer (f, "cust-aarhus", "Aarhus Kommune", "municipality", "5798000000001");
  add_customer (f, "cust-rm", "Region Midtjylland", "region", NULL);
  add_customer (f, "cust-aeroe", "Ærø Kommune", "municipality", "5798000000002");
  add_kit_type (f, "kt-copd", "KOL-pakke");
  add_kit_type (f, "kt-heart", "Hjertesvigt");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->customers, g_ptr_array_unref);
  g_clear_pointer (&f->kit_types, g_ptr_array_unref);
  g_clear_pointer (&f->problems, g_ptr_array_unref);
}

static const TlkOrderProblem *
problem_at (Fixture *f,
            guint    i)
{
  g_assert_cmpuint (i, <, f->problems->len);
  return g_ptr_array_index (f->problems, i);
}

static void
assert_problem (Fixture    *f,
                guint       i,
                guint       line,
                const char *column,
                const char *message)
{
  const TlkOrderProblem *problem = problem_at (f, i);

  g_assert_cmpuint (problem->line, ==, line);
  g_assert_cmpstr (problem->column, ==, column);
  assert_contains (problem->message, message);
}

/* The Danish template's header, as a customer would write it. */
static const char *const danish_columns[TLK_ORDER_N_FIELDS] = {
  "Kunde", "Sagsnummer", "Pakketype", "Ønsket dato", "Prioritet", "Bemærkning", "Navn", "Adresse", "Telefon",
  "Adgang",
};

static const char *const good_values[TLK_ORDER_N_FIELDS] = {
  "Aarhus Kommune", "SAG-2026-117", "KOL-pakke", "02-03-2026", "haster", "Ring to gange", "Karen Jensen",
  "Vestergade 12, 8000 Aarhus C", "+45 86 12 34 56", "Kode 4711 ved døren",
};

static const char *
draft_field (const TlkOrderDraft *draft,
             TlkOrderField        field)
{
  switch (field)
    {
    case TLK_ORDER_FIELD_CUSTOMER: return draft->customer;
    case TLK_ORDER_FIELD_CASE_REF: return draft->case_ref;
    case TLK_ORDER_FIELD_KIT_TYPE: return draft->kit_type;
    case TLK_ORDER_FIELD_REQUESTED_DATE: return draft->requested_date;
    case TLK_ORDER_FIELD_PRIORITY: return draft->priority;
    case TLK_ORDER_FIELD_NOTES: return draft->notes;
    case TLK_ORDER_FIELD_NAME: return draft->name;
    case TLK_ORDER_FIELD_ADDRESS: return draft->address;
    case TLK_ORDER_FIELD_PHONE: return draft->phone;
    case TLK_ORDER_FIELD_ACCESS_NOTES: return draft->access_notes;
    case TLK_ORDER_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

typedef struct
{
  const char *header;
  int         field;    /* -1: not a column we know */
} HeaderCase;

static const HeaderCase header_cases[] = {
  { "Kunde", TLK_ORDER_FIELD_CUSTOMER },
  { "KUNDE", TLK_ORDER_FIELD_CUSTOMER },
  { "customer", TLK_ORDER_FIELD_CUSTOMER },
  { "Customer", TLK_ORDER_FIELD_CUSTOMER },
  { "Bestiller", TLK_ORDER_FIELD_CUSTOMER },
  { "  Kunde\t", TLK_ORDER_FIELD_CUSTOMER },
  { "Sagsnummer", TLK_ORDER_FIELD_CASE_REF },
  { "Sagsnr.", TLK_ORDER_FIELD_CASE_REF },
  { "Sagsnr", TLK_ORDER_FIELD_CASE_REF },
  { "Reference", TLK_ORDER_FIELD_CASE_REF },
  { "Case ref", TLK_ORDER_FIELD_CASE_REF },
  { "case_ref", TLK_ORDER_FIELD_CASE_REF },
  { "CASE_REF", TLK_ORDER_FIELD_CASE_REF },
  { "Pakketype", TLK_ORDER_FIELD_KIT_TYPE },
  { "Pakke", TLK_ORDER_FIELD_KIT_TYPE },
  { "Kit type", TLK_ORDER_FIELD_KIT_TYPE },
  { "kit_type", TLK_ORDER_FIELD_KIT_TYPE },
  { "Ønsket dato", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "ØNSKET DATO", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "ønsket_dato", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "Leveringsdato", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "Dato", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "Requested date", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "requested_date", TLK_ORDER_FIELD_REQUESTED_DATE },
  { "Prioritet", TLK_ORDER_FIELD_PRIORITY },
  { "Priority", TLK_ORDER_FIELD_PRIORITY },
  { "Bemærkning", TLK_ORDER_FIELD_NOTES },
  { "BEMÆRKNINGER", TLK_ORDER_FIELD_NOTES },
  { "Notes", TLK_ORDER_FIELD_NOTES },
  { "Navn", TLK_ORDER_FIELD_NAME },
  { "Borgerens navn", TLK_ORDER_FIELD_NAME },
  { "Name", TLK_ORDER_FIELD_NAME },
  { "Adresse", TLK_ORDER_FIELD_ADDRESS },
  { "ADDRESS", TLK_ORDER_FIELD_ADDRESS },
  { "Telefon", TLK_ORDER_FIELD_PHONE },
  { "Tlf.", TLK_ORDER_FIELD_PHONE },
  { "Phone", TLK_ORDER_FIELD_PHONE },
  { "Adgang", TLK_ORDER_FIELD_ACCESS_NOTES },
  { "Nøgle", TLK_ORDER_FIELD_ACCESS_NOTES },
  { "Access notes", TLK_ORDER_FIELD_ACCESS_NOTES },
  { "access_notes", TLK_ORDER_FIELD_ACCESS_NOTES },
  { "", -1 },
  { "CPR", -1 },
  { "CPR-nummer", -1 },
  { "Kundenavn", -1 },
  { "Ønsket  dato", -1 },
  { "Dato og tid", -1 },
};

static void
test_headers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_cases); i++)
    {
      g_test_message ("header: '%s'", header_cases[i].header);
      g_assert_cmpint (tlk_order_field_from_header (header_cases[i].header), ==, header_cases[i].field);
    }
  /* The JSON names are the English headers. */
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    {
      g_assert_cmpint (tlk_order_field_from_header (tlk_order_field_name ((TlkOrderField) f)), ==, f);
      g_assert_cmpint (tlk_order_field_from_header (danish_columns[f]), ==, f);
    }
}

static TlkOrderDraft *
check_row (Fixture           *f,
           const char *const *values,
           guint              line)
{
  return tlk_order_draft_check (values, danish_columns, line, f->customers, f->kit_types, f->problems);
}

static void
test_check_good (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlkOrderDraft) draft = check_row (f, good_values, 7);

  g_assert_cmpuint (f->problems->len, ==, 0);
  g_assert_nonnull (draft);
  g_assert_cmpuint (draft->line, ==, 7);
  g_assert_cmpstr (draft->customer, ==, "cust-aarhus");
  g_assert_cmpstr (draft->case_ref, ==, "SAG-2026-117");
  g_assert_cmpstr (draft->kit_type, ==, "kt-copd");
  g_assert_cmpstr (draft->requested_date, ==, "2026-03-02");
  g_assert_cmpstr (draft->priority, ==, "urgent");
  g_assert_cmpstr (draft->notes, ==, "Ring to gange");
  g_assert_cmpstr (draft->name, ==, "Karen Jensen");
  g_assert_cmpstr (draft->address, ==, "Vestergade 12, 8000 Aarhus C");
  g_assert_cmpstr (draft->phone, ==, "+45 86 12 34 56");
  g_assert_cmpstr (draft->access_notes, ==, "Kode 4711 ved døren");
}

/* Only the required fields; the others absent (NULL) or empty. */
static void
test_check_minimal (Fixture       *f,
                    gconstpointer  data)
{
  const char *const values[TLK_ORDER_N_FIELDS] = {
    "cust-rm", "R-1", "kt-heart", "2026-05-01", NULL, "", "Ole Hansen", "Nørregade 1", " ", NULL,
  };
  g_autoptr(TlkOrderDraft) draft = check_row (f, values, 2);

  g_assert_cmpuint (f->problems->len, ==, 0);
  g_assert_nonnull (draft);
  g_assert_cmpstr (draft->customer, ==, "cust-rm");
  g_assert_cmpstr (draft->priority, ==, "normal");
  g_assert_null (draft->notes);
  g_assert_null (draft->phone);
  g_assert_null (draft->access_notes);
}

typedef struct
{
  TlkOrderField field;
  const char   *value;     /* NULL: absent */
  gboolean      ok;
  const char   *expected;  /* ok: the draft's value; else part of the problem */
} FieldCase;

#define CPR_SEEN "seems to contain a CPR number"

static const FieldCase field_cases[] = {
  { TLK_ORDER_FIELD_CUSTOMER, "cust-aarhus", TRUE, "cust-aarhus" },
  { TLK_ORDER_FIELD_CUSTOMER, "Aarhus Kommune", TRUE, "cust-aarhus" },
  { TLK_ORDER_FIELD_CUSTOMER, "aarhus kommune", TRUE, "cust-aarhus" },
  { TLK_ORDER_FIELD_CUSTOMER, "AARHUS KOMMUNE", TRUE, "cust-aarhus" },
  { TLK_ORDER_FIELD_CUSTOMER, "  Aarhus Kommune ", TRUE, "cust-aarhus" },
  { TLK_ORDER_FIELD_CUSTOMER, "5798000000001", TRUE, "cust-aarhus" },
  { TLK_ORDER_FIELD_CUSTOMER, "Region Midtjylland", TRUE, "cust-rm" },
  { TLK_ORDER_FIELD_CUSTOMER, "ærø kommune", TRUE, "cust-aeroe" },
  { TLK_ORDER_FIELD_CUSTOMER, "5798000000002", TRUE, "cust-aeroe" },
  { TLK_ORDER_FIELD_CUSTOMER, "Odense Kommune", FALSE, "The customer “Odense Kommune” is not registered" },
  { TLK_ORDER_FIELD_CUSTOMER, "5798000000009", FALSE, "The customer “5798000000009” is not registered" },
  { TLK_ORDER_FIELD_CUSTOMER, "", FALSE, "“Kunde” must be filled in." },
  { TLK_ORDER_FIELD_CUSTOMER, " \t ", FALSE, "“Kunde” must be filled in." },
  { TLK_ORDER_FIELD_CUSTOMER, NULL, FALSE, "“Kunde” must be filled in." },

  { TLK_ORDER_FIELD_CASE_REF, "SAG-2026-117", TRUE, "SAG-2026-117" },
  { TLK_ORDER_FIELD_CASE_REF, " SAG 7 ", TRUE, "SAG 7" },
  { TLK_ORDER_FIELD_CASE_REF, "", FALSE, "“Sagsnummer” must be filled in." },
  { TLK_ORDER_FIELD_CASE_REF, "   ", FALSE, "“Sagsnummer” must be filled in." },
  { TLK_ORDER_FIELD_CASE_REF, "010190-1234", FALSE, "“Sagsnummer” " CPR_SEEN },
  { TLK_ORDER_FIELD_CASE_REF, "Sag 0101901234", FALSE, "“Sagsnummer” " CPR_SEEN },

  { TLK_ORDER_FIELD_KIT_TYPE, "kt-copd", TRUE, "kt-copd" },
  { TLK_ORDER_FIELD_KIT_TYPE, "KOL-pakke", TRUE, "kt-copd" },
  { TLK_ORDER_FIELD_KIT_TYPE, "kol-PAKKE", TRUE, "kt-copd" },
  { TLK_ORDER_FIELD_KIT_TYPE, "hjertesvigt", TRUE, "kt-heart" },
  { TLK_ORDER_FIELD_KIT_TYPE, "Diabetes", FALSE, "The kit type “Diabetes” is not known." },
  { TLK_ORDER_FIELD_KIT_TYPE, "", FALSE, "“Pakketype” must be filled in." },

  { TLK_ORDER_FIELD_REQUESTED_DATE, "02-03-2026", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "2-3-2026", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "02.03.2026", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "2.3.2026", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "02/03/2026", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "2026-03-02", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "31-12-2026", TRUE, "2026-12-31" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "29-02-2028", TRUE, "2028-02-29" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, " 02-03-2026 ", TRUE, "2026-03-02" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "31-02-2026", FALSE, "“31-02-2026” is not a date; write it like 24-12-2026." },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "29-02-2026", FALSE, "“29-02-2026” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "2026-02-30", FALSE, "“2026-02-30” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "257-01-2026", FALSE, "“257-01-2026” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "1-13-2026", FALSE, "“1-13-2026” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "00-01-2026", FALSE, "“00-01-2026” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "01-00-2026", FALSE, "“01-00-2026” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "01-01-1999", FALSE, "“01-01-1999” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "02-03-26", FALSE, "“02-03-26” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "02-03/2026", FALSE, "“02-03/2026” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "02-03-2026-1", FALSE, "“02-03-2026-1” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "i morgen", FALSE, "“i morgen” is not a date" },
  { TLK_ORDER_FIELD_REQUESTED_DATE, "", FALSE, "“Ønsket dato” must be filled in." },

  { TLK_ORDER_FIELD_PRIORITY, "normal", TRUE, "normal" },
  { TLK_ORDER_FIELD_PRIORITY, "Normal", TRUE, "normal" },
  { TLK_ORDER_FIELD_PRIORITY, "almindelig", TRUE, "normal" },
  { TLK_ORDER_FIELD_PRIORITY, "", TRUE, "normal" },
  { TLK_ORDER_FIELD_PRIORITY, "  ", TRUE, "normal" },
  { TLK_ORDER_FIELD_PRIORITY, NULL, TRUE, "normal" },
  { TLK_ORDER_FIELD_PRIORITY, "haster", TRUE, "urgent" },
  { TLK_ORDER_FIELD_PRIORITY, "HASTER", TRUE, "urgent" },
  { TLK_ORDER_FIELD_PRIORITY, "urgent", TRUE, "urgent" },
  { TLK_ORDER_FIELD_PRIORITY, "akut", TRUE, "urgent" },
  { TLK_ORDER_FIELD_PRIORITY, "snart", FALSE, "The priority “snart” is not known; write “normal” or “haster”." },

  { TLK_ORDER_FIELD_NOTES, "Ring to gange", TRUE, "Ring to gange" },
  { TLK_ORDER_FIELD_NOTES, NULL, TRUE, NULL },
  { TLK_ORDER_FIELD_NOTES, " ", TRUE, NULL },
  { TLK_ORDER_FIELD_NOTES, "Borger 010190-1234", FALSE, "“Bemærkning” " CPR_SEEN },
  { TLK_ORDER_FIELD_NOTES, "cpr 0101901234.", FALSE, "“Bemærkning” " CPR_SEEN },

  { TLK_ORDER_FIELD_NAME, "Karen Jensen", TRUE, "Karen Jensen" },
  { TLK_ORDER_FIELD_NAME, "", FALSE, "“Navn” must be filled in." },
  { TLK_ORDER_FIELD_NAME, "\t", FALSE, "“Navn” must be filled in." },
  { TLK_ORDER_FIELD_NAME, "Karen Jensen 010190-1234", FALSE, "“Navn” " CPR_SEEN },
  { TLK_ORDER_FIELD_NAME, "0101901234", FALSE, "“Navn” " CPR_SEEN },

  { TLK_ORDER_FIELD_ADDRESS, "Nørregade 1, 8000 Aarhus C", TRUE, "Nørregade 1, 8000 Aarhus C" },
  { TLK_ORDER_FIELD_ADDRESS, "", FALSE, "“Adresse” must be filled in." },
  { TLK_ORDER_FIELD_ADDRESS, NULL, FALSE, "“Adresse” must be filled in." },
  { TLK_ORDER_FIELD_ADDRESS, "Nørregade 1 (010190-1234)", FALSE, "“Adresse” " CPR_SEEN },
  { TLK_ORDER_FIELD_ADDRESS, "Nørregade 0101901234", FALSE, "“Adresse” " CPR_SEEN },

  { TLK_ORDER_FIELD_PHONE, "86123456", TRUE, "86123456" },
  { TLK_ORDER_FIELD_PHONE, "+45 86 12 34 56", TRUE, "+45 86 12 34 56" },
  { TLK_ORDER_FIELD_PHONE, "+4586123456", TRUE, "+4586123456" },
  { TLK_ORDER_FIELD_PHONE, "86-12-34-56", TRUE, "86-12-34-56" },
  { TLK_ORDER_FIELD_PHONE, NULL, TRUE, NULL },
  { TLK_ORDER_FIELD_PHONE, "", TRUE, NULL },
  { TLK_ORDER_FIELD_PHONE, "1234", FALSE, "“1234” is not a phone number" },
  { TLK_ORDER_FIELD_PHONE, "86 12 34 5x", FALSE, "“86 12 34 5x” is not a phone number" },
  { TLK_ORDER_FIELD_PHONE, "+45+86123456", FALSE, "“+45+86123456” is not a phone number" },
  { TLK_ORDER_FIELD_PHONE, "1234567890123456", FALSE, "“1234567890123456” is not a phone number" },
  { TLK_ORDER_FIELD_PHONE, "0101901234", FALSE, "“Telefon” " CPR_SEEN },

  { TLK_ORDER_FIELD_ACCESS_NOTES, "Nøgleboks, kode 4711", TRUE, "Nøgleboks, kode 4711" },
  { TLK_ORDER_FIELD_ACCESS_NOTES, NULL, TRUE, NULL },
  { TLK_ORDER_FIELD_ACCESS_NOTES, "Spørg efter 010190-1234", FALSE, "“Adgang” " CPR_SEEN },
};

/* Each rule on its own: a good row with one value changed. */
static void
test_check_fields (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      const FieldCase *c = &field_cases[i];
      const char *values[TLK_ORDER_N_FIELDS];
      g_autoptr(TlkOrderDraft) draft = NULL;

      g_test_message ("%s: '%s'", danish_columns[c->field], c->value ? c->value : "(absent)");
      memcpy (values, good_values, sizeof values);
      values[c->field] = c->value;
      g_ptr_array_set_size (f->problems, 0);
      draft = check_row (f, values, 7);
      if (c->ok)
        {
          g_assert_cmpuint (f->problems->len, ==, 0);
          g_assert_nonnull (draft);
          g_assert_cmpstr (draft_field (draft, c->field), ==, c->expected);
        }
      else
        {
          g_assert_null (draft);
          g_assert_cmpuint (f->problems->len, ==, 1);
          assert_problem (f, 0, 7, danish_columns[c->field], c->expected);
        }
    }
}

/* Case reference and name: at most 200 characters, not bytes. */
static void
test_check_lengths (Fixture       *f,
                    gconstpointer  data)
{
  const TlkOrderField fields[] = { TLK_ORDER_FIELD_CASE_REF, TLK_ORDER_FIELD_NAME };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GString *longest = g_string_new (NULL);
      g_autofree char *too_long = NULL;
      g_autofree char *longest_text = NULL;
      g_autofree char *message = g_strdup_printf ("“%s” is too long (at most 200 characters).",
                                                  danish_columns[fields[i]]);
      const char *values[TLK_ORDER_N_FIELDS];
      g_autoptr(TlkOrderDraft) draft = NULL;
      g_autoptr(TlkOrderDraft) refused = NULL;

      for (guint n = 0; n < 200; n++)
        g_string_append (longest, "æ");
      longest_text = g_string_free (longest, FALSE);
      too_long = g_strconcat (longest_text, "x", NULL);

      memcpy (values, good_values, sizeof values);
      values[fields[i]] = longest_text;
      g_ptr_array_set_size (f->problems, 0);
      draft = check_row (f, values, 3);
      g_assert_cmpuint (f->problems->len, ==, 0);
      g_assert_nonnull (draft);
      g_assert_cmpstr (draft_field (draft, fields[i]), ==, longest_text);

      values[fields[i]] = too_long;
      refused = check_row (f, values, 3);
      g_assert_null (refused);
      g_assert_cmpuint (f->problems->len, ==, 1);
      assert_problem (f, 0, 3, danish_columns[fields[i]], message);
    }
}

/* Every problem of a row is reported, in field order, all on its line;
 * problems already in the array are kept. */
static void
test_check_many_problems (Fixture       *f,
                          gconstpointer  data)
{
  const char *const values[TLK_ORDER_N_FIELDS] = {
    "Odense Kommune", "", "KOL-pakke", "31-02-2026", "snart", NULL, "Jens 010190-1234", "Vej 1", "12", NULL,
  };
  TlkOrderProblem *earlier = g_new0 (TlkOrderProblem, 1);
  g_autoptr(TlkOrderDraft) draft = NULL;

  earlier->line = 1;
  earlier->message = g_strdup ("earlier");
  g_ptr_array_add (f->problems, earlier);
  draft = check_row (f, values, 12);
  g_assert_null (draft);
  g_assert_cmpuint (f->problems->len, ==, 7);
  assert_problem (f, 0, 1, NULL, "earlier");
  assert_problem (f, 1, 12, "Kunde", "“Odense Kommune” is not registered");
  assert_problem (f, 2, 12, "Sagsnummer", "must be filled in");
  assert_problem (f, 3, 12, "Ønsket dato", "is not a date");
  assert_problem (f, 4, 12, "Prioritet", "“snart” is not known");
  assert_problem (f, 5, 12, "Navn", CPR_SEEN);
  assert_problem (f, 6, 12, "Telefon", "“12” is not a phone number");
}

/* Without @columns, problems name the JSON fields. */
static void
test_check_json_names (Fixture       *f,
                       gconstpointer  data)
{
  const char *values[TLK_ORDER_N_FIELDS];
  g_autoptr(TlkOrderDraft) draft = NULL;

  memcpy (values, good_values, sizeof values);
  values[TLK_ORDER_FIELD_REQUESTED_DATE] = NULL;
  values[TLK_ORDER_FIELD_ACCESS_NOTES] = "010190-1234";
  draft = tlk_order_draft_check (values, NULL, 4, f->customers, f->kit_types, f->problems);
  g_assert_null (draft);
  g_assert_cmpuint (f->problems->len, ==, 2);
  assert_problem (f, 0, 4, "requested_date", "“requested_date” must be filled in.");
  assert_problem (f, 1, 4, "access_notes", "“access_notes” " CPR_SEEN);
}

static GPtrArray *
read_orders (Fixture    *f,
             const char *data,
             guint      *n_rows,
             char      **case_ref_column)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *drafts = tlk_order_read_csv (data, strlen (data), f->customers, f->kit_types, f->problems,
                                          n_rows, case_ref_column, &error);

  g_assert_no_error (error);
  g_assert_nonnull (drafts);
  return drafts;
}

typedef struct
{
  const char *name;
  const char *data;
  const char *case_ref_column;
} HeaderFileCase;

/* The same order under every way of writing the header. */
static const HeaderFileCase header_file_cases[] = {
  { "danish template, bom, crlf",
    "\xEF\xBB\xBF" "Kunde;Sagsnummer;Pakketype;Ønsket dato;Prioritet;Bemærkning;Navn;Adresse;Telefon;Adgang\r\n"
    "Aarhus Kommune;SAG-1;KOL-pakke;02-03-2026;haster;;Karen Jensen;\"Vestergade 12; 8000 Aarhus C\";;\r\n",
    "Sagsnummer" },
  { "danish upper case, only the required columns, lf",
    "KUNDE;SAGSNUMMER;PAKKETYPE;ØNSKET DATO;NAVN;ADRESSE\n"
    "Aarhus Kommune;SAG-1;KOL-pakke;2.3.2026;Karen Jensen;\"Vestergade 12; 8000 Aarhus C\"\n",
    "SAGSNUMMER" },
  { "danish synonyms, other order, cr",
    "Borgerens navn;Adresse;Leveringsdato;Pakke;Sagsnr.;Bestiller\r"
    "Karen Jensen;\"Vestergade 12; 8000 Aarhus C\";02/03/2026;kt-copd;SAG-1;5798000000001\r",
    "Sagsnr." },
  { "english json names, commas",
    "customer,case_ref,kit_type,requested_date,priority,notes,name,address,phone,access_notes\n"
    "cust-aarhus,SAG-1,kt-copd,2026-03-02,urgent,,Karen Jensen,\"Vestergade 12; 8000 Aarhus C\",,\n",
    "case_ref" },
  { "english words, mixed case, tabs",
    "Customer\tCase Ref\tKit Type\tRequested Date\tNAME\tAddress\n"
    "aarhus kommune\tSAG-1\tkol-pakke\t02-03-2026\tKaren Jensen\tVestergade 12; 8000 Aarhus C\n",
    "Case Ref" },
};

static void
test_read_headers (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_file_cases); i++)
    {
      const HeaderFileCase *c = &header_file_cases[i];
      g_autoptr(GPtrArray) drafts = NULL;
      g_autofree char *column = NULL;
      const TlkOrderDraft *draft;
      guint n_rows = 0;

      g_test_message ("case: %s", c->name);
      drafts = read_orders (f, c->data, &n_rows, &column);
      g_assert_cmpuint (f->problems->len, ==, 0);
      g_assert_cmpuint (n_rows, ==, 1);
      g_assert_cmpstr (column, ==, c->case_ref_column);
      g_assert_cmpuint (drafts->len, ==, 1);
      draft = g_ptr_array_index (drafts, 0);
      g_assert_cmpuint (draft->line, ==, 2);
      g_assert_cmpstr (draft->customer, ==, "cust-aarhus");
      g_assert_cmpstr (draft->case_ref, ==, "SAG-1");
      g_assert_cmpstr (draft->kit_type, ==, "kt-copd");
      g_assert_cmpstr (draft->requested_date, ==, "2026-03-02");
      g_assert_cmpstr (draft->name, ==, "Karen Jensen");
      g_assert_cmpstr (draft->address, ==, "Vestergade 12; 8000 Aarhus C");
      g_assert_nonnull (draft->priority);
    }
}

typedef struct
{
  const char *name;
  const char *data;
  GQuark    (*domain) (void);
  int         code;
  const char *message[3];   /* parts of the message */
} ReadErrorCase;

static const ReadErrorCase read_error_cases[] = {
  { "unknown column",
    "Kunde;Sagsnummer;Pakketype;Ønsket dato;Navn;Adresse;CPR\nAarhus Kommune;S-1;kt-copd;02-03-2026;A;B;C\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 1:", "“CPR” is not known" } },
  { "unknown column after blank lines",
    "\r\n\r\nKunde;Sagsnummer;Kit;Ønsket dato;Navn;Adresse\r\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 3:", "“Kit” is not known" } },
  { "same column twice",
    "Kunde;Sagsnummer;Pakketype;Ønsket dato;Navn;Adresse;Customer\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 1:", "“Kunde” and “Customer” say the same" } },
  { "same column twice, same words",
    "Navn;Kunde;Sagsnummer;Pakketype;Ønsket dato;NAVN;Adresse\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 1:", "“Navn” and “NAVN” say the same" } },
  { "date column missing",
    "Kunde;Sagsnummer;Pakketype;Navn;Adresse;Telefon\nAarhus Kommune;S-1;kt-copd;A;B;86123456\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 1:", "is missing", "dato" } },
  { "address column missing",
    "Kunde;Sagsnummer;Pakketype;Ønsket dato;Navn\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 1:", "is missing", "adresse" } },
  { "only optional columns",
    "Prioritet;Bemærkning;Telefon;Adgang\n",
    tlk_order_error_quark, TLK_ORDER_ERROR_COLUMNS, { "Line 1:", "is missing" } },
  { "empty file", "", tlk_csv_error_quark, TLK_CSV_ERROR_EMPTY, { "empty" } },
  { "only separators", ";;;;;\r\n;;;;;\r\n", tlk_csv_error_quark, TLK_CSV_ERROR_EMPTY, { "empty" } },
  { "quote never closed",
    "Kunde;Sagsnummer;Pakketype;Ønsket dato;Navn;Adresse\n"
    "Aarhus Kommune;S-1;kt-copd;02-03-2026;\"Karen;Vej 1\n"
    "Aarhus Kommune;S-2;kt-copd;02-03-2026;Ole;Vej 2\n",
    tlk_csv_error_quark, TLK_CSV_ERROR_QUOTE, { "Line 2:" } },
};

static void
test_read_errors (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (read_error_cases); i++)
    {
      const ReadErrorCase *c = &read_error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = NULL;
      g_autofree char *message = NULL;
      g_autofree char *column = NULL;
      guint n_rows = 99;

      g_test_message ("case: %s", c->name);
      drafts = tlk_order_read_csv (c->data, strlen (c->data), f->customers, f->kit_types, f->problems,
                                   &n_rows, &column, &error);
      g_assert_null (drafts);
      g_assert_error (error, c->domain (), c->code);
      message = g_utf8_casefold (error->message, -1);
      for (guint j = 0; j < G_N_ELEMENTS (c->message) && c->message[j] != NULL; j++)
        {
          g_autofree char *part = g_utf8_casefold (c->message[j], -1);
          assert_contains (message, part);
        }
      g_assert_cmpuint (f->problems->len, ==, 0);
      g_assert_null (column);
    }
}

/*
 * A file with every kind of bad row. Line 4's notes hold a quoted line
 * break, so the next row starts on line 6; line 8 is only separators.
 */
static const char problem_file[] =
  "Kunde;Sagsnummer;Pakketype;Ønsket dato;Prioritet;Bemærkning;Navn;Adresse;Telefon;Adgang\r\n"
  "Aarhus Kommune;SAG-1;KOL-pakke;02-03-2026;haster;;Karen Jensen;\"Vestergade 12; 8000 Aarhus C\";86123456;\r\n"
  "5798000000001;SAG-1;kt-copd;03-03-2026;;;Karen Jensen;Vestergade 12;;\r\n"
  "Region Midtjylland;SAG-3;kt-heart;2026-03-04;;\"Ring først\r\nbrug bagdøren\";Eva Holm;Østergade 2;;\r\n"
  "Aarhus Kommune;SAG-4;KOL-pakke;05-03-2026;;;Jens 010190-1234;Søndergade 3;;\r\n"
  "Aarhus Kommune;SAG-5;KOL-pakke;05-03-2026;;;Jens Berg;Søndergade 3;;;ekstra\r\n"
  ";;;;;;;;;\r\n"
  "Aarhus Kommune;SAG-6;Diabetes;05-03-2026;;;;Søndergade 3;;\r\n"
  "Aarhus Kommune;SAG-7;KOL-pakke;31-02-2026;;;Ole Hansen;Nørregade 1;;\r\n";

static void
test_read_problems (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *column = NULL;
  const TlkOrderDraft *draft;
  guint n_rows = 0;

  drafts = read_orders (f, problem_file, &n_rows, &column);
  g_assert_cmpuint (n_rows, ==, 7);
  g_assert_cmpstr (column, ==, "Sagsnummer");

  g_assert_cmpuint (drafts->len, ==, 2);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpuint (draft->line, ==, 2);
  g_assert_cmpstr (draft->case_ref, ==, "SAG-1");
  g_assert_cmpstr (draft->address, ==, "Vestergade 12; 8000 Aarhus C");
  g_assert_cmpstr (draft->phone, ==, "86123456");
  g_assert_null (draft->notes);
  draft = g_ptr_array_index (drafts, 1);
  g_assert_cmpuint (draft->line, ==, 4);
  g_assert_cmpstr (draft->customer, ==, "cust-rm");
  g_assert_cmpstr (draft->requested_date, ==, "2026-03-04");
  g_assert_cmpstr (draft->notes, ==, "Ring først\nbrug bagdøren");

  tlk_order_problems_sort (f->problems);
  g_assert_cmpuint (f->problems->len, ==, 6);
  assert_problem (f, 0, 3, "Sagsnummer", "“SAG-1” of this customer is already on line 2.");
  assert_problem (f, 1, 6, "Navn", CPR_SEEN);
  assert_problem (f, 2, 7, NULL, "The row has 11 fields but the header 10");
  assert_problem (f, 3, 9, "Pakketype", "The kit type “Diabetes” is not known.");
  assert_problem (f, 4, 9, "Navn", "“Navn” must be filled in.");
  assert_problem (f, 5, 10, "Ønsket dato", "“31-02-2026” is not a date");
}

/* Problems name the column as the file wrote it, also in Windows-1252. */
static void
test_read_columns_as_written (Fixture       *f,
                              gconstpointer  data)
{
  const char file[] =
    "kunde;SAGSNR;pakketype;\xd8nsket dato;navn;adresse;Bem\xe6rkning\r\n"
    "Aarhus Kommune;SAG-1;KOL-pakke;i morgen;S\xf8ren S\xf8rensen;\xc6" "blevej 1;CPR 010190-1234\r\n";
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *column = NULL;

  drafts = read_orders (f, file, NULL, &column);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_assert_cmpstr (column, ==, "SAGSNR");
  g_assert_cmpuint (f->problems->len, ==, 2);
  assert_problem (f, 0, 2, "Ønsket dato", "“i morgen” is not a date");
  assert_problem (f, 1, 2, "Bemærkning", "“Bemærkning” " CPR_SEEN);
}

/* A row shorter than the header lacks its last columns. */
static void
test_read_short_row (Fixture       *f,
                     gconstpointer  data)
{
  const char file[] =
    "Kunde;Sagsnummer;Pakketype;Ønsket dato;Navn;Adresse;Telefon\n"
    "Aarhus Kommune;SAG-1;KOL-pakke;02-03-2026\n"
    "Aarhus Kommune;SAG-2;KOL-pakke;02-03-2026;Karen Jensen;Vestergade 12\n";
  g_autoptr(GPtrArray) drafts = NULL;
  guint n_rows = 0;

  drafts = read_orders (f, file, &n_rows, NULL);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpuint (((TlkOrderDraft *) g_ptr_array_index (drafts, 0))->line, ==, 3);
  g_assert_null (((TlkOrderDraft *) g_ptr_array_index (drafts, 0))->phone);
  g_assert_cmpuint (f->problems->len, ==, 2);
  assert_problem (f, 0, 2, "Navn", "“Navn” must be filled in.");
  assert_problem (f, 1, 2, "Adresse", "“Adresse” must be filled in.");
}

static void
test_read_windows_1252 (Fixture       *f,
                        gconstpointer  data)
{
  const char file[] =
    "Kunde;Sagsnummer;Pakketype;\xd8nsket dato;Navn;Adresse;Adgang\r\n"
    "\xc6r\xf8 Kommune;S\xc6-1;KOL-pakke;02-03-2026;S\xf8ren \xc5" "berg;\xc6" "blevej 1;N\xf8gle hos nabo\r\n";
  g_autoptr(GPtrArray) drafts = NULL;
  const TlkOrderDraft *draft;

  drafts = read_orders (f, file, NULL, NULL);
  g_assert_cmpuint (f->problems->len, ==, 0);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (draft->customer, ==, "cust-aeroe");
  g_assert_cmpstr (draft->case_ref, ==, "SÆ-1");
  g_assert_cmpstr (draft->name, ==, "Søren Åberg");
  g_assert_cmpstr (draft->address, ==, "Æblevej 1");
  g_assert_cmpstr (draft->access_notes, ==, "Nøgle hos nabo");
}

/* A draft with only what drop_repeats looks at. */
static TlkOrderDraft *
repeat_draft (guint       line,
              const char *customer,
              const char *case_ref)
{
  TlkOrderDraft *draft = g_new0 (TlkOrderDraft, 1);

  draft->line = line;
  draft->customer = g_strdup (customer);
  draft->case_ref = g_strdup (case_ref);
  return draft;
}

static void
test_drop_repeats (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_draft_free);
  const guint kept[] = { 2, 3, 5, 6 };

  g_ptr_array_add (drafts, repeat_draft (2, "cust-aarhus", "SAG-1"));
  g_ptr_array_add (drafts, repeat_draft (3, "cust-rm", "SAG-1"));       /* other customer */
  g_ptr_array_add (drafts, repeat_draft (4, "cust-aarhus", "SAG-1"));   /* repeat of line 2 */
  g_ptr_array_add (drafts, repeat_draft (5, "cust-aarhus", "SAG-2"));   /* other case */
  g_ptr_array_add (drafts, repeat_draft (6, "cust-aarhus", "sag-1"));   /* references are exact */
  g_ptr_array_add (drafts, repeat_draft (9, "cust-aarhus", "SAG-1"));   /* again: still line 2 */
  g_ptr_array_add (drafts, repeat_draft (11, "cust-rm", "SAG-1"));      /* repeat of line 3 */

  tlk_order_drop_repeats (drafts, f->problems, "Case ref");

  g_assert_cmpuint (drafts->len, ==, G_N_ELEMENTS (kept));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_cmpuint (((TlkOrderDraft *) g_ptr_array_index (drafts, i))->line, ==, kept[i]);
  g_assert_cmpuint (f->problems->len, ==, 3);
  assert_problem (f, 0, 4, "Case ref", "The case reference “SAG-1” of this customer is already on line 2.");
  assert_problem (f, 1, 9, "Case ref", "is already on line 2.");
  assert_problem (f, 2, 11, "Case ref", "is already on line 3.");
}

/* A customer named by name on one row and by EAN on another is the same
 * customer: the second row is a repeat. */
static void
test_read_repeats (Fixture       *f,
                   gconstpointer  data)
{
  const char file[] =
    "Kunde;Sagnummer;Pakketype;Ønsket dato;Navn;Adresse\n";
  const char file_ok[] =
    "Kunde;Sagsnr.;Pakketype;Ønsket dato;Navn;Adresse\n"
    "Aarhus Kommune;SAG-1;kt-copd;02-03-2026;Karen Jensen;Vej 1\n"
    "Region Midtjylland;SAG-1;kt-copd;02-03-2026;Ole Hansen;Vej 2\n"
    "5798000000001;SAG-1;kt-heart;09-03-2026;Karen Jensen;Vej 1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  guint n_rows = 0;

  /* "Sagnummer" (a typo) is not a column: the whole file is refused. */
  refused = tlk_order_read_csv (file, strlen (file), f->customers, f->kit_types, f->problems, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, TLK_ORDER_ERROR, TLK_ORDER_ERROR_COLUMNS);

  drafts = read_orders (f, file_ok, &n_rows, NULL);
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpuint (((TlkOrderDraft *) g_ptr_array_index (drafts, 0))->line, ==, 2);
  g_assert_cmpuint (((TlkOrderDraft *) g_ptr_array_index (drafts, 1))->line, ==, 3);
  g_assert_cmpuint (f->problems->len, ==, 1);
  assert_problem (f, 0, 4, "Sagsnr.", "“SAG-1” of this customer is already on line 2.");
}

static void
test_problems_sort (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  const guint lines[] = { 9, 2, 9, 1, 2, 9, 4 };
  const char *const expected[] = { "1a", "2a", "2b", "4a", "9a", "9b", "9c" };
  guint count[10] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      TlkOrderProblem *problem = g_new0 (TlkOrderProblem, 1);

      problem->line = lines[i];
      problem->message = g_strdup_printf ("%u%c", lines[i], 'a' + count[lines[i]]++);
      g_ptr_array_add (problems, problem);
    }
  tlk_order_problems_sort (problems);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((TlkOrderProblem *) g_ptr_array_index (problems, i))->message, ==, expected[i]);

  /* Empty: nothing to do. */
  g_ptr_array_set_size (problems, 0);
  tlk_order_problems_sort (problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

static char *
event_json (const TlkEvent *event)
{
  g_autoptr(JsonNode) node = tlk_event_to_json (event);

  return json_to_string (node, FALSE);
}

static void
test_draft_to_event (Fixture       *f,
                     gconstpointer  data)
{
  /* Personal data, whole and in recognisable pieces. */
  const char *const personal[] = {
    "Karen Jensen", "Jensen", "Vestergade 12, 8000 Aarhus C", "Vestergade", "+45 86 12 34 56", "86 12 34 56",
    "Kode 4711 ved døren", "Kode 4711",
  };
  g_autoptr(TlkOrderDraft) draft = check_row (f, good_values, 2);
  g_autoptr(TlkEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_nonnull (draft);
  event = tlk_order_draft_to_event (draft, ORDER, CITIZEN, ACTOR);
  g_assert_nonnull (event);
  g_assert_cmpint (event->type, ==, TLK_EVENT_ORDER_RECEIVED);
  g_assert_cmpstr (event->subject, ==, ORDER);
  g_assert_cmpstr (event->actor, ==, ACTOR);
  tlk_event_validate (event, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (tlk_event_get_string (event, "customer"), ==, "cust-aarhus");
  g_assert_cmpstr (tlk_event_get_string (event, "case_ref"), ==, "SAG-2026-117");
  g_assert_cmpstr (tlk_event_get_string (event, "kit_type"), ==, "kt-copd");
  g_assert_cmpstr (tlk_event_get_string (event, "citizen"), ==, CITIZEN);
  g_assert_cmpstr (tlk_event_get_string (event, "requested_date"), ==, "2026-03-02");
  g_assert_cmpstr (tlk_event_get_string (event, "priority"), ==, "urgent");
  g_assert_cmpstr (tlk_event_get_string (event, "notes"), ==, "Ring to gange");
  g_assert_cmpuint (json_object_get_size (event->payload), ==, 7);

  json = event_json (event);
  assert_contains (json, CITIZEN);
  assert_contains (json, "order.received");
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    if (strstr (json, personal[i]) != NULL)
      g_error ("the event holds personal data “%s”: %s", personal[i], json);
}

/* Without notes the event has no notes member, and is still valid. */
static void
test_draft_to_event_minimal (Fixture       *f,
                             gconstpointer  data)
{
  const char *const values[TLK_ORDER_N_FIELDS] = {
    "Ærø Kommune", "ÆRØ/2026/7", "Hjertesvigt", "1.4.2026", NULL, NULL, "Søren Åberg", "Æblevej 1, 5970 Ærøskøbing",
    NULL, NULL,
  };
  g_autoptr(TlkOrderDraft) draft = check_row (f, values, 2);
  g_autoptr(TlkEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_nonnull (draft);
  event = tlk_order_draft_to_event (draft, ORDER, CITIZEN, ACTOR);
  tlk_event_validate (event, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (event->payload, "notes"));
  g_assert_cmpstr (tlk_event_get_string (event, "priority"), ==, "normal");
  g_assert_cmpstr (tlk_event_get_string (event, "case_ref"), ==, "ÆRØ/2026/7");
  g_assert_cmpstr (tlk_event_get_string (event, "requested_date"), ==, "2026-04-01");
  json = event_json (event);
  g_assert_null (strstr (json, "Åberg"));
  g_assert_null (strstr (json, "Æblevej"));
  g_assert_null (strstr (json, "Ærøskøbing"));
}

static void
test_free_null (void)
{
  tlk_csv_record_free (NULL);
  tlk_order_problem_free (NULL);
  tlk_order_draft_free (NULL);
}

#define ADD_FIXTURE(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read", test_csv_read);
  g_test_add_func ("/csv/length", test_csv_length);
  g_test_add_func ("/csv/errors", test_csv_errors);
  g_test_add_func ("/csv/null-empty", test_csv_null_empty);
  g_test_add_func ("/csv/separator-after-blank-lines", test_csv_separator_after_blank_lines);
  g_test_add_func ("/order-import/headers", test_headers);
  ADD_FIXTURE ("/order-import/check/good", test_check_good);
  ADD_FIXTURE ("/order-import/check/minimal", test_check_minimal);
  ADD_FIXTURE ("/order-import/check/fields", test_check_fields);
  ADD_FIXTURE ("/order-import/check/lengths", test_check_lengths);
  ADD_FIXTURE ("/order-import/check/many-problems", test_check_many_problems);
  ADD_FIXTURE ("/order-import/check/json-names", test_check_json_names);
  ADD_FIXTURE ("/order-import/read/headers", test_read_headers);
  ADD_FIXTURE ("/order-import/read/errors", test_read_errors);
  ADD_FIXTURE ("/order-import/read/problems", test_read_problems);
  ADD_FIXTURE ("/order-import/read/columns-as-written", test_read_columns_as_written);
  ADD_FIXTURE ("/order-import/read/short-row", test_read_short_row);
  ADD_FIXTURE ("/order-import/read/windows-1252", test_read_windows_1252);
  ADD_FIXTURE ("/order-import/read/repeats", test_read_repeats);
  ADD_FIXTURE ("/order-import/drop-repeats", test_drop_repeats);
  g_test_add_func ("/order-import/problems-sort", test_problems_sort);
  ADD_FIXTURE ("/order-import/to-event", test_draft_to_event);
  ADD_FIXTURE ("/order-import/to-event-minimal", test_draft_to_event_minimal);
  g_test_add_func ("/order-import/free-null", test_free_null);

  return g_test_run ();
}
