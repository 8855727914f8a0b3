/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Plain domain records (src/core/tlk-entities.h) */
typedef struct _TlkCustomer     TlkCustomer;
typedef struct _TlkLocation     TlkLocation;
typedef struct _TlkDeviceModel  TlkDeviceModel;
typedef struct _TlkDevice       TlkDevice;
typedef struct _TlkKitType      TlkKitType;
typedef struct _TlkKitSlot      TlkKitSlot;
typedef struct _TlkKit          TlkKit;
typedef struct _TlkOrder        TlkOrder;
typedef struct _TlkStop         TlkStop;
typedef struct _TlkUser         TlkUser;

/* Events and folding */
typedef struct _TlkEvent        TlkEvent;
typedef struct _TlkWorld        TlkWorld;

/* GS1 */
typedef struct _TlkGs1          TlkGs1;
typedef struct _TlkGs1Element   TlkGs1Element;

/* Store */
typedef struct _TlkStore        TlkStore;

G_END_DECLS
