/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-terms.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "tlk-entities.h"

static const struct
{
  const char *field;
  const char *words;
  gboolean    addon;
} items[TLK_PRICE_N_ITEMS] = {
  [TLK_PRICE_DELIVERY] = { "delivery", N_("Delivery and installation"), FALSE },
  [TLK_PRICE_PICKUP] = { "pickup", N_("Pickup"), FALSE },
  [TLK_PRICE_SWAP] = { "swap", N_("Device swap"), FALSE },
  [TLK_PRICE_SERVICE] = { "service", N_("Service visit"), FALSE },
  [TLK_PRICE_URGENT] = { "urgent", N_("Add-on: urgent delivery"), TRUE },
  [TLK_PRICE_FAILED_VISIT] = { "failed_visit", N_("Add-on: failed visit"), TRUE },
};

const char *
tlk_price_item_to_string (TlkPriceItem item)
{
  g_return_val_if_fail ((int) item >= 0 && item < TLK_PRICE_N_ITEMS, NULL);
  return items[item].field;
}

const char *
tlk_price_item_describe (TlkPriceItem item)
{
  g_return_val_if_fail ((int) item >= 0 && item < TLK_PRICE_N_ITEMS, NULL);
  return _(items[item].words);
}

gboolean
tlk_price_item_is_addon (TlkPriceItem item)
{
  g_return_val_if_fail ((int) item >= 0 && item < TLK_PRICE_N_ITEMS, FALSE);
  return items[item].addon;
}

TlkTerms *
tlk_terms_new (const char *from)
{
  TlkTerms *terms = g_new0 (TlkTerms, 1);

  terms->from = g_strdup (from);
  terms->kit_day = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return terms;
}

void
tlk_terms_free (TlkTerms *terms)
{
  if (terms == NULL)
    return;
  g_free (terms->from);
  g_clear_pointer (&terms->kit_day, g_hash_table_unref);
  g_free (terms);
}

gint64
tlk_terms_kit_day_price (const TlkTerms *terms,
                         const char     *kit_type)
{
  const gint64 *ore;

  g_return_val_if_fail (terms != NULL, 0);
  ore = kit_type ? g_hash_table_lookup (terms->kit_day, kit_type) : NULL;
  return ore ? *ore : 0;
}

void
tlk_terms_set_kit_day_price (TlkTerms   *terms,
                             const char *kit_type,
                             gint64      ore)
{
  g_return_if_fail (terms != NULL);
  g_return_if_fail (kit_type != NULL);
  g_hash_table_replace (terms->kit_day, g_strdup (kit_type), g_memdup2 (&ore, sizeof ore));
}

static int
int_member (JsonObject *obj,
            const char *name)
{
  return json_object_has_member (obj, name) ? (int) json_object_get_int_member (obj, name) : 0;
}

TlkTerms *
tlk_terms_from_json (JsonObject *payload)
{
  TlkTerms *terms;

  g_return_val_if_fail (payload != NULL, NULL);

  terms = tlk_terms_new (json_object_get_string_member_with_default (payload, "from", ""));
  terms->install_days = int_member (payload, "install_days");
  terms->pickup_days = int_member (payload, "pickup_days");
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    if (json_object_has_member (payload, items[i].field))
      terms->price[i] = json_object_get_int_member (payload, items[i].field);
  if (json_object_has_member (payload, "kit_day"))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, json_object_get_object_member (payload, "kit_day"));
      while (json_object_iter_next (&iter, &key, &value))
        tlk_terms_set_kit_day_price (terms, key, json_node_get_int (value));
    }
  return terms;
}

JsonObject *
tlk_terms_to_json (const TlkTerms *terms)
{
  JsonObject *obj = json_object_new ();
  JsonObject *kit_day = json_object_new ();
  g_autoptr(GList) keys = NULL;

  g_return_val_if_fail (terms != NULL, obj);

  json_object_set_string_member (obj, "from", terms->from);
  json_object_set_int_member (obj, "install_days", terms->install_days);
  json_object_set_int_member (obj, "pickup_days", terms->pickup_days);
  /* Sorted, so the same terms always read the same. */
  keys = g_list_sort (g_hash_table_get_keys (terms->kit_day), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_int_member (kit_day, l->data, tlk_terms_kit_day_price (terms, l->data));
  json_object_set_object_member (obj, "kit_day", kit_day);
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    json_object_set_int_member (obj, items[i].field, terms->price[i]);
  return obj;
}

TlkTerms *
tlk_customer_terms_for_month (const TlkCustomer *customer,
                              const char        *month)
{
  JsonObject *best = NULL;

  g_return_val_if_fail (customer != NULL, NULL);
  g_return_val_if_fail (month != NULL, NULL);

  /* The list is kept in month order. */
  for (guint i = 0; customer->terms != NULL && i < json_array_get_length (customer->terms); i++)
    {
      JsonObject *t = json_array_get_object_element (customer->terms, i);
      if (strcmp (json_object_get_string_member_with_default (t, "from", ""), month) > 0)
        break;
      best = t;
    }
  return best ? tlk_terms_from_json (best) : NULL;
}

void
tlk_customer_set_terms (TlkCustomer *customer,
                        JsonObject  *payload)
{
  const char *from = json_object_get_string_member_with_default (payload, "from", "");
  g_autoptr(JsonArray) sorted = json_array_new ();
  gboolean placed = FALSE;

  g_return_if_fail (customer != NULL);

  for (guint i = 0; customer->terms != NULL && i < json_array_get_length (customer->terms); i++)
    {
      JsonObject *t = json_array_get_object_element (customer->terms, i);
      int cmp = strcmp (json_object_get_string_member_with_default (t, "from", ""), from);

      if (cmp >= 0 && !placed)
        {
          json_array_add_object_element (sorted, json_object_ref (payload));
          placed = TRUE;
        }
      if (cmp != 0)
        json_array_add_object_element (sorted, json_object_ref (t));
    }
  if (!placed)
    json_array_add_object_element (sorted, json_object_ref (payload));
  g_clear_pointer (&customer->terms, json_array_unref);
  customer->terms = g_steal_pointer (&sorted);
}

char *
tlk_ore_format (gint64 ore)
{
  GString *out = g_string_new (ore < 0 ? "-" : "");
  /* Unsigned negation: -G_MININT64 does not fit a gint64. */
  guint64 abs_ore = ore < 0 ? 0 - (guint64) ore : (guint64) ore;
  g_autofree char *kroner = g_strdup_printf ("%" G_GUINT64_FORMAT, abs_ore / 100);
  gsize len = strlen (kroner);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, kroner[i]);
    }
  g_string_append_printf (out, ",%02u", (unsigned) (abs_ore % 100));
  return g_string_free (out, FALSE);
}

gboolean
tlk_ore_parse (const char *text,
               gint64     *ore)
{
  g_autofree char *s = NULL;
  const char *comma, *dot;
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *decimal = NULL;
  gint64 kroner = 0, cents = 0;
  gboolean grouped = FALSE;

  g_return_val_if_fail (ore != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (*s == '\0')
    return FALSE;
  comma = strchr (s, ',');
  dot = strrchr (s, '.');
  /* With a comma, the comma is the decimal mark and dots group thousands;
   * without one, a dot followed by one or two digits is the decimal mark. */
  if (comma != NULL)
    decimal = comma;
  else if (dot != NULL && strlen (dot + 1) <= 2 && strchr (s, '.') == dot)
    decimal = dot;

  for (const char *p = s; *p && p != decimal; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '.' && decimal != dot)
        {
          /* A thousands dot is followed by exactly three digits, and the
           * first one follows one to three ("1.234", not ".234" or
           * "1234.567"). */
          if (strspn (p + 1, "0123456789") != 3)
            return FALSE;
          if (!grouped && (digits->len == 0 || digits->len > 3))
            return FALSE;
          grouped = TRUE;
        }
      else
        return FALSE;
    }
  if (digits->len == 0 || digits->len > 12)
    return FALSE;
  kroner = g_ascii_strtoll (digits->str, NULL, 10);
  if (decimal != NULL)
    {
      const char *d = decimal + 1;
      gsize n = strlen (d);

      if (n == 0 || n > 2 || strspn (d, "0123456789") != n)
        return FALSE;
      cents = g_ascii_strtoll (d, NULL, 10) * (n == 1 ? 10 : 1);
    }
  *ore = kroner * 100 + cents;
  return TRUE;
}
