/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-store.h"

G_BEGIN_DECLS

#define TLK_TYPE_STOP_ROW (tlk_stop_row_get_type ())

G_DECLARE_FINAL_TYPE (TlkStopRow, tlk_stop_row, TLK, STOP_ROW, GtkListBoxRow)

/* One stop of the driver's route: its number, the citizen's name and
 * address, what kind of visit, the time window, what to bring and how it
 * went. Activating it runs route.open with the stop's id. */

/* @citizen is NULL when the details are not on this computer (or not
 * needed: a stop that is over). */
GtkWidget    *tlk_stop_row_new          (TlkWorld         *world,
                                         const TlkStop    *stop,
                                         const TlkCitizen *citizen,
                                         const char       *driver);
const char   *tlk_stop_row_get_stop_id  (TlkStopRow       *self);
TlkStopState  tlk_stop_row_get_state    (TlkStopRow       *self);

/* What the driver takes to the door, in words ("Bring kit K-… — in the
 * vehicle"), or NULL when nothing. */
char         *tlk_stop_describe_bring   (TlkWorld         *world,
                                         const TlkStop    *stop,
                                         const char       *driver);
/* "Done 10:42", "Not done: Not at home", "Planned". */
char         *tlk_stop_describe_outcome (const TlkStop    *stop);

/* A stop's day for people: "Monday 12 May" (ISO @iso as it is when it is
 * not a date). */
char         *tlk_route_format_date     (const char       *iso);

G_END_DECLS
