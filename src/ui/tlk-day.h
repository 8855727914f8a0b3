/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A day (YYYY-MM-DD, as routes and orders store it) as a local time at
 * noon — away from the night's clock changes — to show or pick it; NULL
 * when @iso is not a date. */
GDateTime *tlk_day_new (const char *iso);

G_END_DECLS
