/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-code.h"
#include "tlk-scan.h"
#include "tlk-world.h"

/*
 * The guards of TlkWorld beyond the state tables: kinds and slots,
 * completeness, the checklist, orders and kits that must fit, and the rule
 * that a refused event changes nothing.
 */

typedef struct
{
  TlkWorld *world;
  guint     clock;   /* minutes since the start, for occurred_at */
  char     *shelf;
  char     *vehicle;
} Fixture;

static TlkEvent *
ev (Fixture     *f,
    TlkEventType type,
    const char  *subject)
{
  TlkEvent *e = tlk_event_new (type, subject, "tester");
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 3, 2, 8, 0, 0);
  g_autoptr(GDateTime) t = g_date_time_add_minutes (base, f->clock++);

  g_free (e->occurred_at);
  e->occurred_at = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S.000Z");
  return e;
}

static void
ok (Fixture  *f,
    TlkEvent *owned)
{
  g_autoptr(TlkEvent) e = owned;
  g_autoptr(GError) error = NULL;

  if (!tlk_world_apply (f->world, e, &error))
    g_error ("%s %s refused: %s", tlk_event_type_to_string (e->type), e->subject, error->message);
  tlk_world_clear_dirty (f->world);
}

/* Applies @owned expecting a refusal of @domain/@code whose message contains
 * @needle; then checks that the subject did not change. */
static void
refused (Fixture    *f,
         TlkEvent   *owned,
         GQuark      domain,
         int         code,
         const char *needle)
{
  g_autoptr(TlkEvent) e = owned;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dirty = NULL;

  g_assert_false (tlk_world_apply (f->world, e, &error));
  g_assert_error (error, domain, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, needle);
  for (int k = TLK_SUBJECT_CUSTOMER; k <= TLK_SUBJECT_STOP; k++)
    {
      dirty = tlk_world_dirty (f->world, k);
      g_assert_cmpuint (dirty->len, ==, 0);
      g_clear_pointer (&dirty, g_ptr_array_unref);
    }
}

static char *
code (TlkCodeKind kind,
      guint64     serial)
{
  return tlk_code_make (kind, serial);
}

static void
define_reference (Fixture *f)
{
  static const char *const kinds[] = { "tablet", "pulse_oximeter", "scale", "router", "glucose_meter" };
  TlkEvent *e;
  JsonArray *slots = json_array_new ();
  JsonArray *steps = json_array_new ();

  e = ev (f, TLK_EVENT_USER_DEFINED, "jens");
  tlk_event_set_string (e, "name", "Jens");
  tlk_event_set_string (e, "role", "driver");
  ok (f, e);

  e = ev (f, TLK_EVENT_CUSTOMER_DEFINED, "aarhus");
  tlk_event_set_string (e, "name", "Aarhus Kommune");
  tlk_event_set_string (e, "kind", "municipality");
  ok (f, e);

  f->shelf = code (TLK_CODE_KIND_LOCATION, 1);
  e = ev (f, TLK_EVENT_LOCATION_DEFINED, f->shelf);
  tlk_event_set_string (e, "name", "Reol A1");
  tlk_event_set_string (e, "kind", "shelf");
  ok (f, e);
  f->vehicle = code (TLK_CODE_KIND_LOCATION, 2);
  e = ev (f, TLK_EVENT_LOCATION_DEFINED, f->vehicle);
  tlk_event_set_string (e, "name", "Bil 1");
  tlk_event_set_string (e, "kind", "vehicle");
  ok (f, e);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%s", kinds[i]);
      e = ev (f, TLK_EVENT_MODEL_DEFINED, id);
      tlk_event_set_string (e, "manufacturer", "Acme");
      tlk_event_set_string (e, "name", kinds[i]);
      tlk_event_set_string (e, "kind", kinds[i]);
      ok (f, e);
    }

  for (guint i = 0; i < 4; i++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "kind", kinds[i]);
      json_object_set_int_member (o, "count", 1);
      json_array_add_object_element (slots, o);
    }
  {
    JsonObject *a = json_object_new ();
    JsonObject *b = json_object_new ();
    json_object_set_string_member (a, "id", "clean");
    json_object_set_string_member (a, "name", "Rengøring");
    json_object_set_string_member (b, "id", "test");
    json_object_set_string_member (b, "name", "Funktionstest");
    json_array_add_object_element (steps, a);
    json_array_add_object_element (steps, b);
  }
  e = ev (f, TLK_EVENT_KIT_TYPE_DEFINED, "kol");
  tlk_event_set_string (e, "name", "KOL-kuffert");
  tlk_event_set_array (e, "slots", slots);
  tlk_event_set_array (e, "checklist", steps);
  ok (f, e);
}

static char *
device (Fixture    *f,
        guint64     serial,
        const char *kind,
        const char *expiry)
{
  char *id = code (TLK_CODE_KIND_DEVICE, serial);
  g_autofree char *model = g_strdup_printf ("m-%s", kind);
  g_autofree char *sn = g_strdup_printf ("SN%" G_GUINT64_FORMAT, serial);
  TlkEvent *e = ev (f, TLK_EVENT_DEVICE_RECEIVED, id);

  tlk_event_set_string (e, "model", model);
  tlk_event_set_string (e, "serial", sn);
  tlk_event_set_string (e, "expiry", expiry);
  ok (f, e);
  return id;
}

static void
add (Fixture    *f,
     const char *kit,
     const char *dev)
{
  TlkEvent *e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, kit);
  tlk_event_set_string (e, "device", dev);
  ok (f, e);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->world = tlk_world_new (NULL, NULL);
  define_reference (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->world, tlk_world_free);
  g_clear_pointer (&f->shelf, g_free);
  g_clear_pointer (&f->vehicle, g_free);
}

/* A complete, released kit with devices 100..103. */
static char *
ready_kit (Fixture *f,
           guint64  serial)
{
  static const char *const kinds[] = { "tablet", "pulse_oximeter", "scale", "router" };
  char *kit = code (TLK_CODE_KIND_KIT, serial);
  TlkEvent *e = ev (f, TLK_EVENT_KIT_CREATED, kit);

  tlk_event_set_string (e, "kit_type", "kol");
  ok (f, e);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *d = device (f, serial * 10 + i, kinds[i], NULL);
      add (f, kit, d);
    }
  ok (f, ev (f, TLK_EVENT_KIT_RELEASED, kit));
  return kit;
}

static void
test_assembly_guards (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *kit = code (TLK_CODE_KIND_KIT, 7);
  g_autofree char *other = NULL;
  g_autofree char *tablet = device (f, 1, "tablet", NULL);
  g_autofree char *tablet2 = device (f, 2, "tablet", NULL);
  g_autofree char *glucose = device (f, 3, "glucose_meter", NULL);
  g_autofree char *old = device (f, 4, "scale", "2026-01-31");
  g_autofree char *unknown = code (TLK_CODE_KIND_DEVICE, 999);
  g_autofree char *shown = tlk_code_format (tablet);
  TlkEvent *e = ev (f, TLK_EVENT_KIT_CREATED, kit);

  tlk_event_set_string (e, "kit_type", "kol");
  ok (f, e);
  add (f, kit, tablet);

  /* A second tablet: the only tablet slot is full. */
  e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, kit);
  tlk_event_set_string (e, "device", tablet2);
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND, "already has every tablet");

  /* A kind the kit type has no slot for. */
  e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, kit);
  tlk_event_set_string (e, "device", glucose);
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND, "no slot");

  /* An expired device. */
  e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, kit);
  tlk_event_set_string (e, "device", old);
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_INCOMPLETE, "expired on 2026-01-31");

  /* A device that is not registered. */
  e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, kit);
  tlk_event_set_string (e, "device", unknown);
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "not registered");

  /* The tablet is already in this kit: another kit cannot take it. */
  other = code (TLK_CODE_KIND_KIT, 8);
  e = ev (f, TLK_EVENT_KIT_CREATED, other);
  tlk_event_set_string (e, "kit_type", "kol");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, other);
  tlk_event_set_string (e, "device", tablet);
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE, shown);

  /* Incomplete kits are not released; the message names what is missing. */
  refused (f, ev (f, TLK_EVENT_KIT_RELEASED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_INCOMPLETE, "pulse oximeter");

  /* Kits with devices are not retired. */
  refused (f, ev (f, TLK_EVENT_KIT_RETIRED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_EMPTY, "still holds 1 device");

  /* Unknown kit type. */
  {
    g_autofree char *k3 = code (TLK_CODE_KIND_KIT, 9);
    e = ev (f, TLK_EVENT_KIT_CREATED, k3);
    tlk_event_set_string (e, "kit_type", "nope");
    refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "nope");
  }

  /* A duplicate serial of the same model is refused at goods-in. */
  {
    g_autofree char *dup = code (TLK_CODE_KIND_DEVICE, 555);
    e = ev (f, TLK_EVENT_DEVICE_RECEIVED, dup);
    tlk_event_set_string (e, "model", "m-tablet");
    tlk_event_set_string (e, "serial", "SN1");
    refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS, "SN1");
  }
}

static void
test_home_and_back (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *kit = ready_kit (f, 20);
  g_autofree char *order = g_strdup ("o1");
  g_autofree char *missing = NULL;
  g_autofree char *spare = device (f, 77, "scale", NULL);
  TlkEvent *e;
  TlkKit *k;
  TlkOrder *o;
  JsonArray *lost;

  e = ev (f, TLK_EVENT_ORDER_RECEIVED, order);
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", "SAG-1");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c1");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  ok (f, e);

  /* Installing a kit that is not reserved is refused by the machine. */
  refused (f, ev (f, TLK_EVENT_KIT_INSTALLED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
           "ready on the shelf");

  e = ev (f, TLK_EVENT_KIT_RESERVED, kit);
  tlk_event_set_string (e, "order", order);
  ok (f, e);
  o = tlk_world_order (f->world, order);
  g_assert_cmpint (o->state, ==, TLK_ORDER_ALLOCATED);
  g_assert_cmpstr (o->kit, ==, kit);

  e = ev (f, TLK_EVENT_KIT_LOADED, kit);
  tlk_event_set_string (e, "vehicle", f->vehicle);
  ok (f, e);
  ok (f, ev (f, TLK_EVENT_KIT_INSTALLED, kit));
  g_assert_cmpint (o->state, ==, TLK_ORDER_INSTALLED);
  g_assert_nonnull (o->installed_at);

  /* Swap the scale at the home: the old one comes back dirty. */
  k = tlk_world_kit (f->world, kit);
  missing = g_strdup (g_ptr_array_index (k->devices, 1));
  {
    g_autofree char *old_scale = g_strdup (g_ptr_array_index (k->devices, 2));
    g_autofree char *tablet = device (f, 78, "tablet", NULL);

    e = ev (f, TLK_EVENT_KIT_DEVICE_SWAPPED, kit);
    tlk_event_set_string (e, "device_out", old_scale);
    tlk_event_set_string (e, "device_in", tablet);
    refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND, "replaces");

    e = ev (f, TLK_EVENT_KIT_DEVICE_SWAPPED, kit);
    tlk_event_set_string (e, "device_out", old_scale);
    tlk_event_set_string (e, "device_in", spare);
    ok (f, e);
    g_assert_cmpint (tlk_world_device (f->world, old_scale)->state, ==, TLK_DEVICE_QUARANTINE);
    g_assert_null (tlk_world_device (f->world, old_scale)->kit);
    g_assert_cmpint (tlk_world_device (f->world, spare)->state, ==, TLK_DEVICE_IN_KIT);
  }

  /* Picked up with the pulse oximeter missing. */
  e = ev (f, TLK_EVENT_KIT_PICKED_UP, kit);
  lost = json_array_new ();
  json_array_add_string_element (lost, missing);
  tlk_event_set_array (e, "missing", lost);
  ok (f, e);
  g_assert_cmpint (k->state, ==, TLK_KIT_RETURNING);
  g_assert_cmpint (o->state, ==, TLK_ORDER_RETURNED);
  g_assert_cmpint (tlk_world_device (f->world, missing)->state, ==, TLK_DEVICE_LOST);
  g_assert_cmpuint (k->devices->len, ==, 3);

  /* A kit from a home cannot go back to the shelf without reprocessing. */
  refused (f, ev (f, TLK_EVENT_KIT_RELEASED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
           "on its way back");
  ok (f, ev (f, TLK_EVENT_KIT_RECEIVED, kit));
  refused (f, ev (f, TLK_EVENT_KIT_RELEASED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
           "in quarantine");
  refused (f, ev (f, TLK_EVENT_KIT_RESERVED, kit), TLK_EVENT_ERROR, TLK_EVENT_ERROR_MISSING_FIELD, "order");
  ok (f, ev (f, TLK_EVENT_KIT_REPROCESSING_STARTED, kit));

  /* The checklist must be complete, and the kit too. */
  refused (f, ev (f, TLK_EVENT_KIT_RELEASED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST, "Rengøring");
  e = ev (f, TLK_EVENT_KIT_STEP_PASSED, kit);
  tlk_event_set_string (e, "step", "polish");
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST, "polish");
  e = ev (f, TLK_EVENT_KIT_STEP_PASSED, kit);
  tlk_event_set_string (e, "step", "clean");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_STEP_PASSED, kit);
  tlk_event_set_string (e, "step", "clean");
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST, "already passed");
  e = ev (f, TLK_EVENT_KIT_STEP_PASSED, kit);
  tlk_event_set_string (e, "step", "test");
  ok (f, e);
  refused (f, ev (f, TLK_EVENT_KIT_RELEASED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_INCOMPLETE, "pulse oximeter");

  /* Filling the slot restarts the checklist. */
  {
    g_autofree char *ox = device (f, 79, "pulse_oximeter", NULL);
    add (f, kit, ox);
  }
  g_assert_cmpuint (k->steps_passed->len, ==, 0);
  refused (f, ev (f, TLK_EVENT_KIT_RELEASED, kit), TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST, "Rengøring");
  e = ev (f, TLK_EVENT_KIT_STEP_PASSED, kit);
  tlk_event_set_string (e, "step", "clean");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_STEP_PASSED, kit);
  tlk_event_set_string (e, "step", "test");
  ok (f, e);
  ok (f, ev (f, TLK_EVENT_KIT_RELEASED, kit));
  g_assert_cmpint (k->state, ==, TLK_KIT_READY);
  g_assert_null (k->order);

  ok (f, ev (f, TLK_EVENT_ORDER_CLOSED, order));
  g_assert_cmpint (o->state, ==, TLK_ORDER_CLOSED);
}

static void
test_order_guards (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *kit = ready_kit (f, 30);
  TlkEvent *e;

  e = ev (f, TLK_EVENT_ORDER_RECEIVED, "o2");
  tlk_event_set_string (e, "customer", "nobody");
  tlk_event_set_string (e, "case_ref", "SAG-2");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c2");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "nobody");

  e = ev (f, TLK_EVENT_ORDER_RECEIVED, "o2");
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", "Borger 010203-1234");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c2");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  refused (f, e, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR, "CPR");

  /* The order wants a kit type this kit is not. */
  e = ev (f, TLK_EVENT_KIT_TYPE_DEFINED, "t2d");
  {
    JsonArray *slots = json_array_new ();
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "kind", "glucose_meter");
    json_object_set_int_member (o, "count", 1);
    json_array_add_object_element (slots, o);
    tlk_event_set_string (e, "name", "Type 2-diabetes");
    tlk_event_set_array (e, "slots", slots);
    tlk_event_set_array (e, "checklist", json_array_new ());
  }
  ok (f, e);
  e = ev (f, TLK_EVENT_ORDER_RECEIVED, "o3");
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", "SAG-3");
  tlk_event_set_string (e, "kit_type", "t2d");
  tlk_event_set_string (e, "citizen", "c3");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_RESERVED, kit);
  tlk_event_set_string (e, "order", "o3");
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, "Type 2-diabetes");

  e = ev (f, TLK_EVENT_KIT_RESERVED, kit);
  tlk_event_set_string (e, "order", "o-none");
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "o-none");

  /* Cancelling an allocated order puts its kit back on the shelf. */
  e = ev (f, TLK_EVENT_ORDER_RECEIVED, "o4");
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", "SAG-4");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c4");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_RESERVED, kit);
  tlk_event_set_string (e, "order", "o4");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_LOADED, kit);
  tlk_event_set_string (e, "vehicle", f->vehicle);
  ok (f, e);
  refused (f, ev (f, TLK_EVENT_ORDER_CANCELLED, "o4"), TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, "out with a driver");
  ok (f, ev (f, TLK_EVENT_KIT_UNLOADED, kit));
  ok (f, ev (f, TLK_EVENT_ORDER_CANCELLED, "o4"));
  g_assert_cmpint (tlk_world_kit (f->world, kit)->state, ==, TLK_KIT_READY);
  g_assert_null (tlk_world_kit (f->world, kit)->order);

  /* Stops: a pickup before a return was requested is refused. */
  e = ev (f, TLK_EVENT_STOP_PLANNED, "S00000001N");
  {
    g_autofree char *stop = code (TLK_CODE_KIND_STOP, 1);
    g_free (e->subject);
    e->subject = g_steal_pointer (&stop);
  }
  tlk_event_set_string (e, "order", "o3");
  tlk_event_set_string (e, "kind", "pickup");
  tlk_event_set_string (e, "date", "2026-03-12");
  tlk_event_set_string (e, "driver", "jens");
  refused (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "return was requested");
}

static void
test_scan_session (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *kit = ready_kit (f, 40);
  g_autofree char *hold = tlk_action_code (TLK_ACTION_HOLD);
  g_autofree char *assemble = tlk_action_code (TLK_ACTION_ASSEMBLE);
  g_autofree char *loose = device (f, 41, "tablet", NULL);
  g_autofree char *lower = g_ascii_strdown (kit, -1);
  g_autoptr(TlkScanSession) session = tlk_scan_session_new ("mette");
  g_autoptr(TlkScanResult) r = NULL;
  g_autoptr(GError) error = NULL;

  /* No action: show. */
  r = tlk_scan_session_handle (session, f->world, lower, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->outcome, ==, TLK_SCAN_SHOW);
  g_assert_nonnull (strstr (r->message, "ready on the shelf"));
  g_clear_pointer (&r, tlk_scan_result_free);

  r = tlk_scan_session_handle (session, f->world, hold, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->outcome, ==, TLK_SCAN_ACTION_SET);
  g_assert_cmpint (tlk_scan_session_get_action (session), ==, TLK_ACTION_HOLD);
  g_clear_pointer (&r, tlk_scan_result_free);

  r = tlk_scan_session_handle (session, f->world, kit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->outcome, ==, TLK_SCAN_EVENT);
  g_assert_cmpuint (r->events->len, ==, 1);
  g_assert_cmpint (((TlkEvent *) g_ptr_array_index (r->events, 0))->type, ==, TLK_EVENT_KIT_HELD);
  g_clear_pointer (&r, tlk_scan_result_free);

  /* Holding it again is refused with the machine's reason. */
  r = tlk_scan_session_handle (session, f->world, kit, &error);
  g_assert_null (r);
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  g_assert_nonnull (strstr (error->message, "on hold"));
  g_clear_error (&error);

  /* A device with a kit-only action. */
  r = tlk_scan_session_handle (session, f->world, loose, &error);
  g_assert_null (r);
  g_assert_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NOT_HERE);
  g_clear_error (&error);

  /* Assembly needs a kit first. */
  r = tlk_scan_session_handle (session, f->world, assemble, &error);
  g_clear_pointer (&r, tlk_scan_result_free);
  r = tlk_scan_session_handle (session, f->world, loose, &error);
  g_assert_null (r);
  g_assert_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NO_KIT);
  g_clear_error (&error);

  /* A mistyped code never reaches the rules. */
  {
    g_autofree char *bad = g_strdup (kit);
    bad[3] = bad[3] == '0' ? '1' : '0';
    r = tlk_scan_session_handle (session, f->world, bad, &error);
    g_assert_null (r);
    g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_CHECK);
    g_clear_error (&error);
  }

  /* Action codes are stable and round-trip. */
  for (int a = 0; a < TLK_ACTION_N; a++)
    {
      g_autofree char *c = tlk_action_code (a);
      g_assert_true (tlk_code_is_valid (c));
      g_assert_cmpint (tlk_action_from_code (c), ==, a);
      g_assert_cmpint (tlk_action_from_string (tlk_action_to_string (a)), ==, a);
    }
}


static TlkScanResult *
scan_ok (Fixture        *f,
         TlkScanSession *session,
         const char     *input,
         TlkScanOutcome  outcome)
{
  g_autoptr(GError) error = NULL;
  TlkScanResult *r = tlk_scan_session_handle (session, f->world, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpint (r->outcome, ==, outcome);
  tlk_world_clear_dirty (f->world);
  return r;
}

static TlkEvent *
result_event (TlkScanResult *r,
              guint          i)
{
  g_assert_cmpuint (i, <, r->events->len);
  return g_ptr_array_index (r->events, i);
}

static void
test_scan_goods_in (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(TlkScanSession) session = tlk_scan_session_new ("mette");
  g_autoptr(TlkScanResult) r = NULL;
  g_autoptr(GError) error = NULL;
  /* GTIN 05712345678909, expiry 2028-01-31 (DD=00), lot L7, serial SN-A1 / SN-A2 */
  const char *udi1 = "]d20105712345678909172801001" "0L7\x1d" "21SN-A1";
  const char *udi2 = "(01)05712345678909(17)280100(10)L7(21)SN-A2";
  const char *unknown = "(01)05799999999994(21)X1";
  const char *no_serial = "(01)05712345678909(17)280100";
  TlkEvent *e;
  TlkDevice *device;
  TlkEvent *define = ev (f, TLK_EVENT_MODEL_DEFINED, "m-ox-gtin");

  tlk_event_set_string (define, "manufacturer", "Nonin");
  tlk_event_set_string (define, "name", "Onyx 3230");
  tlk_event_set_string (define, "kind", "pulse_oximeter");
  tlk_event_set_string (define, "gtin", "05712345678909");
  tlk_event_set_int (define, "calibration_months", 24);
  ok (f, define);

  /* A known GTIN registers the device, whatever the action. */
  r = scan_ok (f, session, udi1, TLK_SCAN_EVENT);
  g_assert_cmpuint (r->events->len, ==, 1);
  e = result_event (r, 0);
  g_assert_cmpint (e->type, ==, TLK_EVENT_DEVICE_RECEIVED);
  g_assert_cmpstr (tlk_event_get_string (e, "model"), ==, "m-ox-gtin");
  g_assert_cmpstr (tlk_event_get_string (e, "serial"), ==, "SN-A1");
  g_assert_cmpstr (tlk_event_get_string (e, "lot"), ==, "L7");
  g_assert_cmpstr (tlk_event_get_string (e, "expiry"), ==, "2028-01-31");
  g_assert_nonnull (tlk_event_get_string (e, "calibration_due"));
  g_assert_true (tlk_code_is_valid (r->code) && r->code[0] == 'D');
  device = tlk_world_device (f->world, r->code);
  g_assert_nonnull (device);
  g_clear_pointer (&r, tlk_scan_result_free);

  /* The same barcode again stands for that device: shown, not registered twice. */
  r = scan_ok (f, session, udi1, TLK_SCAN_SHOW);
  g_assert_cmpstr (r->code, ==, device->id);
  g_clear_pointer (&r, tlk_scan_result_free);

  /* In the parenthesised form, another serial: a second device. */
  r = scan_ok (f, session, udi2, TLK_SCAN_EVENT);
  g_assert_cmpstr (tlk_event_get_string (result_event (r, 0), "serial"), ==, "SN-A2");
  g_clear_pointer (&r, tlk_scan_result_free);

  /* No serial number: refused with a reason. */
  r = tlk_scan_session_handle (session, f->world, no_serial, &error);
  g_assert_null (r);
  g_assert_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_BARCODE);
  g_assert_nonnull (strstr (error->message, "21"));
  g_clear_error (&error);

  /* An unknown GTIN asks once which model it is. */
  r = scan_ok (f, session, unknown, TLK_SCAN_NEEDS_MODEL);
  g_assert_cmpstr (r->gtin, ==, "05799999999994");
  g_clear_pointer (&r, tlk_scan_result_free);
  r = tlk_scan_session_choose_model (session, f->world, "m-nope", &error);
  g_assert_null (r);
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = tlk_scan_session_choose_model (session, f->world, "m-scale", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->events->len, ==, 2);
  g_assert_cmpint (result_event (r, 0)->type, ==, TLK_EVENT_MODEL_GTIN_ADDED);
  g_assert_cmpint (result_event (r, 1)->type, ==, TLK_EVENT_DEVICE_RECEIVED);
  g_assert_cmpstr (tlk_event_get_string (result_event (r, 1), "model"), ==, "m-scale");
  g_clear_pointer (&r, tlk_scan_result_free);
  tlk_world_clear_dirty (f->world);
  /* ...and only once. */
  r = scan_ok (f, session, "(01)05799999999994(21)X2", TLK_SCAN_EVENT);
  g_assert_cmpstr (tlk_event_get_string (result_event (r, 0), "model"), ==, "m-scale");
}

static void
test_scan_return (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *kit = ready_kit (f, 50);
  g_autofree char *other = ready_kit (f, 60);
  g_autofree char *receive = tlk_action_code (TLK_ACTION_RECEIVE_RETURN);
  g_autoptr(TlkScanSession) session = tlk_scan_session_new ("mette");
  g_autoptr(TlkScanResult) r = NULL;
  g_autoptr(GError) error = NULL;
  TlkKit *k = tlk_world_kit (f->world, kit);
  TlkEvent *e;
  JsonArray *missing;

  e = ev (f, TLK_EVENT_ORDER_RECEIVED, "o9");
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", "SAG-9");
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c9");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_RESERVED, kit);
  tlk_event_set_string (e, "order", "o9");
  ok (f, e);
  e = ev (f, TLK_EVENT_KIT_LOADED, kit);
  tlk_event_set_string (e, "vehicle", f->vehicle);
  ok (f, e);
  ok (f, ev (f, TLK_EVENT_KIT_INSTALLED, kit));

  g_clear_pointer (&r, tlk_scan_result_free);
  r = scan_ok (f, session, receive, TLK_SCAN_ACTION_SET);
  g_clear_pointer (&r, tlk_scan_result_free);
  /* The desk's remembered place, as the app restores it. */
  tlk_scan_session_set_location (session, f->shelf);

  /* A kit on the shelf is not a return. */
  r = tlk_scan_session_handle (session, f->world, other, &error);
  g_assert_null (r);
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  r = scan_ok (f, session, kit, TLK_SCAN_KIT_SELECTED);
  g_clear_pointer (&r, tlk_scan_result_free);

  /* Another kit's device is refused, naming both kits. */
  r = tlk_scan_session_handle (session, f->world, g_ptr_array_index (tlk_world_kit (f->world, other)->devices, 0),
                               &error);
  g_assert_null (r);
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE);
  g_clear_error (&error);

  /* Three of four devices come back. */
  for (guint i = 0; i < 3; i++)
    {
      r = scan_ok (f, session, g_ptr_array_index (k->devices, i), TLK_SCAN_DEVICE_CHECKED);
      g_clear_pointer (&r, tlk_scan_result_free);
    }
  r = tlk_scan_session_handle (session, f->world, g_ptr_array_index (k->devices, 0), &error);
  g_assert_null (r);
  g_assert_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_ALREADY);
  g_clear_error (&error);
  g_assert_cmpuint (tlk_scan_session_get_checked (session)->len, ==, 3);

  /* Another kit while one is open: finish that one first. */
  r = tlk_scan_session_handle (session, f->world, other, &error);
  g_assert_null (r);
  g_assert_error (error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_NOT_HERE);
  g_clear_error (&error);

  /* The kit again: received, the fourth recorded missing. */
  {
    g_autofree char *fourth = g_strdup (g_ptr_array_index (k->devices, 3));

    r = scan_ok (f, session, kit, TLK_SCAN_EVENT);
    e = result_event (r, 0);
    g_assert_cmpint (e->type, ==, TLK_EVENT_KIT_RECEIVED);
    g_assert_cmpstr (tlk_event_get_string (e, "location"), ==, f->shelf);
    g_assert_cmpstr (k->location, ==, f->shelf);
    missing = tlk_event_get_array (e, "missing");
    g_assert_nonnull (missing);
    g_assert_cmpuint (json_array_get_length (missing), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, fourth);
    g_assert_cmpint (k->state, ==, TLK_KIT_QUARANTINE);
    g_assert_cmpint (tlk_world_device (f->world, fourth)->state, ==, TLK_DEVICE_LOST);
    g_assert_null (tlk_scan_session_get_checked (session));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/world/assembly-guards", test_assembly_guards);
  ADD ("/world/home-and-back", test_home_and_back);
  ADD ("/world/order-guards", test_order_guards);
  ADD ("/world/scan-session", test_scan_session);
  ADD ("/world/scan-goods-in", test_scan_goods_in);
  ADD ("/world/scan-return", test_scan_return);
#undef ADD

  return g_test_run ();
}
