/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-entities.h"

#include "tlk-code.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct
{
  const char *name;
  const char *words;
} StateName;

static const StateName kit_states[TLK_KIT_N_STATES] = {
  { "none", N_("not registered") },
  { "assembling", N_("being assembled") },
  { "ready", N_("ready on the shelf") },
  { "reserved", N_("reserved for an order") },
  { "out", N_("out with a driver") },
  { "installed", N_("installed at a citizen’s home") },
  { "returning", N_("on its way back") },
  { "quarantine", N_("in quarantine") },
  { "reprocessing", N_("being reprocessed") },
  { "on_hold", N_("on hold") },
  { "lost", N_("lost") },
  { "retired", N_("retired") },
};

static const StateName device_states[TLK_DEVICE_N_STATES] = {
  { "none", N_("not registered") },
  { "in_stock", N_("in stock") },
  { "in_kit", N_("in a kit") },
  { "quarantine", N_("in quarantine") },
  { "repair", N_("at repair") },
  { "lost", N_("lost") },
  { "retired", N_("retired") },
};

static const StateName order_states[TLK_ORDER_N_STATES] = {
  { "none", N_("not registered") },
  { "received", N_("received") },
  { "allocated", N_("allocated a kit") },
  { "scheduled", N_("scheduled for delivery") },
  { "installed", N_("installed") },
  { "return_requested", N_("return requested") },
  { "pickup_scheduled", N_("pickup scheduled") },
  { "returned", N_("returned") },
  { "closed", N_("closed") },
  { "cancelled", N_("cancelled") },
};

static const StateName stop_states[TLK_STOP_N_STATES] = {
  { "none", N_("not planned") },
  { "planned", N_("planned") },
  { "done", N_("done") },
  { "failed", N_("failed") },
};

static int
state_from_string (const StateName *names,
                   int              n,
                   const char      *str)
{
  if (str == NULL)
    return -1;
  for (int i = 0; i < n; i++)
    if (strcmp (names[i].name, str) == 0)
      return i;
  return -1;
}

#define STATE_FUNCS(lower, Type, UPPER, table)                               \
  const char *                                                               \
  tlk_##lower##_state_to_string (Type state)                                 \
  {                                                                          \
    g_return_val_if_fail ((int) state >= 0 && state < UPPER##_N_STATES, NULL); \
    return table[state].name;                                                \
  }                                                                          \
  Type                                                                       \
  tlk_##lower##_state_from_string (const char *str)                          \
  {                                                                          \
    int i = state_from_string (table, UPPER##_N_STATES, str);                \
    return i < 0 ? UPPER##_N_STATES : (Type) i;                              \
  }                                                                          \
  const char *                                                               \
  tlk_##lower##_state_describe (Type state)                                  \
  {                                                                          \
    g_return_val_if_fail ((int) state >= 0 && state < UPPER##_N_STATES, NULL); \
    return _(table[state].words);                                            \
  }

STATE_FUNCS (kit, TlkKitState, TLK_KIT, kit_states)
STATE_FUNCS (device, TlkDeviceState, TLK_DEVICE, device_states)
STATE_FUNCS (order, TlkOrderState, TLK_ORDER, order_states)
STATE_FUNCS (stop, TlkStopState, TLK_STOP, stop_states)

static const StateName device_kinds[] = {
  { "tablet", N_("tablet") },
  { "pulse_oximeter", N_("pulse oximeter") },
  { "scale", N_("scale") },
  { "bp_monitor", N_("blood-pressure monitor") },
  { "glucose_meter", N_("glucose meter") },
  { "router", N_("router") },
  { "charger", N_("charger") },
  { "ecg", N_("ECG recorder") },
};

const char *
tlk_device_kind_describe (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (device_kinds); i++)
    if (strcmp (device_kinds[i].name, kind) == 0)
      return _(device_kinds[i].words);
  return kind;
}

void
tlk_customer_free (TlkCustomer *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->ean);
  g_clear_pointer (&self->terms, json_array_unref);
  g_free (self);
}

void
tlk_location_free (TlkLocation *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->parent);
  g_free (self);
}

TlkDeviceModel *
tlk_device_model_new (const char *id)
{
  TlkDeviceModel *self = g_new0 (TlkDeviceModel, 1);

  self->id = g_strdup (id);
  self->gtins = g_ptr_array_new_with_free_func (g_free);
  return self;
}

gboolean
tlk_device_model_has_gtin (const TlkDeviceModel *self,
                           const char           *gtin)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (gtin == NULL)
    return FALSE;
  if (g_strcmp0 (self->gtin, gtin) == 0)
    return TRUE;
  for (guint i = 0; self->gtins != NULL && i < self->gtins->len; i++)
    if (strcmp (g_ptr_array_index (self->gtins, i), gtin) == 0)
      return TRUE;
  return FALSE;
}

void
tlk_device_model_free (TlkDeviceModel *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->gtins, g_ptr_array_unref);
  g_free (self->id);
  g_free (self->manufacturer);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->gtin);
  g_free (self);
}

void
tlk_step_free (TlkStep *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self);
}

void
tlk_kit_slot_free (TlkKitSlot *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self);
}

TlkKitType *
tlk_kit_type_new (const char *id)
{
  TlkKitType *self = g_new0 (TlkKitType, 1);

  self->id = g_strdup (id);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_slot_free);
  self->checklist = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_step_free);
  self->install_checklist = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_step_free);
  return self;
}

void
tlk_kit_type_free (TlkKitType *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  g_clear_pointer (&self->install_checklist, g_ptr_array_unref);
  g_free (self);
}

static void
read_steps (GPtrArray *steps,
            JsonArray *array)
{
  g_ptr_array_set_size (steps, 0);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      TlkStep *step = g_new0 (TlkStep, 1);

      step->id = g_strdup (json_object_get_string_member (o, "id"));
      step->name = g_strdup (json_object_get_string_member (o, "name"));
      g_ptr_array_add (steps, step);
    }
}

void
tlk_kit_type_read_json (TlkKitType *type,
                        JsonArray  *slots,
                        JsonArray  *checklist,
                        JsonArray  *install_checklist)
{
  g_return_if_fail (type != NULL);

  g_ptr_array_set_size (type->slots, 0);
  for (guint i = 0; slots != NULL && i < json_array_get_length (slots); i++)
    {
      JsonObject *o = json_array_get_object_element (slots, i);
      TlkKitSlot *slot = g_new0 (TlkKitSlot, 1);

      slot->kind = g_strdup (json_object_get_string_member (o, "kind"));
      slot->count = (int) json_object_get_int_member (o, "count");
      g_ptr_array_add (type->slots, slot);
    }
  read_steps (type->checklist, checklist);
  read_steps (type->install_checklist, install_checklist);
}

JsonArray *
tlk_kit_slots_to_json (GPtrArray *slots)
{
  JsonArray *array = json_array_new ();

  g_return_val_if_fail (slots != NULL, array);

  for (guint i = 0; i < slots->len; i++)
    {
      const TlkKitSlot *slot = g_ptr_array_index (slots, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", slot->kind);
      json_object_set_int_member (o, "count", slot->count);
      json_array_add_object_element (array, o);
    }
  return array;
}

JsonArray *
tlk_steps_to_json (GPtrArray *steps)
{
  JsonArray *array = json_array_new ();

  g_return_val_if_fail (steps != NULL, array);

  for (guint i = 0; i < steps->len; i++)
    {
      const TlkStep *step = g_ptr_array_index (steps, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", step->id);
      json_object_set_string_member (o, "name", step->name);
      json_array_add_object_element (array, o);
    }
  return array;
}

int
tlk_kit_type_slot_count (const TlkKitType *type,
                         const char       *kind)
{
  int count = 0;

  g_return_val_if_fail (type != NULL, 0);
  g_return_val_if_fail (kind != NULL, 0);

  for (guint i = 0; i < type->slots->len; i++)
    {
      const TlkKitSlot *slot = g_ptr_array_index (type->slots, i);
      if (strcmp (slot->kind, kind) == 0)
        count += slot->count;
    }
  return count;
}

const TlkStep *
tlk_kit_type_find_step (const TlkKitType *type,
                        const char       *step)
{
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (step != NULL, NULL);

  for (guint i = 0; i < type->checklist->len; i++)
    {
      const TlkStep *s = g_ptr_array_index (type->checklist, i);
      if (strcmp (s->id, step) == 0)
        return s;
    }
  return NULL;
}

void
tlk_device_free (TlkDevice *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->lot);
  g_free (self->expiry);
  g_free (self->calibration_due);
  g_free (self->kit);
  g_free (self->location);
  g_free (self);
}

TlkKit *
tlk_kit_new (const char *id)
{
  TlkKit *self = g_new0 (TlkKit, 1);

  self->id = g_strdup (id);
  self->devices = g_ptr_array_new_with_free_func (g_free);
  self->steps_passed = g_ptr_array_new_with_free_func (g_free);
  self->missing = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
tlk_kit_free (TlkKit *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->kit_type);
  g_free (self->location);
  g_free (self->custodian);
  g_free (self->order);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->steps_passed, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);
  g_free (self->since);
  g_free (self);
}

gboolean
tlk_strv_array_contains (GPtrArray  *array,
                         const char *str)
{
  g_return_val_if_fail (array != NULL, FALSE);

  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), str) == 0)
      return TRUE;
  return FALSE;
}

gboolean
tlk_kit_has_device (const TlkKit *kit,
                    const char   *device)
{
  g_return_val_if_fail (kit != NULL, FALSE);
  return tlk_strv_array_contains (kit->devices, device);
}

gboolean
tlk_kit_step_passed (const TlkKit *kit,
                     const char   *step)
{
  g_return_val_if_fail (kit != NULL, FALSE);
  return tlk_strv_array_contains (kit->steps_passed, step);
}

const TlkStep *
tlk_kit_next_step (const TlkKit     *kit,
                   const TlkKitType *type)
{
  g_return_val_if_fail (kit != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < type->checklist->len; i++)
    {
      const TlkStep *step = g_ptr_array_index (type->checklist, i);
      if (!tlk_kit_step_passed (kit, step->id))
        return step;
    }
  return NULL;
}

void
tlk_order_free (TlkOrder *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->customer);
  g_free (self->case_ref);
  g_free (self->kit_type);
  g_free (self->citizen);
  g_free (self->requested_date);
  g_free (self->priority);
  g_free (self->kit);
  g_free (self->installed_at);
  g_free (self->returned_at);
  g_free (self->received_at);
  g_free (self->return_requested_at);
  g_free (self->return_date);
  g_free (self->install_due);
  g_free (self->pickup_due);
  g_free (self);
}

void
tlk_stop_free (TlkStop *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->order);
  g_free (self->kind);
  g_free (self->date);
  g_free (self->driver);
  g_free (self->failure);
  g_free (self->window);
  g_free (self->kit);
  g_free (self->device);
  g_free (self->done_at);
  g_free (self);
}

void
tlk_user_free (TlkUser *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->role);
  g_free (self);
}

void
tlk_kit_problem_free (TlkKitProblem *self)
{
  if (self == NULL)
    return;
  g_free (self->slot_kind);
  g_free (self->device);
  g_free (self->message);
  g_free (self);
}

static void
add_problem (GPtrArray         *problems,
             TlkKitProblemKind  kind,
             const char        *slot_kind,
             const char        *device,
             char              *message)
{
  TlkKitProblem *p = g_new0 (TlkKitProblem, 1);

  p->kind = kind;
  p->slot_kind = g_strdup (slot_kind);
  p->device = g_strdup (device);
  p->message = message;
  g_ptr_array_add (problems, p);
}

GPtrArray *
tlk_kit_check_complete (const TlkKitType *type,
                        GPtrArray        *devices,
                        GPtrArray        *models,
                        const char       *until)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) good = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (devices != NULL, NULL);
  g_return_val_if_fail (models != NULL && models->len == devices->len, NULL);
  g_return_val_if_fail (until != NULL, NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_kit_problem_free);
  good = g_hash_table_new (g_str_hash, g_str_equal);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Usable devices fill the slots of their kind; an expired device or one
   * due for calibration fills none, and one beyond the slots is extra. */
  for (guint i = 0; i < devices->len; i++)
    {
      const TlkDevice *device = g_ptr_array_index (devices, i);
      const TlkDeviceModel *model = g_ptr_array_index (models, i);
      const char *kind = model->kind;
      g_autofree char *shown = tlk_code_display (device->id);
      gboolean usable = TRUE;
      int n;

      if (device->expiry != NULL && strcmp (device->expiry, until) < 0)
        {
          add_problem (problems, TLK_KIT_PROBLEM_EXPIRED, kind, device->id,
                       g_strdup_printf (_("The %s %s expired on %s."),
                                        tlk_device_kind_describe (kind), shown, device->expiry));
          usable = FALSE;
        }
      if (device->calibration_due != NULL && strcmp (device->calibration_due, until) < 0)
        {
          add_problem (problems, TLK_KIT_PROBLEM_CALIBRATION, kind, device->id,
                       g_strdup_printf (_("The %s %s is due for calibration on %s."),
                                        tlk_device_kind_describe (kind), shown, device->calibration_due));
          usable = FALSE;
        }
      if (!usable)
        continue;

      n = GPOINTER_TO_INT (g_hash_table_lookup (good, kind)) + 1;
      g_hash_table_insert (good, (gpointer) kind, GINT_TO_POINTER (n));
      if (n > tlk_kit_type_slot_count (type, kind))
        add_problem (problems, TLK_KIT_PROBLEM_EXTRA, kind, device->id,
                     g_strdup_printf (_("The %s %s has no slot in this kit type."),
                                      tlk_device_kind_describe (kind), shown));
    }

  for (guint i = 0; i < type->slots->len; i++)
    {
      const TlkKitSlot *slot = g_ptr_array_index (type->slots, i);
      int have = GPOINTER_TO_INT (g_hash_table_lookup (good, slot->kind));
      int need = tlk_kit_type_slot_count (type, slot->kind);

      /* A kind may be split over several slot rows: report it once. */
      if (!g_hash_table_add (seen, slot->kind))
        continue;
      if (have < need)
        add_problem (problems, TLK_KIT_PROBLEM_MISSING, slot->kind, NULL,
                     g_strdup_printf (ngettext ("Missing %d %s.", "Missing %d × %s.", need - have),
                                      need - have, tlk_device_kind_describe (slot->kind)));
    }

  return g_steal_pointer (&problems);
}

G_DEFINE_QUARK (tlk-text-error-quark, tlk_text_error)

#define TLK_TEXT_MAX 2000

static gboolean
is_cpr_date (const char *d)
{
  int day = (d[0] - '0') * 10 + (d[1] - '0');
  int month = (d[2] - '0') * 10 + (d[3] - '0');

  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

gboolean
tlk_text_check_free (const char *field,
                     const char *text,
                     GError    **error)
{
  gsize len;

  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL)
    return TRUE;

  len = strlen (text);
  if (len > TLK_TEXT_MAX)
    {
      g_set_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_TOO_LONG,
                   _("The field “%s” is too long (%zu characters; at most %d)."),
                   field, len, TLK_TEXT_MAX);
      return FALSE;
    }

  /* A CPR number is DDMMYY-SSSS or DDMMYYSSSS with a real day and month,
   * standing on its own (not inside a longer number). */
  for (gsize i = 0; i + 10 <= len; i++)
    {
      const char *p = text + i;
      gsize digits_end;
      gboolean dash;

      if (i > 0 && g_ascii_isdigit (text[i - 1]))
        continue;
      for (digits_end = 0; digits_end < 6 && g_ascii_isdigit (p[digits_end]); digits_end++)
        ;
      if (digits_end != 6 || !is_cpr_date (p))
        continue;
      dash = p[6] == '-' || p[6] == ' ';
      if (dash && i + 11 > len)
        continue;
      {
        const char *q = p + 6 + (dash ? 1 : 0);
        if (g_ascii_isdigit (q[0]) && g_ascii_isdigit (q[1]) &&
            g_ascii_isdigit (q[2]) && g_ascii_isdigit (q[3]) &&
            !g_ascii_isdigit (q[4]))
          {
            g_set_error (error, TLK_TEXT_ERROR, TLK_TEXT_ERROR_CPR,
                         _("The field “%s” seems to contain a CPR number. Telekit must not store "
                           "CPR numbers: use the customer’s case reference instead."),
                         field);
            return FALSE;
          }
      }
    }
  return TRUE;
}
