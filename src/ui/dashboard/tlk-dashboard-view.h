/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"
#include "tlk-dashboard.h"

G_BEGIN_DECLS

#define TLK_TYPE_DASHBOARD_VIEW (tlk_dashboard_view_get_type ())

G_DECLARE_FINAL_TYPE (TlkDashboardView, tlk_dashboard_view, TLK, DASHBOARD_VIEW, AdwBin)

/*
 * The coordinator's dashboard (issue 7): ready stock against the reorder
 * thresholds, kits by state and place, the order pipeline, SLA timers and
 * adherence, overdue returns, the quarantine and reprocessing backlog,
 * devices expiring or due for calibration and open sync conflicts, with
 * charts drawn in cairo (each with its numbers as text too).
 *
 * The figures are read in a thread on a connection of its own, when the
 * view is shown and after every change (TlkContext::changed: writes and
 * syncs), one refresh at a time; the last figures stay on screen meanwhile
 * (property "loading"). Every figure opens the list behind it; a kit or a
 * device in it opens its page here, an order the Orders view
 * ("win.open-order"), the conflicts figure the Conflicts view.
 *
 * Actions: dash.refresh (F5), dash.show-list ((smsms): the list of
 * tlk-store-dashboard.h by name, its two arguments), dash.back (Escape,
 * Alt+Left).
 */

void                tlk_dashboard_view_set_context   (TlkDashboardView *self,
                                                      TlkContext       *context);
/* Gives the shown page the keyboard focus: the first figure, the list. */
void                tlk_dashboard_view_focus         (TlkDashboardView *self);
/* Reads the figures again (after the one under way, if any). */
void                tlk_dashboard_view_refresh       (TlkDashboardView *self);
gboolean            tlk_dashboard_view_get_loading   (TlkDashboardView *self);
/* The figures shown, or NULL before the first are read. */
const TlkDashboard *tlk_dashboard_view_get_dashboard (TlkDashboardView *self);
/* The list behind a figure is read and shown (FALSE while it is read). */
gboolean            tlk_dashboard_view_is_list_loaded (TlkDashboardView *self);

G_END_DECLS
