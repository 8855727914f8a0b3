/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include "tlk-server-roles.h"

gboolean
tlk_role_is_known (const char *role)
{
  static const char *const roles[] = { "warehouse", "driver", "coordinator", "admin" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (role, roles[i]) == 0)
      return TRUE;
  return FALSE;
}

TlkCitizenAccess
tlk_role_citizen_access (const char *role)
{
  if (g_strcmp0 (role, "coordinator") == 0 || g_strcmp0 (role, "admin") == 0)
    return TLK_CITIZEN_ACCESS_ALL;
  if (g_strcmp0 (role, "driver") == 0)
    return TLK_CITIZEN_ACCESS_OWN_STOPS;
  /* Warehouse computers receive no personal data; an unknown role none either. */
  return TLK_CITIZEN_ACCESS_NONE;
}

gboolean
tlk_role_may_change_citizens (const char *role)
{
  return tlk_role_citizen_access (role) == TLK_CITIZEN_ACCESS_ALL;
}

gboolean
tlk_role_may_revoke (const char *role)
{
  return g_strcmp0 (role, "admin") == 0;
}
