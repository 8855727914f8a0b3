/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tlk-store.h"

G_BEGIN_DECLS

#define TLK_TYPE_CONTEXT (tlk_context_get_type ())

G_DECLARE_FINAL_TYPE (TlkContext, tlk_context, TLK, CONTEXT, GObject)

/*
 * The context (STYLE §10): owns the store, the settings and the signed-in
 * user, and is handed down to windows and views. Every write of the app goes
 * through tlk_context_write(), which tells the views with ::changed.
 */

TlkContext *tlk_context_new          (TlkStore    *store,
                                      GSettings   *settings);
TlkStore   *tlk_context_get_store    (TlkContext  *self);
GSettings  *tlk_context_get_settings (TlkContext  *self);
/* The signed-in user, or NULL. */
TlkUser    *tlk_context_get_user     (TlkContext  *self);
const char *tlk_context_get_user_id  (TlkContext  *self);
gboolean    tlk_context_sign_in      (TlkContext  *self,
                                      const char  *user_id,
                                      GError     **error);
void        tlk_context_sign_out     (TlkContext  *self);
/* A fresh world on the store, for one scan or one look. */
TlkWorld   *tlk_context_new_world    (TlkContext  *self);
/* Writes @events in one transaction and emits ::changed. */
gboolean    tlk_context_write        (TlkContext  *self,
                                      GPtrArray   *events,
                                      GError     **error);

G_END_DECLS
