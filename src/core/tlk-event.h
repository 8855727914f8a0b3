/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * The closed set of event types (DESIGN §4). The wire and database name of
 * each is in tlk-event.c ("kit.released"); the payload schema of each is a
 * table there too. Append new types at the end: the numbers are not stored,
 * but keeping them stable keeps tables in tests readable.
 */
typedef enum
{
  TLK_EVENT_CUSTOMER_DEFINED,
  TLK_EVENT_LOCATION_DEFINED,
  TLK_EVENT_MODEL_DEFINED,
  TLK_EVENT_KIT_TYPE_DEFINED,
  TLK_EVENT_USER_DEFINED,

  TLK_EVENT_DEVICE_RECEIVED,
  TLK_EVENT_DEVICE_MOVED,
  TLK_EVENT_DEVICE_SENT_TO_REPAIR,
  TLK_EVENT_DEVICE_REPAIRED,
  TLK_EVENT_DEVICE_RELEASED,
  TLK_EVENT_DEVICE_LOST,
  TLK_EVENT_DEVICE_FOUND,
  TLK_EVENT_DEVICE_RETIRED,

  TLK_EVENT_KIT_CREATED,
  TLK_EVENT_KIT_DEVICE_ADDED,
  TLK_EVENT_KIT_DEVICE_REMOVED,
  TLK_EVENT_KIT_RELEASED,
  TLK_EVENT_KIT_HELD,
  TLK_EVENT_KIT_RESUMED,
  TLK_EVENT_KIT_RESERVED,
  TLK_EVENT_KIT_UNRESERVED,
  TLK_EVENT_KIT_LOADED,
  TLK_EVENT_KIT_UNLOADED,
  TLK_EVENT_KIT_INSTALLED,
  TLK_EVENT_KIT_PICKED_UP,
  TLK_EVENT_KIT_RECEIVED,
  TLK_EVENT_KIT_REPROCESSING_STARTED,
  TLK_EVENT_KIT_STEP_PASSED,
  TLK_EVENT_KIT_STEP_FAILED,
  TLK_EVENT_KIT_DEVICE_SWAPPED,
  TLK_EVENT_KIT_MOVED,
  TLK_EVENT_KIT_LOST,
  TLK_EVENT_KIT_FOUND,
  TLK_EVENT_KIT_RETIRED,

  TLK_EVENT_ORDER_RECEIVED,
  TLK_EVENT_ORDER_RETURN_REQUESTED,
  TLK_EVENT_ORDER_CLOSED,
  TLK_EVENT_ORDER_CANCELLED,

  TLK_EVENT_STOP_PLANNED,
  TLK_EVENT_STOP_DONE,
  TLK_EVENT_STOP_FAILED,

  TLK_EVENT_MODEL_GTIN_ADDED,

  TLK_EVENT_CONFLICT_RESOLVED,

  TLK_EVENT_STOP_RESCHEDULED,

  TLK_EVENT_CUSTOMER_TERMS_SET,
  TLK_EVENT_KIT_TYPE_REORDER_SET,

  TLK_EVENT_N_TYPES
} TlkEventType;

typedef enum
{
  TLK_SUBJECT_CUSTOMER,
  TLK_SUBJECT_LOCATION,
  TLK_SUBJECT_MODEL,
  TLK_SUBJECT_KIT_TYPE,
  TLK_SUBJECT_USER,
  TLK_SUBJECT_DEVICE,
  TLK_SUBJECT_KIT,
  TLK_SUBJECT_ORDER,
  TLK_SUBJECT_STOP,
  TLK_SUBJECT_EVENT,    /* another event, by event_id: conflict resolutions */
} TlkSubjectKind;

#define TLK_EVENT_ERROR (tlk_event_error_quark ())

/**
 * TlkEventError:
 * @TLK_EVENT_ERROR_UNKNOWN_TYPE: not one of the closed set of types
 * @TLK_EVENT_ERROR_ENVELOPE: an envelope field is missing or malformed
 * @TLK_EVENT_ERROR_UNKNOWN_FIELD: the payload has a field its type does not define
 * @TLK_EVENT_ERROR_MISSING_FIELD: a required payload field is missing
 * @TLK_EVENT_ERROR_FIELD: a payload field has the wrong type or value
 */
typedef enum
{
  TLK_EVENT_ERROR_UNKNOWN_TYPE,
  TLK_EVENT_ERROR_ENVELOPE,
  TLK_EVENT_ERROR_UNKNOWN_FIELD,
  TLK_EVENT_ERROR_MISSING_FIELD,
  TLK_EVENT_ERROR_FIELD,
} TlkEventError;

struct _TlkEvent
{
  char        *event_id;     /* UUID made by the writing computer */
  char        *device_id;    /* the writing computer */
  gint64       device_seq;   /* strictly increasing per computer; 0 until stored */
  TlkEventType type;
  char        *subject;
  char        *actor;        /* user id */
  char        *occurred_at;  /* client clock, ISO 8601 UTC, display only */
  gint64       server_seq;   /* 0 until the server acknowledged it */
  JsonObject  *payload;
  char        *conflict;     /* why the server stored it without applying it, or NULL */
};

GQuark          tlk_event_error_quark           (void);

const char     *tlk_event_type_to_string        (TlkEventType  type);
/* TLK_EVENT_N_TYPES when @str is not a known type. */
TlkEventType    tlk_event_type_from_string      (const char   *str);
TlkSubjectKind  tlk_event_type_subject          (TlkEventType  type);
/* A translated phrase for timelines: "released to the shelf". */
const char     *tlk_event_type_describe         (TlkEventType  type);

/* The ids of the records @event may read or change: its subject and every
 * record its payload names. Two events whose sets are disjoint give the
 * same result in either order (what the sync engine relies on to apply a
 * pulled page on top of local events). Free with g_ptr_array_unref. */
GPtrArray      *tlk_event_touched_ids           (const TlkEvent *event);

/* A new event with a fresh UUID, the current time and an empty payload. */
TlkEvent       *tlk_event_new                   (TlkEventType  type,
                                                 const char   *subject,
                                                 const char   *actor);
TlkEvent       *tlk_event_copy                  (const TlkEvent *event);
void            tlk_event_free                  (TlkEvent     *event);

/* Envelope and payload against the type's closed schema. */
gboolean        tlk_event_validate              (const TlkEvent *event,
                                                 GError       **error);

/* Payload accessors: NULL / 0 / FALSE when absent. */
const char     *tlk_event_get_string            (const TlkEvent *event,
                                                 const char     *field);
gint64          tlk_event_get_int               (const TlkEvent *event,
                                                 const char     *field);
gboolean        tlk_event_get_bool              (const TlkEvent *event,
                                                 const char     *field);
JsonArray      *tlk_event_get_array             (const TlkEvent *event,
                                                 const char     *field);
void            tlk_event_set_string            (TlkEvent     *event,
                                                 const char   *field,
                                                 const char   *value);
void            tlk_event_set_int               (TlkEvent     *event,
                                                 const char   *field,
                                                 gint64        value);
void            tlk_event_set_bool              (TlkEvent     *event,
                                                 const char   *field,
                                                 gboolean      value);
/* Takes ownership of @value. */
void            tlk_event_set_array             (TlkEvent     *event,
                                                 const char   *field,
                                                 JsonArray    *value);

char           *tlk_event_payload_to_string     (const TlkEvent *event);
gboolean        tlk_event_set_payload_from_string (TlkEvent   *event,
                                                   const char *json,
                                                   GError    **error);
/* The wire form: lower snake-case envelope fields and "payload". */
JsonNode       *tlk_event_to_json               (const TlkEvent *event);
TlkEvent       *tlk_event_from_json             (JsonNode     *node,
                                                 GError      **error);

/* Helpers for ids and times. */
char           *tlk_uuid_new                    (GRand        *rand);
char           *tlk_time_now_iso                (void);
/* Today's date (UTC), YYYY-MM-DD: what completeness is checked against. */
char           *tlk_date_today_iso              (void);
/* Today's date where this computer is (YYYY-MM-DD): the day of a route. */
char           *tlk_date_today_local_iso        (void);
gboolean        tlk_date_is_valid_iso           (const char   *date);
/* The kinds of customer ("municipality", "region", "hospital", "gp"),
 * NULL-terminated. */
const char *const *tlk_customer_kinds         (void);
/* YYYY-MM: a billing month, or the month a price list starts; one with a
 * month after it (so not 9999-12). */
gboolean        tlk_month_is_valid              (const char   *month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkEvent, tlk_event_free)

G_END_DECLS
