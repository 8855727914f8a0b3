/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_SIGNATURE_PAD (tlk_signature_pad_get_type ())

G_DECLARE_FINAL_TYPE (TlkSignaturePad, tlk_signature_pad, TLK, SIGNATURE_PAD, AdwBin)

/*
 * Where the recipient signs: with a finger, a pen, the touchpad or a mouse
 * (one drag gesture serves them all). The strokes are kept in the box of a
 * proof of delivery, 1000 × 400 units (TlkProof), so the pad may be any size
 * and the signature looks the same wherever it is shown.
 */

#define TLK_SIGNATURE_WIDTH  1000
#define TLK_SIGNATURE_HEIGHT 400

GtkWidget *tlk_signature_pad_new       (void);
/* TRUE until something is drawn, and again after tlk_signature_pad_clear(). */
gboolean   tlk_signature_pad_get_empty (TlkSignaturePad *self);
void       tlk_signature_pad_clear     (TlkSignaturePad *self);
/* The strokes as SVG path data in whole units of the 1000 × 400 box
 * ("M120 300 L124 296 …"), as tlk_proof_check() wants it; NULL when empty. */
char      *tlk_signature_pad_dup_path  (TlkSignaturePad *self);

G_END_DECLS
