/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-label-template.h"
#include "tlk-label.h"

G_BEGIN_DECLS

/*
 * Helpers shared by the label tests: a temporary directory per program, the
 * demo kits as labels, and decoding rendered output the way a scanner
 * would — rasterised with pdftoppm, read with zbarimg.
 */

/* A path in the program's temporary directory, made on first use. */
char      *ltu_path             (const char *name);
/* Removes the directory and everything in it. */
void       ltu_tmpdir_remove    (void);
/* That, and frees the caches of fonts and cairo, so LeakSanitizer sees
 * only what the label code kept (not in GTK programs, whose widgets still
 * hold fonts). */
void       ltu_tmpdir_clear     (void);

/* TRUE when pdftoppm and zbarimg are installed; otherwise the test is
 * marked skipped with a message saying what is missing. */
gboolean   ltu_require_tools    (void);

/* Labels for @n_kits demo kits (tlk_store_load_demo into a temporary
 * database), in the store's order, with an owner and support phone. */
GPtrArray *ltu_demo_kit_labels  (guint       n_kits);

/* Rasterises every page of @pdf at @dpi; the PNG files in page order. */
GPtrArray *ltu_rasterise        (const char *pdf,
                                 int         dpi);
/* What zbarimg reads in @png: one string per symbol (maybe none). */
GPtrArray *ltu_decode           (const char *png);
/* What zbarimg reads in the rectangle (mm) of @png, an image at @dpi. */
GPtrArray *ltu_decode_region    (const char *png,
                                 double      dpi,
                                 double      x,
                                 double      y,
                                 double      width,
                                 double      height);

/*
 * Asserts that @pages (PNG files at @dpi, one per page of @tmpl) hold
 * exactly @labels, placed from position @start: on sheets every position is
 * decoded on its own, and holds the expected code or nothing at all; label
 * printer pages hold one code each. Every code decodes exactly once.
 */
void       ltu_assert_pages     (const TlkLabelTemplate *tmpl,
                                 GPtrArray              *pages,
                                 double                  dpi,
                                 GPtrArray              *labels,
                                 guint                   start);

/* The dpi the acceptance asks for: 300 for sheets, 203 for thermal sizes. */
int        ltu_dpi_for          (const TlkLabelTemplate *tmpl);

G_END_DECLS
