/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_SYNC_INDICATOR (tlk_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (TlkSyncIndicator, tlk_sync_indicator, TLK, SYNC_INDICATOR, AdwBin)

/* The sync state in the window's header (DESIGN §7): an icon for the state
 * and the number of changes not yet sent; its popover says it in words,
 * with the last sync, the error, open conflicts (for those who resolve
 * them), Sync Now (win.sync-now) and Set Up… (win.set-up-sync). */

void tlk_sync_indicator_set_context (TlkSyncIndicator *self,
                                     TlkContext       *context);

G_END_DECLS
