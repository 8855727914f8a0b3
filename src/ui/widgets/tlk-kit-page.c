/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-kit-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-history-list.h"
#include "tlk-label-print.h"

struct _TlkKitPage
{
  AdwBin      parent_instance;

  TlkContext *context;
  char       *code;

  GtkStack   *stack;
  GtkLabel   *code_label;
  GtkLabel   *type_label;
  GtkLabel   *state_label;
  AdwActionRow *where_row;
  AdwActionRow *order_row;
  AdwActionRow *complete_row;
  GtkListBox *slots_list;
  GtkListBox *problems_list;
  AdwPreferencesGroup *problems_group;
  GtkListBox *checklist_list;
  AdwPreferencesGroup *checklist_group;
  GtkListBox *timeline_list;
};

G_DEFINE_FINAL_TYPE (TlkKitPage, tlk_kit_page, ADW_TYPE_BIN)

static void
set_code_str (char      **field,
                  const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  gtk_list_box_append (list, row);
  return row;
}

static const char *
place_name (TlkWorld   *world,
            const char *location)
{
  TlkLocation *l = location ? tlk_world_location (world, location) : NULL;

  return l ? l->name : location;
}

static void
fill_slots (TlkKitPage *self,
            TlkWorld   *world,
            TlkKit     *kit,
            GPtrArray  *checked)
{
  g_autoptr(GArray) fills = tlk_world_kit_slot_fills (world, kit);

  clear_list (self->slots_list);
  for (guint i = 0; i < fills->len; i++)
    {
      const TlkSlotFill *fill = &g_array_index (fills, TlkSlotFill, i);
      TlkDevice *found = fill->device;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      const char *icon = "list-add-symbolic";

      if (found != NULL)
        {
          g_autofree char *code = tlk_code_display (found->id);
          g_autoptr(GString) s = g_string_new (NULL);

          g_string_append_printf (s, "%s · %s %s · %s", code, fill->model->manufacturer, fill->model->name,
                                  found->serial);
          if (found->expiry != NULL)
            g_string_append_printf (s, _(" · expires %s"), found->expiry);
          if (found->calibration_due != NULL)
            g_string_append_printf (s, _(" · calibration due %s"), found->calibration_due);
          subtitle = g_string_free (g_steal_pointer (&s), FALSE);
          icon = "emblem-ok-symbolic";
          if (checked != NULL)
            icon = g_ptr_array_find_with_equal_func (checked, found->id, g_str_equal, NULL)
                   ? "emblem-ok-symbolic" : "content-loading-symbolic";
        }
      else
        subtitle = g_strdup (_("Empty: scan a device to fill it"));

      title = g_strdup (tlk_device_kind_describe (fill->kind));
      title[0] = g_ascii_toupper (title[0]);
      add_row (self->slots_list, title, subtitle, icon);
    }
}

static void
fill_timeline (TlkKitPage *self,
               TlkContext *context,
               TlkWorld   *world)
{
  g_autoptr(GPtrArray) events = tlk_store_history (tlk_context_get_store (context), self->code, NULL);

  tlk_history_list_fill (self->timeline_list, world, events);
}

static void
update_actions (TlkKitPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kit.print-label", self->code != NULL && self->context != NULL);
}

static void
print_label_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TlkKitPage *self = TLK_KIT_PAGE (widget);

  tlk_label_print_kits (widget, self->context, (const char *const[]) { self->code, NULL });
}

void
tlk_kit_page_show_kit (TlkKitPage *self,
                       TlkContext *context,
                       const char *code,
                       GPtrArray  *checked)
{
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *today = tlk_date_today_iso ();
  g_autofree char *shown = NULL;
  g_autofree char *wanted = NULL;
  TlkKit *kit;
  TlkKitType *type;

  g_return_if_fail (TLK_IS_KIT_PAGE (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));
  g_return_if_fail (code != NULL);

  /* @code may be our own (a refresh), which is replaced below. */
  code = wanted = g_strdup (code);
  g_set_object (&self->context, context);
  world = tlk_context_new_world (context);
  kit = tlk_world_kit (world, code);
  if (kit == NULL)
    {
      tlk_kit_page_clear (self);
      return;
    }
  set_code_str (&self->code, code);
  type = tlk_world_kit_type (world, kit->kit_type);

  shown = tlk_code_format (code);
  gtk_label_set_label (self->code_label, shown);
  gtk_label_set_label (self->type_label, type ? type->name : kit->kit_type);
  gtk_label_set_label (self->state_label, tlk_kit_state_describe (kit->state));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), (const char *[]) { "state-pill", tlk_kit_state_to_string (kit->state), NULL });

  if (kit->location != NULL)
    adw_action_row_set_subtitle (self->where_row, place_name (world, kit->location));
  else if (kit->custodian != NULL)
    {
      TlkUser *user = tlk_world_user (world, kit->custodian);
      g_autofree char *with = g_strdup_printf (_("With %s"), user ? user->name : kit->custodian);
      adw_action_row_set_subtitle (self->where_row, with);
    }
  else if (kit->state == TLK_KIT_INSTALLED)
    adw_action_row_set_subtitle (self->where_row, _("At the citizen’s home"));
  else
    adw_action_row_set_subtitle (self->where_row, _("Unknown"));

  gtk_widget_set_visible (GTK_WIDGET (self->order_row), kit->order != NULL);
  if (kit->order != NULL)
    {
      TlkOrder *order = tlk_world_order (world, kit->order);
      TlkCustomer *customer = order ? tlk_world_customer (world, order->customer) : NULL;
      g_autofree char *text = g_strdup_printf ("%s · %s", customer ? customer->name : "", order ? order->case_ref : kit->order);
      adw_action_row_set_subtitle (self->order_row, text);
    }

  problems = tlk_world_kit_problems (world, kit, today);
  adw_action_row_set_subtitle (self->complete_row, problems->len == 0 ? _("Yes: every slot holds a usable device")
                                                                      : _("No"));
  clear_list (self->problems_list);
  for (guint i = 0; i < problems->len; i++)
    {
      const TlkKitProblem *p = g_ptr_array_index (problems, i);
      add_row (self->problems_list, p->message, NULL, "dialog-warning-symbolic");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems->len > 0);

  fill_slots (self, world, kit, checked);

  clear_list (self->checklist_list);
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_group), kit->state == TLK_KIT_REPROCESSING && type != NULL);
  for (guint i = 0; type != NULL && i < type->checklist->len; i++)
    {
      const TlkStep *step = g_ptr_array_index (type->checklist, i);
      gboolean passed = tlk_kit_step_passed (kit, step->id);
      add_row (self->checklist_list, step->name, passed ? _("Passed") : _("To do"),
               passed ? "emblem-ok-symbolic" : "radio-symbolic");
    }

  fill_timeline (self, context, world);
  gtk_stack_set_visible_child_name (self->stack, "kit");
  update_actions (self);
}

void
tlk_kit_page_clear (TlkKitPage *self)
{
  g_return_if_fail (TLK_IS_KIT_PAGE (self));

  g_clear_pointer (&self->code, g_free);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

const char *
tlk_kit_page_get_code (TlkKitPage *self)
{
  g_return_val_if_fail (TLK_IS_KIT_PAGE (self), NULL);
  return self->code;
}

static void
tlk_kit_page_dispose (GObject *object)
{
  TlkKitPage *self = (TlkKitPage *) object;

  /* AdwBin takes its child apart: no gtk_widget_dispose_template(). */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_kit_page_parent_class)->dispose (object);
}

static void
tlk_kit_page_finalize (GObject *object)
{
  TlkKitPage *self = (TlkKitPage *) object;

  g_free (self->code);

  G_OBJECT_CLASS (tlk_kit_page_parent_class)->finalize (object);
}

static void
tlk_kit_page_class_init (TlkKitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_kit_page_dispose;
  object_class->finalize = tlk_kit_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/widgets/tlk-kit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, type_label);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, where_row);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, order_row);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, complete_row);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, slots_list);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, checklist_list);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, TlkKitPage, timeline_list);

  gtk_widget_class_install_action (widget_class, "kit.print-label", NULL, print_label_activated);
}

static void
tlk_kit_page_init (TlkKitPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
tlk_kit_page_new (void)
{
  return g_object_new (TLK_TYPE_KIT_PAGE, NULL);
}
