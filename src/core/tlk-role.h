/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-event.h"

G_BEGIN_DECLS

/*
 * What each role (warehouse, driver, coordinator, admin) may do: the rules
 * the server enforces and the app uses to show or hide what a user cannot
 * do. Pure rules on the role; where an object decides (a driver's own
 * planned stop), the caller looks it up in the store.
 */

typedef enum
{
  TLK_CITIZEN_ACCESS_NONE,       /* warehouse: never */
  TLK_CITIZEN_ACCESS_OWN_STOPS,  /* driver: while a stop of its own for the citizen is planned */
  TLK_CITIZEN_ACCESS_ALL,        /* coordinator, admin */
} TlkCitizenAccess;

/* Whether @role is one of the four roles. */
gboolean         tlk_role_is_valid              (const char   *role);
/* May a user of @role write events of @type? The server asks this of every
 * pushed event. */
gboolean         tlk_role_may_write             (const char   *role,
                                                 TlkEventType  type);
/* Reading one citizen's details; also who gets /my-citizens (OWN_STOPS)
 * and the access log (ALL). */
TlkCitizenAccess tlk_role_citizen_access        (const char   *role);
gboolean         tlk_role_may_change_citizens   (const char   *role);
/* Revoking other users' sign-ins. */
gboolean         tlk_role_may_revoke            (const char   *role);

G_END_DECLS
