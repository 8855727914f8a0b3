/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-result-model.h"

struct _TlkResultModel
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;   /* of GObject, owned */
};

static GType
tlk_result_model_get_item_type (GListModel *model)
{
  return TLK_RESULT_MODEL (model)->item_type;
}

static guint
tlk_result_model_get_n_items (GListModel *model)
{
  return TLK_RESULT_MODEL (model)->items->len;
}

static gpointer
tlk_result_model_get_item (GListModel *model,
                           guint       position)
{
  TlkResultModel *self = TLK_RESULT_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tlk_result_model_get_item_type;
  iface->get_n_items = tlk_result_model_get_n_items;
  iface->get_item = tlk_result_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TlkResultModel, tlk_result_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
tlk_result_model_finalize (GObject *object)
{
  TlkResultModel *self = (TlkResultModel *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (tlk_result_model_parent_class)->finalize (object);
}

static void
tlk_result_model_class_init (TlkResultModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tlk_result_model_finalize;
}

static void
tlk_result_model_init (TlkResultModel *self)
{
}

/* Takes a reference on @items (whose free func must unref the objects). */
TlkResultModel *
tlk_result_model_new (GType      item_type,
                      GPtrArray *items)
{
  TlkResultModel *self;

  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (TLK_TYPE_RESULT_MODEL, NULL);
  self->item_type = item_type;
  self->items = g_ptr_array_ref (items);
  return self;
}
