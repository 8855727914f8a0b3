/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tlk-event.h"

G_BEGIN_DECLS

/*
 * Demo data: the Region Midtjylland customers, device models, kit types,
 * a warehouse, vehicles, users and kits with histories that obey the rules.
 * Deterministic for a seed. Every event is folded through a TlkWorld as it
 * is made, so a history the rules refuse can never be produced.
 */

typedef struct
{
  guint   n_kits;
  guint32 seed;
  guint   max_cycles;   /* home visits per kit at most (default 3) */
  gboolean today;       /* add today's work: new orders, today's routes */
} TlkDemoOptions;

typedef struct
{
  /* Takes ownership of @event. */
  gboolean (*event)   (TlkEvent   *event,
                       gpointer    user_data,
                       GError    **error);
  /* A citizen's personal data, for the personal-data tables only. */
  gboolean (*citizen) (const char *id,
                       const char *name,
                       const char *address,
                       const char *phone,
                       const char *access_notes,
                       gpointer    user_data,
                       GError    **error);
  gpointer user_data;
} TlkDemoSink;

gboolean tlk_demo_generate (const TlkDemoOptions *options,
                            const TlkDemoSink    *sink,
                            GError              **error);

G_END_DECLS
