/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_DASH_FIGURE (tlk_dash_figure_get_type ())

G_DECLARE_FINAL_TYPE (TlkDashFigure, tlk_dash_figure, TLK, DASH_FIGURE, GtkButton)

/*
 * One figure of the dashboard on a card: the number large, what it counts
 * under it and a detail line. A button: activating it opens the list
 * behind the figure (its action). "level" ("", "warning" or "error") marks
 * a figure that needs attention with a colour and an icon; the words say
 * it too.
 */

void        tlk_dash_figure_set_value  (TlkDashFigure *self,
                                        int            value);
int         tlk_dash_figure_get_value  (TlkDashFigure *self);
void        tlk_dash_figure_set_title  (TlkDashFigure *self,
                                        const char    *title);
void        tlk_dash_figure_set_detail (TlkDashFigure *self,
                                        const char    *detail);
void        tlk_dash_figure_set_level  (TlkDashFigure *self,
                                        const char    *level);

G_END_DECLS
