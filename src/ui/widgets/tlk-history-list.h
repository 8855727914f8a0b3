/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-store.h"

G_BEGIN_DECLS

/* Fills @list (a boxed list) with @events (of TlkEvent, oldest first) as
 * the timeline of a kit or device page shows them: newest first, each row
 * what happened (the step, device, reason or note) and when, who, where. */
void tlk_history_list_fill (GtkListBox *list,
                            TlkWorld   *world,
                            GPtrArray  *events);

G_END_DECLS
