/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_ORDER_PAGE (tlk_order_page_get_type ())

G_DECLARE_FINAL_TYPE (TlkOrderPage, tlk_order_page, TLK, ORDER_PAGE, AdwBin)

/*
 * One order in full (DESIGN §7): its fields, its kit or the kits suggested
 * for it, the citizen's details, its stops and its timeline. Its buttons
 * name the orders view's actions (orders.*), which do the writing.
 */

/* Shows order @id as it is now. With @opening the citizen's details are
 * read (and the read logged as the signed-in user's) and the last scan's
 * line is cleared; a refresh after a change keeps both. Returns FALSE
 * when there is no such order. */
gboolean    tlk_order_page_show              (TlkOrderPage *self,
                                              TlkContext   *context,
                                              const char   *id,
                                              gboolean      opening);
const char *tlk_order_page_get_order_id      (TlkOrderPage *self);
/* The best kit for the order (canonical code), or NULL. */
const char *tlk_order_page_get_suggested_kit (TlkOrderPage *self);
/* The green or red line under the suggestions: what the last scan did. */
void        tlk_order_page_set_feedback      (TlkOrderPage *self,
                                              gboolean      ok,
                                              const char   *message);
/* Forgets the order and the citizen's details shown (a new user). */
void        tlk_order_page_clear             (TlkOrderPage *self);
/* Focus where a scanner's keys are not taken by a text field. */
void        tlk_order_page_focus             (TlkOrderPage *self);

G_END_DECLS
