/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-terms-editor.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "tlk-amount-row.h"
#include "tlk-role.h"
#include "tlk-terms.h"

struct _TlkTermsEditor
{
  AdwWindow          parent_instance;

  TlkContext        *context;
  GPtrArray         *kit_types;      /* of TlkKitType, by name: the form's kit-day rows */
  GHashTable        *kit_day_rows;   /* kit type id → TlkAmountRow (the group's) */
  GHashTable        *reorder_rows;   /* kit type id → AdwActionRow (the group's) */
  GPtrArray         *list_rows;      /* the lists group's rows, to take out again */
  char              *customer_id;    /* the one shown, or NULL */
  gboolean           reloading;      /* the customer list is being filled again */

  AdwToastOverlay   *toast_overlay;
  GtkWidget         *back_button;
  AdwViewStack      *view_stack;
  AdwLeaflet        *leaflet;
  GtkSearchEntry    *customer_search;
  GtkListBox        *customers_list;
  GtkStack          *customer_stack;
  GtkLabel          *customer_title;
  GtkLabel          *customer_subtitle;
  AdwPreferencesGroup *lists_group;
  AdwActionRow      *month_row;
  GtkEntry          *month_entry;
  GtkSpinButton     *install_spin;
  GtkSpinButton     *pickup_spin;
  AdwPreferencesGroup *kit_day_group;
  TlkAmountRow      *delivery_row;
  TlkAmountRow      *pickup_row;
  TlkAmountRow      *swap_row;
  TlkAmountRow      *service_row;
  TlkAmountRow      *urgent_row;
  TlkAmountRow      *failed_visit_row;
  GtkLabel          *form_problem;
  AdwPreferencesGroup *reorder_group;
};

G_DEFINE_FINAL_TYPE (TlkTermsEditor, tlk_terms_editor, ADW_TYPE_WINDOW)

/* ---- words ----------------------------------------------------------------- */

static const char *
kind_describe (const char *kind)
{
  if (g_strcmp0 (kind, "municipality") == 0)
    return _("Municipality");
  if (g_strcmp0 (kind, "region") == 0)
    return _("Region");
  if (g_strcmp0 (kind, "hospital") == 0)
    return _("Hospital unit");
  if (g_strcmp0 (kind, "gp") == 0)
    return _("General practice");
  return kind;
}

static char *
describe_targets (const TlkTerms *terms)
{
  if (terms->install_days > 0 && terms->pickup_days > 0)
    return g_strdup_printf (ngettext ("installed within %d, picked up within %d working day",
                                      "installed within %d, picked up within %d working days", terms->pickup_days),
                            terms->install_days, terms->pickup_days);
  if (terms->install_days > 0)
    return g_strdup_printf (ngettext ("installed within %d working day, no pickup target",
                                      "installed within %d working days, no pickup target", terms->install_days),
                            terms->install_days);
  if (terms->pickup_days > 0)
    return g_strdup_printf (ngettext ("no installation target, picked up within %d working day",
                                      "no installation target, picked up within %d working days",
                                      terms->pickup_days),
                            terms->pickup_days);
  return g_strdup (_("no service level targets"));
}

/* Three lines: the targets, the kit-day prices, the visits and add-ons. */
static char *
describe_terms (TlkTermsEditor *self,
                const TlkTerms *terms)
{
  g_autofree char *targets = describe_targets (terms);
  g_autoptr(GString) kit_days = g_string_new (NULL);
  char *p[TLK_PRICE_N_ITEMS] = { NULL };
  g_autofree char *visits = NULL;
  g_autofree char *addons = NULL;

  for (guint i = 0; i < self->kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (self->kit_types, i);
      g_autofree char *amount = tlk_ore_format (tlk_terms_kit_day_price (terms, type->id));

      if (kit_days->len > 0)
        g_string_append (kit_days, ", ");
      g_string_append_printf (kit_days, "%s %s", type->name, amount);
    }
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    p[i] = tlk_ore_format (terms->price[i]);
  visits = g_strdup_printf (_("Delivery %s, pickup %s, swap %s, service %s kr."), p[TLK_PRICE_DELIVERY],
                            p[TLK_PRICE_PICKUP], p[TLK_PRICE_SWAP], p[TLK_PRICE_SERVICE]);
  addons = g_strdup_printf (_("Add-ons: urgent %s, failed visit %s kr."), p[TLK_PRICE_URGENT],
                            p[TLK_PRICE_FAILED_VISIT]);
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    g_free (p[i]);
  /* Translators: the kit-day prices, e.g. "KOL-kuffert 14,50, Hjertesvigt 16,25". */
  return g_strdup_printf (_("%s\nKit-days: %s kr.\n%s %s"), targets, kit_days->str, visits, addons);
}

/* YYYY-MM of today (local) and of the month after. */
static char *
this_month (void)
{
  g_autofree char *today = tlk_date_today_local_iso ();

  return g_strndup (today, 7);
}

static char *
next_month (void)
{
  g_autofree char *month = this_month ();
  int year = atoi (month);
  int m = atoi (month + 5);

  return m == 12 ? g_strdup_printf ("%04d-01", year + 1) : g_strdup_printf ("%04d-%02d", year, m + 1);
}

static void
show_toast (TlkTermsEditor *self,
            const char     *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static TlkAmountRow *
price_row (TlkTermsEditor *self,
           TlkPriceItem    item)
{
  TlkAmountRow *rows[TLK_PRICE_N_ITEMS] = {
    [TLK_PRICE_DELIVERY] = self->delivery_row,
    [TLK_PRICE_PICKUP] = self->pickup_row,
    [TLK_PRICE_SWAP] = self->swap_row,
    [TLK_PRICE_SERVICE] = self->service_row,
    [TLK_PRICE_URGENT] = self->urgent_row,
    [TLK_PRICE_FAILED_VISIT] = self->failed_visit_row,
  };

  return rows[item];
}

static gboolean
may_edit (TlkTermsEditor *self)
{
  TlkUser *user = tlk_context_get_user (self->context);

  return user != NULL && tlk_role_may_write (user->role, TLK_EVENT_CUSTOMER_TERMS_SET);
}

/* ---- the customers ----------------------------------------------------------- */

static int
compare_customers (gconstpointer a,
                   gconstpointer b)
{
  return g_utf8_collate ((*(TlkCustomer *const *) a)->name, (*(TlkCustomer *const *) b)->name);
}

static char *
customer_summary (TlkTermsEditor *self,
                  TlkCustomer    *customer)
{
  g_autofree char *month = this_month ();
  g_autoptr(TlkTerms) terms = tlk_customer_terms_for_month (customer, month);
  g_autofree char *targets = NULL;

  if (terms == NULL)
    /* Translators: a customer's kind, then that it has no price list. */
    return g_strdup_printf (_("%s · no price list"), kind_describe (customer->kind));
  targets = describe_targets (terms);
  /* Translators: a customer's kind, the month its price list in force
   * applies from, and its service level targets. */
  return g_strdup_printf (_("%s · price list from %s · %s"), kind_describe (customer->kind), terms->from, targets);
}

static GtkWidget *
find_customer_row (TlkTermsEditor *self,
                   const char     *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->customers_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "customer-id"), id) == 0)
      return row;
  return NULL;
}

static void
fill_customers (TlkTermsEditor *self)
{
  g_autoptr(GPtrArray) customers = tlk_store_list (tlk_context_get_store (self->context), TLK_SUBJECT_CUSTOMER,
                                                   NULL, NULL);
  GtkWidget *child;
  GtkWidget *selected;

  self->reloading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->customers_list))) != NULL)
    gtk_list_box_remove (self->customers_list, child);
  if (customers != NULL)
    g_ptr_array_sort (customers, compare_customers);
  for (guint i = 0; customers != NULL && i < customers->len; i++)
    {
      TlkCustomer *customer = g_ptr_array_index (customers, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *summary = customer_summary (self, customer);
      g_autofree char *search = g_strconcat (customer->name, " ", kind_describe (customer->kind), NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      g_object_set_data_full (G_OBJECT (row), "customer-id", g_strdup (customer->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "search", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->customers_list, row);
    }
  selected = self->customer_id ? find_customer_row (self, self->customer_id) : NULL;
  if (selected != NULL)
    gtk_list_box_select_row (self->customers_list, GTK_LIST_BOX_ROW (selected));
  self->reloading = FALSE;
}

static gboolean
customer_filter (GtkListBoxRow *row,
                 gpointer       user_data)
{
  TlkTermsEditor *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->customer_search));
  g_autofree char *wanted = NULL;

  if (*text == '\0')
    return TRUE;
  wanted = g_utf8_casefold (text, -1);
  return strstr (g_object_get_data (G_OBJECT (row), "search"), wanted) != NULL;
}

static void
on_customer_search_search_changed_cb (TlkTermsEditor *self)
{
  gtk_list_box_invalidate_filter (self->customers_list);
}

static GtkListBoxRow *
first_shown_row (TlkTermsEditor *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->customers_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row))
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

/* The keyboard goes on to the form. */
static void
focus_form (TlkTermsEditor *self)
{
  if (self->customer_id == NULL)
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "customer");
  gtk_widget_grab_focus (GTK_WIDGET (self->month_entry));
}

static void
on_customer_search_activate_cb (TlkTermsEditor *self)
{
  GtkListBoxRow *row = first_shown_row (self);

  if (row == NULL)
    return;
  gtk_list_box_select_row (self->customers_list, row);
  focus_form (self);
}

static void
on_customers_list_row_activated_cb (TlkTermsEditor *self,
                                    GtkListBoxRow  *row)
{
  focus_form (self);
}

/* ---- the chosen customer --------------------------------------------------- */

static void
set_month_problem (TlkTermsEditor *self,
                   const char     *message)
{
  adw_action_row_set_subtitle (self->month_row, message ? message : "");
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->month_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->month_entry), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->month_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->month_entry), "error");
    }
}

static void
on_month_entry_changed_cb (TlkTermsEditor *self)
{
  set_month_problem (self, NULL);
}

static void
set_form_problem (TlkTermsEditor *self,
                  const char     *message)
{
  gtk_label_set_label (self->form_problem, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_problem), message != NULL);
}

/* The form from @terms with @month; empty amounts when there are none. */
static void
fill_form (TlkTermsEditor *self,
           const TlkTerms *terms,
           const char     *month)
{
  gtk_editable_set_text (GTK_EDITABLE (self->month_entry), month);
  gtk_spin_button_set_value (self->install_spin, terms ? terms->install_days : 0);
  gtk_spin_button_set_value (self->pickup_spin, terms ? terms->pickup_days : 0);
  for (guint i = 0; i < self->kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (self->kit_types, i);
      TlkAmountRow *row = g_hash_table_lookup (self->kit_day_rows, type->id);

      if (terms != NULL)
        tlk_amount_row_set_ore (row, tlk_terms_kit_day_price (terms, type->id));
      else
        gtk_editable_set_text (tlk_amount_row_get_entry (row), "");
    }
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    {
      if (terms != NULL)
        tlk_amount_row_set_ore (price_row (self, i), terms->price[i]);
      else
        gtk_editable_set_text (tlk_amount_row_get_entry (price_row (self, i)), "");
    }
  set_month_problem (self, NULL);
  set_form_problem (self, NULL);
}

static void
on_list_row_activated_cb (AdwActionRow   *row,
                          TlkTermsEditor *self)
{
  g_autoptr(TlkCustomer) customer = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_CUSTOMER,
                                                    self->customer_id);
  const char *from = g_object_get_data (G_OBJECT (row), "from");
  g_autoptr(TlkTerms) terms = customer ? tlk_customer_terms_for_month (customer, from) : NULL;

  if (terms == NULL)
    return;
  fill_form (self, terms, from);
  gtk_widget_grab_focus (GTK_WIDGET (self->month_entry));
}

/* The customer's price lists by month, the one in force marked. */
static void
fill_lists (TlkTermsEditor *self,
            TlkCustomer    *customer)
{
  g_autofree char *month = this_month ();
  g_autoptr(TlkTerms) current = tlk_customer_terms_for_month (customer, month);
  guint n = customer->terms ? json_array_get_length (customer->terms) : 0;

  for (guint i = 0; i < self->list_rows->len; i++)
    adw_preferences_group_remove (self->lists_group, g_ptr_array_index (self->list_rows, i));
  g_ptr_array_set_size (self->list_rows, 0);

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No price list yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Fill in the form below to give the customer one."));
      adw_preferences_group_add (self->lists_group, row);
      g_ptr_array_add (self->list_rows, row);
      return;
    }
  /* Newest first: the one that matters now is at the top. */
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(TlkTerms) terms = tlk_terms_from_json (json_array_get_object_element (customer->terms, i));
      g_autofree char *title = g_strdup_printf (_("From %s"), terms->from);
      g_autofree char *subtitle = describe_terms (self, terms);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Change this price list in the form below"));
      g_object_set_data_full (G_OBJECT (row), "from", g_strdup (terms->from), g_free);
      if (current != NULL && g_strcmp0 (current->from, terms->from) == 0)
        {
          GtkWidget *pill = gtk_label_new (_("In force"));

          gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (pill, "state-pill");
          gtk_widget_add_css_class (pill, "ready");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-edit-symbolic"));
      g_signal_connect_object (row, "activated", G_CALLBACK (on_list_row_activated_cb), self, 0);
      adw_preferences_group_add (self->lists_group, row);
      g_ptr_array_add (self->list_rows, row);
    }
}

static void
update_actions (TlkTermsEditor *self)
{
  gboolean editable = may_edit (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terms.save-price-list",
                                 editable && self->customer_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terms.save-thresholds", editable);
}

/* Shows @customer; the form is filled from the price list in force when
 * @fill is set (a customer chosen), and kept as typed otherwise (the data
 * changed underneath). */
static void
show_customer (TlkTermsEditor *self,
               TlkCustomer    *customer,
               gboolean        fill)
{
  g_autofree char *subtitle = NULL;

  g_free (self->customer_id);
  self->customer_id = g_strdup (customer->id);
  gtk_label_set_label (self->customer_title, customer->name);
  subtitle = customer->ean ? g_strdup_printf (_("%s · EAN %s"), kind_describe (customer->kind), customer->ean)
                           : g_strdup (kind_describe (customer->kind));
  gtk_label_set_label (self->customer_subtitle, subtitle);
  fill_lists (self, customer);
  if (fill)
    {
      g_autofree char *month = this_month ();
      g_autofree char *next = next_month ();
      g_autoptr(TlkTerms) terms = tlk_customer_terms_for_month (customer, month);

      /* A new price list usually starts next month. */
      fill_form (self, terms, next);
    }
  gtk_stack_set_visible_child_name (self->customer_stack, "customer");
  update_actions (self);
}

static void
on_customers_list_row_selected_cb (TlkTermsEditor *self,
                                   GtkListBoxRow  *row)
{
  g_autoptr(TlkCustomer) customer = NULL;

  if (row == NULL || self->reloading)
    return;
  customer = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_CUSTOMER,
                             g_object_get_data (G_OBJECT (row), "customer-id"));
  if (customer != NULL)
    show_customer (self, customer, TRUE);
}

gboolean
tlk_terms_editor_select_customer (TlkTermsEditor *self,
                                  const char     *customer_id)
{
  GtkWidget *row;

  g_return_val_if_fail (TLK_IS_TERMS_EDITOR (self), FALSE);
  g_return_val_if_fail (customer_id != NULL, FALSE);

  if ((row = find_customer_row (self, customer_id)) == NULL)
    return FALSE;
  gtk_list_box_select_row (self->customers_list, GTK_LIST_BOX_ROW (row));
  return TRUE;
}

/* ---- saving a price list ------------------------------------------------------ */

static void
save_price_list_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  TlkTermsEditor *self = TLK_TERMS_EDITOR (widget);
  g_autofree char *month = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->month_entry))));
  g_autoptr(TlkTerms) terms = tlk_terms_new (month);
  g_autoptr(TlkCustomer) customer = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  GtkWidget *first_bad = NULL;
  TlkEvent *event;

  if (self->customer_id == NULL)
    return;
  if (!may_edit (self))
    {
      set_form_problem (self, _("Only administrators may change price lists and service levels."));
      return;
    }

  /* Every field is checked, so every problem is marked at once. */
  if (!tlk_month_is_valid (month))
    {
      g_autofree char *message = *month == '\0'
                                   ? g_strdup (_("Write the first month the price list applies to, as YYYY-MM."))
                                   : g_strdup_printf (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-03."),
                                                      month);

      set_month_problem (self, message);
      first_bad = GTK_WIDGET (self->month_entry);
    }
  gtk_spin_button_update (self->install_spin);
  gtk_spin_button_update (self->pickup_spin);
  terms->install_days = gtk_spin_button_get_value_as_int (self->install_spin);
  terms->pickup_days = gtk_spin_button_get_value_as_int (self->pickup_spin);
  for (guint i = 0; i < self->kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (self->kit_types, i);
      TlkAmountRow *row = g_hash_table_lookup (self->kit_day_rows, type->id);
      gint64 ore;

      if (tlk_amount_row_read (row, &ore))
        tlk_terms_set_kit_day_price (terms, type->id, ore);
      else if (first_bad == NULL)
        first_bad = GTK_WIDGET (tlk_amount_row_get_entry (row));
    }
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    if (!tlk_amount_row_read (price_row (self, i), &terms->price[i]) && first_bad == NULL)
      first_bad = GTK_WIDGET (tlk_amount_row_get_entry (price_row (self, i)));
  if (first_bad != NULL)
    {
      set_form_problem (self, _("Nothing was saved: put right the marked fields first."));
      gtk_widget_grab_focus (first_bad);
      return;
    }

  customer = tlk_store_load (tlk_context_get_store (self->context), TLK_SUBJECT_CUSTOMER, self->customer_id);
  event = tlk_event_new (TLK_EVENT_CUSTOMER_TERMS_SET, self->customer_id, tlk_context_get_user_id (self->context));
  json_object_unref (event->payload);
  event->payload = tlk_terms_to_json (terms);
  g_ptr_array_add (events, event);
  if (!tlk_context_write (self->context, events, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The price list was not saved: %s"), error->message);

      set_form_problem (self, message);
      return;
    }
  /* The amounts as saved, in their Danish form ("15.5" → "15,50"). */
  fill_form (self, terms, month);
  done = g_strdup_printf (_("Price list for %s from %s saved."), customer ? customer->name : self->customer_id,
                          month);
  show_toast (self, done);
}

/* ---- reorder thresholds ------------------------------------------------------- */

static GtkSpinButton *
reorder_spin (TlkTermsEditor *self,
              const char     *kit_type)
{
  AdwActionRow *row = g_hash_table_lookup (self->reorder_rows, kit_type);

  return GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (row));
}

/* Each kit type's ready stock against its threshold, in the subtitles. */
static void
update_reorder_rows (TlkTermsEditor *self)
{
  TlkStore *store = tlk_context_get_store (self->context);
  g_autoptr(GPtrArray) counts = tlk_store_stock_counts (store, NULL);
  g_autoptr(GHashTable) ready = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      TlkStockCount *c = g_ptr_array_index (counts, i);

      if (g_strcmp0 (c->state, "ready") == 0)
        g_hash_table_insert (ready, c->kit_type,
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (ready, c->kit_type)) +
                                              (int) c->count));
    }
  for (guint i = 0; i < self->kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (self->kit_types, i);
      g_autoptr(TlkKitType) stored = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, type->id);
      AdwActionRow *row = g_hash_table_lookup (self->reorder_rows, type->id);
      int n = GPOINTER_TO_INT (g_hash_table_lookup (ready, type->id));
      int threshold = stored ? stored->reorder_at : 0;
      g_autofree char *subtitle = NULL;

      if (threshold > 0 && n < threshold)
        subtitle = g_strdup_printf (ngettext ("%d ready now: below the threshold", "%d ready now: below the threshold",
                                              n), n);
      else
        subtitle = g_strdup_printf (ngettext ("%d ready now", "%d ready now", n), n);
      adw_action_row_set_subtitle (row, subtitle);
    }
}

static void
save_thresholds_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  TlkTermsEditor *self = TLK_TERMS_EDITOR (widget);
  TlkStore *store = tlk_context_get_store (self->context);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (!may_edit (self))
    {
      show_toast (self, _("Only administrators may change reorder thresholds."));
      return;
    }
  for (guint i = 0; i < self->kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (self->kit_types, i);
      g_autoptr(TlkKitType) stored = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, type->id);
      GtkSpinButton *spin = reorder_spin (self, type->id);
      int value;

      gtk_spin_button_update (spin);
      value = gtk_spin_button_get_value_as_int (spin);
      if (stored != NULL && stored->reorder_at != value)
        {
          TlkEvent *event = tlk_event_new (TLK_EVENT_KIT_TYPE_REORDER_SET, type->id,
                                           tlk_context_get_user_id (self->context));

          tlk_event_set_int (event, "reorder_at", value);
          g_ptr_array_add (events, event);
        }
    }
  if (events->len == 0)
    {
      show_toast (self, _("No threshold was changed."));
      return;
    }
  if (!tlk_context_write (self->context, events, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The thresholds were not saved: %s"), error->message);

      show_toast (self, message);
      return;
    }
  done = g_strdup_printf (ngettext ("%u reorder threshold saved.", "%u reorder thresholds saved.", events->len),
                          events->len);
  show_toast (self, done);
}

/* ---- the window ---------------------------------------------------------------- */

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkTermsEditor *self = TLK_TERMS_EDITOR (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "reorder") == 0)
    gtk_widget_activate_action (widget, "terms.save-thresholds", NULL);
  else
    gtk_widget_activate_action (widget, "terms.save-price-list", NULL);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TlkTermsEditor *self = TLK_TERMS_EDITOR (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "prices");
  adw_leaflet_set_visible_child_name (self->leaflet, "customers");
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkTermsEditor *self = TLK_TERMS_EDITOR (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
update_back_button (TlkTermsEditor *self)
{
  gtk_widget_set_visible (self->back_button,
                          adw_leaflet_get_folded (self->leaflet) &&
                          g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "customer") == 0);
}

/* Another computer's changes, or our own save: the lists follow, the form
 * keeps what is typed in it. */
static void
on_context_changed_cb (TlkTermsEditor *self)
{
  fill_customers (self);
  if (self->customer_id != NULL)
    {
      g_autoptr(TlkCustomer) customer = tlk_store_load (tlk_context_get_store (self->context),
                                                        TLK_SUBJECT_CUSTOMER, self->customer_id);

      if (customer != NULL)
        show_customer (self, customer, FALSE);
    }
  update_reorder_rows (self);
}

static int
compare_kit_types (gconstpointer a,
                   gconstpointer b)
{
  return g_utf8_collate ((*(TlkKitType *const *) a)->name, (*(TlkKitType *const *) b)->name);
}

/* A kit-day price and a threshold for every kit type there is. */
static void
add_kit_type_rows (TlkTermsEditor *self)
{
  for (guint i = 0; i < self->kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (self->kit_types, i);
      GtkWidget *amount = tlk_amount_row_new (type->name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100000, 1);
      GtkWidget *unit;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (amount), FALSE);
      adw_preferences_group_add (self->kit_day_group, amount);
      g_hash_table_insert (self->kit_day_rows, type->id, amount);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), type->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), type->reorder_at);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      unit = gtk_label_new (_("kits ready"));
      gtk_widget_add_css_class (unit, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->reorder_group, row);
      g_hash_table_insert (self->reorder_rows, type->id, row);
    }
}

GtkWidget *
tlk_terms_editor_new (GtkWindow  *parent,
                      TlkContext *context)
{
  TlkTermsEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TLK_IS_CONTEXT (context), NULL);

  self = g_object_new (TLK_TYPE_TERMS_EDITOR, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->kit_types = tlk_store_list (tlk_context_get_store (context), TLK_SUBJECT_KIT_TYPE, NULL, NULL);
  if (self->kit_types == NULL)
    self->kit_types = g_ptr_array_new ();
  g_ptr_array_sort (self->kit_types, compare_kit_types);
  add_kit_type_rows (self);
  fill_customers (self);
  update_reorder_rows (self);
  update_actions (self);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::user-id", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
  return GTK_WIDGET (self);
}

static void
tlk_terms_editor_dispose (GObject *object)
{
  TlkTermsEditor *self = (TlkTermsEditor *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->kit_day_rows, g_hash_table_unref);
  g_clear_pointer (&self->reorder_rows, g_hash_table_unref);
  g_clear_pointer (&self->list_rows, g_ptr_array_unref);
  /* After the tables that point into them. */
  g_clear_pointer (&self->kit_types, g_ptr_array_unref);
  g_clear_pointer (&self->customer_id, g_free);

  G_OBJECT_CLASS (tlk_terms_editor_parent_class)->dispose (object);
}

static void
tlk_terms_editor_class_init (TlkTermsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_terms_editor_dispose;

  g_type_ensure (TLK_TYPE_AMOUNT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/admin/tlk-terms-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, customer_search);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, customers_list);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, customer_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, customer_title);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, customer_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, lists_group);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, month_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, month_entry);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, install_spin);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, pickup_spin);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, kit_day_group);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, delivery_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, pickup_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, swap_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, service_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, urgent_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, failed_visit_row);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, form_problem);
  gtk_widget_class_bind_template_child (widget_class, TlkTermsEditor, reorder_group);

  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_customers_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_customers_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_month_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_back_button);

  gtk_widget_class_install_action (widget_class, "terms.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "terms.save-price-list", NULL, save_price_list_activated);
  gtk_widget_class_install_action (widget_class, "terms.save-thresholds", NULL, save_thresholds_activated);
  gtk_widget_class_install_action (widget_class, "terms.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "terms.back", NULL, back_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "terms.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "terms.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "terms.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tlk_terms_editor_init (TlkTermsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->kit_day_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->reorder_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->list_rows = g_ptr_array_new ();
  gtk_list_box_set_filter_func (self->customers_list, customer_filter, self, NULL);
}
