/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-sync"

#include "config.h"

#include "tlk-sync-engine.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-store-sync.h"
#include "tlk-sync.h"

/* After a local change, wait this long for more scans before syncing. */
#define SOON_MS 2000
/* With nothing happening, look for other computers' work this often. */
#define PERIOD_MS (3 * 60 * 1000)

struct _TlkSyncEngine
{
  GObject       parent_instance;

  char         *db_path;
  char         *server_url;
  char         *user;
  char         *token;
  char         *ca_file;

  TlkStore     *reader;        /* main-thread connection for counting */
  TlkSyncState  state;
  gint64        pending;
  char         *last_success;
  char         *error_message;

  GCancellable *cancellable;
  guint         timeout_id;
  guint         attempt;
  gboolean      running;
  gboolean      again;
};

G_DEFINE_FINAL_TYPE (TlkSyncEngine, tlk_sync_engine, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_LAST_SUCCESS,
  PROP_ERROR_MESSAGE,
  PROP_TOKEN,
  N_PROPS
};

enum
{
  SYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule (TlkSyncEngine *self,
                      guint          ms);

static void
set_state (TlkSyncEngine *self,
           TlkSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (TlkSyncEngine *self,
                   const char    *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_pending (TlkSyncEngine *self,
             gint64         pending)
{
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
count_pending (TlkSyncEngine *self)
{
  if (self->reader == NULL)
    self->reader = tlk_store_open (self->db_path, NULL);
  if (self->reader != NULL)
    set_pending (self, tlk_store_count_pending (self->reader));
}

/* ---- one run, on a worker thread ---------------------------------------- */

typedef struct
{
  char        *db_path;
  char        *server_url;
  char        *token;
  char        *ca_file;
  char        *user;
  char        *password;
  TlkSyncStats stats;
  gint64       pending;
  char        *last_success;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->db_path);
  g_free (data->server_url);
  g_free (data->token);
  g_free (data->ca_file);
  g_free (data->user);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->last_success);
  g_free (data);
}

static RunData *
run_data_new (TlkSyncEngine *self)
{
  RunData *data = g_new0 (RunData, 1);

  data->db_path = g_strdup (self->db_path);
  data->server_url = g_strdup (self->server_url);
  data->token = g_strdup (self->token);
  data->ca_file = g_strdup (self->ca_file);
  data->user = g_strdup (self->user);
  return data;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkSyncClient) client = NULL;
  GError *error = NULL;

  if ((store = tlk_store_open (data->db_path, &error)) == NULL ||
      (client = tlk_sync_client_new (data->server_url, data->ca_file, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  tlk_sync_client_set_token (client, data->token);
  if (!tlk_sync_run (store, client, &data->stats, cancellable, &error))
    {
      data->pending = tlk_store_count_pending (store);
      g_task_return_error (task, error);
      return;
    }
  data->pending = tlk_store_count_pending (store);
  data->last_success = tlk_store_get_sync_value (store, "last_success");
  g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TlkSyncEngine *self = TLK_SYNC_ENGINE (object);
  RunData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_pending (self, data->pending);
      set_error_message (self, error->message);
      if (tlk_sync_error_is_transient (error))
        {
          set_state (self, TLK_SYNC_STATE_OFFLINE);
          schedule (self, tlk_sync_backoff_ms (++self->attempt));
        }
      else
        {
          /* A person must act (sign in again, ask for rights); look again
           * later in case the server was fixed meanwhile. */
          set_state (self, TLK_SYNC_STATE_ERROR);
          schedule (self, PERIOD_MS);
        }
      return;
    }

  self->attempt = 0;
  set_pending (self, data->pending);
  set_error_message (self, NULL);
  g_free (self->last_success);
  self->last_success = g_steal_pointer (&data->last_success);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
  set_state (self, TLK_SYNC_STATE_IDLE);
  if (data->stats.pulled > 0 || data->stats.conflicts > 0)
    g_signal_emit (self, signals[SYNCED], 0);
  schedule (self, self->again ? SOON_MS : PERIOD_MS);
  self->again = FALSE;
}

static gboolean
run_now (gpointer user_data)
{
  TlkSyncEngine *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->timeout_id = 0;
  if (self->server_url == NULL || self->token == NULL)
    return G_SOURCE_REMOVE;
  if (self->running)
    {
      self->again = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->running = TRUE;
  set_state (self, TLK_SYNC_STATE_SYNCING);
  task = g_task_new (self, self->cancellable, run_done, NULL);
  g_task_set_source_tag (task, run_now);
  g_task_set_task_data (task, run_data_new (self), (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule (TlkSyncEngine *self,
          guint          ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->server_url != NULL)
    self->timeout_id = g_timeout_add (ms, run_now, self);
}

/* ---- public ------------------------------------------------------------- */

TlkSyncEngine *
tlk_sync_engine_new (const char *db_path)
{
  TlkSyncEngine *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (TLK_TYPE_SYNC_ENGINE, NULL);
  self->db_path = g_strdup (db_path);
  /* Pending is counted once there is a server: a computer working alone
   * has every event pending, and counting millions would slow its start
   * and every scan. */
  self->reader = tlk_store_open (self->db_path, NULL);
  /* Offline from the start, the last success is still worth showing. */
  if (self->reader != NULL)
    {
      g_autofree char *last = tlk_store_get_sync_value (self->reader, "last_success");

      if (last != NULL && *last != '\0')
        self->last_success = g_steal_pointer (&last);
    }
  return self;
}

void
tlk_sync_engine_configure (TlkSyncEngine *self,
                           const char    *server_url,
                           const char    *user,
                           const char    *token,
                           const char    *ca_file)
{
  /* Copied first: sign_in_finish passes the engine's own strings. */
  g_autofree char *new_url = server_url && *server_url ? g_strdup (server_url) : NULL;
  g_autofree char *new_user = g_strdup (user);
  g_autofree char *new_ca_file = g_strdup (ca_file);
  g_autofree char *new_token = g_strdup (token);

  g_return_if_fail (TLK_IS_SYNC_ENGINE (self));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, NULL);
  self->cancellable = g_cancellable_new ();
  self->running = FALSE;
  self->attempt = 0;
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&new_url);
  g_free (self->user);
  self->user = g_steal_pointer (&new_user);
  g_free (self->ca_file);
  self->ca_file = g_steal_pointer (&new_ca_file);
  if (g_strcmp0 (self->token, new_token) != 0)
    {
      g_free (self->token);
      self->token = g_steal_pointer (&new_token);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
    }
  set_error_message (self, NULL);
  if (self->server_url != NULL)
    count_pending (self);

  if (self->server_url == NULL)
    set_state (self, TLK_SYNC_STATE_OFF);
  else if (self->token == NULL)
    {
      set_state (self, TLK_SYNC_STATE_ERROR);
      set_error_message (self, _("Sign in to the server in the preferences."));
    }
  else
    {
      set_state (self, TLK_SYNC_STATE_IDLE);
      schedule (self, 0);
    }
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkSyncClient) client = NULL;
  GError *error = NULL;

  if ((store = tlk_store_open (data->db_path, &error)) == NULL ||
      (client = tlk_sync_client_new (data->server_url, data->ca_file, &error)) == NULL ||
      !tlk_sync_client_login (client, data->user, data->password, tlk_store_get_device_id (store), cancellable,
                              &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (tlk_sync_client_get_token (client)), g_free);
}

void
tlk_sync_engine_sign_in_async (TlkSyncEngine      *self,
                               const char         *password,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (TLK_IS_SYNC_ENGINE (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tlk_sync_engine_sign_in_async);
  if (self->server_url == NULL || self->user == NULL)
    {
      g_task_return_new_error (task, TLK_SYNC_ERROR, TLK_SYNC_ERROR_PROTOCOL,
                               _("Give the server’s address and your user name first."));
      return;
    }
  data = run_data_new (self);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, sign_in_thread);
}

gboolean
tlk_sync_engine_sign_in_finish (TlkSyncEngine *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autofree char *token = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  token = g_task_propagate_pointer (G_TASK (result), error);
  if (token == NULL)
    return FALSE;
  tlk_sync_engine_configure (self, self->server_url, self->user, token, self->ca_file);
  return TRUE;
}

void
tlk_sync_engine_sync_now (TlkSyncEngine *self)
{
  g_return_if_fail (TLK_IS_SYNC_ENGINE (self));
  self->attempt = 0;
  schedule (self, 0);
}

void
tlk_sync_engine_local_change (TlkSyncEngine *self)
{
  g_return_if_fail (TLK_IS_SYNC_ENGINE (self));

  if (self->server_url == NULL)
    return;
  count_pending (self);
  if (self->token == NULL)
    return;
  if (self->running)
    self->again = TRUE;
  else if (self->state != TLK_SYNC_STATE_OFFLINE)
    schedule (self, SOON_MS);
}

TlkSyncState
tlk_sync_engine_get_state (TlkSyncEngine *self)
{
  g_return_val_if_fail (TLK_IS_SYNC_ENGINE (self), TLK_SYNC_STATE_OFF);
  return self->state;
}

gint64
tlk_sync_engine_get_pending (TlkSyncEngine *self)
{
  g_return_val_if_fail (TLK_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

const char *
tlk_sync_engine_get_last_success (TlkSyncEngine *self)
{
  g_return_val_if_fail (TLK_IS_SYNC_ENGINE (self), NULL);
  return self->last_success;
}

const char *
tlk_sync_engine_get_error_message (TlkSyncEngine *self)
{
  g_return_val_if_fail (TLK_IS_SYNC_ENGINE (self), NULL);
  return self->error_message;
}

const char *
tlk_sync_engine_get_token (TlkSyncEngine *self)
{
  g_return_val_if_fail (TLK_IS_SYNC_ENGINE (self), NULL);
  return self->token;
}

static void
tlk_sync_engine_dispose (GObject *object)
{
  TlkSyncEngine *self = TLK_SYNC_ENGINE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->reader, tlk_store_free);
  G_OBJECT_CLASS (tlk_sync_engine_parent_class)->dispose (object);
}

static void
tlk_sync_engine_finalize (GObject *object)
{
  TlkSyncEngine *self = TLK_SYNC_ENGINE (object);

  g_free (self->db_path);
  g_free (self->server_url);
  g_free (self->user);
  g_free (self->token);
  g_free (self->ca_file);
  g_free (self->last_success);
  g_free (self->error_message);
  G_OBJECT_CLASS (tlk_sync_engine_parent_class)->finalize (object);
}

static void
tlk_sync_engine_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlkSyncEngine *self = TLK_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_int64 (value, self->pending);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_string (value, self->last_success);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_sync_engine_class_init (TlkSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tlk_sync_engine_dispose;
  object_class->finalize = tlk_sync_engine_finalize;
  object_class->get_property = tlk_sync_engine_get_property;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, TLK_SYNC_STATE_OFF, TLK_SYNC_STATE_ERROR,
                                             TLK_SYNC_STATE_OFF,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] = g_param_spec_string ("last-success", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void
tlk_sync_engine_init (TlkSyncEngine *self)
{
  self->cancellable = g_cancellable_new ();
}
