/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tlk-store.h"

/*
 * A stream of scans for test-kill: moves the ready kits of DB between two
 * shelves, one kit.moved event per transaction, and after each commit
 * prints "ok EVENT_ID". The test kills it with SIGKILL somewhere in the
 * middle; the time limit only matters when the test itself died.
 */

#define MAX_SECONDS 120

static int
die (const char   *what,
     const GError *error)
{
  fprintf (stderr, "scan-writer: %s: %s\n", what, error->message);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GPtrArray) kits = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  const char *shelves[2] = { NULL, NULL };
  gint64 deadline;

  if (argc != 2)
    {
      fprintf (stderr, "usage: scan-writer DB\n");
      return 2;
    }

  if ((store = tlk_store_open (argv[1], &error)) == NULL)
    return die ("open", error);
  if ((kits = tlk_store_list_kits (store, "ready", NULL, NULL, &error)) == NULL)
    return die ("list kits", error);
  if ((locations = tlk_store_list (store, TLK_SUBJECT_LOCATION, NULL, &error)) == NULL)
    return die ("list locations", error);
  for (guint i = 0; i < locations->len && shelves[1] == NULL; i++)
    {
      const TlkLocation *location = g_ptr_array_index (locations, i);

      if (strcmp (location->kind, "shelf") == 0)
        shelves[shelves[0] == NULL ? 0 : 1] = location->id;
    }
  if (kits->len == 0 || shelves[1] == NULL)
    {
      fprintf (stderr, "scan-writer: %s has no ready kits or fewer than two shelves\n", argv[1]);
      return 1;
    }

  deadline = g_get_monotonic_time () + MAX_SECONDS * G_USEC_PER_SEC;
  for (guint64 i = 0; g_get_monotonic_time () < deadline; i++)
    {
      const TlkKit *kit = g_ptr_array_index (kits, i % kits->len);
      g_autoptr(TlkEvent) event = tlk_event_new (TLK_EVENT_KIT_MOVED, kit->id, "mette");

      tlk_event_set_string (event, "location", shelves[(i / kits->len) % 2]);
      if (!tlk_store_append (store, event, &error))
        return die ("append", error);
      printf ("ok %s\n", event->event_id);
      fflush (stdout);
    }

  return 0;
}
