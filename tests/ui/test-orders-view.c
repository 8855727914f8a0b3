/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-context.h"
#include "tlk-order-dialog.h"
#include "tlk-order-import-dialog.h"
#include "tlk-order-item.h"
#include "tlk-order-page.h"
#include "tlk-orders-view.h"
#include "tlk-store-orders.h"
#include "tlk-store-routes.h"
#include "tlk-store-server.h"
#include "tlk-window.h"
#include "tlk-ui-test-util.h"

/*
 * The coordinator's Orders view (issue 6) in the real window under a real
 * X server, on a demo database in a temporary file, signed in as anne: a
 * new order through the dialog's fields and its action (the order, the
 * citizen and the access log in the store), one refused for a CPR number
 * (the message shown, nothing written), a CSV file with bad rows previewed
 * (nothing written until the import is accepted, then exactly the good
 * rows), the allocation suggestion, and packing by scan: a kit of another
 * type refused with the world's message, the suggested kit reserved.
 *
 * Texts are compared with their translation, so the same run works in
 * Danish (LANGUAGE=da TELEKIT_LOCALEDIR=…). With TELEKIT_SCREENSHOT_DIR set
 * each state is also taken as a screenshot (orders-*.png).
 */


static char *tmpdir;
static AdwApplication *app;
static TlkContext *context;
static TlkWindow *window;
static TlkOrdersView *view;

/* ---- waiting and looking -------------------------------------------------- */

static void
screenshot (const char *name,
            GtkWindow  *dialog)
{
  tlk_ui_test_screenshot ("orders", name, dialog);
}

static TlkStore *
store (void)
{
  return tlk_context_get_store (context);
}

static guint
count_orders (void)
{
  g_autoptr(GPtrArray) orders = tlk_store_list (store (), TLK_SUBJECT_ORDER, NULL, NULL);

  return orders->len;
}

static TlkOrder *
find_order (const char *case_ref)
{
  g_autoptr(GPtrArray) orders = tlk_store_list (store (), TLK_SUBJECT_ORDER, NULL, NULL);

  for (guint i = 0; i < orders->len; i++)
    {
      TlkOrder *o = g_ptr_array_index (orders, i);

      if (g_strcmp0 (o->case_ref, case_ref) == 0)
        return g_ptr_array_steal_index (orders, i);
    }
  return NULL;
}

static char *
date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%d-%m-%Y");
}

/* A customer's name and a kit type's name that orders may name. */
static char *
customer_name (void)
{
  g_autoptr(GPtrArray) customers = tlk_store_list (store (), TLK_SUBJECT_CUSTOMER, NULL, NULL);

  return g_strdup (((TlkCustomer *) g_ptr_array_index (customers, 0))->name);
}

static char *
kit_type_name (const char *id)
{
  g_autoptr(TlkKitType) type = tlk_store_load (store (), TLK_SUBJECT_KIT_TYPE, id);

  g_assert_nonnull (type);
  return g_strdup (type->name);
}

/* Chooses the entry of @row that reads @name. */
static void
choose (gpointer    row,
        const char *name)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        return;
      }
  g_error ("no “%s” to choose", name);
}

/* A new order as the store writes it, for the tests that start from one. */
static char *
add_order (const char *case_ref,
           const char *kit_type)
{
  g_autofree char *customer = customer_name ();
  g_autofree char *date = date_in_days (7);
  const char *values[TLK_ORDER_N_FIELDS] = {
    [TLK_ORDER_FIELD_CUSTOMER] = customer,
    [TLK_ORDER_FIELD_CASE_REF] = case_ref,
    [TLK_ORDER_FIELD_KIT_TYPE] = kit_type,
    [TLK_ORDER_FIELD_REQUESTED_DATE] = date,
    [TLK_ORDER_FIELD_NAME] = "Karen Sørensen",
    [TLK_ORDER_FIELD_ADDRESS] = "Skovvej 3, 8600 Silkeborg",
  };
  const char *const *rows[] = { values };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  drafts = tlk_store_check_orders (store (), rows, 1, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  ids = tlk_store_add_orders (store (), drafts, "anne", "test", FALSE, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (context, "changed");
  return g_strdup (g_ptr_array_index (ids, 0));
}

static gboolean
has_access (const char *citizen,
            const char *action,
            const char *reason)
{
  g_autoptr(GPtrArray) log = tlk_store_access_log (store (), citizen, NULL);

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      TlkAccessLogEntry *e = g_ptr_array_index (log, i);

      if (g_strcmp0 (e->actor, "anne") == 0 && g_strcmp0 (e->action, action) == 0 &&
          (reason == NULL || g_strcmp0 (e->reason, reason) == 0))
        return TRUE;
    }
  return FALSE;
}

static TlkOrderPage *
order_page (void)
{
  return tlk_ui_test_child (view, TLK_TYPE_ORDERS_VIEW, "order_page");
}

static const char *
visible_page (void)
{
  return adw_leaflet_get_visible_child_name (tlk_ui_test_child (view, TLK_TYPE_ORDERS_VIEW, "leaflet"));
}

/* ---- the list ----------------------------------------------------------- */

/* The orders the search and the state let through. */
static guint
shown_orders (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (tlk_ui_test_child (view, TLK_TYPE_ORDERS_VIEW, "filter_model")));
}

static void
test_list (void)
{
  GtkEditable *search = tlk_ui_test_child (view, TLK_TYPE_ORDERS_VIEW, "search_entry");
  GtkDropDown *states = tlk_ui_test_child (view, TLK_TYPE_ORDERS_VIEW, "state_filter");
  g_autoptr(GPtrArray) received = tlk_store_list (store (), TLK_SUBJECT_ORDER, "received", NULL);
  g_autofree char *id = NULL;
  guint all;

  /* All orders, then the open ones by default. */
  gtk_drop_down_set_selected (states, 1);
  all = shown_orders ();
  g_assert_cmpuint (all, ==, count_orders ());
  gtk_drop_down_set_selected (states, 2);
  g_assert_cmpuint (shown_orders (), ==, received->len);
  gtk_drop_down_set_selected (states, 0);
  g_assert_cmpuint (shown_orders (), <=, all);
  screenshot ("list", NULL);

  /* A new order joins the list; the search finds it by case reference. */
  id = add_order ("LIST-0001", "kol");
  tlk_ui_test_iterate ();
  gtk_drop_down_set_selected (states, 1);
  g_assert_cmpuint (shown_orders (), ==, all + 1);
  /* As typed: the search entry reports after its (zero) delay. */
  gtk_editable_set_text (search, "list-00");
  TLK_UI_WAIT_UNTIL (shown_orders () == 1, "one order found");
  gtk_editable_set_text (search, "list-0001x");
  TLK_UI_WAIT_UNTIL (shown_orders () == 0, "no order found");
  gtk_editable_set_text (search, "LIST-0001");
  TLK_UI_WAIT_UNTIL (shown_orders () == 1, "the order found again");

  /* Enter in the search opens it; Escape goes back. */
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (visible_page (), ==, "detail");
  g_assert_cmpstr (tlk_order_page_get_order_id (order_page ()), ==, id);
  /* The focus on the page, off any text field: a scan is a scan there. */
  tlk_ui_test_iterate ();
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (order_page ())));
    g_assert_true (GTK_IS_BUTTON (focus));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  g_assert_cmpstr (visible_page (), ==, "list");
  gtk_editable_set_text (search, "");
  gtk_drop_down_set_selected (states, 0);
  TLK_UI_WAIT_UNTIL (shown_orders () > 1, "the open orders");
}

/* ---- a new order ---------------------------------------------------------- */

static TlkOrderDialog *
open_new_order_dialog (void)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.new", NULL));
  tlk_ui_test_iterate ();
  dialog = tlk_ui_test_find_window (TLK_TYPE_ORDER_DIALOG);
  g_assert_nonnull (dialog);
  return TLK_ORDER_DIALOG (dialog);
}

static void
fill_dialog (TlkOrderDialog *dialog,
             const char     *case_ref,
             const char     *name)
{
  g_autofree char *customer = customer_name ();
  g_autofree char *kit_type = kit_type_name ("kol");
  g_autofree char *date = date_in_days (7);

  choose (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "customer_row"), customer);
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "case_ref_row"), case_ref);
  choose (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "kit_type_row"), kit_type);
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "date_row"), date);
  adw_combo_row_set_selected (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "priority_row"), 1);
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "name_row"), name);
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "address_row"), "Søndergade 12, 2. th., 8000 Aarhus C");
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "phone_row"), "+45 86 12 34 56");
  gtk_editable_set_text (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "access_row"), "Nøgle i nøgleboks, kode 1947");
}

static void
test_new_order (void)
{
  TlkOrderDialog *dialog = open_new_order_dialog ();
  guint before = count_orders ();
  g_autoptr(TlkOrder) order = NULL;
  g_autoptr(TlkCitizen) citizen = NULL;
  g_autoptr(GError) error = NULL;

  fill_dialog (dialog, "SAG-2026-7001", "Bente Kjær");
  screenshot ("new-order", GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-order.add", NULL));
  tlk_ui_test_iterate ();

  /* Written, the dialog gone, and the new order's page open. */
  g_assert_null (tlk_ui_test_find_window (TLK_TYPE_ORDER_DIALOG));
  g_assert_cmpuint (count_orders (), ==, before + 1);
  order = find_order ("SAG-2026-7001");
  g_assert_nonnull (order);
  g_assert_cmpstr (order->kit_type, ==, "kol");
  g_assert_cmpstr (order->priority, ==, "urgent");
  g_assert_cmpint (order->state, ==, TLK_ORDER_RECEIVED);
  citizen = tlk_store_get_citizen (store (), order->citizen, "test", "test check", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (citizen->name, ==, "Bente Kjær");
  g_assert_cmpstr (citizen->phone, ==, "+45 86 12 34 56");
  g_assert_cmpstr (citizen->access_notes, ==, "Nøgle i nøgleboks, kode 1947");
  /* The details were written as anne's, and read as the page opened. */
  g_assert_true (has_access (order->citizen, "write", "new order"));
  g_assert_true (has_access (order->citizen, "read", "order page"));
  g_assert_cmpstr (visible_page (), ==, "detail");
  g_assert_cmpstr (tlk_order_page_get_order_id (order_page ()), ==, order->id);
  g_assert_cmpstr (adw_action_row_get_subtitle (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "name_row")), ==,
                   "Bente Kjær");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  tlk_ui_test_iterate ();
}

static void
test_new_order_refused (void)
{
  TlkOrderDialog *dialog = open_new_order_dialog ();
  const char *name = "Bente Kjær 010190-1234";
  gint64 events = tlk_store_count_events (store ());
  guint before = count_orders ();
  GtkWidget *name_row = tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "name_row");
  GtkLabel *problems = tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "problems_label");
  g_autoptr(GError) expected = NULL;
  g_autofree char *label = NULL;
  const char *title;

  fill_dialog (dialog, "SAG-2026-7002", name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-order.add", NULL));
  tlk_ui_test_iterate ();

  /* Core's message, naming the field as the form does; the field marked. */
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name_row));
  {
    g_auto(GStrv) parts = g_strsplit (title, "_", -1);

    label = g_strjoinv ("", parts);
  }
  g_assert_false (tlk_text_check_free (label, name, &expected));
  g_assert_error (expected, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (problems))));
  g_assert_nonnull (strstr (gtk_label_get_label (problems), expected->message));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  screenshot ("new-order-refused", GTK_WINDOW (dialog));

  /* Nothing written; the dialog stays for the correction. */
  g_assert_nonnull (tlk_ui_test_find_window (TLK_TYPE_ORDER_DIALOG));
  g_assert_cmpuint (count_orders (), ==, before);
  g_assert_cmpint (tlk_store_count_events (store ()), ==, events);
  g_assert_null (find_order ("SAG-2026-7002"));

  /* Put right, it goes in. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Bente Kjær");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-order.add", NULL));
  tlk_ui_test_iterate ();
  g_assert_null (tlk_ui_test_find_window (TLK_TYPE_ORDER_DIALOG));
  g_assert_cmpuint (count_orders (), ==, before + 1);

  /* The same case reference again: the store's check says so. */
  dialog = open_new_order_dialog ();
  fill_dialog (dialog, "SAG-2026-7002", "Bente Kjær");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-order.add", NULL));
  tlk_ui_test_iterate ();
  g_assert_nonnull (tlk_ui_test_find_window (TLK_TYPE_ORDER_DIALOG));
  g_assert_true (gtk_widget_has_css_class (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_DIALOG, "case_ref_row"), "error"));
  g_assert_cmpuint (count_orders (), ==, before + 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  tlk_ui_test_iterate ();
}

/* ---- importing a file ----------------------------------------------------- */

static void
test_import (void)
{
  g_autofree char *customer = customer_name ();
  g_autofree char *kol = kit_type_name ("kol");
  g_autofree char *path = g_build_filename (tmpdir, "bestillinger.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint before = count_orders ();
  gint64 events = tlk_store_count_events (store ());
  GtkWindow *dialog;
  GtkListBox *problems;
  GtkWidget *row;
  g_autofree char *line3 = NULL;
  g_autofree char *line5 = NULL;

  /* Line 1 is the header; lines 3 and 5 are bad. */
  csv = g_strdup_printf ("Kunde;Sagsnummer;Pakketype;Ønsket dato;Prioritet;Navn;Adresse;Telefon\r\n"
                         "%s;IMP-001;%s;01-03-2030;normal;Anna Holm;Vestergade 1, 8000 Aarhus C;86123456\r\n"
                         "%s;IMP-002;%s;31-02-2030;normal;Bo Lund;Vestergade 2, 8000 Aarhus C;86123457\r\n"
                         "%s;IMP-003;%s;02-03-2030;haster;Carl Berg;Vestergade 3, 8000 Aarhus C;86123458\r\n"
                         "%s;IMP-004;%s;03-03-2030;normal;Dorte 010190-1234;Vestergade 4, 8000 Aarhus C;86123459\r\n"
                         "%s;IMP-005;%s;04-03-2030;normal;Erik Dam;Vestergade 5, 8000 Aarhus C;86123460\r\n",
                         customer, kol, customer, kol, customer, kol, customer, kol, customer, kol);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);

  tlk_orders_view_import_file (view, file);
  tlk_ui_test_iterate ();
  dialog = tlk_ui_test_find_window (TLK_TYPE_ORDER_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  TLK_UI_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_IMPORT_DIALOG, "stack")),
                         "preview") == 0,
              "the preview");
  tlk_ui_test_iterate ();

  /* Every problem with its line and column; nothing written yet. */
  problems = tlk_ui_test_child (dialog, TLK_TYPE_ORDER_IMPORT_DIALOG, "problems_list");
  line3 = g_strdup_printf (_("Line %u · %s"), 3, "Ønsket dato");
  line5 = g_strdup_printf (_("Line %u · %s"), 5, "Navn");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (problems, 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, line3);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (problems, 1));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, line5);
  g_assert_null (gtk_list_box_get_row_at_index (problems, 2));
  g_assert_true (gtk_widget_get_visible (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_IMPORT_DIALOG, "bad_box")));
  g_assert_nonnull (strstr (gtk_button_get_label (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_IMPORT_DIALOG, "import_button")), "3"));
  g_assert_cmpuint (count_orders (), ==, before);
  g_assert_cmpint (tlk_store_count_events (store ()), ==, events);
  screenshot ("import-preview", dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.accept", NULL));
  tlk_ui_test_iterate ();
  g_assert_null (tlk_ui_test_find_window (TLK_TYPE_ORDER_IMPORT_DIALOG));
  g_assert_cmpuint (count_orders (), ==, before + 3);
  g_assert_nonnull (find_order ("IMP-001"));
  g_assert_null (find_order ("IMP-002"));
  g_assert_nonnull (find_order ("IMP-003"));
  g_assert_null (find_order ("IMP-004"));
  g_assert_nonnull (find_order ("IMP-005"));
  screenshot ("imported", NULL);

  /* A file that is no order list: said, nothing written. */
  g_assert_true (g_file_set_contents (path, "Farve;Størrelse\r\nrød;stor\r\n", -1, &error));
  tlk_orders_view_import_file (view, file);
  tlk_ui_test_iterate ();
  dialog = tlk_ui_test_find_window (TLK_TYPE_ORDER_IMPORT_DIALOG);
  TLK_UI_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_IMPORT_DIALOG, "stack")),
                         "error") == 0,
              "the error");
  g_assert_false (gtk_widget_is_sensitive (tlk_ui_test_child (dialog, TLK_TYPE_ORDER_IMPORT_DIALOG, "import_button")));
  gtk_window_destroy (dialog);
  g_assert_cmpuint (count_orders (), ==, before + 3);
  tlk_ui_test_iterate ();
}

/* ---- allocation and packing ------------------------------------------------ */

/* A kit in @state of a type other than @type. */
static char *
kit_not_of_type (const char *type)
{
  g_autoptr(GPtrArray) kits = tlk_store_list_kits (store (), "ready", NULL, NULL, NULL);

  for (guint i = 0; i < kits->len; i++)
    {
      TlkKit *kit = g_ptr_array_index (kits, i);

      if (g_strcmp0 (kit->kit_type, type) != 0)
        return g_strdup (kit->id);
    }
  return NULL;
}

static void
test_allocate (void)
{
  g_autofree char *id = add_order ("SAG-2026-7100", "kol");
  g_autoptr(GPtrArray) suggestions = tlk_store_suggest_kits (store (), id, 5, NULL);
  g_autofree char *wrong = kit_not_of_type ("kol");
  g_autofree char *wrong_shown = NULL;
  g_autofree char *best_shown = NULL;
  g_autoptr(TlkEvent) attempt = NULL;
  g_autoptr(GError) expected = NULL;
  g_autoptr(TlkOrder) order = NULL;
  g_autoptr(TlkKit) kit = NULL;
  GtkLabel *feedback;
  GtkListBoxRow *first;
  const char *best;
  gint64 events;

  g_assert_nonnull (suggestions);
  g_assert_cmpuint (suggestions->len, >, 0);
  g_assert_nonnull (wrong);
  best = ((TlkKitSuggestion *) g_ptr_array_index (suggestions, 0))->kit;
  best_shown = tlk_code_display (best);

  /* The page offers the store's best kit first. */
  tlk_ui_test_iterate ();
  tlk_orders_view_open_order (view, id);
  tlk_ui_test_iterate ();
  g_assert_cmpstr (tlk_order_page_get_suggested_kit (order_page ()), ==, best);
  first = gtk_list_box_get_row_at_index (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "suggestions_list"), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, best_shown);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE,
                                                                          "allocation_group")),
                            best_shown));
  screenshot ("order-page", NULL);

  /* A kit of another type: the world's reason, nothing changed. */
  attempt = tlk_event_new (TLK_EVENT_KIT_RESERVED, wrong, "anne");
  tlk_event_set_string (attempt, "order", id);
  g_assert_false (tlk_store_check (store (), attempt, &expected));
  g_assert_error (expected, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH);
  events = tlk_store_count_events (store ());
  wrong_shown = tlk_code_format (wrong);
  tlk_orders_view_scan (view, wrong_shown);
  tlk_ui_test_iterate ();
  feedback = tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "feedback_label");
  g_assert_cmpstr (gtk_label_get_label (feedback), ==, expected->message);
  g_assert_true (gtk_widget_has_css_class (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "feedback_box"), "error"));
  g_assert_cmpint (tlk_store_count_events (store ()), ==, events);
  order = tlk_store_load (store (), TLK_SUBJECT_ORDER, id);
  g_assert_cmpint (order->state, ==, TLK_ORDER_RECEIVED);
  g_assert_null (order->kit);
  g_clear_pointer (&order, tlk_order_free);
  screenshot ("scan-refused", NULL);

  /* Not a kit at all. */
  tlk_orders_view_scan (view, "no such thing");
  tlk_ui_test_iterate ();
  g_assert_true (gtk_widget_has_css_class (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "feedback_box"), "error"));
  g_assert_cmpint (tlk_store_count_events (store ()), ==, events);

  /* The suggested kit, scanned: reserved for the order. */
  tlk_orders_view_scan (view, best_shown);
  tlk_ui_test_iterate ();
  order = tlk_store_load (store (), TLK_SUBJECT_ORDER, id);
  g_assert_cmpint (order->state, ==, TLK_ORDER_ALLOCATED);
  g_assert_cmpstr (order->kit, ==, best);
  kit = tlk_store_load (store (), TLK_SUBJECT_KIT, best);
  g_assert_cmpint (kit->state, ==, TLK_KIT_RESERVED);
  g_assert_cmpstr (kit->order, ==, id);
  g_assert_true (gtk_widget_has_css_class (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "feedback_box"), "success"));
  g_assert_nonnull (strstr (gtk_label_get_label (feedback), best_shown));
  /* Allocated: no more suggestions, and the button's action is off. */
  g_assert_false (gtk_widget_get_visible (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "allocation_group")));
  gtk_widget_activate_action (GTK_WIDGET (view), "orders.reserve-suggested", NULL);
  g_assert_cmpint (tlk_store_count_events (store ()), ==, events + 1);
  screenshot ("scan-reserved", NULL);

  /* The list's row of the order says so too (a changed order is a new
   * item, the others stay). */
  {
    GListModel *all = G_LIST_MODEL (tlk_ui_test_child (view, TLK_TYPE_ORDERS_VIEW, "orders_store"));
    guint found = 0;

    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(TlkOrderItem) item = g_list_model_get_item (all, i);

        if (g_strcmp0 (tlk_order_item_get_id (item), id) != 0)
          continue;
        found++;
        g_assert_cmpstr (tlk_order_item_get_text (item, TLK_ORDER_COLUMN_KIT), ==, best_shown);
        g_assert_cmpstr (tlk_order_item_get_text (item, TLK_ORDER_COLUMN_STATE), ==,
                         tlk_order_state_describe (TLK_ORDER_ALLOCATED));
      }
    g_assert_cmpuint (found, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (all), ==, count_orders ());
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  tlk_ui_test_iterate ();
}

static void
test_reserve_button (void)
{
  g_autofree char *id = add_order ("SAG-2026-7101", "kol");
  g_autoptr(GPtrArray) suggestions = tlk_store_suggest_kits (store (), id, 5, NULL);
  g_autoptr(TlkOrder) order = NULL;

  g_assert_cmpuint (suggestions->len, >, 0);
  tlk_orders_view_open_order (view, id);
  tlk_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.reserve-suggested", NULL));
  tlk_ui_test_iterate ();
  order = tlk_store_load (store (), TLK_SUBJECT_ORDER, id);
  g_assert_cmpint (order->state, ==, TLK_ORDER_ALLOCATED);
  g_assert_cmpstr (order->kit, ==, ((TlkKitSuggestion *) g_ptr_array_index (suggestions, 0))->kit);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  tlk_ui_test_iterate ();
}

/* ---- return and cancel ----------------------------------------------------- */

static AdwMessageDialog *
message_dialog (void)
{
  GtkWindow *dialog = tlk_ui_test_find_window (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
test_cancel (void)
{
  g_autofree char *id = add_order ("SAG-2026-7200", "kol");
  g_autoptr(TlkOrder) order = NULL;
  AdwMessageDialog *dialog;

  tlk_orders_view_open_order (view, id);
  tlk_ui_test_iterate ();
  g_assert_true (gtk_widget_get_visible (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "return_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.cancel-order", NULL));
  tlk_ui_test_iterate ();
  dialog = message_dialog ();
  /* A reason is needed. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Borgeren er flyttet");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "cancel-order"));
  adw_message_dialog_response (dialog, "cancel-order");
  gtk_window_destroy (GTK_WINDOW (dialog));
  tlk_ui_test_iterate ();
  order = tlk_store_load (store (), TLK_SUBJECT_ORDER, id);
  g_assert_cmpint (order->state, ==, TLK_ORDER_CANCELLED);
  g_assert_false (gtk_widget_get_visible (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "cancel_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  tlk_ui_test_iterate ();
}

static void
test_return (void)
{
  g_autoptr(GPtrArray) installed = tlk_store_list (store (), TLK_SUBJECT_ORDER, "installed", NULL);
  g_autoptr(TlkOrder) order = NULL;
  g_autofree char *id = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  g_assert_cmpuint (installed->len, >, 0);
  id = g_strdup (((TlkOrder *) g_ptr_array_index (installed, 0))->id);
  tlk_orders_view_open_order (view, id);
  tlk_ui_test_iterate ();
  g_assert_true (gtk_widget_get_visible (tlk_ui_test_child (order_page (), TLK_TYPE_ORDER_PAGE, "return_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.request-return", NULL));
  tlk_ui_test_iterate ();
  dialog = message_dialog ();
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  /* Not a date: the answer waits. */
  gtk_editable_set_text (entry, "31-02-2031");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "request"));
  gtk_editable_set_text (entry, "03-02-2031");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "request"));
  adw_message_dialog_response (dialog, "request");
  gtk_window_destroy (GTK_WINDOW (dialog));
  tlk_ui_test_iterate ();
  order = tlk_store_load (store (), TLK_SUBJECT_ORDER, id);
  g_assert_cmpint (order->state, ==, TLK_ORDER_RETURN_REQUESTED);
  {
    g_autoptr(GPtrArray) history = tlk_store_history (store (), id, NULL);
    const TlkEvent *last = g_ptr_array_index (history, history->len - 1);

    g_assert_cmpint (last->type, ==, TLK_EVENT_ORDER_RETURN_REQUESTED);
    g_assert_cmpstr (tlk_event_get_string (last, "requested_date"), ==, "2031-02-03");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "orders.back", NULL));
  tlk_ui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  TlkDemoOptions options = { 120, 7, 2 };
  int status;

  tlk_ui_test_init (&argc, &argv);

  context = tlk_ui_test_demo_context ("orders-view", &options, &tmpdir);

  app = tlk_ui_test_app_new ("dk.telekit.TestOrdersView");
  view = TLK_ORDERS_VIEW (tlk_ui_test_open_window (app, context, "anne", "orders", &window));

  g_test_add_func ("/orders-view/list", test_list);
  g_test_add_func ("/orders-view/new-order", test_new_order);
  g_test_add_func ("/orders-view/new-order-refused", test_new_order_refused);
  g_test_add_func ("/orders-view/import", test_import);
  g_test_add_func ("/orders-view/allocate", test_allocate);
  g_test_add_func ("/orders-view/reserve-button", test_reserve_button);
  g_test_add_func ("/orders-view/cancel", test_cancel);
  g_test_add_func ("/orders-view/return", test_return);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  tlk_ui_test_iterate ();
  g_clear_object (&context);
  tlk_ui_test_iterate ();
  g_clear_object (&app);
  tlk_ui_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
