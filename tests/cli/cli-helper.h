/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Running the real telekit-cli from a test: its path comes from
 * TELEKIT_CLI (set by tests/cli/meson.build), every run is checked for a
 * normal exit and for sanitizer reports.
 */

typedef struct
{
  int   status;  /* exit status */
  char *out;
  char *err;
} CliRun;

void  cli_run_clear   (CliRun     *run);

/* Runs telekit-cli --db @db (when not NULL) and @args. */
void  cli_runv        (CliRun     *run,
                       const char *db,
                       GPtrArray  *args);
void  cli_run         (CliRun     *run,
                       const char *db,
                       ...) G_GNUC_NULL_TERMINATED;
/* Asserts success: exit status 0 and nothing on stderr. */
void  cli_assert_ok   (const CliRun *run);
#define cli_run_ok(run, db, ...) \
  G_STMT_START { cli_run ((run), (db), __VA_ARGS__); cli_assert_ok (run); } G_STMT_END

/* Asserts the §8 contract for a refusal: non-zero exit, nothing on stdout,
 * one line "telekit-cli: …" on stderr holding @fragment. */
void  cli_assert_refused (const CliRun *run,
                          const char   *fragment);

/* A path from the environment variable @name, which must be set. */
char *cli_test_program (const char *name);

/* Removes @path and everything below it. */
void  cli_rm_rf       (const char *path);

/* The path of the program @name, which a test needs: its absence fails
 * the test, naming the Debian @package that has it (build-aux/install-deps
 * installs it). */
char *cli_need_program (const char *name,
                        const char *package);
/* The text of @pdf by pdftotext -layout, pages ending in a form feed. */
char *cli_pdf_text    (const char *pdf);
/* Fails the test, showing @text, when @needle is not in it. */
void  cli_assert_contains (const char *text,
                           const char *needle);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

G_END_DECLS
