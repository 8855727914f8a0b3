/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tlk-application.h"
#include "tlk-renderer.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(TlkApplication) app = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  setlocale (LC_ALL, "");
  /* Running from the build tree (run-demo, tests) points at its catalogues. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TELEKIT_LOCALEDIR") ? g_getenv ("TELEKIT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without its settings schema the app cannot start; say how to fix it. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("telekit: the settings schema %s is not installed; install Telekit, "
                    "or run it from the build tree with GSETTINGS_SCHEMA_DIR set (./run-demo does).\n"),
                  APPLICATION_ID);
      return 1;
    }

  /* Before any window, while the app has no threads. */
  tlk_renderer_choose ();
  app = tlk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
