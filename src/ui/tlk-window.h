/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_WINDOW (tlk_window_get_type ())

G_DECLARE_FINAL_TYPE (TlkWindow, tlk_window, TLK, WINDOW, AdwApplicationWindow)

TlkWindow *tlk_window_new          (GtkApplication *application);
/* Without a context the window welcomes a first start. */
void       tlk_window_set_context  (TlkWindow      *self,
                                    TlkContext     *context);
/* NULL until there is a database. */
TlkContext *tlk_window_get_context (TlkWindow      *self);
void       tlk_window_show_error   (TlkWindow      *self,
                                    const char     *title,
                                    const char     *message);
void       tlk_window_set_busy     (TlkWindow      *self,
                                    const char     *message);
/* The view of the page named @name ("scan", "inventory", "my-route",
 * "orders", "routes", "dashboard", "conflicts"), built now if it has not
 * been yet. Needs the context. */
GtkWidget *tlk_window_get_view     (TlkWindow      *self,
                                    const char     *name);

G_END_DECLS
