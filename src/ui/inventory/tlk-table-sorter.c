/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-table-sorter.h"

struct _TlkTableSorter
{
  GtkSorter parent_instance;

  char     *key;
};

G_DEFINE_FINAL_TYPE (TlkTableSorter, tlk_table_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark
probe_quark (void)
{
  return g_quark_from_static_string ("tlk-table-sorter-probe");
}

/* Asked by tlk_table_sorter_find_primary() only: the first sorter asked is
 * the primary one, and the column view's answer says the direction. */
static GtkOrdering
tlk_table_sorter_compare (GtkSorter *sorter,
                          gpointer   item1,
                          gpointer   item2)
{
  TlkTableSorter **first = g_object_get_qdata (item1, probe_quark ());

  if (first != NULL && *first == NULL)
    *first = TLK_TABLE_SORTER (sorter);
  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
tlk_table_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
tlk_table_sorter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlkTableSorter *self = TLK_TABLE_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_table_sorter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlkTableSorter *self = TLK_TABLE_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_free (self->key);
      self->key = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_table_sorter_finalize (GObject *object)
{
  g_free (TLK_TABLE_SORTER (object)->key);

  G_OBJECT_CLASS (tlk_table_sorter_parent_class)->finalize (object);
}

static void
tlk_table_sorter_class_init (TlkTableSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->finalize = tlk_table_sorter_finalize;
  object_class->get_property = tlk_table_sorter_get_property;
  object_class->set_property = tlk_table_sorter_set_property;
  sorter_class->compare = tlk_table_sorter_compare;
  sorter_class->get_order = tlk_table_sorter_get_order;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tlk_table_sorter_init (TlkTableSorter *self)
{
}

const char *
tlk_table_sorter_get_key (TlkTableSorter *self)
{
  g_return_val_if_fail (TLK_IS_TABLE_SORTER (self), NULL);
  return self->key;
}

const char *
tlk_table_sorter_find_primary (GtkSorter *sorter,
                               gboolean  *descending)
{
  g_autoptr(GObject) probe = NULL;
  g_autoptr(GObject) other = NULL;
  TlkTableSorter *first = NULL;
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (sorter), NULL);

  probe = g_object_new (G_TYPE_OBJECT, NULL);
  other = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_qdata (probe, probe_quark (), &first);
  order = gtk_sorter_compare (sorter, probe, other);
  if (first == NULL)
    return NULL;
  *descending = order == GTK_ORDERING_LARGER;
  return first->key;
}
