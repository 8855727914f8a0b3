/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-context.h"

#include <glib/gi18n.h>

#include "tlk-store-orders.h"
#include "tlk-sync-client.h"

struct _TlkContext
{
  GObject        parent_instance;

  TlkStore      *store;
  GSettings     *settings;
  TlkUser       *user;

  TlkSyncEngine *engine;
  /* What the engine is configured for (settings), and the lookup of its
   * token under way. */
  char          *server_url;
  char          *server_user;
  char          *ca_file;
  GCancellable  *lookup;
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
tlk_context_dispose (GObject *object)
{
  TlkContext *self = (TlkContext *) object;

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (tlk_context_parent_class)->dispose (object);
}

static void
tlk_context_finalize (GObject *object)
{
  TlkContext *self = (TlkContext *) object;

  g_free (self->server_url);
  g_free (self->server_user);
  g_free (self->ca_file);
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

  object_class->dispose = tlk_context_dispose;
  object_class->finalize = tlk_context_finalize;
  object_class->get_property = tlk_context_get_property;

  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlkContext::changed:
   *
   * Something was written to the store, here or by a sync; views refresh
   * what they show.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tlk_context_init (TlkContext *self)
{
}

/* ---- the sync engine's configuration -------------------------------------- */

static void
configure_engine (TlkContext *self,
                  const char *token)
{
  tlk_sync_engine_configure (self->engine, *self->server_url ? self->server_url : NULL, self->server_user,
                             *self->server_url && *self->server_user ? token : NULL,
                             *self->ca_file ? self->ca_file : NULL);
}

typedef struct
{
  char *server_url;
  char *user;
  char *token;
  char *ca_file;
} Account;

static void
account_free (Account *account)
{
  g_free (account->server_url);
  g_free (account->user);
  g_free (account->token);
  g_free (account->ca_file);
  g_free (account);
}

static Account *
account_new (TlkContext *self)
{
  Account *account = g_new0 (Account, 1);

  account->server_url = g_strdup (self->server_url);
  account->user = g_strdup (self->server_user);
  account->ca_file = *self->ca_file ? g_strdup (self->ca_file) : NULL;
  return account;
}

/* The keyring may be slow or ask to be unlocked: never on the main thread. */
static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Account *account = task_data;

  g_task_return_pointer (task, tlk_credentials_lookup_token (account->server_url, account->user), g_free);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TlkContext *self = TLK_CONTEXT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: the settings changed again meanwhile. */
  if (error != NULL)
    return;
  g_clear_object (&self->lookup);
  configure_engine (self, token);
}

static void
cancel_lookup (TlkContext *self)
{
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
}

static char *
get_stripped (GSettings  *settings,
              const char *key)
{
  return g_strstrip (g_settings_get_string (settings, key));
}

static void
on_server_settings_changed_cb (TlkContext *self)
{
  g_autofree char *server_url = get_stripped (self->settings, "server-url");
  g_autofree char *user = get_stripped (self->settings, "server-user");
  g_autofree char *ca_file = get_stripped (self->settings, "server-ca-file");
  gboolean same_account = g_strcmp0 (server_url, self->server_url) == 0 && g_strcmp0 (user, self->server_user) == 0;
  g_autoptr(GTask) task = NULL;

  if (same_account && g_strcmp0 (ca_file, self->ca_file) == 0)
    return;
  g_free (self->ca_file);
  self->ca_file = g_steal_pointer (&ca_file);
  if (same_account)
    {
      /* A lookup under way configures with the new file when it ends. */
      if (self->lookup == NULL)
        configure_engine (self, tlk_sync_engine_get_token (self->engine));
      return;
    }

  cancel_lookup (self);
  g_free (self->server_url);
  self->server_url = g_steal_pointer (&server_url);
  g_free (self->server_user);
  self->server_user = g_steal_pointer (&user);
  if (*self->server_url == '\0' || *self->server_user == '\0')
    {
      configure_engine (self, NULL);
      return;
    }
  self->lookup = g_cancellable_new ();
  task = g_task_new (self, self->lookup, lookup_done, NULL);
  g_task_set_source_tag (task, on_server_settings_changed_cb);
  g_task_set_task_data (task, account_new (self), (GDestroyNotify) account_free);
  g_task_run_in_thread (task, lookup_thread);
}

static void
on_engine_synced_cb (TlkContext *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
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

  /* The engine has its own connection and thread: the UI never waits on
   * the network. */
  self->engine = tlk_sync_engine_new (tlk_store_get_path (store));
  g_signal_connect_object (self->engine, "synced", G_CALLBACK (on_engine_synced_cb), self, G_CONNECT_SWAPPED);
  self->server_url = g_strdup ("");
  self->server_user = g_strdup ("");
  self->ca_file = g_strdup ("");
  g_signal_connect_object (settings, "changed::server-url", G_CALLBACK (on_server_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::server-user", G_CALLBACK (on_server_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::server-ca-file", G_CALLBACK (on_server_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_server_settings_changed_cb (self);
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
  tlk_sync_engine_local_change (self->engine);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

GPtrArray *
tlk_context_add_orders (TlkContext *self,
                        GPtrArray  *drafts,
                        const char *reason,
                        GError    **error)
{
  GPtrArray *ids;

  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (drafts != NULL && reason != NULL, NULL);
  g_return_val_if_fail (self->user != NULL, NULL);

  ids = tlk_store_add_orders (self->store, drafts, self->user->id, reason, FALSE, error);
  if (ids == NULL)
    return NULL;
  tlk_sync_engine_local_change (self->engine);
  g_signal_emit (self, signals[CHANGED], 0);
  return ids;
}

TlkSyncEngine *
tlk_context_get_sync_engine (TlkContext *self)
{
  g_return_val_if_fail (TLK_IS_CONTEXT (self), NULL);
  return self->engine;
}

/* ---- signing in to the server --------------------------------------------- */

static void
keep_token_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Account *account = task_data;
  TlkCredentialsPlace place;
  GError *error = NULL;

  if (!tlk_credentials_store_token (account->server_url, account->user, account->token, &place, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, place);
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlkContext *self = g_task_get_source_object (task);
  Account *account = g_task_get_task_data (task);
  GError *error = NULL;

  if (!tlk_sync_engine_sign_in_finish (TLK_SYNC_ENGINE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  account->token = g_strdup (tlk_sync_engine_get_token (self->engine));
  g_task_run_in_thread (task, keep_token_thread);
}

void
tlk_context_sign_in_to_server_async (TlkContext          *self,
                                     const char          *server_url,
                                     const char          *user,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  GTask *task;

  g_return_if_fail (TLK_IS_CONTEXT (self));
  g_return_if_fail (server_url != NULL && user != NULL && password != NULL);

  url = g_strstrip (g_strdup (server_url));
  name = g_strstrip (g_strdup (user));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tlk_context_sign_in_to_server_async);

  /* A lookup ending later must not undo the sign-in. Another account's
   * token must not be used meanwhile; the same account's stays until the
   * new one comes. */
  cancel_lookup (self);
  if (g_strcmp0 (url, self->server_url) != 0 || g_strcmp0 (name, self->server_user) != 0)
    {
      g_free (self->server_url);
      self->server_url = g_strdup (url);
      g_free (self->server_user);
      self->server_user = g_strdup (name);
      configure_engine (self, NULL);
    }
  /* The settings now say what the engine does: their change is no news. */
  g_settings_set_string (self->settings, "server-url", url);
  g_settings_set_string (self->settings, "server-user", name);

  g_task_set_task_data (task, account_new (self), (GDestroyNotify) account_free);
  tlk_sync_engine_sign_in_async (self->engine, password, cancellable, on_signed_in_cb, task);
}

gboolean
tlk_context_sign_in_to_server_finish (TlkContext          *self,
                                      GAsyncResult        *result,
                                      TlkCredentialsPlace *place,
                                      GError             **error)
{
  gssize kept;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  kept = g_task_propagate_int (G_TASK (result), error);
  if (kept < 0)
    return FALSE;
  if (place != NULL)
    *place = (TlkCredentialsPlace) kept;
  return TRUE;
}

/* Forgets the token first (a sign-in right after must find its own), then
 * asks the server to revoke it; without a network it simply expires. */
static void
forget_token_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Account *account = task_data;
  g_autoptr(TlkSyncClient) client = NULL;
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;

  tlk_credentials_clear_token (account->server_url, account->user);
  if (account->token != NULL && (client = tlk_sync_client_new (account->server_url, account->ca_file, NULL)) != NULL)
    {
      json_node_take_object (body, json_object_new ());
      tlk_sync_client_set_token (client, account->token);
      answer = tlk_sync_client_request (client, "POST", "/api/v1/logout", body, cancellable, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

void
tlk_context_sign_out_of_server (TlkContext *self)
{
  g_autoptr(GTask) task = NULL;
  Account *account;

  g_return_if_fail (TLK_IS_CONTEXT (self));

  cancel_lookup (self);
  if (*self->server_url != '\0' && *self->server_user != '\0')
    {
      account = account_new (self);
      account->token = g_strdup (tlk_sync_engine_get_token (self->engine));
      task = g_task_new (NULL, NULL, NULL, NULL);
      g_task_set_source_tag (task, tlk_context_sign_out_of_server);
      g_task_set_task_data (task, account, (GDestroyNotify) account_free);
      g_task_run_in_thread (task, forget_token_thread);
    }
  configure_engine (self, NULL);
}
