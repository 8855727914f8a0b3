/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-device-page.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-history-list.h"
#include "tlk-store-inventory.h"

struct _TlkDevicePage
{
  AdwBin        parent_instance;

  char         *code;
  char         *kit;

  GtkStack     *stack;
  GtkLabel     *code_label;
  GtkLabel     *model_label;
  GtkLabel     *state_label;
  AdwActionRow *serial_row;
  AdwActionRow *lot_row;
  AdwActionRow *expiry_row;
  AdwActionRow *calibration_row;
  AdwActionRow *kit_row;
  AdwActionRow *where_row;
  GtkListBox   *timeline_list;
};

G_DEFINE_FINAL_TYPE (TlkDevicePage, tlk_device_page, ADW_TYPE_BIN)

enum {
  OPEN_KIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  /* An empty field says so rather than leaving a bare title. */
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : "—");
}

static char *
where_text (TlkWorld  *world,
            TlkDevice *device,
            TlkKit    *kit)
{
  const char *location = device->location ? device->location : kit ? kit->location : NULL;
  TlkLocation *place = location ? tlk_world_location (world, location) : NULL;

  if (location != NULL)
    return g_strdup (place ? place->name : location);
  if (kit != NULL && kit->custodian != NULL)
    {
      TlkUser *user = tlk_world_user (world, kit->custodian);
      return g_strdup_printf (_("With %s"), user ? user->name : kit->custodian);
    }
  if (kit != NULL && kit->state == TLK_KIT_INSTALLED)
    return g_strdup (_("At the citizen’s home"));
  return g_strdup (_("Unknown"));
}

void
tlk_device_page_show_device (TlkDevicePage *self,
                             TlkContext    *context,
                             const char    *code)
{
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *kit_shown = NULL;
  g_autofree char *where = NULL;
  g_autofree char *model_name = NULL;
  TlkDevice *device;
  TlkDeviceModel *model;
  char *copy;
  TlkKit *kit;

  g_return_if_fail (TLK_IS_DEVICE_PAGE (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));
  g_return_if_fail (code != NULL);

  world = tlk_context_new_world (context);
  device = tlk_world_device (world, code);
  if (device == NULL)
    {
      g_clear_pointer (&self->code, g_free);
      g_clear_pointer (&self->kit, g_free);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  /* @code may be our own (a refresh): copy before freeing. */
  copy = g_strdup (code);
  g_free (self->code);
  self->code = copy;
  g_free (self->kit);
  self->kit = g_strdup (device->kit);

  model = tlk_world_model (world, device->model);
  kit = device->kit ? tlk_world_kit (world, device->kit) : NULL;
  model_name = model ? g_strdup_printf ("%s %s", model->manufacturer, model->name) : g_strdup (device->model);

  shown = tlk_code_format (self->code);
  gtk_label_set_label (self->code_label, shown);
  gtk_label_set_label (self->model_label, model_name);
  gtk_label_set_label (self->state_label, tlk_device_state_describe (device->state));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label),
                              (const char *[]) { "state-pill", tlk_device_state_to_string (device->state), NULL });
  set_subtitle (self->serial_row, device->serial);
  set_subtitle (self->lot_row, device->lot);
  set_subtitle (self->expiry_row, device->expiry);
  set_subtitle (self->calibration_row, device->calibration_due);
  kit_shown = device->kit ? tlk_code_display (device->kit) : NULL;
  set_subtitle (self->kit_row, kit_shown);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->kit_row), device->kit != NULL);
  where = where_text (world, device, kit);
  set_subtitle (self->where_row, where);

  history = tlk_store_device_history (tlk_context_get_store (context), self->code, &error);
  if (history == NULL)
    g_printerr ("telekit: %s\n", error->message);
  tlk_history_list_fill (self->timeline_list, world, history);
  gtk_stack_set_visible_child_name (self->stack, "device");
}

const char *
tlk_device_page_get_code (TlkDevicePage *self)
{
  g_return_val_if_fail (TLK_IS_DEVICE_PAGE (self), NULL);
  return self->code;
}

static void
on_kit_row_activated_cb (TlkDevicePage *self)
{
  if (self->kit != NULL)
    g_signal_emit (self, signals[OPEN_KIT], 0, self->kit);
}

static void
tlk_device_page_finalize (GObject *object)
{
  TlkDevicePage *self = (TlkDevicePage *) object;

  g_free (self->code);
  g_free (self->kit);

  G_OBJECT_CLASS (tlk_device_page_parent_class)->finalize (object);
}

static void
tlk_device_page_class_init (TlkDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tlk_device_page_finalize;

  /**
   * TlkDevicePage::open-kit:
   * @code: the kit's code
   *
   * The user asked to see the kit the device is in.
   */
  signals[OPEN_KIT] = g_signal_new ("open-kit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/widgets/tlk-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, stack);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, code_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, model_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, serial_row);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, lot_row);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, calibration_row);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, kit_row);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, where_row);
  gtk_widget_class_bind_template_child (widget_class, TlkDevicePage, timeline_list);
  gtk_widget_class_bind_template_callback (widget_class, on_kit_row_activated_cb);
}

static void
tlk_device_page_init (TlkDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tlk_device_page_new (void)
{
  return g_object_new (TLK_TYPE_DEVICE_PAGE, NULL);
}
