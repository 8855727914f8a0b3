/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli-helper.h"
#include "tlk-code.h"
#include "tlk-store.h"
#include "tlk-terms.h"

/*
 * Issue 7's acceptance for the billing basis, end to end: a database
 * written through the store (every event checked by the real rules, as a
 * computer writes them), with installations and pickups across month
 * boundaries, a failed delivery, a swap and price lists set by an admin;
 * then the real telekit-cli exports the month. The CSV's bytes are
 * compared with a table computed by hand, headless LibreOffice opens it
 * as Danish Excel would and must find numbers in the amount columns, and
 * the PDF is read back with pdftotext.
 */

#define AARHUS_EAN "5798000000001"

static char *tmp_dir;
static char *db_path;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* ---- the fixture -------------------------------------------------------- */

typedef struct
{
  TlkStore *store;
  char     *warehouse;  /* location codes */
  char     *vehicle;
  guint     n_orders;
} Fixture;

/* Appends @owned, written at @at (ISO time; NULL: now). */
static void
append (Fixture    *f,
        TlkEvent   *owned,
        const char *at)
{
  g_autoptr(TlkEvent) event = owned;
  g_autoptr(GError) error = NULL;

  if (at != NULL)
    {
      g_free (event->occurred_at);
      event->occurred_at = g_strdup (at);
    }
  if (!tlk_store_append (f->store, event, &error))
    g_error ("%s %s refused: %s", tlk_event_type_to_string (event->type), event->subject, error->message);
}

static JsonArray *
one_object (const char *key,
            const char *value,
            const char *key2,
            const char *value2)
{
  JsonArray *array = json_array_new ();
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, key, value);
  if (value2 != NULL)
    json_object_set_string_member (o, key2, value2);
  else
    json_object_set_int_member (o, key2, 1);
  json_array_add_object_element (array, o);
  return array;
}

static void
define_user (Fixture    *f,
             const char *id,
             const char *name,
             const char *role)
{
  TlkEvent *e = tlk_event_new (TLK_EVENT_USER_DEFINED, id, "admin");

  tlk_event_set_string (e, "name", name);
  tlk_event_set_string (e, "role", role);
  append (f, e, NULL);
}

static char *
define_location (Fixture    *f,
                 const char *name,
                 const char *kind)
{
  char *code = tlk_code_make_random (TLK_CODE_KIND_LOCATION, NULL);
  TlkEvent *e = tlk_event_new (TLK_EVENT_LOCATION_DEFINED, code, "admin");

  tlk_event_set_string (e, "name", name);
  tlk_event_set_string (e, "kind", kind);
  append (f, e, NULL);
  return code;
}

static void
define_kit_type (Fixture    *f,
                 const char *id,
                 const char *name,
                 const char *model,
                 const char *kind)
{
  TlkEvent *e = tlk_event_new (TLK_EVENT_MODEL_DEFINED, model, "admin");

  tlk_event_set_string (e, "manufacturer", "Testfabrik");
  tlk_event_set_string (e, "name", model);
  tlk_event_set_string (e, "kind", kind);
  append (f, e, NULL);

  e = tlk_event_new (TLK_EVENT_KIT_TYPE_DEFINED, id, "admin");
  tlk_event_set_string (e, "name", name);
  tlk_event_set_array (e, "slots", one_object ("kind", kind, "count", NULL));
  tlk_event_set_array (e, "checklist", one_object ("id", "clean", "name", "Rengjort"));
  append (f, e, NULL);
}

static void
define_customer (Fixture    *f,
                 const char *id,
                 const char *name,
                 const char *ean)
{
  TlkEvent *e = tlk_event_new (TLK_EVENT_CUSTOMER_DEFINED, id, "admin");

  tlk_event_set_string (e, "name", name);
  tlk_event_set_string (e, "kind", "municipality");
  if (ean != NULL)
    tlk_event_set_string (e, "ean", ean);
  append (f, e, NULL);
}

/* A customer.terms_set written by the admin: kit-days of kol and diabetes
 * and the six item prices (delivery, pickup, swap, service, urgent,
 * failed_visit), all in øre. */
static void
set_terms (Fixture      *f,
           const char   *customer,
           const char   *from,
           gint64        kol,
           gint64        diabetes,
           const gint64  price[TLK_PRICE_N_ITEMS])
{
  g_autoptr(TlkTerms) terms = tlk_terms_new (from);
  TlkEvent *e = tlk_event_new (TLK_EVENT_CUSTOMER_TERMS_SET, customer, "admin");

  terms->install_days = 5;
  terms->pickup_days = 10;
  tlk_terms_set_kit_day_price (terms, "kol", kol);
  tlk_terms_set_kit_day_price (terms, "diabetes", diabetes);
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    terms->price[i] = price[i];
  json_object_unref (e->payload);
  e->payload = tlk_terms_to_json (terms);
  append (f, e, NULL);
}

static char *
receive_device (Fixture    *f,
                const char *model)
{
  char *device = tlk_code_make_random (TLK_CODE_KIND_DEVICE, NULL);
  g_autofree char *serial = g_strdup_printf ("SN-%s", device);
  TlkEvent *e = tlk_event_new (TLK_EVENT_DEVICE_RECEIVED, device, "mette");

  tlk_event_set_string (e, "model", model);
  tlk_event_set_string (e, "serial", serial);
  tlk_event_set_string (e, "location", f->warehouse);
  append (f, e, NULL);
  return device;
}

/* A ready kit of @kit_type; @device gets its one device. */
static char *
ready_kit (Fixture     *f,
           const char  *kit_type,
           const char  *model,
           char       **device)
{
  char *kit = tlk_code_make_random (TLK_CODE_KIND_KIT, NULL);
  TlkEvent *e;

  *device = receive_device (f, model);
  e = tlk_event_new (TLK_EVENT_KIT_CREATED, kit, "mette");
  tlk_event_set_string (e, "kit_type", kit_type);
  tlk_event_set_string (e, "location", f->warehouse);
  append (f, e, NULL);
  e = tlk_event_new (TLK_EVENT_KIT_DEVICE_ADDED, kit, "mette");
  tlk_event_set_string (e, "device", *device);
  append (f, e, NULL);
  e = tlk_event_new (TLK_EVENT_KIT_RELEASED, kit, "mette");
  tlk_event_set_string (e, "location", f->warehouse);
  append (f, e, NULL);
  return kit;
}

typedef struct
{
  char *id;
  char *kit;
  char *device;
} Order;

static void
order_clear (Order *o)
{
  g_clear_pointer (&o->id, g_free);
  g_clear_pointer (&o->kit, g_free);
  g_clear_pointer (&o->device, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Order, order_clear)

/* An order with a ready kit of its kit type reserved for it. */
static void
new_order (Fixture    *f,
           Order      *o,
           const char *customer,
           const char *kit_type,
           const char *model,
           const char *priority)
{
  g_autofree char *case_ref = NULL;
  g_autofree char *citizen = NULL;
  TlkEvent *e;

  f->n_orders++;
  o->id = g_strdup_printf ("o-billing-%u", f->n_orders);
  case_ref = g_strdup_printf ("SAG-%u", f->n_orders);
  citizen = g_strdup_printf ("c-billing-%u", f->n_orders);
  e = tlk_event_new (TLK_EVENT_ORDER_RECEIVED, o->id, "anne");
  tlk_event_set_string (e, "customer", customer);
  tlk_event_set_string (e, "case_ref", case_ref);
  tlk_event_set_string (e, "kit_type", kit_type);
  tlk_event_set_string (e, "citizen", citizen);
  tlk_event_set_string (e, "requested_date", "2026-01-05");
  tlk_event_set_string (e, "priority", priority);
  append (f, e, NULL);

  o->kit = ready_kit (f, kit_type, model, &o->device);
  e = tlk_event_new (TLK_EVENT_KIT_RESERVED, o->kit, "mette");
  tlk_event_set_string (e, "order", o->id);
  append (f, e, NULL);
}

/* A stop of @kind for @o on the day of @at, driven by jens. */
static char *
plan_stop (Fixture    *f,
           Order      *o,
           const char *kind,
           const char *at,
           const char *device)
{
  char *stop = tlk_code_make_random (TLK_CODE_KIND_STOP, NULL);
  g_autofree char *date = g_strndup (at, 10);
  TlkEvent *e = tlk_event_new (TLK_EVENT_STOP_PLANNED, stop, "anne");

  tlk_event_set_string (e, "order", o->id);
  tlk_event_set_string (e, "kind", kind);
  tlk_event_set_string (e, "date", date);
  tlk_event_set_string (e, "driver", "jens");
  if (device != NULL)
    tlk_event_set_string (e, "device", device);
  append (f, e, NULL);
  return stop;
}

/* A delivery planned for @at and the kit loaded for it. */
static char *
drive_out (Fixture    *f,
           Order      *o,
           const char *at)
{
  char *stop = plan_stop (f, o, "delivery", at, NULL);
  TlkEvent *e = tlk_event_new (TLK_EVENT_KIT_LOADED, o->kit, "jens");

  tlk_event_set_string (e, "vehicle", f->vehicle);
  tlk_event_set_string (e, "driver", "jens");
  append (f, e, NULL);
  return stop;
}

static void
stop_done (Fixture    *f,
           const char *stop,
           const char *at)
{
  TlkEvent *e = tlk_event_new (TLK_EVENT_STOP_DONE, stop, "jens");

  tlk_event_set_bool (e, "signed", TRUE);
  append (f, e, at);
}

/* Delivered and installed at @at. */
static void
deliver (Fixture    *f,
         Order      *o,
         const char *at)
{
  g_autofree char *stop = drive_out (f, o, at);
  TlkEvent *e = tlk_event_new (TLK_EVENT_KIT_INSTALLED, o->kit, "jens");
  tlk_event_set_string (e, "stop", stop);
  append (f, e, at);
  stop_done (f, stop, at);
}

/* Nobody home at @at: the kit goes back to the warehouse, reserved. */
static void
fail_delivery (Fixture    *f,
               Order      *o,
               const char *at)
{
  g_autofree char *stop = drive_out (f, o, at);
  TlkEvent *e = tlk_event_new (TLK_EVENT_STOP_FAILED, stop, "jens");
  tlk_event_set_string (e, "reason", "not_home");
  append (f, e, at);
  e = tlk_event_new (TLK_EVENT_KIT_UNLOADED, o->kit, "mette");
  tlk_event_set_string (e, "location", f->warehouse);
  append (f, e, NULL);
}

/* Return requested, picked up at @at. */
static void
pick_up (Fixture    *f,
         Order      *o,
         const char *at)
{
  g_autofree char *stop = NULL;
  TlkEvent *e = tlk_event_new (TLK_EVENT_ORDER_RETURN_REQUESTED, o->id, "anne");

  append (f, e, NULL);
  stop = plan_stop (f, o, "pickup", at, NULL);
  e = tlk_event_new (TLK_EVENT_KIT_PICKED_UP, o->kit, "jens");
  tlk_event_set_string (e, "stop", stop);
  append (f, e, at);
  stop_done (f, stop, at);
}

/* The device in the home swapped for a new one at @at. */
static void
swap (Fixture    *f,
      Order      *o,
      const char *model,
      const char *at)
{
  g_autofree char *device_in = receive_device (f, model);
  g_autofree char *stop = plan_stop (f, o, "swap", at, device_in);
  TlkEvent *e = tlk_event_new (TLK_EVENT_KIT_DEVICE_SWAPPED, o->kit, "jens");

  tlk_event_set_string (e, "device_out", o->device);
  tlk_event_set_string (e, "device_in", device_in);
  tlk_event_set_string (e, "stop", stop);
  append (f, e, at);
  stop_done (f, stop, at);
  g_free (o->device);
  o->device = g_steal_pointer (&device_in);
}

/*                                     delivery pickup swap   service urgent failed_visit */
static const gint64 aarhus_2026_01[] = { 45000, 35000, 30000, 25000, 15000, 20000 };
static const gint64 aarhus_2026_04[] = { 99900, 99900, 99900, 99900, 99900, 99900 };

/*
 * Aarhus Kommune has price lists from January (kit-day kol 12,50, diabetes
 * 11,75) and from April (not in force in March); Favrskov Kommune has none.
 * Danish time is CET (UTC+1) until 02:00 on 29 March 2026, then CEST
 * (UTC+2).
 *
 *  A  Aarhus kol       installed 20 Feb 09:00Z, picked up 10 Mar 10:00Z
 *  B  Aarhus kol, urgent: delivery failed 14 Mar 09:00Z (nobody home),
 *                      installed 15 Mar 08:00:00.25Z, still there; the
 *                      device swapped 20 Mar 11:00Z
 *  C  Aarhus diabetes  installed 31 Jan 23:30Z (= 1 Feb 00:30 Danish),
 *                      picked up 31 Mar 22:30Z (= 1 Apr 00:30 CEST)
 *  D  Favrskov kol     installed 31 Mar 21:30Z (= 23:30 CEST), still there
 *  E  Aarhus kol       installed 1 Feb 10:00Z, picked up 28 Feb 22:59:59Z
 *                      (= 23:59:59 Danish, the day before March)
 *  F  Aarhus kol       installed 28 Feb 23:00:00.5Z (= 00:00:00.5 on
 *                      1 March), still there
 */
static void
build_database (void)
{
  g_autoptr(GError) error = NULL;
  Fixture fx = { 0 };
  g_auto(Order) a = { 0 };
  g_auto(Order) b = { 0 };
  g_auto(Order) c = { 0 };
  g_auto(Order) d = { 0 };
  g_auto(Order) e = { 0 };
  g_auto(Order) f = { 0 };

  fx.store = tlk_store_open (db_path, &error);
  g_assert_no_error (error);

  define_user (&fx, "admin", "Alma Admin", "admin");
  define_user (&fx, "mette", "Mette Lager", "warehouse");
  define_user (&fx, "jens", "Jens Chauffør", "driver");
  define_user (&fx, "anne", "Anne Koordinator", "coordinator");
  fx.warehouse = define_location (&fx, "Centrallager", "warehouse");
  fx.vehicle = define_location (&fx, "Bil 1", "vehicle");
  define_kit_type (&fx, "kol", "KOL-pakke", "oximeter", "pulse_oximeter");
  define_kit_type (&fx, "diabetes", "Diabetes-pakke", "glucometer", "glucose_meter");
  define_customer (&fx, "aarhus", "Aarhus Kommune", AARHUS_EAN);
  define_customer (&fx, "favrskov", "Favrskov Kommune", NULL);
  set_terms (&fx, "aarhus", "2026-04", 9900, 9900, aarhus_2026_04);
  set_terms (&fx, "aarhus", "2026-01", 1250, 1175, aarhus_2026_01);

  new_order (&fx, &a, "aarhus", "kol", "oximeter", "normal");
  deliver (&fx, &a, "2026-02-20T09:00:00Z");
  pick_up (&fx, &a, "2026-03-10T10:00:00Z");

  new_order (&fx, &b, "aarhus", "kol", "oximeter", "urgent");
  fail_delivery (&fx, &b, "2026-03-14T09:00:00Z");
  deliver (&fx, &b, "2026-03-15T08:00:00.250000Z");
  swap (&fx, &b, "oximeter", "2026-03-20T11:00:00Z");

  new_order (&fx, &c, "aarhus", "diabetes", "glucometer", "normal");
  deliver (&fx, &c, "2026-01-31T23:30:00Z");
  pick_up (&fx, &c, "2026-03-31T22:30:00Z");

  new_order (&fx, &d, "favrskov", "kol", "oximeter", "normal");
  deliver (&fx, &d, "2026-03-31T21:30:00Z");

  new_order (&fx, &e, "aarhus", "kol", "oximeter", "normal");
  deliver (&fx, &e, "2026-02-01T10:00:00Z");
  pick_up (&fx, &e, "2026-02-28T22:59:59Z");

  new_order (&fx, &f, "aarhus", "kol", "oximeter", "normal");
  deliver (&fx, &f, "2026-02-28T23:00:00.500000Z");

  g_free (fx.warehouse);
  g_free (fx.vehicle);
  tlk_store_free (fx.store);
}

/* ---- the hand-computed tables -------------------------------------------- */

#define HEADER "\xEF\xBB\xBF" "Customer;EAN number;Month;Item;Quantity;Unit;Unit price (DKK);Amount (DKK)\r\n"
#define AARHUS "Aarhus Kommune;" AARHUS_EAN ";"

static const char march_csv[] =
  HEADER
  /* C: 1–31 March (picked up 1 April Danish time) = 31 × 11,75 = 364,25 */
  AARHUS "2026-03;Kit-days, Diabetes-pakke;31;days;11,75;364,25\r\n"
  /* A 1–10 = 10, B 15–31 = 17, F 1–31 = 31, E 0 → 58 × 12,50 = 725,00 */
  AARHUS "2026-03;Kit-days, KOL-pakke;58;days;12,50;725,00\r\n"
  /* B (15 March), F (00:00:00.5 on 1 March) = 2 × 450,00 */
  AARHUS "2026-03;Delivery and installation;2;pcs.;450,00;900,00\r\n"
  /* A (10 March); C's pickup is 1 April, E's 28 February */
  AARHUS "2026-03;Pickup;1;pcs.;350,00;350,00\r\n"
  AARHUS "2026-03;Device swap;1;pcs.;300,00;300,00\r\n"                  /* B */
  AARHUS "2026-03;Add-on: urgent delivery;1;pcs.;150,00;150,00\r\n"      /* B's delivery */
  AARHUS "2026-03;Add-on: failed visit;1;pcs.;200,00;200,00\r\n"         /* B's failed delivery */
  /* 364,25 + 725,00 + 900,00 + 350,00 + 300,00 + 150,00 + 200,00 */
  AARHUS "2026-03;Total, Aarhus Kommune;;;;2989,25\r\n"
  /* D: 31 March only (23:30 CEST) */
  "Favrskov Kommune;;2026-03;Kit-days, KOL-pakke;1;days;0,00;0,00\r\n"
  "Favrskov Kommune;;2026-03;Delivery and installation;1;pcs.;0,00;0,00\r\n"
  "Favrskov Kommune;;2026-03;Total, Favrskov Kommune (no price list in force);;;;0,00\r\n"
  "All customers;;2026-03;Grand total;;;;2989,25\r\n";

static const char february_csv[] =
  HEADER
  /* C: 1–28 February = 28 × 11,75 = 329,00 */
  AARHUS "2026-02;Kit-days, Diabetes-pakke;28;days;11,75;329,00\r\n"
  /* A 20–28 = 9, E 1–28 = 28, F 0 (1 March) → 37 × 12,50 = 462,50 */
  AARHUS "2026-02;Kit-days, KOL-pakke;37;days;12,50;462,50\r\n"
  /* A, C (1 February Danish time), E = 3 × 450,00 */
  AARHUS "2026-02;Delivery and installation;3;pcs.;450,00;1350,00\r\n"
  /* E (23:59:59 on 28 February) */
  AARHUS "2026-02;Pickup;1;pcs.;350,00;350,00\r\n"
  /* 329,00 + 462,50 + 1.350,00 + 350,00 */
  AARHUS "2026-02;Total, Aarhus Kommune;;;;2491,50\r\n"
  "All customers;;2026-02;Grand total;;;;2491,50\r\n";

/* ---- helpers ---------------------------------------------------------------- */

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

/* Exports @month (NULL: the default) to @name in the temporary folder. */
static char *
export (const char *month,
        const char *name)
{
  g_auto(CliRun) run = { 0 };
  char *out = tmp_path (name);

  if (month != NULL)
    cli_run_ok (&run, db_path, "export", "billing", "--month", month, "--out", out, NULL);
  else
    cli_run_ok (&run, db_path, "export", "billing", "--out", out, NULL);
  g_assert_nonnull (strstr (run.out, out));
  return out;
}

/* ---- the CSV as bytes ------------------------------------------------------- */

static void
test_csv_bytes (void)
{
  g_autofree char *path = export ("2026-03", "march.csv");
  g_autofree char *csv = read_file (path);
  g_auto(GStrv) lines = NULL;

  /* UTF-8 with a BOM, CRLF after every row and no bare LF, eight fields
   * a row, decimal commas: what Danish Excel opens as it is. */
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  lines = g_strsplit (csv, "\r\n", -1);
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ";", -1);

      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (g_strv_length (fields), ==, 8);
      if (i > 0)
        {
          /* The amount: kroner, a comma, two øre digits. */
          g_assert_true (g_regex_match_simple ("^[0-9]+,[0-9][0-9]$", fields[7], 0, 0));
          g_assert_null (strchr (fields[7], '.'));
        }
    }
  g_assert_cmpstr (csv, ==, march_csv);
}

static void
test_csv_february (void)
{
  g_autofree char *path = export ("2026-02", "february.csv");
  g_autofree char *csv = read_file (path);

  g_assert_cmpstr (csv, ==, february_csv);
}

/* Projections rebuilt from the event log give the same bill. */
static void
test_rebuilt (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;

  cli_run_ok (&run, db_path, "rebuild", NULL);
  path = export ("2026-03", "march-rebuilt.csv");
  csv = read_file (path);
  g_assert_cmpstr (csv, ==, march_csv);
}

/* ---- the CSV in LibreOffice ----------------------------------------------- */

typedef struct
{
  char *type;   /* office:value-type; NULL: empty */
  char *value;  /* office:value of a number */
  char *text;   /* the cell's text */
} Cell;

static void
cell_free (Cell *c)
{
  g_free (c->type);
  g_free (c->value);
  g_free (c->text);
  g_free (c);
}

typedef struct
{
  GPtrArray *rows;   /* of GPtrArray of Cell */
  Cell      *cell;   /* open */
  guint      repeat; /* of the open cell */
  gboolean   in_p;
} Sheet;

static const char *
attr (const char  *name,
      const char **names,
      const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
sheet_start (GMarkupParseContext *context,
             const char          *element,
             const char         **names,
             const char         **values,
             gpointer             user_data,
             GError             **error)
{
  Sheet *s = user_data;

  if (strcmp (element, "table:table-row") == 0)
    g_ptr_array_add (s->rows, g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free));
  else if (strcmp (element, "table:table-cell") == 0 || strcmp (element, "table:covered-table-cell") == 0)
    {
      const char *repeated = attr ("table:number-columns-repeated", names, values);

      s->cell = g_new0 (Cell, 1);
      s->cell->type = g_strdup (attr ("office:value-type", names, values));
      s->cell->value = g_strdup (attr ("office:value", names, values));
      s->repeat = repeated ? (guint) g_ascii_strtoull (repeated, NULL, 10) : 1;
    }
  else if (strcmp (element, "text:p") == 0 && s->cell != NULL)
    s->in_p = TRUE;
}

static void
sheet_text (GMarkupParseContext *context,
            const char          *text,
            gsize                length,
            gpointer             user_data,
            GError             **error)
{
  Sheet *s = user_data;
  char *joined;

  if (!s->in_p)
    return;
  joined = g_strdup_printf ("%s%.*s", s->cell->text ? s->cell->text : "", (int) length, text);
  g_free (s->cell->text);
  s->cell->text = joined;
}

static void
sheet_end (GMarkupParseContext *context,
           const char          *element,
           gpointer             user_data,
           GError             **error)
{
  Sheet *s = user_data;

  if (strcmp (element, "text:p") == 0)
    s->in_p = FALSE;
  else if ((strcmp (element, "table:table-cell") == 0 || strcmp (element, "table:covered-table-cell") == 0) &&
           s->cell != NULL)
    {
      GPtrArray *row = g_ptr_array_index (s->rows, s->rows->len - 1);

      /* Trailing empty cells are written as one repeated to the sheet's
       * edge; only a few matter. */
      for (guint i = 1; i < MIN (s->repeat, 16); i++)
        {
          Cell *copy = g_new0 (Cell, 1);

          copy->type = g_strdup (s->cell->type);
          copy->value = g_strdup (s->cell->value);
          copy->text = g_strdup (s->cell->text);
          g_ptr_array_add (row, copy);
        }
      g_ptr_array_add (row, g_steal_pointer (&s->cell));
    }
}

static GPtrArray *
read_fods (const char *path)
{
  static const GMarkupParser parser = { sheet_start, sheet_end, sheet_text, NULL, NULL };
  g_autofree char *xml = read_file (path);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Sheet s = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref), NULL, 0, FALSE };

  context = g_markup_parse_context_new (&parser, 0, &s, NULL);
  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_null (s.cell);
  return s.rows;
}

static const Cell *
cell_at (GPtrArray *rows,
         guint      row,
         guint      col)
{
  GPtrArray *r;

  g_assert_cmpuint (row, <, rows->len);
  r = g_ptr_array_index (rows, row);
  g_assert_cmpuint (col, <, r->len);
  return g_ptr_array_index (r, col);
}

static void
assert_text (GPtrArray  *rows,
             guint       row,
             guint       col,
             const char *text)
{
  const Cell *c = cell_at (rows, row, col);

  g_test_message ("row %u column %u: “%s”", row + 1, col + 1, text);
  g_assert_cmpstr (c->type, ==, "string");
  g_assert_cmpstr (c->text, ==, text);
}

/* A number cell of @value, or an empty cell for NULL. */
static void
assert_number (GPtrArray  *rows,
               guint       row,
               guint       col,
               const char *value)
{
  const Cell *c = cell_at (rows, row, col);

  g_test_message ("row %u column %u: %s", row + 1, col + 1, value ? value : "empty");
  if (value == NULL)
    {
      g_assert_null (c->type);
      g_assert_null (c->text);
      return;
    }
  g_assert_cmpstr (c->type, ==, "float");
  g_assert_cmpstr (c->value, ==, value);
}

/* The March table as a spreadsheet reads it. */
static const struct
{
  const char *customer;
  const char *item;
  const char *quantity;    /* NULL: empty */
  const char *unit;        /* NULL: empty */
  const char *unit_price;  /* NULL: empty */
  const char *amount;
} march_cells[] = {
  { "Aarhus Kommune", "Kit-days, Diabetes-pakke", "31", "days", "11.75", "364.25" },
  { "Aarhus Kommune", "Kit-days, KOL-pakke", "58", "days", "12.5", "725" },
  { "Aarhus Kommune", "Delivery and installation", "2", "pcs.", "450", "900" },
  { "Aarhus Kommune", "Pickup", "1", "pcs.", "350", "350" },
  { "Aarhus Kommune", "Device swap", "1", "pcs.", "300", "300" },
  { "Aarhus Kommune", "Add-on: urgent delivery", "1", "pcs.", "150", "150" },
  { "Aarhus Kommune", "Add-on: failed visit", "1", "pcs.", "200", "200" },
  { "Aarhus Kommune", "Total, Aarhus Kommune", NULL, NULL, NULL, "2989.25" },
  { "Favrskov Kommune", "Kit-days, KOL-pakke", "1", "days", "0", "0" },
  { "Favrskov Kommune", "Delivery and installation", "1", "pcs.", "0", "0" },
  { "Favrskov Kommune", "Total, Favrskov Kommune (no price list in force)", NULL, NULL, NULL, "0" },
  { "All customers", "Grand total", NULL, NULL, NULL, "2989.25" },
};

static void
test_libreoffice (void)
{
  g_autofree char *soffice = cli_need_program ("soffice", "libreoffice-calc-nogui");
  g_autofree char *csv = export ("2026-03", "lo-march.csv");
  g_autofree char *outdir = tmp_path ("lo-out");
  g_autofree char *profile_dir = tmp_path ("lo-profile");
  g_autofree char *profile = g_filename_to_uri (profile_dir, NULL, NULL);
  g_autofree char *profile_arg = g_strconcat ("-env:UserInstallation=", profile, NULL);
  g_autofree char *fods = tmp_path ("lo-out/lo-march.fods");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int status = 0;
  /* The CSV import filter's options: fields separated by ';' (59), text
   * in '"' (34), UTF-8 (76), from line 1, standard columns, numbers read
   * as in Danish (language 1030: decimal comma), as Danish Excel does. */
  const char *argv[] = {
    soffice, profile_arg, "--headless", "--norestore", "--infilter=CSV:59,34,76,1,,1030",
    "--convert-to", "fods", "--outdir", outdir, csv, NULL,
  };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || !g_file_test (fods, G_FILE_TEST_EXISTS))
    g_error ("LibreOffice did not convert the CSV:\n%s\n%s", out, err);

  rows = read_fods (fods);
  g_assert_cmpuint (rows->len, >=, 1 + G_N_ELEMENTS (march_cells));
  /* The header, the BOM read as the encoding's mark and not as text. */
  assert_text (rows, 0, 0, "Customer");
  assert_text (rows, 0, 1, "EAN number");
  assert_text (rows, 0, 2, "Month");
  assert_text (rows, 0, 3, "Item");
  assert_text (rows, 0, 4, "Quantity");
  assert_text (rows, 0, 5, "Unit");
  assert_text (rows, 0, 6, "Unit price (DKK)");
  assert_text (rows, 0, 7, "Amount (DKK)");
  for (guint i = 0; i < G_N_ELEMENTS (march_cells); i++)
    {
      guint row = i + 1;
      gboolean aarhus = strcmp (march_cells[i].customer, "Aarhus Kommune") == 0;

      assert_text (rows, row, 0, march_cells[i].customer);
      /* The EAN number as the number it is; none for the others. */
      assert_number (rows, row, 1, aarhus ? AARHUS_EAN : NULL);
      assert_text (rows, row, 2, "2026-03");
      assert_text (rows, row, 3, march_cells[i].item);
      assert_number (rows, row, 4, march_cells[i].quantity);
      if (march_cells[i].unit != NULL)
        assert_text (rows, row, 5, march_cells[i].unit);
      else
        assert_number (rows, row, 5, NULL);
      assert_number (rows, row, 6, march_cells[i].unit_price);
      assert_number (rows, row, 7, march_cells[i].amount);
    }
  /* Nothing after the grand total. */
  for (guint i = 1 + G_N_ELEMENTS (march_cells); i < rows->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (rows, i);
      for (guint c = 0; c < r->len; c++)
        g_assert_null (((Cell *) g_ptr_array_index (r, c))->type);
    }
}

/* ---- the PDF ----------------------------------------------------------------- */

static void
test_pdf (void)
{
  g_autofree char *pdf = export ("2026-03", "march.pdf");
  g_autofree char *text = cli_pdf_text (pdf);
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  g_autofree char *head = NULL;

  head = read_file (pdf);
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
  /* One page per customer (the split leaves an empty piece after the last
   * form feed). */
  g_assert_cmpuint (g_strv_length (pages), ==, 3);
  g_assert_cmpstr (pages[2], ==, "");

  cli_assert_contains (pages[0], "Billing basis");
  cli_assert_contains (pages[0], "March 2026");
  cli_assert_contains (pages[0], "Aarhus Kommune");
  cli_assert_contains (pages[0], AARHUS_EAN);
  cli_assert_contains (pages[0], "Kit-days, KOL-pakke");
  cli_assert_contains (pages[0], "364,25 kr.");
  cli_assert_contains (pages[0], "Total, Aarhus Kommune");
  cli_assert_contains (pages[0], "2.989,25 kr.");
  cli_assert_contains (pages[0], "Page 1 of 1");
  g_assert_null (strstr (pages[0], "Favrskov"));

  cli_assert_contains (pages[1], "Favrskov Kommune");
  cli_assert_contains (pages[1], "not registered");
  cli_assert_contains (pages[1], "No price list is in force");
  cli_assert_contains (pages[1], "Page 1 of 1");
  g_assert_null (strstr (pages[1], "Aarhus"));
}

/* ---- the month ------------------------------------------------------------ */

static void
test_bad_month (void)
{
  static const char *const months[] = { "2026-13", "2026-00", "2026-3", "26-03", "march", "2026/03", "2026-03-01",
                                        "", "9999-12" };
  g_autofree char *out = tmp_path ("bad.csv");
  g_autofree char *pdf = tmp_path ("bad.pdf");

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_auto(CliRun) run = { 0 };
      g_autofree char *message = g_strdup_printf ("“%s” is not a month", months[i]);

      cli_run (&run, db_path, "export", "billing", "--month", months[i], "--out", i % 2 ? pdf : out, NULL);
      cli_assert_refused (&run, message);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }
}

/* Without --month: the month before today's, by the Danish calendar. */
static void
test_default_month (void)
{
  g_autoptr(GTimeZone) danish = g_time_zone_new_identifier ("CET-1CEST,M3.5.0,M10.5.0/3");
  g_autoptr(GDateTime) now = g_date_time_new_now (danish);
  g_autoptr(GDateTime) first = g_date_time_new (danish, g_date_time_get_year (now), g_date_time_get_month (now), 1,
                                                12, 0, 0);
  g_autoptr(GDateTime) before = g_date_time_add_months (first, -1);
  g_autofree char *month = g_date_time_format (before, "%Y-%m");
  g_autofree char *path = export (NULL, "default.csv");
  g_autofree char *csv = read_file (path);
  g_autofree char *last = g_strdup_printf ("All customers;;%s;Grand total;", month);

  /* The fixture is in early 2026, so a later month bills the stays still
   * open; the month column says which month was billed. */
  cli_assert_contains (csv, last);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *supp = NULL;
  g_autofree char *lsan = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* telekit-cli writing a PDF leaves fontconfig's caches to the exit, as
   * it does for labels: the label suite's suppressions (libfontconfig
   * only) apply to the programs this test runs. */
  supp = g_test_build_filename (G_TEST_DIST, "label", "lsan.supp", NULL);
  lsan = g_strconcat ("suppressions=", supp, ":print_suppressions=0", NULL);
  g_setenv ("LSAN_OPTIONS", lsan, TRUE);

  tmp_dir = g_dir_make_tmp ("telekit-billing-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = tmp_path ("billing.db");
  build_database ();

  g_test_add_func ("/billing/csv-bytes", test_csv_bytes);
  g_test_add_func ("/billing/csv-february", test_csv_february);
  g_test_add_func ("/billing/libreoffice", test_libreoffice);
  g_test_add_func ("/billing/pdf", test_pdf);
  g_test_add_func ("/billing/bad-month", test_bad_month);
  g_test_add_func ("/billing/default-month", test_default_month);
  g_test_add_func ("/billing/rebuilt", test_rebuilt);

  status = g_test_run ();
  cli_rm_rf (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
