/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TLK_TYPE_PREFERENCES_WINDOW (tlk_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TlkPreferencesWindow, tlk_preferences_window, TLK, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* This computer's name, the scanner, sounds and the database location,
 * bound to the GSettings schema (STYLE §9). */
GtkWidget *tlk_preferences_window_new (GtkWindow  *parent,
                                       GSettings  *settings,
                                       const char *db_in_use);

G_END_DECLS
