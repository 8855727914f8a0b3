/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tlk-label-template.h"

G_BEGIN_DECLS

#define TLK_TYPE_LABEL_OPTIONS (tlk_label_options_get_type ())

G_DECLARE_FINAL_TYPE (TlkLabelOptions, tlk_label_options, TLK, LABEL_OPTIONS, GtkBox)

/*
 * The Labels tab of the print dialog: which label stock, and on a partly
 * used sheet the first free position.
 */

GtkWidget              *tlk_label_options_new          (const TlkLabelTemplate *tmpl,
                                                        guint                   start);
const TlkLabelTemplate *tlk_label_options_get_template (TlkLabelOptions        *self);
/* From 0; always 0 on label-printer stock. */
guint                   tlk_label_options_get_start    (TlkLabelOptions        *self);

G_END_DECLS
