/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int         tlk_migrations_count (void);
/* The SQL that brings a database from @version - 1 to @version. */
const char *tlk_migrations_get   (int version);

gboolean    tlk_migrations_refolds (int version);

G_END_DECLS
