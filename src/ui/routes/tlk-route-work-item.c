/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-route-work-item.h"

#include <glib/gi18n.h>

#include "tlk-orders-common.h"
#include "tlk-route.h"

struct _TlkRouteWorkItem
{
  GObject       parent_instance;

  char         *order;
  const char   *stop_kind;      /* tlk_order_waiting_stop(); NULL: installed */
  char         *date;
  gboolean      urgent;
  char         *work;
  char         *case_ref;
  char         *customer;
  char         *kit_type;
  char         *requested;
};

G_DEFINE_FINAL_TYPE (TlkRouteWorkItem, tlk_route_work_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_WORK,
  PROP_CASE_REF,
  PROP_CUSTOMER,
  PROP_KIT_TYPE,
  PROP_REQUESTED,
  PROP_URGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "23-11-2026" as the user's locale writes a date. */
TlkRouteWorkItem *
tlk_route_work_item_new (const TlkOrder *order,
                         TlkWorld       *world)
{
  TlkRouteWorkItem *self;
  TlkCustomer *customer;
  TlkKitType *type;

  g_return_val_if_fail (order != NULL, NULL);
  g_return_val_if_fail (world != NULL, NULL);

  customer = tlk_world_customer (world, order->customer);
  type = tlk_world_kit_type (world, order->kit_type);

  self = g_object_new (TLK_TYPE_ROUTE_WORK_ITEM, NULL);
  self->order = g_strdup (order->id);
  self->stop_kind = tlk_order_waiting_stop (order);
  self->date = g_strdup (order->requested_date);
  self->urgent = g_strcmp0 (order->priority, "urgent") == 0;
  /* "Delivery", short for the column; an installed kit, for a swap or a
   * service visit, has no stop waiting. */
  if (g_strcmp0 (self->stop_kind, "delivery") == 0)
    self->work = g_strdup (_("Delivery"));
  else if (self->stop_kind != NULL)
    self->work = g_strdup (tlk_stop_kind_describe (self->stop_kind));
  else
    self->work = g_strdup (_("Installed"));
  self->case_ref = g_strdup (order->case_ref);
  self->customer = g_strdup (customer ? customer->name : order->customer);
  self->kit_type = g_strdup (type ? type->name : order->kit_type);
  /* As the Orders view writes it. */
  self->requested = tlk_orders_format_date (order->requested_date);
  return self;
}

const char *
tlk_route_work_item_get_order (TlkRouteWorkItem *self)
{
  g_return_val_if_fail (TLK_IS_ROUTE_WORK_ITEM (self), NULL);
  return self->order;
}

const char *
tlk_route_work_item_get_case_ref (TlkRouteWorkItem *self)
{
  g_return_val_if_fail (TLK_IS_ROUTE_WORK_ITEM (self), NULL);
  return self->case_ref;
}

const char *
tlk_route_work_item_get_stop_kind (TlkRouteWorkItem *self)
{
  g_return_val_if_fail (TLK_IS_ROUTE_WORK_ITEM (self), NULL);
  return self->stop_kind;
}

gboolean
tlk_route_work_item_get_urgent (TlkRouteWorkItem *self)
{
  g_return_val_if_fail (TLK_IS_ROUTE_WORK_ITEM (self), FALSE);
  return self->urgent;
}

const char *
tlk_route_work_item_get_date (TlkRouteWorkItem *self)
{
  g_return_val_if_fail (TLK_IS_ROUTE_WORK_ITEM (self), NULL);
  return self->date;
}

static void
tlk_route_work_item_finalize (GObject *object)
{
  TlkRouteWorkItem *self = (TlkRouteWorkItem *) object;

  g_free (self->order);
  g_free (self->date);
  g_free (self->work);
  g_free (self->case_ref);
  g_free (self->customer);
  g_free (self->kit_type);
  g_free (self->requested);

  G_OBJECT_CLASS (tlk_route_work_item_parent_class)->finalize (object);
}

static void
tlk_route_work_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TlkRouteWorkItem *self = TLK_ROUTE_WORK_ITEM (object);

  switch (prop_id)
    {
    case PROP_WORK:
      g_value_set_string (value, self->work);
      break;
    case PROP_CASE_REF:
      g_value_set_string (value, self->case_ref);
      break;
    case PROP_CUSTOMER:
      g_value_set_string (value, self->customer);
      break;
    case PROP_KIT_TYPE:
      g_value_set_string (value, self->kit_type);
      break;
    case PROP_REQUESTED:
      g_value_set_string (value, self->requested);
      break;
    case PROP_URGENT:
      g_value_set_string (value, self->urgent ? _("Urgent") : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_route_work_item_class_init (TlkRouteWorkItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tlk_route_work_item_finalize;
  object_class->get_property = tlk_route_work_item_get_property;

  properties[PROP_WORK] = g_param_spec_string ("work", NULL, NULL, NULL, flags);
  properties[PROP_CASE_REF] = g_param_spec_string ("case-ref", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER] = g_param_spec_string ("customer", NULL, NULL, NULL, flags);
  properties[PROP_KIT_TYPE] = g_param_spec_string ("kit-type", NULL, NULL, NULL, flags);
  properties[PROP_REQUESTED] = g_param_spec_string ("requested", NULL, NULL, NULL, flags);
  properties[PROP_URGENT] = g_param_spec_string ("urgent", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tlk_route_work_item_init (TlkRouteWorkItem *self)
{
}
