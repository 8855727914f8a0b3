/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-order-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tlk-order-import.h"
#include "tlk-orders-common.h"
#include "tlk-store-orders.h"

struct _TlkOrderDialog
{
  AdwWindow    parent_instance;

  TlkContext  *context;
  GPtrArray   *customers;    /* of TlkCustomer, as the combo row lists them */
  GPtrArray   *kit_types;    /* of TlkKitType, likewise */

  GtkWidget   *problems_box;
  GtkLabel    *problems_label;
  AdwComboRow *customer_row;
  AdwEntryRow *case_ref_row;
  AdwComboRow *kit_type_row;
  AdwEntryRow *date_row;
  AdwComboRow *priority_row;
  AdwEntryRow *notes_row;
  AdwEntryRow *name_row;
  AdwEntryRow *address_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *access_row;
};

G_DEFINE_FINAL_TYPE (TlkOrderDialog, tlk_order_dialog, ADW_TYPE_WINDOW)

enum
{
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The row of each field, in TlkOrderField order. */
static GtkWidget *
field_row (TlkOrderDialog *self,
           TlkOrderField   field)
{
  GtkWidget *rows[TLK_ORDER_N_FIELDS] = {
    [TLK_ORDER_FIELD_CUSTOMER] = GTK_WIDGET (self->customer_row),
    [TLK_ORDER_FIELD_CASE_REF] = GTK_WIDGET (self->case_ref_row),
    [TLK_ORDER_FIELD_KIT_TYPE] = GTK_WIDGET (self->kit_type_row),
    [TLK_ORDER_FIELD_REQUESTED_DATE] = GTK_WIDGET (self->date_row),
    [TLK_ORDER_FIELD_PRIORITY] = GTK_WIDGET (self->priority_row),
    [TLK_ORDER_FIELD_NOTES] = GTK_WIDGET (self->notes_row),
    [TLK_ORDER_FIELD_NAME] = GTK_WIDGET (self->name_row),
    [TLK_ORDER_FIELD_ADDRESS] = GTK_WIDGET (self->address_row),
    [TLK_ORDER_FIELD_PHONE] = GTK_WIDGET (self->phone_row),
    [TLK_ORDER_FIELD_ACCESS_NOTES] = GTK_WIDGET (self->access_row),
  };

  return rows[field];
}

/* What a field is called in messages: its row's title without the
 * mnemonic and the format hint ("Ønsket dato"). */
static char *
field_label (TlkOrderDialog *self,
             TlkOrderField   field)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (field_row (self, field)));
  GString *label = g_string_new (NULL);
  const char *hint = strstr (title, " (");

  for (const char *p = title; *p != '\0' && p != hint; p++)
    if (*p != '_')
      g_string_append_c (label, *p);
  return g_string_free (label, FALSE);
}

static int
compare_customers (gconstpointer a,
                   gconstpointer b)
{
  return g_utf8_collate ((*(TlkCustomer *const *) a)->name, (*(TlkCustomer *const *) b)->name);
}

static int
compare_kit_types (gconstpointer a,
                   gconstpointer b)
{
  return g_utf8_collate ((*(TlkKitType *const *) a)->name, (*(TlkKitType *const *) b)->name);
}

/* A combo row of @names after a first "choose" entry, so nothing is
 * chosen for the coordinator by accident. */
static void
fill_combo (AdwComboRow *row,
            const char  *choose,
            GPtrArray   *records,
            gsize        name_offset)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new ((const char *[]) { choose, NULL });

  for (guint i = 0; i < records->len; i++)
    gtk_string_list_append (names, G_STRUCT_MEMBER (const char *, g_ptr_array_index (records, i), name_offset));
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, 0);
}

/* The id of the record chosen in @row, or NULL for "choose". */
static const char *
chosen_id (AdwComboRow *row,
           GPtrArray   *records,
           gsize        id_offset)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > records->len)
    return NULL;
  return G_STRUCT_MEMBER (const char *, g_ptr_array_index (records, selected - 1), id_offset);
}

static void
clear_problems (TlkOrderDialog *self)
{
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    gtk_widget_remove_css_class (field_row (self, f), "error");
  gtk_widget_set_visible (self->problems_box, FALSE);
}

/* Marks the field of each problem and lists the messages; the focus goes
 * to the first field to put right. */
static void
show_problems (TlkOrderDialog *self,
               GPtrArray      *problems,
               char          **labels)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *first = NULL;

  clear_problems (self);
  for (guint i = 0; i < problems->len; i++)
    {
      TlkOrderProblem *p = g_ptr_array_index (problems, i);

      for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
        if (p->column != NULL && (g_strcmp0 (p->column, labels[f]) == 0 ||
                                  g_strcmp0 (p->column, tlk_order_field_name (f)) == 0))
          {
            gtk_widget_add_css_class (field_row (self, f), "error");
            if (first == NULL)
              first = field_row (self, f);
          }
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, p->message);
    }
  gtk_label_set_label (self->problems_label, text->str);
  gtk_widget_set_visible (self->problems_box, TRUE);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TlkOrderDialog *self = TLK_ORDER_DIALOG (widget);
  TlkStore *store = tlk_context_get_store (self->context);
  const char *user = tlk_context_get_user_id (self->context);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(TlkOrderDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = g_new0 (char *, TLK_ORDER_N_FIELDS + 1);
  const char *values[TLK_ORDER_N_FIELDS] = {
    [TLK_ORDER_FIELD_CUSTOMER] = chosen_id (self->customer_row, self->customers, G_STRUCT_OFFSET (TlkCustomer, id)),
    [TLK_ORDER_FIELD_CASE_REF] = entry_text (self->case_ref_row),
    [TLK_ORDER_FIELD_KIT_TYPE] = chosen_id (self->kit_type_row, self->kit_types, G_STRUCT_OFFSET (TlkKitType, id)),
    [TLK_ORDER_FIELD_REQUESTED_DATE] = entry_text (self->date_row),
    [TLK_ORDER_FIELD_PRIORITY] = adw_combo_row_get_selected (self->priority_row) == 1 ? "urgent" : "normal",
    [TLK_ORDER_FIELD_NOTES] = entry_text (self->notes_row),
    [TLK_ORDER_FIELD_NAME] = entry_text (self->name_row),
    [TLK_ORDER_FIELD_ADDRESS] = entry_text (self->address_row),
    [TLK_ORDER_FIELD_PHONE] = entry_text (self->phone_row),
    [TLK_ORDER_FIELD_ACCESS_NOTES] = entry_text (self->access_row),
  };

  if (user == NULL)
    return;
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    labels[f] = field_label (self, f);

  /* The rules of an imported row, with the messages naming this form's
   * fields; then the store's own check, which knows the orders it holds. */
  draft = tlk_order_draft_check (values, (const char *const *) labels, 1, self->customers, self->kit_types,
                                 problems);
  if (draft != NULL)
    {
      const char *const *rows[] = { values };

      drafts = tlk_store_check_orders (store, rows, 1, problems, &error);
      if (drafts == NULL)
        {
          TlkOrderProblem *p = g_new0 (TlkOrderProblem, 1);

          p->message = g_strdup (error->message);
          g_ptr_array_add (problems, p);
        }
    }
  if (problems->len > 0)
    {
      show_problems (self, problems, labels);
      return;
    }

  ids = tlk_context_add_orders (self->context, drafts, "new order", &error);
  if (ids == NULL)
    {
      TlkOrderProblem *p = g_new0 (TlkOrderProblem, 1);

      p->message = g_strdup_printf (_("The order was not added: %s"), error->message);
      g_ptr_array_add (problems, p);
      show_problems (self, problems, labels);
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, (const char *) g_ptr_array_index (ids, 0));
  gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
tlk_order_dialog_new (GtkWindow  *parent,
                      TlkContext *context)
{
  TlkOrderDialog *self;
  TlkStore *store;
  g_autofree char *today = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TLK_IS_CONTEXT (context), NULL);

  self = g_object_new (TLK_TYPE_ORDER_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  store = tlk_context_get_store (context);
  self->customers = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, NULL);
  self->kit_types = tlk_store_list (store, TLK_SUBJECT_KIT_TYPE, NULL, NULL);
  if (self->customers == NULL)
    self->customers = g_ptr_array_new ();
  if (self->kit_types == NULL)
    self->kit_types = g_ptr_array_new ();
  g_ptr_array_sort (self->customers, compare_customers);
  g_ptr_array_sort (self->kit_types, compare_kit_types);
  fill_combo (self->customer_row, _("Choose the customer"), self->customers, G_STRUCT_OFFSET (TlkCustomer, name));
  fill_combo (self->kit_type_row, _("Choose the kit type"), self->kit_types, G_STRUCT_OFFSET (TlkKitType, name));

  /* Today, as a start the coordinator changes. */
  today = tlk_date_today_iso ();
  shown = tlk_orders_format_date (today);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), shown);
  return GTK_WIDGET (self);
}

static void
tlk_order_dialog_dispose (GObject *object)
{
  TlkOrderDialog *self = (TlkOrderDialog *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->customers, g_ptr_array_unref);
  g_clear_pointer (&self->kit_types, g_ptr_array_unref);

  G_OBJECT_CLASS (tlk_order_dialog_parent_class)->dispose (object);
}

static void
tlk_order_dialog_class_init (TlkOrderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_order_dialog_dispose;

  /**
   * TlkOrderDialog::added:
   * @id: the new order's id
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/orders/tlk-order-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, problems_box);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, case_ref_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, kit_type_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, priority_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, TlkOrderDialog, access_row);

  gtk_widget_class_install_action (widget_class, "new-order.add", NULL, add_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "new-order.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tlk_order_dialog_init (TlkOrderDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
