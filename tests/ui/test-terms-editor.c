/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The administrator's price lists, service levels and reorder thresholds
 * (issue 7) in the real window under Xvfb, on a demo database, with real
 * key events from xdotool: admin opens the editor with Ctrl+Shift+P, finds
 * a customer by typing, changes a price and a target and saves with
 * Ctrl+S (the store's terms for the month are exactly what was typed, over
 * the list in force); a bad amount and a bad month are marked at their
 * fields with their messages and nothing is written; a threshold changed
 * on the second page is saved alone. Signed in as a coordinator, the
 * window's action is disabled, the shortcut opens nothing, and an editor
 * opened anyway cannot save.
 *
 * Texts are compared with their translation, so the same run works in
 * Danish (LANG=da_DK.UTF-8 LANGUAGE=da TELEKIT_LOCALEDIR=…). With
 * TELEKIT_SCREENSHOT_DIR set each state is taken as terms-*.png.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tlk-amount-row.h"
#include "tlk-context.h"
#include "tlk-terms.h"
#include "tlk-terms-editor.h"
#include "tlk-window.h"
#include "tlk-ui-test-util.h"

#define CUSTOMER "kommune-odder"

static char *tmpdir;
static AdwApplication *app;
static TlkContext *context;
static TlkStore *store;
static TlkWindow *window;
static GtkWidget *probe;    /* a button on win.edit-terms, as the menu item is */

/* ---- waiting, looking and typing ------------------------------------------- */

static void
screenshot (const char *name,
            GtkWindow  *dialog)
{
  tlk_ui_test_screenshot ("terms", name, dialog);
}

static gpointer
child (gpointer    widget,
       const char *id)
{
  return tlk_ui_test_child (widget, TLK_TYPE_TERMS_EDITOR, id);
}

/* The row of @type under @root titled @title, as a person finds it. */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The keyboard focus is on @widget or inside it (an entry's text). */
static gboolean
has_keyboard (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (widget)));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, GTK_WIDGET (widget)));
}

static void
run_xdotool (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

/* Gives @w the keyboard (there is no window manager under Xvfb). */
static void
focus_window (GtkWindow *w)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (w));
  g_autofree char *xid = NULL;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  run_xdotool ((const char *const[]) { "windowfocus", "--sync", xid, NULL });
  TLK_UI_WAIT_UNTIL (gtk_window_is_active (w), "the window to have the keyboard");
}

/* Presses @keys (xdotool key names, NULL-terminated) as a person does. */
static void
press (const char *const *keys)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "key");
  g_ptr_array_add (args, (gpointer) "--delay");
  g_ptr_array_add (args, (gpointer) "20");
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) keys[i]);
  g_ptr_array_add (args, NULL);
  run_xdotool ((const char *const *) args->pdata);
  tlk_ui_test_iterate ();
}

#define PRESS(...) press ((const char *const[]) { __VA_ARGS__, NULL })

/* Replaces the text of the focused field with @keys, then waits until
 * @editable reads @expect. */
static void
retype (GtkWidget  *editable,
        const char *expect,
        const char *const *keys)
{
  gtk_widget_grab_focus (editable);
  tlk_ui_test_iterate ();
  PRESS ("ctrl+a");
  press (keys);
  TLK_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editable)), expect) == 0, expect);
}

/* ---- the store -------------------------------------------------------------- */

static TlkTerms *
terms_for (const char *month)
{
  g_autoptr(TlkCustomer) customer = tlk_store_load (store, TLK_SUBJECT_CUSTOMER, CUSTOMER);

  g_assert_nonnull (customer);
  return tlk_customer_terms_for_month (customer, month);
}

static guint
n_terms (void)
{
  g_autoptr(TlkCustomer) customer = tlk_store_load (store, TLK_SUBJECT_CUSTOMER, CUSTOMER);

  return customer->terms ? json_array_get_length (customer->terms) : 0;
}

static char *
terms_text (const TlkTerms *terms)
{
  g_autoptr(JsonObject) obj = tlk_terms_to_json (terms);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);

  return json_to_string (node, FALSE);
}

static char *
month_after (const char *month)
{
  int year = atoi (month);
  int m = atoi (month + 5);

  return m == 12 ? g_strdup_printf ("%04d-01", year + 1) : g_strdup_printf ("%04d-%02d", year, m + 1);
}

static int
stored_reorder_at (const char *kit_type)
{
  g_autoptr(TlkKitType) type = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, kit_type);

  g_assert_nonnull (type);
  return type->reorder_at;
}

/* ---- the tests ---------------------------------------------------------------- */

static void
sign_in (const char *user)
{
  g_autoptr(GError) error = NULL;

  tlk_context_sign_out (context);
  tlk_ui_test_iterate ();
  g_assert_true (tlk_context_sign_in (context, user, &error));
  g_assert_no_error (error);
  tlk_ui_test_iterate ();
}

static void
test_admin (void)
{
  g_autofree char *today = tlk_date_today_local_iso ();
  g_autofree char *month = g_strndup (today, 7);
  g_autofree char *next = month_after (month);
  g_autoptr(TlkTerms) in_force = NULL;
  g_autoptr(TlkTerms) expected = NULL;
  g_autoptr(TlkTerms) saved = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *saved_text = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(TlkKitType) kol = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, "kol");
  g_autoptr(TlkKitType) hf = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, "hf");
  TlkTermsEditor *editor;
  TlkAmountRow *delivery;
  TlkAmountRow *pickup;
  TlkAmountRow *kol_day;
  GtkWidget *month_entry;
  GtkWidget *install_spin;
  gint64 n_events;

  sign_in ("admin");
  g_assert_true (gtk_widget_get_sensitive (probe));

  /* The shortcut of the main window opens the editor. */
  focus_window (GTK_WINDOW (window));
  PRESS ("ctrl+shift+p");
  TLK_UI_WAIT_UNTIL (tlk_ui_test_find_window (TLK_TYPE_TERMS_EDITOR) != NULL, "the editor");
  editor = TLK_TERMS_EDITOR (tlk_ui_test_find_window (TLK_TYPE_TERMS_EDITOR));
  focus_window (GTK_WINDOW (editor));

  /* The customer found by typing in the search, which has the keyboard;
   * Enter shows it and goes on to the form, filled from the list in force
   * for a list from next month. */
  TLK_UI_WAIT_UNTIL (has_keyboard (child (editor, "customer_search")), "the search to have the keyboard");
  screenshot ("open", GTK_WINDOW (editor));
  PRESS ("o", "d", "d", "e", "r", "Return");
  month_entry = child (editor, "month_entry");
  TLK_UI_WAIT_UNTIL (has_keyboard (month_entry), "the month field to have the keyboard");
  g_assert_cmpstr (gtk_label_get_label (child (editor, "customer_title")), ==, "Odder Kommune");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (month_entry)), ==, next);
  in_force = terms_for (month);
  g_assert_nonnull (in_force);
  install_spin = child (editor, "install_spin");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (install_spin)), ==, in_force->install_days);
  delivery = child (editor, "delivery_row");
  pickup = child (editor, "pickup_row");
  {
    g_autofree char *shown = tlk_ore_format (in_force->price[TLK_PRICE_DELIVERY]);

    g_assert_cmpstr (gtk_editable_get_text (tlk_amount_row_get_entry (delivery)), ==, shown);
  }
  kol_day = TLK_AMOUNT_ROW (find_row (GTK_WIDGET (editor), TLK_TYPE_AMOUNT_ROW, kol->name));
  g_assert_nonnull (kol_day);
  screenshot ("form", GTK_WINDOW (editor));

  /* A price, a kit-day price and a target changed by keys; Ctrl+S. */
  n_events = tlk_store_count_events (store);
  retype (GTK_WIDGET (tlk_amount_row_get_entry (delivery)), "475,25",
          (const char *const[]) { "4", "7", "5", "comma", "2", "5", NULL });
  retype (GTK_WIDGET (tlk_amount_row_get_entry (kol_day)), "15.5",
          (const char *const[]) { "1", "5", "period", "5", NULL });
  retype (install_spin, "3", (const char *const[]) { "3", NULL });
  PRESS ("Tab");
  PRESS ("ctrl+s");
  TLK_UI_WAIT_UNTIL (tlk_store_count_events (store) == n_events + 1, "the price list to be written");

  expected = terms_for (month);
  g_free (expected->from);
  expected->from = g_strdup (next);
  expected->install_days = 3;
  expected->price[TLK_PRICE_DELIVERY] = 47525;
  tlk_terms_set_kit_day_price (expected, "kol", 1550);
  saved = terms_for (next);
  g_assert_nonnull (saved);
  expected_text = terms_text (expected);
  saved_text = terms_text (saved);
  g_assert_cmpstr (saved_text, ==, expected_text);
  /* This month's list is untouched; the new one is admin's. */
  {
    g_autoptr(TlkTerms) now = terms_for (month);
    g_autofree char *now_text = terms_text (now);
    g_autofree char *before_text = terms_text (in_force);

    g_assert_cmpstr (now_text, ==, before_text);
  }
  history = tlk_store_history (store, CUSTOMER, NULL);
  g_assert_nonnull (history);
  {
    TlkEvent *last = g_ptr_array_index (history, history->len - 1);

    g_assert_cmpint (last->type, ==, TLK_EVENT_CUSTOMER_TERMS_SET);
    g_assert_cmpstr (last->actor, ==, "admin");
  }
  g_assert_false (gtk_widget_get_visible (child (editor, "form_problem")));
  screenshot ("saved", GTK_WINDOW (editor));

  /* A bad amount and a bad month: each marked at its field with its
   * message, the keyboard on the first, nothing written. */
  n_events = tlk_store_count_events (store);
  {
    guint lists = n_terms ();
    g_autofree char *amount_message = g_strdup_printf (_("“%s” is not an amount in kroner; write it like 450,00."),
                                                       "35o");
    g_autofree char *month_message = g_strdup_printf (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-03."),
                                                      "2026-13");

    retype (GTK_WIDGET (tlk_amount_row_get_entry (pickup)), "35o", (const char *const[]) { "3", "5", "o", NULL });
    retype (month_entry, "2026-13", (const char *const[]) { "2", "0", "2", "6", "minus", "1", "3", NULL });
    PRESS ("ctrl+s");
    TLK_UI_WAIT_UNTIL (gtk_widget_get_visible (child (editor, "form_problem")), "the problem to be shown");
    g_assert_cmpstr (gtk_label_get_label (child (editor, "form_problem")), ==,
                     _("Nothing was saved: put right the marked fields first."));
    g_assert_true (gtk_widget_has_css_class (child (editor, "month_row"), "error"));
    g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "month_row")), ==, month_message);
    g_assert_true (tlk_amount_row_has_problem (pickup));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (pickup)), ==, amount_message);
    g_assert_false (tlk_amount_row_has_problem (delivery));
    g_assert_true (has_keyboard (month_entry));
    g_assert_cmpint (tlk_store_count_events (store), ==, n_events);
    g_assert_cmpuint (n_terms (), ==, lists);
    screenshot ("refused", GTK_WINDOW (editor));

    /* Typing in a marked field takes its mark away. */
    PRESS ("BackSpace", "2");
    TLK_UI_WAIT_UNTIL (!gtk_widget_has_css_class (child (editor, "month_row"), "error"), "the month's mark to go");
    g_assert_true (tlk_amount_row_has_problem (pickup));
    /* The foot of the form, with the reason nothing was saved. */
    gtk_widget_grab_focus (tlk_ui_test_find_action_button (GTK_WIDGET (editor), "terms.save-price-list"));
    screenshot ("refused-foot", GTK_WINDOW (editor));
  }

  /* Reorder thresholds: the second page by its mnemonic, one changed and
   * saved alone. */
  n_events = tlk_store_count_events (store);
  {
    int kol_before = stored_reorder_at ("kol");
    AdwActionRow *hf_row;
    GtkWidget *hf_spin;

    /* The page's mnemonic in the language of the run (Alt+R in English). */
    {
      const char *title = _("_Reorder Thresholds");
      g_autofree char *letter = g_utf8_strdown (strchr (title, '_') + 1, 1);
      g_autofree char *keys = g_strconcat ("alt+", letter, NULL);

      PRESS (keys);
    }
    TLK_UI_WAIT_UNTIL (g_strcmp0 (adw_view_stack_get_visible_child_name (child (editor, "view_stack")), "reorder") == 0,
                "the thresholds page");
    hf_row = ADW_ACTION_ROW (find_row (child (editor, "reorder_group"), ADW_TYPE_ACTION_ROW, hf->name));
    g_assert_nonnull (hf_row);
    hf_spin = adw_action_row_get_activatable_widget (hf_row);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (hf_spin)), ==, stored_reorder_at ("hf"));
    screenshot ("thresholds", GTK_WINDOW (editor));
    retype (hf_spin, "45", (const char *const[]) { "4", "5", NULL });
    PRESS ("ctrl+s");
    TLK_UI_WAIT_UNTIL (tlk_store_count_events (store) == n_events + 1, "the threshold to be written");
    g_assert_cmpint (stored_reorder_at ("hf"), ==, 45);
    g_assert_cmpint (stored_reorder_at ("kol"), ==, kol_before);
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  tlk_ui_test_iterate ();
}

static void
test_coordinator (void)
{
  GtkWidget *editor;
  gint64 n_events;

  sign_in ("anne");
  g_assert_false (gtk_widget_get_sensitive (probe));

  /* Neither the action nor its shortcut opens anything. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-terms", NULL);
  focus_window (GTK_WINDOW (window));
  PRESS ("ctrl+shift+p");
  for (int i = 0; i < 20; i++)
    {
      tlk_ui_test_iterate ();
      g_usleep (10000);
    }
  g_assert_null (tlk_ui_test_find_window (TLK_TYPE_TERMS_EDITOR));

  /* An editor opened anyway shows but cannot save. */
  n_events = tlk_store_count_events (store);
  editor = tlk_terms_editor_new (GTK_WINDOW (window), context);
  gtk_window_present (GTK_WINDOW (editor));
  tlk_ui_test_iterate ();
  g_assert_true (tlk_terms_editor_select_customer (TLK_TERMS_EDITOR (editor), CUSTOMER));
  tlk_ui_test_iterate ();
  g_assert_false (gtk_widget_get_sensitive (tlk_ui_test_find_action_button (editor, "terms.save-price-list")));
  g_assert_false (gtk_widget_get_sensitive (tlk_ui_test_find_action_button (editor, "terms.save-thresholds")));
  gtk_widget_activate_action (editor, "terms.save-price-list", NULL);
  gtk_widget_activate_action (editor, "terms.save-thresholds", NULL);
  tlk_ui_test_iterate ();
  g_assert_cmpint (tlk_store_count_events (store), ==, n_events);
  gtk_window_destroy (GTK_WINDOW (editor));
  tlk_ui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  TlkDemoOptions options = { 30, 5, 2, FALSE };
  int status;

  tlk_ui_test_init (&argc, &argv);

  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_printerr ("xdotool is not installed (build-aux/install-deps installs it)\n");
      return 77;
    }

  context = tlk_ui_test_demo_context ("terms-ui", &options, &tmpdir);
  store = tlk_context_get_store (context);

  app = tlk_ui_test_app_new ("dk.telekit.TestTerms");
  tlk_ui_test_open_window (app, context, NULL, NULL, &window);
  /* A button on the action inside the window: insensitive exactly when the
   * action is disabled, as the menu's item is hidden. */
  probe = gtk_button_new_with_label ("probe");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), "win.edit-terms");
  gtk_stack_add_named (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), TLK_TYPE_WINDOW, "main_stack")),
                       probe, "probe");
  tlk_ui_test_iterate ();

  g_test_add_func ("/terms-editor/admin", test_admin);
  g_test_add_func ("/terms-editor/coordinator", test_coordinator);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  tlk_ui_test_iterate ();
  g_clear_object (&app);
  g_clear_object (&context);
  tlk_ui_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
