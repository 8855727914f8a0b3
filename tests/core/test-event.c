/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-code.h"
#include "tlk-entities.h"
#include "tlk-event.h"
#include "tlk-role.h"

/* Codes checked by hand in test-code.c. */
#define KIT       "K04HMASW9J"
#define KIT_BAD   "K04HMASW9X"  /* wrong check character */
#define DEVICE_A  "D00000000K"
#define DEVICE_B  "D00000001H"
#define DEVICE_BAD "D00000001X"
#define SHELF     "L00000000T"
#define VAN       "L00000001R"
#define STOP      "S000000008"
#define ORDER     "ord-2026-0042"
#define ACTOR     "u-anna"

/*
 * One valid event of every type, with its required fields. The required
 * fields are written here from DESIGN §4 and the payload schemas, not read
 * from tlk-event.c.
 */
typedef struct
{
  TlkEventType type;
  const char  *subject;
  const char  *payload;
  const char  *required;  /* space-separated, "" for none */
} ValidCase;

static const ValidCase valid_cases[] = {
  { TLK_EVENT_CUSTOMER_DEFINED, "cust-aarhus",
    "{\"name\": \"Aarhus Kommune\", \"kind\": \"municipality\", \"ean\": \"5798000000001\"}",
    "name kind" },
  { TLK_EVENT_LOCATION_DEFINED, SHELF,
    "{\"name\": \"Shelf A1\", \"kind\": \"shelf\", \"parent\": \"" VAN "\"}",
    "name kind" },
  { TLK_EVENT_MODEL_DEFINED, "m-nonin-3230",
    "{\"manufacturer\": \"Nonin\", \"name\": \"3230\", \"kind\": \"pulse_oximeter\", \"gtin\": \"05701234567892\","
    " \"tracking\": \"serial\", \"calibration_months\": 12, \"shelf_life_months\": 0}",
    "manufacturer name kind" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "kt-copd",
    "{\"name\": \"COPD kit\", \"slots\": [{\"kind\": \"tablet\", \"count\": 1}, {\"kind\": \"pulse_oximeter\", \"count\": 1}],"
    " \"checklist\": [{\"id\": \"clean\", \"name\": \"Clean all surfaces\"}],"
    " \"install_checklist\": [{\"id\": \"pair\", \"name\": \"Pair the oximeter\"}]}",
    "name slots checklist" },
  { TLK_EVENT_USER_DEFINED, ACTOR,
    "{\"name\": \"Anna Jensen\", \"role\": \"driver\"}",
    "name role" },

  { TLK_EVENT_DEVICE_RECEIVED, DEVICE_A,
    "{\"model\": \"m-nonin-3230\", \"serial\": \"SN-501234\", \"lot\": \"LOT-7\", \"expiry\": \"2028-06-30\","
    " \"calibration_due\": \"2027-01-15\", \"location\": \"" SHELF "\"}",
    "model serial" },
  { TLK_EVENT_DEVICE_MOVED, DEVICE_A, "{\"location\": \"" SHELF "\"}", "location" },
  { TLK_EVENT_DEVICE_SENT_TO_REPAIR, DEVICE_A,
    "{\"location\": \"" VAN "\", \"note\": \"display cracked\"}", "" },
  { TLK_EVENT_DEVICE_REPAIRED, DEVICE_A,
    "{\"location\": \"" SHELF "\", \"calibration_due\": \"2027-03-01\"}", "" },
  { TLK_EVENT_DEVICE_RELEASED, DEVICE_A, "{\"location\": \"" SHELF "\"}", "" },
  { TLK_EVENT_DEVICE_LOST, DEVICE_A, "{\"note\": \"not in the van\"}", "" },
  { TLK_EVENT_DEVICE_FOUND, DEVICE_A, "{\"location\": \"" SHELF "\"}", "" },
  { TLK_EVENT_DEVICE_RETIRED, DEVICE_A, "{\"reason\": \"battery swollen\"}", "" },

  { TLK_EVENT_KIT_CREATED, KIT, "{\"kit_type\": \"kt-copd\", \"location\": \"" SHELF "\"}", "kit_type" },
  { TLK_EVENT_KIT_DEVICE_ADDED, KIT, "{\"device\": \"" DEVICE_A "\"}", "device" },
  { TLK_EVENT_KIT_DEVICE_REMOVED, KIT,
    "{\"device\": \"" DEVICE_A "\", \"to\": \"quarantine\", \"reason\": \"cuff torn\"}", "device to" },
  { TLK_EVENT_KIT_RELEASED, KIT, "{\"location\": \"" SHELF "\"}", "" },
  { TLK_EVENT_KIT_HELD, KIT, "{\"reason\": \"waiting for a scale\"}", "reason" },
  { TLK_EVENT_KIT_RESUMED, KIT, "{}", "" },
  { TLK_EVENT_KIT_RESERVED, KIT, "{\"order\": \"" ORDER "\"}", "order" },
  { TLK_EVENT_KIT_UNRESERVED, KIT, "{\"location\": \"" SHELF "\"}", "" },
  { TLK_EVENT_KIT_LOADED, KIT, "{\"vehicle\": \"" VAN "\", \"driver\": \"" ACTOR "\"}", "vehicle" },
  { TLK_EVENT_KIT_UNLOADED, KIT, "{\"location\": \"" SHELF "\", \"reason\": \"citizen not home\"}", "" },
  { TLK_EVENT_KIT_INSTALLED, KIT, "{\"stop\": \"" STOP "\"}", "" },
  { TLK_EVENT_KIT_PICKED_UP, KIT, "{\"missing\": [\"" DEVICE_B "\"], \"stop\": \"" STOP "\"}", "" },
  { TLK_EVENT_KIT_RECEIVED, KIT, "{\"location\": \"" SHELF "\", \"missing\": []}", "" },
  { TLK_EVENT_KIT_REPROCESSING_STARTED, KIT, "{\"location\": \"" SHELF "\"}", "" },
  { TLK_EVENT_KIT_STEP_PASSED, KIT, "{\"step\": \"clean\"}", "step" },
  { TLK_EVENT_KIT_STEP_FAILED, KIT, "{\"step\": \"clean\", \"note\": \"stain on the cuff\"}", "step" },
  { TLK_EVENT_KIT_DEVICE_SWAPPED, KIT,
    "{\"device_out\": \"" DEVICE_A "\", \"device_in\": \"" DEVICE_B "\", \"reason\": \"flat battery\","
    " \"stop\": \"" STOP "\"}",
    "device_out device_in" },
  { TLK_EVENT_KIT_MOVED, KIT, "{\"location\": \"" SHELF "\"}", "location" },
  { TLK_EVENT_KIT_LOST, KIT, "{\"note\": \"not seen since March\"}", "" },
  { TLK_EVENT_KIT_FOUND, KIT, "{\"location\": \"" SHELF "\"}", "" },
  { TLK_EVENT_KIT_RETIRED, KIT, "{\"reason\": \"case broken\"}", "" },

  { TLK_EVENT_ORDER_RECEIVED, ORDER,
    "{\"customer\": \"cust-aarhus\", \"case_ref\": \"SAG-2026-117\", \"kit_type\": \"kt-copd\","
    " \"citizen\": \"cit-8f3a\", \"requested_date\": \"2026-03-02\", \"priority\": \"urgent\","
    " \"notes\": \"ring twice\"}",
    "customer case_ref kit_type citizen requested_date" },
  { TLK_EVENT_ORDER_RETURN_REQUESTED, ORDER, "{\"requested_date\": \"2026-09-01\"}", "" },
  { TLK_EVENT_ORDER_CLOSED, ORDER, "{}", "" },
  { TLK_EVENT_ORDER_CANCELLED, ORDER, "{\"reason\": \"citizen moved\"}", "" },

  { TLK_EVENT_STOP_PLANNED, STOP,
    "{\"order\": \"" ORDER "\", \"kind\": \"delivery\", \"date\": \"2026-03-02\", \"driver\": \"" ACTOR "\","
    " \"seq\": 3, \"kit\": \"" KIT "\", \"window\": \"08-12\"}",
    "order kind date driver" },
  { TLK_EVENT_STOP_DONE, STOP, "{\"signed\": true}", "" },
  { TLK_EVENT_STOP_FAILED, STOP, "{\"reason\": \"not_home\", \"note\": \"neighbour has the key\"}", "reason" },
  { TLK_EVENT_MODEL_GTIN_ADDED, "m-nonin-3230", "{\"gtin\": \"05701234567892\"}", "gtin" },
  { TLK_EVENT_CONFLICT_RESOLVED, "0b6f4cc8-5d0e-4d47-9c55-1f0e2a7f4b11",
    "{\"decision\": \"dismissed\", \"note\": \"the driver had it\"}", "decision" },
  { TLK_EVENT_STOP_RESCHEDULED, STOP, "{\"date\": \"2026-03-03\", \"seq\": 2, \"window\": \"12-16\"}", "" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "c-aarhus",
    "{\"from\": \"2026-01\", \"install_days\": 5, \"pickup_days\": 10, \"kit_day\": {\"kt-copd\": 1250},"
    " \"delivery\": 45000, \"pickup\": 35000, \"swap\": 30000, \"service\": 25000, \"urgent\": 20000,"
    " \"failed_visit\": 15000}", "from" },
  { TLK_EVENT_KIT_TYPE_REORDER_SET, "kt-copd", "{\"reorder_at\": 20}", "reorder_at" },
};

static const ValidCase *
valid_case (TlkEventType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    if (valid_cases[i].type == type)
      return &valid_cases[i];
  g_error ("no valid case for %s", tlk_event_type_to_string (type));
  return NULL;
}

static TlkEvent *
event_from_case (const ValidCase *c)
{
  g_autoptr(GError) error = NULL;
  TlkEvent *event = tlk_event_new (c->type, c->subject, ACTOR);

  if (!tlk_event_set_payload_from_string (event, c->payload, &error))
    g_error ("%s: %s", tlk_event_type_to_string (c->type), error->message);
  return event;
}

static void
assert_contains (const char *message,
                 const char *part)
{
  if (strstr (message, part) == NULL)
    g_error ("“%s” does not contain “%s”", message, part);
}

static void
assert_valid (const TlkEvent *event)
{
  g_autoptr(GError) error = NULL;

  if (!tlk_event_validate (event, &error))
    g_error ("%s refused: %s", tlk_event_type_to_string (event->type), error->message);
  g_assert_no_error (error);
}

/* Replaces (or adds) @field with the JSON value @json. */
static void
set_member_json (TlkEvent   *event,
                 const char *field,
                 const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  json_object_set_member (event->payload, field, node);
}

static void
test_codes (void)
{
  const char *const codes[] = { KIT, DEVICE_A, DEVICE_B, SHELF, VAN, STOP };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_true (tlk_code_is_valid (codes[i]));
  g_assert_false (tlk_code_is_valid (KIT_BAD));
  g_assert_false (tlk_code_is_valid (DEVICE_BAD));
}

/* Every type has a valid example above, once. */
static void
test_valid_all (void)
{
  gboolean seen[TLK_EVENT_N_TYPES] = { FALSE, };

  g_assert_cmpuint (G_N_ELEMENTS (valid_cases), ==, TLK_EVENT_N_TYPES);
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(TlkEvent) event = event_from_case (&valid_cases[i]);

      g_assert_false (seen[valid_cases[i].type]);
      seen[valid_cases[i].type] = TRUE;
      assert_valid (event);
    }
}

/* Only the required fields: still valid. So every other field is optional. */
static void
test_valid_minimal (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(TlkEvent) event = event_from_case (&valid_cases[i]);
      g_auto(GStrv) required = g_strsplit (valid_cases[i].required, " ", -1);
      g_autoptr(GList) members = json_object_get_members (event->payload);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains ((const char *const *) required, l->data))
          json_object_remove_member (event->payload, l->data);
      assert_valid (event);
    }
}

static void
test_missing_field (void)
{
  guint n_checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_auto(GStrv) required = g_strsplit (valid_cases[i].required, " ", -1);

      for (guint j = 0; required[j] != NULL; j++)
        {
          g_autoptr(TlkEvent) event = NULL;
          g_autoptr(GError) error = NULL;

          if (*required[j] == '\0')
            continue;
          event = event_from_case (&valid_cases[i]);
          g_assert_true (json_object_has_member (event->payload, required[j]));
          json_object_remove_member (event->payload, required[j]);
          g_assert_false (tlk_event_validate (event, &error));
          g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_MISSING_FIELD);
          assert_contains (error->message, required[j]);
          assert_contains (error->message, tlk_event_type_to_string (valid_cases[i].type));
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >=, 30);
}

static void
test_unknown_field (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(TlkEvent) event = event_from_case (&valid_cases[i]);
      g_autoptr(GError) error = NULL;

      tlk_event_set_string (event, "colour", "blue");
      g_assert_false (tlk_event_validate (event, &error));
      g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_UNKNOWN_FIELD);
      assert_contains (error->message, "colour");
      assert_contains (error->message, tlk_event_type_to_string (valid_cases[i].type));
    }
}

/* Events built field by field, read back with the getters. */
static void
test_setters (void)
{
  g_autoptr(TlkEvent) removed = tlk_event_new (TLK_EVENT_KIT_DEVICE_REMOVED, KIT, ACTOR);
  g_autoptr(TlkEvent) planned = tlk_event_new (TLK_EVENT_STOP_PLANNED, STOP, ACTOR);
  g_autoptr(TlkEvent) done = tlk_event_new (TLK_EVENT_STOP_DONE, STOP, ACTOR);
  g_autoptr(TlkEvent) picked = tlk_event_new (TLK_EVENT_KIT_PICKED_UP, KIT, ACTOR);
  g_autoptr(TlkEvent) model = tlk_event_new (TLK_EVENT_MODEL_DEFINED, "m-ihealth-bp5", ACTOR);
  JsonArray *missing = json_array_new ();

  tlk_event_set_string (removed, "device", DEVICE_A);
  tlk_event_set_string (removed, "to", "repair");
  tlk_event_set_string (removed, "reason", "cuff torn");
  assert_valid (removed);
  g_assert_cmpstr (tlk_event_get_string (removed, "to"), ==, "repair");
  /* Setting NULL removes the field. */
  tlk_event_set_string (removed, "reason", NULL);
  g_assert_false (json_object_has_member (removed->payload, "reason"));
  g_assert_null (tlk_event_get_string (removed, "reason"));
  assert_valid (removed);

  tlk_event_set_string (planned, "order", ORDER);
  tlk_event_set_string (planned, "kind", "pickup");
  tlk_event_set_string (planned, "date", "2024-02-29");
  tlk_event_set_string (planned, "driver", ACTOR);
  tlk_event_set_int (planned, "seq", 0);
  tlk_event_set_string (planned, "kit", KIT);
  assert_valid (planned);
  tlk_event_set_int (planned, "seq", 12);
  assert_valid (planned);
  g_assert_cmpint (tlk_event_get_int (planned, "seq"), ==, 12);
  /* Absent or of another type: 0 / NULL. */
  g_assert_cmpint (tlk_event_get_int (planned, "kind"), ==, 0);
  g_assert_cmpint (tlk_event_get_int (planned, "window"), ==, 0);
  g_assert_null (tlk_event_get_string (planned, "seq"));

  assert_valid (done);
  tlk_event_set_bool (done, "signed", TRUE);
  assert_valid (done);
  g_assert_true (tlk_event_get_bool (done, "signed"));
  g_assert_false (tlk_event_get_bool (planned, "seq"));

  json_array_add_string_element (missing, DEVICE_A);
  json_array_add_string_element (missing, DEVICE_B);
  tlk_event_set_array (picked, "missing", missing);
  assert_valid (picked);
  g_assert_cmpuint (json_array_get_length (tlk_event_get_array (picked, "missing")), ==, 2);
  g_assert_null (tlk_event_get_array (picked, "stop"));

  tlk_event_set_string (model, "manufacturer", "iHealth");
  tlk_event_set_string (model, "name", "BP5");
  tlk_event_set_string (model, "kind", "bp_monitor");
  tlk_event_set_string (model, "tracking", "quantity");
  tlk_event_set_int (model, "calibration_months", 24);
  assert_valid (model);
}

typedef struct
{
  TlkEventType type;
  const char  *field;
  const char  *json;   /* the bad value */
  const char  *why;    /* part of the message, or NULL */
} BadField;

static const BadField bad_fields[] = {
  /* a number for text */
  { TLK_EVENT_KIT_HELD, "reason", "5", "must be text" },
  { TLK_EVENT_CUSTOMER_DEFINED, "name", "null", "must be text" },
  { TLK_EVENT_KIT_CREATED, "kit_type", "[\"kt-copd\"]", "must be text" },
  /* text for a number */
  { TLK_EVENT_STOP_PLANNED, "seq", "\"3\"", "whole number" },
  { TLK_EVENT_STOP_PLANNED, "seq", "-1", "whole number" },
  { TLK_EVENT_STOP_PLANNED, "seq", "2.5", "whole number" },
  { TLK_EVENT_MODEL_DEFINED, "calibration_months", "true", "whole number" },
  { TLK_EVENT_STOP_DONE, "signed", "\"yes\"", "true or false" },
  { TLK_EVENT_STOP_DONE, "signed", "1", "true or false" },
  /* enums */
  { TLK_EVENT_STOP_PLANNED, "kind", "\"teleport\"", "delivery, pickup, swap, service" },
  { TLK_EVENT_STOP_FAILED, "reason", "\"asleep\"", "not_home" },
  { TLK_EVENT_USER_DEFINED, "role", "\"boss\"", "coordinator" },
  { TLK_EVENT_KIT_DEVICE_REMOVED, "to", "\"bin\"", "quarantine" },
  { TLK_EVENT_ORDER_RECEIVED, "priority", "\"Urgent\"", "urgent" },
  /* dates */
  { TLK_EVENT_ORDER_RECEIVED, "requested_date", "\"2026-02-30\"", "YYYY-MM-DD" },
  { TLK_EVENT_ORDER_RECEIVED, "requested_date", "\"2026-2-3\"", "YYYY-MM-DD" },
  { TLK_EVENT_STOP_PLANNED, "date", "\"02-03-2026\"", "YYYY-MM-DD" },
  { TLK_EVENT_DEVICE_RECEIVED, "expiry", "\"2026-13-01\"", "YYYY-MM-DD" },
  { TLK_EVENT_DEVICE_RECEIVED, "calibration_due", "\"2026-03-02T10:00:00Z\"", "YYYY-MM-DD" },
  /* codes */
  { TLK_EVENT_STOP_PLANNED, "kit", "\"" KIT_BAD "\"", "kit code" },
  { TLK_EVENT_STOP_PLANNED, "kit", "\"" DEVICE_A "\"", "kit code" },
  { TLK_EVENT_STOP_PLANNED, "kit", "\"K 04H MAS W9J\"", "kit code" },
  { TLK_EVENT_KIT_DEVICE_ADDED, "device", "\"" KIT "\"", "device code" },
  { TLK_EVENT_KIT_DEVICE_SWAPPED, "device_in", "\"" DEVICE_BAD "\"", "device code" },
  { TLK_EVENT_KIT_MOVED, "location", "\"" DEVICE_A "\"", "location code" },
  { TLK_EVENT_KIT_LOADED, "vehicle", "\"van-3\"", "location code" },
  { TLK_EVENT_KIT_PICKED_UP, "missing", "\"" DEVICE_B "\"", "device codes" },
  { TLK_EVENT_KIT_PICKED_UP, "missing", "[\"" DEVICE_BAD "\"]", "device codes" },
  { TLK_EVENT_KIT_RECEIVED, "missing", "[\"" DEVICE_A "\", 7]", "device codes" },
  /* ids, names, numbers */
  { TLK_EVENT_KIT_RESERVED, "order", "\"ord 42\"", "valid id" },
  { TLK_EVENT_KIT_RESERVED, "order", "\"\"", "valid id" },
  { TLK_EVENT_MODEL_DEFINED, "kind", "\"pulse oximeter\"", "valid id" },
  { TLK_EVENT_USER_DEFINED, "name", "\"\"", "1 to 200" },
  { TLK_EVENT_MODEL_DEFINED, "gtin", "\"05701234abc\"", "8 to 14 digits" },
  { TLK_EVENT_MODEL_DEFINED, "gtin", "\"1234567\"", "8 to 14 digits" },
  { TLK_EVENT_CUSTOMER_DEFINED, "ean", "\"579800000000123\"", "8 to 14 digits" },
  /* slots and steps */
  { TLK_EVENT_KIT_TYPE_DEFINED, "slots", "[]", "at least one slot" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "slots", "{\"kind\": \"tablet\", \"count\": 1}", "list" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "slots", "[{\"kind\": \"tablet\", \"count\": 0}]", "between 1 and 100" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "slots", "[{\"kind\": \"tablet\", \"count\": \"1\"}]", "between 1 and 100" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "slots", "[{\"kind\": \"tablet\"}]", NULL },
  { TLK_EVENT_KIT_TYPE_DEFINED, "slots", "[\"tablet\"]", "list of objects" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "checklist", "[{\"id\": \"clean\", \"name\": \"\"}]", "without a name" },
  { TLK_EVENT_KIT_TYPE_DEFINED, "checklist", "[{\"id\": \"clean\", \"name\": \"Clean\", \"by\": \"x\"}]", NULL },
  { TLK_EVENT_KIT_TYPE_DEFINED, "install_checklist", "[{\"id\": \"a b\", \"name\": \"Pair\"}]", "valid id" },
  /* price lists */
  { TLK_EVENT_CUSTOMER_TERMS_SET, "from", "\"2026-13\"", "YYYY-MM" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "from", "\"2026-01-01\"", "YYYY-MM" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "from", "\"9999-12\"", "YYYY-MM" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "kit_day", "[1250]", "object of prices" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "kit_day", "{\"kt copd\": 1250}", "valid id" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "kit_day", "{\"kt-copd\": 12.5}", "whole number" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "kit_day", "{\"kt-copd\": -1}", "whole number" },
  { TLK_EVENT_CUSTOMER_TERMS_SET, "delivery", "\"450,00\"", "whole number" },
  { TLK_EVENT_KIT_TYPE_REORDER_SET, "reorder_at", "-3", "whole number" },
};

static void
test_bad_field (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_fields); i++)
    {
      const BadField *b = &bad_fields[i];
      g_autoptr(TlkEvent) event = event_from_case (valid_case (b->type));
      g_autoptr(GError) error = NULL;

      set_member_json (event, b->field, b->json);
      if (tlk_event_validate (event, &error))
        g_error ("%s: %s = %s was accepted", tlk_event_type_to_string (b->type), b->field, b->json);
      g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_FIELD);
      assert_contains (error->message, tlk_event_type_to_string (b->type));
      assert_contains (error->message, b->field);
      if (b->why != NULL)
        assert_contains (error->message, b->why);
    }
}

/* Text set locally (not parsed) may be any bytes. */
static void
test_bad_utf8 (void)
{
  static const struct {
    TlkEventType type;
    const char  *field;
  } cases[] = {
    { TLK_EVENT_USER_DEFINED, "name" },
    { TLK_EVENT_KIT_LOST, "note" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TlkEvent) event = event_from_case (valid_case (cases[i].type));
      g_autoptr(GError) error = NULL;

      tlk_event_set_string (event, cases[i].field, "Bo \xc3");
      g_assert_false (tlk_event_validate (event, &error));
      g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_FIELD);
      assert_contains (error->message, cases[i].field);
    }
}

typedef struct
{
  TlkEventType type;
  const char  *event_id;  /* NULL: keep the fresh one */
  const char  *subject;
  const char  *actor;
  const char  *occurred_at;
  const char  *message;   /* part of the message */
} BadEnvelope;

#define KEEP "keep"

static const BadEnvelope bad_envelopes[] = {
  { TLK_EVENT_KIT_RESUMED, "not-a-uuid", KEEP, KEEP, KEEP, "UUID" },
  { TLK_EVENT_KIT_RESUMED, "", KEEP, KEEP, KEEP, "UUID" },
  { TLK_EVENT_KIT_RESUMED, "0b9c3a52-7e2f-4d1c-9a3b-5f6e7d8c9b0", KEEP, KEEP, KEEP, "UUID" },
  /* A kit event needs a kit code, canonical and with the right check. */
  { TLK_EVENT_KIT_RESUMED, KEEP, DEVICE_A, KEEP, KEEP, DEVICE_A },
  { TLK_EVENT_KIT_RESUMED, KEEP, KIT_BAD, KEEP, KEEP, KIT_BAD },
  { TLK_EVENT_KIT_RESUMED, KEEP, "K 04H MAS W9J", KEEP, KEEP, "K 04H MAS W9J" },
  { TLK_EVENT_KIT_RESUMED, KEEP, "k04hmasw9j", KEEP, KEEP, "k04hmasw9j" },
  { TLK_EVENT_KIT_RESUMED, KEEP, NULL, KEEP, KEEP, "subject" },
  { TLK_EVENT_DEVICE_LOST, KEEP, KIT, KEEP, KEEP, KIT },
  { TLK_EVENT_LOCATION_DEFINED, KEEP, "shelf-a1", KEEP, KEEP, "shelf-a1" },
  { TLK_EVENT_STOP_DONE, KEEP, ORDER, KEEP, KEEP, ORDER },
  { TLK_EVENT_ORDER_CLOSED, KEEP, "ord 42", KEEP, KEEP, "ord 42" },
  { TLK_EVENT_ORDER_CLOSED, KEEP, KEEP, NULL, KEEP, "actor" },
  { TLK_EVENT_ORDER_CLOSED, KEEP, KEEP, "Anna Jensen", KEEP, "actor" },
  { TLK_EVENT_ORDER_CLOSED, KEEP, KEEP, KEEP, "yesterday", "time" },
  { TLK_EVENT_ORDER_CLOSED, KEEP, KEEP, KEEP, NULL, "time" },
};

static void
replace (char      **field,
         const char *value)
{
  if (g_strcmp0 (value, KEEP) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
test_bad_envelope (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_envelopes); i++)
    {
      const BadEnvelope *b = &bad_envelopes[i];
      g_autoptr(TlkEvent) event = event_from_case (valid_case (b->type));
      g_autoptr(GError) error = NULL;

      assert_valid (event);
      replace (&event->event_id, b->event_id);
      replace (&event->subject, b->subject);
      replace (&event->actor, b->actor);
      replace (&event->occurred_at, b->occurred_at);
      if (tlk_event_validate (event, &error))
        g_error ("bad envelope %u was accepted", i);
      g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE);
      assert_contains (error->message, tlk_event_type_to_string (b->type));
      assert_contains (error->message, b->message);
    }
}

typedef struct
{
  TlkEventType type;
  const char  *field;
  const char  *text;
} TextCase;

/* CPR-like numbers in free text are refused by validate. */
static const TextCase cpr_cases[] = {
  { TLK_EVENT_KIT_LOST, "note", "borger 010203-1234" },
  { TLK_EVENT_KIT_HELD, "reason", "0102031234 mangler vægt" },
  { TLK_EVENT_ORDER_RECEIVED, "notes", "cpr 311299 1234, ring twice" },
  { TLK_EVENT_ORDER_RECEIVED, "case_ref", "010203-1234" },
  { TLK_EVENT_USER_DEFINED, "name", "Anna (010203-1234)" },
  { TLK_EVENT_STOP_FAILED, "note", "naboen: 150575-4321." },
};

/* Numbers that only look a bit like one pass. */
static const TextCase not_cpr_cases[] = {
  { TLK_EVENT_KIT_LOST, "note", "order 12345678901" },
  { TLK_EVENT_KIT_LOST, "note", "ref 999999-1234" },
  { TLK_EVENT_KIT_LOST, "note", "ref 011399-1234" },
  { TLK_EVENT_KIT_LOST, "note", "ref 000199-1234" },
  { TLK_EVENT_KIT_LOST, "note", "tlf 12345678" },
  { TLK_EVENT_KIT_LOST, "note", "serial 010203-12345" },
  { TLK_EVENT_KIT_LOST, "note", "serial 9010203-1234" },
  { TLK_EVENT_KIT_LOST, "note", "010203-123" },
  { TLK_EVENT_ORDER_RECEIVED, "case_ref", "SAG-2026-010203" },
};

static void
test_cpr (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cpr_cases); i++)
    {
      const TextCase *c = &cpr_cases[i];
      g_autoptr(TlkEvent) event = event_from_case (valid_case (c->type));
      g_autoptr(GError) error = NULL;

      tlk_event_set_string (event, c->field, c->text);
      if (tlk_event_validate (event, &error))
        g_error ("“%s” in %s was accepted", c->text, c->field);
      g_assert_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR);
      assert_contains (error->message, c->field);
      /* The message must not repeat the number. */
      g_assert_null (strstr (error->message, "1234"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_cpr_cases); i++)
    {
      const TextCase *c = &not_cpr_cases[i];
      g_autoptr(TlkEvent) event = event_from_case (valid_case (c->type));

      tlk_event_set_string (event, c->field, c->text);
      assert_valid (event);
    }
}

/* Step names in a kit type are free text too. */
static void
test_cpr_in_steps (void)
{
  g_autoptr(TlkEvent) event = event_from_case (valid_case (TLK_EVENT_KIT_TYPE_DEFINED));
  g_autoptr(GError) error = NULL;

  set_member_json (event, "checklist", "[{\"id\": \"call\", \"name\": \"Call 010203-1234 first\"}]");
  g_assert_false (tlk_event_validate (event, &error));
  g_assert_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR);
  assert_contains (error->message, "checklist");
}

static void
assert_same_event (const TlkEvent *a,
                   const TlkEvent *b)
{
  g_autoptr(JsonNode) pa = json_node_init_object (json_node_alloc (), a->payload);
  g_autoptr(JsonNode) pb = json_node_init_object (json_node_alloc (), b->payload);

  g_assert_cmpstr (a->event_id, ==, b->event_id);
  g_assert_cmpstr (a->device_id, ==, b->device_id);
  g_assert_cmpint (a->device_seq, ==, b->device_seq);
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->subject, ==, b->subject);
  g_assert_cmpstr (a->actor, ==, b->actor);
  g_assert_cmpstr (a->occurred_at, ==, b->occurred_at);
  g_assert_cmpint (a->server_seq, ==, b->server_seq);
  g_assert_cmpuint (json_object_get_size (a->payload), ==, json_object_get_size (b->payload));
  g_assert_true (json_node_equal (pa, pb));
}

/* Through the wire form as text, for every type. */
static void
test_json_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(TlkEvent) event = event_from_case (&valid_cases[i]);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) parsed = NULL;
      g_autoptr(TlkEvent) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      JsonObject *obj;

      event->device_id = g_strdup ("pc-warehouse-1");
      event->device_seq = 7 + i;
      /* Half of them acknowledged by the server. */
      event->server_seq = i % 2 == 0 ? 0 : 1000 + i;

      node = tlk_event_to_json (event);
      obj = json_node_get_object (node);
      g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==,
                       tlk_event_type_to_string (valid_cases[i].type));
      if (event->server_seq == 0)
        g_assert_true (json_object_get_null_member (obj, "server_seq"));
      else
        g_assert_cmpint (json_object_get_int_member (obj, "server_seq"), ==, event->server_seq);

      text = json_to_string (node, FALSE);
      parsed = json_from_string (text, &error);
      g_assert_no_error (error);
      back = tlk_event_from_json (parsed, &error);
      if (back == NULL)
        g_error ("%s: %s", text, error->message);
      assert_same_event (event, back);
    }
}

/* The wire form of a valid event with one envelope member changed. */
static JsonNode *
wire_with (const char *member,
           const char *json)
{
  g_autoptr(TlkEvent) event = event_from_case (valid_case (TLK_EVENT_KIT_HELD));
  JsonNode *node;

  event->device_id = g_strdup ("pc-warehouse-1");
  event->device_seq = 3;
  node = tlk_event_to_json (event);
  if (member != NULL && json == NULL)
    json_object_remove_member (json_node_get_object (node), member);
  else if (member != NULL)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *value = json_from_string (json, &error);

      g_assert_no_error (error);
      json_object_set_member (json_node_get_object (node), member, value);
    }
  return node;
}

typedef struct
{
  const char *member;
  const char *json;     /* NULL: remove the member */
  int         code;     /* TlkEventError */
  const char *message;  /* part of the message */
} BadWire;

static const BadWire bad_wires[] = {
  { "colour", "\"blue\"", TLK_EVENT_ERROR_UNKNOWN_FIELD, "colour" },
  { "Type", "\"kit.held\"", TLK_EVENT_ERROR_UNKNOWN_FIELD, "Type" },
  { "type", "\"kit.teleported\"", TLK_EVENT_ERROR_UNKNOWN_TYPE, "kit.teleported" },
  { "type", "\"KIT.HELD\"", TLK_EVENT_ERROR_UNKNOWN_TYPE, "KIT.HELD" },
  { "type", NULL, TLK_EVENT_ERROR_ENVELOPE, "type" },
  { "type", "13", TLK_EVENT_ERROR_ENVELOPE, "type" },
  { "event_id", NULL, TLK_EVENT_ERROR_ENVELOPE, "event_id" },
  { "event_id", "\"42\"", TLK_EVENT_ERROR_ENVELOPE, "UUID" },
  { "device_id", NULL, TLK_EVENT_ERROR_ENVELOPE, "device_id" },
  { "subject", "\"" DEVICE_A "\"", TLK_EVENT_ERROR_ENVELOPE, DEVICE_A },
  { "actor", NULL, TLK_EVENT_ERROR_ENVELOPE, "actor" },
  { "occurred_at", "12345", TLK_EVENT_ERROR_ENVELOPE, "occurred_at" },
  { "device_seq", NULL, TLK_EVENT_ERROR_ENVELOPE, "device_seq" },
  { "device_seq", "0", TLK_EVENT_ERROR_ENVELOPE, "device_seq" },
  { "device_seq", "\"3\"", TLK_EVENT_ERROR_ENVELOPE, "device_seq" },
  { "server_seq", "0", TLK_EVENT_ERROR_ENVELOPE, "server_seq" },
  { "server_seq", "\"9\"", TLK_EVENT_ERROR_ENVELOPE, "server_seq" },
  { "payload", NULL, TLK_EVENT_ERROR_ENVELOPE, "payload" },
  { "payload", "[]", TLK_EVENT_ERROR_ENVELOPE, "payload" },
  /* The payload is checked too. */
  { "payload", "{\"reason\": \"x\", \"colour\": \"blue\"}", TLK_EVENT_ERROR_UNKNOWN_FIELD, "colour" },
  { "payload", "{}", TLK_EVENT_ERROR_MISSING_FIELD, "reason" },
};

static void
test_from_json_refused (void)
{
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkEvent) none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_wires); i++)
    {
      const BadWire *b = &bad_wires[i];
      g_autoptr(JsonNode) node = wire_with (b->member, b->json);
      g_autoptr(TlkEvent) event = NULL;
      g_autoptr(GError) err = NULL;

      event = tlk_event_from_json (node, &err);
      if (event != NULL)
        g_error ("%s = %s was accepted", b->member, b->json ? b->json : "(removed)");
      g_assert_error (err, TLK_EVENT_ERROR, b->code);
      assert_contains (err->message, b->message);
    }

  none = tlk_event_from_json (array, &error);
  g_assert_null (none);
  g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE);
}

/* server_seq may be absent or null; the wire form as made is accepted. */
static void
test_from_json_accepted (void)
{
  const char *const variants[] = { NULL, "null", "5" };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(JsonNode) node = wire_with ("server_seq", variants[i]);
      g_autoptr(TlkEvent) event = NULL;
      g_autoptr(GError) error = NULL;

      event = tlk_event_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_nonnull (event);
      g_assert_cmpint (event->server_seq, ==, i == 2 ? 5 : 0);
      g_assert_cmpint (event->device_seq, ==, 3);
      g_assert_cmpstr (tlk_event_get_string (event, "reason"), ==, "waiting for a scale");
    }
}

static void
test_type_names (void)
{
  static const struct {
    const char    *prefix;
    TlkSubjectKind subject;
  } prefixes[] = {
    { "customer", TLK_SUBJECT_CUSTOMER },
    { "location", TLK_SUBJECT_LOCATION },
    { "model", TLK_SUBJECT_MODEL },
    { "kit_type", TLK_SUBJECT_KIT_TYPE },
    { "user", TLK_SUBJECT_USER },
    { "device", TLK_SUBJECT_DEVICE },
    { "kit", TLK_SUBJECT_KIT },
    { "order", TLK_SUBJECT_ORDER },
    { "stop", TLK_SUBJECT_STOP },
    { "conflict", TLK_SUBJECT_EVENT },
  };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (int t = 0; t < TLK_EVENT_N_TYPES; t++)
    {
      const char *name = tlk_event_type_to_string (t);
      const char *describe = tlk_event_type_describe (t);
      const char *dot;
      gboolean matched = FALSE;

      g_assert_nonnull (name);
      g_assert_cmpint (tlk_event_type_from_string (name), ==, t);
      g_assert_true (g_hash_table_add (names, (gpointer) name));
      g_assert_nonnull (describe);
      g_assert_cmpstr (describe, !=, "");

      /* "noun.verb", and the noun is the kind of subject. */
      dot = strchr (name, '.');
      g_assert_nonnull (dot);
      g_assert_null (strchr (dot + 1, '.'));
      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        if (strlen (prefixes[i].prefix) == (gsize) (dot - name) &&
            strncmp (name, prefixes[i].prefix, dot - name) == 0)
          {
            g_assert_cmpint (tlk_event_type_subject (t), ==, prefixes[i].subject);
            matched = TRUE;
          }
      g_assert_true (matched);
    }

  g_assert_cmpint (tlk_event_type_from_string ("kit.teleported"), ==, TLK_EVENT_N_TYPES);
  g_assert_cmpint (tlk_event_type_from_string ("KIT.CREATED"), ==, TLK_EVENT_N_TYPES);
  g_assert_cmpint (tlk_event_type_from_string ("kit.created "), ==, TLK_EVENT_N_TYPES);
  g_assert_cmpint (tlk_event_type_from_string (""), ==, TLK_EVENT_N_TYPES);
  g_assert_cmpint (tlk_event_type_from_string (NULL), ==, TLK_EVENT_N_TYPES);
}

static void
test_new_and_copy (void)
{
  g_autoptr(TlkEvent) event = event_from_case (valid_case (TLK_EVENT_STOP_PLANNED));
  g_autoptr(TlkEvent) other = tlk_event_new (TLK_EVENT_STOP_PLANNED, STOP, ACTOR);
  g_autoptr(TlkEvent) copy = NULL;

  g_assert_true (g_uuid_string_is_valid (event->event_id));
  g_assert_cmpstr (event->event_id, !=, other->event_id);
  g_assert_cmpint (event->device_seq, ==, 0);
  g_assert_cmpint (event->server_seq, ==, 0);
  g_assert_null (event->device_id);
  g_assert_nonnull (event->occurred_at);
  g_assert_true (g_str_has_suffix (event->occurred_at, "Z"));

  event->device_id = g_strdup ("pc-van-3");
  event->device_seq = 41;
  event->server_seq = 900;
  copy = tlk_event_copy (event);
  assert_same_event (event, copy);

  /* A deep copy: changing it leaves the original alone. */
  tlk_event_set_int (copy, "seq", 99);
  g_assert_cmpint (tlk_event_get_int (event, "seq"), ==, 3);
}

static void
test_payload_string (void)
{
  g_autoptr(TlkEvent) event = tlk_event_new (TLK_EVENT_KIT_HELD, KIT, ACTOR);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (tlk_event_set_payload_from_string (event, "{\"reason\": \"no scale\"}", &error));
  g_assert_no_error (error);
  text = tlk_event_payload_to_string (event);
  g_assert_cmpstr (text, ==, "{\"reason\":\"no scale\"}");

  g_assert_false (tlk_event_set_payload_from_string (event, "[\"reason\"]", &error));
  g_assert_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE);
  g_clear_error (&error);

  g_assert_false (tlk_event_set_payload_from_string (event, "{\"reason\": ", &error));
  g_assert_error (error, JSON_PARSER_ERROR, error->code);
  g_clear_error (&error);

  /* A refused payload leaves the old one. */
  g_assert_cmpstr (tlk_event_get_string (event, "reason"), ==, "no scale");
}

static void
test_uuid (void)
{
  g_autoptr(GRand) a = g_rand_new_with_seed (42);
  g_autoptr(GRand) b = g_rand_new_with_seed (42);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *ua = tlk_uuid_new (a);
      g_autofree char *ub = tlk_uuid_new (b);
      g_autofree char *random = tlk_uuid_new (NULL);

      g_assert_cmpstr (ua, ==, ub);
      g_assert_true (g_uuid_string_is_valid (ua));
      g_assert_true (g_uuid_string_is_valid (random));
      /* Version 4, RFC 4122 variant. */
      g_assert_cmpint (ua[14], ==, '4');
      g_assert_nonnull (strchr ("89ab", ua[19]));
    }
}

static void
test_dates (void)
{
  static const struct {
    const char *date;
    gboolean    valid;
  } dates[] = {
    { "2026-02-28", TRUE },
    { "2024-02-29", TRUE },
    { "1900-01-01", TRUE },
    { "9999-12-31", TRUE },
    { "2026-02-29", FALSE },
    { "2026-02-30", FALSE },
    { "2026-04-31", FALSE },
    { "2026-13-01", FALSE },
    { "2026-00-10", FALSE },
    { "2026-01-00", FALSE },
    { "1899-12-31", FALSE },
    { "2026-1-01", FALSE },
    { "2026/01/01", FALSE },
    { "2026-01-011", FALSE },
    { "+026-01-01", FALSE },
    { "2026-01-0a", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    if (tlk_date_is_valid_iso (dates[i].date) != dates[i].valid)
      g_error ("“%s” should be %s", dates[i].date, dates[i].valid ? "valid" : "invalid");
}

/* Who may push what: a few rows by hand, and admin may write everything. */
static void
test_role_may_write (void)
{
  static const struct {
    const char  *role;
    TlkEventType type;
    gboolean     allowed;
  } rows[] = {
    { "warehouse", TLK_EVENT_DEVICE_RECEIVED, TRUE },
    { "warehouse", TLK_EVENT_KIT_INSTALLED, FALSE },
    { "warehouse", TLK_EVENT_ORDER_RECEIVED, FALSE },
    { "warehouse", TLK_EVENT_USER_DEFINED, FALSE },
    { "driver", TLK_EVENT_KIT_INSTALLED, TRUE },
    { "driver", TLK_EVENT_STOP_DONE, TRUE },
    { "driver", TLK_EVENT_KIT_RELEASED, FALSE },
    { "driver", TLK_EVENT_STOP_PLANNED, FALSE },
    { "coordinator", TLK_EVENT_ORDER_RECEIVED, TRUE },
    { "coordinator", TLK_EVENT_CONFLICT_RESOLVED, TRUE },
    { "coordinator", TLK_EVENT_USER_DEFINED, FALSE },
    { "coordinator", TLK_EVENT_KIT_STEP_PASSED, FALSE },
    { "nobody", TLK_EVENT_KIT_MOVED, FALSE },
    { NULL, TLK_EVENT_KIT_MOVED, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (tlk_role_may_write (rows[i].role, rows[i].type), ==, rows[i].allowed);
  for (int t = 0; t < TLK_EVENT_N_TYPES; t++)
    g_assert_true (tlk_role_may_write ("admin", t));
  g_assert_true (tlk_role_is_valid ("driver"));
  g_assert_false (tlk_role_is_valid ("Driver"));
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return TRUE;
  return FALSE;
}

/* The subject and every record the payload names; reference data counts as
 * everything. */
static void
test_touched_ids (void)
{
  g_autoptr(TlkEvent) swap = tlk_event_new (TLK_EVENT_KIT_DEVICE_SWAPPED, KIT, ACTOR);
  g_autoptr(TlkEvent) model = tlk_event_new (TLK_EVENT_MODEL_GTIN_ADDED, "m-nonin-3230", ACTOR);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) model_ids = NULL;

  tlk_event_set_payload_from_string (swap, valid_case (TLK_EVENT_KIT_DEVICE_SWAPPED)->payload, NULL);
  ids = tlk_event_touched_ids (swap);
  g_assert_true (ids_contain (ids, KIT));
  g_assert_true (ids_contain (ids, DEVICE_A));
  g_assert_true (ids_contain (ids, DEVICE_B));
  g_assert_true (ids_contain (ids, STOP));
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_false (ids_contain (ids, "*"));

  model_ids = tlk_event_touched_ids (model);
  g_assert_cmpuint (model_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (model_ids, 0), ==, "*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/codes", test_codes);
  g_test_add_func ("/event/validate/all-types", test_valid_all);
  g_test_add_func ("/event/validate/minimal", test_valid_minimal);
  g_test_add_func ("/event/validate/setters", test_setters);
  g_test_add_func ("/event/validate/missing-field", test_missing_field);
  g_test_add_func ("/event/validate/unknown-field", test_unknown_field);
  g_test_add_func ("/event/validate/bad-field", test_bad_field);
  g_test_add_func ("/event/validate/bad-utf8", test_bad_utf8);
  g_test_add_func ("/event/validate/bad-envelope", test_bad_envelope);
  g_test_add_func ("/event/validate/cpr", test_cpr);
  g_test_add_func ("/event/validate/cpr-in-steps", test_cpr_in_steps);
  g_test_add_func ("/event/json/round-trip", test_json_round_trip);
  g_test_add_func ("/event/json/refused", test_from_json_refused);
  g_test_add_func ("/event/json/accepted", test_from_json_accepted);
  g_test_add_func ("/event/type-names", test_type_names);
  g_test_add_func ("/event/new-and-copy", test_new_and_copy);
  g_test_add_func ("/event/payload-string", test_payload_string);
  g_test_add_func ("/event/uuid", test_uuid);
  g_test_add_func ("/event/dates", test_dates);
  g_test_add_func ("/event/role-may-write", test_role_may_write);
  g_test_add_func ("/event/touched-ids", test_touched_ids);

  return g_test_run ();
}
