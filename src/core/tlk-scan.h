/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-event.h"
#include "tlk-world.h"

G_BEGIN_DECLS

/*
 * The scan rules of DESIGN §6, without a window: action cards set the
 * action, then each scanned kit or device gets it. The app's scan view and
 * `telekit-cli scan` both drive a TlkScanSession.
 */

typedef enum
{
  TLK_ACTION_NONE,                /* show what was scanned */
  TLK_ACTION_ASSEMBLE,            /* scan a kit, then its devices */
  TLK_ACTION_RECEIVE_RETURN,      /* a kit back from a home → quarantine */
  TLK_ACTION_START_REPROCESSING,
  TLK_ACTION_PASS_STEP,           /* the kit's next checklist step passed */
  TLK_ACTION_FAIL_STEP,           /* the kit's next checklist step failed */
  TLK_ACTION_RELEASE,
  TLK_ACTION_HOLD,
  TLK_ACTION_RESUME,
  TLK_ACTION_RETIRE,
  TLK_ACTION_REPORT_LOST,
  TLK_ACTION_FOUND,
  TLK_ACTION_UNLOAD,              /* a kit back from a failed delivery → reserved again */
  TLK_ACTION_N
} TlkAction;

typedef enum
{
  TLK_SCAN_ACTION_SET,     /* an action card: the action changed */
  TLK_SCAN_LOCATION_SET,   /* a location: later events go there */
  TLK_SCAN_KIT_SELECTED,   /* a kit became the one devices are scanned into */
  TLK_SCAN_DEVICE_CHECKED, /* a returned kit's device is there */
  TLK_SCAN_SHOW,           /* nothing to do: show the record */
  TLK_SCAN_NEEDS_MODEL,    /* an unknown GTIN: ask which model, then choose_model() */
  TLK_SCAN_EVENT,          /* write result->events, in order, in one transaction */
} TlkScanOutcome;

typedef struct
{
  TlkScanOutcome outcome;
  char          *code;     /* the canonical code scanned (a device's for GS1) */
  GPtrArray     *events;   /* of TlkEvent, for TLK_SCAN_EVENT */
  char          *message;  /* translated feedback for the person at the desk */
  char          *gtin;     /* for TLK_SCAN_NEEDS_MODEL */
} TlkScanResult;

#define TLK_SCAN_ERROR (tlk_scan_error_quark ())

/**
 * TlkScanError:
 * @TLK_SCAN_ERROR_UNKNOWN_ACTION: an action card this version does not know
 * @TLK_SCAN_ERROR_NO_KIT: a device was scanned before a kit
 * @TLK_SCAN_ERROR_NOT_HERE: a code that has no use with the current action
 * @TLK_SCAN_ERROR_CHECKLIST: no checklist step left to pass or fail
 * @TLK_SCAN_ERROR_BARCODE: a manufacturer's barcode Telekit cannot use
 * @TLK_SCAN_ERROR_ALREADY: the device was already scanned for this kit
 */
typedef enum
{
  TLK_SCAN_ERROR_UNKNOWN_ACTION,
  TLK_SCAN_ERROR_NO_KIT,
  TLK_SCAN_ERROR_NOT_HERE,
  TLK_SCAN_ERROR_CHECKLIST,
  TLK_SCAN_ERROR_BARCODE,
  TLK_SCAN_ERROR_ALREADY,
} TlkScanError;

typedef struct _TlkScanSession TlkScanSession;

GQuark          tlk_scan_error_quark        (void);

const char     *tlk_action_to_string        (TlkAction       action);
TlkAction       tlk_action_from_string      (const char     *str);
/* Translated, in capitals as printed on the card: "START REPROCESSING". */
const char     *tlk_action_describe         (TlkAction       action);
/* The fixed code printed on the action card (the same in every database). */
char           *tlk_action_code             (TlkAction       action);
/* TLK_ACTION_N if @code is not an action card. */
TlkAction       tlk_action_from_code        (const char     *code);

TlkScanSession *tlk_scan_session_new        (const char     *actor);
void            tlk_scan_session_free       (TlkScanSession *session);
TlkAction       tlk_scan_session_get_action (TlkScanSession *session);
void            tlk_scan_session_set_action (TlkScanSession *session,
                                             TlkAction       action);
const char     *tlk_scan_session_get_kit    (TlkScanSession *session);
const char     *tlk_scan_session_get_location (TlkScanSession *session);
/* Where released and received things go until a location card is scanned
 * (the desk's remembered place); NULL for none. */
void            tlk_scan_session_set_location (TlkScanSession *session,
                                               const char     *location);

/* Devices of the open return that were scanned (borrowed), or NULL. */
GPtrArray      *tlk_scan_session_get_checked (TlkScanSession *session);

/*
 * Interprets one scan: a label code, or a manufacturer's GS1 barcode
 * (goods-in; or the device it names when it is registered already).
 * Returns a result, or NULL and a translated reason: a code that does not
 * parse (TLK_CODE_ERROR, TLK_GS1_ERROR), a refused action (TLK_RULE_ERROR,
 * TLK_SCAN_ERROR). The session changes only on success.
 *
 * The events of a result are checked by applying them to @world, so use a
 * fresh world for every scan and throw it away after.
 */
TlkScanResult  *tlk_scan_session_handle     (TlkScanSession *session,
                                             TlkWorld       *world,
                                             const char     *input,
                                             GError        **error);
/* Answers TLK_SCAN_NEEDS_MODEL: the pending barcode is of @model. */
TlkScanResult  *tlk_scan_session_choose_model (TlkScanSession *session,
                                               TlkWorld       *world,
                                               const char     *model,
                                               GError        **error);
/* Ends the open return: the kit is received, devices not scanned are
 * recorded missing. NULL without error when nothing is open. */
TlkScanResult  *tlk_scan_session_finish     (TlkScanSession *session,
                                             TlkWorld       *world,
                                             GError        **error);

void            tlk_scan_result_free        (TlkScanResult  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkScanSession, tlk_scan_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkScanResult, tlk_scan_result_free)

G_END_DECLS
