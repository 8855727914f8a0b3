/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-code.h"
#include "tlk-route.h"
#include "tlk-world.h"

/*
 * The driver's day at stop level (issue 6): failure reasons, the right kit
 * at a delivery, the installation checklist and the signature, a pickup's
 * devices, a swap, loading the vehicle, the date a kit is good until, the
 * stops' own events and the proof of delivery. Every refusal is checked for
 * its domain, code and the words that tell the driver what to do, and for
 * having changed nothing in the world.
 */

typedef struct
{
  TlkWorld *world;
  guint     clock;    /* minutes since the start, for occurred_at */
  guint     serial;   /* the next stop code */
  char     *shelf;
  char     *vehicle;
} Fixture;

/* One order with its kit and the stop under test. */
typedef struct
{
  char *order;
  char *kit;
  char *stop;
} Case;

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->order, g_free);
  g_clear_pointer (&c->kit, g_free);
  g_clear_pointer (&c->stop, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static const char *const slot_kinds[] = { "tablet", "pulse_oximeter", "scale", "router" };

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

/* Applies @e (borrowed), failing the test when the world refuses it. */
static void
apply (Fixture        *f,
       const TlkEvent *e)
{
  g_autoptr(GError) error = NULL;

  if (!tlk_world_apply (f->world, e, &error))
    g_error ("%s %s refused: %s", tlk_event_type_to_string (e->type), e->subject, error->message);
  tlk_world_clear_dirty (f->world);
}

static void
ok (Fixture  *f,
    TlkEvent *owned)
{
  g_autoptr(TlkEvent) e = owned;

  apply (f, e);
}

static void
apply_all (Fixture   *f,
           GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    apply (f, g_ptr_array_index (events, i));
}

static void
append_list (GString   *out,
             GPtrArray *list)
{
  g_string_append_c (out, '[');
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", (const char *) g_ptr_array_index (list, i));
  g_string_append_c (out, ']');
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

#define S(x) ((x) != NULL ? (x) : "-")

/* Every kit, device, order and stop the world holds, as text: what a
 * refusal must leave exactly as it was. */
static char *
digest (Fixture *f)
{
  GString *out = g_string_new (NULL);
  GHashTable *table;
  g_autoptr(GPtrArray) keys = NULL;

  table = tlk_world_records (f->world, TLK_SUBJECT_KIT);
  keys = sorted_keys (table);
  for (guint i = 0; i < keys->len; i++)
    {
      TlkKit *k = g_hash_table_lookup (table, g_ptr_array_index (keys, i));

      g_string_append_printf (out, "kit %s %d %s %s %s ", k->id, k->state, S (k->location), S (k->custodian),
                              S (k->order));
      append_list (out, k->devices);
      append_list (out, k->steps_passed);
      append_list (out, k->missing);
      g_string_append_c (out, '\n');
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  table = tlk_world_records (f->world, TLK_SUBJECT_DEVICE);
  keys = sorted_keys (table);
  for (guint i = 0; i < keys->len; i++)
    {
      TlkDevice *d = g_hash_table_lookup (table, g_ptr_array_index (keys, i));
      g_string_append_printf (out, "device %s %d %s %s\n", d->id, d->state, S (d->kit), S (d->location));
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  table = tlk_world_records (f->world, TLK_SUBJECT_ORDER);
  keys = sorted_keys (table);
  for (guint i = 0; i < keys->len; i++)
    {
      TlkOrder *o = g_hash_table_lookup (table, g_ptr_array_index (keys, i));
      g_string_append_printf (out, "order %s %d %s %s %s\n", o->id, o->state, S (o->kit), S (o->installed_at),
                              S (o->returned_at));
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  table = tlk_world_records (f->world, TLK_SUBJECT_STOP);
  keys = sorted_keys (table);
  for (guint i = 0; i < keys->len; i++)
    {
      TlkStop *s = g_hash_table_lookup (table, g_ptr_array_index (keys, i));
      g_string_append_printf (out, "stop %s %s %d %s %s %d %s %s %s %s %s\n", s->id, s->kind, s->state,
                              S (s->failure), S (s->date), s->seq, S (s->driver), S (s->window), S (s->kit),
                              S (s->device), S (s->done_at));
    }
  return g_string_free (out, FALSE);
}

#undef S

/* The world is as @before showed it. */
static void
assert_unchanged (Fixture    *f,
                  const char *before)
{
  g_autofree char *after = digest (f);

  g_assert_cmpstr (after, ==, before);
}

/* @error is @domain/@code and its message holds every one of the
 * NULL-terminated words. */
static void
assert_refusal (const GError *error,
                GQuark        domain,
                int           code,
                ...)
{
  va_list ap;
  const char *needle;

  g_assert_error ((GError *) error, domain, code);
  va_start (ap, code);
  while ((needle = va_arg (ap, const char *)) != NULL)
    if (strstr (error->message, needle) == NULL)
      g_error ("“%s” does not contain “%s”", error->message, needle);
  va_end (ap);
}

/* The world refuses @e (borrowed) in its check and in its apply, with
 * @domain/@code and @needle, and nothing in it changes. */
static void
world_refuses (Fixture        *f,
               const TlkEvent *e,
               GQuark          domain,
               int             code,
               const char     *needle)
{
  g_autofree char *before = digest (f);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (tlk_world_check (f->world, e, &error));
  assert_refusal (error, domain, code, needle, NULL);
  g_clear_error (&error);
  g_assert_false (tlk_world_apply (f->world, e, &error));
  assert_refusal (error, domain, code, needle, NULL);
  for (int k = TLK_SUBJECT_CUSTOMER; k <= TLK_SUBJECT_STOP; k++)
    {
      g_autoptr(GPtrArray) dirty = tlk_world_dirty (f->world, k);
      g_assert_cmpuint (dirty->len, ==, 0);
    }
  assert_unchanged (f, before);
}

static void
world_refuses_owned (Fixture    *f,
                     TlkEvent   *owned,
                     GQuark      domain,
                     int         code,
                     const char *needle)
{
  g_autoptr(TlkEvent) e = owned;

  world_refuses (f, e, domain, code, needle);
}

/* ---- the reference data and the records a test starts from ------------- */

static JsonArray *
steps (const char *const *ids,
       const char *const *names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "id", ids[i]);
      json_object_set_string_member (o, "name", names[i]);
      json_array_add_object_element (array, o);
    }
  return array;
}

static void
define_reference (Fixture *f)
{
  static const char *const clean_ids[] = { "clean", "test", NULL };
  static const char *const clean_names[] = { "Rengøring", "Funktionstest", NULL };
  static const char *const install_ids[] = { "paired", "test_measurement", NULL };
  static const char *const install_names[] = { "Enheder parret med tablet", "Testmåling sendt", NULL };
  static const char *const users[][3] = {
    { "jens", "Jens Kjær", "driver" },
    { "karim", "Karim Said", "driver" },
  };
  JsonArray *slots = json_array_new ();
  TlkEvent *e;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      e = ev (f, TLK_EVENT_USER_DEFINED, users[i][0]);
      tlk_event_set_string (e, "name", users[i][1]);
      tlk_event_set_string (e, "role", users[i][2]);
      ok (f, e);
    }

  e = ev (f, TLK_EVENT_CUSTOMER_DEFINED, "aarhus");
  tlk_event_set_string (e, "name", "Aarhus Kommune");
  tlk_event_set_string (e, "kind", "municipality");
  ok (f, e);

  f->shelf = tlk_code_make (TLK_CODE_KIND_LOCATION, 1);
  e = ev (f, TLK_EVENT_LOCATION_DEFINED, f->shelf);
  tlk_event_set_string (e, "name", "Reol A1");
  tlk_event_set_string (e, "kind", "shelf");
  ok (f, e);
  f->vehicle = tlk_code_make (TLK_CODE_KIND_LOCATION, 2);
  e = ev (f, TLK_EVENT_LOCATION_DEFINED, f->vehicle);
  tlk_event_set_string (e, "name", "Bil 1");
  tlk_event_set_string (e, "kind", "vehicle");
  ok (f, e);

  for (guint i = 0; i < G_N_ELEMENTS (slot_kinds); i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%s", slot_kinds[i]);
      JsonObject *o = json_object_new ();

      e = ev (f, TLK_EVENT_MODEL_DEFINED, id);
      tlk_event_set_string (e, "manufacturer", "Acme");
      tlk_event_set_string (e, "name", slot_kinds[i]);
      tlk_event_set_string (e, "kind", slot_kinds[i]);
      ok (f, e);
      json_object_set_string_member (o, "kind", slot_kinds[i]);
      json_object_set_int_member (o, "count", 1);
      json_array_add_object_element (slots, o);
    }

  e = ev (f, TLK_EVENT_KIT_TYPE_DEFINED, "kol");
  tlk_event_set_string (e, "name", "KOL-kuffert");
  tlk_event_set_array (e, "slots", slots);
  tlk_event_set_array (e, "checklist", steps (clean_ids, clean_names));
  tlk_event_set_array (e, "install_checklist", steps (install_ids, install_names));
  ok (f, e);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->world = tlk_world_new (NULL, NULL);
  f->serial = 1;
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

static char *
device (Fixture    *f,
        guint64     serial,
        const char *kind,
        const char *expiry,
        const char *calibration_due)
{
  char *id = tlk_code_make (TLK_CODE_KIND_DEVICE, serial);
  g_autofree char *model = g_strdup_printf ("m-%s", kind);
  g_autofree char *sn = g_strdup_printf ("SN%" G_GUINT64_FORMAT, serial);
  TlkEvent *e = ev (f, TLK_EVENT_DEVICE_RECEIVED, id);

  tlk_event_set_string (e, "model", model);
  tlk_event_set_string (e, "serial", sn);
  if (expiry != NULL)
    tlk_event_set_string (e, "expiry", expiry);
  if (calibration_due != NULL)
    tlk_event_set_string (e, "calibration_due", calibration_due);
  tlk_event_set_string (e, "location", f->shelf);
  ok (f, e);
  return id;
}

/* A complete kit on the shelf with devices serial*10 + 0..3; @dates (may
 * be NULL) gives each device an expiry and a calibration date. */
static char *
ready_kit_dated (Fixture           *f,
                 guint64            serial,
                 const char *const (*dates)[2])
{
  char *kit = tlk_code_make (TLK_CODE_KIND_KIT, serial);
  TlkEvent *e = ev (f, TLK_EVENT_KIT_CREATED, kit);

  tlk_event_set_string (e, "kit_type", "kol");
  ok (f, e);
  for (guint i = 0; i < G_N_ELEMENTS (slot_kinds); i++)
    {
      g_autofree char *d = device (f, serial * 10 + i, slot_kinds[i], dates ? dates[i][0] : NULL,
                                   dates ? dates[i][1] : NULL);
      e = ev (f, TLK_EVENT_KIT_DEVICE_ADDED, kit);
      tlk_event_set_string (e, "device", d);
      ok (f, e);
    }
  e = ev (f, TLK_EVENT_KIT_RELEASED, kit);
  tlk_event_set_string (e, "location", f->shelf);
  ok (f, e);
  return kit;
}

/* An order (o<serial>) with a ready kit reserved for it. */
static void
reserved (Fixture *f,
          guint64  serial,
          Case    *c)
{
  TlkEvent *e;

  c->order = g_strdup_printf ("o%" G_GUINT64_FORMAT, serial);
  e = ev (f, TLK_EVENT_ORDER_RECEIVED, c->order);
  tlk_event_set_string (e, "customer", "aarhus");
  tlk_event_set_string (e, "case_ref", c->order);
  tlk_event_set_string (e, "kit_type", "kol");
  tlk_event_set_string (e, "citizen", "c1");
  tlk_event_set_string (e, "requested_date", "2026-03-10");
  ok (f, e);
  c->kit = ready_kit_dated (f, serial, NULL);
  e = ev (f, TLK_EVENT_KIT_RESERVED, c->kit);
  tlk_event_set_string (e, "order", c->order);
  ok (f, e);
}

/* stop.planned of @kind for @order, at the end of @driver's route on
 * 2026-03-03. */
static TlkEvent *
plan_event (Fixture    *f,
            const char *order,
            const char *kind,
            const char *driver,
            char      **stop)
{
  TlkEvent *e;

  *stop = tlk_code_make (TLK_CODE_KIND_STOP, f->serial);
  e = ev (f, TLK_EVENT_STOP_PLANNED, *stop);
  tlk_event_set_string (e, "order", order);
  tlk_event_set_string (e, "kind", kind);
  tlk_event_set_string (e, "date", "2026-03-03");
  tlk_event_set_string (e, "driver", driver);
  tlk_event_set_int (e, "seq", f->serial++);
  tlk_event_set_string (e, "window", "09-12");
  return e;
}

static void
plan (Fixture    *f,
      Case       *c,
      const char *kind,
      const char *driver)
{
  g_clear_pointer (&c->stop, g_free);
  ok (f, plan_event (f, c->order, kind, driver, &c->stop));
}

static void
load (Fixture    *f,
      const char *kit,
      const char *driver)
{
  TlkEvent *e = ev (f, TLK_EVENT_KIT_LOADED, kit);

  tlk_event_set_string (e, "vehicle", f->vehicle);
  tlk_event_set_string (e, "driver", driver);
  ok (f, e);
}

/* A delivery for jens, planned and loaded. */
static void
delivery_loaded (Fixture *f,
                 guint64  serial,
                 Case    *c)
{
  reserved (f, serial, c);
  plan (f, c, "delivery", "jens");
  load (f, c->kit, "jens");
}

/* A kit installed at the home through a done delivery. */
static void
installed (Fixture *f,
           guint64  serial,
           Case    *c)
{
  TlkEvent *e;

  delivery_loaded (f, serial, c);
  e = ev (f, TLK_EVENT_KIT_INSTALLED, c->kit);
  tlk_event_set_string (e, "stop", c->stop);
  ok (f, e);
  ok (f, ev (f, TLK_EVENT_STOP_DONE, c->stop));
  g_assert_cmpint (tlk_world_kit (f->world, c->kit)->state, ==, TLK_KIT_INSTALLED);
}

/* An installed kit whose return was asked for, with a pickup for jens. */
static void
pickup_planned (Fixture *f,
                guint64  serial,
                Case    *c)
{
  installed (f, serial, c);
  ok (f, ev (f, TLK_EVENT_ORDER_RETURN_REQUESTED, c->order));
  plan (f, c, "pickup", "jens");
  g_assert_cmpint (tlk_world_order (f->world, c->order)->state, ==, TLK_ORDER_PICKUP_SCHEDULED);
}

static TlkStop *
stop_of (Fixture *f,
         Case    *c)
{
  TlkStop *stop = tlk_world_stop (f->world, c->stop);

  g_assert_nonnull (stop);
  return stop;
}

static const char *
kit_device (Fixture    *f,
            const char *kit,
            guint       i)
{
  TlkKit *k = tlk_world_kit (f->world, kit);

  g_assert_cmpuint (i, <, k->devices->len);
  return g_ptr_array_index (k->devices, i);
}

/* ---- failures ----------------------------------------------------------- */

static void
test_fail_delivery_each_reason (Fixture      *f,
                                gconstpointer data)
{
  const char *const *reasons = tlk_stop_failure_reasons ();
  guint n = 0;

  g_assert_nonnull (reasons);
  for (guint i = 0; reasons[i] != NULL; i++, n++)
    {
      g_auto(Case) c = { 0 };
      g_autoptr(TlkEvent) e = NULL;
      g_autoptr(GError) error = NULL;
      const char *note = strcmp (reasons[i], "other") == 0 ? "Vejen var spærret" : NULL;
      TlkStop *stop;
      TlkOrder *order;
      TlkKit *kit;

      /* Every reason has words of its own for the driver. */
      g_assert_cmpstr (tlk_stop_failure_describe (reasons[i]), !=, reasons[i]);

      delivery_loaded (f, 100 + i, &c);
      e = tlk_stop_failed_event (stop_of (f, &c), reasons[i], note, "jens", &error);
      g_assert_no_error (error);
      g_assert_nonnull (e);
      g_assert_cmpint (e->type, ==, TLK_EVENT_STOP_FAILED);
      g_assert_cmpstr (e->subject, ==, c.stop);
      g_assert_cmpstr (e->actor, ==, "jens");
      g_assert_cmpstr (tlk_event_get_string (e, "reason"), ==, reasons[i]);
      g_assert_cmpstr (tlk_event_get_string (e, "note"), ==, note);
      apply (f, e);

      stop = stop_of (f, &c);
      g_assert_cmpint (stop->state, ==, TLK_STOP_FAILED);
      g_assert_cmpstr (stop->failure, ==, reasons[i]);
      g_assert_cmpstr (stop->done_at, ==, e->occurred_at);
      order = tlk_world_order (f->world, c.order);
      g_assert_cmpint (order->state, ==, TLK_ORDER_ALLOCATED);
      g_assert_cmpstr (order->kit, ==, c.kit);
      g_assert_null (order->installed_at);
      /* The kit stays in the car with the driver, to be unloaded at the
       * warehouse or tried again. */
      kit = tlk_world_kit (f->world, c.kit);
      g_assert_cmpint (kit->state, ==, TLK_KIT_OUT);
      g_assert_cmpstr (kit->custodian, ==, "jens");
      g_assert_cmpstr (kit->location, ==, f->vehicle);
      g_assert_cmpstr (kit->order, ==, c.order);
    }
  g_assert_cmpuint (n, ==, 5);
}

static void
test_fail_pickup (Fixture      *f,
                  gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(TlkEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  TlkKit *kit;

  pickup_planned (f, 200, &c);
  e = tlk_stop_failed_event (stop_of (f, &c), "not_home", NULL, "jens", &error);
  g_assert_no_error (error);
  apply (f, e);
  g_assert_cmpint (stop_of (f, &c)->state, ==, TLK_STOP_FAILED);
  g_assert_cmpstr (stop_of (f, &c)->failure, ==, "not_home");
  g_assert_cmpint (tlk_world_order (f->world, c.order)->state, ==, TLK_ORDER_RETURN_REQUESTED);
  g_assert_null (tlk_world_order (f->world, c.order)->returned_at);
  /* The kit is still at the home. */
  kit = tlk_world_kit (f->world, c.kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_INSTALLED);
  g_assert_null (kit->custodian);
  g_assert_cmpuint (kit->devices->len, ==, 4);
}

static void
test_fail_other_needs_note (Fixture      *f,
                            gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(TlkEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const char *const blanks[] = { NULL, "", "   ", " \t\n " };

  delivery_loaded (f, 300, &c);
  before = digest (f);
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      e = tlk_stop_failed_event (stop_of (f, &c), "other", blanks[i], "jens", &error);
      g_assert_null (e);
      assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "Write what happened",
                      tlk_stop_failure_describe ("other"), NULL);
      g_clear_error (&error);
    }

  /* A note with a CPR number is refused as any free text is. */
  e = tlk_stop_failed_event (stop_of (f, &c), "other", "Borger 010203-1234 ikke hjemme", "jens", &error);
  g_assert_null (e);
  assert_refusal (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR, "CPR", NULL);
  g_clear_error (&error);
  assert_unchanged (f, before);
  g_assert_cmpint (stop_of (f, &c)->state, ==, TLK_STOP_PLANNED);

  /* With a note: accepted, the note (trimmed) in the event. */
  e = tlk_stop_failed_event (stop_of (f, &c), "other", "  Hunden lod os ikke komme ind  ", "jens", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tlk_event_get_string (e, "reason"), ==, "other");
  g_assert_cmpstr (tlk_event_get_string (e, "note"), ==, "Hunden lod os ikke komme ind");
  apply (f, e);
  g_assert_cmpint (stop_of (f, &c)->state, ==, TLK_STOP_FAILED);
  g_assert_cmpstr (stop_of (f, &c)->failure, ==, "other");

  /* A note with another reason is kept too. */
  {
    g_auto(Case) d = { 0 };
    g_autoptr(TlkEvent) e2 = NULL;

    delivery_loaded (f, 301, &d);
    e2 = tlk_stop_failed_event (stop_of (f, &d), "no_access", "Porten låst", "jens", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tlk_event_get_string (e2, "note"), ==, "Porten låst");
  }
}

static void
test_fail_unknown_reason (Fixture      *f,
                          gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(TlkEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const char *const unknown[] = { "sick", "", "NOT_HOME", NULL };

  delivery_loaded (f, 400, &c);
  before = digest (f);
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      e = tlk_stop_failed_event (stop_of (f, &c), unknown[i], "en note", "jens", &error);
      g_assert_null (e);
      assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "Choose why", NULL);
      g_clear_error (&error);
    }
  /* Written by hand, the world refuses it as well. */
  e = ev (f, TLK_EVENT_STOP_FAILED, c.stop);
  tlk_event_set_string (e, "reason", "sick");
  world_refuses (f, e, TLK_EVENT_ERROR, TLK_EVENT_ERROR_FIELD, "reason");
  assert_unchanged (f, before);
}

static void
test_fail_after_done (Fixture      *f,
                      gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(TlkEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  installed (f, 500, &c);
  g_assert_cmpint (stop_of (f, &c)->state, ==, TLK_STOP_DONE);
  before = digest (f);
  e = tlk_stop_failed_event (stop_of (f, &c), "not_home", NULL, "jens", &error);
  g_assert_null (e);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "already",
                  tlk_stop_state_describe (TLK_STOP_DONE), NULL);
  g_clear_error (&error);
  assert_unchanged (f, before);

  /* Nor can a done stop be done again, or fail by a hand-made event. */
  {
    g_autoptr(TlkVisit) visit = tlk_visit_new ();
    g_autoptr(GPtrArray) events = tlk_stop_done_events (f->world, stop_of (f, &c), visit, "jens", &error);
    g_assert_null (events);
    assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "already", NULL);
    g_clear_error (&error);
  }
  e = ev (f, TLK_EVENT_STOP_FAILED, c.stop);
  tlk_event_set_string (e, "reason", "not_home");
  world_refuses (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "only planned stops can fail");
}

/* ---- the right kit at a delivery ---------------------------------------- */

static void
test_wrong_kit (Fixture      *f,
                gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_auto(Case) other = { 0 };
  g_autoptr(TlkVisit) visit = tlk_visit_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *garbled = NULL;
  g_autofree char *device_shown = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *before = NULL;
  TlkStop *stop;

  delivery_loaded (f, 600, &c);
  reserved (f, 601, &other);
  stop = stop_of (f, &c);
  before = digest (f);

  /* Another kit's label: both codes as people read them. */
  want = tlk_code_display (c.kit);
  got = tlk_code_display (other.kit);
  g_assert_false (tlk_visit_confirm_kit (f->world, stop, visit, other.kit, &error));
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, got, want, NULL);
  g_assert_true (strstr (error->message, got) < strstr (error->message, want));
  g_clear_error (&error);
  g_assert_null (visit->kit);

  /* A device's label. */
  device_shown = tlk_code_display (kit_device (f, c.kit, 0));
  g_assert_false (tlk_visit_confirm_kit (f->world, stop, visit, kit_device (f, c.kit, 0), &error));
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, device_shown, "not a kit label", NULL);
  g_clear_error (&error);
  g_assert_null (visit->kit);

  /* A misread code: the check character does not match. */
  garbled = g_strdup (c.kit);
  garbled[3] = garbled[3] == '0' ? '1' : '0';
  g_assert_false (tlk_visit_confirm_kit (f->world, stop, visit, garbled, &error));
  g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_CHECK);
  g_clear_error (&error);
  /* Not a code at all. */
  g_assert_false (tlk_visit_confirm_kit (f->world, stop, visit, "hej!", &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == TLK_CODE_ERROR);
  g_clear_error (&error);
  g_assert_false (tlk_visit_confirm_kit (f->world, stop, visit, "", &error));
  g_assert_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (visit->kit);
  assert_unchanged (f, before);

  /* Without a confirmed kit the delivery cannot be done. */
  {
    g_autoptr(GPtrArray) events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
    g_assert_null (events);
    assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, "Scan the kit", NULL);
    g_clear_error (&error);
  }

  /* The right kit, typed as it is printed (lower case, spaces). */
  typed = g_ascii_strdown (want, -1);
  g_assert_true (tlk_visit_confirm_kit (f->world, stop, visit, typed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (visit->kit, ==, c.kit);
  assert_unchanged (f, before);
}

/* ---- checklist and signature -------------------------------------------- */

static void
test_delivery_checklist_and_signature (Fixture      *f,
                                       gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(TlkVisit) visit = tlk_visit_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *before = NULL;
  TlkEvent *installed_event;
  TlkEvent *done;
  JsonArray *checked;
  TlkStop *stop;
  TlkOrder *order;
  TlkKit *kit;

  delivery_loaded (f, 700, &c);
  stop = stop_of (f, &c);
  g_assert_true (tlk_visit_confirm_kit (f->world, stop, visit, c.kit, &error));
  visit->signed_by_recipient = TRUE;
  before = digest (f);

  /* Nothing ticked: the first step is named. */
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_null (events);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST, "Enheder parret med tablet", "not ticked", NULL);
  g_clear_error (&error);

  /* One ticked: the other is named. */
  g_ptr_array_add (visit->checked, g_strdup ("paired"));
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_null (events);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST, "Testmåling sendt", NULL);
  g_assert_null (strstr (error->message, "Enheder parret"));
  g_clear_error (&error);

  /* Every step ticked, but not signed. */
  g_ptr_array_add (visit->checked, g_strdup ("test_measurement"));
  visit->signed_by_recipient = FALSE;
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_null (events);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "not signed", NULL);
  g_clear_error (&error);
  assert_unchanged (f, before);

  /* Complete: kit.installed{stop}, then stop.done{checked, signed}. */
  visit->signed_by_recipient = TRUE;
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_no_error (error);
  g_assert_nonnull (events);
  g_assert_cmpuint (events->len, ==, 2);
  installed_event = g_ptr_array_index (events, 0);
  done = g_ptr_array_index (events, 1);
  g_assert_cmpint (installed_event->type, ==, TLK_EVENT_KIT_INSTALLED);
  g_assert_cmpstr (installed_event->subject, ==, c.kit);
  g_assert_cmpstr (installed_event->actor, ==, "jens");
  g_assert_cmpstr (tlk_event_get_string (installed_event, "stop"), ==, c.stop);
  g_assert_cmpint (done->type, ==, TLK_EVENT_STOP_DONE);
  g_assert_cmpstr (done->subject, ==, c.stop);
  g_assert_true (tlk_event_get_bool (done, "signed"));
  checked = tlk_event_get_array (done, "checked");
  g_assert_nonnull (checked);
  g_assert_cmpuint (json_array_get_length (checked), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (checked, 0), ==, "paired");
  g_assert_cmpstr (json_array_get_string_element (checked, 1), ==, "test_measurement");
  for (guint i = 0; i < events->len; i++)
    {
      g_assert_true (tlk_event_validate (g_ptr_array_index (events, i), &error));
      g_assert_no_error (error);
    }

  apply_all (f, events);
  kit = tlk_world_kit (f->world, c.kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_INSTALLED);
  g_assert_null (kit->custodian);
  g_assert_null (kit->location);
  order = tlk_world_order (f->world, c.order);
  g_assert_cmpint (order->state, ==, TLK_ORDER_INSTALLED);
  g_assert_cmpstr (order->installed_at, ==, installed_event->occurred_at);
  stop = stop_of (f, &c);
  g_assert_cmpint (stop->state, ==, TLK_STOP_DONE);
  g_assert_cmpstr (stop->done_at, ==, done->occurred_at);
  g_assert_null (stop->failure);
}

/* ---- pickup --------------------------------------------------------------- */

static void
test_pickup_all_devices (Fixture      *f,
                         gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(TlkVisit) visit = tlk_visit_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  TlkEvent *picked;
  TlkStop *stop;
  TlkKit *kit;
  TlkOrder *order;

  pickup_planned (f, 800, &c);
  stop = stop_of (f, &c);
  g_assert_true (tlk_visit_confirm_kit (f->world, stop, visit, c.kit, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (tlk_visit_see_device (f->world, stop, visit, kit_device (f, c.kit, i), &error));
      g_assert_no_error (error);
    }
  missing = tlk_visit_missing (f->world, stop, visit);
  g_assert_cmpuint (missing->len, ==, 0);

  /* Not signed: refused. */
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_null (events);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "not signed", NULL);
  g_clear_error (&error);

  visit->signed_by_recipient = TRUE;
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  picked = g_ptr_array_index (events, 0);
  g_assert_cmpint (picked->type, ==, TLK_EVENT_KIT_PICKED_UP);
  g_assert_cmpstr (picked->subject, ==, c.kit);
  g_assert_cmpstr (tlk_event_get_string (picked, "stop"), ==, c.stop);
  g_assert_false (json_object_has_member (picked->payload, "missing"));
  g_assert_cmpint (((TlkEvent *) g_ptr_array_index (events, 1))->type, ==, TLK_EVENT_STOP_DONE);

  apply_all (f, events);
  kit = tlk_world_kit (f->world, c.kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_RETURNING);
  g_assert_cmpstr (kit->custodian, ==, "jens");
  g_assert_cmpuint (kit->devices->len, ==, 4);
  g_assert_cmpuint (kit->missing->len, ==, 0);
  order = tlk_world_order (f->world, c.order);
  g_assert_cmpint (order->state, ==, TLK_ORDER_RETURNED);
  g_assert_cmpstr (order->returned_at, ==, picked->occurred_at);
  g_assert_cmpint (stop_of (f, &c)->state, ==, TLK_STOP_DONE);
}

static void
test_pickup_one_missing (Fixture      *f,
                         gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_auto(Case) other = { 0 };
  g_autoptr(TlkVisit) visit = tlk_visit_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *foreign_shown = NULL;
  g_autofree char *seen_shown = NULL;
  g_autofree char *before = NULL;
  TlkEvent *picked;
  JsonArray *list;
  TlkStop *stop;
  TlkKit *kit;

  pickup_planned (f, 900, &c);
  reserved (f, 901, &other);
  stop = stop_of (f, &c);
  lost = g_strdup (kit_device (f, c.kit, 2));
  g_assert_true (tlk_visit_confirm_kit (f->world, stop, visit, c.kit, &error));
  before = digest (f);

  for (guint i = 0; i < 4; i++)
    if (i != 2)
      {
        g_assert_true (tlk_visit_see_device (f->world, stop, visit, kit_device (f, c.kit, i), &error));
        g_assert_no_error (error);
      }

  /* Another kit's device is not this kit's: refused, named. */
  foreign_shown = tlk_code_display (kit_device (f, other.kit, 0));
  g_assert_false (tlk_visit_see_device (f->world, stop, visit, kit_device (f, other.kit, 0), &error));
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE, foreign_shown, "not in this kit", NULL);
  g_clear_error (&error);
  /* The same device twice. */
  seen_shown = tlk_code_display (kit_device (f, c.kit, 0));
  g_assert_false (tlk_visit_see_device (f->world, stop, visit, kit_device (f, c.kit, 0), &error));
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS, seen_shown, "already checked", NULL);
  g_clear_error (&error);
  /* A kit label instead of a device. */
  g_assert_false (tlk_visit_see_device (f->world, stop, visit, c.kit, &error));
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, "not a device label", NULL);
  g_clear_error (&error);
  g_assert_cmpuint (visit->seen->len, ==, 3);
  assert_unchanged (f, before);

  missing = tlk_visit_missing (f->world, stop, visit);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, lost);

  visit->signed_by_recipient = TRUE;
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_no_error (error);
  picked = g_ptr_array_index (events, 0);
  g_assert_cmpint (picked->type, ==, TLK_EVENT_KIT_PICKED_UP);
  list = tlk_event_get_array (picked, "missing");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, lost);

  apply_all (f, events);
  kit = tlk_world_kit (f->world, c.kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_RETURNING);
  g_assert_cmpuint (kit->missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (kit->missing, 0), ==, lost);
  g_assert_cmpuint (kit->devices->len, ==, 3);
  g_assert_false (tlk_kit_has_device (kit, lost));
  g_assert_cmpint (tlk_world_device (f->world, lost)->state, ==, TLK_DEVICE_LOST);
  g_assert_null (tlk_world_device (f->world, lost)->kit);
  g_assert_cmpint (tlk_world_order (f->world, c.order)->state, ==, TLK_ORDER_RETURNED);
}

/* ---- swap ---------------------------------------------------------------- */

static void
test_swap (Fixture      *f,
           gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_auto(Case) other = { 0 };
  g_autoptr(TlkVisit) visit = tlk_visit_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *spare = NULL;
  g_autofree char *wrong_kind = NULL;
  g_autofree char *old = NULL;
  g_autofree char *before = NULL;
  TlkEvent *swapped;
  TlkStop *stop;
  TlkKit *kit;

  installed (f, 1000, &c);
  reserved (f, 1001, &other);
  spare = device (f, 10050, "scale", NULL, NULL);
  wrong_kind = device (f, 10051, "tablet", NULL, NULL);
  {
    TlkEvent *e = NULL;
    g_free (c.stop);
    e = plan_event (f, c.order, "swap", "jens", &c.stop);
    tlk_event_set_string (e, "device", spare);
    ok (f, e);
  }
  stop = stop_of (f, &c);
  g_assert_cmpstr (stop->device, ==, spare);
  g_assert_cmpint (tlk_world_order (f->world, c.order)->state, ==, TLK_ORDER_INSTALLED);
  old = g_strdup (kit_device (f, c.kit, 2));
  g_assert_true (tlk_visit_confirm_kit (f->world, stop, visit, c.kit, &error));
  g_assert_no_error (error);

  /* Only one of the two devices: refused before any event. */
  visit->device_out = g_strdup (old);
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_null (events);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND, "device taken out", NULL);
  g_clear_error (&error);

  /* The device taken out is not in this kit: the world refuses. */
  g_free (visit->device_out);
  visit->device_out = g_strdup (kit_device (f, other.kit, 2));
  visit->device_in = g_strdup (spare);
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_no_error (error);
  swapped = g_ptr_array_index (events, 0);
  g_assert_cmpint (swapped->type, ==, TLK_EVENT_KIT_DEVICE_SWAPPED);
  before = digest (f);
  {
    g_autofree char *shown = tlk_code_display (visit->device_out);
    world_refuses (f, swapped, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE, shown);
  }
  g_clear_pointer (&events, g_ptr_array_unref);

  /* A tablet for a scale: the world refuses. */
  g_free (visit->device_out);
  visit->device_out = g_strdup (old);
  g_free (visit->device_in);
  visit->device_in = g_strdup (wrong_kind);
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_no_error (error);
  world_refuses (f, g_ptr_array_index (events, 0), TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND, "replaces");
  g_clear_pointer (&events, g_ptr_array_unref);
  assert_unchanged (f, before);

  /* The right one: swapped, the old scale back as dirty. */
  g_free (visit->device_in);
  visit->device_in = g_strdup (spare);
  visit->reason = g_strdup ("Vejer forkert");
  events = tlk_stop_done_events (f->world, stop, visit, "jens", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  swapped = g_ptr_array_index (events, 0);
  g_assert_cmpstr (tlk_event_get_string (swapped, "device_out"), ==, old);
  g_assert_cmpstr (tlk_event_get_string (swapped, "device_in"), ==, spare);
  g_assert_cmpstr (tlk_event_get_string (swapped, "reason"), ==, "Vejer forkert");
  g_assert_cmpstr (tlk_event_get_string (swapped, "stop"), ==, c.stop);
  apply_all (f, events);
  kit = tlk_world_kit (f->world, c.kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_INSTALLED);
  g_assert_true (tlk_kit_has_device (kit, spare));
  g_assert_false (tlk_kit_has_device (kit, old));
  g_assert_cmpint (tlk_world_device (f->world, spare)->state, ==, TLK_DEVICE_IN_KIT);
  g_assert_cmpstr (tlk_world_device (f->world, spare)->kit, ==, c.kit);
  g_assert_cmpint (tlk_world_device (f->world, old)->state, ==, TLK_DEVICE_QUARANTINE);
  g_assert_null (tlk_world_device (f->world, old)->kit);
  g_assert_cmpint (stop_of (f, &c)->state, ==, TLK_STOP_DONE);
  g_assert_cmpint (tlk_world_order (f->world, c.order)->state, ==, TLK_ORDER_INSTALLED);
}

/* ---- loading --------------------------------------------------------------- */

static void
test_load (Fixture      *f,
           gconstpointer data)
{
  g_auto(Case) mine = { 0 };
  g_auto(Case) karims = { 0 };
  g_auto(Case) unplanned = { 0 };
  g_autoptr(TlkEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *before = NULL;
  TlkKit *kit;

  reserved (f, 1100, &mine);
  plan (f, &mine, "delivery", "jens");
  reserved (f, 1101, &karims);
  plan (f, &karims, "delivery", "karim");
  reserved (f, 1102, &unplanned);
  before = digest (f);

  /* On another driver's route: that driver is named. */
  shown = tlk_code_display (karims.kit);
  e = tlk_route_load_event (f->world, stop_of (f, &karims), karims.kit, f->vehicle, "jens", &error);
  g_assert_null (e);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE, "Karim Said", shown, NULL);
  g_clear_error (&error);

  /* No stop at all. */
  g_clear_pointer (&shown, g_free);
  shown = tlk_code_display (unplanned.kit);
  e = tlk_route_load_event (f->world, NULL, unplanned.kit, f->vehicle, "jens", &error);
  g_assert_null (e);
  assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, shown, "no delivery planned", NULL);
  g_clear_error (&error);
  assert_unchanged (f, before);

  /* Mine: kit.loaded with the vehicle and the driver. */
  e = tlk_route_load_event (f->world, stop_of (f, &mine), mine.kit, f->vehicle, "jens", &error);
  g_assert_no_error (error);
  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, TLK_EVENT_KIT_LOADED);
  g_assert_cmpstr (e->subject, ==, mine.kit);
  g_assert_cmpstr (tlk_event_get_string (e, "vehicle"), ==, f->vehicle);
  g_assert_cmpstr (tlk_event_get_string (e, "driver"), ==, "jens");
  apply (f, e);
  kit = tlk_world_kit (f->world, mine.kit);
  g_assert_cmpint (kit->state, ==, TLK_KIT_OUT);
  g_assert_cmpstr (kit->location, ==, f->vehicle);
  g_assert_cmpstr (kit->custodian, ==, "jens");
  /* The order is untouched by loading: still scheduled. */
  g_assert_cmpint (tlk_world_order (f->world, mine.order)->state, ==, TLK_ORDER_SCHEDULED);

  /* A stop that is not a delivery any more (done) is no reason to load. */
  {
    g_auto(Case) done = { 0 };
    g_autoptr(TlkEvent) e2 = NULL;

    installed (f, 1103, &done);
    e2 = tlk_route_load_event (f->world, stop_of (f, &done), done.kit, f->vehicle, "jens", &error);
    g_assert_null (e2);
    assert_refusal (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH, "no delivery planned", NULL);
    g_clear_error (&error);
  }
}

/* ---- good until ------------------------------------------------------------ */

static void
test_good_until (Fixture      *f,
                 gconstpointer data)
{
  static const char *const dated[4][2] = {
    { "2031-05-01", NULL },
    { NULL, "2029-11-30" },           /* the earliest: a calibration */
    { "2030-01-15", "2032-01-01" },
    { NULL, NULL },
  };
  static const char *const expiry_first[4][2] = {
    { "2029-02-01", "2029-03-01" },   /* the earliest: an expiry */
    { NULL, "2030-01-01" },
    { NULL, NULL },
    { "2035-01-01", NULL },
  };
  g_autofree char *a = ready_kit_dated (f, 1200, dated);
  g_autofree char *b = ready_kit_dated (f, 1201, expiry_first);
  g_autofree char *none = ready_kit_dated (f, 1202, NULL);
  g_autofree char *empty = tlk_code_make (TLK_CODE_KIND_KIT, 1203);
  g_autofree char *until = NULL;
  TlkEvent *e;

  until = tlk_world_kit_good_until (f->world, tlk_world_kit (f->world, a));
  g_assert_cmpstr (until, ==, "2029-11-30");
  g_clear_pointer (&until, g_free);
  until = tlk_world_kit_good_until (f->world, tlk_world_kit (f->world, b));
  g_assert_cmpstr (until, ==, "2029-02-01");
  g_clear_pointer (&until, g_free);
  until = tlk_world_kit_good_until (f->world, tlk_world_kit (f->world, none));
  g_assert_null (until);

  e = ev (f, TLK_EVENT_KIT_CREATED, empty);
  tlk_event_set_string (e, "kit_type", "kol");
  ok (f, e);
  until = tlk_world_kit_good_until (f->world, tlk_world_kit (f->world, empty));
  g_assert_null (until);
}

/* ---- the stops' own events ----------------------------------------------------- */

static void
test_swap_planned_needs_device (Fixture      *f,
                                gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_autofree char *stop = NULL;
  g_autofree char *nowhere = tlk_code_make (TLK_CODE_KIND_DEVICE, 99999);
  TlkEvent *e;

  installed (f, 1300, &c);
  e = plan_event (f, c.order, "swap", "jens", &stop);
  world_refuses_owned (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "replacement device");
  g_assert_null (tlk_world_stop (f->world, stop));
  g_clear_pointer (&stop, g_free);

  e = plan_event (f, c.order, "swap", "jens", &stop);
  tlk_event_set_string (e, "device", nowhere);
  world_refuses_owned (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "not registered");
  g_clear_pointer (&stop, g_free);

  /* A pickup before the return was asked for. */
  e = plan_event (f, c.order, "pickup", "jens", &stop);
  world_refuses_owned (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "return was requested");
  g_clear_pointer (&stop, g_free);

  /* A driver nobody registered. */
  e = plan_event (f, c.order, "service", "nobody", &stop);
  world_refuses_owned (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "nobody");
}

static void
test_rescheduled (Fixture      *f,
                  gconstpointer data)
{
  g_auto(Case) c = { 0 };
  g_auto(Case) done = { 0 };
  TlkStop *stop;
  TlkEvent *e;

  reserved (f, 1400, &c);
  plan (f, &c, "delivery", "jens");
  stop = stop_of (f, &c);
  g_assert_cmpstr (stop->date, ==, "2026-03-03");
  g_assert_cmpstr (stop->driver, ==, "jens");
  g_assert_cmpstr (stop->window, ==, "09-12");

  e = ev (f, TLK_EVENT_STOP_RESCHEDULED, c.stop);
  tlk_event_set_string (e, "date", "2026-03-05");
  tlk_event_set_int (e, "seq", 7);
  tlk_event_set_string (e, "driver", "karim");
  tlk_event_set_string (e, "window", "13-16");
  ok (f, e);
  stop = stop_of (f, &c);
  g_assert_cmpint (stop->state, ==, TLK_STOP_PLANNED);
  g_assert_cmpstr (stop->date, ==, "2026-03-05");
  g_assert_cmpint (stop->seq, ==, 7);
  g_assert_cmpstr (stop->driver, ==, "karim");
  g_assert_cmpstr (stop->window, ==, "13-16");
  g_assert_cmpstr (stop->kind, ==, "delivery");
  g_assert_cmpstr (stop->kit, ==, c.kit);
  g_assert_cmpint (tlk_world_order (f->world, c.order)->state, ==, TLK_ORDER_SCHEDULED);

  /* Only the seq: the rest stays. */
  e = ev (f, TLK_EVENT_STOP_RESCHEDULED, c.stop);
  tlk_event_set_int (e, "seq", 2);
  ok (f, e);
  stop = stop_of (f, &c);
  g_assert_cmpint (stop->seq, ==, 2);
  g_assert_cmpstr (stop->date, ==, "2026-03-05");
  g_assert_cmpstr (stop->driver, ==, "karim");
  g_assert_cmpstr (stop->window, ==, "13-16");

  /* To a driver nobody registered. */
  e = ev (f, TLK_EVENT_STOP_RESCHEDULED, c.stop);
  tlk_event_set_string (e, "driver", "nobody");
  world_refuses_owned (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, "nobody");

  /* A done stop stays where it was. */
  installed (f, 1401, &done);
  e = ev (f, TLK_EVENT_STOP_RESCHEDULED, done.stop);
  tlk_event_set_string (e, "date", "2026-03-09");
  world_refuses_owned (f, e, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION, "only planned stops can be moved");
  g_assert_cmpstr (stop_of (f, &done)->date, ==, "2026-03-03");
}

/* ---- proof of delivery ---------------------------------------------------------- */

static TlkProof *
good_proof (void)
{
  TlkProof *p = g_new0 (TlkProof, 1);

  p->stop = tlk_code_make (TLK_CODE_KIND_STOP, 1);
  p->recipient = g_strdup ("Åse Ærtebjerg");
  p->signature = g_strdup ("M12 40L13 41L20 52 L30.5,60 m5 5 l-1 -2");
  p->signed_at = g_strdup ("2026-03-03T10:15:00Z");
  return p;
}

/* @p is refused with @domain/@code and @needle. An accepted proof marks
 * the test failed and the test goes on, so that every case is reported. */
static void
proof_refused (TlkProof   *p,
               const char *what,
               GQuark      domain,
               int         code,
               const char *needle)
{
  g_autoptr(GError) error = NULL;

  if (tlk_proof_check (p, &error))
    {
      g_test_message ("FAILED (going on): %s is accepted as a proof", what);
      g_test_fail_printf ("%s is accepted as a proof", what);
      return;
    }
  assert_refusal (error, domain, code, needle, NULL);
}

static void
test_proof_check (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(TlkProof) p = good_proof ();
  g_autoptr(GError) error = NULL;
  GString *big;

  g_assert_true (tlk_proof_check (p, &error));
  g_assert_no_error (error);

  /* The recipient. */
  g_free (p->recipient);
  p->recipient = g_strdup ("");
  proof_refused (p, "an empty recipient", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "name of the person");
  g_clear_pointer (&p->recipient, g_free);
  proof_refused (p, "no recipient", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "name of the person");
  /* A name of spaces only is no name (as a failure's note of spaces is no
   * note). */
  p->recipient = g_strdup ("   ");
  proof_refused (p, "a recipient of spaces only", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "name of the person");
  g_free (p->recipient);
  p->recipient = g_strdup ("Modtaget af 010203-1234");
  proof_refused (p, "a CPR number in the recipient", TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR, "CPR");
  g_free (p->recipient);
  p->recipient = g_strdup ("Modtaget af 0102031234");
  proof_refused (p, "a CPR number without a dash", TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR, "CPR");
  g_free (p->recipient);
  p->recipient = g_strnfill (201, 'a');
  proof_refused (p, "a recipient of 201 characters", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "200");
  g_free (p->recipient);
  p->recipient = g_strnfill (200, 'a');
  g_assert_true (tlk_proof_check (p, &error));
  g_assert_no_error (error);
  g_free (p->recipient);
  p->recipient = g_strdup ("Åse Ærtebjerg");

  /* The signature: path commands M and L only. */
  g_free (p->signature);
  p->signature = g_strdup ("M12 40C13 41 14 42 15 43");
  proof_refused (p, "a curve in the signature", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");
  g_free (p->signature);
  p->signature = g_strdup ("M12 40L13 41Z");
  proof_refused (p, "a closed path in the signature", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");
  g_free (p->signature);
  p->signature = g_strdup ("<svg onload=alert(1)>");
  proof_refused (p, "markup as the signature", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");
  g_free (p->signature);
  p->signature = g_strdup ("L12 40");
  proof_refused (p, "a signature not starting with M", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");
  g_free (p->signature);
  p->signature = g_strdup ("");
  proof_refused (p, "an empty signature", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");
  g_clear_pointer (&p->signature, g_free);
  proof_refused (p, "no signature", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");

  /* More than 64 KiB. */
  big = g_string_new ("M0 0");
  while (big->len <= TLK_PROOF_MAX_SIGNATURE)
    g_string_append (big, "L1 1");
  p->signature = g_string_free (big, FALSE);
  proof_refused (p, "a signature over 64 KiB", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "sign again");
  /* Exactly 64 KiB is still a signature. */
  p->signature[TLK_PROOF_MAX_SIGNATURE] = '\0';
  g_assert_cmpuint (strlen (p->signature), ==, TLK_PROOF_MAX_SIGNATURE);
  g_assert_true (tlk_proof_check (p, &error));
  g_assert_no_error (error);

  /* Not tied to a stop, or without a time. */
  g_clear_pointer (&p->stop, g_free);
  proof_refused (p, "a proof without a stop", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "not tied to a stop");
  p->stop = tlk_code_make (TLK_CODE_KIND_STOP, 1);
  g_clear_pointer (&p->signed_at, g_free);
  proof_refused (p, "a proof without a time", TLK_RULE_ERROR, TLK_RULE_ERROR_PROOF, "not tied to a stop");
}

/* Which stop an order waits for, state by state (DESIGN §3: received →
 * allocated → scheduled → installed → return requested → pickup scheduled). */
static void
test_waiting_stop (void)
{
  static const struct
  {
    TlkOrderState state;
    const char   *kind;
  } cases[] = {
    { TLK_ORDER_RECEIVED, NULL },
    { TLK_ORDER_ALLOCATED, "delivery" },
    { TLK_ORDER_SCHEDULED, NULL },
    { TLK_ORDER_INSTALLED, NULL },
    { TLK_ORDER_RETURN_REQUESTED, "pickup" },
    { TLK_ORDER_PICKUP_SCHEDULED, NULL },
    { TLK_ORDER_RETURNED, NULL },
    { TLK_ORDER_CLOSED, NULL },
    { TLK_ORDER_CANCELLED, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TlkOrder order = { .id = (char *) "o-1", .state = cases[i].state };

      g_assert_cmpstr (tlk_order_waiting_stop (&order), ==, cases[i].kind);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/route/fail/delivery-each-reason", test_fail_delivery_each_reason);
  ADD ("/route/fail/pickup", test_fail_pickup);
  ADD ("/route/fail/other-needs-note", test_fail_other_needs_note);
  ADD ("/route/fail/unknown-reason", test_fail_unknown_reason);
  ADD ("/route/fail/after-done", test_fail_after_done);
  ADD ("/route/delivery/wrong-kit", test_wrong_kit);
  ADD ("/route/delivery/checklist-and-signature", test_delivery_checklist_and_signature);
  ADD ("/route/pickup/all-devices", test_pickup_all_devices);
  ADD ("/route/pickup/one-missing", test_pickup_one_missing);
  ADD ("/route/swap", test_swap);
  ADD ("/route/load", test_load);
  ADD ("/route/good-until", test_good_until);
  ADD ("/route/stop/swap-planned-needs-device", test_swap_planned_needs_device);
  ADD ("/route/stop/rescheduled", test_rescheduled);
  ADD ("/route/proof/check", test_proof_check);
#undef ADD
  g_test_add_func ("/route/order/waiting-stop", test_waiting_stop);

  return g_test_run ();
}
