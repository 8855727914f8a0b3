/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-route-stop-item.h"

#include <glib/gi18n.h>

#include "tlk-code.h"
#include "tlk-route.h"

struct _TlkRouteStopItem
{
  GObject  parent_instance;

  TlkStop *stop;
  char    *seq;
  char    *case_ref;
  char    *customer;
  char    *address;
  char    *kit;
  char    *device;
  char    *state;
  GStrv    state_classes;
};

G_DEFINE_FINAL_TYPE (TlkRouteStopItem, tlk_route_stop_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SEQ,
  PROP_KIND,
  PROP_CASE_REF,
  PROP_CUSTOMER,
  PROP_ADDRESS,
  PROP_WINDOW,
  PROP_KIT,
  PROP_DEVICE,
  PROP_STATE,
  PROP_STATE_CLASSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The domain's words are for sentences ("planned"); a table's cell starts
 * with a capital. */
static char *
capitalized (const char *text)
{
  char first[8] = { 0 };

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

TlkRouteStopItem *
tlk_route_stop_item_new (TlkStop       *stop,
                         TlkWorld      *world,
                         const char    *address)
{
  TlkRouteStopItem *self;
  TlkOrder *order;
  TlkCustomer *customer = NULL;
  g_autofree char *state = NULL;

  g_return_val_if_fail (stop != NULL, NULL);
  g_return_val_if_fail (world != NULL, NULL);

  order = tlk_world_order (world, stop->order);
  if (order != NULL)
    customer = tlk_world_customer (world, order->customer);

  self = g_object_new (TLK_TYPE_ROUTE_STOP_ITEM, NULL);
  self->stop = stop;
  self->seq = g_strdup_printf ("%d", stop->seq);
  self->case_ref = g_strdup (order ? order->case_ref : stop->order);
  self->customer = g_strdup (customer ? customer->name : order ? order->customer : "");
  self->address = g_strdup (address ? address : "");
  self->kit = tlk_code_display (stop->kit);
  if (stop->device != NULL)
    {
      g_autofree char *device = tlk_code_display (stop->device);
      /* A swap: the device the driver takes along. */
      self->device = g_strdup_printf (_("Bring %s"), device);
    }
  else
    self->device = g_strdup ("");

  state = capitalized (tlk_stop_state_describe (stop->state));
  if (stop->state == TLK_STOP_FAILED && stop->failure != NULL)
    /* "failed: Not at home" */
    self->state = g_strdup_printf (_("%s: %s"), state, tlk_stop_failure_describe (stop->failure));
  else
    self->state = g_steal_pointer (&state);
  self->state_classes = g_strdupv ((char **) (stop->state == TLK_STOP_DONE     ? (const char *[]) { "success", NULL }
                                              : stop->state == TLK_STOP_FAILED ? (const char *[]) { "error", NULL }
                                                                               : (const char *[]) { NULL }));
  return self;
}

const TlkStop *
tlk_route_stop_item_get_stop (TlkRouteStopItem *self)
{
  g_return_val_if_fail (TLK_IS_ROUTE_STOP_ITEM (self), NULL);
  return self->stop;
}

static void
tlk_route_stop_item_finalize (GObject *object)
{
  TlkRouteStopItem *self = (TlkRouteStopItem *) object;

  g_clear_pointer (&self->stop, tlk_stop_free);
  g_free (self->seq);
  g_free (self->case_ref);
  g_free (self->customer);
  g_free (self->address);
  g_free (self->kit);
  g_free (self->device);
  g_free (self->state);
  g_strfreev (self->state_classes);

  G_OBJECT_CLASS (tlk_route_stop_item_parent_class)->finalize (object);
}

static void
tlk_route_stop_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TlkRouteStopItem *self = TLK_ROUTE_STOP_ITEM (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_string (value, self->seq);
      break;
    case PROP_KIND:
      g_value_set_string (value, tlk_stop_kind_describe (self->stop->kind));
      break;
    case PROP_CASE_REF:
      g_value_set_string (value, self->case_ref);
      break;
    case PROP_CUSTOMER:
      g_value_set_string (value, self->customer);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_WINDOW:
      g_value_set_string (value, self->stop->window ? self->stop->window : "");
      break;
    case PROP_KIT:
      g_value_set_string (value, self->kit);
      break;
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_STATE_CLASSES:
      g_value_set_boxed (value, self->state_classes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_route_stop_item_class_init (TlkRouteStopItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tlk_route_stop_item_finalize;
  object_class->get_property = tlk_route_stop_item_get_property;

  properties[PROP_SEQ] = g_param_spec_string ("seq", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_CASE_REF] = g_param_spec_string ("case-ref", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER] = g_param_spec_string ("customer", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_WINDOW] = g_param_spec_string ("window", NULL, NULL, NULL, flags);
  properties[PROP_KIT] = g_param_spec_string ("kit", NULL, NULL, NULL, flags);
  properties[PROP_DEVICE] = g_param_spec_string ("device", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_STATE_CLASSES] = g_param_spec_boxed ("state-classes", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tlk_route_stop_item_init (TlkRouteStopItem *self)
{
}
