/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tlk-calendar.h"
#include "tlk-code.h"
#include "tlk-demo.h"
#include "tlk-gs1.h"
#include "tlk-label-writer.h"
#include "tlk-label.h"
#include "tlk-billing-pdf.h"
#include "tlk-role.h"
#include "tlk-scan.h"
#include "tlk-store.h"
#include "tlk-store-billing.h"
#include "tlk-store-sync.h"
#include "tlk-store-orders.h"
#include "tlk-sync.h"
#include "tlk-terms.h"

/*
 * telekit-cli: the operations of DESIGN §8 without a display. Every command
 * takes --db PATH, exits 0 on success and non-zero with a one-line reason on
 * stderr, and prints JSON with --json where it prints data.
 */

typedef struct
{
  char     *db;
  gboolean  json;
} Globals;

static int
fail (const char *fmt,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *fmt,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  /* One line, whatever the message holds. */
  g_strdelimit (msg, "\n", ' ');
  g_printerr ("telekit-cli: %s\n", msg);
  return 1;
}

static char *
default_db (void)
{
  return g_build_filename (g_get_user_data_dir (), "telekit", "telekit.db", NULL);
}

static TlkStore *
open_store (Globals *g,
            GError **error)
{
  g_autofree char *dir = g_path_get_dirname (g->db);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (errno));
      return NULL;
    }
  return tlk_store_open (g->db, error);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  {
    g_autofree char *text = json_generator_to_data (gen, NULL);
    g_print ("%s\n", text);
  }
}

static void
member_str (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static gboolean
parse_options (GOptionEntry *entries,
               const char   *usage,
               int          *argc,
               char       ***argv,
               GError      **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (usage);

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (ctx, argc, argv, error);
}

/* ---- init / demo / rebuild ------------------------------------------- */

static int
cmd_init (Globals *g,
          int      argc,
          char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = open_store (g, &error);

  if (store == NULL)
    return fail ("%s", error->message);
  g_print (_("Database %s is ready (version %d).\n"), g->db, tlk_store_get_version (store));
  return 0;
}

static int
cmd_demo (Globals *g,
          int      argc,
          char   **argv)
{
  int kits = 200;
  int seed = 1;
  int cycles = 3;
  gboolean today = FALSE;
  GOptionEntry entries[] = {
    { "kits", 0, 0, G_OPTION_ARG_INT, &kits, N_("Number of kits (default 200)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 1)"), "S" },
    { "cycles", 0, 0, G_OPTION_ARG_INT, &cycles, N_("Home visits per kit at most (default 3)"), "C" },
    { "today", 0, 0, G_OPTION_ARG_NONE, &today, N_("Add today’s work: new orders and today’s routes"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  TlkDemoOptions options = { 0 };
  guint64 count = 0;

  if (!parse_options (entries, "demo", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (kits < 0 || cycles < 0)
    return fail (_("--kits and --cycles must be 0 or more."));
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);

  options.n_kits = kits;
  options.seed = seed;
  options.max_cycles = cycles;
  options.today = today;
  if (!tlk_store_load_demo (store, &options, &count, &error))
    return fail ("%s", error->message);

  {
    g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
    g_print (_("Loaded demo data into %s: %d kits, %s events.\n"), g->db, kits, n);
  }
  return 0;
}

static int
cmd_rebuild (Globals *g,
             int      argc,
             char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = open_store (g, &error);

  if (store == NULL)
    return fail ("%s", error->message);
  if (!tlk_store_rebuild (store, &error))
    return fail ("%s", error->message);
  {
    g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, tlk_store_count_events (store));
    g_print (_("Rebuilt every projection from %s events.\n"), n);
  }
  return 0;
}

/* ---- list ------------------------------------------------------------- */

static const char *
location_name (TlkStore   *store,
               GHashTable *cache,
               const char *id)
{
  TlkLocation *location;

  if (id == NULL)
    return NULL;
  location = g_hash_table_lookup (cache, id);
  if (location == NULL && (location = tlk_store_load (store, TLK_SUBJECT_LOCATION, id)) != NULL)
    g_hash_table_insert (cache, location->id, location);
  return location ? location->name : id;
}

static int
list_kits (Globals    *g,
           TlkStore   *store,
           const char *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kits = tlk_store_list_kits (store, state, NULL, NULL, &error);
  g_autoptr(GHashTable) locations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) tlk_location_free);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (kits == NULL)
    return fail ("%s", error->message);

  json_builder_begin_array (b);
  for (guint i = 0; i < kits->len; i++)
    {
      TlkKit *kit = g_ptr_array_index (kits, i);
      const char *where = kit->location ? location_name (store, locations, kit->location) : kit->custodian;

      if (g->json)
        {
          json_builder_begin_object (b);
          member_str (b, "code", kit->id);
          member_str (b, "kit_type", kit->kit_type);
          member_str (b, "state", tlk_kit_state_to_string (kit->state));
          member_str (b, "location", where);
          member_str (b, "location_code", kit->location);
          member_str (b, "custodian", kit->custodian);
          member_str (b, "order", kit->order);
          json_builder_end_object (b);
        }
      else
        g_print ("%s\t%s\t%s\t%s\n", kit->id, kit->kit_type, tlk_kit_state_to_string (kit->state),
                 where ? where : "");
    }
  json_builder_end_array (b);
  if (g->json)
    print_json (b);
  return 0;
}

static int
list_records (Globals       *g,
              TlkStore      *store,
              TlkSubjectKind kind,
              const char    *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = tlk_store_list (store, kind, state, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (rows == NULL)
    return fail ("%s", error->message);

  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      gpointer row = g_ptr_array_index (rows, i);
      const char *cols[10] = { NULL };
      const char *names[10] = { NULL };
      guint n = 0;

#define COL(name_, value_) (names[n] = (name_), cols[n++] = (value_))
      switch (kind)
        {
        case TLK_SUBJECT_CUSTOMER:
          COL ("id", ((TlkCustomer *) row)->id);
          COL ("name", ((TlkCustomer *) row)->name);
          COL ("kind", ((TlkCustomer *) row)->kind);
          COL ("ean", ((TlkCustomer *) row)->ean);
          break;
        case TLK_SUBJECT_LOCATION:
          COL ("code", ((TlkLocation *) row)->id);
          COL ("name", ((TlkLocation *) row)->name);
          COL ("kind", ((TlkLocation *) row)->kind);
          COL ("parent", ((TlkLocation *) row)->parent);
          break;
        case TLK_SUBJECT_MODEL:
          COL ("id", ((TlkDeviceModel *) row)->id);
          COL ("manufacturer", ((TlkDeviceModel *) row)->manufacturer);
          COL ("name", ((TlkDeviceModel *) row)->name);
          COL ("kind", ((TlkDeviceModel *) row)->kind);
          COL ("gtin", ((TlkDeviceModel *) row)->gtin);
          break;
        case TLK_SUBJECT_KIT_TYPE:
          COL ("id", ((TlkKitType *) row)->id);
          COL ("name", ((TlkKitType *) row)->name);
          break;
        case TLK_SUBJECT_USER:
          COL ("id", ((TlkUser *) row)->id);
          COL ("name", ((TlkUser *) row)->name);
          COL ("role", ((TlkUser *) row)->role);
          break;
        case TLK_SUBJECT_DEVICE:
          COL ("code", ((TlkDevice *) row)->id);
          COL ("model", ((TlkDevice *) row)->model);
          COL ("serial", ((TlkDevice *) row)->serial);
          COL ("lot", ((TlkDevice *) row)->lot);
          COL ("state", tlk_device_state_to_string (((TlkDevice *) row)->state));
          COL ("kit", ((TlkDevice *) row)->kit);
          COL ("expiry", ((TlkDevice *) row)->expiry);
          COL ("calibration_due", ((TlkDevice *) row)->calibration_due);
          break;
        case TLK_SUBJECT_ORDER:
          COL ("id", ((TlkOrder *) row)->id);
          COL ("customer", ((TlkOrder *) row)->customer);
          COL ("case_ref", ((TlkOrder *) row)->case_ref);
          COL ("kit_type", ((TlkOrder *) row)->kit_type);
          COL ("state", tlk_order_state_to_string (((TlkOrder *) row)->state));
          COL ("kit", ((TlkOrder *) row)->kit);
          COL ("requested_date", ((TlkOrder *) row)->requested_date);
          break;
        case TLK_SUBJECT_KIT:
        case TLK_SUBJECT_STOP:
        default:
          g_assert_not_reached ();
        }
#undef COL

      if (g->json)
        {
          json_builder_begin_object (b);
          for (guint c = 0; c < n; c++)
            member_str (b, names[c], cols[c]);
          if (kind == TLK_SUBJECT_KIT_TYPE)
            {
              json_builder_set_member_name (b, "reorder_at");
              json_builder_add_int_value (b, ((TlkKitType *) row)->reorder_at);
            }
          json_builder_end_object (b);
        }
      else
        {
          for (guint c = 0; c < n; c++)
            g_print ("%s%s", c > 0 ? "\t" : "", cols[c] ? cols[c] : "");
          if (kind == TLK_SUBJECT_KIT_TYPE)
            g_print ("\t%d", ((TlkKitType *) row)->reorder_at);
          g_print ("\n");
        }
    }
  json_builder_end_array (b);
  if (g->json)
    print_json (b);
  return 0;
}

static int
list_actions (Globals *g)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (int a = 1; a < TLK_ACTION_N; a++)
    {
      g_autofree char *code = tlk_action_code (a);

      if (g->json)
        {
          json_builder_begin_object (b);
          member_str (b, "code", code);
          member_str (b, "action", tlk_action_to_string (a));
          member_str (b, "name", tlk_action_describe (a));
          json_builder_end_object (b);
        }
      else
        g_print ("%s\t%s\t%s\n", code, tlk_action_to_string (a), tlk_action_describe (a));
    }
  json_builder_end_array (b);
  if (g->json)
    print_json (b);
  return 0;
}

static int
cmd_list (Globals *g,
          int      argc,
          char   **argv)
{
  g_autofree char *state = NULL;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only records in this state"), "S" },
    { NULL }
  };
  static const struct { const char *name; int kind; } kinds[] = {
    { "kits", TLK_SUBJECT_KIT }, { "devices", TLK_SUBJECT_DEVICE }, { "customers", TLK_SUBJECT_CUSTOMER },
    { "kit-types", TLK_SUBJECT_KIT_TYPE }, { "locations", TLK_SUBJECT_LOCATION }, { "orders", TLK_SUBJECT_ORDER },
    { "users", TLK_SUBJECT_USER }, { "models", TLK_SUBJECT_MODEL }, { "actions", -1 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  if (!parse_options (entries, "kits|devices|customers|kit-types|locations|actions|orders|users|models",
                      &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 2)
    return fail (_("Say what to list: kits, devices, customers, kit-types, locations, actions, orders, users or models."));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (strcmp (kinds[i].name, argv[1]) != 0)
        continue;
      if (kinds[i].kind < 0)
        return list_actions (g);
      if (state != NULL)
        {
          gboolean known = kinds[i].kind == TLK_SUBJECT_KIT ? tlk_kit_state_from_string (state) != TLK_KIT_N_STATES
                           : kinds[i].kind == TLK_SUBJECT_DEVICE ? tlk_device_state_from_string (state) != TLK_DEVICE_N_STATES
                           : kinds[i].kind == TLK_SUBJECT_ORDER ? tlk_order_state_from_string (state) != TLK_ORDER_N_STATES
                           : FALSE;
          if (!known)
            return fail (_("“%s” is not a state of %s."), state, argv[1]);
        }
      if ((store = open_store (g, &error)) == NULL)
        return fail ("%s", error->message);
      if (kinds[i].kind == TLK_SUBJECT_KIT)
        return list_kits (g, store, state);
      return list_records (g, store, kinds[i].kind, state);
    }
  return fail (_("Cannot list “%s”: say kits, devices, customers, kit-types, locations, actions, orders, users or models."),
               argv[1]);
}

/* ---- kit show / history ------------------------------------------------ */

static char *
parse_code_arg (const char  *input,
                TlkCodeKind  want,
                GError     **error)
{
  TlkCodeKind kind;
  g_autofree char *code = tlk_code_parse (input, &kind, error);

  if (code == NULL)
    return NULL;
  if (kind != want)
    {
      g_autofree char *shown = tlk_code_format (code);
      /* Only kit codes are asked for on the command line so far. */
      g_set_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_KIND, _("%s is not a kit code; kit codes start with K."),
                   shown);
      return NULL;
    }
  return g_steal_pointer (&code);
}

static int
kit_show (Globals    *g,
          TlkStore   *store,
          const char *code)
{
  g_autoptr(TlkWorld) world = tlk_store_new_world (store);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GArray) fills = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *today = tlk_date_today_iso ();
  g_autofree char *shown = tlk_code_format (code);
  TlkKit *kit = tlk_world_kit (world, code);
  TlkLocation *location;
  TlkKitType *type;
  const char *where;

  if (kit == NULL)
    return fail (_("Kit %s is not registered in Telekit."), shown);
  type = tlk_world_kit_type (world, kit->kit_type);
  problems = tlk_world_kit_problems (world, kit, today);
  fills = tlk_world_kit_slot_fills (world, kit);
  location = tlk_world_location (world, kit->location);
  where = location ? location->name : kit->location;

  json_builder_begin_object (b);
  member_str (b, "code", kit->id);
  member_str (b, "kit_type", kit->kit_type);
  member_str (b, "kit_type_name", type ? type->name : NULL);
  member_str (b, "state", tlk_kit_state_to_string (kit->state));
  member_str (b, "location", where);
  member_str (b, "location_code", kit->location);
  member_str (b, "custodian", kit->custodian);
  member_str (b, "order", kit->order);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, problems->len == 0);

  if (!g->json)
    {
      g_print (_("Kit:       %s\n"), shown);
      g_print (_("Type:      %s (%s)\n"), type ? type->name : kit->kit_type, kit->kit_type);
      g_print (_("State:     %s — %s\n"), tlk_kit_state_to_string (kit->state), tlk_kit_state_describe (kit->state));
      if (where != NULL)
        g_print (_("Location:  %s\n"), where);
      if (kit->custodian != NULL)
        g_print (_("With:      %s\n"), kit->custodian);
      if (kit->order != NULL)
        g_print (_("Order:     %s\n"), kit->order);
      g_print (_("Complete:  %s\n"), problems->len == 0 ? _("yes") : _("no"));
      g_print (_("Slots:\n"));
    }

  json_builder_set_member_name (b, "slots");
  json_builder_begin_array (b);
  for (guint i = 0; i < fills->len; i++)
    {
      const TlkSlotFill *fill = &g_array_index (fills, TlkSlotFill, i);
      TlkDevice *found = fill->device;

      json_builder_begin_object (b);
      member_str (b, "kind", fill->kind);
      member_str (b, "device", found ? found->id : NULL);
      member_str (b, "serial", found ? found->serial : NULL);
      member_str (b, "model", found ? found->model : NULL);
      member_str (b, "expiry", found ? found->expiry : NULL);
      member_str (b, "calibration_due", found ? found->calibration_due : NULL);
      json_builder_end_object (b);
      if (!g->json)
        {
          g_autofree char *dshown = found ? tlk_code_format (found->id) : g_strdup (_("— empty —"));
          g_print ("  %-24s %-16s %s\n", tlk_device_kind_describe (fill->kind), dshown, found ? found->serial : "");
        }
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    {
      const TlkKitProblem *p = g_ptr_array_index (problems, i);
      json_builder_add_string_value (b, p->message);
      if (!g->json)
        g_print (_("Problem:   %s\n"), p->message);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "missing");
  json_builder_begin_array (b);
  for (guint i = 0; i < kit->missing->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (kit->missing, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "checklist");
  json_builder_begin_array (b);
  for (guint i = 0; type != NULL && i < type->checklist->len; i++)
    {
      const TlkStep *step = g_ptr_array_index (type->checklist, i);
      gboolean passed = tlk_kit_step_passed (kit, step->id);

      json_builder_begin_object (b);
      member_str (b, "step", step->id);
      member_str (b, "name", step->name);
      json_builder_set_member_name (b, "passed");
      json_builder_add_boolean_value (b, passed);
      json_builder_end_object (b);
      if (!g->json && kit->state == TLK_KIT_REPROCESSING)
        g_print ("  [%s] %s\n", passed ? "x" : " ", step->name);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  if (g->json)
    print_json (b);
  return 0;
}

static int
kit_history (Globals    *g,
             TlkStore   *store,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = tlk_store_history (store, code, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *shown = tlk_code_format (code);

  if (events == NULL)
    return fail ("%s", error->message);
  if (events->len == 0)
    return fail (_("Kit %s is not registered in Telekit."), shown);

  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    {
      TlkEvent *e = g_ptr_array_index (events, i);
      g_autofree char *payload = tlk_event_payload_to_string (e);

      if (g->json)
        {
          json_builder_begin_object (b);
          member_str (b, "event_id", e->event_id);
          member_str (b, "type", tlk_event_type_to_string (e->type));
          member_str (b, "actor", e->actor);
          member_str (b, "occurred_at", e->occurred_at);
          json_builder_set_member_name (b, "server_seq");
          if (e->server_seq > 0)
            json_builder_add_int_value (b, e->server_seq);
          else
            json_builder_add_null_value (b);
          member_str (b, "device_id", e->device_id);
          json_builder_set_member_name (b, "device_seq");
          json_builder_add_int_value (b, e->device_seq);
          json_builder_set_member_name (b, "payload");
          json_builder_add_value (b, json_node_init_object (json_node_alloc (), e->payload));
          json_builder_end_object (b);
        }
      else
        g_print ("%.16s  %-8s  %-26s %s  %s\n", e->occurred_at, e->actor, tlk_event_type_to_string (e->type),
                 tlk_event_type_describe (e->type), strcmp (payload, "{}") == 0 ? "" : payload);
    }
  json_builder_end_array (b);
  if (g->json)
    print_json (b);
  return 0;
}

static int
cmd_kit (Globals *g,
         int      argc,
         char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autofree char *code = NULL;

  if (argc != 3 || (strcmp (argv[1], "show") != 0 && strcmp (argv[1], "history") != 0))
    return fail (_("Usage: telekit-cli kit show|history CODE"));
  if ((code = parse_code_arg (argv[2], TLK_CODE_KIND_KIT, &error)) == NULL)
    return fail ("%s", error->message);
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);
  if (strcmp (argv[1], "show") == 0)
    return kit_show (g, store, code);
  return kit_history (g, store, code);
}

/* ---- scan --------------------------------------------------------------- */

static int
cmd_scan (Globals *g,
          int      argc,
          char   **argv)
{
  g_autofree char *user = NULL;
  g_autofree char *model = NULL;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Who scans (default: cli)"), "U" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model,
      N_("The device model of barcodes with an unknown product number (GTIN)"), "ID" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkScanSession) session = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint refused = 0;

  if (!parse_options (entries, "CODE…", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc < 2)
    return fail (_("Give one or more codes to scan."));
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);

  session = tlk_scan_session_new (user ? user : "cli");
  json_builder_begin_array (b);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(TlkWorld) world = tlk_store_new_world (store);
      g_autoptr(TlkScanResult) result = NULL;
      g_autoptr(GError) scan_error = NULL;

      result = tlk_scan_session_handle (session, world, argv[i], &scan_error);
      if (result != NULL && result->outcome == TLK_SCAN_NEEDS_MODEL)
        {
          g_autofree char *question = g_steal_pointer (&result->message);

          g_clear_pointer (&result, tlk_scan_result_free);
          if (model != NULL)
            result = tlk_scan_session_choose_model (session, world, model, &scan_error);
          else
            g_set_error (&scan_error, TLK_SCAN_ERROR, TLK_SCAN_ERROR_BARCODE,
                         _("%s Say it with --model (see telekit-cli list models)."), question);
        }
      if (result != NULL && result->events->len > 0 &&
          !tlk_store_append_batch (store, result->events, &scan_error))
        g_clear_pointer (&result, tlk_scan_result_free);

      json_builder_begin_object (b);
      member_str (b, "input", argv[i]);
      member_str (b, "code", result ? result->code : NULL);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, result != NULL);
      member_str (b, "message", result ? result->message : scan_error->message);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (guint e = 0; result != NULL && e < result->events->len; e++)
        json_builder_add_string_value (b, tlk_event_type_to_string (((TlkEvent *) g_ptr_array_index (result->events, e))->type));
      json_builder_end_array (b);
      json_builder_end_object (b);

      if (result == NULL)
        {
          refused++;
          if (!g->json)
            g_printerr (_("REFUSED  %s: %s\n"), argv[i], scan_error->message);
        }
      else if (!g->json)
        g_print (_("OK       %s\n"), result->message);
    }
  json_builder_end_array (b);
  if (g->json)
    print_json (b);
  if (tlk_scan_session_get_checked (session) != NULL)
    {
      g_autofree char *open = tlk_code_format (tlk_scan_session_get_kit (session));
      g_printerr (_("telekit-cli: kit %s was not received: scan it again at the end to record missing devices.\n"),
                  open);
      refused++;
    }
  if (refused > 0)
    {
      g_printerr (ngettext ("telekit-cli: %u code was refused.\n", "telekit-cli: %u codes were refused.\n",
                            refused), refused);
      return 1;
    }
  return 0;
}

/* ---- gs1 ---------------------------------------------------------------- */

static int
cmd_gs1 (Globals *g,
         int      argc,
         char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkGs1) gs1 = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *input = NULL;
  char expiry[16] = "";

  if (argc != 2)
    return fail (_("Usage: telekit-cli gs1 STRING (GS as the character 0x1D, or written \\x1d or <GS>)"));

  /* Shells cannot easily pass 0x1D: accept the usual spellings too. */
  {
    g_autoptr(GString) s = g_string_new (argv[1]);
    g_string_replace (s, "\\x1d", "\x1d", 0);
    g_string_replace (s, "\\x1D", "\x1d", 0);
    g_string_replace (s, "<GS>", "\x1d", 0);
    input = g_string_free (g_steal_pointer (&s), FALSE);
  }

  if ((gs1 = tlk_gs1_parse (input, &error)) == NULL)
    return fail ("%s", error->message);
  if (gs1->expiry != NULL)
    g_date_strftime (expiry, sizeof expiry, "%Y-%m-%d", gs1->expiry);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  for (guint i = 0; i < gs1->elements->len; i++)
    {
      const TlkGs1Element *el = g_ptr_array_index (gs1->elements, i);
      json_builder_begin_object (b);
      member_str (b, "ai", el->ai);
      member_str (b, "value", el->value);
      json_builder_end_object (b);
      if (!g->json)
        g_print ("(%s) %s\n", el->ai, el->value);
    }
  json_builder_end_array (b);
  if (gs1->gtin)
    member_str (b, "gtin", gs1->gtin);
  if (gs1->lot)
    member_str (b, "lot", gs1->lot);
  if (gs1->serial)
    member_str (b, "serial", gs1->serial);
  if (gs1->expiry)
    member_str (b, "expiry", expiry);
  json_builder_end_object (b);

  if (g->json)
    print_json (b);
  else if (gs1->expiry != NULL)
    g_print (_("expiry %s\n"), expiry);
  return 0;
}

/* ---- export ------------------------------------------------------------- */

/* CSV as Danish Excel reads it: UTF-8 with BOM, semicolons, CRLF. */
static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value != NULL && strpbrk (value, ";\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (value != NULL)
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ";");
}

typedef struct
{
  GString    *out;
  const char *month;
  guint64     rows;
} ExportEvents;

static gboolean
export_event_cb (const TlkEvent *e,
                 gpointer        user_data)
{
  ExportEvents *x = user_data;
  g_autofree char *payload = NULL;
  char seq[32], server_seq[32];

  if (x->month != NULL && strncmp (e->occurred_at, x->month, 7) != 0)
    return TRUE;
  payload = tlk_event_payload_to_string (e);
  g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, e->device_seq);
  if (e->server_seq > 0)
    g_snprintf (server_seq, sizeof server_seq, "%" G_GINT64_FORMAT, e->server_seq);
  else
    server_seq[0] = '\0';
  csv_field (x->out, e->event_id, FALSE);
  csv_field (x->out, e->occurred_at, FALSE);
  csv_field (x->out, tlk_event_type_to_string (e->type), FALSE);
  csv_field (x->out, e->subject, FALSE);
  csv_field (x->out, e->actor, FALSE);
  csv_field (x->out, e->device_id, FALSE);
  csv_field (x->out, seq, FALSE);
  csv_field (x->out, server_seq, FALSE);
  csv_field (x->out, payload, TRUE);
  x->rows++;
  return TRUE;
}

/* The month before today's (Danish date): what is billed by default. */
static char *
previous_month (void)
{
  g_autofree char *now = tlk_time_now_iso ();
  g_autofree char *today = tlk_calendar_danish_date (now);
  int year = (int) g_ascii_strtoll (today, NULL, 10);
  int month = (int) g_ascii_strtoll (today + 5, NULL, 10) - 1;

  if (month == 0)
    {
      year--;
      month = 12;
    }
  return g_strdup_printf ("%04d-%02d", year, month);
}

/* The billing basis of @month as CSV, or as PDF when @out_path ends in
 * .pdf. */
static int
export_billing (Globals    *g,
                const char *month,
                const char *out_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkBilling) billing = NULL;
  g_autofree char *which = month ? g_strdup (month) : previous_month ();
  g_autofree char *lower = g_ascii_strdown (out_path, -1);
  g_autofree char *total = NULL;

  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);
  if ((billing = tlk_store_billing_basis (store, which, &error)) == NULL)
    return fail ("%s", error->message);
  if (g_str_has_suffix (lower, ".pdf"))
    {
      if (!tlk_billing_write_pdf (billing, out_path, &error))
        return fail ("%s", error->message);
    }
  else
    {
      g_autofree char *csv = tlk_billing_to_csv (billing);

      if (!g_file_set_contents (out_path, csv, -1, &error))
        return fail ("%s", error->message);
    }
  total = tlk_ore_format (billing->total);
  g_print (ngettext ("Wrote the billing basis of %s to %s: %u customer, %s kr. in all.\n",
                     "Wrote the billing basis of %s to %s: %u customers, %s kr. in all.\n",
                     billing->customers->len),
           which, out_path, billing->customers->len, total);
  return 0;
}

static int
cmd_export (Globals *g,
            int      argc,
            char   **argv)
{
  g_autofree char *out_path = NULL;
  g_autofree char *month = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("The file to write: CSV, or PDF for billing"), "FILE" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month,
      N_("Only this month (events); the month billed (billing, default: the previous month)"), "YYYY-MM" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GString) out = g_string_new ("\xef\xbb\xbf");
  guint64 rows = 0;

  if (!parse_options (entries, "stock|events|billing", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 2)
    return fail (_("Usage: telekit-cli export stock|events|billing [--month YYYY-MM] --out FILE.csv|FILE.pdf"));
  if (out_path == NULL)
    return fail (_("Say where to write the file with --out FILE.csv."));
  if (month != NULL && !tlk_month_is_valid (month))
    return fail (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-03."), month);
  if (strcmp (argv[1], "billing") == 0)
    return export_billing (g, month, out_path);
  if (strcmp (argv[1], "stock") != 0 && strcmp (argv[1], "events") != 0)
    return fail (_("Cannot export “%s”: say stock, events or billing."), argv[1]);
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);

  if (strcmp (argv[1], "stock") == 0)
    {
      g_autoptr(GPtrArray) counts = tlk_store_stock_counts (store, &error);
      g_autoptr(GHashTable) locations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                               (GDestroyNotify) tlk_location_free);

      if (counts == NULL)
        return fail ("%s", error->message);
      g_string_append (out, "kit_type;state;location;location_code;count\r\n");
      for (guint i = 0; i < counts->len; i++)
        {
          TlkStockCount *c = g_ptr_array_index (counts, i);
          char n[32];

          g_snprintf (n, sizeof n, "%" G_GINT64_FORMAT, c->count);
          csv_field (out, c->kit_type, FALSE);
          csv_field (out, c->state, FALSE);
          csv_field (out, location_name (store, locations, c->location), FALSE);
          csv_field (out, c->location, FALSE);
          csv_field (out, n, TRUE);
          rows++;
        }
    }
  else
    {
      ExportEvents x = { out, month, 0 };

      g_string_append (out, "event_id;occurred_at;type;subject;actor;device_id;device_seq;server_seq;payload\r\n");
      if (!tlk_store_foreach_event (store, export_event_cb, &x, &error))
        return fail ("%s", error->message);
      rows = x.rows;
    }

  if (!g_file_set_contents (out_path, out->str, (gssize) out->len, &error))
    return fail ("%s", error->message);
  {
    g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, rows);
    g_print (_("Wrote %s rows to %s.\n"), n, out_path);
  }
  return 0;
}

/* ---- import ------------------------------------------------------------- */

static void
print_problems (Globals   *g,
                GPtrArray *problems,
                guint      n_rows,
                GPtrArray *added)
{
  if (g->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, n_rows);
      json_builder_set_member_name (b, "added");
      json_builder_begin_array (b);
      for (guint i = 0; added != NULL && i < added->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (added, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "problems");
      json_builder_add_value (b, tlk_order_problems_to_json (problems));
      json_builder_end_object (b);
      print_json (b);
      return;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      TlkOrderProblem *p = g_ptr_array_index (problems, i);

      if (p->column != NULL)
        g_print (_("line %u, field “%s”: %s\n"), p->line, p->column, p->message);
      else
        g_print (_("line %u: %s\n"), p->line, p->message);
    }
}

static int
cmd_import (Globals *g,
            int      argc,
            char   **argv)
{
  g_autofree char *user = NULL;
  gboolean skip_bad = FALSE;
  GOptionEntry entries[] = {
    { "skip-bad", 0, 0, G_OPTION_ARG_NONE, &skip_bad, N_("Write the good rows even when some are bad"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Who imports (default: cli)"), "U" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_order_problem_free);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autofree char *data = NULL;
  g_autofree char *reason = NULL;
  gsize length = 0;
  guint n_rows = 0, n_bad;

  if (!parse_options (entries, "orders FILE.csv", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 3 || strcmp (argv[1], "orders") != 0)
    return fail (_("Usage: telekit-cli import orders FILE.csv [--skip-bad] [--user U]"));
  if (!g_file_get_contents (argv[2], &data, &length, &error))
    return fail ("%s", error->message);
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);

  drafts = tlk_store_read_orders_csv (store, data, length, problems, &n_rows, &error);
  if (drafts == NULL)
    return fail ("%s: %s", argv[2], error->message);
  n_bad = tlk_order_problems_count_rows (problems);
  if (n_bad > 0 && !skip_bad)
    {
      print_problems (g, problems, n_rows, NULL);
      return fail (ngettext ("%u of %u rows has problems; nothing was written. Correct it, or add --skip-bad to "
                             "write the others.",
                             "%u of %u rows have problems; nothing was written. Correct them, or add --skip-bad to "
                             "write the others.", n_bad),
                   n_bad, n_rows);
    }

  reason = g_strdup_printf (_("order import from %s"), argv[2]);
  added = tlk_store_add_orders (store, drafts, user ? user : "cli", reason, FALSE, &error);
  if (added == NULL)
    return fail ("%s", error->message);
  print_problems (g, problems, n_rows, added);
  if (!g->json)
    g_print (ngettext ("%u order added from %s; %u rows skipped.\n", "%u orders added from %s; %u rows skipped.\n",
                       added->len),
             added->len, argv[2], n_bad);
  return 0;
}

/* ---- labels / action-cards ------------------------------------------------ */

typedef enum
{
  OUT_PDF,
  OUT_PNG,
  OUT_ZPL,
} OutFormat;

static int
cmd_labels (Globals *g,
            int      argc,
            char   **argv)
{
  g_autofree char *template_name = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *phone = NULL;
  gboolean all_kits = FALSE;
  int start = 1;
  int dpi = 0;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("The label stock, e.g. a4-3x8 or zebra-4x2"), "T" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("The file to write: FILE.pdf, FILE.png or FILE.zpl"), "FILE" },
    { "all-kits", 0, 0, G_OPTION_ARG_NONE, &all_kits, N_("A label for every kit"), NULL },
    { "start", 0, 0, G_OPTION_ARG_INT, &start, N_("The first free position on a used sheet (default 1, top left)"), "N" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, N_("Resolution: PNG (default 300) or ZPL (203 or 300, default 203)"), "D" },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("The owner's name on every label"), "NAME" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("The support phone on every label"), "PHONE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkWorld) world = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);
  g_auto(GStrv) files = NULL;
  g_autofree char *names = tlk_label_template_names ();
  const TlkLabelTemplate *tmpl;
  OutFormat format;
  gboolean ok;

  if (!parse_options (entries, "--template T --out FILE (--all-kits | CODE…)", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (template_name == NULL)
    return fail (_("Say which label stock with --template T: %s."), names);
  if ((tmpl = tlk_label_template_find (template_name)) == NULL)
    return fail (_("There is no label template “%s”; use one of %s."), template_name, names);
  if (out_path == NULL)
    return fail (_("Say where to write the labels with --out FILE.pdf, FILE.png or FILE.zpl."));
  if (g_str_has_suffix (out_path, ".pdf") || g_str_has_suffix (out_path, ".PDF"))
    format = OUT_PDF;
  else if (g_str_has_suffix (out_path, ".png") || g_str_has_suffix (out_path, ".PNG"))
    format = OUT_PNG;
  else if (g_str_has_suffix (out_path, ".zpl") || g_str_has_suffix (out_path, ".ZPL"))
    format = OUT_ZPL;
  else
    return fail (_("Cannot tell the format of %s: give a file name ending in .pdf, .png or .zpl."), out_path);
  if (all_kits == (argc > 1))
    return fail (_("Give either --all-kits or the codes to print."));
  if (start < 1)
    return fail (_("--start counts positions from 1 (top left)."));
  if (format == OUT_PDF && dpi != 0)
    return fail (_("--dpi is for PNG and ZPL; a PDF has no resolution."));
  if (format == OUT_PNG && dpi == 0)
    dpi = 300;
  if (format == OUT_PNG && (dpi < 72 || dpi > 1200))
    return fail (_("--dpi for PNG must be between 72 and 1200."));
  if (format == OUT_ZPL && dpi == 0)
    dpi = 203;
  if (format == OUT_ZPL && dpi != 203 && dpi != 300)
    return fail (_("--dpi for ZPL must be 203 or 300, the resolutions of Zebra printers."));
  if (format == OUT_ZPL && start != 1)
    return fail (_("--start is for sheets; a label printer prints one label at a time."));
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);

  /* Every label is made before anything is written: an unknown code means
   * no file at all. */
  world = tlk_store_new_world (store);
  if (all_kits)
    {
      g_autoptr(GPtrArray) kits = tlk_store_list_kits (store, NULL, NULL, NULL, &error);

      if (kits == NULL)
        return fail ("%s", error->message);
      if (kits->len == 0)
        return fail (_("There are no kits to print labels for."));
      for (guint i = 0; i < kits->len; i++)
        {
          TlkLabel *label = tlk_label_new_for_code (world, ((TlkKit *) g_ptr_array_index (kits, i))->id, owner, phone,
                                                    &error);

          if (label == NULL)
            return fail ("%s", error->message);
          g_ptr_array_add (labels, label);
        }
    }
  else
    for (int i = 1; i < argc; i++)
      {
        TlkLabel *label = tlk_label_new_for_code (world, argv[i], owner, phone, &error);

        if (label == NULL)
          return fail ("%s", error->message);
        g_ptr_array_add (labels, label);
      }

  switch (format)
    {
    case OUT_PDF:
      ok = tlk_label_write_pdf (tmpl, labels, (guint) start - 1, out_path, NULL, NULL, NULL, &error);
      break;
    case OUT_PNG:
      ok = tlk_label_write_png (tmpl, labels, (guint) start - 1, dpi, out_path, NULL, NULL, NULL, &files, &error);
      break;
    case OUT_ZPL:
    default:
      ok = tlk_label_write_zpl (tmpl, labels, (guint) dpi, out_path, NULL, &error);
      break;
    }
  if (!ok)
    return fail ("%s", error->message);

  if (g->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      member_str (b, "template", tmpl->name);
      json_builder_set_member_name (b, "labels");
      json_builder_add_int_value (b, labels->len);
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; files != NULL && files[i] != NULL; i++)
        json_builder_add_string_value (b, files[i]);
      if (files == NULL)
        json_builder_add_string_value (b, out_path);
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_print (ngettext ("Wrote %u label to %s.\n", "Wrote %u labels to %s.\n", labels->len), labels->len, out_path);
      for (guint i = 1; files != NULL && files[i] != NULL; i++)
        g_print (_("Next page: %s\n"), files[i]);
    }
  return 0;
}

static int
cmd_action_cards (Globals *g,
                  int      argc,
                  char   **argv)
{
  g_autofree char *out_path = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("The PDF file to write"), "FILE.pdf" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  if (!parse_options (entries, "--out FILE.pdf", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc > 1)
    return fail (_("Usage: telekit-cli action-cards --out FILE.pdf"));
  if (out_path == NULL || !(g_str_has_suffix (out_path, ".pdf") || g_str_has_suffix (out_path, ".PDF")))
    return fail (_("Say where to write the action cards with --out FILE.pdf."));

  cards = tlk_label_new_action_cards ();
  if (!tlk_label_write_pdf (tlk_label_template_find (TLK_LABEL_ACTION_CARD_TEMPLATE), cards, 0, out_path, NULL, NULL,
                            NULL, &error))
    return fail ("%s", error->message);
  g_print (ngettext ("Wrote %u action card to %s.\n", "Wrote %u action cards to %s.\n", cards->len), cards->len,
           out_path);
  return 0;
}

/* ---- sync --------------------------------------------------------------- */

static char *
read_password (const char *path,
               GError    **error)
{
  g_autofree char *text = NULL;
  char *end;

  if (path == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give the password in a file with --password-file F (first line)."));
      return NULL;
    }
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  if ((end = strpbrk (text, "\r\n")) != NULL)
    *end = '\0';
  if (*text == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("The password file %s is empty."), path);
      return NULL;
    }
  return g_steal_pointer (&text);
}

static int
cmd_sync (Globals *g,
          int      argc,
          char   **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *ca_file = NULL;
  int retries = 4;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server, e.g. https://telekit.example.dk"), "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The account to sign in with"), "U" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("A file whose first line is the password"),
      "F" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Trust this certificate (PEM) for the server"), "F" },
    { "retries", 0, 0, G_OPTION_ARG_INT, &retries, N_("Tries again this often when the network fails (default 4)"),
      "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkSyncClient) client = NULL;
  g_autofree char *password = NULL;
  TlkSyncStats stats = { 0 };
  gboolean ok = FALSE;

  if (!parse_options (entries, "--server URL --user U [--password-file F]", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc > 1 || server == NULL || user == NULL)
    return fail (_("Usage: telekit-cli sync --server URL --user U [--password-file F]"));
  if ((password = read_password (password_file, &error)) == NULL)
    return fail ("%s", error->message);
  if ((store = open_store (g, &error)) == NULL || (client = tlk_sync_client_new (server, ca_file, &error)) == NULL)
    return fail ("%s", error->message);

  for (int attempt = 1; !ok; attempt++)
    {
      g_clear_error (&error);
      ok = (tlk_sync_client_get_token (client) != NULL ||
            tlk_sync_client_login (client, user, password, tlk_store_get_device_id (store), NULL, &error)) &&
           tlk_sync_run (store, client, &stats, NULL, &error);
      if (!ok && (!tlk_sync_error_is_transient (error) || attempt > retries))
        return fail ("%s", error->message);
      if (!ok)
        g_usleep (tlk_sync_backoff_ms (attempt) * (gulong) 1000);
    }

  if (g->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pushed");
      json_builder_add_int_value (b, stats.pushed);
      json_builder_set_member_name (b, "pulled");
      json_builder_add_int_value (b, stats.pulled);
      json_builder_set_member_name (b, "conflicts");
      json_builder_add_int_value (b, stats.conflicts);
      json_builder_set_member_name (b, "pending");
      json_builder_add_int_value (b, tlk_store_count_pending (store));
      json_builder_set_member_name (b, "cursor");
      json_builder_add_int_value (b, tlk_store_get_cursor (store));
      json_builder_end_object (b);
      print_json (b);
    }
  else
    g_print (_("Synced: %u sent, %u received, %u kept by the server as conflicts.\n"), stats.pushed, stats.pulled,
             stats.conflicts);
  return 0;
}

/* ---- customer / kit-type: price lists, service levels, thresholds ------- */

/* A customer by id or by name (in any case). */
static TlkCustomer *
find_customer (TlkStore   *store,
               const char *arg,
               GError    **error)
{
  TlkCustomer *customer = tlk_store_load (store, TLK_SUBJECT_CUSTOMER, arg);
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *wanted = NULL;

  if (customer != NULL)
    return customer;
  if ((all = tlk_store_list (store, TLK_SUBJECT_CUSTOMER, NULL, error)) == NULL)
    return NULL;
  wanted = g_utf8_casefold (arg, -1);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *name = g_utf8_casefold (((TlkCustomer *) g_ptr_array_index (all, i))->name, -1);

      if (strcmp (name, wanted) == 0)
        return g_ptr_array_steal_index (all, i);
    }
  g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND,
               _("There is no customer “%s”; see telekit-cli list customers."), arg);
  return NULL;
}

/* The user who writes a change, by id. */
static TlkUser *
find_user (TlkStore   *store,
           const char *id,
           GError    **error)
{
  TlkUser *user = tlk_store_load (store, TLK_SUBJECT_USER, id);

  if (user == NULL)
    g_set_error (error, TLK_STORE_ERROR, TLK_STORE_ERROR_NOT_FOUND,
                 _("There is no user “%s” in this database; see telekit-cli list users."), id);
  return user;
}

typedef struct
{
  char *text[TLK_PRICE_N_ITEMS];
} Amounts;

static void
amounts_clear (Amounts *amounts)
{
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    g_clear_pointer (&amounts->text[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Amounts, amounts_clear)

static gboolean
parse_amount (const char *option,
              const char *text,
              gint64     *ore,
              GError    **error)
{
  if (tlk_ore_parse (text, ore))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--%s: “%s” is not an amount in kroner; write it like 450,00."), option, text);
  return FALSE;
}

/* Working days, or NOT_GIVEN. */
#define NOT_GIVEN G_MININT

static int
customer_terms (Globals *g,
                int      argc,
                char   **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) kit_day = NULL;
  g_auto(Amounts) amounts = { { NULL } };
  int install_days = NOT_GIVEN;
  int pickup_days = NOT_GIVEN;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first month the price list applies to"), "YYYY-MM" },
    { "install-days", 0, 0, G_OPTION_ARG_INT, &install_days,
      N_("Target from order to installation, in working days (0: none)"), "N" },
    { "pickup-days", 0, 0, G_OPTION_ARG_INT, &pickup_days,
      N_("Target from return request to pickup, in working days (0: none)"), "N" },
    { "kit-day", 0, 0, G_OPTION_ARG_STRING_ARRAY, &kit_day,
      N_("The price of a kit-day of a kit type in kroner; once for each kit type"), "KITTYPE=AMOUNT" },
    { "delivery", 0, 0, G_OPTION_ARG_STRING, &amounts.text[TLK_PRICE_DELIVERY],
      N_("The price of a delivery with installation, in kroner"), "AMOUNT" },
    { "pickup", 0, 0, G_OPTION_ARG_STRING, &amounts.text[TLK_PRICE_PICKUP], N_("The price of a pickup"), "AMOUNT" },
    { "swap", 0, 0, G_OPTION_ARG_STRING, &amounts.text[TLK_PRICE_SWAP], N_("The price of a device swap"), "AMOUNT" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &amounts.text[TLK_PRICE_SERVICE], N_("The price of a service visit"),
      "AMOUNT" },
    { "urgent", 0, 0, G_OPTION_ARG_STRING, &amounts.text[TLK_PRICE_URGENT],
      N_("The add-on for an urgent delivery"), "AMOUNT" },
    { "failed-visit", 0, 0, G_OPTION_ARG_STRING, &amounts.text[TLK_PRICE_FAILED_VISIT],
      N_("The add-on for a failed visit"), "AMOUNT" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Who sets the price list (default: admin)"), "U" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkCustomer) customer = NULL;
  g_autoptr(TlkUser) writer = NULL;
  g_autoptr(TlkTerms) terms = NULL;
  g_autoptr(TlkEvent) event = NULL;
  gint64 ore[TLK_PRICE_N_ITEMS] = { 0 };

  if (!parse_options (entries, "terms CUSTOMER --from YYYY-MM …", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 3)
    return fail (_("Usage: telekit-cli customer terms CUSTOMER --from YYYY-MM [--install-days N] "
                   "[--pickup-days N] [--kit-day KITTYPE=AMOUNT]… [--delivery AMOUNT] [--pickup AMOUNT] "
                   "[--swap AMOUNT] [--service AMOUNT] [--urgent AMOUNT] [--failed-visit AMOUNT] [--user U]"));
  if (from == NULL)
    return fail (_("Say from which month the price list applies with --from YYYY-MM."));
  if (!tlk_month_is_valid (from))
    return fail (_("“%s” is not a month; write it as YYYY-MM, e.g. 2026-03."), from);
  if ((install_days != NOT_GIVEN && install_days < 0) || (pickup_days != NOT_GIVEN && pickup_days < 0))
    return fail (_("--install-days and --pickup-days count working days: 0 or more."));
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    {
      g_autofree char *option = g_strdelimit (g_strdup (tlk_price_item_to_string (i)), "_", '-');

      if (amounts.text[i] != NULL && !parse_amount (option, amounts.text[i], &ore[i], &error))
        return fail ("%s", error->message);
    }
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);
  if ((customer = find_customer (store, argv[2], &error)) == NULL)
    return fail ("%s", error->message);
  if ((writer = find_user (store, user ? user : "admin", &error)) == NULL)
    return fail ("%s", error->message);
  /* The server's rule (tlk-role.h), kept here too: a refused change is
   * said at once, not first at the next sync. */
  if (!tlk_role_may_write (writer->role, TLK_EVENT_CUSTOMER_TERMS_SET))
    return fail (_("%s may not set price lists and service levels: only administrators may."), writer->name);

  /* What is not given stays as in the price list in force that month. */
  terms = tlk_customer_terms_for_month (customer, from);
  if (terms == NULL)
    terms = tlk_terms_new (from);
  g_free (terms->from);
  terms->from = g_strdup (from);
  if (install_days != NOT_GIVEN)
    terms->install_days = install_days;
  if (pickup_days != NOT_GIVEN)
    terms->pickup_days = pickup_days;
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    if (amounts.text[i] != NULL)
      terms->price[i] = ore[i];
  for (guint i = 0; kit_day != NULL && kit_day[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (kit_day[i], "=", 2);
      g_autoptr(TlkKitType) type = NULL;
      gint64 price;

      if (parts[0] == NULL || parts[1] == NULL || *g_strstrip (parts[0]) == '\0')
        return fail (_("--kit-day takes KITTYPE=AMOUNT, e.g. kol=14,50; “%s” is not."), kit_day[i]);
      if ((type = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, parts[0])) == NULL)
        return fail (_("There is no kit type “%s”; see telekit-cli list kit-types."), parts[0]);
      if (!parse_amount ("kit-day", parts[1], &price, &error))
        return fail ("%s", error->message);
      tlk_terms_set_kit_day_price (terms, type->id, price);
    }

  event = tlk_event_new (TLK_EVENT_CUSTOMER_TERMS_SET, customer->id, user ? user : "admin");
  json_object_unref (event->payload);
  event->payload = tlk_terms_to_json (terms);
  if (!tlk_store_append (store, event, &error))
    return fail ("%s", error->message);
  g_print (_("Price list and service levels for %s from %s set.\n"), customer->name, from);
  return 0;
}

static void
print_terms (JsonObject *payload,
             gboolean    in_force,
             GPtrArray  *kit_types)
{
  g_autoptr(TlkTerms) terms = tlk_terms_from_json (payload);

  g_print (in_force ? _("Price list from %s (in force):\n") : _("Price list from %s:\n"), terms->from);
  g_print (_("  Target, order to installation: %d working days\n"), terms->install_days);
  g_print (_("  Target, return request to pickup: %d working days\n"), terms->pickup_days);
  for (guint i = 0; i < kit_types->len; i++)
    {
      TlkKitType *type = g_ptr_array_index (kit_types, i);
      g_autofree char *amount = tlk_ore_format (tlk_terms_kit_day_price (terms, type->id));

      g_print (_("  Kit-day, %s: %s kr.\n"), type->name, amount);
    }
  for (int i = 0; i < TLK_PRICE_N_ITEMS; i++)
    {
      g_autofree char *amount = tlk_ore_format (terms->price[i]);

      g_print ("  %s: %s kr.\n", tlk_price_item_describe (i), amount);
    }
}

static int
customer_show (Globals *g,
               int      argc,
               char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkCustomer) customer = NULL;
  g_autoptr(GPtrArray) kit_types = NULL;
  g_autoptr(TlkTerms) current = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *today = tlk_date_today_local_iso ();
  g_autofree char *month = g_strndup (today, 7);
  guint n = 0;

  if (argc != 3)
    return fail (_("Usage: telekit-cli customer show CUSTOMER [--json]"));
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);
  if ((customer = find_customer (store, argv[2], &error)) == NULL)
    return fail ("%s", error->message);
  if ((kit_types = tlk_store_list (store, TLK_SUBJECT_KIT_TYPE, NULL, &error)) == NULL)
    return fail ("%s", error->message);
  current = tlk_customer_terms_for_month (customer, month);
  n = customer->terms ? json_array_get_length (customer->terms) : 0;

  if (!g->json)
    {
      g_print (_("Customer:  %s (%s)\n"), customer->name, customer->id);
      g_print (_("Kind:      %s\n"), customer->kind);
      g_print (_("EAN:       %s\n"), customer->ean ? customer->ean : "");
      if (n == 0)
        g_print (_("No price list.\n"));
    }
  json_builder_begin_object (b);
  member_str (b, "id", customer->id);
  member_str (b, "name", customer->name);
  member_str (b, "kind", customer->kind);
  member_str (b, "ean", customer->ean);
  /* As the customer.terms_set events hold them: amounts in øre. */
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *payload = json_array_get_object_element (customer->terms, i);
      g_autoptr(TlkTerms) terms = tlk_terms_from_json (payload);
      /* In the one order of tlk_terms_to_json(), whatever the store kept. */
      g_autoptr(JsonObject) ordered = tlk_terms_to_json (terms);
      g_autoptr(GList) names = json_object_get_members (ordered);
      gboolean in_force = current != NULL && g_strcmp0 (terms->from, current->from) == 0;

      json_builder_begin_object (b);
      for (GList *l = names; l != NULL; l = l->next)
        {
          json_builder_set_member_name (b, l->data);
          json_builder_add_value (b, json_object_dup_member (ordered, l->data));
        }
      json_builder_set_member_name (b, "in_force");
      json_builder_add_boolean_value (b, in_force);
      json_builder_end_object (b);
      if (!g->json)
        print_terms (payload, in_force, kit_types);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  if (g->json)
    print_json (b);
  return 0;
}

static int
cmd_customer (Globals *g,
              int      argc,
              char   **argv)
{
  if (argc >= 2 && strcmp (argv[1], "terms") == 0)
    return customer_terms (g, argc, argv);
  if (argc >= 2 && strcmp (argv[1], "show") == 0)
    return customer_show (g, argc, argv);
  return fail (_("Usage: telekit-cli customer show CUSTOMER, or customer terms CUSTOMER --from YYYY-MM …"));
}

static int
cmd_kit_type (Globals *g,
              int      argc,
              char   **argv)
{
  g_autofree char *user = NULL;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Who sets the threshold (default: admin)"), "U" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;
  g_autoptr(TlkKitType) type = NULL;
  g_autoptr(TlkUser) writer = NULL;
  g_autoptr(TlkEvent) event = NULL;
  guint64 n = 0;

  if (!parse_options (entries, "reorder KITTYPE N", &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc != 4 || strcmp (argv[1], "reorder") != 0)
    return fail (_("Usage: telekit-cli kit-type reorder KITTYPE N [--user U]"));
  if (!g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXINT32, &n, NULL))
    return fail (_("The reorder threshold is a number of ready kits, 0 or more; “%s” is not."), argv[3]);
  if ((store = open_store (g, &error)) == NULL)
    return fail ("%s", error->message);
  if ((type = tlk_store_load (store, TLK_SUBJECT_KIT_TYPE, argv[2])) == NULL)
    return fail (_("There is no kit type “%s”; see telekit-cli list kit-types."), argv[2]);
  if ((writer = find_user (store, user ? user : "admin", &error)) == NULL)
    return fail ("%s", error->message);
  if (!tlk_role_may_write (writer->role, TLK_EVENT_KIT_TYPE_REORDER_SET))
    return fail (_("%s may not set reorder thresholds: only administrators may."), writer->name);

  event = tlk_event_new (TLK_EVENT_KIT_TYPE_REORDER_SET, type->id, user ? user : "admin");
  tlk_event_set_int (event, "reorder_at", (gint64) n);
  if (!tlk_store_append (store, event, &error))
    return fail ("%s", error->message);
  g_print (_("%s: reorder when fewer than %u kits are ready.\n"), type->name, (guint) n);
  return 0;
}

/* ---- main --------------------------------------------------------------- */

typedef struct
{
  const char *name;
  int       (*run) (Globals *g, int argc, char **argv);
  const char *help;
} Command;

static const Command commands[] = {
  { "init", cmd_init, N_("create or migrate the database") },
  { "demo", cmd_demo, N_("load demo data: --kits N --seed S") },
  { "list", cmd_list, N_("list kits|devices|customers|kit-types|locations|actions|orders|users|models [--state S]") },
  { "kit", cmd_kit, N_("kit show CODE, kit history CODE") },
  { "kit-type", cmd_kit_type, N_("kit-type reorder KITTYPE N [--user U]: warn when fewer than N kits are ready") },
  { "customer", cmd_customer,
    N_("customer show CUSTOMER, customer terms CUSTOMER --from YYYY-MM …: price lists and service levels") },
  { "scan", cmd_scan, N_("scan [--user U] CODE…: action cards set the action, then each code gets it") },
  { "gs1", cmd_gs1, N_("parse a GS1 element string") },
  { "export", cmd_export, N_("export stock|events|billing [--month YYYY-MM] --out FILE.csv|FILE.pdf") },
  { "import", cmd_import, N_("import orders FILE.csv [--skip-bad] [--user U]: new orders from a customer or robot") },
  { "rebuild", cmd_rebuild, N_("recompute every projection from the event log") },
  { "sync", cmd_sync, N_("sync --server URL --user U [--password-file F]: send and fetch events") },
  { "labels", cmd_labels,
    N_("labels --template T --out FILE.pdf|.png|.zpl (--all-kits | CODE…) [--start N] [--dpi D]") },
  { "action-cards", cmd_action_cards, N_("action-cards --out FILE.pdf: an A4 sheet of every action card") },
};

static void
usage (void)
{
  g_print (_("Usage: telekit-cli [--db PATH] [--json] COMMAND …\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-8s %s\n", commands[i].name, _(commands[i].help));
}

int
main (int    argc,
      char **argv)
{
  Globals g = { 0 };
  g_autofree char *db = NULL;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* --db and --json may stand anywhere; the rest goes to the command. */
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        g.json = TRUE;
      else if (strcmp (argv[i], "--db") == 0 && i + 1 < argc)
        {
          g_free (db);
          db = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db);
          db = g_strdup (argv[i] + 5);
        }
      else if (strcmp (argv[i], "--db") == 0)
        return fail (_("--db needs a path."));
      else
        g_ptr_array_add (rest, argv[i]);
    }
  g.db = db ? g_strdup (db) : default_db ();

  if (rest->len == 0)
    {
      g_free (g.db);
      return fail (_("Give a command; run telekit-cli --help for the list."));
    }
  if (strcmp (g_ptr_array_index (rest, 0), "--help") == 0 || strcmp (g_ptr_array_index (rest, 0), "help") == 0)
    {
      usage ();
      g_free (g.db);
      return 0;
    }

  g_ptr_array_add (rest, NULL);
  status = -1;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, g_ptr_array_index (rest, 0)) == 0)
      {
        char **cargv = (char **) rest->pdata;
        status = commands[i].run (&g, (int) rest->len - 1, cargv);
        break;
      }
  if (status < 0)
    status = fail (_("Unknown command “%s”; run telekit-cli --help."), (const char *) g_ptr_array_index (rest, 0));
  g_free (g.db);
  return status;
}
