/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-server"

#include "config.h"

#include "tlk-role.h"
#include "tlk-server-routes.h"
#include "tlk-store-orders.h"

/* ---- POST /api/v1/orders ----------------------------------------------- */

/* Ordering systems send what a CSV row holds, under the JSON names; each
 * order is checked by the same code as `telekit-cli import orders`, so the
 * same row gets the same refusal. */

/* The values of one order, or FALSE with the 400 answered. */
static gboolean
read_values (TlkServerRequest *req,
             JsonNode         *node,
             guint             line,
             const char      **values)
{
  JsonObject *o;
  g_autoptr(GList) names = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf ("Order %u is not an object.", line);

      tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
      return FALSE;
    }
  o = json_node_get_object (node);
  names = json_object_get_members (o);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (o, l->data);
      int f;

      for (f = 0; f < TLK_ORDER_N_FIELDS; f++)
        if (g_strcmp0 (l->data, tlk_order_field_name (f)) == 0)
          break;
      if (f == TLK_ORDER_N_FIELDS)
        {
          g_autofree char *message = g_strdup_printf ("Order %u: unknown member “%s”.", line, (char *) l->data);

          tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (member))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        {
          g_autofree char *message = g_strdup_printf ("Order %u: “%s” must be a string or null.", line,
                                                      (char *) l->data);

          tlk_server_reply_error (req, SOUP_STATUS_BAD_REQUEST, "malformed", message);
          return FALSE;
        }
      values[f] = json_node_get_string (member);
    }
  return TRUE;
}

typedef const char **ValueRows;

static void
value_rows_free (ValueRows *rows)
{
  for (guint i = 0; rows[i] != NULL; i++)
    g_free (rows[i]);
  g_free (rows);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ValueRows, value_rows_free)

void
tlk_server_orders_post (TlkServerRequest *req)
{
  TlkStore *store = tlk_server_get_store (req->server);
  JsonArray *orders = json_object_get_array_member (req->body, "orders");
  gboolean skip_bad = json_object_get_boolean_member_with_default (req->body, "skip_bad", FALSE);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(ValueRows) rows = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  guint n = json_array_get_length (orders);
  JsonObject *answer;
  JsonArray *list;
  JsonNode *root;

  if (!tlk_role_may_write (req->role, TLK_EVENT_ORDER_RECEIVED))
    {
      g_autofree char *message = g_strdup_printf ("A %s account may not place orders.", req->role);

      tlk_server_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", message);
      return;
    }

  rows = g_new0 (const char **, n + 1);
  for (guint i = 0; i < n; i++)
    {
      rows[i] = g_new0 (const char *, TLK_ORDER_N_FIELDS);
      if (!read_values (req, json_array_get_element (orders, i), i + 1, rows[i]))
        return;
    }
  drafts = tlk_store_check_orders (store, (const char *const **) rows, n, problems, &error);
  if (drafts == NULL)
    {
      tlk_server_reply_internal (req, error);
      return;
    }
  if (problems->len > 0 && !skip_bad)
    {
      g_autofree char *message = g_strdup_printf ("%u of %u orders have problems; nothing was written.",
                                                  tlk_order_problems_count_rows (problems), n);

      answer = json_object_new ();
      json_object_set_string_member (answer, "error", "invalid_orders");
      json_object_set_string_member (answer, "message", message);
      json_object_set_member (answer, "problems", tlk_order_problems_to_json (problems));
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, answer);
      tlk_server_reply (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, root);
      return;
    }

  added = tlk_store_add_orders (store, drafts, req->user, "order posted to the server", TRUE, &error);
  if (added == NULL)
    {
      tlk_server_reply_internal (req, error);
      return;
    }
  answer = json_object_new ();
  json_object_set_int_member (answer, "rows", n);
  list = json_array_new ();
  for (guint i = 0; i < added->len; i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "line", ((TlkOrderDraft *) g_ptr_array_index (drafts, i))->line);
      json_object_set_string_member (o, "order", g_ptr_array_index (added, i));
      json_array_add_object_element (list, o);
    }
  json_object_set_array_member (answer, "added", list);
  json_object_set_member (answer, "problems", tlk_order_problems_to_json (problems));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, answer);
  tlk_server_reply (req, SOUP_STATUS_OK, root);
}
