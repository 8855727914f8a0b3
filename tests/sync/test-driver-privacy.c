/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-code.h"
#include "tlk-store-orders.h"
#include "tlk-store-test-util.h"
#include "tlk-store-sync.h"
#include "tlk-sync.h"
#include "tlk-test-computer.h"
#include "tlk-test-server.h"

/*
 * Personal data on a driver's laptop (DESIGN §5, issue 6): the database
 * and its journal, read byte by byte, hold the name and address of a
 * citizen only while one of the driver's own stops for that citizen is
 * open — never another driver's citizen, not after the stop is done and
 * synced, and not past the keep time even when the laptop stays offline.
 */

#define PASSWORD "privacy-test-pw"

static const char *const citizens_csv =
  "Kunde;Sagsnummer;Pakketype;Ønsket dato;Navn;Adresse;Telefon;Adgang\r\n"
  "hospital-1;PRIV-1;kol;01-03-2027;Søren Privatsen;Åbrinken 11, 8000 Aarhus C;20304050;Nøgle under måtten\r\n"
  "hospital-1;PRIV-2;kol;01-03-2027;Åse Hemmeligsen;Østre Skovvej 22, 8240 Risskov;21314151;\r\n"
  "hospital-1;PRIV-3;kol;02-03-2027;Bjørn Andenchauffør;Vestergade 33, 8600 Silkeborg;22324252;\r\n";

/* Whether @text is anywhere in the database file, its journal or its
 * shared-memory index, as bytes. */
static gboolean
on_disk (TlkStore   *store,
         const char *text)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (tlk_store_get_path (store), suffixes[i], NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &data, &length, NULL) && memmem (data, length, text, strlen (text)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
append_ok (TlkStore *store,
           TlkEvent *event)
{
  g_autoptr(TlkEvent) owned = event;
  g_autoptr(GError) error = NULL;

  tlk_store_append (store, owned, &error);
  g_assert_no_error (error);
}

/* Reserves a ready kit for @order and plans its delivery by @driver. */
static char *
plan_delivery (TlkStore   *store,
               const char *order,
               const char *driver)
{
  g_autoptr(GPtrArray) ready = tlk_store_list_kits (store, "ready", "kol", NULL, NULL);
  g_autofree char *stop = tlk_code_make_random (TLK_CODE_KIND_STOP, NULL);
  TlkKit *kit;
  TlkEvent *e;

  g_assert_nonnull (ready);
  g_assert_cmpuint (ready->len, >, 0);
  kit = g_ptr_array_index (ready, 0);
  e = tlk_event_new (TLK_EVENT_KIT_RESERVED, kit->id, "anne");
  tlk_event_set_string (e, "order", order);
  append_ok (store, e);
  e = tlk_event_new (TLK_EVENT_STOP_PLANNED, stop, "anne");
  tlk_event_set_string (e, "order", order);
  tlk_event_set_string (e, "kind", "delivery");
  tlk_event_set_string (e, "date", "2027-03-01");
  tlk_event_set_string (e, "driver", driver);
  append_ok (store, e);
  return g_steal_pointer (&stop);
}

static void
test_driver_laptop (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tlk-privacy-XXXXXX", NULL);
  g_autofree char *office_path = g_build_filename (dir, "office.db", NULL);
  g_autofree char *car_path = g_build_filename (dir, "car.db", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(TlkTestComputer) office = NULL;
  g_autoptr(TlkTestComputer) car = NULL;
  g_autofree char *stop1 = NULL;
  g_autofree char *stop2 = NULL;
  g_autofree char *stop3 = NULL;
  TlkTestServer *srv = tlk_test_server_start ();
  TlkDemoOptions options = { .n_kits = 40, .seed = 5, .max_cycles = 1 };

  tlk_test_server_add_user (srv, "admin", "admin", PASSWORD);
  tlk_test_server_add_user (srv, "jens", "driver", PASSWORD);

  /* The office: demo data, three orders with their citizens, two
   * deliveries for jens and one for karim. */
  office = tlk_test_computer_new (office_path, tlk_test_server_url (srv), "admin", PASSWORD);
  g_assert_true (tlk_store_load_demo (office->store, &options, NULL, &error));
  g_assert_no_error (error);
  drafts = tlk_store_read_orders_csv (office->store, citizens_csv, strlen (citizens_csv), problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  orders = tlk_store_add_orders (office->store, drafts, "anne", "test orders", FALSE, &error);
  g_assert_no_error (error);
  stop1 = plan_delivery (office->store, g_ptr_array_index (orders, 0), "jens");
  stop2 = plan_delivery (office->store, g_ptr_array_index (orders, 1), "jens");
  stop3 = plan_delivery (office->store, g_ptr_array_index (orders, 2), "karim");
  /* The office's details go to the server with its sync. */
  tlk_test_computer_sync_ok (office);
  g_assert_cmpint (tlk_store_count_pending (office->store), ==, 0);

  /* Jens's laptop: his two citizens, not karim's, nor any other. */
  car = tlk_test_computer_new (car_path, tlk_test_server_url (srv), "jens", PASSWORD);
  tlk_test_computer_sync_ok (car);
  g_assert_true (on_disk (car->store, "Søren Privatsen"));
  g_assert_true (on_disk (car->store, "Åbrinken 11"));
  g_assert_true (on_disk (car->store, "Åse Hemmeligsen"));
  g_assert_false (on_disk (car->store, "Bjørn Andenchauffør"));
  g_assert_false (on_disk (car->store, "Vestergade 33"));
  /* The office's own details are where they were written. */
  g_assert_true (on_disk (office->store, "Bjørn Andenchauffør"));

  /* Stop 1 done on the laptop: kept until the server has it … */
  append_ok (car->store, tlk_event_new (TLK_EVENT_STOP_DONE, stop1, "jens"));
  g_assert_true (on_disk (car->store, "Søren Privatsen"));
  /* … and gone, byte for byte, once it has. */
  tlk_test_computer_sync_ok (car);
  g_assert_false (on_disk (car->store, "Søren Privatsen"));
  g_assert_false (on_disk (car->store, "Åbrinken 11"));
  g_assert_false (on_disk (car->store, "Nøgle under måtten"));
  g_assert_true (on_disk (car->store, "Åse Hemmeligsen"));

  /* Past the keep time with no network: gone as well. */
  g_assert_true (tlk_store_set_sync_value (car->store, "citizen_keep_seconds", "1", &error));
  tlk_test_computer_sync_ok (car);
  g_assert_true (on_disk (car->store, "Åse Hemmeligsen"));
  tlk_test_server_terminate (srv);
  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (tlk_sync_run (car->store, car->client, NULL, NULL, &error));
  g_assert_error (error, TLK_SYNC_ERROR, TLK_SYNC_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_false (on_disk (car->store, "Åse Hemmeligsen"));
  g_assert_false (on_disk (car->store, "Østre Skovvej 22"));
  g_assert_cmpint (tlk_test_sql_int (car_path, "SELECT COUNT(*) FROM citizens"), ==, 0);

  g_clear_pointer (&car, tlk_test_computer_free);
  g_clear_pointer (&office, tlk_test_computer_free);
  tlk_test_server_free (srv);
  tlk_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/privacy/driver-laptop", test_driver_laptop);
  return g_test_run ();
}
