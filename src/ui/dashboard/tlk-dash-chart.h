/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_DASH_CHART (tlk_dash_chart_get_type ())

G_DECLARE_FINAL_TYPE (TlkDashChart, tlk_dash_chart, TLK, DASH_CHART, GtkDrawingArea)

/*
 * The dashboard's charts, drawn with cairo in the theme's colours (light and
 * dark): categories (weeks, states, months) and series of values, one a
 * category. The "kind" property (construct only) says how:
 *
 *  - "lines": categories along the bottom, a line per series, its threshold
 *    (if any) dashed in the same colour;
 *  - "stacked-bars": a horizontal bar per category, the series stacked, the
 *    total at the end;
 *  - "grouped-bars": categories along the bottom, the series side by side.
 *
 * "percent" draws the values as percentages (0–100). A chart is a picture:
 * its accessible description (tlk_dash_chart_set_summary) says what it
 * shows, and tlk_dash_chart_fill_table() writes the same numbers as text.
 */

void tlk_dash_chart_set_categories (TlkDashChart       *self,
                                    const char * const *labels);
void tlk_dash_chart_clear_series   (TlkDashChart       *self);
/* @values: one per category, NAN where there is none; @texts (may be NULL):
 * how the table writes each value; @threshold: NAN for none. */
void tlk_dash_chart_add_series     (TlkDashChart       *self,
                                    const char         *name,
                                    const double       *values,
                                    const char * const *texts,
                                    double              threshold);
/* A sentence or two for those who cannot see the chart. */
void tlk_dash_chart_set_summary    (TlkDashChart       *self,
                                    const char         *summary);
guint tlk_dash_chart_get_n_series  (TlkDashChart       *self);
/* The chart as a table in @grid (emptied first): a row a category, a
 * column a series; @corner heads the first column; @threshold_label (may
 * be NULL) heads a last row with the thresholds. */
void tlk_dash_chart_fill_table     (TlkDashChart       *self,
                                    GtkGrid            *grid,
                                    const char         *corner,
                                    const char         *threshold_label);

G_END_DECLS
