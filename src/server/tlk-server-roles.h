/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Who may see and change citizens' personal data (DESIGN §5), as pure
 * rules on the role; the server looks up the object (a driver's planned
 * stop) in the store. They belong beside tlk_role_may_write() once that is
 * in src/core.
 */

typedef enum
{
  TLK_CITIZEN_ACCESS_NONE,       /* warehouse: never */
  TLK_CITIZEN_ACCESS_OWN_STOPS,  /* driver: while a stop of its own for the citizen is planned */
  TLK_CITIZEN_ACCESS_ALL,        /* coordinator, admin */
} TlkCitizenAccess;

gboolean         tlk_role_is_known              (const char *role);
/* Reading one citizen's details; also who gets /my-citizens (OWN_STOPS)
 * and the access log (ALL). */
TlkCitizenAccess tlk_role_citizen_access        (const char *role);
gboolean         tlk_role_may_change_citizens   (const char *role);
/* Revoking other users' sign-ins. */
gboolean         tlk_role_may_revoke            (const char *role);

G_END_DECLS
