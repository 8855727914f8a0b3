/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tlk-code.h"
#include "tlk-entities.h"
#include "tlk-event.h"
#include "tlk-machine.h"

/*
 * The expected transitions, written out by hand from DESIGN §3 (kit states,
 * device states, order and stop life cycles). They are deliberately not read
 * from tlk-machine.c: a row added or changed there without a change here
 * fails /machine/<machine>/rows or one of the exhaustive checks.
 */

#define S(state) (1u << (state))

/* Targets that are not a fixed state. */
enum
{
  TO_SAME = -1,   /* stays in the state it was in */
  TO_RESUME = -2, /* back to where it was held from (kit.resumed) */
};

typedef struct
{
  TlkEventType event;
  const char  *variant;  /* NULL, or the stop kind of a stop event on an order */
  guint32      from;     /* every state the event may leave */
  int          to;
} Expected;

static const Expected kit_expected[] = {
  { TLK_EVENT_KIT_CREATED, NULL, S (TLK_KIT_NONE), TLK_KIT_ASSEMBLING },
  { TLK_EVENT_KIT_DEVICE_ADDED, NULL,
    S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_REPROCESSING) | S (TLK_KIT_ON_HOLD), TO_SAME },
  { TLK_EVENT_KIT_DEVICE_REMOVED, NULL,
    S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_QUARANTINE) | S (TLK_KIT_REPROCESSING) | S (TLK_KIT_ON_HOLD), TO_SAME },
  { TLK_EVENT_KIT_RELEASED, NULL, S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_REPROCESSING), TLK_KIT_READY },
  { TLK_EVENT_KIT_HELD, NULL,
    S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_READY) | S (TLK_KIT_REPROCESSING), TLK_KIT_ON_HOLD },
  { TLK_EVENT_KIT_RESUMED, NULL, S (TLK_KIT_ON_HOLD), TO_RESUME },
  { TLK_EVENT_KIT_RESERVED, NULL, S (TLK_KIT_READY), TLK_KIT_RESERVED },
  { TLK_EVENT_KIT_UNRESERVED, NULL, S (TLK_KIT_RESERVED), TLK_KIT_READY },
  { TLK_EVENT_KIT_LOADED, NULL, S (TLK_KIT_RESERVED), TLK_KIT_OUT },
  { TLK_EVENT_KIT_UNLOADED, NULL, S (TLK_KIT_OUT), TLK_KIT_RESERVED },
  { TLK_EVENT_KIT_INSTALLED, NULL, S (TLK_KIT_OUT), TLK_KIT_INSTALLED },
  { TLK_EVENT_KIT_PICKED_UP, NULL, S (TLK_KIT_INSTALLED), TLK_KIT_RETURNING },
  { TLK_EVENT_KIT_RECEIVED, NULL, S (TLK_KIT_INSTALLED) | S (TLK_KIT_RETURNING), TLK_KIT_QUARANTINE },
  { TLK_EVENT_KIT_REPROCESSING_STARTED, NULL, S (TLK_KIT_QUARANTINE), TLK_KIT_REPROCESSING },
  { TLK_EVENT_KIT_STEP_PASSED, NULL, S (TLK_KIT_REPROCESSING), TO_SAME },
  { TLK_EVENT_KIT_STEP_FAILED, NULL, S (TLK_KIT_REPROCESSING), TO_SAME },
  { TLK_EVENT_KIT_DEVICE_SWAPPED, NULL, S (TLK_KIT_INSTALLED), TO_SAME },
  /* Only at the warehouse: never while out, installed or returning. */
  { TLK_EVENT_KIT_MOVED, NULL,
    S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_READY) | S (TLK_KIT_RESERVED) | S (TLK_KIT_QUARANTINE) |
    S (TLK_KIT_REPROCESSING) | S (TLK_KIT_ON_HOLD), TO_SAME },
  { TLK_EVENT_KIT_LOST, NULL,
    S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_READY) | S (TLK_KIT_RESERVED) | S (TLK_KIT_OUT) |
    S (TLK_KIT_INSTALLED) | S (TLK_KIT_RETURNING) | S (TLK_KIT_QUARANTINE) | S (TLK_KIT_REPROCESSING) |
    S (TLK_KIT_ON_HOLD), TLK_KIT_LOST },
  /* A found kit may have been anywhere: it goes through quarantine. */
  { TLK_EVENT_KIT_FOUND, NULL, S (TLK_KIT_LOST), TLK_KIT_QUARANTINE },
  { TLK_EVENT_KIT_RETIRED, NULL,
    S (TLK_KIT_ASSEMBLING) | S (TLK_KIT_READY) | S (TLK_KIT_QUARANTINE) | S (TLK_KIT_REPROCESSING) |
    S (TLK_KIT_ON_HOLD) | S (TLK_KIT_LOST), TLK_KIT_RETIRED },
};

static const Expected device_expected[] = {
  { TLK_EVENT_DEVICE_RECEIVED, NULL, S (TLK_DEVICE_NONE), TLK_DEVICE_IN_STOCK },
  { TLK_EVENT_DEVICE_MOVED, NULL, S (TLK_DEVICE_IN_STOCK) | S (TLK_DEVICE_QUARANTINE), TO_SAME },
  { TLK_EVENT_DEVICE_SENT_TO_REPAIR, NULL, S (TLK_DEVICE_IN_STOCK) | S (TLK_DEVICE_QUARANTINE),
    TLK_DEVICE_REPAIR },
  { TLK_EVENT_DEVICE_REPAIRED, NULL, S (TLK_DEVICE_REPAIR), TLK_DEVICE_IN_STOCK },
  { TLK_EVENT_DEVICE_RELEASED, NULL, S (TLK_DEVICE_QUARANTINE), TLK_DEVICE_IN_STOCK },
  { TLK_EVENT_DEVICE_LOST, NULL,
    S (TLK_DEVICE_IN_STOCK) | S (TLK_DEVICE_QUARANTINE) | S (TLK_DEVICE_REPAIR), TLK_DEVICE_LOST },
  { TLK_EVENT_DEVICE_FOUND, NULL, S (TLK_DEVICE_LOST), TLK_DEVICE_QUARANTINE },
  { TLK_EVENT_DEVICE_RETIRED, NULL,
    S (TLK_DEVICE_IN_STOCK) | S (TLK_DEVICE_QUARANTINE) | S (TLK_DEVICE_REPAIR) | S (TLK_DEVICE_LOST),
    TLK_DEVICE_RETIRED },
  { TLK_EVENT_KIT_DEVICE_ADDED, NULL, S (TLK_DEVICE_IN_STOCK), TLK_DEVICE_IN_KIT },
  { TLK_EVENT_KIT_DEVICE_REMOVED, NULL, S (TLK_DEVICE_IN_KIT), TO_SAME },
  { TLK_EVENT_KIT_DEVICE_SWAPPED, NULL, S (TLK_DEVICE_IN_STOCK), TLK_DEVICE_IN_KIT },
};

static const Expected order_expected[] = {
  { TLK_EVENT_ORDER_RECEIVED, NULL, S (TLK_ORDER_NONE), TLK_ORDER_RECEIVED },
  { TLK_EVENT_KIT_RESERVED, NULL, S (TLK_ORDER_RECEIVED), TLK_ORDER_ALLOCATED },
  { TLK_EVENT_KIT_UNRESERVED, NULL, S (TLK_ORDER_ALLOCATED) | S (TLK_ORDER_SCHEDULED), TLK_ORDER_RECEIVED },
  { TLK_EVENT_STOP_PLANNED, "delivery", S (TLK_ORDER_ALLOCATED), TLK_ORDER_SCHEDULED },
  { TLK_EVENT_STOP_PLANNED, "pickup", S (TLK_ORDER_RETURN_REQUESTED), TLK_ORDER_PICKUP_SCHEDULED },
  { TLK_EVENT_STOP_PLANNED, "swap", S (TLK_ORDER_INSTALLED) | S (TLK_ORDER_RETURN_REQUESTED), TO_SAME },
  { TLK_EVENT_STOP_PLANNED, "service", S (TLK_ORDER_INSTALLED) | S (TLK_ORDER_RETURN_REQUESTED), TO_SAME },
  { TLK_EVENT_STOP_FAILED, "delivery", S (TLK_ORDER_SCHEDULED), TLK_ORDER_ALLOCATED },
  { TLK_EVENT_STOP_FAILED, "pickup", S (TLK_ORDER_PICKUP_SCHEDULED), TLK_ORDER_RETURN_REQUESTED },
  { TLK_EVENT_KIT_INSTALLED, NULL, S (TLK_ORDER_ALLOCATED) | S (TLK_ORDER_SCHEDULED), TLK_ORDER_INSTALLED },
  { TLK_EVENT_ORDER_RETURN_REQUESTED, NULL, S (TLK_ORDER_INSTALLED), TLK_ORDER_RETURN_REQUESTED },
  { TLK_EVENT_KIT_PICKED_UP, NULL,
    S (TLK_ORDER_INSTALLED) | S (TLK_ORDER_RETURN_REQUESTED) | S (TLK_ORDER_PICKUP_SCHEDULED),
    TLK_ORDER_RETURNED },
  { TLK_EVENT_KIT_RECEIVED, NULL,
    S (TLK_ORDER_INSTALLED) | S (TLK_ORDER_RETURN_REQUESTED) | S (TLK_ORDER_PICKUP_SCHEDULED),
    TLK_ORDER_RETURNED },
  { TLK_EVENT_ORDER_CLOSED, NULL, S (TLK_ORDER_RETURNED), TLK_ORDER_CLOSED },
  { TLK_EVENT_ORDER_CANCELLED, NULL,
    S (TLK_ORDER_RECEIVED) | S (TLK_ORDER_ALLOCATED) | S (TLK_ORDER_SCHEDULED), TLK_ORDER_CANCELLED },
};

static const Expected stop_expected[] = {
  { TLK_EVENT_STOP_PLANNED, NULL, S (TLK_STOP_NONE), TLK_STOP_PLANNED },
  { TLK_EVENT_STOP_DONE, NULL, S (TLK_STOP_PLANNED), TLK_STOP_DONE },
  { TLK_EVENT_STOP_FAILED, NULL, S (TLK_STOP_PLANNED), TLK_STOP_FAILED },
  { TLK_EVENT_STOP_RESCHEDULED, NULL, S (TLK_STOP_PLANNED), TO_SAME },
};

/* Every variant a caller may pass; NULL first. */
static const char *const variants[] = { NULL, "delivery", "pickup", "swap", "service" };

static const char *
describe_kit (int state)
{
  return tlk_kit_state_describe ((TlkKitState) state);
}

static const char *
describe_device (int state)
{
  return tlk_device_state_describe ((TlkDeviceState) state);
}

static const char *
describe_order (int state)
{
  return tlk_order_state_describe ((TlkOrderState) state);
}

static const char *
describe_stop (int state)
{
  return tlk_stop_state_describe ((TlkStopState) state);
}

typedef struct
{
  const char     *name;
  TlkMachine      machine;
  int             n_states;
  const Expected *rows;
  guint           n_rows;
  guint           n_rows_literal;  /* counted by hand, so that a row cannot go missing quietly */
  TlkCodeKind     code_kind;       /* 0: the subject is a plain id */
  const char   *(*describe) (int state);
} Spec;

static const Spec specs[] = {
  { "kit", TLK_MACHINE_KIT, TLK_KIT_N_STATES, kit_expected, G_N_ELEMENTS (kit_expected), 21,
    TLK_CODE_KIND_KIT, describe_kit },
  { "device", TLK_MACHINE_DEVICE, TLK_DEVICE_N_STATES, device_expected, G_N_ELEMENTS (device_expected), 11,
    TLK_CODE_KIND_DEVICE, describe_device },
  { "order", TLK_MACHINE_ORDER, TLK_ORDER_N_STATES, order_expected, G_N_ELEMENTS (order_expected), 15,
    0, describe_order },
  { "stop", TLK_MACHINE_STOP, TLK_STOP_N_STATES, stop_expected, G_N_ELEMENTS (stop_expected), 4,
    TLK_CODE_KIND_STOP, describe_stop },
};

#define ORDER_ID "ord-2026-0042"

typedef struct
{
  const Spec     *spec;
  const Expected *row;
} RowCase;

/* The subject as stored (@raw) and as a message must show it (@shown). */
static void
make_subject (const Spec  *spec,
              char       **raw,
              char       **shown)
{
  if (spec->code_kind == 0)
    {
      *raw = g_strdup (ORDER_ID);
      *shown = g_strdup (ORDER_ID);
      return;
    }
  *raw = tlk_code_make (spec->code_kind, 42);
  *shown = tlk_code_format (*raw);
  /* The grouped form is what people read; make sure it is not the raw one. */
  g_assert_cmpstr (*raw, !=, *shown);
}

static const Expected *
expected_find (const Spec   *spec,
               TlkEventType  event,
               const char   *variant)
{
  for (guint i = 0; i < spec->n_rows; i++)
    {
      const Expected *row = &spec->rows[i];

      if (row->event == event &&
          (row->variant == NULL || g_strcmp0 (row->variant, variant) == 0))
        return row;
    }
  return NULL;
}

static gboolean
is_creation (const Expected *row)
{
  return row->from == S (0);
}

static void
assert_contains (const char *message,
                 const char *part)
{
  if (strstr (message, part) == NULL)
    g_error ("“%s” does not contain “%s”", message, part);
}

static void
assert_allowed (const Spec     *spec,
                const Expected *row,
                const char     *subject,
                int             from,
                int             held_from,
                int             want)
{
  g_autoptr(GError) error = NULL;
  int to = -100;
  gboolean ok;

  ok = tlk_machine_check (spec->machine, row->event, row->variant, from, held_from, subject, &to, &error);
  if (!ok)
    g_error ("%s machine: %s%s%s from %s (held from %d) refused: %s", spec->name,
             tlk_event_type_to_string (row->event), row->variant ? "/" : "", row->variant ? row->variant : "",
             spec->describe (from), held_from, error ? error->message : "(no error)");
  g_assert_no_error (error);
  g_assert_cmpint (to, ==, want);
}

static void
assert_forbidden (const Spec     *spec,
                  const Expected *row,
                  const char     *subject,
                  const char     *shown,
                  int             from)
{
  g_autoptr(GError) error = NULL;
  const TlkTransition *source;
  int to = -100;
  gboolean ok;

  ok = tlk_machine_check (spec->machine, row->event, row->variant, from, TLK_KIT_NONE, subject, &to, &error);
  if (ok)
    g_error ("%s machine: %s%s%s from %s was allowed (to %d)", spec->name,
             tlk_event_type_to_string (row->event), row->variant ? "/" : "", row->variant ? row->variant : "",
             spec->describe (from), to);
  g_assert_nonnull (error);
  assert_contains (error->message, shown);

  if (from == 0)
    {
      g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND);
      return;
    }
  if (is_creation (row))
    {
      g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS);
      assert_contains (error->message, spec->describe (from));
      return;
    }

  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  assert_contains (error->message, spec->describe (from));
  /* The reason says what the event needs, in words. */
  source = tlk_machine_find (spec->machine, row->event, row->variant);
  g_assert_nonnull (source);
  g_assert_nonnull (source->need);
  g_assert_cmpstr (source->need, !=, "");
  assert_contains (error->message, _(source->need));
}

/* One table row: every state, allowed or forbidden. */
static void
test_row (gconstpointer data)
{
  const RowCase *c = data;
  const Spec *spec = c->spec;
  const Expected *row = c->row;
  g_autofree char *subject = NULL;
  g_autofree char *shown = NULL;
  guint n_allowed = 0;

  make_subject (spec, &subject, &shown);

  for (int from = 0; from < spec->n_states; from++)
    {
      if ((row->from & S (from)) == 0)
        {
          assert_forbidden (spec, row, subject, shown, from);
          continue;
        }

      n_allowed++;
      if (row->to == TO_SAME)
        assert_allowed (spec, row, subject, from, TLK_KIT_NONE, from);
      else if (row->to == TO_RESUME)
        {
          /* Held while assembling: back to assembling. Held on the shelf
           * or while reprocessing: through the checklist again. */
          assert_allowed (spec, row, subject, from, TLK_KIT_ASSEMBLING, TLK_KIT_ASSEMBLING);
          assert_allowed (spec, row, subject, from, TLK_KIT_READY, TLK_KIT_REPROCESSING);
          assert_allowed (spec, row, subject, from, TLK_KIT_REPROCESSING, TLK_KIT_REPROCESSING);
        }
      else
        assert_allowed (spec, row, subject, from, TLK_KIT_NONE, row->to);
    }

  /* A row that allows nothing is a typo in this table. */
  g_assert_cmpuint (n_allowed, >, 0);
}

/* Every (event, variant) the machine has no row for: refused in every state. */
static void
test_not_applicable (gconstpointer data)
{
  const Spec *spec = data;
  g_autofree char *subject = NULL;
  g_autofree char *shown = NULL;
  guint n_checked = 0;

  make_subject (spec, &subject, &shown);

  for (int event = 0; event < TLK_EVENT_N_TYPES; event++)
    for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
      {
        if (expected_find (spec, event, variants[v]) != NULL)
          continue;

        for (int from = 0; from < spec->n_states; from++)
          {
            g_autoptr(GError) error = NULL;
            int to = -100;

            if (tlk_machine_check (spec->machine, event, variants[v], from, TLK_KIT_NONE, subject, &to, &error))
              g_error ("%s machine: %s/%s from %s should not apply", spec->name,
                       tlk_event_type_to_string (event), variants[v] ? variants[v] : "-",
                       spec->describe (from));
            g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
            assert_contains (error->message, "does not apply");
            assert_contains (error->message, shown);
            assert_contains (error->message, tlk_event_type_describe (event));
            g_assert_cmpint (to, ==, -100);
            n_checked++;
          }
      }

  /* Most event types belong to other machines: the loop must have run. */
  g_assert_cmpuint (n_checked, >, 0);
}

/* The rows of the machine are exactly the rows of the expected table. */
static void
test_rows (gconstpointer data)
{
  const Spec *spec = data;
  g_autoptr(GHashTable) found = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (spec->n_rows, ==, spec->n_rows_literal);
  g_assert_cmpint (tlk_machine_n_states (spec->machine), ==, spec->n_states);

  for (int event = 0; event < TLK_EVENT_N_TYPES; event++)
    for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
      {
        const Expected *want = expected_find (spec, event, variants[v]);
        const TlkTransition *have = tlk_machine_find (spec->machine, event, variants[v]);

        if ((want == NULL) != (have == NULL))
          g_error ("%s machine: %s/%s is %s in the machine but %s in the test", spec->name,
                   tlk_event_type_to_string (event), variants[v] ? variants[v] : "-",
                   have ? "a row" : "no row", want ? "a row" : "no row");
        if (have == NULL)
          continue;

        g_assert_cmpint (have->event, ==, event);
        g_assert_cmpstr (have->variant, ==, want->variant);
        g_hash_table_add (found, (gpointer) have);
      }

  /* Every row of the machine is reachable and was matched once per row here. */
  g_assert_cmpuint (g_hash_table_size (found), ==, spec->n_rows);
}

static void
test_n_states (void)
{
  g_assert_cmpint (tlk_machine_n_states (TLK_MACHINE_KIT), ==, 12);
  g_assert_cmpint (tlk_machine_n_states (TLK_MACHINE_DEVICE), ==, 7);
  g_assert_cmpint (tlk_machine_n_states (TLK_MACHINE_ORDER), ==, 10);
  g_assert_cmpint (tlk_machine_n_states (TLK_MACHINE_STOP), ==, 4);
}

/* @to and @error may be NULL. */
static void
test_optional_out (void)
{
  g_autofree char *kit = tlk_code_make (TLK_CODE_KIND_KIT, 7);

  g_assert_true (tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_RESERVED, NULL, TLK_KIT_READY, TLK_KIT_NONE,
                                    kit, NULL, NULL));
  g_assert_false (tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_RESERVED, NULL, TLK_KIT_QUARANTINE,
                                     TLK_KIT_NONE, kit, NULL, NULL));
}

/* A subject that is not a valid code is shown as it is, not grouped. */
static void
test_subject_shown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kit = tlk_code_make (TLK_CODE_KIND_KIT, G_GUINT64_CONSTANT (0x123456789));

  g_assert_false (tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_RESERVED, NULL, TLK_KIT_QUARANTINE,
                                     TLK_KIT_NONE, kit, NULL, &error));
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  /* Computed by hand in test-code.c: K04HMASW9J. */
  assert_contains (error->message, "Kit K 04H MAS W9J is in quarantine");
  g_clear_error (&error);

  g_assert_false (tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_RESERVED, NULL, TLK_KIT_QUARANTINE,
                                     TLK_KIT_NONE, "K04HMASW9X", NULL, &error));
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION);
  assert_contains (error->message, "K04HMASW9X");
  g_clear_error (&error);

  g_assert_false (tlk_machine_check (TLK_MACHINE_ORDER, TLK_EVENT_ORDER_CLOSED, NULL, TLK_ORDER_NONE,
                                     TLK_KIT_NONE, ORDER_ID, NULL, &error));
  g_assert_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND);
  assert_contains (error->message, "Order " ORDER_ID);
}

static void
test_misuse (void)
{
  int to = -100;

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*from*");
  g_assert_false (tlk_machine_check (TLK_MACHINE_STOP, TLK_EVENT_STOP_DONE, NULL, TLK_STOP_N_STATES,
                                     TLK_KIT_NONE, "x", &to, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpint (to, ==, -100);

  g_test_expect_message ("tlk-core", G_LOG_LEVEL_CRITICAL, "*from*");
  g_assert_false (tlk_machine_check (TLK_MACHINE_KIT, TLK_EVENT_KIT_CREATED, NULL, -1,
                                     TLK_KIT_NONE, "x", &to, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpint (to, ==, -100);
}

static char *
row_path (const Spec     *spec,
          const Expected *row)
{
  if (row->variant != NULL)
    return g_strdup_printf ("/machine/%s/row/%s/%s", spec->name, tlk_event_type_to_string (row->event),
                            row->variant);
  return g_strdup_printf ("/machine/%s/row/%s", spec->name, tlk_event_type_to_string (row->event));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  for (guint m = 0; m < G_N_ELEMENTS (specs); m++)
    {
      const Spec *spec = &specs[m];
      g_autofree char *rows = g_strdup_printf ("/machine/%s/rows", spec->name);
      g_autofree char *not_applicable = g_strdup_printf ("/machine/%s/not-applicable", spec->name);

      g_test_add_data_func (rows, spec, test_rows);
      for (guint i = 0; i < spec->n_rows; i++)
        {
          RowCase *c = g_new0 (RowCase, 1);
          g_autofree char *path = row_path (spec, &spec->rows[i]);

          c->spec = spec;
          c->row = &spec->rows[i];
          g_ptr_array_add (cases, c);
          g_test_add_data_func (path, c, test_row);
        }
      g_test_add_data_func (not_applicable, spec, test_not_applicable);
    }

  g_test_add_func ("/machine/n-states", test_n_states);
  g_test_add_func ("/machine/optional-out", test_optional_out);
  g_test_add_func ("/machine/subject-shown", test_subject_shown);
  g_test_add_func ("/machine/misuse", test_misuse);

  return g_test_run ();
}
