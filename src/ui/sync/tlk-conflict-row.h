/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_CONFLICT_ROW (tlk_conflict_row_get_type ())

G_DECLARE_FINAL_TYPE (TlkConflictRow, tlk_conflict_row, TLK, CONFLICT_ROW, GtkListBoxRow)

/* One open conflict: when, who, what and the server's reason, with
 * conflicts.open-kit and conflicts.dismiss for it. @world resolves names. */
GtkWidget  *tlk_conflict_row_new          (const TlkEvent *conflict,
                                           TlkWorld       *world);
const char *tlk_conflict_row_get_event_id (TlkConflictRow *self);
/* "Put on hold: kit K 0GW 7HE G4D", for the dismiss dialog. */
const char *tlk_conflict_row_get_what     (TlkConflictRow *self);
void        tlk_conflict_row_focus        (TlkConflictRow *self);

G_END_DECLS
