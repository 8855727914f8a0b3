/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-code.h"
#include "tlk-entities.h"

#define UNTIL "2026-06-30"

/* The kit type of DESIGN §3: 1 × tablet, 1 × pulse oximeter, 1 × scale,
 * 1 × router; and the devices put into one kit of it. */
typedef struct
{
  TlkKitType *type;
  GPtrArray  *models;         /* of TlkDeviceModel, one per kind */
  GPtrArray  *devices;        /* of TlkDevice */
  GPtrArray  *device_models;  /* borrowed from models, index for index */
  guint64     next_serial;
} Fixture;

static const char *const slot_kinds[] = { "tablet", "pulse_oximeter", "scale", "router" };

static void
add_slot (TlkKitType *type,
          const char *kind,
          int         count)
{
  TlkKitSlot *slot = g_new0 (TlkKitSlot, 1);

  slot->kind = g_strdup (kind);
  slot->count = count;
  g_ptr_array_add (type->slots, slot);
}

static void
add_step (TlkKitType *type,
          const char *id,
          const char *name)
{
  TlkStep *step = g_new0 (TlkStep, 1);

  step->id = g_strdup (id);
  step->name = g_strdup (name);
  g_ptr_array_add (type->checklist, step);
}

static TlkDeviceModel *
find_model (Fixture    *f,
            const char *kind)
{
  for (guint i = 0; i < f->models->len; i++)
    {
      TlkDeviceModel *model = g_ptr_array_index (f->models, i);
      if (strcmp (model->kind, kind) == 0)
        return model;
    }
  g_error ("no model of kind %s", kind);
  return NULL;
}

/* Adds a device of @kind to the kit; returns its id (owned by @f). */
static const char *
add_device (Fixture    *f,
            const char *kind,
            const char *expiry,
            const char *calibration_due)
{
  TlkDevice *device = g_new0 (TlkDevice, 1);
  TlkDeviceModel *model = find_model (f, kind);

  device->id = tlk_code_make (TLK_CODE_KIND_DEVICE, f->next_serial++);
  device->model = g_strdup (model->id);
  device->serial = g_strdup_printf ("SN-%s", device->id);
  device->expiry = g_strdup (expiry);
  device->calibration_due = g_strdup (calibration_due);
  device->state = TLK_DEVICE_IN_KIT;
  g_ptr_array_add (f->devices, device);
  g_ptr_array_add (f->device_models, model);
  return device->id;
}

static void
add_complete_set (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (slot_kinds); i++)
    add_device (f, slot_kinds[i], "2027-01-01", "2026-12-01");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *const model_kinds[] = { "tablet", "pulse_oximeter", "scale", "router", "charger" };

  f->type = tlk_kit_type_new ("kt-copd");
  f->type->name = g_strdup ("COPD kit");
  for (guint i = 0; i < G_N_ELEMENTS (slot_kinds); i++)
    add_slot (f->type, slot_kinds[i], 1);

  f->models = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_device_model_free);
  for (guint i = 0; i < G_N_ELEMENTS (model_kinds); i++)
    {
      TlkDeviceModel *model = g_new0 (TlkDeviceModel, 1);

      model->id = g_strdup_printf ("m-%s", model_kinds[i]);
      model->manufacturer = g_strdup ("Acme");
      model->name = g_strdup (model_kinds[i]);
      model->kind = g_strdup (model_kinds[i]);
      g_ptr_array_add (f->models, model);
    }

  f->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_device_free);
  f->device_models = g_ptr_array_new ();
  f->next_serial = 1;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->type, tlk_kit_type_free);
  g_clear_pointer (&f->device_models, g_ptr_array_unref);
  g_clear_pointer (&f->devices, g_ptr_array_unref);
  g_clear_pointer (&f->models, g_ptr_array_unref);
}

static GPtrArray *
check (Fixture    *f,
       const char *until)
{
  GPtrArray *problems = tlk_kit_check_complete (f->type, f->devices, f->device_models, until);

  g_assert_nonnull (problems);
  return problems;
}

static void
assert_contains (const char *message,
                 const char *part)
{
  if (strstr (message, part) == NULL)
    g_error ("“%s” does not contain “%s”", message, part);
}

/* A device is named by its code, raw or grouped for reading aloud. */
static void
assert_names_device (const char *message,
                     const char *device)
{
  g_autofree char *grouped = tlk_code_format (device);

  if (strstr (message, device) == NULL && strstr (message, grouped) == NULL)
    g_error ("“%s” does not name %s", message, grouped);
}

static const TlkKitProblem *
problem (GPtrArray *problems,
         guint      i)
{
  g_assert_cmpuint (i, <, problems->len);
  return g_ptr_array_index (problems, i);
}

/* The problems of @kind, in order. */
static GPtrArray *
problems_of (GPtrArray         *problems,
             TlkKitProblemKind  kind)
{
  GPtrArray *of = g_ptr_array_new ();

  for (guint i = 0; i < problems->len; i++)
    if (problem (problems, i)->kind == kind)
      g_ptr_array_add (of, g_ptr_array_index (problems, i));
  return of;
}

static void
assert_missing (GPtrArray  *problems,
                const char *kind,
                int         count)
{
  g_autoptr(GPtrArray) missing = problems_of (problems, TLK_KIT_PROBLEM_MISSING);
  g_autofree char *number = g_strdup_printf ("%d", count);
  const TlkKitProblem *p;

  g_assert_cmpuint (missing->len, ==, 1);
  p = g_ptr_array_index (missing, 0);
  g_assert_cmpstr (p->slot_kind, ==, kind);
  g_assert_null (p->device);
  assert_contains (p->message, "Missing");
  assert_contains (p->message, number);
  assert_contains (p->message, tlk_device_kind_describe (kind));
}

static void
test_complete (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;

  add_complete_set (f);
  problems = check (f, UNTIL);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* No expiry and no calibration: never a problem. */
static void
test_complete_no_dates (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (slot_kinds); i++)
    add_device (f, slot_kinds[i], NULL, NULL);
  problems = check (f, "2099-12-31");
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The order of the devices does not matter. */
static void
test_complete_any_order (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;

  for (guint i = G_N_ELEMENTS (slot_kinds); i > 0; i--)
    add_device (f, slot_kinds[i - 1], "2027-01-01", NULL);
  problems = check (f, UNTIL);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;

  add_device (f, "tablet", NULL, NULL);
  add_device (f, "pulse_oximeter", NULL, NULL);
  add_device (f, "router", NULL, NULL);
  problems = check (f, UNTIL);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (problem (problems, 0)->kind, ==, TLK_KIT_PROBLEM_MISSING);
  assert_missing (problems, "scale", 1);
  /* The kind in words, not the id. */
  assert_contains (problem (problems, 0)->message, "scale");
}

static void
test_missing_all (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = check (f, UNTIL);

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (slot_kinds));
  for (guint i = 0; i < G_N_ELEMENTS (slot_kinds); i++)
    {
      const TlkKitProblem *p = problem (problems, i);

      g_assert_cmpint (p->kind, ==, TLK_KIT_PROBLEM_MISSING);
      g_assert_cmpstr (p->slot_kind, ==, slot_kinds[i]);
      assert_contains (p->message, tlk_device_kind_describe (slot_kinds[i]));
    }
  assert_contains (problem (problems, 1)->message, "pulse oximeter");
}

/* A kind split over two slot rows counts once, with the sum. */
static void
test_missing_split_slots (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;

  add_slot (f->type, "tablet", 1);
  g_assert_cmpint (tlk_kit_type_slot_count (f->type, "tablet"), ==, 2);
  add_device (f, "pulse_oximeter", NULL, NULL);
  add_device (f, "scale", NULL, NULL);
  add_device (f, "router", NULL, NULL);
  problems = check (f, UNTIL);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_missing (problems, "tablet", 2);
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  const TlkKitProblem *p;
  const char *oximeter;

  add_device (f, "tablet", NULL, NULL);
  oximeter = add_device (f, "pulse_oximeter", "2026-03-01", NULL);
  add_device (f, "scale", NULL, NULL);
  add_device (f, "router", NULL, NULL);
  problems = check (f, UNTIL);

  expired = problems_of (problems, TLK_KIT_PROBLEM_EXPIRED);
  g_assert_cmpuint (expired->len, ==, 1);
  p = g_ptr_array_index (expired, 0);
  g_assert_cmpstr (p->slot_kind, ==, "pulse_oximeter");
  g_assert_cmpstr (p->device, ==, oximeter);
  assert_contains (p->message, "pulse oximeter");
  assert_contains (p->message, "2026-03-01");
  assert_names_device (p->message, oximeter);

  /* An expired device does not fill its slot. */
  assert_missing (problems, "pulse_oximeter", 1);
  g_assert_cmpuint (problems->len, ==, 2);
}

/* Usable on the day itself and after; not the day before. */
static void
test_expiry_boundary (Fixture       *f,
                      gconstpointer  data)
{
  static const struct {
    const char *expiry;
    gboolean    ok;
  } cases[] = {
    { "2026-06-29", FALSE },
    { UNTIL, TRUE },
    { "2026-07-01", TRUE },
    { "2025-12-31", FALSE },
  };

  add_device (f, "tablet", NULL, NULL);
  add_device (f, "pulse_oximeter", NULL, NULL);
  add_device (f, "scale", NULL, NULL);
  add_device (f, "router", NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TlkDevice *router = g_ptr_array_index (f->devices, 3);
      g_autoptr(GPtrArray) problems = NULL;
      guint want = cases[i].ok ? 0 : 2;  /* EXPIRED and MISSING */

      g_free (router->expiry);
      router->expiry = g_strdup (cases[i].expiry);
      problems = check (f, UNTIL);
      g_assert_cmpuint (problems->len, ==, want);
    }
}

static void
test_calibration (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) due = NULL;
  const TlkKitProblem *p;
  const char *scale;

  add_device (f, "tablet", "2030-01-01", "2030-01-01");
  add_device (f, "pulse_oximeter", NULL, UNTIL);
  scale = add_device (f, "scale", "2030-01-01", "2026-05-15");
  add_device (f, "router", NULL, NULL);
  problems = check (f, UNTIL);

  due = problems_of (problems, TLK_KIT_PROBLEM_CALIBRATION);
  g_assert_cmpuint (due->len, ==, 1);
  p = g_ptr_array_index (due, 0);
  g_assert_cmpstr (p->slot_kind, ==, "scale");
  g_assert_cmpstr (p->device, ==, scale);
  assert_contains (p->message, "calibration");
  assert_contains (p->message, "2026-05-15");
  assert_names_device (p->message, scale);

  assert_missing (problems, "scale", 1);
  g_assert_cmpuint (problems->len, ==, 2);
}

/* Both at once: both reported, the slot once. */
static void
test_expired_and_calibration (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  g_autoptr(GPtrArray) due = NULL;

  add_device (f, "tablet", "2026-01-01", "2026-01-01");
  add_device (f, "pulse_oximeter", NULL, NULL);
  add_device (f, "scale", NULL, NULL);
  add_device (f, "router", NULL, NULL);
  problems = check (f, UNTIL);

  expired = problems_of (problems, TLK_KIT_PROBLEM_EXPIRED);
  due = problems_of (problems, TLK_KIT_PROBLEM_CALIBRATION);
  g_assert_cmpuint (expired->len, ==, 1);
  g_assert_cmpuint (due->len, ==, 1);
  assert_missing (problems, "tablet", 1);
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_extra (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  const TlkKitProblem *p;
  const char *charger;

  add_complete_set (f);
  charger = add_device (f, "charger", NULL, NULL);
  problems = check (f, UNTIL);

  g_assert_cmpuint (problems->len, ==, 1);
  p = problem (problems, 0);
  g_assert_cmpint (p->kind, ==, TLK_KIT_PROBLEM_EXTRA);
  g_assert_cmpstr (p->slot_kind, ==, "charger");
  g_assert_cmpstr (p->device, ==, charger);
  assert_contains (p->message, "charger");
  assert_names_device (p->message, charger);
}

/* One tablet too many: the second one is extra. */
static void
test_extra_same_kind (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  const TlkKitProblem *p;
  const char *second;

  add_complete_set (f);
  second = add_device (f, "tablet", NULL, NULL);
  problems = check (f, UNTIL);

  g_assert_cmpuint (problems->len, ==, 1);
  p = problem (problems, 0);
  g_assert_cmpint (p->kind, ==, TLK_KIT_PROBLEM_EXTRA);
  g_assert_cmpstr (p->slot_kind, ==, "tablet");
  g_assert_cmpstr (p->device, ==, second);
}

static void
test_check_misuse (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new ();
  GPtrArray *problems;

  add_complete_set (f);

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*models*");
  problems = tlk_kit_check_complete (f->type, f->devices, models, UNTIL);
  g_test_assert_expected_messages ();
  g_assert_null (problems);

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*until*");
  problems = tlk_kit_check_complete (f->type, f->devices, f->device_models, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (problems);
}

static void
test_kit_helpers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TlkKit) kit = tlk_kit_new ("K04HMASW9J");

  add_step (f->type, "clean", "Clean all surfaces");
  add_step (f->type, "wipe", "Wipe the tablet");
  add_step (f->type, "test", "Test every device");

  g_assert_cmpint (tlk_kit_type_slot_count (f->type, "scale"), ==, 1);
  g_assert_cmpint (tlk_kit_type_slot_count (f->type, "charger"), ==, 0);
  g_assert_cmpstr (tlk_kit_type_find_step (f->type, "wipe")->name, ==, "Wipe the tablet");
  g_assert_null (tlk_kit_type_find_step (f->type, "dance"));

  g_assert_cmpstr (tlk_kit_next_step (kit, f->type)->id, ==, "clean");
  g_ptr_array_add (kit->steps_passed, g_strdup ("wipe"));
  g_assert_true (tlk_kit_step_passed (kit, "wipe"));
  g_assert_false (tlk_kit_step_passed (kit, "clean"));
  g_assert_cmpstr (tlk_kit_next_step (kit, f->type)->id, ==, "clean");
  g_ptr_array_add (kit->steps_passed, g_strdup ("clean"));
  g_assert_cmpstr (tlk_kit_next_step (kit, f->type)->id, ==, "test");
  g_ptr_array_add (kit->steps_passed, g_strdup ("test"));
  g_assert_null (tlk_kit_next_step (kit, f->type));

  g_assert_false (tlk_kit_has_device (kit, "D00000000K"));
  g_ptr_array_add (kit->devices, g_strdup ("D00000000K"));
  g_assert_true (tlk_kit_has_device (kit, "D00000000K"));
  g_assert_false (tlk_kit_has_device (kit, "D00000001H"));
  g_assert_cmpint (kit->state, ==, TLK_KIT_NONE);
}

typedef struct
{
  const char *text;
  int         code;  /* -1: accepted */
} TextCase;

#define OK (-1)

static const TextCase text_cases[] = {
  { "", OK },
  { "ring twice, dog in the garden", OK },
  /* CPR numbers, with a dash, a space or nothing */
  { "010203-1234", TLK_TEXT_ERROR_CPR },
  { "0102031234", TLK_TEXT_ERROR_CPR },
  { "010203 1234", TLK_TEXT_ERROR_CPR },
  { "borger 010203-1234", TLK_TEXT_ERROR_CPR },
  { "cpr:311299-9999.", TLK_TEXT_ERROR_CPR },
  { "(150575-4321)", TLK_TEXT_ERROR_CPR },
  { "første 010101-0001, anden", TLK_TEXT_ERROR_CPR },
  { "a 010203-1234 b 12", TLK_TEXT_ERROR_CPR },
  /* not CPR numbers */
  { "order 12345678901", OK },
  { "999999-1234", OK },
  { "320199-1234", OK },      /* day 32 */
  { "001299-1234", OK },      /* day 0 */
  { "011399-1234", OK },      /* month 13 */
  { "010003-1234", OK },      /* month 0 */
  { "010203-12345", OK },     /* inside a longer number */
  { "9010203-1234", OK },
  { "010203-123", OK },
  { "010203--1234", OK },
  { "tlf 12345678", OK },
  { "SAG-2026-010203", OK },
};

static void
test_text_check (void)
{
  g_autofree char *longest = g_strnfill (2000, 'a');
  g_autofree char *too_long = g_strnfill (2001, 'a');
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      const TextCase *c = &text_cases[i];
      g_autoptr(GError) err = NULL;
      gboolean ok = tlk_text_check_free ("note", c->text, &err);

      if (c->code == OK)
        {
          if (!ok)
            g_error ("“%s” refused: %s", c->text, err->message);
          g_assert_no_error (err);
          continue;
        }
      if (ok)
        g_error ("“%s” accepted", c->text);
      g_assert_error (err, TLK_TEXT_ERROR, c->code);
      assert_contains (err->message, "note");
      assert_contains (err->message, "CPR");
    }

  g_assert_true (tlk_text_check_free ("note", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tlk_text_check_free ("note", longest, &error));
  g_assert_no_error (error);
  g_assert_false (tlk_text_check_free ("notes", too_long, &error));
  g_assert_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_TOO_LONG);
  assert_contains (error->message, "notes");
  assert_contains (error->message, "2001");
}

typedef struct
{
  const char   *name;
  int           n_states;
  const char *const *names;
  const char *(*to_string) (int state);
  int         (*from_string) (const char *str);
  const char *(*describe) (int state);
} StateEnum;

static const char *const kit_names[] = {
  "none", "assembling", "ready", "reserved", "out", "installed", "returning", "quarantine",
  "reprocessing", "on_hold", "lost", "retired",
};
static const char *const device_names[] = {
  "none", "in_stock", "in_kit", "quarantine", "repair", "lost", "retired",
};
static const char *const order_names[] = {
  "none", "received", "allocated", "scheduled", "installed", "return_requested", "pickup_scheduled",
  "returned", "closed", "cancelled",
};
static const char *const stop_names[] = {
  "none", "planned", "done", "failed",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kit_names) == TLK_KIT_N_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (device_names) == TLK_DEVICE_N_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (order_names) == TLK_ORDER_N_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (stop_names) == TLK_STOP_N_STATES);

#define STATE_WRAPPERS(lower, Type)                 \
  static const char *                               \
  lower##_to_string (int s)                         \
  {                                                 \
    return tlk_##lower##_state_to_string ((Type) s); \
  }                                                 \
  static int                                        \
  lower##_from_string (const char *str)             \
  {                                                 \
    return (int) tlk_##lower##_state_from_string (str); \
  }                                                 \
  static const char *                               \
  lower##_describe (int s)                          \
  {                                                 \
    return tlk_##lower##_state_describe ((Type) s); \
  }

STATE_WRAPPERS (kit, TlkKitState)
STATE_WRAPPERS (device, TlkDeviceState)
STATE_WRAPPERS (order, TlkOrderState)
STATE_WRAPPERS (stop, TlkStopState)

static const StateEnum state_enums[] = {
  { "kit", TLK_KIT_N_STATES, kit_names, kit_to_string, kit_from_string, kit_describe },
  { "device", TLK_DEVICE_N_STATES, device_names, device_to_string, device_from_string, device_describe },
  { "order", TLK_ORDER_N_STATES, order_names, order_to_string, order_from_string, order_describe },
  { "stop", TLK_STOP_N_STATES, stop_names, stop_to_string, stop_from_string, stop_describe },
};

/* The names are stored in the database and sent in JSON: they must not change. */
static void
test_state_names (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (state_enums); e++)
    {
      const StateEnum *se = &state_enums[e];
      g_autoptr(GHashTable) words = g_hash_table_new (g_str_hash, g_str_equal);

      for (int s = 0; s < se->n_states; s++)
        {
          const char *describe = se->describe (s);

          g_assert_cmpstr (se->to_string (s), ==, se->names[s]);
          g_assert_cmpint (se->from_string (se->to_string (s)), ==, s);
          g_assert_nonnull (describe);
          g_assert_cmpstr (describe, !=, "");
          /* People must be able to tell the states apart. */
          if (!g_hash_table_add (words, (gpointer) describe))
            g_error ("%s: two states are described as “%s”", se->name, describe);
        }

      g_assert_cmpint (se->from_string ("bogus"), ==, se->n_states);
      g_assert_cmpint (se->from_string (""), ==, se->n_states);
      g_assert_cmpint (se->from_string ("READY"), ==, se->n_states);
      g_assert_cmpint (se->from_string (NULL), ==, se->n_states);
    }
}

static void
test_state_misuse (void)
{
  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*TLK_KIT_N_STATES*");
  g_assert_null (tlk_kit_state_to_string (TLK_KIT_N_STATES));
  g_test_assert_expected_messages ();

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*TLK_STOP_N_STATES*");
  g_assert_null (tlk_stop_state_describe ((TlkStopState) -1));
  g_test_assert_expected_messages ();
}

static void
test_device_kinds (void)
{
  g_assert_cmpstr (tlk_device_kind_describe ("pulse_oximeter"), ==, "pulse oximeter");
  g_assert_cmpstr (tlk_device_kind_describe ("bp_monitor"), ==, "blood-pressure monitor");
  g_assert_cmpstr (tlk_device_kind_describe ("tablet"), ==, "tablet");
  /* Added by an admin: shown as it is. */
  g_assert_cmpstr (tlk_device_kind_describe ("spirometer"), ==, "spirometer");
}

static void
test_free_null (void)
{
  tlk_customer_free (NULL);
  tlk_location_free (NULL);
  tlk_device_model_free (NULL);
  tlk_step_free (NULL);
  tlk_kit_slot_free (NULL);
  tlk_kit_type_free (NULL);
  tlk_device_free (NULL);
  tlk_kit_free (NULL);
  tlk_order_free (NULL);
  tlk_stop_free (NULL);
  tlk_user_free (NULL);
  tlk_kit_problem_free (NULL);
}

#define ADD_FIXTURE(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_FIXTURE ("/entities/complete/ok", test_complete);
  ADD_FIXTURE ("/entities/complete/no-dates", test_complete_no_dates);
  ADD_FIXTURE ("/entities/complete/any-order", test_complete_any_order);
  ADD_FIXTURE ("/entities/complete/missing", test_missing);
  ADD_FIXTURE ("/entities/complete/missing-all", test_missing_all);
  ADD_FIXTURE ("/entities/complete/missing-split-slots", test_missing_split_slots);
  ADD_FIXTURE ("/entities/complete/expired", test_expired);
  ADD_FIXTURE ("/entities/complete/expiry-boundary", test_expiry_boundary);
  ADD_FIXTURE ("/entities/complete/calibration", test_calibration);
  ADD_FIXTURE ("/entities/complete/expired-and-calibration", test_expired_and_calibration);
  ADD_FIXTURE ("/entities/complete/extra", test_extra);
  ADD_FIXTURE ("/entities/complete/extra-same-kind", test_extra_same_kind);
  ADD_FIXTURE ("/entities/complete/misuse", test_check_misuse);
  ADD_FIXTURE ("/entities/kit-helpers", test_kit_helpers);
  g_test_add_func ("/entities/text-check", test_text_check);
  g_test_add_func ("/entities/state-names", test_state_names);
  g_test_add_func ("/entities/state-misuse", test_state_misuse);
  g_test_add_func ("/entities/device-kinds", test_device_kinds);
  g_test_add_func ("/entities/free-null", test_free_null);

  return g_test_run ();
}
