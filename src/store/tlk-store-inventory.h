/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-store.h"
#include "tlk-table.h"

G_BEGIN_DECLS

/* The columns of tlk_store_kit_table(). */
typedef enum
{
  TLK_KIT_COLUMN_CODE,            /* text, ascending */
  TLK_KIT_COLUMN_KIT_TYPE,        /* id */
  TLK_KIT_COLUMN_KIT_TYPE_NAME,
  TLK_KIT_COLUMN_STATE,           /* machine name ("on_hold") */
  TLK_KIT_COLUMN_LOCATION,        /* id; none when carried or at a home */
  TLK_KIT_COLUMN_LOCATION_NAME,
  TLK_KIT_COLUMN_CUSTODIAN,       /* the name of who carries it */
  TLK_KIT_COLUMN_CUSTOMER,        /* id of its order's customer */
  TLK_KIT_COLUMN_CUSTOMER_NAME,
  TLK_KIT_N_COLUMNS
} TlkKitColumn;

/* The columns of tlk_store_device_table(). */
typedef enum
{
  TLK_DEVICE_COLUMN_CODE,         /* text, ascending */
  TLK_DEVICE_COLUMN_MODEL,        /* id */
  TLK_DEVICE_COLUMN_MODEL_NAME,   /* manufacturer and name */
  TLK_DEVICE_COLUMN_SERIAL,       /* text */
  TLK_DEVICE_COLUMN_LOT,
  TLK_DEVICE_COLUMN_EXPIRY,       /* ISO date */
  TLK_DEVICE_COLUMN_CALIBRATION_DUE,
  TLK_DEVICE_COLUMN_STATE,        /* machine name ("in_kit") */
  TLK_DEVICE_COLUMN_KIT,          /* code of the kit it is in */
  TLK_DEVICE_COLUMN_LOCATION,     /* id of its place, or of its kit's */
  TLK_DEVICE_COLUMN_LOCATION_NAME,
  TLK_DEVICE_COLUMN_CUSTODIAN,    /* who carries its kit */
  TLK_DEVICE_COLUMN_KIT_STATE,    /* its kit's state */
  TLK_DEVICE_N_COLUMNS
} TlkDeviceColumn;

/* Every kit with its type, place, carrier and customer (of its order) by
 * name, packed (see TlkTable), ordered by code. */
TlkTable  *tlk_store_kit_table        (TlkStore    *store,
                                       GError     **error);
/* Every device with its model, kit and place by name, packed, ordered by
 * code. */
TlkTable  *tlk_store_device_table     (TlkStore    *store,
                                       GError     **error);
/* What happened to device @code, oldest first: its own events and those of
 * the kit it is in that name it. (Events of kits it has left stay on those
 * kits' pages.) */
GPtrArray *tlk_store_device_history   (TlkStore    *store,
                                       const char  *code,
                                       GError     **error);

G_END_DECLS
