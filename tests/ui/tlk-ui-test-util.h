/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tlk-context.h"
#include "tlk-demo.h"
#include "tlk-window.h"

G_BEGIN_DECLS

/*
 * What the UI tests share: running the main loop, waiting for a condition,
 * finding widgets, and screenshots for people to look at.
 */

/* How long TLK_UI_WAIT_UNTIL waits; a test may define its own first. */
#ifndef TIMEOUT_S
#define TIMEOUT_S 30
#endif

/* The start of a UI test program: the app's translations (TELEKIT_LOCALEDIR
 * from the build tree), g_test_init, warnings and criticals fatal, GTK and
 * libadwaita. */
void        tlk_ui_test_init              (int                  *argc,
                                           char               ***argv);
/* A demo database made with @options in a new folder named after @name
 * under the temporary folder (@tmpdir gets it), and a context on it. */
TlkContext *tlk_ui_test_demo_context     (const char           *name,
                                           const TlkDemoOptions *options,
                                           char                **tmpdir);
/* A registered application @id with the app's resources (its style sheet). */
AdwApplication *tlk_ui_test_app_new       (const char           *id);
/* The app's window on @context at 1366×768, presented; when @user is set,
 * signed in as @user and showing the view @view (tlk_window_get_view),
 * which is returned once mapped. NULL without @user. */
GtkWidget  *tlk_ui_test_open_window       (AdwApplication       *app,
                                           TlkContext           *context,
                                           const char           *user,
                                           const char           *view,
                                           TlkWindow           **window);

/* Removes the folder @dir made by tlk_ui_test_demo_context and what is in it. */
void        tlk_ui_test_remove_dir        (const char           *dir);

/* Runs whatever is pending in the main loop, a few rounds. */
void       tlk_ui_test_iterate            (void);

/* Runs the main loop until @cond holds; fails the test after TIMEOUT_S. */
#define TLK_UI_WAIT_UNTIL(cond, what)                                                 \
  G_STMT_START                                                                        \
  {                                                                                   \
    gint64 end_ = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;           \
    while (!(cond))                                                                   \
      {                                                                               \
        if (g_get_monotonic_time () > end_)                                           \
          g_error ("%s:%d: waited %d s in vain for %s", __FILE__, __LINE__, TIMEOUT_S, \
                   what);                                                             \
        if (!g_main_context_iteration (NULL, FALSE))                                  \
          g_usleep (2000);                                                            \
      }                                                                               \
  }                                                                                   \
  G_STMT_END

/* The template child @id of @widget (of template class @type); fails the
 * test when there is none. */
gpointer   tlk_ui_test_child              (gpointer    widget,
                                           GType       type,
                                           const char *id);
/* The first visible toplevel window of @type, or NULL. */
GtkWindow *tlk_ui_test_find_window        (GType       type);
/* The first button under @root whose action is @action, or NULL. */
GtkWidget *tlk_ui_test_find_action_button (GtkWidget  *root,
                                           const char *action);
/*
 * When TELEKIT_SCREENSHOT_DIR is set: lets the last frames be drawn and
 * saves the screen as DIR/PREFIX-NAME[-TAG].png (TAG from
 * TELEKIT_SCREENSHOT_TAG), with @dialog (may be NULL) first moved to the
 * middle of a 1366×768 screen. Best effort: a failing screenshot does not
 * fail the test.
 */
void       tlk_ui_test_screenshot         (const char *prefix,
                                           const char *name,
                                           GtkWindow  *dialog);

G_END_DECLS
