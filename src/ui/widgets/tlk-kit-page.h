/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_KIT_PAGE (tlk_kit_page_get_type ())

G_DECLARE_FINAL_TYPE (TlkKitPage, tlk_kit_page, TLK, KIT_PAGE, AdwBin)

/* A kit in full: state, place, slots with devices, completeness, the
 * reprocessing checklist and the event timeline (DESIGN §7). */

GtkWidget  *tlk_kit_page_new          (void);
/* Shows kit @code as it is now; @checked (may be NULL) marks the devices
 * already scanned during a return. */
void        tlk_kit_page_show_kit     (TlkKitPage *self,
                                       TlkContext *context,
                                       const char *code,
                                       GPtrArray  *checked);
const char *tlk_kit_page_get_code     (TlkKitPage *self);
void        tlk_kit_page_clear        (TlkKitPage *self);

G_END_DECLS
