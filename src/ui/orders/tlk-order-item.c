/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-order-item.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-orders-common.h"

struct _TlkOrderItem
{
  GObject        parent_instance;

  char          *id;
  char          *case_ref;
  char          *customer;
  char          *kit_type;
  char          *requested;      /* dd-mm-yyyy */
  char          *requested_iso;  /* for sorting */
  gboolean       urgent;
  TlkOrderState  state;
  char          *kit;            /* as printed, "" without one */
  char          *search_key;     /* case-folded case reference and customer */
};

G_DEFINE_FINAL_TYPE (TlkOrderItem, tlk_order_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CASE_REF,
  PROP_CUSTOMER,
  PROP_KIT_TYPE,
  PROP_REQUESTED_ISO,
  PROP_PRIORITY_RANK,
  PROP_STATE_RANK,
  PROP_KIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

TlkOrderItem *
tlk_order_item_new (const TlkOrder *order,
                    TlkWorld       *world)
{
  TlkOrderItem *self;
  TlkCustomer *customer;
  TlkKitType *type;
  g_autofree char *key = NULL;

  g_return_val_if_fail (order != NULL && world != NULL, NULL);

  customer = tlk_world_customer (world, order->customer);
  type = tlk_world_kit_type (world, order->kit_type);
  self = g_object_new (TLK_TYPE_ORDER_ITEM, NULL);
  self->id = g_strdup (order->id);
  self->case_ref = g_strdup (order->case_ref);
  self->customer = g_strdup (customer ? customer->name : order->customer);
  self->kit_type = g_strdup (type ? type->name : order->kit_type);
  self->requested = tlk_orders_format_date (order->requested_date);
  self->requested_iso = g_strdup (order->requested_date ? order->requested_date : "");
  self->urgent = g_strcmp0 (order->priority, "urgent") == 0;
  self->state = order->state;
  self->kit = tlk_code_display (order->kit);
  key = g_strconcat (self->case_ref ? self->case_ref : "", "\n", self->customer ? self->customer : "", NULL);
  self->search_key = g_utf8_casefold (key, -1);
  return self;
}

const char *
tlk_order_item_get_id (TlkOrderItem *self)
{
  g_return_val_if_fail (TLK_IS_ORDER_ITEM (self), NULL);
  return self->id;
}

const char *
tlk_order_item_get_case_ref (TlkOrderItem *self)
{
  g_return_val_if_fail (TLK_IS_ORDER_ITEM (self), NULL);
  return self->case_ref;
}

TlkOrderState
tlk_order_item_get_state (TlkOrderItem *self)
{
  g_return_val_if_fail (TLK_IS_ORDER_ITEM (self), TLK_ORDER_NONE);
  return self->state;
}

const char *
tlk_order_item_get_text (TlkOrderItem   *self,
                         TlkOrderColumn  column)
{
  g_return_val_if_fail (TLK_IS_ORDER_ITEM (self), NULL);

  switch (column)
    {
    case TLK_ORDER_COLUMN_CASE_REF:
      return self->case_ref;
    case TLK_ORDER_COLUMN_CUSTOMER:
      return self->customer;
    case TLK_ORDER_COLUMN_KIT_TYPE:
      return self->kit_type;
    case TLK_ORDER_COLUMN_REQUESTED:
      return self->requested;
    case TLK_ORDER_COLUMN_PRIORITY:
      return self->urgent ? _("Urgent") : "";
    case TLK_ORDER_COLUMN_STATE:
      return tlk_order_state_describe (self->state);
    case TLK_ORDER_COLUMN_KIT:
      return self->kit;
    case TLK_ORDER_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
tlk_order_item_matches (TlkOrderItem *self,
                        const char   *needle)
{
  g_return_val_if_fail (TLK_IS_ORDER_ITEM (self), FALSE);
  return needle == NULL || *needle == '\0' || strstr (self->search_key, needle) != NULL;
}

gboolean
tlk_order_item_equal (TlkOrderItem *a,
                      TlkOrderItem *b)
{
  g_return_val_if_fail (TLK_IS_ORDER_ITEM (a) && TLK_IS_ORDER_ITEM (b), FALSE);
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->case_ref, b->case_ref) == 0 &&
         g_strcmp0 (a->customer, b->customer) == 0 && g_strcmp0 (a->kit_type, b->kit_type) == 0 &&
         g_strcmp0 (a->requested_iso, b->requested_iso) == 0 && a->urgent == b->urgent && a->state == b->state &&
         g_strcmp0 (a->kit, b->kit) == 0;
}

static void
tlk_order_item_finalize (GObject *object)
{
  TlkOrderItem *self = (TlkOrderItem *) object;

  g_free (self->id);
  g_free (self->case_ref);
  g_free (self->customer);
  g_free (self->kit_type);
  g_free (self->requested);
  g_free (self->requested_iso);
  g_free (self->kit);
  g_free (self->search_key);

  G_OBJECT_CLASS (tlk_order_item_parent_class)->finalize (object);
}

static void
tlk_order_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlkOrderItem *self = TLK_ORDER_ITEM (object);

  switch (prop_id)
    {
    case PROP_CASE_REF:
      g_value_set_string (value, self->case_ref);
      break;
    case PROP_CUSTOMER:
      g_value_set_string (value, self->customer);
      break;
    case PROP_KIT_TYPE:
      g_value_set_string (value, self->kit_type);
      break;
    case PROP_REQUESTED_ISO:
      g_value_set_string (value, self->requested_iso);
      break;
    case PROP_PRIORITY_RANK:
      g_value_set_int (value, self->urgent ? 1 : 0);
      break;
    case PROP_STATE_RANK:
      g_value_set_int (value, self->state);
      break;
    case PROP_KIT:
      g_value_set_string (value, self->kit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_order_item_class_init (TlkOrderItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tlk_order_item_finalize;
  object_class->get_property = tlk_order_item_get_property;

  properties[PROP_CASE_REF] = g_param_spec_string ("case-ref", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER] = g_param_spec_string ("customer", NULL, NULL, NULL, flags);
  properties[PROP_KIT_TYPE] = g_param_spec_string ("kit-type", NULL, NULL, NULL, flags);
  properties[PROP_REQUESTED_ISO] = g_param_spec_string ("requested-iso", NULL, NULL, NULL, flags);
  properties[PROP_PRIORITY_RANK] = g_param_spec_int ("priority-rank", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_STATE_RANK] = g_param_spec_int ("state-rank", NULL, NULL, 0, TLK_ORDER_N_STATES, 0, flags);
  properties[PROP_KIT] = g_param_spec_string ("kit", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tlk_order_item_init (TlkOrderItem *self)
{
}
