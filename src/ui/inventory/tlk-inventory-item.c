/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-inventory-item.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-entities.h"

/* Names repeat across 100,000 kits (a few kit types, places, customers):
 * they are interned, so an item holds little more than its own code. */
struct _TlkInventoryItem
{
  GObject     parent_instance;

  char       *id;
  char       *id_folded;
  const char *kit_type_id;
  const char *kit_type;
  const char *kit_type_folded;
  const char *state_id;
  const char *location_id;
  const char *location;       /* place name, or who carries it */
  const char *location_folded;
  const char *customer_id;
  const char *customer;
  const char *customer_folded;
};

G_DEFINE_FINAL_TYPE (TlkInventoryItem, tlk_inventory_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_KIT_TYPE,
  PROP_STATE,
  PROP_LOCATION,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
tlk_inventory_fold (const char *text)
{
  g_autofree char *down = g_utf8_casefold (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (down));

  for (const char *p = down; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static const char *
intern_folded (const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return NULL;
  folded = tlk_inventory_fold (text);
  return g_intern_string (folded);
}

TlkInventoryItem *
tlk_inventory_item_new (const TlkInventoryRow *row)
{
  TlkInventoryItem *self;
  g_autofree char *where = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (TLK_TYPE_INVENTORY_ITEM, NULL);
  self->id = g_strdup (row->code);
  self->id_folded = tlk_inventory_fold (row->code);
  self->kit_type_id = g_intern_string (row->kit_type);
  self->kit_type = g_intern_string (row->kit_type_name ? row->kit_type_name : row->kit_type);
  self->kit_type_folded = intern_folded (self->kit_type);
  self->state_id = g_intern_string (row->state);
  self->location_id = g_intern_string (row->location);
  if (row->location_name != NULL)
    where = g_strdup (row->location_name);
  else if (row->custodian != NULL)
    where = g_strdup_printf (_("With %s"), row->custodian);
  else if (g_strcmp0 (row->state, "installed") == 0)
    where = g_strdup (_("At the citizen’s home"));
  self->location = g_intern_string (where);
  self->location_folded = intern_folded (where);
  self->customer_id = g_intern_string (row->customer);
  self->customer = g_intern_string (row->customer_name);
  self->customer_folded = intern_folded (row->customer_name);
  return self;
}

const char *tlk_inventory_item_get_id (TlkInventoryItem *self) { return self->id; }
const char *tlk_inventory_item_get_state_id (TlkInventoryItem *self) { return self->state_id; }
const char *tlk_inventory_item_get_kit_type_id (TlkInventoryItem *self) { return self->kit_type_id; }
const char *tlk_inventory_item_get_location_id (TlkInventoryItem *self) { return self->location_id; }
const char *tlk_inventory_item_get_customer_id (TlkInventoryItem *self) { return self->customer_id; }

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

gboolean
tlk_inventory_item_matches (TlkInventoryItem *self,
                            const char       *needle)
{
  return needle == NULL || *needle == '\0' || contains (self->id_folded, needle) ||
         contains (self->kit_type_folded, needle) || contains (self->location_folded, needle) ||
         contains (self->customer_folded, needle);
}

static void
tlk_inventory_item_finalize (GObject *object)
{
  TlkInventoryItem *self = (TlkInventoryItem *) object;

  g_free (self->id);
  g_free (self->id_folded);

  G_OBJECT_CLASS (tlk_inventory_item_parent_class)->finalize (object);
}

static void
tlk_inventory_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TlkInventoryItem *self = TLK_INVENTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_take_string (value, tlk_code_display (self->id));
      break;
    case PROP_KIT_TYPE:
      g_value_set_string (value, self->kit_type);
      break;
    case PROP_STATE:
      g_value_set_string (value, tlk_kit_state_describe (tlk_kit_state_from_string (self->state_id) % TLK_KIT_N_STATES));
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_CUSTOMER:
      g_value_set_string (value, self->customer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_inventory_item_class_init (TlkInventoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tlk_inventory_item_finalize;
  object_class->get_property = tlk_inventory_item_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIT_TYPE] = g_param_spec_string ("kit-type", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER] = g_param_spec_string ("customer", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tlk_inventory_item_init (TlkInventoryItem *self)
{
}
