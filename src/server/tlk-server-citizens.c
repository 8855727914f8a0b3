/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include "tlk-entities.h"
#include "tlk-role.h"
#include "tlk-store-routes.h"
#include "tlk-server-routes.h"

/*
 * Personal data (DESIGN §5, PROTOCOL.md "Personal data"): citizens'
 * details by role and, for drivers, by their own planned stops. Every read
 * and change goes through the store functions that write the access log
 * (who, when, which citizen, why) in the same transaction.
 */

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_citizen (JsonBuilder      *b,
             const TlkCitizen *citizen)
{
  json_builder_begin_object (b);
  add_string_or_null (b, "id", citizen->id);
  add_string_or_null (b, "name", citizen->name);
  add_string_or_null (b, "address", citizen->address);
  add_string_or_null (b, "phone", citizen->phone);
  add_string_or_null (b, "access_notes", citizen->access_notes);
  json_builder_end_object (b);
}

static JsonNode *
citizen_to_json (const TlkCitizen *citizen)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  add_citizen (b, citizen);
  return json_builder_get_root (b);
}

/* The ID of /api/v1/citizens/ID, or NULL with the 400 answered. */
static const char *
citizen_id (TlkServerRequest *req)
{
  const char *id = tlk_server_request_path_id (req);

  if (!tlk_server_name_is_valid (id))
    {
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed",
                              "A citizen id is 1 to 64 letters, digits, “-”, “_” or “.”.");
      return NULL;
    }
  return id;
}

static void
refuse_role (TlkServerRequest *req)
{
  g_autofree char *message = g_strdup_printf ("A %s account may not see or change citizens’ personal details.",
                                              req->role);

  tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", message);
}

static const char *
optional_string (JsonObject *body,
                 const char *name)
{
  JsonNode *node = json_object_get_member (body, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? json_node_get_string (node) : NULL;
}

/* ---- PUT /api/v1/citizens/ID ------------------------------------------- */

void
tlk_server_citizens_put (TlkServerRequest *req)
{
  g_autoptr(GError) error = NULL;
  TlkCitizen citizen = { 0 };

  if (!tlk_role_may_change_citizens (req->role))
    {
      refuse_role (req);
      return;
    }
  if ((citizen.id = (char *) citizen_id (req)) == NULL)
    return;
  citizen.name = (char *) json_object_get_string_member (req->body, "name");
  citizen.address = (char *) optional_string (req->body, "address");
  citizen.phone = (char *) optional_string (req->body, "phone");
  citizen.access_notes = (char *) optional_string (req->body, "access_notes");

  if (!tlk_store_put_citizen (tlk_server_get_store (req->server), &citizen, req->user, "changed through the server",
                              &error))
    {
      /* An empty name or a CPR-like number: the client's input. */
      if (error->domain == TLK_TEXT_ERROR)
        tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", error->message);
      else
        tlk_server_reply_internal (req, error);
      return;
    }
  tlk_server_reply (req, SOUP_STATUS_OK, citizen_to_json (&citizen));
}

/* ---- GET /api/v1/citizens/ID ------------------------------------------- */

void
tlk_server_citizens_get (TlkServerRequest *req)
{
  TlkStore *store = tlk_server_get_store (req->server);
  g_autoptr(TlkCitizen) citizen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const char *id = NULL;

  switch (tlk_role_citizen_access (req->role))
    {
    case TLK_CITIZEN_ACCESS_NONE:
      refuse_role (req);
      return;

    case TLK_CITIZEN_ACCESS_OWN_STOPS:
      {
        g_autofree char *stop = NULL;

        if ((id = citizen_id (req)) == NULL)
          return;
        stop = tlk_store_driver_planned_stop (store, req->user, id, &error);
        if (error != NULL)
          {
            tlk_server_reply_internal (req, error);
            return;
          }
        if (stop == NULL)
          {
            tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                                    "A driver sees a citizen’s details only while a stop of its own for the "
                                    "citizen is planned.");
            return;
          }
        reason = g_strdup_printf ("planned stop %s", stop);
        break;
      }

    case TLK_CITIZEN_ACCESS_ALL:
      if ((id = citizen_id (req)) == NULL)
        return;
      reason = g_strdup_printf ("looked up by a %s", req->role);
      break;

    default:
      g_assert_not_reached ();
    }

  citizen = tlk_store_get_citizen (store, id, req->user, reason, &error);
  if (citizen == NULL)
    {
      if (g_error_matches (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND))
        tlk_server_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "No personal details are stored for this "
                                                                         "citizen.");
      else
        tlk_server_reply_internal (req, error);
      return;
    }
  tlk_server_reply (req, SOUP_STATUS_OK, citizen_to_json (citizen));
}

/* ---- GET /api/v1/my-citizens (driver) ---------------------------------- */

void
tlk_server_citizens_mine (TlkServerRequest *req)
{
  g_autoptr(GPtrArray) citizens = NULL;
  g_autoptr(GPtrArray) purge = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (tlk_role_citizen_access (req->role) != TLK_CITIZEN_ACCESS_OWN_STOPS)
    {
      tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "Only drivers get the citizens of their own stops this way.");
      return;
    }
  if (!tlk_store_driver_citizens (tlk_server_get_store (req->server), req->user, &citizens, &purge, &error))
    {
      tlk_server_reply_internal (req, error);
      return;
    }

  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "citizens");
  json_builder_begin_array (b);
  for (guint i = 0; i < citizens->len; i++)
    add_citizen (b, g_ptr_array_index (citizens, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "purge");
  json_builder_begin_array (b);
  for (guint i = 0; i < purge->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (purge, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  tlk_server_reply (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

/* ---- GET /api/v1/access-log?citizen=ID --------------------------------- */

void
tlk_server_citizens_access_log (TlkServerRequest *req)
{
  const char *citizen = req->query ? g_hash_table_lookup (req->query, "citizen") : NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (tlk_role_citizen_access (req->role) != TLK_CITIZEN_ACCESS_ALL)
    {
      tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "Only coordinators and admins may read the access log.");
      return;
    }
  if (!tlk_server_name_is_valid (citizen))
    {
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", "Name the citizen: ?citizen=ID.");
      return;
    }
  entries = tlk_store_access_log (tlk_server_get_store (req->server), citizen, &error);
  if (entries == NULL)
    {
      tlk_server_reply_internal (req, error);
      return;
    }

  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "citizen");
  json_builder_add_string_value (b, citizen);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      TlkAccessLogEntry *e = g_ptr_array_index (entries, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "at", e->at);
      add_string_or_null (b, "actor", e->actor);
      add_string_or_null (b, "action", e->action);
      add_string_or_null (b, "reason", e->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  tlk_server_reply (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

/* ---- PUT /api/v1/proofs/STOP (the stop's driver) ----------------------- */

void
tlk_server_proofs_put (TlkServerRequest *req)
{
  TlkStore *store = tlk_server_get_store (req->server);
  g_autoptr(TlkStop) stop = NULL;
  g_autoptr(GError) error = NULL;
  TlkProof proof = { 0 };

  proof.stop = (char *) tlk_server_request_path_id (req);
  if (!tlk_server_name_is_valid (proof.stop))
    {
      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", "A stop id is a stop code.");
      return;
    }
  /* Only the driver who was there signs for a stop, and only once it is
   * on the server (the stop's events are pushed before its proof). */
  stop = tlk_store_load (store, TLK_SUBJECT_STOP, proof.stop);
  if (stop == NULL)
    {
      tlk_server_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "No such stop.");
      return;
    }
  if (g_strcmp0 (stop->driver, req->user) != 0)
    {
      tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                              "Only the stop’s own driver hands in its proof of delivery.");
      return;
    }
  proof.recipient = (char *) json_object_get_string_member (req->body, "recipient");
  proof.signature = (char *) json_object_get_string_member (req->body, "signature");
  proof.signed_at = (char *) json_object_get_string_member (req->body, "signed_at");
  if (!tlk_store_put_proof (store, &proof, req->user, FALSE, &error))
    {
      if (error->domain == TLK_RULE_ERROR || error->domain == TLK_TEXT_ERROR)
        tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", error->message);
      else
        tlk_server_reply_internal (req, error);
      return;
    }
  {
    g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

    json_builder_begin_object (b);
    add_string_or_null (b, "stop", proof.stop);
    json_builder_end_object (b);
    tlk_server_reply (req, SOUP_STATUS_OK, json_builder_get_root (b));
  }
}
