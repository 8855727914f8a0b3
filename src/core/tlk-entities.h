/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * The states of DESIGN §3. Each enum starts with _NONE, "does not exist yet",
 * so the state machines can say which events create a record.
 */

typedef enum
{
  TLK_KIT_NONE,
  TLK_KIT_ASSEMBLING,
  TLK_KIT_READY,
  TLK_KIT_RESERVED,
  TLK_KIT_OUT,
  TLK_KIT_INSTALLED,
  TLK_KIT_RETURNING,
  TLK_KIT_QUARANTINE,
  TLK_KIT_REPROCESSING,
  TLK_KIT_ON_HOLD,
  TLK_KIT_LOST,
  TLK_KIT_RETIRED,
  TLK_KIT_N_STATES
} TlkKitState;

typedef enum
{
  TLK_DEVICE_NONE,
  TLK_DEVICE_IN_STOCK,
  TLK_DEVICE_IN_KIT,
  TLK_DEVICE_QUARANTINE,
  TLK_DEVICE_REPAIR,
  TLK_DEVICE_LOST,
  TLK_DEVICE_RETIRED,
  TLK_DEVICE_N_STATES
} TlkDeviceState;

typedef enum
{
  TLK_ORDER_NONE,
  TLK_ORDER_RECEIVED,
  TLK_ORDER_ALLOCATED,
  TLK_ORDER_SCHEDULED,
  TLK_ORDER_INSTALLED,
  TLK_ORDER_RETURN_REQUESTED,
  TLK_ORDER_PICKUP_SCHEDULED,
  TLK_ORDER_RETURNED,
  TLK_ORDER_CLOSED,
  TLK_ORDER_CANCELLED,
  TLK_ORDER_N_STATES
} TlkOrderState;

typedef enum
{
  TLK_STOP_NONE,
  TLK_STOP_PLANNED,
  TLK_STOP_DONE,
  TLK_STOP_FAILED,
  TLK_STOP_N_STATES
} TlkStopState;

/* Machine names ("assembling", "on_hold") used in the database and JSON, and
 * translated words for people. */
const char    *tlk_kit_state_to_string     (TlkKitState    state);
TlkKitState    tlk_kit_state_from_string   (const char    *str);
const char    *tlk_kit_state_describe      (TlkKitState    state);
const char    *tlk_device_state_to_string  (TlkDeviceState state);
TlkDeviceState tlk_device_state_from_string (const char   *str);
const char    *tlk_device_state_describe   (TlkDeviceState state);
const char    *tlk_order_state_to_string   (TlkOrderState  state);
TlkOrderState  tlk_order_state_from_string (const char    *str);
const char    *tlk_order_state_describe    (TlkOrderState  state);
const char    *tlk_stop_state_to_string    (TlkStopState   state);
TlkStopState   tlk_stop_state_from_string  (const char    *str);
const char    *tlk_stop_state_describe     (TlkStopState   state);

/* Device kinds are ids ("pulse_oximeter"); known ones have a translated name,
 * others (added by an admin) are shown as they are. */
const char    *tlk_device_kind_describe    (const char    *kind);

struct _TlkCustomer
{
  char *id;
  char *name;
  char *kind;       /* municipality, region, hospital, gp */
  char *ean;        /* EAN/GLN billing number, may be NULL */
  JsonArray *terms; /* customer.terms_set payloads in month order, may be NULL (tlk-terms.h) */
};

struct _TlkLocation
{
  char *id;         /* L… code */
  char *name;
  char *kind;       /* warehouse, shelf, cleaning, quarantine, vehicle, repair */
  char *parent;     /* may be NULL */
};

struct _TlkDeviceModel
{
  char    *id;
  char    *manufacturer;
  char    *name;
  char    *kind;
  char    *gtin;                /* may be NULL */
  GPtrArray *gtins;             /* of char*: further GTINs learnt at goods-in */
  gboolean by_quantity;
  int      calibration_months;  /* 0: no calibration */
  int      shelf_life_months;   /* 0: does not expire */
};

typedef struct
{
  char *id;
  char *name;
} TlkStep;

struct _TlkKitSlot
{
  char *kind;
  int   count;
};

struct _TlkKitType
{
  char      *id;
  char      *name;
  GPtrArray *slots;              /* of TlkKitSlot */
  GPtrArray *checklist;          /* of TlkStep: reprocessing */
  GPtrArray *install_checklist;  /* of TlkStep */
  int        reorder_at;         /* warn when ready stock falls below this; 0: no threshold */
};

struct _TlkDevice
{
  char          *id;              /* D… code */
  char          *model;
  char          *serial;
  char          *lot;             /* may be NULL */
  char          *expiry;          /* ISO date or NULL */
  char          *calibration_due; /* ISO date or NULL */
  TlkDeviceState state;
  char          *kit;             /* NULL unless in a kit */
  char          *location;        /* may be NULL */
};

struct _TlkKit
{
  char       *id;               /* K… code */
  char       *kit_type;
  TlkKitState state;
  TlkKitState held_from;        /* the state on_hold was entered from */
  char       *location;         /* where it is, or NULL when with a custodian */
  char       *custodian;        /* user id of the driver carrying it, or NULL */
  char       *order;            /* the order it is reserved for or installed at */
  GPtrArray  *devices;          /* of char*: device ids, in the order added */
  GPtrArray  *steps_passed;     /* of char*: step ids passed in this reprocessing */
  GPtrArray  *missing;          /* of char*: devices recorded missing at the last return */
  char       *since;            /* ISO time it entered its state (backlog age) */
};

struct _TlkOrder
{
  char         *id;
  char         *customer;
  char         *case_ref;
  char         *kit_type;
  char         *citizen;        /* pseudonymous id; personal data is elsewhere */
  char         *requested_date; /* ISO date */
  char         *priority;       /* normal, urgent */
  TlkOrderState state;
  char         *kit;            /* NULL until allocated */
  char         *installed_at;   /* ISO timestamps for billing, NULL until then */
  char         *returned_at;
  char         *received_at;    /* ISO timestamps for SLA timers */
  char         *return_requested_at;
  char         *return_date;    /* the pickup date the customer asked for, or NULL */
  char         *install_due;    /* SLA due dates (tlk-dashboard.h), NULL: none */
  char         *pickup_due;
  int           install_late;   /* when done: 1 late, 0 in time; -1 not done or no due date */
  int           pickup_late;
};

struct _TlkStop
{
  char        *id;              /* S… code */
  char        *order;
  char        *kind;            /* delivery, pickup, swap, service */
  char        *date;            /* ISO date */
  int          seq;
  char        *driver;
  TlkStopState state;
  char        *failure;         /* reason id when failed */
  char        *window;          /* the time window agreed with the citizen ("09-12"), or NULL */
  char        *kit;             /* the order's kit when the stop was planned */
  char        *device;          /* swaps: the replacement device to bring */
  char        *done_at;         /* ISO time the stop was done or failed (billing), NULL until then */
};

struct _TlkUser
{
  char *id;
  char *name;
  char *role;                   /* warehouse, driver, coordinator, admin */
};

void            tlk_customer_free     (TlkCustomer    *self);
void            tlk_location_free     (TlkLocation    *self);
TlkDeviceModel *tlk_device_model_new  (const char     *id);
void            tlk_device_model_free (TlkDeviceModel *self);
gboolean        tlk_device_model_has_gtin (const TlkDeviceModel *self,
                                           const char           *gtin);
void            tlk_step_free         (TlkStep        *self);
void            tlk_kit_slot_free     (TlkKitSlot     *self);
void            tlk_kit_type_free     (TlkKitType     *self);
void            tlk_device_free       (TlkDevice      *self);
void            tlk_kit_free          (TlkKit         *self);
void            tlk_order_free        (TlkOrder       *self);
void            tlk_stop_free         (TlkStop        *self);
void            tlk_user_free         (TlkUser        *self);

TlkKit         *tlk_kit_new           (const char     *id);
TlkKitType     *tlk_kit_type_new      (const char     *id);
gboolean        tlk_kit_has_device    (const TlkKit   *kit,
                                       const char     *device);
gboolean        tlk_kit_step_passed   (const TlkKit   *kit,
                                       const char     *step);
/* The first checklist step of @type that @kit has not passed, or NULL. */
const TlkStep  *tlk_kit_next_step     (const TlkKit     *kit,
                                       const TlkKitType *type);
/* The JSON form of slots ([{kind, count}]) and checklists ([{id, name}]):
 * the kit_type.defined payload and the store's columns share it. */
void            tlk_kit_type_read_json  (TlkKitType       *type,
                                         JsonArray        *slots,
                                         JsonArray        *checklist,
                                         JsonArray        *install_checklist);
JsonArray      *tlk_kit_slots_to_json   (GPtrArray        *slots);
JsonArray      *tlk_steps_to_json       (GPtrArray        *steps);
int             tlk_kit_type_slot_count (const TlkKitType *type,
                                         const char       *kind);
const TlkStep  *tlk_kit_type_find_step  (const TlkKitType *type,
                                         const char       *step);

/**
 * TlkKitProblem: why a kit is not complete.
 */
typedef enum
{
  TLK_KIT_PROBLEM_MISSING,        /* a slot lacks a device */
  TLK_KIT_PROBLEM_EXTRA,          /* more devices of a kind than slots */
  TLK_KIT_PROBLEM_EXPIRED,        /* expires before the date asked for */
  TLK_KIT_PROBLEM_CALIBRATION,    /* calibration due before that date */
} TlkKitProblemKind;

typedef struct
{
  TlkKitProblemKind kind;
  char             *slot_kind;
  char             *device;     /* NULL for MISSING */
  char             *message;    /* translated */
} TlkKitProblem;

void tlk_kit_problem_free (TlkKitProblem *self);

/*
 * Completeness (DESIGN §3): every slot holds a device of the right kind that
 * is not expired and not due for calibration before @until (ISO date; the
 * order's expected end, or today). @devices and @models are the kit's
 * devices and their models, index for index. Returns the problems (empty
 * when complete).
 */
GPtrArray *tlk_kit_check_complete (const TlkKitType *type,
                                   GPtrArray        *devices,
                                   GPtrArray        *models,
                                   const char       *until);

/* Free-text fields must not carry CPR numbers (DESIGN §5). */
#define TLK_TEXT_ERROR (tlk_text_error_quark ())
typedef enum
{
  TLK_TEXT_ERROR_CPR,
  TLK_TEXT_ERROR_TOO_LONG,
  TLK_TEXT_ERROR_EMPTY,
} TlkTextError;
/* Whether a GPtrArray of strings holds @str. */
gboolean tlk_strv_array_contains (GPtrArray  *array,
                                  const char *str);

GQuark   tlk_text_error_quark  (void);
gboolean tlk_text_check_free   (const char *field,
                                const char *text,
                                GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkStep, tlk_step_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkKitSlot, tlk_kit_slot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkCustomer, tlk_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkLocation, tlk_location_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkDeviceModel, tlk_device_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkKitType, tlk_kit_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkDevice, tlk_device_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkKit, tlk_kit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkOrder, tlk_order_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkStop, tlk_stop_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkUser, tlk_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkKitProblem, tlk_kit_problem_free)

G_END_DECLS
