/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cli-helper.h"
#include "tlk-billing-pdf.h"
#include "tlk-entities.h"
#include "tlk-terms.h"

/*
 * The billing basis as a PDF, read back with pdftotext: each customer's
 * section starts on a new page, runs on over further pages when its lines
 * do not fit one, repeats its heading on every page, numbers its own
 * pages, and ends with its total.
 */

static char *tmp_dir;

/* 70 kit types, "Linje 001" … "Linje 070", one day each for one customer
 * whose price list makes line i cost i kroner: more lines than two pages
 * hold. A second customer without a price list has two pickups. */
#define N_LINES 70

static TlkCustomer *
customer_new (const char *id,
              const char *name,
              const char *ean)
{
  TlkCustomer *c = g_new0 (TlkCustomer, 1);

  c->id = g_strdup (id);
  c->name = g_strdup (name);
  c->kind = g_strdup ("municipality");
  c->ean = g_strdup (ean);
  return c;
}

static TlkBilling *
many_lines (void)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_customer_free);
  g_autoptr(GPtrArray) kit_types = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_type_free);
  g_autoptr(GPtrArray) stays = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_stay_free);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_billing_task_free);
  g_autoptr(TlkTerms) terms = tlk_terms_new ("2026-01");
  g_autoptr(JsonObject) payload = NULL;
  TlkCustomer *many = customer_new ("many", "Mange Linjer Kommune", "5798000000001");

  for (guint i = 1; i <= N_LINES; i++)
    {
      TlkKitType *type = g_new0 (TlkKitType, 1);
      TlkBillingStay *stay = g_new0 (TlkBillingStay, 1);

      type->id = g_strdup_printf ("t%03u", i);
      type->name = g_strdup_printf ("Linje %03u", i);
      tlk_terms_set_kit_day_price (terms, type->id, i * 100);
      stay->order = g_strdup_printf ("o%u", i);
      stay->customer = g_strdup ("many");
      stay->kit_type = g_strdup (type->id);
      stay->installed_at = g_strdup ("2026-03-10T10:00:00Z");
      stay->returned_at = g_strdup ("2026-03-10T12:00:00Z");
      g_ptr_array_add (kit_types, type);
      g_ptr_array_add (stays, stay);
    }
  payload = tlk_terms_to_json (terms);
  tlk_customer_set_terms (many, payload);
  g_ptr_array_add (customers, many);
  g_ptr_array_add (customers, customer_new ("few", "Få Linjer Kommune", NULL));
  for (guint i = 0; i < 2; i++)
    {
      TlkBillingTask *task = g_new0 (TlkBillingTask, 1);

      task->stop = g_strdup_printf ("s%u", i);
      task->order = g_strdup ("o-few");
      task->customer = g_strdup ("few");
      task->kind = g_strdup ("pickup");
      task->done_at = g_strdup ("2026-03-12T10:00:00Z");
      g_ptr_array_add (tasks, task);
    }
  return tlk_billing_compute ("2026-03", customers, kit_types, stays, tasks);
}

/* The pages of @pdf as text (without the empty piece after the last form
 * feed). */
static GStrv
pdf_pages (const char *pdf)
{
  g_autofree char *text = cli_pdf_text (pdf);
  GStrv pages = g_strsplit (text, "\f", -1);
  guint n = g_strv_length (pages);

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (pages[n - 1], ==, "");
  g_clear_pointer (&pages[n - 1], g_free);
  return pages;
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_overflow (void)
{
  g_autoptr(TlkBilling) billing = many_lines ();
  g_autofree char *path = g_build_filename (tmp_dir, "overflow.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  const TlkBillingCustomer *many;
  guint next_line = 0;

  /* Få before Mange; 1 + 2 + … + 70 = 70 × 71 / 2 = 2.485 kroner. */
  g_assert_cmpuint (billing->customers->len, ==, 2);
  many = g_ptr_array_index (billing->customers, 1);
  g_assert_cmpuint (many->lines->len, ==, N_LINES);
  g_assert_cmpint (many->total, ==, 248500);

  g_assert_true (tlk_billing_write_pdf (billing, path, &error));
  g_assert_no_error (error);
  pages = pdf_pages (path);
  g_assert_cmpuint (g_strv_length (pages), ==, 4);

  /* Each customer starts on a page of its own. */
  cli_assert_contains (pages[0], "Få Linjer Kommune");
  cli_assert_contains (pages[0], "not registered");
  cli_assert_contains (pages[0], "Page 1 of 1");
  cli_assert_contains (pages[0], "No price list is in force for this customer in March 2026");
  g_assert_null (strstr (pages[0], "kr."));
  g_assert_null (strstr (pages[0], "Mange"));

  for (guint p = 1; p <= 3; p++)
    {
      g_autofree char *number = g_strdup_printf ("Page %u of 3", p);

      g_test_message ("page %u", p + 1);
      /* The heading and the table's columns on every page. */
      cli_assert_contains (pages[p], "Billing basis");
      cli_assert_contains (pages[p], "March 2026");
      cli_assert_contains (pages[p], "Mange Linjer Kommune");
      cli_assert_contains (pages[p], "5798000000001");
      cli_assert_contains (pages[p], "Unit price");
      cli_assert_contains (pages[p], number);
      g_assert_null (strstr (pages[p], "Få Linjer"));
      /* The lines in order, each once, continuing where the page before
       * stopped. */
      for (const char *t = strstr (pages[p], "Linje "); t != NULL; t = strstr (t + 1, "Linje "))
        {
          guint n = (guint) g_ascii_strtoull (t + 6, NULL, 10);

          g_assert_cmpuint (n, ==, next_line + 1);
          next_line = n;
        }
      g_assert_cmpuint (count (pages[p], "Total, Mange Linjer Kommune"), ==, p == 3 ? 1 : 0);
    }
  g_assert_cmpuint (next_line, ==, N_LINES);
  cli_assert_contains (pages[1], "1,00 kr.");
  cli_assert_contains (pages[3], "70,00 kr.");
  cli_assert_contains (pages[3], "2.485,00 kr.");
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(TlkBilling) billing = tlk_billing_compute ("2026-03", none, NULL, NULL, NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "empty.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;

  g_assert_true (tlk_billing_write_pdf (billing, path, &error));
  g_assert_no_error (error);
  pages = pdf_pages (path);
  g_assert_cmpuint (g_strv_length (pages), ==, 1);
  cli_assert_contains (pages[0], "Billing basis");
  cli_assert_contains (pages[0], "Nothing to bill in March 2026.");
  cli_assert_contains (pages[0], "Page 1 of 1");
}

static void
test_unwritable (void)
{
  g_autoptr(TlkBilling) billing = many_lines ();
  g_autofree char *path = g_build_filename (tmp_dir, "no-such-folder", "x.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (tlk_billing_write_pdf (billing, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("telekit-report-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/report/billing/overflow", test_overflow);
  g_test_add_func ("/report/billing/empty", test_empty);
  g_test_add_func ("/report/billing/unwritable", test_unwritable);

  status = g_test_run ();
  cli_rm_rf (tmp_dir);
  g_free (tmp_dir);
  /* The font map and fontconfig's caches: dropped here, anything still
   * alive is a leak of ours. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
