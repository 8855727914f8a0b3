/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-order-import.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "tlk-csv.h"

G_DEFINE_QUARK (tlk-order-error-quark, tlk_order_error)

#define NAME_MAX_CHARS 200

static const char *const field_names[TLK_ORDER_N_FIELDS] = {
  "customer", "case_ref", "kit_type", "requested_date", "priority", "notes",
  "name", "address", "phone", "access_notes",
};

/* What customers' spreadsheets call the columns, folded (lower case,
 * "_" as space). The first of each is the one our template uses. */
static const char *const headers[TLK_ORDER_N_FIELDS][7] = {
  { "kunde", "customer", "bestiller", NULL },
  { "sagsnummer", "case ref", "sagsnr", "sagsnr.", "sagsreference", "reference", NULL },
  { "pakketype", "kit type", "kittype", "pakke", NULL },
  { "ønsket dato", "requested date", "dato", "leveringsdato", "ønsket leveringsdato", NULL },
  { "prioritet", "priority", NULL },
  { "bemærkning", "notes", "bemærkninger", "note", NULL },
  { "navn", "name", "borgerens navn", "borger", NULL },
  { "adresse", "address", NULL },
  { "telefon", "phone", "tlf", "tlf.", "telefonnummer", NULL },
  { "adgang", "access notes", "adgangsforhold", "nøgle", NULL },
};

/* The columns of our template, for messages. */
static const char *const template_headers[TLK_ORDER_N_FIELDS] = {
  "Kunde", "Sagsnummer", "Pakketype", "Ønsket dato", "Prioritet", "Bemærkning", "Navn", "Adresse", "Telefon", "Adgang",
};

static const gboolean required[TLK_ORDER_N_FIELDS] = {
  [TLK_ORDER_FIELD_CUSTOMER] = TRUE,
  [TLK_ORDER_FIELD_CASE_REF] = TRUE,
  [TLK_ORDER_FIELD_KIT_TYPE] = TRUE,
  [TLK_ORDER_FIELD_REQUESTED_DATE] = TRUE,
  [TLK_ORDER_FIELD_NAME] = TRUE,
  [TLK_ORDER_FIELD_ADDRESS] = TRUE,
};

const char *
tlk_order_field_name (TlkOrderField field)
{
  g_return_val_if_fail (field < TLK_ORDER_N_FIELDS, NULL);
  return field_names[field];
}

int
tlk_order_field_from_header (const char *header)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (header != NULL, -1);

  trimmed = g_strstrip (g_strdup (header));
  folded = g_utf8_strdown (trimmed, -1);
  g_strdelimit (folded, "_", ' ');
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    for (guint i = 0; headers[f][i] != NULL; i++)
      if (strcmp (folded, headers[f][i]) == 0)
        return f;
  return -1;
}

void
tlk_order_problem_free (TlkOrderProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
tlk_order_draft_free (TlkOrderDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->customer);
  g_free (draft->case_ref);
  g_free (draft->kit_type);
  g_free (draft->requested_date);
  g_free (draft->priority);
  g_free (draft->notes);
  g_free (draft->name);
  g_free (draft->address);
  g_free (draft->phone);
  g_free (draft->access_notes);
  g_free (draft);
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *column,
             char       *message)
{
  TlkOrderProblem *problem = g_new0 (TlkOrderProblem, 1);

  problem->line = line;
  problem->column = g_strdup (column);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return strcmp (fa, fb) == 0;
}

/* A customer by id, EAN/GLN or name. */
static const TlkCustomer *
find_customer (GPtrArray  *customers,
               const char *text)
{
  for (guint i = 0; i < customers->len; i++)
    {
      const TlkCustomer *c = g_ptr_array_index (customers, i);

      if (g_strcmp0 (c->id, text) == 0 || g_strcmp0 (c->ean, text) == 0 || same_text (c->name, text))
        return c;
    }
  return NULL;
}

static const TlkKitType *
find_kit_type (GPtrArray  *kit_types,
               const char *text)
{
  for (guint i = 0; i < kit_types->len; i++)
    {
      const TlkKitType *t = g_ptr_array_index (kit_types, i);

      if (g_strcmp0 (t->id, text) == 0 || same_text (t->name, text))
        return t;
    }
  return NULL;
}

char *
tlk_date_parse_danish (const char *text)
{
  const char *sep;
  g_auto(GStrv) parts = NULL;
  int n[3];
  int day, month, year;

  g_return_val_if_fail (text != NULL, NULL);

  sep = text + strspn (text, "0123456789");
  if (*sep != '-' && *sep != '.' && *sep != '/')
    return NULL;
  parts = g_strsplit (text, (char[]) { *sep, '\0' }, -1);
  if (g_strv_length (parts) != 3)
    return NULL;
  for (guint i = 0; i < 3; i++)
    {
      gsize len = strlen (parts[i]);

      if (len < 1 || len > 4 || strspn (parts[i], "0123456789") != len)
        return NULL;
      n[i] = atoi (parts[i]);
    }
  if (strlen (parts[0]) == 4 && *sep == '-')
    day = n[2], month = n[1], year = n[0];
  else
    day = n[0], month = n[1], year = n[2];
  if (year < 2000 || year > 2999 || day > 31 || month > 12 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static gboolean
phone_is_valid (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != ' ' && *p != '+' && *p != '-' && *p != '(' && *p != ')')
        return FALSE;
    }
  return digits >= 8 && digits <= 15 && (text[0] != '+' || strchr (text + 1, '+') == NULL);
}

static char *
priority_from_text (const char *text)
{
  static const char *const normal[] = { "normal", "almindelig", NULL };
  static const char *const urgent[] = { "urgent", "haster", "akut", "hast", NULL };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  if (*text == '\0' || g_strv_contains (normal, folded))
    return g_strdup ("normal");
  if (g_strv_contains (urgent, folded))
    return g_strdup ("urgent");
  return NULL;
}

/* A copy of @text with the spaces around it gone; NULL when that leaves
 * nothing. */
static char *
clean (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

TlkOrderDraft *
tlk_order_draft_check (const char *const *values,
                       const char *const *columns,
                       guint              line,
                       GPtrArray         *customers,
                       GPtrArray         *kit_types,
                       GPtrArray         *problems)
{
  g_autoptr(TlkOrderDraft) draft = g_new0 (TlkOrderDraft, 1);
  char *v[TLK_ORDER_N_FIELDS] = { NULL };
  guint before;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (customers != NULL && kit_types != NULL && problems != NULL, NULL);

  before = problems->len;
  draft->line = line;
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    {
      const char *column = columns != NULL && columns[f] != NULL ? columns[f] : field_names[f];
      g_autoptr(GError) error = NULL;

      v[f] = clean (values[f]);
      if (v[f] == NULL)
        {
          if (required[f])
            add_problem (problems, line, column, g_strdup_printf (_("“%s” must be filled in."), column));
          continue;
        }
      /* A CPR number has no place in any field (DESIGN §5). */
      if (!g_utf8_validate (v[f], -1, NULL) || !tlk_text_check_free (column, v[f], &error))
        {
          add_problem (problems, line, column,
                       error ? g_strdup (error->message) : g_strdup_printf (_("“%s” is not valid text."), column));
          g_clear_pointer (&v[f], g_free);
          continue;
        }

      switch ((TlkOrderField) f)
        {
        case TLK_ORDER_FIELD_CUSTOMER:
          {
            const TlkCustomer *c = find_customer (customers, v[f]);

            if (c == NULL)
              add_problem (problems, line, column,
                           g_strdup_printf (_("The customer “%s” is not registered; write its name or EAN number."),
                                            v[f]));
            else
              draft->customer = g_strdup (c->id);
          }
          break;
        case TLK_ORDER_FIELD_KIT_TYPE:
          {
            const TlkKitType *t = find_kit_type (kit_types, v[f]);

            if (t == NULL)
              add_problem (problems, line, column, g_strdup_printf (_("The kit type “%s” is not known."), v[f]));
            else
              draft->kit_type = g_strdup (t->id);
          }
          break;
        case TLK_ORDER_FIELD_REQUESTED_DATE:
          draft->requested_date = tlk_date_parse_danish (v[f]);
          if (draft->requested_date == NULL)
            add_problem (problems, line, column,
                         g_strdup_printf (_("“%s” is not a date; write it like 24-12-2026."), v[f]));
          break;
        case TLK_ORDER_FIELD_PRIORITY:
          draft->priority = priority_from_text (v[f]);
          if (draft->priority == NULL)
            add_problem (problems, line, column,
                         g_strdup_printf (_("The priority “%s” is not known; write “normal” or “haster”."), v[f]));
          break;
        case TLK_ORDER_FIELD_PHONE:
          if (!phone_is_valid (v[f]))
            add_problem (problems, line, column,
                         g_strdup_printf (_("“%s” is not a phone number; write 8 digits, with +45 if you like."),
                                          v[f]));
          else
            draft->phone = g_strdup (v[f]);
          break;
        case TLK_ORDER_FIELD_CASE_REF:
        case TLK_ORDER_FIELD_NAME:
          if (g_utf8_strlen (v[f], -1) > NAME_MAX_CHARS)
            add_problem (problems, line, column,
                         g_strdup_printf (_("“%s” is too long (at most %d characters)."), column, NAME_MAX_CHARS));
          else if (f == TLK_ORDER_FIELD_CASE_REF)
            draft->case_ref = g_strdup (v[f]);
          else
            draft->name = g_strdup (v[f]);
          break;
        case TLK_ORDER_FIELD_NOTES:
          draft->notes = g_strdup (v[f]);
          break;
        case TLK_ORDER_FIELD_ADDRESS:
          draft->address = g_strdup (v[f]);
          break;
        case TLK_ORDER_FIELD_ACCESS_NOTES:
          draft->access_notes = g_strdup (v[f]);
          break;
        case TLK_ORDER_N_FIELDS:
        default:
          g_assert_not_reached ();
        }
    }
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    g_free (v[f]);
  if (draft->priority == NULL && problems->len == before)
    draft->priority = g_strdup ("normal");
  return problems->len == before ? g_steal_pointer (&draft) : NULL;
}

GPtrArray *
tlk_order_read_csv (const char *data,
                    gsize       length,
                    GPtrArray  *customers,
                    GPtrArray  *kit_types,
                    GPtrArray  *problems,
                    guint      *n_rows,
                    char      **case_ref_column,
                    GError    **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_draft_free);
  const char *columns[TLK_ORDER_N_FIELDS] = { NULL };
  int index_of[TLK_ORDER_N_FIELDS];
  TlkCsvRecord *header;
  guint n_columns;

  g_return_val_if_fail (customers != NULL && kit_types != NULL && problems != NULL, NULL);

  records = tlk_csv_read (data, length, error);
  if (records == NULL)
    return NULL;
  header = g_ptr_array_index (records, 0);
  /* Excel adds empty columns at the end when cells right of the table
   * were ever touched. */
  n_columns = g_strv_length (header->fields);
  while (n_columns > 0 && *g_strstrip (header->fields[n_columns - 1]) == '\0')
    n_columns--;
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    index_of[f] = -1;
  for (guint i = 0; i < n_columns; i++)
    {
      int f = tlk_order_field_from_header (header->fields[i]);

      if (f < 0)
        {
          g_set_error (error, TLK_ORDER_ERROR, TLK_ORDER_ERROR_COLUMNS,
                       _("Line %u: the column “%s” is not known. The columns are: %s."), header->line,
                       header->fields[i],
                       "Kunde; Sagsnummer; Pakketype; Ønsket dato; Prioritet; Bemærkning; Navn; Adresse; Telefon; Adgang");
          return NULL;
        }
      if (index_of[f] >= 0)
        {
          g_set_error (error, TLK_ORDER_ERROR, TLK_ORDER_ERROR_COLUMNS,
                       _("Line %u: the columns “%s” and “%s” say the same."), header->line,
                       header->fields[index_of[f]], header->fields[i]);
          return NULL;
        }
      index_of[f] = (int) i;
      columns[f] = header->fields[i];
    }
  for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
    if (required[f] && index_of[f] < 0)
      {
        g_set_error (error, TLK_ORDER_ERROR, TLK_ORDER_ERROR_COLUMNS,
                     _("Line %u: the column “%s” is missing."), header->line, template_headers[f]);
        return NULL;
      }

  for (guint r = 1; r < records->len; r++)
    {
      TlkCsvRecord *record = g_ptr_array_index (records, r);
      guint n = g_strv_length (record->fields);
      const char *values[TLK_ORDER_N_FIELDS] = { NULL };
      TlkOrderDraft *draft;

      while (n > n_columns && *record->fields[n - 1] == '\0')
        n--;
      if (n > n_columns)
        {
          add_problem (problems, record->line, NULL,
                       g_strdup_printf (_("The row has %u fields but the header %u; is there a separator too many?"),
                                        n, n_columns));
          continue;
        }
      for (int f = 0; f < TLK_ORDER_N_FIELDS; f++)
        values[f] = index_of[f] >= 0 && (guint) index_of[f] < n ? record->fields[index_of[f]] : NULL;
      draft = tlk_order_draft_check (values, columns, record->line, customers, kit_types, problems);
      if (draft != NULL)
        g_ptr_array_add (drafts, draft);
    }
  tlk_order_drop_repeats (drafts, problems, columns[TLK_ORDER_FIELD_CASE_REF]);
  if (n_rows != NULL)
    *n_rows = records->len - 1;
  if (case_ref_column != NULL)
    *case_ref_column = g_strdup (columns[TLK_ORDER_FIELD_CASE_REF]);
  return g_steal_pointer (&drafts);
}

void
tlk_order_drop_repeats (GPtrArray  *drafts,
                        GPtrArray  *problems,
                        const char *column)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (drafts != NULL && problems != NULL);

  for (guint i = 0; i < drafts->len;)
    {
      TlkOrderDraft *d = g_ptr_array_index (drafts, i);
      char *key = g_strconcat (d->customer, "\n", d->case_ref, NULL);
      gpointer first = NULL;

      if (g_hash_table_lookup_extended (seen, key, NULL, &first))
        {
          add_problem (problems, d->line, column,
                       g_strdup_printf (_("The case reference “%s” of this customer is already on line %u."),
                                        d->case_ref, GPOINTER_TO_UINT (first)));
          g_free (key);
          g_ptr_array_remove_index (drafts, i);
          continue;
        }
      g_hash_table_insert (seen, key, GUINT_TO_POINTER (d->line));
      i++;
    }
}

TlkEvent *
tlk_order_draft_to_event (const TlkOrderDraft *draft,
                          const char          *order_id,
                          const char          *citizen_id,
                          const char          *actor)
{
  TlkEvent *event;

  g_return_val_if_fail (draft != NULL && order_id != NULL && citizen_id != NULL && actor != NULL, NULL);

  event = tlk_event_new (TLK_EVENT_ORDER_RECEIVED, order_id, actor);
  tlk_event_set_string (event, "customer", draft->customer);
  tlk_event_set_string (event, "case_ref", draft->case_ref);
  tlk_event_set_string (event, "kit_type", draft->kit_type);
  tlk_event_set_string (event, "citizen", citizen_id);
  tlk_event_set_string (event, "requested_date", draft->requested_date);
  tlk_event_set_string (event, "priority", draft->priority);
  if (draft->notes != NULL)
    tlk_event_set_string (event, "notes", draft->notes);
  return event;
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const TlkOrderProblem *pa = *(TlkOrderProblem *const *) a;
  const TlkOrderProblem *pb = *(TlkOrderProblem *const *) b;

  return pa->line < pb->line ? -1 : pa->line > pb->line;
}

void
tlk_order_problems_sort (GPtrArray *problems)
{
  g_return_if_fail (problems != NULL);
  /* Stable: a row's problems stay in the order they were found. */
  g_ptr_array_sort (problems, compare_problems);
}

guint
tlk_order_problems_count_rows (GPtrArray *problems)
{
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (problems != NULL, 0);

  for (guint i = 0; i < problems->len; i++)
    g_hash_table_add (lines, GUINT_TO_POINTER (((TlkOrderProblem *) g_ptr_array_index (problems, i))->line));
  return g_hash_table_size (lines);
}

JsonNode *
tlk_order_problems_to_json (GPtrArray *problems)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      TlkOrderProblem *p = g_ptr_array_index (problems, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "line", p->line);
      if (p->column != NULL)
        json_object_set_string_member (o, "field", p->column);
      else
        json_object_set_null_member (o, "field");
      json_object_set_string_member (o, "message", p->message);
      json_array_add_object_element (array, o);
    }
  json_node_take_array (node, array);
  return node;
}
