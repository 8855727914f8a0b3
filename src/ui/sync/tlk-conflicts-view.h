/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_CONFLICTS_VIEW (tlk_conflicts_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkConflictsView, tlk_conflicts_view, TLK, CONFLICTS_VIEW, AdwBin)

/* The changes the server kept aside as conflicts (PROTOCOL.md), for
 * coordinators: when, who, what and why, the kit to look at, and Dismiss,
 * which writes a conflict.resolved event. Property n-conflicts: how many
 * are open (for a badge). */

void  tlk_conflicts_view_set_context    (TlkConflictsView *self,
                                         TlkContext       *context);
guint tlk_conflicts_view_get_n_conflicts (TlkConflictsView *self);
void  tlk_conflicts_view_focus          (TlkConflictsView *self);

G_END_DECLS
