/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "tlk-sqlite.h"
#include "tlk-store.h"

G_BEGIN_DECLS

/*
 * Helpers shared by the store tests: one temporary directory per test
 * program, and a second, plain SQLite connection to look at (and damage)
 * the files the store writes.
 */

/* A path inside the program's temporary directory, which is made on first
 * use (free the path). */
char       *tlk_test_path           (const char *name);
/* Removes the directory and everything in it, if it was made. */
void        tlk_test_tmpdir_clear   (void);

/* A plain connection to @path, failing the test if it cannot be opened. */
sqlite3    *tlk_test_sql_open       (const char *path);
/* Runs @sql (several statements allowed), failing the test on an error. */
void        tlk_test_sql_exec       (const char *path,
                                     const char *sql);
/* The first column of the first row of @sql as a number / text. */
gint64      tlk_test_sql_int        (const char *path,
                                     const char *sql);
char       *tlk_test_sql_text       (const char *path,
                                     const char *sql);
/* Every row of @sql, columns joined by '|', rows by '\n'. */
char       *tlk_test_sql_rows       (const char *path,
                                     const char *sql);
/* Whether sqlite_master has an object of @type called @name. */
gboolean    tlk_test_sql_has_object (const char *path,
                                     const char *type,
                                     const char *name);

/* Appends a small consistent world (a user, a location, a model, a kit type,
 * a device and a kit holding it: 7 events), failing the test on an error.
 * Returns the number of events appended. */
guint       tlk_test_append_basics  (TlkStore   *store);

/* The codes the basics use. */
#define TLK_TEST_LOCATION "L00000001R"
#define TLK_TEST_KIT      "K00000001N"
#define TLK_TEST_DEVICE   "D00000001H"
#define TLK_TEST_N_BASICS 7

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

G_END_DECLS
