/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-role.h"

enum
{
  W = 1 << 0,   /* warehouse */
  D = 1 << 1,   /* driver */
  C = 1 << 2,   /* coordinator */
  A = 1 << 3,   /* admin: everything */
};

/* Who may write what (the server checks each pushed event against the
 * account that pushes it). */
static const guint8 writers[TLK_EVENT_N_TYPES] = {
  [TLK_EVENT_CUSTOMER_DEFINED] = C,
  [TLK_EVENT_LOCATION_DEFINED] = W | C,
  [TLK_EVENT_MODEL_DEFINED] = W | C,
  [TLK_EVENT_KIT_TYPE_DEFINED] = C,
  [TLK_EVENT_USER_DEFINED] = 0,
  [TLK_EVENT_DEVICE_RECEIVED] = W,
  [TLK_EVENT_DEVICE_MOVED] = W | D,
  [TLK_EVENT_DEVICE_SENT_TO_REPAIR] = W,
  [TLK_EVENT_DEVICE_REPAIRED] = W,
  [TLK_EVENT_DEVICE_RELEASED] = W,
  [TLK_EVENT_DEVICE_LOST] = W | D | C,
  [TLK_EVENT_DEVICE_FOUND] = W | D | C,
  [TLK_EVENT_DEVICE_RETIRED] = W | C,
  [TLK_EVENT_KIT_CREATED] = W,
  [TLK_EVENT_KIT_DEVICE_ADDED] = W,
  [TLK_EVENT_KIT_DEVICE_REMOVED] = W,
  [TLK_EVENT_KIT_RELEASED] = W,
  [TLK_EVENT_KIT_HELD] = W | C,
  [TLK_EVENT_KIT_RESUMED] = W | C,
  [TLK_EVENT_KIT_RESERVED] = W | C,
  [TLK_EVENT_KIT_UNRESERVED] = W | C,
  [TLK_EVENT_KIT_LOADED] = W | D,
  [TLK_EVENT_KIT_UNLOADED] = W | D,
  [TLK_EVENT_KIT_INSTALLED] = D,
  [TLK_EVENT_KIT_PICKED_UP] = D,
  [TLK_EVENT_KIT_RECEIVED] = W,
  [TLK_EVENT_KIT_REPROCESSING_STARTED] = W,
  [TLK_EVENT_KIT_STEP_PASSED] = W,
  [TLK_EVENT_KIT_STEP_FAILED] = W,
  [TLK_EVENT_KIT_DEVICE_SWAPPED] = D,
  [TLK_EVENT_KIT_MOVED] = W | D | C,
  [TLK_EVENT_KIT_LOST] = W | D | C,
  [TLK_EVENT_KIT_FOUND] = W | D | C,
  [TLK_EVENT_KIT_RETIRED] = W | C,
  [TLK_EVENT_ORDER_RECEIVED] = C,
  [TLK_EVENT_ORDER_RETURN_REQUESTED] = C,
  [TLK_EVENT_ORDER_CLOSED] = C,
  [TLK_EVENT_ORDER_CANCELLED] = C,
  [TLK_EVENT_STOP_PLANNED] = C,
  [TLK_EVENT_STOP_RESCHEDULED] = C,
  [TLK_EVENT_STOP_DONE] = D,
  [TLK_EVENT_STOP_FAILED] = D,
  [TLK_EVENT_MODEL_GTIN_ADDED] = W | C,
  [TLK_EVENT_CONFLICT_RESOLVED] = C,
  /* Price lists, service levels and stock thresholds: admins only. */
  [TLK_EVENT_CUSTOMER_TERMS_SET] = 0,
  [TLK_EVENT_KIT_TYPE_REORDER_SET] = 0,
};

static guint8
role_bit (const char *role)
{
  if (g_strcmp0 (role, "warehouse") == 0)
    return W;
  if (g_strcmp0 (role, "driver") == 0)
    return D;
  if (g_strcmp0 (role, "coordinator") == 0)
    return C;
  if (g_strcmp0 (role, "admin") == 0)
    return A;
  return 0;
}

gboolean
tlk_role_is_valid (const char *role)
{
  return role_bit (role) != 0;
}

gboolean
tlk_role_may_write (const char  *role,
                    TlkEventType type)
{
  guint8 bit = role_bit (role);

  g_return_val_if_fail ((int) type >= 0 && type < TLK_EVENT_N_TYPES, FALSE);

  return bit == A || (bit & writers[type]) != 0;
}

TlkCitizenAccess
tlk_role_citizen_access (const char *role)
{
  switch (role_bit (role))
    {
    case C:
    case A:
      return TLK_CITIZEN_ACCESS_ALL;
    case D:
      return TLK_CITIZEN_ACCESS_OWN_STOPS;
    default:
      /* Warehouse computers receive no personal data; an unknown role none either. */
      return TLK_CITIZEN_ACCESS_NONE;
    }
}

gboolean
tlk_role_may_change_citizens (const char *role)
{
  return tlk_role_citizen_access (role) == TLK_CITIZEN_ACCESS_ALL;
}

gboolean
tlk_role_may_revoke (const char *role)
{
  return role_bit (role) == A;
}
