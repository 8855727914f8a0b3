/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-world.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tlk-code.h"
#include "tlk-calendar.h"
#include "tlk-dashboard.h"
#include "tlk-terms.h"

#define N_KINDS (TLK_SUBJECT_STOP + 1)

struct _TlkWorld
{
  const TlkWorldBackend *backend;
  gpointer               user_data;
  GHashTable            *records[N_KINDS];  /* id → record */
  GHashTable            *dirty[N_KINDS];    /* set of ids */
  GHashTable            *serials;           /* "model\x1fserial" → id, learnt by this world */
  GHashTable            *gtins;             /* gtin → model id, learnt by this world */
  GHashTable            *ready_flow;        /* "day\x1fkit type" → change in ready kits (GINT_TO_POINTER) */
  GHashTable            *sla_done;          /* "month\x1fcustomer\x1ftask" → int[2]: done, late */
};

static GDestroyNotify record_free[N_KINDS] = {
  [TLK_SUBJECT_CUSTOMER] = (GDestroyNotify) tlk_customer_free,
  [TLK_SUBJECT_LOCATION] = (GDestroyNotify) tlk_location_free,
  [TLK_SUBJECT_MODEL] = (GDestroyNotify) tlk_device_model_free,
  [TLK_SUBJECT_KIT_TYPE] = (GDestroyNotify) tlk_kit_type_free,
  [TLK_SUBJECT_USER] = (GDestroyNotify) tlk_user_free,
  [TLK_SUBJECT_DEVICE] = (GDestroyNotify) tlk_device_free,
  [TLK_SUBJECT_KIT] = (GDestroyNotify) tlk_kit_free,
  [TLK_SUBJECT_ORDER] = (GDestroyNotify) tlk_order_free,
  [TLK_SUBJECT_STOP] = (GDestroyNotify) tlk_stop_free,
};

TlkWorld *
tlk_world_new (const TlkWorldBackend *backend,
               gpointer               user_data)
{
  TlkWorld *world = g_new0 (TlkWorld, 1);

  world->backend = backend;
  world->user_data = user_data;
  for (int i = 0; i < N_KINDS; i++)
    {
      world->records[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, record_free[i]);
      world->dirty[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  world->serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  world->gtins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  world->ready_flow = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->sla_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return world;
}

void
tlk_world_free (TlkWorld *world)
{
  if (world == NULL)
    return;
  for (int i = 0; i < N_KINDS; i++)
    {
      g_clear_pointer (&world->records[i], g_hash_table_unref);
      g_clear_pointer (&world->dirty[i], g_hash_table_unref);
    }
  g_clear_pointer (&world->serials, g_hash_table_unref);
  g_clear_pointer (&world->gtins, g_hash_table_unref);
  g_clear_pointer (&world->ready_flow, g_hash_table_unref);
  g_clear_pointer (&world->sla_done, g_hash_table_unref);
  g_free (world);
}

static gpointer
lookup (TlkWorld      *world,
        TlkSubjectKind kind,
        const char    *id)
{
  gpointer record;

  if (id == NULL)
    return NULL;
  record = g_hash_table_lookup (world->records[kind], id);
  if (record == NULL && world->backend != NULL)
    {
      record = world->backend->load (world->user_data, kind, id);
      if (record != NULL)
        g_hash_table_insert (world->records[kind], g_strdup (id), record);
    }
  return record;
}

/* Takes @record, replacing a cached one with the same id. */
static void
put (TlkWorld      *world,
     TlkSubjectKind kind,
     const char    *id,
     gpointer       record)
{
  g_hash_table_replace (world->records[kind], g_strdup (id), record);
  g_hash_table_add (world->dirty[kind], g_strdup (id));
}

static void
touch (TlkWorld      *world,
       TlkSubjectKind kind,
       const char    *id)
{
  g_hash_table_add (world->dirty[kind], g_strdup (id));
}

TlkCustomer *tlk_world_customer (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_CUSTOMER, id); }
TlkLocation *tlk_world_location (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_LOCATION, id); }
TlkDeviceModel *tlk_world_model (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_MODEL, id); }
TlkKitType *tlk_world_kit_type (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_KIT_TYPE, id); }
TlkUser *tlk_world_user (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_USER, id); }
TlkDevice *tlk_world_device (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_DEVICE, id); }
TlkKit *tlk_world_kit (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_KIT, id); }
TlkOrder *tlk_world_order (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_ORDER, id); }
TlkStop *tlk_world_stop (TlkWorld *w, const char *id) { return lookup (w, TLK_SUBJECT_STOP, id); }

GPtrArray *
tlk_world_dirty (TlkWorld      *world,
                 TlkSubjectKind kind)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (world != NULL, out);

  g_hash_table_iter_init (&iter, world->dirty[kind]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gpointer record = g_hash_table_lookup (world->records[kind], key);
      if (record != NULL)
        g_ptr_array_add (out, record);
    }
  return out;
}

void
tlk_world_clear_dirty (TlkWorld *world)
{
  g_return_if_fail (world != NULL);
  for (int i = 0; i < N_KINDS; i++)
    g_hash_table_remove_all (world->dirty[i]);
  g_hash_table_remove_all (world->ready_flow);
  g_hash_table_remove_all (world->sla_done);
}

GHashTable *
tlk_world_sla_done (TlkWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);
  return world->sla_done;
}

GHashTable *
tlk_world_ready_flow (TlkWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);
  return world->ready_flow;
}


GHashTable *
tlk_world_records (TlkWorld      *world,
                   TlkSubjectKind kind)
{
  g_return_val_if_fail (world != NULL, NULL);
  return world->records[kind];
}

static char *
serial_key (const char *model,
            const char *serial)
{
  return g_strconcat (model, "\x1f", serial, NULL);
}

static char *
find_serial (TlkWorld   *world,
             const char *model,
             const char *serial)
{
  g_autofree char *key = serial_key (model, serial);
  const char *id = g_hash_table_lookup (world->serials, key);

  if (id != NULL)
    return g_strdup (id);
  if (world->backend != NULL && world->backend->find_serial != NULL)
    return world->backend->find_serial (world->user_data, model, serial);
  return NULL;
}

TlkDevice *
tlk_world_device_by_serial (TlkWorld   *world,
                            const char *model,
                            const char *serial)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (model != NULL && serial != NULL, NULL);

  id = find_serial (world, model, serial);
  return id ? tlk_world_device (world, id) : NULL;
}

TlkDeviceModel *
tlk_world_model_by_gtin (TlkWorld   *world,
                         const char *gtin)
{
  const char *id;
  g_autofree char *loaded = NULL;

  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (gtin != NULL, NULL);

  id = g_hash_table_lookup (world->gtins, gtin);
  if (id == NULL && world->backend != NULL && world->backend->find_gtin != NULL)
    id = loaded = world->backend->find_gtin (world->user_data, gtin);
  return id ? tlk_world_model (world, id) : NULL;
}

static void
learn_gtin (TlkWorld   *world,
            const char *gtin,
            const char *model)
{
  if (gtin != NULL)
    g_hash_table_replace (world->gtins, g_strdup (gtin), g_strdup (model));
}

/* ---- helpers for the rules ---------------------------------------------- */

/* @what_fmt is always a literal at the call sites; it takes the grouped code. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static gboolean
not_found (GError    **error,
           const char *what_fmt,
           const char *id)
{
  g_autofree char *s = tlk_code_display (id);

  g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, what_fmt, s);
  return FALSE;
}
#pragma GCC diagnostic pop

static void
set_str (char      **field,
         const char *value)
{
  if (*field == value)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* Every change of a kit's state goes through here: it keeps when the kit
 * entered the state and, per Danish day and kit type, how many kits became
 * ready or stopped being ready (the dashboard's stock over time). */
static void
set_kit_state (TlkWorld       *world,
               TlkKit         *kit,
               TlkKitState     to,
               const TlkEvent *event)
{
  int delta = (to == TLK_KIT_READY) - (kit->state == TLK_KIT_READY);

  if (kit->state != to)
    set_str (&kit->since, event->occurred_at);
  if (delta != 0)
    {
      g_autofree char *day = tlk_calendar_danish_date (event->occurred_at);
      char *key = g_strconcat (day ? day : "", "\x1f", kit->kit_type, NULL);
      int sum = GPOINTER_TO_INT (g_hash_table_lookup (world->ready_flow, key)) + delta;

      g_hash_table_replace (world->ready_flow, key, GINT_TO_POINTER (sum));
    }
  kit->state = to;
}

/* The due date of an order's task started at @at (tlk-dashboard.h): the
 * target of the customer's terms in force in that month, as known now. */
static char *
sla_due (TlkWorld       *world,
         const TlkOrder *order,
         TlkSlaTask      task,
         const char     *at,
         const char     *asked_for)
{
  TlkCustomer *customer = tlk_world_customer (world, order->customer);
  g_autofree char *start = tlk_calendar_danish_date (at);
  g_autofree char *month = start ? g_strndup (start, 7) : NULL;
  g_autoptr(TlkTerms) terms = customer && month ? tlk_customer_terms_for_month (customer, month) : NULL;
  int target = terms == NULL ? 0 : task == TLK_SLA_INSTALL ? terms->install_days : terms->pickup_days;

  return tlk_sla_due (start, target, asked_for);
}

/* A task of @order done at @at: 1 when past @due, 0 in time, -1 without a
 * due date. Counted per Danish month, customer and task for the SLA
 * adherence. */
static int
sla_done (TlkWorld       *world,
          const TlkOrder *order,
          TlkSlaTask      task,
          const char     *due,
          const char     *at)
{
  g_autofree char *done = tlk_calendar_danish_date (at);
  int late;
  char *key;
  int *counts;

  if (done == NULL)
    return -1;
  late = due == NULL ? -1 : tlk_sla_is_late (due, done);
  key = g_strdup_printf ("%.7s\x1f%s\x1f%s", done, order->customer, task == TLK_SLA_INSTALL ? "install" : "pickup");
  if ((counts = g_hash_table_lookup (world->sla_done, key)) == NULL)
    g_hash_table_insert (world->sla_done, key, counts = g_new0 (int, 2));
  else
    g_free (key);
  counts[0]++;
  counts[1] += late == 1;
  return late;
}

static void
strv_remove (GPtrArray  *array,
             const char *str)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), str) == 0)
      {
        g_ptr_array_remove_index (array, i);
        return;
      }
}

static char *
event_date (const TlkEvent *event)
{
  return g_strndup (event->occurred_at, 10);
}

static gboolean
kit_check (TlkWorld       *world,
           const TlkEvent *event,
           TlkKit         *kit,
           int            *to,
           GError        **error)
{
  return tlk_machine_check (TLK_MACHINE_KIT, event->type, NULL,
                            kit ? (int) kit->state : TLK_KIT_NONE,
                            kit ? (int) kit->held_from : TLK_KIT_NONE,
                            event->subject, to, error);
}

static gboolean
device_check (const TlkEvent *event,
              TlkDevice      *device,
              const char     *id,
              int            *to,
              GError        **error)
{
  return tlk_machine_check (TLK_MACHINE_DEVICE, event->type, NULL,
                            device ? (int) device->state : TLK_DEVICE_NONE, 0, id, to, error);
}

static gboolean
order_check (const TlkEvent *event,
             const char     *variant,
             TlkOrder       *order,
             const char     *id,
             int            *to,
             GError        **error)
{
  return tlk_machine_check (TLK_MACHINE_ORDER, event->type, variant,
                            order ? (int) order->state : TLK_ORDER_NONE, 0, id, to, error);
}

static gboolean
check_location (TlkWorld   *world,
                const char *id,
                GError    **error)
{
  if (id != NULL && tlk_world_location (world, id) == NULL)
    return not_found (error, _("The location %s is not registered."), id);
  return TRUE;
}

GArray *
tlk_world_kit_slot_fills (TlkWorld     *world,
                          const TlkKit *kit)
{
  GArray *fills = g_array_new (FALSE, TRUE, sizeof (TlkSlotFill));
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  TlkKitType *type;

  g_return_val_if_fail (world != NULL, fills);
  g_return_val_if_fail (kit != NULL, fills);

  type = tlk_world_kit_type (world, kit->kit_type);
  for (guint i = 0; type != NULL && i < type->slots->len; i++)
    {
      const TlkKitSlot *slot = g_ptr_array_index (type->slots, i);

      for (int n = 0; n < slot->count; n++)
        {
          TlkSlotFill fill = { slot->kind, NULL, NULL };

          /* The first device of the kind not yet placed, in the order added. */
          for (guint d = 0; d < kit->devices->len && fill.device == NULL; d++)
            {
              const char *id = g_ptr_array_index (kit->devices, d);
              TlkDevice *device = tlk_world_device (world, id);
              TlkDeviceModel *model = device ? tlk_world_model (world, device->model) : NULL;

              if (model != NULL && strcmp (model->kind, slot->kind) == 0 && g_hash_table_add (used, (gpointer) id))
                {
                  fill.device = device;
                  fill.model = model;
                }
            }
          g_array_append_val (fills, fill);
        }
    }
  return fills;
}

GPtrArray *
tlk_world_kit_problems (TlkWorld     *world,
                        const TlkKit *kit,
                        const char   *until)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();
  g_autoptr(GPtrArray) models = g_ptr_array_new ();
  TlkKitType *type;

  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (kit != NULL, NULL);

  type = tlk_world_kit_type (world, kit->kit_type);
  if (type == NULL)
    {
      GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_problem_free);
      TlkKitProblem *p = g_new0 (TlkKitProblem, 1);

      p->kind = TLK_KIT_PROBLEM_MISSING;
      p->message = g_strdup_printf (_("The kit type %s is not registered."), kit->kit_type);
      g_ptr_array_add (problems, p);
      return problems;
    }

  for (guint i = 0; i < kit->devices->len; i++)
    {
      TlkDevice *device = tlk_world_device (world, g_ptr_array_index (kit->devices, i));
      TlkDeviceModel *model = device ? tlk_world_model (world, device->model) : NULL;

      if (model == NULL)
        continue;
      g_ptr_array_add (devices, device);
      g_ptr_array_add (models, model);
    }
  return tlk_kit_check_complete (type, devices, models, until);
}

static gboolean
check_complete (TlkWorld   *world,
                TlkKit     *kit,
                const char *until,
                GError    **error)
{
  g_autoptr(GPtrArray) problems = tlk_world_kit_problems (world, kit, until);
  g_autoptr(GString) text = NULL;
  g_autofree char *s = NULL;

  if (problems->len == 0)
    return TRUE;

  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const TlkKitProblem *p = g_ptr_array_index (problems, i);
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, p->message);
    }
  s = tlk_code_display (kit->id);
  g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INCOMPLETE,
               _("Kit %s is not complete: %s"), s, text->str);
  return FALSE;
}

static int
count_kind_in_kit (TlkWorld   *world,
                   TlkKit     *kit,
                   const char *kind)
{
  int n = 0;

  for (guint i = 0; i < kit->devices->len; i++)
    {
      TlkDevice *d = tlk_world_device (world, g_ptr_array_index (kit->devices, i));
      TlkDeviceModel *m = d ? tlk_world_model (world, d->model) : NULL;
      if (m != NULL && strcmp (m->kind, kind) == 0)
        n++;
    }
  return n;
}

/* Every device of @list is in @kit — or, with @or_missing, already
 * recorded missing from it (a kit received after a pickup that found a
 * device gone). */
static gboolean
devices_in_kit (TlkWorld   *world,
                TlkKit     *kit,
                JsonArray  *list,
                gboolean    or_missing,
                GError    **error)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      const char *id = json_array_get_string_element (list, i);
      if (!tlk_kit_has_device (kit, id) && !(or_missing && tlk_strv_array_contains (kit->missing, id)))
        {
          g_autofree char *d = tlk_code_display (id);
          g_autofree char *k = tlk_code_display (kit->id);
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE,
                       _("Device %s is not in kit %s."), d, k);
          return FALSE;
        }
    }
  return TRUE;
}

static void
record_missing (TlkWorld  *world,
                TlkKit    *kit,
                JsonArray *list)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      const char *id = json_array_get_string_element (list, i);
      TlkDevice *device = tlk_world_device (world, id);

      if (tlk_strv_array_contains (kit->missing, id))
        continue;
      strv_remove (kit->devices, id);
      g_ptr_array_add (kit->missing, g_strdup (id));
      if (device != NULL)
        {
          device->state = TLK_DEVICE_LOST;
          g_clear_pointer (&device->kit, g_free);
          g_clear_pointer (&device->location, g_free);
          touch (world, TLK_SUBJECT_DEVICE, id);
        }
    }
}

/* ---- reference data ---------------------------------------------------- */

static gboolean
apply_reference (TlkWorld       *world,
                 const TlkEvent *event,
                 gboolean        commit,
                 GError        **error)
{
  const char *id = event->subject;

  switch (event->type)
    {
    case TLK_EVENT_CUSTOMER_DEFINED:
      if (commit)
        {
          TlkCustomer *old = tlk_world_customer (world, id);
          TlkCustomer *c = g_new0 (TlkCustomer, 1);
          c->id = g_strdup (id);
          c->name = g_strdup (tlk_event_get_string (event, "name"));
          c->kind = g_strdup (tlk_event_get_string (event, "kind"));
          c->ean = g_strdup (tlk_event_get_string (event, "ean"));
          /* Price lists survive a redefinition. */
          c->terms = old && old->terms ? json_array_ref (old->terms) : NULL;
          put (world, TLK_SUBJECT_CUSTOMER, id, c);
        }
      return TRUE;

    case TLK_EVENT_CUSTOMER_TERMS_SET:
      {
        TlkCustomer *c = tlk_world_customer (world, id);
        JsonObject *kit_day = json_object_has_member (event->payload, "kit_day")
                              ? json_object_get_object_member (event->payload, "kit_day") : NULL;
        g_autoptr(GList) types = kit_day ? json_object_get_members (kit_day) : NULL;

        if (c == NULL)
          return not_found (error, _("The customer %s is not registered."), id);
        for (GList *l = types; l != NULL; l = l->next)
          if (tlk_world_kit_type (world, l->data) == NULL)
            return not_found (error, _("The kit type %s is not registered."), l->data);
        if (commit)
          {
            tlk_customer_set_terms (c, event->payload);
            touch (world, TLK_SUBJECT_CUSTOMER, id);
          }
        return TRUE;
      }

    case TLK_EVENT_LOCATION_DEFINED:
      {
        const char *parent = tlk_event_get_string (event, "parent");

        if (g_strcmp0 (parent, id) == 0)
          return not_found (error, _("The location %s cannot be inside itself."), id);
        if (!check_location (world, parent, error))
          return FALSE;
        if (commit)
          {
            TlkLocation *l = g_new0 (TlkLocation, 1);
            l->id = g_strdup (id);
            l->name = g_strdup (tlk_event_get_string (event, "name"));
            l->kind = g_strdup (tlk_event_get_string (event, "kind"));
            l->parent = g_strdup (parent);
            put (world, TLK_SUBJECT_LOCATION, id, l);
          }
        return TRUE;
      }

    case TLK_EVENT_MODEL_DEFINED:
      {
        const char *gtin = tlk_event_get_string (event, "gtin");
        TlkDeviceModel *other = gtin ? tlk_world_model_by_gtin (world, gtin) : NULL;
        TlkDeviceModel *old = tlk_world_model (world, id);

        if (other != NULL && strcmp (other->id, id) != 0)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS,
                         _("The barcode number %s already belongs to the model %s %s."),
                         gtin, other->manufacturer, other->name);
            return FALSE;
          }
        if (commit)
        {
          TlkDeviceModel *m = tlk_device_model_new (id);
          m->manufacturer = g_strdup (tlk_event_get_string (event, "manufacturer"));
          m->name = g_strdup (tlk_event_get_string (event, "name"));
          m->kind = g_strdup (tlk_event_get_string (event, "kind"));
          m->gtin = g_strdup (tlk_event_get_string (event, "gtin"));
          m->by_quantity = g_strcmp0 (tlk_event_get_string (event, "tracking"), "quantity") == 0;
          m->calibration_months = (int) tlk_event_get_int (event, "calibration_months");
          m->shelf_life_months = (int) tlk_event_get_int (event, "shelf_life_months");
          /* GTINs learnt at goods-in survive a redefinition. */
          for (guint i = 0; old != NULL && i < old->gtins->len; i++)
            g_ptr_array_add (m->gtins, g_strdup (g_ptr_array_index (old->gtins, i)));
          learn_gtin (world, gtin, id);
          put (world, TLK_SUBJECT_MODEL, id, m);
        }
        return TRUE;
      }

    case TLK_EVENT_MODEL_GTIN_ADDED:
      {
        const char *gtin = tlk_event_get_string (event, "gtin");
        TlkDeviceModel *model = tlk_world_model (world, id);
        TlkDeviceModel *other = tlk_world_model_by_gtin (world, gtin);

        if (model == NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                         _("The device model %s is not registered."), id);
            return FALSE;
          }
        if (other != NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS,
                         _("The barcode number %s already belongs to the model %s %s."),
                         gtin, other->manufacturer, other->name);
            return FALSE;
          }
        if (commit)
          {
            g_ptr_array_add (model->gtins, g_strdup (gtin));
            learn_gtin (world, gtin, id);
            touch (world, TLK_SUBJECT_MODEL, id);
          }
        return TRUE;
      }

    case TLK_EVENT_KIT_TYPE_DEFINED:
      if (commit)
        {
          TlkKitType *t = tlk_kit_type_new (id);

          TlkKitType *old = tlk_world_kit_type (world, id);

          t->name = g_strdup (tlk_event_get_string (event, "name"));
          tlk_kit_type_read_json (t, tlk_event_get_array (event, "slots"), tlk_event_get_array (event, "checklist"),
                                  tlk_event_get_array (event, "install_checklist"));
          t->reorder_at = old ? old->reorder_at : 0;
          put (world, TLK_SUBJECT_KIT_TYPE, id, t);
        }
      return TRUE;

    case TLK_EVENT_KIT_TYPE_REORDER_SET:
      {
        TlkKitType *t = tlk_world_kit_type (world, id);

        if (t == NULL)
          return not_found (error, _("The kit type %s is not registered."), id);
        if (commit)
          {
            t->reorder_at = (int) tlk_event_get_int (event, "reorder_at");
            touch (world, TLK_SUBJECT_KIT_TYPE, id);
          }
        return TRUE;
      }

    case TLK_EVENT_USER_DEFINED:
      if (commit)
        {
          TlkUser *u = g_new0 (TlkUser, 1);
          u->id = g_strdup (id);
          u->name = g_strdup (tlk_event_get_string (event, "name"));
          u->role = g_strdup (tlk_event_get_string (event, "role"));
          put (world, TLK_SUBJECT_USER, id, u);
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* ---- devices ----------------------------------------------------------- */

static gboolean
apply_device (TlkWorld       *world,
              const TlkEvent *event,
              gboolean        commit,
              GError        **error)
{
  TlkDevice *device = tlk_world_device (world, event->subject);
  const char *location = tlk_event_get_string (event, "location");
  int to = 0;

  if (!device_check (event, device, event->subject, &to, error))
    return FALSE;
  if (!check_location (world, location, error))
    return FALSE;

  if (event->type == TLK_EVENT_DEVICE_RECEIVED)
    {
      const char *model_id = tlk_event_get_string (event, "model");
      const char *serial = tlk_event_get_string (event, "serial");
      TlkDeviceModel *model = tlk_world_model (world, model_id);
      g_autofree char *other = NULL;

      if (model == NULL)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                       _("The device model %s is not registered."), model_id);
          return FALSE;
        }
      other = find_serial (world, model_id, serial);
      if (other != NULL)
        {
          g_autofree char *s = tlk_code_display (other);
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_EXISTS,
                       _("A %s %s with serial number %s is already registered as %s."),
                       model->manufacturer, model->name, serial, s);
          return FALSE;
        }
      if (!commit)
        return TRUE;

      device = g_new0 (TlkDevice, 1);
      device->id = g_strdup (event->subject);
      device->model = g_strdup (model_id);
      device->serial = g_strdup (serial);
      device->lot = g_strdup (tlk_event_get_string (event, "lot"));
      device->expiry = g_strdup (tlk_event_get_string (event, "expiry"));
      device->calibration_due = g_strdup (tlk_event_get_string (event, "calibration_due"));
      device->location = g_strdup (location);
      device->state = to;
      put (world, TLK_SUBJECT_DEVICE, device->id, device);
      g_hash_table_insert (world->serials, serial_key (model_id, serial), g_strdup (device->id));
      return TRUE;
    }

  if (!commit)
    return TRUE;

  device->state = to;
  switch (event->type)
    {
    case TLK_EVENT_DEVICE_MOVED:
    case TLK_EVENT_DEVICE_SENT_TO_REPAIR:
    case TLK_EVENT_DEVICE_RELEASED:
    case TLK_EVENT_DEVICE_FOUND:
      set_str (&device->location, location);
      break;
    case TLK_EVENT_DEVICE_REPAIRED:
      set_str (&device->location, location);
      if (tlk_event_get_string (event, "calibration_due") != NULL)
        set_str (&device->calibration_due, tlk_event_get_string (event, "calibration_due"));
      break;
    case TLK_EVENT_DEVICE_LOST:
    case TLK_EVENT_DEVICE_RETIRED:
      g_clear_pointer (&device->location, g_free);
      break;
    default:
      break;
    }
  touch (world, TLK_SUBJECT_DEVICE, device->id);
  return TRUE;
}

/* ---- kits -------------------------------------------------------------- */

static gboolean
check_device_fits (TlkWorld       *world,
                   const TlkEvent *event,
                   TlkKit         *kit,
                   TlkDevice      *device,
                   const char     *device_id,
                   const char     *replacing_kind,
                   GError        **error)
{
  g_autofree char *d = tlk_code_display (device_id);
  g_autofree char *date = event_date (event);
  TlkDeviceModel *model;
  TlkKitType *type;
  int free_slots;

  if (device == NULL)
    return not_found (error, _("Device %s is not registered. Register it at goods-in first."), device_id);
  if (device->kit != NULL)
    {
      g_autofree char *other = tlk_code_display (device->kit);
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_ELSEWHERE,
                   _("Device %s is already in kit %s."), d, other);
      return FALSE;
    }
  if (!device_check (event, device, device_id, NULL, error))
    return FALSE;

  model = tlk_world_model (world, device->model);
  type = tlk_world_kit_type (world, kit->kit_type);
  if (model == NULL || type == NULL)
    return not_found (error, _("The model or kit type of %s is not registered."), device_id);

  if (replacing_kind != NULL)
    {
      if (strcmp (model->kind, replacing_kind) != 0)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND,
                       _("Device %s is a %s; the device it replaces is a %s."), d,
                       tlk_device_kind_describe (model->kind), tlk_device_kind_describe (replacing_kind));
          return FALSE;
        }
    }
  else
    {
      free_slots = tlk_kit_type_slot_count (type, model->kind) - count_kind_in_kit (world, kit, model->kind);
      if (tlk_kit_type_slot_count (type, model->kind) == 0)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND,
                       _("Device %s is a %s; a %s kit has no slot for one."), d,
                       tlk_device_kind_describe (model->kind), type->name);
          return FALSE;
        }
      if (free_slots <= 0)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_WRONG_KIND,
                       _("Device %s is a %s, and the kit already has every %s it needs."), d,
                       tlk_device_kind_describe (model->kind), tlk_device_kind_describe (model->kind));
          return FALSE;
        }
    }

  if (device->expiry != NULL && strcmp (device->expiry, date) < 0)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INCOMPLETE,
                   _("Device %s expired on %s and cannot go into a kit."), d, device->expiry);
      return FALSE;
    }
  if (device->calibration_due != NULL && strcmp (device->calibration_due, date) < 0)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INCOMPLETE,
                   _("Device %s was due for calibration on %s and cannot go into a kit."), d,
                   device->calibration_due);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_kit (TlkWorld       *world,
           const TlkEvent *event,
           gboolean        commit,
           GError        **error)
{
  TlkKit *kit = tlk_world_kit (world, event->subject);
  const char *location = tlk_event_get_string (event, "location");
  g_autofree char *k = tlk_code_display (event->subject);
  g_autofree char *date = event_date (event);
  TlkOrder *order = NULL;
  int order_to = 0;
  int to = 0;

  if (!kit_check (world, event, kit, &to, error))
    return FALSE;
  if (!check_location (world, location, error))
    return FALSE;

  switch (event->type)
    {
    case TLK_EVENT_KIT_CREATED:
      {
        const char *type_id = tlk_event_get_string (event, "kit_type");

        if (tlk_world_kit_type (world, type_id) == NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                         _("The kit type %s is not registered."), type_id);
            return FALSE;
          }
        if (!commit)
          return TRUE;
        kit = tlk_kit_new (event->subject);
        kit->kit_type = g_strdup (type_id);
        kit->location = g_strdup (location);
        set_kit_state (world, kit, to, event);
        put (world, TLK_SUBJECT_KIT, kit->id, kit);
        return TRUE;
      }

    case TLK_EVENT_KIT_DEVICE_ADDED:
      {
        const char *device_id = tlk_event_get_string (event, "device");
        TlkDevice *device = tlk_world_device (world, device_id);

        if (!check_device_fits (world, event, kit, device, device_id, NULL, error))
          return FALSE;
        if (!commit)
          return TRUE;
        device->state = TLK_DEVICE_IN_KIT;
        set_str (&device->kit, kit->id);
        g_clear_pointer (&device->location, g_free);
        touch (world, TLK_SUBJECT_DEVICE, device->id);
        g_ptr_array_add (kit->devices, g_strdup (device_id));
        /* A changed kit is tested again from the start. */
        if (kit->state == TLK_KIT_REPROCESSING)
          g_ptr_array_set_size (kit->steps_passed, 0);
        break;
      }

    case TLK_EVENT_KIT_DEVICE_REMOVED:
      {
        const char *device_id = tlk_event_get_string (event, "device");
        const char *target = tlk_event_get_string (event, "to");
        TlkDevice *device = tlk_world_device (world, device_id);
        g_autoptr(JsonArray) one = json_array_new ();

        json_array_add_string_element (one, device_id);
        if (!devices_in_kit (world, kit, one, FALSE, error))
          return FALSE;
        if (device == NULL)
          return not_found (error, _("Device %s is not registered."), device_id);
        if (!device_check (event, device, device_id, NULL, error))
          return FALSE;
        if (kit->state == TLK_KIT_QUARANTINE && strcmp (target, "stock") == 0)
          {
            g_autofree char *d = tlk_code_display (device_id);
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
                         _("Device %s comes from a kit in quarantine and is not clean: "
                           "it must go to quarantine or repair, not to stock."), d);
            return FALSE;
          }
        if (!commit)
          return TRUE;
        device->state = strcmp (target, "stock") == 0 ? TLK_DEVICE_IN_STOCK
                        : strcmp (target, "repair") == 0 ? TLK_DEVICE_REPAIR
                        : TLK_DEVICE_QUARANTINE;
        g_clear_pointer (&device->kit, g_free);
        set_str (&device->location, kit->location);
        touch (world, TLK_SUBJECT_DEVICE, device->id);
        strv_remove (kit->devices, device_id);
        if (kit->state == TLK_KIT_REPROCESSING)
          g_ptr_array_set_size (kit->steps_passed, 0);
        break;
      }

    case TLK_EVENT_KIT_RELEASED:
      {
        TlkKitType *type = tlk_world_kit_type (world, kit->kit_type);

        if (kit->state == TLK_KIT_REPROCESSING && type != NULL)
          {
            const TlkStep *step = tlk_kit_next_step (kit, type);
            if (step != NULL)
              {
                g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST,
                             _("Kit %s cannot be released: the step “%s” of the checklist has not passed."),
                             k, step->name);
                return FALSE;
              }
          }
        if (!check_complete (world, kit, date, error))
          return FALSE;
        if (!commit)
          return TRUE;
        if (location != NULL)
          set_str (&kit->location, location);
        g_ptr_array_set_size (kit->steps_passed, 0);
        g_ptr_array_set_size (kit->missing, 0);
        break;
      }

    case TLK_EVENT_KIT_HELD:
      if (!commit)
        return TRUE;
      kit->held_from = kit->state;
      break;

    case TLK_EVENT_KIT_RESUMED:
      if (!commit)
        return TRUE;
      if (to == TLK_KIT_REPROCESSING)
        g_ptr_array_set_size (kit->steps_passed, 0);
      kit->held_from = TLK_KIT_NONE;
      break;

    case TLK_EVENT_KIT_RESERVED:
      {
        const char *order_id = tlk_event_get_string (event, "order");
        const char *until;

        order = tlk_world_order (world, order_id);
        if (order == NULL)
          return not_found (error, _("The order %s is not registered."), order_id);
        if (!order_check (event, NULL, order, order_id, &order_to, error))
          return FALSE;
        if (strcmp (order->kit_type, kit->kit_type) != 0)
          {
            TlkKitType *want = tlk_world_kit_type (world, order->kit_type);
            TlkKitType *have = tlk_world_kit_type (world, kit->kit_type);
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                         _("Kit %s is a %s kit; the order is for a %s kit."), k,
                         have ? have->name : kit->kit_type, want ? want->name : order->kit_type);
            return FALSE;
          }
        until = order->requested_date != NULL && strcmp (order->requested_date, date) > 0
                ? order->requested_date : date;
        if (!check_complete (world, kit, until, error))
          return FALSE;
        if (!commit)
          return TRUE;
        set_str (&kit->order, order_id);
        order->state = order_to;
        set_str (&order->kit, kit->id);
        touch (world, TLK_SUBJECT_ORDER, order->id);
        break;
      }

    case TLK_EVENT_KIT_UNRESERVED:
      order = tlk_world_order (world, kit->order);
      if (order != NULL && !order_check (event, NULL, order, order->id, &order_to, error))
        return FALSE;
      if (!commit)
        return TRUE;
      if (order != NULL)
        {
          order->state = order_to;
          g_clear_pointer (&order->kit, g_free);
          touch (world, TLK_SUBJECT_ORDER, order->id);
        }
      g_clear_pointer (&kit->order, g_free);
      if (location != NULL)
        set_str (&kit->location, location);
      break;

    case TLK_EVENT_KIT_LOADED:
      {
        const char *vehicle = tlk_event_get_string (event, "vehicle");
        const char *driver = tlk_event_get_string (event, "driver");

        if (!check_location (world, vehicle, error))
          return FALSE;
        if (!commit)
          return TRUE;
        set_str (&kit->location, vehicle);
        set_str (&kit->custodian, driver ? driver : event->actor);
        break;
      }

    case TLK_EVENT_KIT_UNLOADED:
      if (!commit)
        return TRUE;
      set_str (&kit->location, location);
      g_clear_pointer (&kit->custodian, g_free);
      break;

    case TLK_EVENT_KIT_INSTALLED:
      order = tlk_world_order (world, kit->order);
      if (order == NULL)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                       _("Kit %s is not reserved for an order, so it cannot be installed."), k);
          return FALSE;
        }
      if (!order_check (event, NULL, order, order->id, &order_to, error))
        return FALSE;
      if (!commit)
        return TRUE;
      order->state = order_to;
      set_str (&order->installed_at, event->occurred_at);
      order->install_late = sla_done (world, order, TLK_SLA_INSTALL, order->install_due, event->occurred_at);
      touch (world, TLK_SUBJECT_ORDER, order->id);
      g_clear_pointer (&kit->location, g_free);
      g_clear_pointer (&kit->custodian, g_free);
      break;

    case TLK_EVENT_KIT_PICKED_UP:
    case TLK_EVENT_KIT_RECEIVED:
      {
        JsonArray *missing = tlk_event_get_array (event, "missing");
        gboolean from_home = kit->state == TLK_KIT_INSTALLED;

        /* Received after a pickup: the pickup's missing devices stay
         * recorded, and may be named again. */
        if (!devices_in_kit (world, kit, missing, !from_home, error))
          return FALSE;
        order = from_home ? tlk_world_order (world, kit->order) : NULL;
        if (order != NULL && !order_check (event, NULL, order, order->id, &order_to, error))
          return FALSE;
        if (!commit)
          return TRUE;
        if (order != NULL)
          {
            order->state = order_to;
            set_str (&order->returned_at, event->occurred_at);
            order->pickup_late = sla_done (world, order, TLK_SLA_PICKUP, order->pickup_due, event->occurred_at);
            touch (world, TLK_SUBJECT_ORDER, order->id);
          }
        if (from_home)
          g_ptr_array_set_size (kit->missing, 0);
        record_missing (world, kit, missing);
        if (event->type == TLK_EVENT_KIT_PICKED_UP)
          {
            set_str (&kit->custodian, event->actor);
            g_clear_pointer (&kit->location, g_free);
          }
        else
          {
            g_clear_pointer (&kit->custodian, g_free);
            g_clear_pointer (&kit->order, g_free);
            set_str (&kit->location, location);
            g_ptr_array_set_size (kit->steps_passed, 0);
          }
        break;
      }

    case TLK_EVENT_KIT_REPROCESSING_STARTED:
      if (!commit)
        return TRUE;
      g_ptr_array_set_size (kit->steps_passed, 0);
      if (location != NULL)
        set_str (&kit->location, location);
      break;

    case TLK_EVENT_KIT_STEP_PASSED:
    case TLK_EVENT_KIT_STEP_FAILED:
      {
        const char *step_id = tlk_event_get_string (event, "step");
        TlkKitType *type = tlk_world_kit_type (world, kit->kit_type);
        const TlkStep *step = type ? tlk_kit_type_find_step (type, step_id) : NULL;

        if (step == NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST,
                         _("The checklist of kit %s has no step “%s”."), k, step_id);
            return FALSE;
          }
        if (event->type == TLK_EVENT_KIT_STEP_PASSED && tlk_kit_step_passed (kit, step_id))
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_CHECKLIST,
                         _("The step “%s” of kit %s has already passed."), step->name, k);
            return FALSE;
          }
        if (!commit)
          return TRUE;
        if (event->type == TLK_EVENT_KIT_STEP_PASSED)
          g_ptr_array_add (kit->steps_passed, g_strdup (step_id));
        else
          strv_remove (kit->steps_passed, step_id);
        break;
      }

    case TLK_EVENT_KIT_DEVICE_SWAPPED:
      {
        const char *out_id = tlk_event_get_string (event, "device_out");
        const char *in_id = tlk_event_get_string (event, "device_in");
        TlkDevice *out = tlk_world_device (world, out_id);
        TlkDevice *in = tlk_world_device (world, in_id);
        TlkDeviceModel *out_model = out ? tlk_world_model (world, out->model) : NULL;
        g_autoptr(JsonArray) one = json_array_new ();

        json_array_add_string_element (one, out_id);
        if (!devices_in_kit (world, kit, one, FALSE, error))
          return FALSE;
        if (out_model == NULL)
          return not_found (error, _("Device %s is not registered."), out_id);
        if (!check_device_fits (world, event, kit, in, in_id, out_model->kind, error))
          return FALSE;
        if (!commit)
          return TRUE;
        out->state = TLK_DEVICE_QUARANTINE;
        g_clear_pointer (&out->kit, g_free);
        g_clear_pointer (&out->location, g_free);
        touch (world, TLK_SUBJECT_DEVICE, out->id);
        in->state = TLK_DEVICE_IN_KIT;
        set_str (&in->kit, kit->id);
        g_clear_pointer (&in->location, g_free);
        touch (world, TLK_SUBJECT_DEVICE, in->id);
        strv_remove (kit->devices, out_id);
        g_ptr_array_add (kit->devices, g_strdup (in_id));
        break;
      }

    case TLK_EVENT_KIT_MOVED:
      if (!commit)
        return TRUE;
      set_str (&kit->location, location);
      break;

    case TLK_EVENT_KIT_LOST:
      if (!commit)
        return TRUE;
      g_clear_pointer (&kit->location, g_free);
      g_clear_pointer (&kit->custodian, g_free);
      break;

    case TLK_EVENT_KIT_FOUND:
      if (!commit)
        return TRUE;
      set_str (&kit->location, location);
      g_ptr_array_set_size (kit->steps_passed, 0);
      break;

    case TLK_EVENT_KIT_RETIRED:
      if (kit->state != TLK_KIT_LOST && kit->devices->len > 0)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_EMPTY,
                       ngettext ("Kit %s still holds %u device; take it out before retiring the kit.",
                                 "Kit %s still holds %u devices; take them out before retiring the kit.",
                                 kit->devices->len),
                       k, kit->devices->len);
          return FALSE;
        }
      if (!commit)
        return TRUE;
      g_clear_pointer (&kit->location, g_free);
      break;

    default:
      g_assert_not_reached ();
    }

  set_kit_state (world, kit, to, event);
  touch (world, TLK_SUBJECT_KIT, kit->id);
  return TRUE;
}

/* ---- orders and stops -------------------------------------------------- */

static gboolean
apply_order (TlkWorld       *world,
             const TlkEvent *event,
             gboolean        commit,
             GError        **error)
{
  TlkOrder *order = tlk_world_order (world, event->subject);
  int to = 0;

  if (!order_check (event, NULL, order, event->subject, &to, error))
    return FALSE;

  switch (event->type)
    {
    case TLK_EVENT_ORDER_RECEIVED:
      {
        const char *customer = tlk_event_get_string (event, "customer");
        const char *kit_type = tlk_event_get_string (event, "kit_type");
        const char *priority = tlk_event_get_string (event, "priority");

        if (tlk_world_customer (world, customer) == NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                         _("The customer %s is not registered."), customer);
            return FALSE;
          }
        if (tlk_world_kit_type (world, kit_type) == NULL)
          {
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                         _("The kit type %s is not registered."), kit_type);
            return FALSE;
          }
        if (!commit)
          return TRUE;
        order = g_new0 (TlkOrder, 1);
        order->id = g_strdup (event->subject);
        order->customer = g_strdup (customer);
        order->case_ref = g_strdup (tlk_event_get_string (event, "case_ref"));
        order->kit_type = g_strdup (kit_type);
        order->citizen = g_strdup (tlk_event_get_string (event, "citizen"));
        order->requested_date = g_strdup (tlk_event_get_string (event, "requested_date"));
        order->priority = g_strdup (priority ? priority : "normal");
        order->received_at = g_strdup (event->occurred_at);
        order->install_due = sla_due (world, order, TLK_SLA_INSTALL, event->occurred_at, order->requested_date);
        order->install_late = -1;
        order->pickup_late = -1;
        order->state = to;
        put (world, TLK_SUBJECT_ORDER, order->id, order);
        return TRUE;
      }

    case TLK_EVENT_ORDER_CANCELLED:
      {
        TlkKit *kit = tlk_world_kit (world, order->kit);

        if (kit != NULL && kit->state != TLK_KIT_RESERVED)
          {
            g_autofree char *k = tlk_code_display (kit->id);
            g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                         _("The order’s kit %s is %s; bring it back to the warehouse before cancelling."),
                         k, tlk_kit_state_describe (kit->state));
            return FALSE;
          }
        if (!commit)
          return TRUE;
        if (kit != NULL)
          {
            set_kit_state (world, kit, TLK_KIT_READY, event);
            g_clear_pointer (&kit->order, g_free);
            touch (world, TLK_SUBJECT_KIT, kit->id);
          }
        g_clear_pointer (&order->kit, g_free);
        break;
      }

    case TLK_EVENT_ORDER_RETURN_REQUESTED:
      if (!commit)
        return TRUE;
      set_str (&order->return_requested_at, event->occurred_at);
      set_str (&order->return_date, tlk_event_get_string (event, "requested_date"));
      g_free (order->pickup_due);
      order->pickup_due = sla_due (world, order, TLK_SLA_PICKUP, event->occurred_at, order->return_date);
      break;

    case TLK_EVENT_ORDER_CLOSED:
      if (!commit)
        return TRUE;
      break;

    default:
      g_assert_not_reached ();
    }

  order->state = to;
  touch (world, TLK_SUBJECT_ORDER, order->id);
  return TRUE;
}

static gboolean
apply_stop (TlkWorld       *world,
            const TlkEvent *event,
            gboolean        commit,
            GError        **error)
{
  TlkStop *stop = tlk_world_stop (world, event->subject);
  TlkOrder *order;
  const char *kind;
  int to = 0;
  int order_to = 0;

  if (!tlk_machine_check (TLK_MACHINE_STOP, event->type, NULL, stop ? (int) stop->state : TLK_STOP_NONE,
                          0, event->subject, &to, error))
    return FALSE;

  kind = stop ? stop->kind : tlk_event_get_string (event, "kind");
  order = tlk_world_order (world, stop ? stop->order : tlk_event_get_string (event, "order"));
  if (event->type != TLK_EVENT_STOP_DONE)
    {
      if (order == NULL)
        return not_found (error, _("The order %s is not registered."),
                          stop ? stop->order : tlk_event_get_string (event, "order"));
      if (tlk_machine_find (TLK_MACHINE_ORDER, event->type, kind) != NULL &&
          !order_check (event, kind, order, order->id, &order_to, error))
        return FALSE;
    }
  if ((event->type == TLK_EVENT_STOP_PLANNED || event->type == TLK_EVENT_STOP_RESCHEDULED) &&
      tlk_event_get_string (event, "driver") != NULL &&
      tlk_world_user (world, tlk_event_get_string (event, "driver")) == NULL)
    {
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                   _("The driver %s is not registered."), tlk_event_get_string (event, "driver"));
      return FALSE;
    }
  if (event->type == TLK_EVENT_STOP_PLANNED && tlk_event_get_string (event, "kit") != NULL &&
      g_strcmp0 (tlk_event_get_string (event, "kit"), order->kit) != 0)
    {
      g_autofree char *k = tlk_code_display (tlk_event_get_string (event, "kit"));
      g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_MISMATCH,
                   _("Kit %s is not the kit of this order."), k);
      return FALSE;
    }
  if (event->type == TLK_EVENT_STOP_PLANNED && g_strcmp0 (kind, "swap") == 0)
    {
      const char *device = tlk_event_get_string (event, "device");

      if (device == NULL)
        {
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND,
                       _("A swap needs the replacement device the driver brings."));
          return FALSE;
        }
      if (tlk_world_device (world, device) == NULL)
        return not_found (error, _("Device %s is not registered."), device);
      if (tlk_world_device (world, device)->state != TLK_DEVICE_IN_STOCK)
        {
          g_autofree char *d = tlk_code_display (device);
          g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_INVALID_TRANSITION,
                       _("Device %s is %s; a swap needs a clean device in stock."), d,
                       tlk_device_state_describe (tlk_world_device (world, device)->state));
          return FALSE;
        }
    }
  if (!commit)
    return TRUE;

  if (event->type != TLK_EVENT_STOP_DONE && tlk_machine_find (TLK_MACHINE_ORDER, event->type, kind) != NULL)
    {
      order->state = order_to;
      touch (world, TLK_SUBJECT_ORDER, order->id);
    }

  if (event->type == TLK_EVENT_STOP_PLANNED)
    {
      stop = g_new0 (TlkStop, 1);
      stop->id = g_strdup (event->subject);
      stop->order = g_strdup (order->id);
      stop->kind = g_strdup (kind);
      stop->date = g_strdup (tlk_event_get_string (event, "date"));
      stop->seq = (int) tlk_event_get_int (event, "seq");
      stop->driver = g_strdup (tlk_event_get_string (event, "driver"));
      stop->window = g_strdup (tlk_event_get_string (event, "window"));
      stop->kit = g_strdup (order->kit);
      stop->device = g_strdup (tlk_event_get_string (event, "device"));
      stop->state = to;
      put (world, TLK_SUBJECT_STOP, stop->id, stop);
      return TRUE;
    }

  if (event->type == TLK_EVENT_STOP_RESCHEDULED)
    {
      if (tlk_event_get_string (event, "date") != NULL)
        set_str (&stop->date, tlk_event_get_string (event, "date"));
      if (tlk_event_get_string (event, "driver") != NULL)
        set_str (&stop->driver, tlk_event_get_string (event, "driver"));
      if (tlk_event_get_string (event, "window") != NULL)
        set_str (&stop->window, tlk_event_get_string (event, "window"));
      if (json_object_has_member (event->payload, "seq"))
        stop->seq = (int) tlk_event_get_int (event, "seq");
      touch (world, TLK_SUBJECT_STOP, stop->id);
      return TRUE;
    }
  if (event->type == TLK_EVENT_STOP_FAILED)
    set_str (&stop->failure, tlk_event_get_string (event, "reason"));
  set_str (&stop->done_at, event->occurred_at);
  stop->state = to;
  touch (world, TLK_SUBJECT_STOP, stop->id);
  return TRUE;
}

static gboolean
dispatch (TlkWorld       *world,
          const TlkEvent *event,
          gboolean        commit,
          GError        **error)
{
  if (!tlk_event_validate (event, error))
    return FALSE;

  switch (tlk_event_type_subject (event->type))
    {
    case TLK_SUBJECT_CUSTOMER:
    case TLK_SUBJECT_LOCATION:
    case TLK_SUBJECT_MODEL:
    case TLK_SUBJECT_KIT_TYPE:
    case TLK_SUBJECT_USER:
      return apply_reference (world, event, commit, error);
    case TLK_SUBJECT_DEVICE:
      return apply_device (world, event, commit, error);
    case TLK_SUBJECT_KIT:
      return apply_kit (world, event, commit, error);
    case TLK_SUBJECT_ORDER:
      return apply_order (world, event, commit, error);
    case TLK_SUBJECT_STOP:
      return apply_stop (world, event, commit, error);
    case TLK_SUBJECT_EVENT:
      /* A conflict's resolution changes no record; the store checks that
       * it names a conflict. */
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
tlk_world_check (TlkWorld       *world,
                 const TlkEvent *event,
                 GError        **error)
{
  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  return dispatch (world, event, FALSE, error);
}

gboolean
tlk_world_apply (TlkWorld       *world,
                 const TlkEvent *event,
                 GError        **error)
{
  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  /* Every handler checks everything before it changes anything, so a
   * refused event leaves the world as it was. */
  return dispatch (world, event, TRUE, error);
}
