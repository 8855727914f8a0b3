/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-table-item.h"

#include "tlk-table-model.h"

struct _TlkTableItem
{
  GObject        parent_instance;

  TlkTableModel *model;      /* owned: the model outlives its items */
  guint          position;
};

G_DEFINE_FINAL_TYPE (TlkTableItem, tlk_table_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tlk_table_item_finalize (GObject *object)
{
  TlkTableItem *self = (TlkTableItem *) object;

  tlk_table_model_forget_item (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (tlk_table_item_parent_class)->finalize (object);
}

static void
tlk_table_item_class_init (TlkTableItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tlk_table_item_finalize;

  /**
   * TlkTableItem::changed:
   *
   * The place shows another row now (a search or sort): cells read it again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tlk_table_item_init (TlkTableItem *self)
{
}

TlkTableItem *
tlk_table_item_new (TlkTableModel *model,
                    guint          position)
{
  TlkTableItem *self;

  g_return_val_if_fail (TLK_IS_TABLE_MODEL (model), NULL);

  self = g_object_new (TLK_TYPE_TABLE_ITEM, NULL);
  self->model = g_object_ref (model);
  self->position = position;
  return self;
}

guint
tlk_table_item_get_position (TlkTableItem *self)
{
  g_return_val_if_fail (TLK_IS_TABLE_ITEM (self), 0);
  return self->position;
}

guint
tlk_table_item_get_row (TlkTableItem *self)
{
  g_return_val_if_fail (TLK_IS_TABLE_ITEM (self), G_MAXUINT);
  return tlk_table_model_get_row (self->model, self->position);
}

TlkTable *
tlk_table_item_get_table (TlkTableItem *self)
{
  g_return_val_if_fail (TLK_IS_TABLE_ITEM (self), NULL);
  return tlk_table_model_get_table (self->model);
}

void
tlk_table_item_emit_changed (TlkTableItem *self)
{
  g_return_if_fail (TLK_IS_TABLE_ITEM (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
