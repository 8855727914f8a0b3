/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-context.h"

#include <glib/gi18n.h>

struct _TlkContext
{
  GObject    parent_instance;

  TlkStore  *store;
  GSettings *settings;
  TlkUser   *user;
};

G_DEFINE_FINAL_TYPE (TlkContext, tlk_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER_ID,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
tlk_context_finalize (GObject *object)
{
  TlkContext *self = (TlkContext *) object;

  g_clear_pointer (&self->store, tlk_store_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->user, tlk_user_free);

  G_OBJECT_CLASS (tlk_context_parent_class)->finalize (object);
}

static void
tlk_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlkContext *self = TLK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      g_value_set_string (value, tlk_context_get_user_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_context_class_init (TlkContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tlk_context_finalize;
  object_class->get_property = tlk_context_get_property;

  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlkContext::changed:
   *
   * Something was written to the store; views refresh what they show.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tlk_context_init (TlkContext *self)
{
}

/* Takes @store. */
TlkContext *
tlk_context_new (TlkStore  *store,
                 GSettings *settings)
{
  TlkContext *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TLK_TYPE_CONTEXT, NULL);
  self->store = store;
  self->settings = g_object_ref (settings);
  return self;
}

TlkStore *
tlk_context_get_store (TlkContext *self)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
tlk_context_get_settings (TlkContext *self)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  return self->settings;
}

TlkUser *
tlk_context_get_user (TlkContext *self)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  return self->user;
}

const char *
tlk_context_get_user_id (TlkContext *self)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  return self->user ? self->user->id : NULL;
}

gboolean
tlk_context_sign_in (TlkContext *self,
                     const char *user_id,
                     GError    **error)
{
  TlkUser *user;

  g_return_val_if_fail (TLK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  /* Local users for now; the sync server makes users central later. */
  user = tlk_store_load (self->store, TLK_SUBJECT_USER, user_id);
  if (user == NULL)
    {
      g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND,
                   _("There is no user “%s” on this computer."), user_id);
      return FALSE;
    }
  g_clear_pointer (&self->user, tlk_user_free);
  self->user = user;
  g_settings_set_string (self->settings, "last-user", user_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
  return TRUE;
}

void
tlk_context_sign_out (TlkContext *self)
{
  g_return_if_fail (TLK_IS_CONTEXT (self));

  if (self->user == NULL)
    return;
  g_clear_pointer (&self->user, tlk_user_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

TlkWorld *
tlk_context_new_world (TlkContext *self)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  return tlk_store_new_world (self->store);
}

gboolean
tlk_context_write (TlkContext *self,
                   GPtrArray  *events,
                   GError    **error)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  /* A scan's write is a fraction of a millisecond (see the benchmark); it
   * runs here so feedback comes before the next key. */
  if (!tlk_store_append_batch (self->store, events, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
