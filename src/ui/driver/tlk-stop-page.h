/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"

G_BEGIN_DECLS

#define TLK_TYPE_STOP_PAGE (tlk_stop_page_get_type ())

G_DECLARE_FINAL_TYPE (TlkStopPage, tlk_stop_page, TLK, STOP_PAGE, AdwBin)

/*
 * One stop at the door: the citizen's address, phone and access notes, the
 * time window and what to bring; then what the visit needs by its kind — the
 * kit confirmed by scan, the installation checklist, the devices of a
 * pickup, the devices of a swap, the recipient's name and signature — and
 * the stop recorded as done or as not done. The rules are core's
 * (tlk-route.h): the page gathers a TlkVisit and shows core's words.
 *
 * The buttons name the view's route.* actions; the view calls back here.
 * ::finished (a message for the driver, and whether it was done) follows a
 * stop written as done or as not done.
 */

GtkWidget  *tlk_stop_page_new              (void);
/* Shows @stop_id afresh (a new visit). @citizen may be NULL: the details
 * are not on this computer. */
void        tlk_stop_page_show             (TlkStopPage      *self,
                                            TlkContext       *context,
                                            const char       *stop_id,
                                            const TlkCitizen *citizen);
/* Forgets the stop and what was done there (a user signed out). */
void        tlk_stop_page_clear            (TlkStopPage      *self);
/* The store changed: the stop as it is now, the visit kept. */
void        tlk_stop_page_refresh          (TlkStopPage      *self,
                                            const TlkCitizen *citizen);
const char *tlk_stop_page_get_stop_id      (TlkStopPage      *self);
/* TRUE while the stop shown is planned (not done, not failed). */
gboolean    tlk_stop_page_get_open         (TlkStopPage      *self);
/* TRUE when core would record the visit as it stands (property
 * "can-complete"). */
gboolean    tlk_stop_page_get_can_complete (TlkStopPage      *self);
/* A scan: the kit, a device of a pickup or a swap, by the step the visit
 * is at. */
void        tlk_stop_page_scan             (TlkStopPage      *self,
                                            const char       *text);
/* Puts slowly typed text into the scan entry. */
void        tlk_stop_page_take_typed       (TlkStopPage      *self,
                                            const char       *text);
void        tlk_stop_page_complete         (TlkStopPage      *self);
/* Asks why the stop could not be done, and records it. */
void        tlk_stop_page_fail             (TlkStopPage      *self);
/* The keyboard focus to where the visit goes on. */
void        tlk_stop_page_focus            (TlkStopPage      *self);
void        tlk_stop_page_focus_entry      (TlkStopPage      *self);

G_END_DECLS
