/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-renderer.h"

#include <epoxy/gl.h>
#include <string.h>

static char *gl_name;

gboolean
tlk_renderer_is_software (const char *name)
{
  /* Mesa's renderers on the processor: llvmpipe, softpipe, the old swrast
   * ("Software Rasterizer") and OpenSWR. */
  static const char *const software[] = { "llvmpipe", "softpipe", "Software Rasterizer", "SWR" };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (name, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

const char *
tlk_renderer_get_gl_name (void)
{
  return gl_name;
}

void
tlk_renderer_choose (void)
{
  g_autoptr(GdkGLContext) context = NULL;
  GdkDisplay *display;

  if (g_getenv ("GSK_RENDERER") != NULL || !gtk_init_check ())
    return;
  display = gdk_display_get_default ();
  /* Without OpenGL GTK draws with cairo by itself. */
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;
  gdk_gl_context_make_current (context);
  g_free (gl_name);
  gl_name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  if (gl_name == NULL)
    return;
  g_debug ("OpenGL renderer: %s", gl_name);
  /* GSK reads it when it makes the first window's renderer, after this;
   * the app has no other threads yet. */
  if (tlk_renderer_is_software (gl_name))
    {
      g_debug ("drawing with cairo: OpenGL runs on the processor here");
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
    }
}
