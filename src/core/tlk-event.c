/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-event.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-entities.h"

G_DEFINE_QUARK (tlk-event-error-quark, tlk_event_error)

typedef enum
{
  FT_ID,        /* a record id: 1..64 of [A-Za-z0-9_.-] */
  FT_NAME,      /* a short name: 1..200 characters, no CPR */
  FT_TEXT,      /* free text: no CPR */
  FT_DATE,      /* YYYY-MM-DD */
  FT_INT,       /* a whole number >= 0 */
  FT_BOOL,
  FT_ENUM,      /* one of field->values */
  FT_GTIN,      /* 14 digits */
  FT_KIT,       /* K code */
  FT_DEVICE,    /* D code */
  FT_LOCATION,  /* L code */
  FT_DEVICES,   /* array of D codes */
  FT_SLOTS,     /* array of { "kind": id, "count": int >= 1 } */
  FT_STEPS,     /* array of { "id": id, "name": name } */
  FT_IDS,       /* array of ids (checklist steps) */
  FT_MONTH,     /* YYYY-MM */
  FT_PRICES,    /* object of id → whole number >= 0 (øre per kit type) */
} FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  gboolean    required;
  const char *const *values;
} Field;

#define MAX_FIELDS 11

typedef struct
{
  const char    *name;
  TlkSubjectKind subject;
  const char    *words;
  Field          fields[MAX_FIELDS];
} EventInfo;

static const char *const customer_kinds[] = { "municipality", "region", "hospital", "gp", NULL };
static const char *const location_kinds[] = { "warehouse", "shelf", "cleaning", "quarantine", "vehicle", "repair", NULL };
static const char *const trackings[] = { "serial", "quantity", NULL };
static const char *const roles[] = { "warehouse", "driver", "coordinator", "admin", NULL };
static const char *const removal_targets[] = { "stock", "quarantine", "repair", NULL };
static const char *const priorities[] = { "normal", "urgent", NULL };
static const char *const stop_kinds[] = { "delivery", "pickup", "swap", "service", NULL };
static const char *const decisions[] = { "dismissed", NULL };
static const char *const stop_failures[] = { "not_home", "refused", "wrong_address", "no_access", "other", NULL };

#define REQ(n, t) { n, t, TRUE, NULL }
#define OPT(n, t) { n, t, FALSE, NULL }
#define REQ_ENUM(n, v) { n, FT_ENUM, TRUE, v }
#define OPT_ENUM(n, v) { n, FT_ENUM, FALSE, v }

static const EventInfo event_info[TLK_EVENT_N_TYPES] = {
  [TLK_EVENT_CUSTOMER_DEFINED] = { "customer.defined", TLK_SUBJECT_CUSTOMER, N_("customer registered"),
    { REQ ("name", FT_NAME), REQ_ENUM ("kind", customer_kinds), OPT ("ean", FT_GTIN) } },
  [TLK_EVENT_LOCATION_DEFINED] = { "location.defined", TLK_SUBJECT_LOCATION, N_("location registered"),
    { REQ ("name", FT_NAME), REQ_ENUM ("kind", location_kinds), OPT ("parent", FT_LOCATION) } },
  [TLK_EVENT_MODEL_DEFINED] = { "model.defined", TLK_SUBJECT_MODEL, N_("device model registered"),
    { REQ ("manufacturer", FT_NAME), REQ ("name", FT_NAME), REQ ("kind", FT_ID), OPT ("gtin", FT_GTIN),
      OPT_ENUM ("tracking", trackings), OPT ("calibration_months", FT_INT), OPT ("shelf_life_months", FT_INT) } },
  [TLK_EVENT_KIT_TYPE_DEFINED] = { "kit_type.defined", TLK_SUBJECT_KIT_TYPE, N_("kit type registered"),
    { REQ ("name", FT_NAME), REQ ("slots", FT_SLOTS), REQ ("checklist", FT_STEPS), OPT ("install_checklist", FT_STEPS) } },
  [TLK_EVENT_USER_DEFINED] = { "user.defined", TLK_SUBJECT_USER, N_("user registered"),
    { REQ ("name", FT_NAME), REQ_ENUM ("role", roles) } },

  [TLK_EVENT_DEVICE_RECEIVED] = { "device.received", TLK_SUBJECT_DEVICE, N_("received at goods-in"),
    { REQ ("model", FT_ID), REQ ("serial", FT_NAME), OPT ("lot", FT_NAME), OPT ("expiry", FT_DATE),
      OPT ("calibration_due", FT_DATE), OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_DEVICE_MOVED] = { "device.moved", TLK_SUBJECT_DEVICE, N_("moved"),
    { REQ ("location", FT_LOCATION) } },
  [TLK_EVENT_DEVICE_SENT_TO_REPAIR] = { "device.sent_to_repair", TLK_SUBJECT_DEVICE, N_("sent to repair"),
    { OPT ("location", FT_LOCATION), OPT ("note", FT_TEXT) } },
  [TLK_EVENT_DEVICE_REPAIRED] = { "device.repaired", TLK_SUBJECT_DEVICE, N_("back from repair"),
    { OPT ("location", FT_LOCATION), OPT ("calibration_due", FT_DATE) } },
  [TLK_EVENT_DEVICE_RELEASED] = { "device.released", TLK_SUBJECT_DEVICE, N_("cleaned and back in stock"),
    { OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_DEVICE_LOST] = { "device.lost", TLK_SUBJECT_DEVICE, N_("reported lost"),
    { OPT ("note", FT_TEXT) } },
  [TLK_EVENT_DEVICE_FOUND] = { "device.found", TLK_SUBJECT_DEVICE, N_("found"),
    { OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_DEVICE_RETIRED] = { "device.retired", TLK_SUBJECT_DEVICE, N_("retired"),
    { OPT ("reason", FT_TEXT) } },

  [TLK_EVENT_KIT_CREATED] = { "kit.created", TLK_SUBJECT_KIT, N_("created"),
    { REQ ("kit_type", FT_ID), OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_KIT_DEVICE_ADDED] = { "kit.device_added", TLK_SUBJECT_KIT, N_("device added"),
    { REQ ("device", FT_DEVICE) } },
  [TLK_EVENT_KIT_DEVICE_REMOVED] = { "kit.device_removed", TLK_SUBJECT_KIT, N_("device removed"),
    { REQ ("device", FT_DEVICE), REQ_ENUM ("to", removal_targets), OPT ("reason", FT_TEXT) } },
  [TLK_EVENT_KIT_RELEASED] = { "kit.released", TLK_SUBJECT_KIT, N_("released to the shelf"),
    { OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_KIT_HELD] = { "kit.held", TLK_SUBJECT_KIT, N_("put on hold"),
    { REQ ("reason", FT_TEXT) } },
  [TLK_EVENT_KIT_RESUMED] = { "kit.resumed", TLK_SUBJECT_KIT, N_("taken off hold"),
    { { NULL } } },
  [TLK_EVENT_KIT_RESERVED] = { "kit.reserved", TLK_SUBJECT_KIT, N_("reserved for an order"),
    { REQ ("order", FT_ID) } },
  [TLK_EVENT_KIT_UNRESERVED] = { "kit.unreserved", TLK_SUBJECT_KIT, N_("reservation cancelled"),
    { OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_KIT_LOADED] = { "kit.loaded", TLK_SUBJECT_KIT, N_("loaded on a vehicle"),
    { REQ ("vehicle", FT_LOCATION), OPT ("driver", FT_ID) } },
  [TLK_EVENT_KIT_UNLOADED] = { "kit.unloaded", TLK_SUBJECT_KIT, N_("unloaded (not delivered)"),
    { OPT ("location", FT_LOCATION), OPT ("reason", FT_TEXT) } },
  [TLK_EVENT_KIT_INSTALLED] = { "kit.installed", TLK_SUBJECT_KIT, N_("installed at the citizen’s home"),
    { OPT ("stop", FT_ID) } },
  [TLK_EVENT_KIT_PICKED_UP] = { "kit.picked_up", TLK_SUBJECT_KIT, N_("picked up"),
    { OPT ("missing", FT_DEVICES), OPT ("stop", FT_ID) } },
  [TLK_EVENT_KIT_RECEIVED] = { "kit.received", TLK_SUBJECT_KIT, N_("received into quarantine"),
    { OPT ("location", FT_LOCATION), OPT ("missing", FT_DEVICES) } },
  [TLK_EVENT_KIT_REPROCESSING_STARTED] = { "kit.reprocessing_started", TLK_SUBJECT_KIT, N_("reprocessing started"),
    { OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_KIT_STEP_PASSED] = { "kit.step_passed", TLK_SUBJECT_KIT, N_("checklist step passed"),
    { REQ ("step", FT_ID) } },
  [TLK_EVENT_KIT_STEP_FAILED] = { "kit.step_failed", TLK_SUBJECT_KIT, N_("checklist step failed"),
    { REQ ("step", FT_ID), OPT ("note", FT_TEXT) } },
  [TLK_EVENT_KIT_DEVICE_SWAPPED] = { "kit.device_swapped", TLK_SUBJECT_KIT, N_("device swapped at the home"),
    { REQ ("device_out", FT_DEVICE), REQ ("device_in", FT_DEVICE), OPT ("reason", FT_TEXT), OPT ("stop", FT_ID) } },
  [TLK_EVENT_KIT_MOVED] = { "kit.moved", TLK_SUBJECT_KIT, N_("moved"),
    { REQ ("location", FT_LOCATION) } },
  [TLK_EVENT_KIT_LOST] = { "kit.lost", TLK_SUBJECT_KIT, N_("reported lost"),
    { OPT ("note", FT_TEXT) } },
  [TLK_EVENT_KIT_FOUND] = { "kit.found", TLK_SUBJECT_KIT, N_("found"),
    { OPT ("location", FT_LOCATION) } },
  [TLK_EVENT_KIT_RETIRED] = { "kit.retired", TLK_SUBJECT_KIT, N_("retired"),
    { OPT ("reason", FT_TEXT) } },

  [TLK_EVENT_ORDER_RECEIVED] = { "order.received", TLK_SUBJECT_ORDER, N_("order received"),
    { REQ ("customer", FT_ID), REQ ("case_ref", FT_NAME), REQ ("kit_type", FT_ID), REQ ("citizen", FT_ID),
      REQ ("requested_date", FT_DATE), OPT_ENUM ("priority", priorities), OPT ("notes", FT_TEXT) } },
  [TLK_EVENT_ORDER_RETURN_REQUESTED] = { "order.return_requested", TLK_SUBJECT_ORDER, N_("return requested"),
    { OPT ("requested_date", FT_DATE) } },
  [TLK_EVENT_ORDER_CLOSED] = { "order.closed", TLK_SUBJECT_ORDER, N_("order closed"),
    { { NULL } } },
  [TLK_EVENT_ORDER_CANCELLED] = { "order.cancelled", TLK_SUBJECT_ORDER, N_("order cancelled"),
    { OPT ("reason", FT_TEXT) } },

  [TLK_EVENT_STOP_PLANNED] = { "stop.planned", TLK_SUBJECT_STOP, N_("stop planned"),
    { REQ ("order", FT_ID), REQ_ENUM ("kind", stop_kinds), REQ ("date", FT_DATE), REQ ("driver", FT_ID),
      OPT ("seq", FT_INT), OPT ("kit", FT_KIT), OPT ("window", FT_NAME), OPT ("device", FT_DEVICE) } },
  [TLK_EVENT_STOP_DONE] = { "stop.done", TLK_SUBJECT_STOP, N_("stop done"),
    { OPT ("signed", FT_BOOL), OPT ("checked", FT_IDS) } },
  [TLK_EVENT_STOP_FAILED] = { "stop.failed", TLK_SUBJECT_STOP, N_("stop failed"),
    { REQ_ENUM ("reason", stop_failures), OPT ("note", FT_TEXT) } },

  [TLK_EVENT_MODEL_GTIN_ADDED] = { "model.gtin_added", TLK_SUBJECT_MODEL, N_("barcode number learnt"),
    { REQ ("gtin", FT_GTIN) } },

  [TLK_EVENT_STOP_RESCHEDULED] = { "stop.rescheduled", TLK_SUBJECT_STOP, N_("stop moved in the route"),
    { OPT ("date", FT_DATE), OPT ("seq", FT_INT), OPT ("driver", FT_ID), OPT ("window", FT_NAME) } },

  /* A customer's price list and SLA targets from a month on (prices in
   * øre; targets in Danish working days, 0 = none). */
  [TLK_EVENT_CUSTOMER_TERMS_SET] = { "customer.terms_set", TLK_SUBJECT_CUSTOMER, N_("price list and service levels set"),
    { REQ ("from", FT_MONTH), OPT ("install_days", FT_INT), OPT ("pickup_days", FT_INT), OPT ("kit_day", FT_PRICES),
      OPT ("delivery", FT_INT), OPT ("pickup", FT_INT), OPT ("swap", FT_INT), OPT ("service", FT_INT),
      OPT ("urgent", FT_INT), OPT ("failed_visit", FT_INT) } },
  [TLK_EVENT_KIT_TYPE_REORDER_SET] = { "kit_type.reorder_set", TLK_SUBJECT_KIT_TYPE, N_("reorder threshold set"),
    { REQ ("reorder_at", FT_INT) } },

  [TLK_EVENT_CONFLICT_RESOLVED] = { "conflict.resolved", TLK_SUBJECT_EVENT, N_("conflict resolved"),
    { REQ_ENUM ("decision", decisions), OPT ("note", FT_TEXT) } },
};

const char *
tlk_event_type_to_string (TlkEventType type)
{
  g_return_val_if_fail ((int) type >= 0 && type < TLK_EVENT_N_TYPES, NULL);
  return event_info[type].name;
}

TlkEventType
tlk_event_type_from_string (const char *str)
{
  if (str == NULL)
    return TLK_EVENT_N_TYPES;
  for (int i = 0; i < TLK_EVENT_N_TYPES; i++)
    if (strcmp (event_info[i].name, str) == 0)
      return (TlkEventType) i;
  return TLK_EVENT_N_TYPES;
}

TlkSubjectKind
tlk_event_type_subject (TlkEventType type)
{
  g_return_val_if_fail ((int) type >= 0 && type < TLK_EVENT_N_TYPES, TLK_SUBJECT_KIT);
  return event_info[type].subject;
}

const char *
tlk_event_type_describe (TlkEventType type)
{
  g_return_val_if_fail ((int) type >= 0 && type < TLK_EVENT_N_TYPES, NULL);
  return _(event_info[type].words);
}

char *
tlk_uuid_new (GRand *rand)
{
  guint8 b[16];

  if (rand == NULL)
    return g_uuid_string_random ();

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_rand_int (rand);
      memcpy (b + i, &r, 4);
    }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
tlk_time_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
tlk_date_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
tlk_date_today_local_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
tlk_date_is_valid_iso (const char *date)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  return y >= 1900 && y <= 9999 && g_date_valid_dmy (d, m, y);
}

const char *const *
tlk_customer_kinds (void)
{
  return customer_kinds;
}

gboolean
tlk_month_is_valid (const char *month)
{
  g_autofree char *first = NULL;

  if (month == NULL || strlen (month) != 7)
    return FALSE;
  first = g_strconcat (month, "-01", NULL);
  /* A month ends where the next begins: 9999-12 has no end in the calendar. */
  return tlk_date_is_valid_iso (first) && strcmp (month, "9999-12") != 0;
}

TlkEvent *
tlk_event_new (TlkEventType type,
               const char  *subject,
               const char  *actor)
{
  TlkEvent *event;

  g_return_val_if_fail ((int) type >= 0 && type < TLK_EVENT_N_TYPES, NULL);

  event = g_new0 (TlkEvent, 1);
  event->event_id = g_uuid_string_random ();
  event->type = type;
  event->subject = g_strdup (subject);
  event->actor = g_strdup (actor);
  event->occurred_at = tlk_time_now_iso ();
  event->payload = json_object_new ();
  return event;
}

TlkEvent *
tlk_event_copy (const TlkEvent *event)
{
  TlkEvent *copy;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new0 (TlkEvent, 1);
  copy->event_id = g_strdup (event->event_id);
  copy->device_id = g_strdup (event->device_id);
  copy->device_seq = event->device_seq;
  copy->type = event->type;
  copy->subject = g_strdup (event->subject);
  copy->actor = g_strdup (event->actor);
  copy->occurred_at = g_strdup (event->occurred_at);
  copy->server_seq = event->server_seq;
  copy->conflict = g_strdup (event->conflict);
  payload = tlk_event_payload_to_string (event);
  copy->payload = json_object_new ();
  tlk_event_set_payload_from_string (copy, payload, NULL);
  return copy;
}

void
tlk_event_free (TlkEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->event_id);
  g_free (event->device_id);
  g_free (event->subject);
  g_free (event->actor);
  g_free (event->occurred_at);
  g_free (event->conflict);
  g_clear_pointer (&event->payload, json_object_unref);
  g_free (event);
}

static gboolean
is_id (const char *s)
{
  gsize len;

  if (s == NULL || (len = strlen (s)) == 0 || len > 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_code_of (const char *s,
            char        kind)
{
  return s != NULL && s[0] == kind && tlk_code_is_valid (s);
}

static gboolean
field_error (GError    **error,
             const char *type,
             const char *field,
             const char *why)
{
  g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_FIELD,
               _("%s: the field “%s” %s."), type, field, why);
  return FALSE;
}

static gboolean
check_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
check_object_array (const char *type,
                    const Field *f,
                    JsonNode   *node,
                    const char *key_a,
                    const char *key_b,
                    gboolean    b_is_count,
                    GError    **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, type, f->name, _("must be a list"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *obj;
      JsonNode *a, *b;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return field_error (error, type, f->name, _("must be a list of objects"));
      obj = json_node_get_object (item);
      if (json_object_get_size (obj) != 2)
        return field_error (error, type, f->name, _("has an item with other fields than expected"));
      a = json_object_get_member (obj, key_a);
      b = json_object_get_member (obj, key_b);
      if (a == NULL || !check_string_node (a) || !is_id (json_node_get_string (a)))
        return field_error (error, type, f->name, _("has an item without a valid id"));
      if (b_is_count)
        {
          if (b == NULL || !JSON_NODE_HOLDS_VALUE (b) || json_node_get_value_type (b) != G_TYPE_INT64 ||
              json_node_get_int (b) < 1 || json_node_get_int (b) > 100)
            return field_error (error, type, f->name, _("has an item without a count between 1 and 100"));
        }
      else
        {
          if (b == NULL || !check_string_node (b) || *json_node_get_string (b) == '\0')
            return field_error (error, type, f->name, _("has an item without a name"));
          if (!tlk_text_check_free (f->name, json_node_get_string (b), error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_device_code (const char *s)
{
  return is_code_of (s, 'D');
}

/* { "id": whole number >= 0, … } */
static gboolean
check_prices (const char  *type,
              const Field *f,
              JsonNode    *node,
              GError     **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_error (error, type, f->name, _("must be an object of prices"));
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!is_id (key))
        return field_error (error, type, f->name, _("has a price without a valid id"));
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < 0)
        return field_error (error, type, f->name, _("has a price that is not a whole number, 0 or more"));
    }
  return TRUE;
}

/* A JSON array of strings, each passing @valid. */
static gboolean
check_string_array (const char      *type,
                    const Field     *f,
                    JsonNode        *node,
                    gboolean       (*valid) (const char *s),
                    const char      *why,
                    GError         **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, type, f->name, why);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      if (!check_string_node (item) || !valid (json_node_get_string (item)))
        return field_error (error, type, f->name, why);
    }
  return TRUE;
}

static gboolean
validate_field (const char  *type,
                const Field *f,
                JsonNode    *node,
                GError     **error)
{
  const char *s = NULL;

  switch (f->type)
    {
    case FT_INT:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0)
        return field_error (error, type, f->name, _("must be a whole number, 0 or more"));
      return TRUE;

    case FT_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return field_error (error, type, f->name, _("must be true or false"));
      return TRUE;

    case FT_DEVICES:
      return check_string_array (type, f, node, is_device_code, _("must be a list of device codes"), error);

    case FT_SLOTS:
      if (!check_object_array (type, f, node, "kind", "count", TRUE, error))
        return FALSE;
      if (json_array_get_length (json_node_get_array (node)) == 0)
        return field_error (error, type, f->name, _("must name at least one slot"));
      return TRUE;

    case FT_STEPS:
      return check_object_array (type, f, node, "id", "name", FALSE, error);

    case FT_IDS:
      return check_string_array (type, f, node, is_id, _("must be a list of ids"), error);

    case FT_PRICES:
      return check_prices (type, f, node, error);

    case FT_ID:
    case FT_NAME:
    case FT_TEXT:
    case FT_DATE:
    case FT_MONTH:
    case FT_ENUM:
    case FT_GTIN:
    case FT_KIT:
    case FT_DEVICE:
    case FT_LOCATION:
    default:
      break;
    }

  if (!check_string_node (node))
    return field_error (error, type, f->name, _("must be text"));
  s = json_node_get_string (node);

  switch (f->type)
    {
    case FT_ID:
      if (!is_id (s))
        return field_error (error, type, f->name, _("is not a valid id"));
      return TRUE;
    case FT_NAME:
      if (*s == '\0' || !g_utf8_validate (s, -1, NULL) || g_utf8_strlen (s, -1) > 200)
        return field_error (error, type, f->name, _("must be 1 to 200 characters"));
      return tlk_text_check_free (f->name, s, error);
    case FT_TEXT:
      if (!g_utf8_validate (s, -1, NULL))
        return field_error (error, type, f->name, _("is not valid text"));
      return tlk_text_check_free (f->name, s, error);
    case FT_DATE:
      if (!tlk_date_is_valid_iso (s))
        return field_error (error, type, f->name, _("must be a date written YYYY-MM-DD"));
      return TRUE;
    case FT_MONTH:
      if (!tlk_month_is_valid (s))
        return field_error (error, type, f->name, _("must be a month written YYYY-MM"));
      return TRUE;
    case FT_ENUM:
      if (!g_strv_contains (f->values, s))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) f->values);
          g_autofree char *why = g_strdup_printf (_("must be one of %s"), allowed);
          return field_error (error, type, f->name, why);
        }
      return TRUE;
    case FT_GTIN:
      if (strlen (s) < 8 || strlen (s) > 14 || strspn (s, "0123456789") != strlen (s))
        return field_error (error, type, f->name, _("must be 8 to 14 digits"));
      return TRUE;
    case FT_KIT:
      if (!is_code_of (s, 'K'))
        return field_error (error, type, f->name, _("must be a kit code"));
      return TRUE;
    case FT_DEVICE:
      if (!is_code_of (s, 'D'))
        return field_error (error, type, f->name, _("must be a device code"));
      return TRUE;
    case FT_LOCATION:
      if (!is_code_of (s, 'L'))
        return field_error (error, type, f->name, _("must be a location code"));
      return TRUE;
    case FT_INT:
    case FT_BOOL:
    case FT_DEVICES:
    case FT_SLOTS:
    case FT_STEPS:
    case FT_IDS:
    case FT_PRICES:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
subject_valid (TlkSubjectKind kind,
               const char    *subject)
{
  switch (kind)
    {
    case TLK_SUBJECT_KIT:
      return is_code_of (subject, 'K');
    case TLK_SUBJECT_DEVICE:
      return is_code_of (subject, 'D');
    case TLK_SUBJECT_LOCATION:
      return is_code_of (subject, 'L');
    case TLK_SUBJECT_STOP:
      return is_code_of (subject, 'S');
    case TLK_SUBJECT_EVENT:
      return subject != NULL && g_uuid_string_is_valid (subject);
    case TLK_SUBJECT_CUSTOMER:
    case TLK_SUBJECT_MODEL:
    case TLK_SUBJECT_KIT_TYPE:
    case TLK_SUBJECT_USER:
    case TLK_SUBJECT_ORDER:
    default:
      return is_id (subject);
    }
}

gboolean
tlk_event_validate (const TlkEvent *event,
                    GError        **error)
{
  const EventInfo *info;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  g_return_val_if_fail (event != NULL, FALSE);

  if ((int) event->type < 0 || event->type >= TLK_EVENT_N_TYPES)
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_UNKNOWN_TYPE,
                   _("Unknown event type."));
      return FALSE;
    }
  info = &event_info[event->type];

  if (event->event_id == NULL || !g_uuid_string_is_valid (event->event_id))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("%s: the event id is not a UUID."), info->name);
      return FALSE;
    }
  if (!subject_valid (info->subject, event->subject))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("%s: “%s” is not a valid subject for this event."),
                   info->name, event->subject ? event->subject : "");
      return FALSE;
    }
  if (event->actor == NULL || !is_id (event->actor))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("%s: the event has no valid actor."), info->name);
      return FALSE;
    }
  if (event->occurred_at == NULL || strlen (event->occurred_at) < 20 || strlen (event->occurred_at) > 40)
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("%s: the event has no valid time."), info->name);
      return FALSE;
    }
  if (event->payload == NULL)
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("%s: the event has no payload."), info->name);
      return FALSE;
    }

  /* Closed schema: every member must be declared... */
  json_object_iter_init (&iter, event->payload);
  while (json_object_iter_next (&iter, &member, &node))
    {
      const Field *f = NULL;

      for (guint i = 0; i < MAX_FIELDS && info->fields[i].name != NULL; i++)
        if (strcmp (info->fields[i].name, member) == 0)
          f = &info->fields[i];
      if (f == NULL)
        {
          g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_UNKNOWN_FIELD,
                       _("%s: unknown field “%s”."), info->name, member);
          return FALSE;
        }
      if (!validate_field (info->name, f, node, error))
        return FALSE;
    }

  /* ...and every required one present. */
  for (guint i = 0; i < MAX_FIELDS && info->fields[i].name != NULL; i++)
    if (info->fields[i].required && !json_object_has_member (event->payload, info->fields[i].name))
      {
        g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_MISSING_FIELD,
                     _("%s: the field “%s” is missing."), info->name, info->fields[i].name);
        return FALSE;
      }

  return TRUE;
}

const char *
tlk_event_get_string (const TlkEvent *event,
                      const char     *field)
{
  JsonNode *node;

  g_return_val_if_fail (event != NULL, NULL);

  node = json_object_get_member (event->payload, field);
  if (node == NULL || !check_string_node (node))
    return NULL;
  return json_node_get_string (node);
}

gint64
tlk_event_get_int (const TlkEvent *event,
                   const char     *field)
{
  JsonNode *node;

  g_return_val_if_fail (event != NULL, 0);

  node = json_object_get_member (event->payload, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

gboolean
tlk_event_get_bool (const TlkEvent *event,
                    const char     *field)
{
  JsonNode *node;

  g_return_val_if_fail (event != NULL, FALSE);

  node = json_object_get_member (event->payload, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

JsonArray *
tlk_event_get_array (const TlkEvent *event,
                     const char     *field)
{
  JsonNode *node;

  g_return_val_if_fail (event != NULL, NULL);

  node = json_object_get_member (event->payload, field);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

void
tlk_event_set_string (TlkEvent   *event,
                      const char *field,
                      const char *value)
{
  g_return_if_fail (event != NULL);
  g_return_if_fail (field != NULL);

  if (value == NULL)
    json_object_remove_member (event->payload, field);
  else
    json_object_set_string_member (event->payload, field, value);
}

void
tlk_event_set_int (TlkEvent   *event,
                   const char *field,
                   gint64      value)
{
  g_return_if_fail (event != NULL);
  json_object_set_int_member (event->payload, field, value);
}

void
tlk_event_set_bool (TlkEvent   *event,
                    const char *field,
                    gboolean    value)
{
  g_return_if_fail (event != NULL);
  json_object_set_boolean_member (event->payload, field, value);
}

void
tlk_event_set_array (TlkEvent   *event,
                     const char *field,
                     JsonArray  *value)
{
  g_return_if_fail (event != NULL);
  json_object_set_array_member (event->payload, field, value);
}

char *
tlk_event_payload_to_string (const TlkEvent *event)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), event->payload);
  return json_to_string (node, FALSE);
}

gboolean
tlk_event_set_payload_from_string (TlkEvent   *event,
                                   const char *json,
                                   GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("The payload is not a JSON object."));
      return FALSE;
    }
  g_clear_pointer (&event->payload, json_object_unref);
  event->payload = json_object_ref (json_node_get_object (root));
  return TRUE;
}

JsonNode *
tlk_event_to_json (const TlkEvent *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (event != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event_id");
  json_builder_add_string_value (b, event->event_id);
  json_builder_set_member_name (b, "device_id");
  json_builder_add_string_value (b, event->device_id);
  json_builder_set_member_name (b, "device_seq");
  json_builder_add_int_value (b, event->device_seq);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, tlk_event_type_to_string (event->type));
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, event->subject);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, event->actor);
  json_builder_set_member_name (b, "occurred_at");
  json_builder_add_string_value (b, event->occurred_at);
  json_builder_set_member_name (b, "server_seq");
  if (event->server_seq > 0)
    json_builder_add_int_value (b, event->server_seq);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "payload");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), event->payload));
  if (event->conflict != NULL)
    {
      json_builder_set_member_name (b, "conflict");
      json_builder_add_string_value (b, event->conflict);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *
envelope_string (JsonObject *obj,
                 const char *name,
                 GError    **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !check_string_node (node))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("The event has no text field “%s”."), name);
      return NULL;
    }
  return json_node_get_string (node);
}

TlkEvent *
tlk_event_from_json (JsonNode *node,
                     GError  **error)
{
  static const char *const envelope[] = {
    "event_id", "device_id", "device_seq", "type", "subject", "actor", "occurred_at", "server_seq", "payload", "conflict",
    NULL
  };
  g_autoptr(TlkEvent) event = NULL;
  JsonObject *obj;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  const char *type, *s;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE, _("An event must be a JSON object."));
      return NULL;
    }
  obj = json_node_get_object (node);

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &member, &value))
    if (!g_strv_contains (envelope, member))
      {
        g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_UNKNOWN_FIELD,
                     _("The event has an unknown field “%s”."), member);
        return NULL;
      }

  event = g_new0 (TlkEvent, 1);
  if ((type = envelope_string (obj, "type", error)) == NULL)
    return NULL;
  event->type = tlk_event_type_from_string (type);
  if (event->type == TLK_EVENT_N_TYPES)
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_UNKNOWN_TYPE,
                   _("Unknown event type “%s”."), type);
      return NULL;
    }
  if ((s = envelope_string (obj, "event_id", error)) == NULL)
    return NULL;
  event->event_id = g_strdup (s);
  if ((s = envelope_string (obj, "device_id", error)) == NULL)
    return NULL;
  if (!is_id (s))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("The event has no valid “device_id”."));
      return NULL;
    }
  event->device_id = g_strdup (s);
  if ((s = envelope_string (obj, "subject", error)) == NULL)
    return NULL;
  event->subject = g_strdup (s);
  if ((s = envelope_string (obj, "actor", error)) == NULL)
    return NULL;
  event->actor = g_strdup (s);
  if ((s = envelope_string (obj, "occurred_at", error)) == NULL)
    return NULL;
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (s, NULL);
    if (when == NULL)
      {
        g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                     _("The event time “%s” is not an ISO 8601 time."), s);
        return NULL;
      }
  }
  event->occurred_at = g_strdup (s);

  value = json_object_get_member (obj, "device_seq");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
      json_node_get_int (value) < 1)
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("The event has no valid “device_seq”."));
      return NULL;
    }
  event->device_seq = json_node_get_int (value);

  value = json_object_get_member (obj, "server_seq");
  if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < 1)
        {
          g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                       _("The event has an invalid “server_seq”."));
          return NULL;
        }
      event->server_seq = json_node_get_int (value);
    }

  value = json_object_get_member (obj, "conflict");
  if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    {
      if (!check_string_node (value) || event->server_seq == 0)
        {
          g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                       _("The event has an invalid “conflict”."));
          return NULL;
        }
      event->conflict = g_strdup (json_node_get_string (value));
    }

  value = json_object_get_member (obj, "payload");
  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    {
      g_set_error (error, TLK_EVENT_ERROR, TLK_EVENT_ERROR_ENVELOPE,
                   _("The event has no payload object."));
      return NULL;
    }
  event->payload = json_object_ref (json_node_get_object (value));

  if (!tlk_event_validate (event, error))
    return NULL;

  return g_steal_pointer (&event);
}

GPtrArray *
tlk_event_touched_ids (const TlkEvent *event)
{
  const EventInfo *info;
  GPtrArray *ids;

  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail ((int) event->type >= 0 && event->type < TLK_EVENT_N_TYPES, NULL);

  info = &event_info[event->type];
  ids = g_ptr_array_new_with_free_func (g_free);

  /* Reference data (models, kit types, customers…) is read by events that
   * do not name it (a device's model decides which slot it fills), so a
   * change to it is taken as touching everything. */
  if (info->subject <= TLK_SUBJECT_USER || event->type == TLK_EVENT_MODEL_GTIN_ADDED)
    {
      g_ptr_array_add (ids, g_strdup ("*"));
      return ids;
    }

  g_ptr_array_add (ids, g_strdup (event->subject));
  for (guint i = 0; i < MAX_FIELDS && info->fields[i].name != NULL; i++)
    {
      const Field *f = &info->fields[i];
      JsonNode *node = json_object_get_member (event->payload, f->name);

      if (node == NULL)
        continue;
      if (f->type == FT_DEVICES && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (array); j++)
            g_ptr_array_add (ids, g_strdup (json_array_get_string_element (array, j)));
        }
      else if ((f->type == FT_ID || f->type == FT_KIT || f->type == FT_DEVICE || f->type == FT_LOCATION) &&
               check_string_node (node))
        g_ptr_array_add (ids, g_strdup (json_node_get_string (node)));
    }
  return ids;
}
