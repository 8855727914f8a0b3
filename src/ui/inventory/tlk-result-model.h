/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TLK_TYPE_RESULT_MODEL (tlk_result_model_get_type ())

G_DECLARE_FINAL_TYPE (TlkResultModel, tlk_result_model, TLK, RESULT_MODEL, GObject)

/*
 * An immutable list: one search's result. The inventory makes a new one per
 * keystroke and hands it to its selection model in one go; with GTK 4.8 that
 * costs a fraction of what a GtkFilterListModel's scattered changes cost a
 * column view of 100,000 rows (see tests/bench/telekit-ui-bench).
 */
TlkResultModel *tlk_result_model_new (GType      item_type,
                                      GPtrArray *items);

G_END_DECLS
