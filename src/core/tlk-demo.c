/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-core"

#include "config.h"

#include "tlk-demo.h"

#include <string.h>

#include "tlk-code.h"
#include "tlk-entities.h"
#include "tlk-gs1.h"
#include "tlk-terms.h"
#include "tlk-world.h"

typedef struct
{
  const TlkDemoSink *sink;
  GRand             *rand;
  GRand             *admin_rand; /* price lists and thresholds (admin_event_new) */
  guint              n_kits;
  TlkWorld          *world;
  GHashTable        *codes;      /* every code handed out */
  GDateTime         *clock;      /* the current kit's time line */
  guint              serial;     /* device serial numbers */
  guint              citizens;
  guint              orders;

  /* Reference data made first. */
  GPtrArray         *customers;  /* ids */
  GPtrArray         *kits;       /* codes, in the order made */
  GPtrArray         *shelves;    /* location codes */
  GPtrArray         *vehicles;
  char              *goods_in;
  char              *quarantine;
  char              *cleaning;
  char              *repair;
} Demo;

/* The customers of Fælles Servicecenter for Telesundhed (seeds §1.1). */
static const char *const municipalities[] = {
  "Favrskov", "Hedensted", "Herning", "Holstebro", "Horsens", "Ikast-Brande", "Lemvig", "Norddjurs",
  "Odder", "Randers", "Ringkøbing-Skjern", "Samsø", "Silkeborg", "Skanderborg", "Skive", "Struer",
  "Syddjurs", "Viborg", "Aarhus",
};

static const char *const hospitals[] = {
  "Aarhus Universitetshospital", "Regionshospitalet Horsens", "Regionshospitalet Randers",
  "Hospitalsenhed Midt", "Hospitalsenheden Vest", "Regionspsykiatrien", "Præhospitalet",
};

typedef struct
{
  const char *id;
  const char *manufacturer;
  const char *name;
  const char *kind;
  int         calibration_months;
  int         shelf_life_months;
} DemoModel;

static const DemoModel models[] = {
  { "tablet-tab-a9", "Samsung", "Galaxy Tab A9", "tablet", 0, 0 },
  { "oximeter-3230", "Nonin", "Onyx 3230 Bluetooth", "pulse_oximeter", 24, 0 },
  { "scale-uc352", "A&D Medical", "UC-352BLE", "scale", 24, 0 },
  { "bp-ua651", "A&D Medical", "UA-651BLE", "bp_monitor", 24, 0 },
  { "glucose-guide", "Roche", "Accu-Chek Guide", "glucose_meter", 12, 60 },
  { "router-rut240", "Teltonika", "RUT240 4G", "router", 0, 0 },
};

typedef struct
{
  const char *id;
  const char *name;
  int         reorder_percent;  /* ready stock to reorder at, per hundred kits made */
  const char *slots[6];
} DemoKitType;

/* Heart failure is the programme that grows: its threshold is set so high
 * that the demo shows a low-stock warning. */
static const DemoKitType kit_types[] = {
  { "kol", "KOL-kuffert", 10, { "tablet", "pulse_oximeter", "scale", "router", NULL } },
  { "t2d", "Type 2-diabetes", 8, { "tablet", "bp_monitor", "glucose_meter", "router", NULL } },
  { "hf", "Hjertesvigt", 15, { "tablet", "bp_monitor", "scale", "pulse_oximeter", "router", NULL } },
};

/* A price list as agreed with a customer: SLA targets in working days,
 * prices in øre (kit-days in kit_types order). */
typedef struct
{
  int    install_days;
  int    pickup_days;
  gint64 kit_day[G_N_ELEMENTS (kit_types)];
  gint64 price[TLK_PRICE_N_ITEMS];
} DemoTerms;

#define DEMO_PRICES(delivery_, pickup_, swap_, service_, urgent_, failed_)                  \
  { [TLK_PRICE_DELIVERY] = (delivery_), [TLK_PRICE_PICKUP] = (pickup_), [TLK_PRICE_SWAP] = (swap_), \
    [TLK_PRICE_SERVICE] = (service_), [TLK_PRICE_URGENT] = (urgent_), [TLK_PRICE_FAILED_VISIT] = (failed_) }

/* The municipalities' common list; the region and hospital units with
 * shorter targets and dearer visits; Samsø with the ferry in its visits;
 * Aarhus's volume discount from the current month (make_today). */
static const DemoTerms terms_municipal = { 5, 10, { 1450, 975, 1625 },
                                           DEMO_PRICES (45000, 35000, 30000, 25000, 20000, 15000) };
static const DemoTerms terms_hospital = { 3, 5, { 1525, 1025, 1700 },
                                          DEMO_PRICES (49500, 37500, 32500, 27500, 20000, 15000) };
static const DemoTerms terms_island = { 5, 10, { 1450, 975, 1625 },
                                        DEMO_PRICES (65000, 55000, 50000, 45000, 20000, 25000) };
static const DemoTerms terms_discount = { 5, 8, { 1375, 925, 1550 },
                                          DEMO_PRICES (42500, 33000, 28500, 23500, 20000, 15000) };

/* Every customer's first price list, from before the demo's history. */
#define DEMO_TERMS_FROM "2024-01"

static const char *const first_names[] = {
  "Anna", "Bent", "Birgit", "Erik", "Grethe", "Hans", "Inge", "Jørgen", "Karen", "Knud",
  "Lis", "Ole", "Poul", "Ruth", "Svend", "Tove", "Aase", "Niels", "Kirsten", "Leif",
};
static const char *const last_names[] = {
  "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
  "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Østergaard", "Mølgaard",
};
static const char *const streets[] = {
  "Vestergade", "Østergade", "Søndergade", "Nørregade", "Skovvej", "Kirkevej", "Møllevej",
  "Bakkevej", "Engvej", "Åboulevarden", "Ålborgvej", "Præstevænget",
};

/* ---- helpers ----------------------------------------------------------- */

static char *
new_code (Demo       *demo,
          TlkCodeKind kind)
{
  for (;;)
    {
      char *code = tlk_code_make_random (kind, demo->rand);
      if (g_hash_table_add (demo->codes, code))
        return g_strdup (code);
    }
}

static void
advance (Demo *demo,
         int   min_minutes,
         int   max_minutes)
{
  GDateTime *next = g_date_time_add_minutes (demo->clock, g_rand_int_range (demo->rand, min_minutes, max_minutes + 1));

  g_date_time_unref (demo->clock);
  demo->clock = next;
}

static char *
clock_date (Demo *demo,
            int   plus_days)
{
  g_autoptr(GDateTime) t = g_date_time_add_days (demo->clock, plus_days);
  return g_date_time_format (t, "%Y-%m-%d");
}

static TlkEvent *
event_new (Demo        *demo,
           TlkEventType type,
           const char  *subject,
           const char  *actor)
{
  TlkEvent *event = tlk_event_new (type, subject, actor);

  g_free (event->event_id);
  event->event_id = tlk_uuid_new (demo->rand);
  g_free (event->occurred_at);
  event->occurred_at = g_date_time_format (demo->clock, "%Y-%m-%dT%H:%M:%S.000Z");
  advance (demo, 1, 20);
  return event;
}

/* Folds @event (taken) into the demo's own world, then hands it on. */
static gboolean
emit (Demo     *demo,
      TlkEvent *event,
      GError  **error)
{
  if (!tlk_world_apply (demo->world, event, error))
    {
      g_prefix_error (error, "demo %s %s: ", tlk_event_type_to_string (event->type), event->subject);
      tlk_event_free (event);
      return FALSE;
    }
  tlk_world_clear_dirty (demo->world);
  return demo->sink->event (event, demo->sink->user_data, error);
}

#define EMIT(e) G_STMT_START { if (!emit (demo, (e), error)) return FALSE; } G_STMT_END

static JsonArray *
steps_array (const char *const *ids,
             const char *const *names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "id", ids[i]);
      json_object_set_string_member (o, "name", names[i]);
      json_array_add_object_element (array, o);
    }
  return array;
}

static const char *
step_name_for_kind (const char *kind)
{
  if (strcmp (kind, "tablet") == 0)
    return "Funktionstest: tablet";
  if (strcmp (kind, "pulse_oximeter") == 0)
    return "Funktionstest: pulsoximeter";
  if (strcmp (kind, "scale") == 0)
    return "Funktionstest: vægt";
  if (strcmp (kind, "bp_monitor") == 0)
    return "Funktionstest: blodtryksmåler";
  if (strcmp (kind, "glucose_meter") == 0)
    return "Funktionstest: blodsukkermåler";
  return "Funktionstest: router";
}

/* ---- price lists and reorder thresholds --------------------------------- */

/* An admin's event drawn from its own random stream (event id, clock
 * step), so adding price lists and thresholds left every kit's history as
 * it was for a seed. */
static TlkEvent *
admin_event_new (Demo        *demo,
                 TlkEventType type,
                 const char  *subject)
{
  GRand *kits_rand = demo->rand;
  TlkEvent *event;

  demo->rand = demo->admin_rand;
  event = event_new (demo, type, subject, "admin");
  demo->rand = kits_rand;
  return event;
}

static gboolean
set_terms (Demo            *demo,
           const char      *customer,
           const char      *from,
           const DemoTerms *agreed,
           GError         **error)
{
  g_autoptr(TlkTerms) terms = tlk_terms_new (from);
  TlkEvent *e = admin_event_new (demo, TLK_EVENT_CUSTOMER_TERMS_SET, customer);

  terms->install_days = agreed->install_days;
  terms->pickup_days = agreed->pickup_days;
  for (guint i = 0; i < G_N_ELEMENTS (kit_types); i++)
    tlk_terms_set_kit_day_price (terms, kit_types[i].id, agreed->kit_day[i]);
  memcpy (terms->price, agreed->price, sizeof terms->price);
  json_object_unref (e->payload);
  e->payload = tlk_terms_to_json (terms);
  EMIT (e);
  return TRUE;
}

/* The customer id of municipality @name. */
static const char *
municipality_id (Demo       *demo,
                 const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (municipalities); i++)
    if (strcmp (municipalities[i], name) == 0)
      return g_ptr_array_index (demo->customers, i);
  g_return_val_if_reached (NULL);
}

static gboolean
make_terms (Demo    *demo,
            GError **error)
{
  const char *samso = municipality_id (demo, "Samsø");

  for (guint i = 0; i < demo->customers->len; i++)
    {
      const char *id = g_ptr_array_index (demo->customers, i);
      const DemoTerms *agreed = i >= G_N_ELEMENTS (municipalities) ? &terms_hospital
                                : strcmp (id, samso) == 0 ? &terms_island
                                : &terms_municipal;

      if (!set_terms (demo, id, DEMO_TERMS_FROM, agreed, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (kit_types); i++)
    {
      TlkEvent *e = admin_event_new (demo, TLK_EVENT_KIT_TYPE_REORDER_SET, kit_types[i].id);

      tlk_event_set_int (e, "reorder_at", MAX (2, (gint64) demo->n_kits * kit_types[i].reorder_percent / 100));
      EMIT (e);
    }
  return TRUE;
}

/* ---- reference data ---------------------------------------------------- */

static gboolean
make_reference (Demo    *demo,
                GError **error)
{
  static const char *const users[][3] = {
    { "mette", "Mette Sørensen", "warehouse" },
    { "jens", "Jens Kjær", "driver" },
    { "karim", "Karim Haddad", "driver" },
    { "anne", "Anne Holm", "coordinator" },
    { "admin", "Telekit-administrator", "admin" },
  };
  g_autofree char *warehouse = NULL;
  TlkEvent *e;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      e = event_new (demo, TLK_EVENT_USER_DEFINED, users[i][0], "admin");
      tlk_event_set_string (e, "name", users[i][1]);
      tlk_event_set_string (e, "role", users[i][2]);
      EMIT (e);
    }

  for (guint i = 0; i < G_N_ELEMENTS (municipalities) + 1 + G_N_ELEMENTS (hospitals); i++)
    {
      g_autofree char *digits = g_strdup_printf ("579800%06u", 1000 + i);
      g_autofree char *ean = tlk_gs1_add_check_digit (digits);
      g_autofree char *id = NULL;
      g_autofree char *name = NULL;
      const char *kind;

      if (i < G_N_ELEMENTS (municipalities))
        {
          g_autofree char *ascii = g_str_to_ascii (municipalities[i], "C");
          g_autofree char *lower = g_ascii_strdown (ascii, -1);
          id = g_strdup_printf ("kommune-%s", lower);
          name = g_strdup_printf ("%s Kommune", municipalities[i]);
          kind = "municipality";
        }
      else if (i == G_N_ELEMENTS (municipalities))
        {
          id = g_strdup ("region-midtjylland");
          name = g_strdup ("Region Midtjylland");
          kind = "region";
        }
      else
        {
          id = g_strdup_printf ("hospital-%u", i - (guint) G_N_ELEMENTS (municipalities));
          name = g_strdup (hospitals[i - G_N_ELEMENTS (municipalities) - 1]);
          kind = "hospital";
        }
      for (char *p = id; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          *p = '_';

      e = event_new (demo, TLK_EVENT_CUSTOMER_DEFINED, id, "admin");
      tlk_event_set_string (e, "name", name);
      tlk_event_set_string (e, "kind", kind);
      tlk_event_set_string (e, "ean", ean);
      EMIT (e);
      g_ptr_array_add (demo->customers, g_steal_pointer (&id));
    }

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *digits = g_strdup_printf ("0579000%06u", 4200 + i);
      g_autofree char *gtin = tlk_gs1_add_check_digit (digits);

      e = event_new (demo, TLK_EVENT_MODEL_DEFINED, models[i].id, "admin");
      tlk_event_set_string (e, "manufacturer", models[i].manufacturer);
      tlk_event_set_string (e, "name", models[i].name);
      tlk_event_set_string (e, "kind", models[i].kind);
      tlk_event_set_string (e, "gtin", gtin);
      tlk_event_set_string (e, "tracking", "serial");
      if (models[i].calibration_months > 0)
        tlk_event_set_int (e, "calibration_months", models[i].calibration_months);
      if (models[i].shelf_life_months > 0)
        tlk_event_set_int (e, "shelf_life_months", models[i].shelf_life_months);
      EMIT (e);
    }

  for (guint i = 0; i < G_N_ELEMENTS (kit_types); i++)
    {
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
      const char *ids[12] = { "clean", "wipe_tablet" };
      const char *names[12] = { "Rengøring og desinfektion", "Tablet nulstillet (data slettet)" };
      static const char *const install_ids[] = { "paired", "test_measurement", "router_online", NULL };
      static const char *const install_names[] = { "Enheder parret med tablet", "Testmåling sendt",
                                                   "Router online", NULL };
      JsonArray *slots = json_array_new ();
      guint n = 2;

      for (guint s = 0; kit_types[i].slots[s] != NULL; s++)
        {
          JsonObject *o = json_object_new ();
          const char *kind = kit_types[i].slots[s];

          json_object_set_string_member (o, "kind", kind);
          json_object_set_int_member (o, "count", 1);
          json_array_add_object_element (slots, o);
          ids[n] = g_strconcat ("test_", kind, NULL);
          g_ptr_array_add (owned, (gpointer) ids[n]);
          names[n] = step_name_for_kind (kind);
          n++;
        }
      ids[n] = "batteries";
      names[n] = "Batterier skiftet og opladet";
      n++;
      ids[n] = "contents";
      names[n] = "Indhold og etiketter kontrolleret";
      n++;
      ids[n] = NULL;
      names[n] = NULL;

      e = event_new (demo, TLK_EVENT_KIT_TYPE_DEFINED, kit_types[i].id, "admin");
      tlk_event_set_string (e, "name", kit_types[i].name);
      tlk_event_set_array (e, "slots", slots);
      tlk_event_set_array (e, "checklist", steps_array (ids, names));
      tlk_event_set_array (e, "install_checklist", steps_array (install_ids, install_names));
      EMIT (e);
    }

  /* The warehouse and its places. */
  warehouse = new_code (demo, TLK_CODE_KIND_LOCATION);
  e = event_new (demo, TLK_EVENT_LOCATION_DEFINED, warehouse, "admin");
  tlk_event_set_string (e, "name", "Centrallager Viborg");
  tlk_event_set_string (e, "kind", "warehouse");
  EMIT (e);

  {
    static const char *const places[][2] = {
      { "Varemodtagelse", "shelf" },
      { "Karantæne", "quarantine" },
      { "Rengøringsrum", "cleaning" },
      { "Reparation (leverandør)", "repair" },
    };
    char **slots_out[] = { &demo->goods_in, &demo->quarantine, &demo->cleaning, &demo->repair };

    for (guint i = 0; i < G_N_ELEMENTS (places); i++)
      {
        *slots_out[i] = new_code (demo, TLK_CODE_KIND_LOCATION);
        e = event_new (demo, TLK_EVENT_LOCATION_DEFINED, *slots_out[i], "admin");
        tlk_event_set_string (e, "name", places[i][0]);
        tlk_event_set_string (e, "kind", places[i][1]);
        if (strcmp (places[i][1], "repair") != 0)
          tlk_event_set_string (e, "parent", warehouse);
        EMIT (e);
      }
  }

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *code = new_code (demo, TLK_CODE_KIND_LOCATION);
      g_autofree char *name = g_strdup_printf ("Reol %c%u", 'A' + i / 4, i % 4 + 1);

      e = event_new (demo, TLK_EVENT_LOCATION_DEFINED, code, "admin");
      tlk_event_set_string (e, "name", name);
      tlk_event_set_string (e, "kind", "shelf");
      tlk_event_set_string (e, "parent", warehouse);
      EMIT (e);
      g_ptr_array_add (demo->shelves, g_steal_pointer (&code));
    }

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *code = new_code (demo, TLK_CODE_KIND_LOCATION);
      g_autofree char *name = g_strdup_printf ("Servicebil %u", i + 1);

      e = event_new (demo, TLK_EVENT_LOCATION_DEFINED, code, "admin");
      tlk_event_set_string (e, "name", name);
      tlk_event_set_string (e, "kind", "vehicle");
      EMIT (e);
      g_ptr_array_add (demo->vehicles, g_steal_pointer (&code));
    }
  return make_terms (demo, error);
}

/* ---- kits -------------------------------------------------------------- */

static const DemoModel *
model_for_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (strcmp (models[i].kind, kind) == 0)
      return &models[i];
  g_return_val_if_reached (&models[0]);
}

static const char *
pick (Demo      *demo,
      GPtrArray *array)
{
  return g_ptr_array_index (array, g_rand_int_range (demo->rand, 0, (gint32) array->len));
}

/* Registers a new device of @kind at goods-in; returns its code. */
static char *
receive_device (Demo       *demo,
                const char *kind,
                GError    **error)
{
  const DemoModel *model = model_for_kind (kind);
  g_autofree char *code = new_code (demo, TLK_CODE_KIND_DEVICE);
  g_autofree char *serial = g_strdup_printf ("SN%08u", ++demo->serial);
  g_autofree char *lot = g_strdup_printf ("L%02d%03d", g_rand_int_range (demo->rand, 20, 26),
                                          g_rand_int_range (demo->rand, 1, 999));
  TlkEvent *e = event_new (demo, TLK_EVENT_DEVICE_RECEIVED, code, "mette");

  tlk_event_set_string (e, "model", model->id);
  tlk_event_set_string (e, "serial", serial);
  tlk_event_set_string (e, "lot", lot);
  if (model->shelf_life_months > 0)
    {
      g_autofree char *expiry = clock_date (demo, 4 * 365 + g_rand_int_range (demo->rand, 0, 300));
      tlk_event_set_string (e, "expiry", expiry);
    }
  if (model->calibration_months > 0)
    {
      g_autofree char *due = clock_date (demo, 3 * 365 + g_rand_int_range (demo->rand, 0, 300));
      tlk_event_set_string (e, "calibration_due", due);
    }
  tlk_event_set_string (e, "location", demo->goods_in);
  if (!emit (demo, e, error))
    return NULL;
  return g_steal_pointer (&code);
}

static gboolean
add_device (Demo       *demo,
            const char *kit,
            const char *kind,
            GError    **error)
{
  g_autofree char *device = receive_device (demo, kind, error);
  TlkEvent *e;

  if (device == NULL)
    return FALSE;
  e = event_new (demo, TLK_EVENT_KIT_DEVICE_ADDED, kit, "mette");
  tlk_event_set_string (e, "device", device);
  EMIT (e);
  return TRUE;
}

static gboolean
simple (Demo        *demo,
        TlkEventType type,
        const char  *subject,
        const char  *actor,
        const char  *field,
        const char  *value,
        GError     **error)
{
  TlkEvent *e = event_new (demo, type, subject, actor);

  if (field != NULL)
    tlk_event_set_string (e, field, value);
  EMIT (e);
  return TRUE;
}

static gboolean
pass_steps (Demo       *demo,
            const char *kit_id,
            int         max_steps,
            GError    **error)
{
  TlkKit *kit = tlk_world_kit (demo->world, kit_id);
  TlkKitType *type = tlk_world_kit_type (demo->world, kit->kit_type);

  for (int i = 0; max_steps < 0 || i < max_steps; i++)
    {
      const TlkStep *step = tlk_kit_next_step (kit, type);
      if (step == NULL)
        break;
      if (!simple (demo, TLK_EVENT_KIT_STEP_PASSED, kit_id, "mette", "step", step->id, error))
        return FALSE;
      advance (demo, 3, 25);
    }
  return TRUE;
}

typedef enum
{
  STAGE_RESERVED,
  STAGE_OUT,
  STAGE_INSTALLED,
  STAGE_RETURNING,
  STAGE_QUARANTINE,
  STAGE_REPROCESSING,
  STAGE_ON_HOLD,
  STAGE_READY,       /* a whole visit: back on the shelf */
} Stage;

static char *
new_citizen (Demo    *demo,
             GError **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *phone = NULL;
  const char *notes = NULL;

  id = g_strdup_printf ("c%06u", ++demo->citizens);
  name = g_strdup_printf ("%s %s", first_names[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (first_names))],
                          last_names[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (last_names))]);
  address = g_strdup_printf ("%s %d, %s", streets[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (streets))],
                             g_rand_int_range (demo->rand, 1, 120),
                             municipalities[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (municipalities))]);
  phone = g_strdup_printf ("+45 %02d %02d %02d %02d", g_rand_int_range (demo->rand, 20, 99),
                           g_rand_int_range (demo->rand, 0, 99), g_rand_int_range (demo->rand, 0, 99),
                           g_rand_int_range (demo->rand, 0, 99));
  switch (g_rand_int_range (demo->rand, 0, 4))
    {
    case 0:
      notes = "Nøgle i nøgleboks ved hoveddøren, kode oplyses af hjemmeplejen.";
      break;
    case 1:
      notes = "Ring på hos naboen, hvis borgeren ikke åbner.";
      break;
    default:
      break;
    }

  if (demo->sink->citizen != NULL &&
      !demo->sink->citizen (id, name, address, phone, notes, demo->sink->user_data, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* A new order for @kit_type (order.received), wanted @date; its id. */
static char *
new_order (Demo       *demo,
           const char *kit_type,
           const char *date,
           GError    **error)
{
  g_autofree char *order = g_strdup_printf ("o%07u", ++demo->orders);
  g_autofree char *citizen = new_citizen (demo, error);
  g_autofree char *case_ref = NULL;
  TlkEvent *e;

  if (citizen == NULL)
    return NULL;
  case_ref = g_strdup_printf ("SAG-%d-%05u", g_date_time_get_year (demo->clock), demo->orders);
  e = event_new (demo, TLK_EVENT_ORDER_RECEIVED, order, "anne");
  tlk_event_set_string (e, "customer", pick (demo, demo->customers));
  tlk_event_set_string (e, "case_ref", case_ref);
  tlk_event_set_string (e, "kit_type", kit_type);
  tlk_event_set_string (e, "citizen", citizen);
  tlk_event_set_string (e, "requested_date", date);
  tlk_event_set_string (e, "priority", g_rand_int_range (demo->rand, 0, 10) == 0 ? "urgent" : "normal");
  if (!emit (demo, e, error))
    return NULL;
  return g_steal_pointer (&order);
}

/* One stay at a home, from order to @last. */
static gboolean
visit (Demo       *demo,
       const char *kit_id,
       Stage       last,
       GError    **error)
{
  TlkKit *kit = tlk_world_kit (demo->world, kit_id);
  g_autofree char *kit_type = g_strdup (kit->kit_type);
  g_autofree char *order = NULL;
  g_autofree char *delivery = new_code (demo, TLK_CODE_KIND_STOP);
  g_autofree char *pickup = new_code (demo, TLK_CODE_KIND_STOP);
  g_autofree char *date = NULL;
  const char *driver = g_rand_boolean (demo->rand) ? "jens" : "karim";
  const char *vehicle = pick (demo, demo->vehicles);
  g_autoptr(JsonArray) missing = NULL;
  TlkEvent *e;

  advance (demo, 60, 60 * 24 * 20);
  date = clock_date (demo, g_rand_int_range (demo->rand, 3, 10));
  if ((order = new_order (demo, kit_type, date, error)) == NULL)
    return FALSE;

  advance (demo, 30, 60 * 24);
  if (!simple (demo, TLK_EVENT_KIT_RESERVED, kit_id, "mette", "order", order, error))
    return FALSE;
  if (last == STAGE_RESERVED)
    return TRUE;

  e = event_new (demo, TLK_EVENT_STOP_PLANNED, delivery, "anne");
  tlk_event_set_string (e, "order", order);
  tlk_event_set_string (e, "kind", "delivery");
  tlk_event_set_string (e, "date", date);
  tlk_event_set_string (e, "driver", driver);
  tlk_event_set_int (e, "seq", g_rand_int_range (demo->rand, 1, 12));
  tlk_event_set_string (e, "kit", kit_id);
  EMIT (e);

  advance (demo, 60 * 24, 60 * 24 * 5);
  e = event_new (demo, TLK_EVENT_KIT_LOADED, kit_id, driver);
  tlk_event_set_string (e, "vehicle", vehicle);
  tlk_event_set_string (e, "driver", driver);
  EMIT (e);
  if (last == STAGE_OUT)
    return TRUE;

  advance (demo, 30, 300);
  if (!simple (demo, TLK_EVENT_KIT_INSTALLED, kit_id, driver, "stop", delivery, error))
    return FALSE;
  e = event_new (demo, TLK_EVENT_STOP_DONE, delivery, driver);
  tlk_event_set_bool (e, "signed", TRUE);
  EMIT (e);

  /* Now and then a device fails at the home and is swapped. */
  if (g_rand_int_range (demo->rand, 0, 8) == 0)
    {
      const char *out = g_ptr_array_index (kit->devices, g_rand_int_range (demo->rand, 0, (gint32) kit->devices->len));
      TlkDevice *device = tlk_world_device (demo->world, out);
      TlkDeviceModel *model = tlk_world_model (demo->world, device->model);
      g_autofree char *out_id = g_strdup (out);
      g_autofree char *in = NULL;

      advance (demo, 60 * 24, 60 * 24 * 30);
      in = receive_device (demo, model->kind, error);
      if (in == NULL)
        return FALSE;
      e = event_new (demo, TLK_EVENT_KIT_DEVICE_SWAPPED, kit_id, driver);
      tlk_event_set_string (e, "device_out", out_id);
      tlk_event_set_string (e, "device_in", in);
      tlk_event_set_string (e, "reason", "Måler viste fejlkode");
      EMIT (e);
      advance (demo, 60 * 24, 60 * 24 * 3);
      if (!simple (demo, TLK_EVENT_DEVICE_SENT_TO_REPAIR, out_id, "mette", "location", demo->repair, error))
        return FALSE;
    }
  if (last == STAGE_INSTALLED)
    return TRUE;

  advance (demo, 60 * 24 * 20, 60 * 24 * 150);
  if (!simple (demo, TLK_EVENT_ORDER_RETURN_REQUESTED, order, "anne", NULL, NULL, error))
    return FALSE;
  date = (g_free (date), clock_date (demo, g_rand_int_range (demo->rand, 2, 8)));
  e = event_new (demo, TLK_EVENT_STOP_PLANNED, pickup, "anne");
  tlk_event_set_string (e, "order", order);
  tlk_event_set_string (e, "kind", "pickup");
  tlk_event_set_string (e, "date", date);
  tlk_event_set_string (e, "driver", driver);
  tlk_event_set_int (e, "seq", g_rand_int_range (demo->rand, 1, 12));
  tlk_event_set_string (e, "kit", kit_id);
  EMIT (e);

  advance (demo, 60 * 24 * 2, 60 * 24 * 8);
  e = event_new (demo, TLK_EVENT_KIT_PICKED_UP, kit_id, driver);
  tlk_event_set_string (e, "stop", pickup);
  if (g_rand_int_range (demo->rand, 0, 12) == 0)
    {
      missing = json_array_new ();
      json_array_add_string_element (missing, g_ptr_array_index (kit->devices, kit->devices->len - 1));
      tlk_event_set_array (e, "missing", json_array_ref (missing));
    }
  EMIT (e);
  e = event_new (demo, TLK_EVENT_STOP_DONE, pickup, driver);
  tlk_event_set_bool (e, "signed", TRUE);
  EMIT (e);
  if (last == STAGE_RETURNING)
    return TRUE;

  advance (demo, 60, 60 * 24);
  if (!simple (demo, TLK_EVENT_KIT_RECEIVED, kit_id, "mette", "location", demo->quarantine, error))
    return FALSE;
  if (!simple (demo, TLK_EVENT_ORDER_CLOSED, order, "anne", NULL, NULL, error))
    return FALSE;
  if (last == STAGE_QUARANTINE)
    return TRUE;

  advance (demo, 60, 60 * 24 * 4);
  if (!simple (demo, TLK_EVENT_KIT_REPROCESSING_STARTED, kit_id, "mette", "location", demo->cleaning, error))
    return FALSE;

  /* A missing device is replaced before the checklist starts. */
  if (missing != NULL)
    {
      TlkDevice *lost = tlk_world_device (demo->world, json_array_get_string_element (missing, 0));
      TlkDeviceModel *model = tlk_world_model (demo->world, lost->model);

      if (!add_device (demo, kit_id, model->kind, error))
        return FALSE;
    }

  if (last == STAGE_REPROCESSING)
    return pass_steps (demo, kit_id, g_rand_int_range (demo->rand, 0, 4), error);

  if (last == STAGE_ON_HOLD)
    {
      TlkKitType *type = tlk_world_kit_type (demo->world, kit_type);

      if (!pass_steps (demo, kit_id, 2, error))
        return FALSE;
      e = event_new (demo, TLK_EVENT_KIT_STEP_FAILED, kit_id, "mette");
      tlk_event_set_string (e, "step", tlk_kit_next_step (kit, type)->id);
      tlk_event_set_string (e, "note", "Enheden tænder ikke");
      EMIT (e);
      return simple (demo, TLK_EVENT_KIT_HELD, kit_id, "mette", "reason", "Venter på reservedel", error);
    }

  if (!pass_steps (demo, kit_id, -1, error))
    return FALSE;
  return simple (demo, TLK_EVENT_KIT_RELEASED, kit_id, "mette", "location", pick (demo, demo->shelves), error);
}

static gboolean
make_kit (Demo    *demo,
          guint    index,
          guint    max_cycles,
          GError **error)
{
  const DemoKitType *type = &kit_types[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (kit_types))];
  g_autofree char *kit = new_code (demo, TLK_CODE_KIND_KIT);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 6, 8, 0, 0);
  guint roll = g_rand_int_range (demo->rand, 0, 100);
  guint cycles;
  Stage last;
  TlkEvent *e;

  g_clear_pointer (&demo->clock, g_date_time_unref);
  demo->clock = g_date_time_add_minutes (base, g_rand_int_range (demo->rand, 0, 60 * 24 * 90));

  e = event_new (demo, TLK_EVENT_KIT_CREATED, kit, "mette");
  tlk_event_set_string (e, "kit_type", type->id);
  tlk_event_set_string (e, "location", demo->goods_in);
  EMIT (e);
  g_ptr_array_add (demo->kits, g_strdup (kit));

  /* A few kits are still being assembled. */
  if (roll < 4)
    {
      for (guint s = 0; type->slots[s] != NULL && s < 2; s++)
        if (!add_device (demo, kit, type->slots[s], error))
          return FALSE;
      return TRUE;
    }

  for (guint s = 0; type->slots[s] != NULL; s++)
    if (!add_device (demo, kit, type->slots[s], error))
      return FALSE;
  if (!simple (demo, TLK_EVENT_KIT_RELEASED, kit, "mette", "location", pick (demo, demo->shelves), error))
    return FALSE;

  /* The second kit is always lost at a home, so the demo has one. */
  if (index == 1)
    {
      if (!visit (demo, kit, STAGE_INSTALLED, error))
        return FALSE;
      return simple (demo, TLK_EVENT_KIT_LOST, kit, "anne", "note", "Borger fraflyttet, udstyr ikke fundet", error);
    }

  cycles = max_cycles == 0 ? 0 : (guint) g_rand_int_range (demo->rand, 0, (gint32) max_cycles + 1);
  /* The first kit has been to a home and back at least once. */
  if (index == 0 && cycles == 0)
    cycles = 1;
  for (guint c = 0; c < cycles; c++)
    if (!visit (demo, kit, STAGE_READY, error))
      return FALSE;

  if (roll < 40)
    return TRUE;    /* ready on the shelf */
  last = roll < 45 ? STAGE_RESERVED
         : roll < 48 ? STAGE_OUT
         : roll < 76 ? STAGE_INSTALLED
         : roll < 80 ? STAGE_RETURNING
         : roll < 88 ? STAGE_QUARANTINE
         : roll < 95 ? STAGE_REPROCESSING
         : STAGE_ON_HOLD;
  return visit (demo, kit, last, error);
}

/* ---- today's work ------------------------------------------------------ */

/* The next kit ready on the shelf after @from in the order made; NULL
 * when none is left or @budget is spent (today's work takes at most a
 * quarter of the shelf, so small demos keep ready kits for their tests). */
static const char *
next_ready_kit (Demo  *demo,
                guint *from,
                guint *budget)
{
  if (*budget == 0)
    return NULL;
  for (; *from < demo->kits->len; (*from)++)
    {
      TlkKit *kit = tlk_world_kit (demo->world, g_ptr_array_index (demo->kits, *from));

      if (kit->state == TLK_KIT_READY)
        {
          (*budget)--;
          return g_ptr_array_index (demo->kits, (*from)++);
        }
    }
  return NULL;
}

static gboolean
plan_stop (Demo       *demo,
           const char *order,
           const char *kind,
           const char *driver,
           int         seq,
           const char *window,
           const char *device,
           char      **stop_out,
           GError    **error)
{
  g_autofree char *stop = new_code (demo, TLK_CODE_KIND_STOP);
  g_autofree char *today = tlk_date_today_local_iso ();
  TlkEvent *e = event_new (demo, TLK_EVENT_STOP_PLANNED, stop, "anne");

  tlk_event_set_string (e, "order", order);
  tlk_event_set_string (e, "kind", kind);
  tlk_event_set_string (e, "date", today);
  tlk_event_set_string (e, "driver", driver);
  tlk_event_set_int (e, "seq", seq);
  tlk_event_set_string (e, "window", window);
  if (device != NULL)
    tlk_event_set_string (e, "device", device);
  EMIT (e);
  if (stop_out != NULL)
    *stop_out = g_steal_pointer (&stop);
  return TRUE;
}

/*
 * What a service centre has on its hands this morning, so every view has
 * work to show: new orders without a kit, orders with a kit waiting for a
 * route, and today's routes of both drivers — jens with deliveries (one kit
 * already loaded), a pickup, a swap and a service visit. Dated today (the
 * real date), so the driver's view is never empty on the day it is shown.
 */
static gboolean
make_today (Demo    *demo,
            GError **error)
{
  static const char *const windows[] = { "08-10", "09-11", "10-12", "11-13", "12-14", "13-15", "14-16" };
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) midnight = g_date_time_new_now_utc ();
  guint from = 0;
  guint budget = 0;
  int jens_seq = 0, karim_seq = 0;

  /* From today's midnight: the same data for a seed all day. */
  now = g_date_time_new_utc (g_date_time_get_year (midnight), g_date_time_get_month (midnight),
                             g_date_time_get_day_of_month (midnight), 0, 0, 0);
  for (guint i = 0; i < demo->kits->len; i++)
    if (tlk_world_kit (demo->world, g_ptr_array_index (demo->kits, i))->state == TLK_KIT_READY)
      budget++;
  budget /= 4;

  /* Aarhus agreed last month on a new price list from this month. */
  g_clear_pointer (&demo->clock, g_date_time_unref);
  demo->clock = g_date_time_add_days (now, -30);
  {
    g_autofree char *month = g_date_time_format (now, "%Y-%m");

    if (!set_terms (demo, municipality_id (demo, "Aarhus"), month, &terms_discount, error))
      return FALSE;
  }

  /* Histories end months ago; today's work starts three weeks back. */
  g_clear_pointer (&demo->clock, g_date_time_unref);
  demo->clock = g_date_time_add_days (now, -21);

  /* Installed at homes earlier: one to pick up, one with a faulty device,
   * one for a service visit (all on jens's route). */
  for (guint i = 0; i < 3; i++)
    {
      const char *kit_id = next_ready_kit (demo, &from, &budget);
      TlkKit *kit;
      g_autofree char *device = NULL;

      if (kit_id == NULL)
        return TRUE;
      if (!visit (demo, kit_id, STAGE_INSTALLED, error))
        return FALSE;
      kit = tlk_world_kit (demo->world, kit_id);
      if (i == 0)
        {
          if (!simple (demo, TLK_EVENT_ORDER_RETURN_REQUESTED, kit->order, "anne", NULL, NULL, error))
            return FALSE;
          if (!plan_stop (demo, kit->order, "pickup", "jens", 3, windows[4], NULL, NULL, error))
            return FALSE;
        }
      else if (i == 1)
        {
          TlkDevice *first = tlk_world_device (demo->world, g_ptr_array_index (kit->devices, 1));
          TlkDeviceModel *model = tlk_world_model (demo->world, first->model);

          if ((device = receive_device (demo, model->kind, error)) == NULL)
            return FALSE;
          if (!plan_stop (demo, kit->order, "swap", "jens", 4, windows[5], device, NULL, error))
            return FALSE;
        }
      else if (!plan_stop (demo, kit->order, "service", "jens", 5, windows[6], NULL, NULL, error))
        return FALSE;
    }

  /* Deliveries today: kits reserved, stops planned; jens's first kit is
   * already in his van. */
  g_clear_pointer (&demo->clock, g_date_time_unref);
  demo->clock = g_date_time_add_days (now, -4);
  for (guint i = 0; i < 4; i++)
    {
      const char *kit_id = next_ready_kit (demo, &from, &budget);
      const char *driver = i < 2 ? "jens" : "karim";
      int *seq = i < 2 ? &jens_seq : &karim_seq;
      TlkKit *kit;

      if (kit_id == NULL)
        return TRUE;
      if (!visit (demo, kit_id, STAGE_RESERVED, error))
        return FALSE;
      kit = tlk_world_kit (demo->world, kit_id);
      ++*seq;
      if (!plan_stop (demo, kit->order, "delivery", driver, *seq, windows[*seq - 1], NULL, NULL, error))
        return FALSE;
      if (i == 0)
        {
          TlkEvent *e = event_new (demo, TLK_EVENT_KIT_LOADED, kit_id, driver);

          tlk_event_set_string (e, "vehicle", g_ptr_array_index (demo->vehicles, 0));
          tlk_event_set_string (e, "driver", driver);
          EMIT (e);
        }
    }

  /* Orders with a kit waiting for a route, and new orders without one. */
  for (guint i = 0; i < 3; i++)
    {
      const char *kit_id = next_ready_kit (demo, &from, &budget);

      if (kit_id == NULL)
        return TRUE;
      if (!visit (demo, kit_id, STAGE_RESERVED, error))
        return FALSE;
    }
  g_clear_pointer (&demo->clock, g_date_time_unref);
  demo->clock = g_date_time_add_days (now, -1);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *date = clock_date (demo, g_rand_int_range (demo->rand, 3, 12));
      g_autofree char *order = new_order (demo, kit_types[i % G_N_ELEMENTS (kit_types)].id, date, error);

      if (order == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
tlk_demo_generate (const TlkDemoOptions *options,
                   const TlkDemoSink    *sink,
                   GError              **error)
{
  Demo demo = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (sink != NULL && sink->event != NULL, FALSE);

  demo.sink = sink;
  demo.rand = g_rand_new_with_seed (options->seed);
  demo.admin_rand = g_rand_new_with_seed (options->seed ^ 0x5a17u);
  demo.n_kits = options->n_kits;
  demo.world = tlk_world_new (NULL, NULL);
  demo.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.clock = g_date_time_new_utc (2025, 1, 2, 8, 0, 0);
  demo.customers = g_ptr_array_new_with_free_func (g_free);
  demo.kits = g_ptr_array_new_with_free_func (g_free);
  demo.shelves = g_ptr_array_new_with_free_func (g_free);
  demo.vehicles = g_ptr_array_new_with_free_func (g_free);

  ok = make_reference (&demo, error);
  for (guint i = 0; ok && i < options->n_kits; i++)
    ok = make_kit (&demo, i, options->max_cycles, error);
  if (ok && options->today)
    ok = make_today (&demo, error);

  g_rand_free (demo.rand);
  g_rand_free (demo.admin_rand);
  tlk_world_free (demo.world);
  g_hash_table_unref (demo.codes);
  g_date_time_unref (demo.clock);
  g_ptr_array_unref (demo.customers);
  g_ptr_array_unref (demo.kits);
  g_ptr_array_unref (demo.shelves);
  g_ptr_array_unref (demo.vehicles);
  g_free (demo.goods_in);
  g_free (demo.quarantine);
  g_free (demo.cleaning);
  g_free (demo.repair);
  return ok;
}
