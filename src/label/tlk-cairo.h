/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <qrencode.h>

G_BEGIN_DECLS

/* The autoptr cleanups cairo and libqrencode lack, declared once for every
 * layer that draws (label, ui): include this header instead of declaring them
 * again. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRinput, QRinput_free)

G_END_DECLS
