/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TLK_TYPE_TEXT_CELL (tlk_text_cell_get_type ())

G_DECLARE_FINAL_TYPE (TlkTextCell, tlk_text_cell, TLK, TEXT_CELL, GtkWidget)

/*
 * One line of text in a list cell, cut with "…" when narrower than it —
 * what GtkInscription does, made for 100,000-row lists: its size comes
 * from its font alone (@min_chars and @nat_chars wide, one line high), and
 * the cells of a font share one Pango context and layout, so a row is cheap
 * to make, measure and fill. A list view of GTK 4.8 keeps 200 rows of
 * widgets and makes them again whenever a search leaves fewer (DESIGN §9:
 * a keystroke ≤ 50 ms). The font is the cell's CSS font when the first
 * cell of its kind is measured; cells with the "monospace" style class
 * are a kind of their own.
 */
GtkWidget  *tlk_text_cell_new      (guint        min_chars,
                                    guint        nat_chars);
void        tlk_text_cell_set_text (TlkTextCell *self,
                                    const char  *text);
const char *tlk_text_cell_get_text (TlkTextCell *self);

G_END_DECLS
