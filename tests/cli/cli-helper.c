/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cli-helper.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

char *
cli_test_program (const char *name)
{
  const char *path = g_getenv (name);

  if (path == NULL)
    g_error ("%s is not set; run the tests with meson test", name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  return g_strdup (path);
}

/* An ASan, LSan or UBSan report means the command misbehaved, whatever
 * its exit status says. */
static void
assert_no_sanitizer_report (const char *command,
                            const char *err)
{
  static const char *const markers[] = {
    "AddressSanitizer", "LeakSanitizer", "runtime error:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (err, markers[i]) != NULL)
      {
        g_test_message ("%s:\n%s", command, err);
        g_assert_null (strstr (err, markers[i]));
      }
}

void
cli_runv (CliRun     *run,
          const char *db,
          GPtrArray  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  int wait_status = 0;

  cli_run_clear (run);
  g_ptr_array_add (argv, cli_test_program ("TELEKIT_CLI"));
  if (db != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--db"));
      g_ptr_array_add (argv, g_strdup (db));
    }
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (args, i)));
  g_ptr_array_add (argv, NULL);
  command = g_strjoinv (" ", (char **) argv->pdata);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    {
      g_test_message ("%s died:\n%s", command, run->err);
      g_assert_true (WIFEXITED (wait_status));
    }
  run->status = WEXITSTATUS (wait_status);
  assert_no_sanitizer_report (command, run->err);
}

void
cli_run (CliRun     *run,
         const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  cli_runv (run, db, args);
}

void
cli_assert_ok (const CliRun *run)
{
  if (run->status != 0)
    g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

void
cli_assert_refused (const CliRun *run,
                    const char   *fragment)
{
  const char *newline = strchr (run->err, '\n');

  g_assert_cmpint (run->status, !=, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "telekit-cli: "));
  /* Exactly one line. */
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline, ==, "\n");
  if (strstr (run->err, fragment) == NULL)
    g_test_message ("“%s” not in: %s", fragment, run->err);
  g_assert_nonnull (strstr (run->err, fragment));
}

void
cli_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          cli_rm_rf (child);
        }
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}

char *
cli_need_program (const char *name,
                  const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_error ("%s is not installed: this test needs it (apt-get install %s, as build-aux/install-deps does)", name,
             package);
  return path;
}

char *
cli_pdf_text (const char *pdf)
{
  g_autofree char *pdftotext = cli_need_program ("pdftotext", "poppler-utils");
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  const char *argv[] = { pdftotext, "-layout", "-enc", "UTF-8", pdf, "-", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pdftotext %s failed: %s", pdf, err);
  return out;
}

void
cli_assert_contains (const char *text,
                     const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, text);
}
