/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_APPLICATION (tlk_application_get_type ())

G_DECLARE_FINAL_TYPE (TlkApplication, tlk_application, TLK, APPLICATION, AdwApplication)

TlkApplication *tlk_application_new (void);

G_END_DECLS
