/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tlk-demo.h"
#include "tlk-store-inventory.h"
#include "tlk-store-test-util.h"

/* ---- TlkTable ------------------------------------------------------------ */

static void
test_table_packing (void)
{
  static const TlkTableColumnKind kinds[] = { TLK_TABLE_TEXT, TLK_TABLE_DICTIONARY, TLK_TABLE_DICTIONARY };
  g_autoptr(TlkTable) table = tlk_table_new (G_N_ELEMENTS (kinds), kinds);

  /* 70,000 rows: 70,000 codes, 300 names (two bytes a row), and as many
   * values as rows in the last column (four bytes a row). */
  for (guint r = 0; r < 70000; r++)
    {
      g_autofree char *code = g_strdup_printf ("K%06u", r);
      g_autofree char *name = r % 7 == 0 ? NULL : g_strdup_printf ("Reol %u", r % 300);
      g_autofree char *own = g_strdup_printf ("v%u", r);
      const char *values[] = { code, name, own };

      tlk_table_add_row (table, values);
    }
  tlk_table_freeze (table);

  g_assert_cmpuint (tlk_table_get_n_rows (table), ==, 70000);
  g_assert_cmpstr (tlk_table_get (table, 12345, 0), ==, "K012345");
  g_assert_cmpstr (tlk_table_get (table, 12346, 1), ==, "Reol 46");
  /* No value is no value, number 0. */
  g_assert_null (tlk_table_get (table, 7, 1));
  g_assert_cmpuint (tlk_table_get_value_id (table, 7, 1), ==, 0);
  g_assert_cmpuint (tlk_table_get_n_values (table, 1), ==, 301);
  g_assert_cmpstr (tlk_table_get_value (table, 1, tlk_table_get_value_id (table, 12346, 1)), ==, "Reol 46");
  g_assert_cmpuint (tlk_table_lookup_value (table, 1, "Reol 46"), ==, tlk_table_get_value_id (table, 12346, 1));
  g_assert_cmpuint (tlk_table_lookup_value (table, 1, "Reol 301"), ==, 0);
  g_assert_cmpstr (tlk_table_get (table, 69999, 2), ==, "v69999");
  g_assert_cmpuint (tlk_table_get_value_id (table, 69999, 2), ==, 70000);
  /* Codes found by binary search; a missing one is not. */
  g_assert_cmpuint (tlk_table_find_sorted (table, 0, "K054321"), ==, 54321);
  g_assert_cmpuint (tlk_table_find_sorted (table, 0, "K0543210"), ==, G_MAXUINT);
  /* Packed: well under the 16 bytes a row of three pointers alone would take. */
  g_assert_cmpuint (tlk_table_get_size (table), <, 70000 * (8 + 6 + 4 + 2 + 4 + 4 + 4));
}

/* ---- the inventory's queries --------------------------------------------- */

static TlkStore *
demo_store (void)
{
  g_autofree char *path = tlk_test_path ("inventory.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (path, &error);
  TlkDemoOptions options = { 80, 3, 2 };

  g_assert_no_error (error);
  g_assert_true (tlk_store_load_demo (store, &options, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
test_kit_table (void)
{
  g_autoptr(TlkStore) store = demo_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkTable) kits = tlk_store_kit_table (store, &error);
  g_autoptr(GPtrArray) listed = tlk_store_list_kits (store, NULL, NULL, NULL, &error);
  guint with_customer = 0, carried = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (tlk_table_get_n_rows (kits), ==, listed->len);
  for (guint r = 0; r < listed->len; r++)
    {
      TlkKit *kit = g_ptr_array_index (listed, r);
      g_autoptr(TlkKitType) type = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, kit->kit_type);

      /* In code order, each with its type's name and its state. */
      g_assert_cmpstr (tlk_table_get (kits, r, TLK_KIT_COLUMN_CODE), ==, kit->id);
      g_assert_cmpstr (tlk_table_get (kits, r, TLK_KIT_COLUMN_KIT_TYPE), ==, kit->kit_type);
      g_assert_cmpstr (tlk_table_get (kits, r, TLK_KIT_COLUMN_KIT_TYPE_NAME), ==, type->name);
      g_assert_cmpstr (tlk_table_get (kits, r, TLK_KIT_COLUMN_STATE), ==, tlk_kit_state_to_string (kit->state));
      g_assert_cmpstr (tlk_table_get (kits, r, TLK_KIT_COLUMN_LOCATION), ==, kit->location);
      if (kit->custodian != NULL)
        {
          /* Who carries it, by name. */
          g_autoptr(TlkUser) user = tlk_store_load (store, TLK_SUBJECT_USER, kit->custodian);
          g_assert_cmpstr (tlk_table_get (kits, r, TLK_KIT_COLUMN_CUSTODIAN), ==, user->name);
          carried++;
        }
      with_customer += tlk_table_get (kits, r, TLK_KIT_COLUMN_CUSTOMER_NAME) != NULL;
    }
  g_assert_cmpuint (with_customer, >, 0);
  g_assert_cmpuint (carried, >, 0);
  tlk_test_tmpdir_clear ();
}

static void
test_device_table_and_history (void)
{
  g_autoptr(TlkStore) store = demo_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkTable) devices = tlk_store_device_table (store, &error);
  g_autoptr(GPtrArray) listed = tlk_store_list (store, TLK_SUBJECT_DEVICE, NULL, &error);
  TlkDevice *in_kit = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (tlk_table_get_n_rows (devices), ==, listed->len);
  for (guint r = 0; r < listed->len; r++)
    {
      TlkDevice *device = g_ptr_array_index (listed, r);

      g_assert_cmpstr (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_CODE), ==, device->id);
      g_assert_cmpstr (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_SERIAL), ==, device->serial);
      g_assert_cmpstr (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_LOT), ==, device->lot);
      g_assert_cmpstr (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_EXPIRY), ==, device->expiry);
      g_assert_cmpstr (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_KIT), ==, device->kit);
      g_assert_nonnull (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_MODEL_NAME));
      if (device->kit != NULL)
        {
          g_autoptr(TlkKit) kit = tlk_store_load (store, TLK_SUBJECT_KIT, device->kit);

          /* A device in a kit is where its kit is. */
          g_assert_cmpstr (tlk_table_get (devices, r, TLK_DEVICE_COLUMN_LOCATION), ==, kit->location);
          in_kit = in_kit ? in_kit : device;
        }
    }
  g_assert_nonnull (in_kit);

  /* Its history: its own events and its kit's that name it, in log order. */
  {
    g_autoptr(GPtrArray) history = tlk_store_device_history (store, in_kit->id, &error);
    gboolean received = FALSE, added = FALSE;

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, >=, 2);
    for (guint i = 0; i < history->len; i++)
      {
        TlkEvent *e = g_ptr_array_index (history, i);

        if (e->type == TLK_EVENT_DEVICE_RECEIVED)
          received = TRUE;
        if (e->type == TLK_EVENT_KIT_DEVICE_ADDED)
          {
            g_assert_true (received);   /* after it came in */
            g_assert_cmpstr (e->subject, ==, in_kit->kit);
            g_assert_cmpstr (tlk_event_get_string (e, "device"), ==, in_kit->id);
            added = TRUE;
          }
        g_assert_true (g_strcmp0 (e->subject, in_kit->id) == 0 || g_strcmp0 (e->subject, in_kit->kit) == 0);
      }
    g_assert_true (received && added);
  }
  {
    g_autoptr(GPtrArray) none = tlk_store_device_history (store, "DNOSUCHDEV", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  tlk_test_tmpdir_clear ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-inventory/table-packing", test_table_packing);
  g_test_add_func ("/store-inventory/kit-table", test_kit_table);
  g_test_add_func ("/store-inventory/device-table-and-history", test_device_table_and_history);
  return g_test_run ();
}
