/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_DEVICE_PAGE (tlk_device_page_get_type ())

G_DECLARE_FINAL_TYPE (TlkDevicePage, tlk_device_page, TLK, DEVICE_PAGE, AdwBin)

/*
 * One device: model, serial, lot, expiry, calibration, state, its kit and
 * place, and its history. Activating the kit row emits ::open-kit with the
 * kit's code.
 */

GtkWidget  *tlk_device_page_new         (void);
/* Shows device @code as it is now (the empty page when there is none). */
void        tlk_device_page_show_device (TlkDevicePage *self,
                                         TlkContext    *context,
                                         const char    *code);
const char *tlk_device_page_get_code    (TlkDevicePage *self);

G_END_DECLS
