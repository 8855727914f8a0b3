/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_FAILURE_DIALOG (tlk_failure_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlkFailureDialog, tlk_failure_dialog, TLK, FAILURE_DIALOG, AdwMessageDialog)

/*
 * "Could not be done…": the driver picks why (tlk_stop_failure_reasons) and
 * may write a note. The "fail" response is enabled only while core would
 * record the answer (a reason chosen, a note for "other"); until then core's
 * words say what is missing.
 */

TlkFailureDialog *tlk_failure_dialog_new       (GtkWindow        *parent,
                                                TlkContext       *context,
                                                const char       *stop_id);
/* The stop.failed event of the answer as it stands, or NULL and why. */
TlkEvent         *tlk_failure_dialog_dup_event (TlkFailureDialog *self,
                                                GError          **error);

G_END_DECLS
