/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * How the app draws (DESIGN §9). GTK 4.8 draws with OpenGL. On a computer
 * without a graphics chip (a virtual machine, a thin client, Xvfb) Mesa
 * runs OpenGL on the processor (llvmpipe), and that is slower and larger
 * than GTK's cairo renderer for a window like ours: there the app draws
 * with cairo. GSK_RENDERER, when set, is the user's choice and is kept.
 *
 * Call once, before GTK makes its first window: opens the display (when
 * there is none, nothing is decided) and asks OpenGL who draws.
 */
void        tlk_renderer_choose        (void);

/* What tlk_renderer_choose() found: the OpenGL renderer's name ("llvmpipe
 * (LLVM 15.0.6, 256 bits)"), or NULL without OpenGL or when GSK_RENDERER
 * was set. */
const char *tlk_renderer_get_gl_name   (void);

/* Whether @gl_name is OpenGL drawn by the processor. */
gboolean    tlk_renderer_is_software   (const char *gl_name);

G_END_DECLS
