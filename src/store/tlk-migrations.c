/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-store"

#include "config.h"

#include "tlk-migrations.h"

/*
 * Numbered migrations. Each runs in its own transaction together with the
 * PRAGMA user_version that records it. Never edit a released migration:
 * add a new one at the end.
 */
static const char *const migrations[] = {
  /* 1: the event log, the projections, personal data. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY,"
  "  event_id TEXT NOT NULL UNIQUE,"
  "  device_id TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  occurred_at TEXT NOT NULL,"
  "  server_seq INTEGER UNIQUE,"
  "  payload TEXT NOT NULL,"
  "  UNIQUE (device_id, device_seq));"
  "CREATE INDEX events_by_subject ON events (subject, seq);"
  "CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, ean TEXT);"
  "CREATE TABLE locations (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT);"
  "CREATE TABLE models (id TEXT PRIMARY KEY, manufacturer TEXT NOT NULL, name TEXT NOT NULL,"
  "  kind TEXT NOT NULL, gtin TEXT, by_quantity INTEGER NOT NULL, calibration_months INTEGER NOT NULL,"
  "  shelf_life_months INTEGER NOT NULL);"
  "CREATE INDEX models_by_gtin ON models (gtin);"
  "CREATE TABLE kit_types (id TEXT PRIMARY KEY, name TEXT NOT NULL, slots TEXT NOT NULL,"
  "  checklist TEXT NOT NULL, install_checklist TEXT NOT NULL);"
  "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL);"
  "CREATE TABLE devices (id TEXT PRIMARY KEY, model TEXT NOT NULL, serial TEXT NOT NULL, lot TEXT,"
  "  expiry TEXT, calibration_due TEXT, state TEXT NOT NULL, kit TEXT, location TEXT,"
  "  UNIQUE (model, serial));"
  "CREATE INDEX devices_by_kit ON devices (kit);"
  "CREATE TABLE kits (id TEXT PRIMARY KEY, kit_type TEXT NOT NULL, state TEXT NOT NULL,"
  "  held_from TEXT, location TEXT, custodian TEXT, order_id TEXT,"
  "  devices TEXT NOT NULL, steps_passed TEXT NOT NULL, missing TEXT NOT NULL);"
  "CREATE INDEX kits_by_state ON kits (state, kit_type);"
  "CREATE INDEX kits_by_type ON kits (kit_type);"
  "CREATE INDEX kits_by_location ON kits (location);"
  "CREATE TABLE orders (id TEXT PRIMARY KEY, customer TEXT NOT NULL, case_ref TEXT NOT NULL,"
  "  kit_type TEXT NOT NULL, citizen TEXT NOT NULL, requested_date TEXT NOT NULL, priority TEXT NOT NULL,"
  "  state TEXT NOT NULL, kit TEXT, installed_at TEXT, returned_at TEXT);"
  "CREATE INDEX orders_by_state ON orders (state);"
  "CREATE TABLE stops (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL,"
  "  seq INTEGER NOT NULL, driver TEXT NOT NULL, state TEXT NOT NULL, failure TEXT);"
  "CREATE TABLE citizens (id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT, phone TEXT,"
  "  access_notes TEXT, updated_at TEXT NOT NULL);"
  "CREATE TABLE personal_access_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
  "  citizen TEXT NOT NULL, action TEXT NOT NULL, reason TEXT NOT NULL);"
  "CREATE INDEX personal_access_by_citizen ON personal_access_log (citizen, id);",

  /* 2: what the sync engine needs: its cursor, and fast access to the
   * events this computer has not had acknowledged yet. */
  "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE INDEX events_pending ON events (seq) WHERE server_seq IS NULL;",

  /* 3: devices by state and location for stock counts and goods-in. */
  "CREATE INDEX devices_by_state ON devices (state, model);"
  "CREATE INDEX devices_by_location ON devices (location);"
  "CREATE INDEX stops_by_driver ON stops (driver, date, seq);",

  /* 4: stock counts from the index alone (kit type, state, location); it
   * also serves every lookup by kit type. */
  "CREATE INDEX kits_stock ON kits (kit_type, state, location);"
  "DROP INDEX kits_by_type;",

  /* 5: further GTINs of a model, learnt when goods-in met an unknown one. */
  "ALTER TABLE models ADD COLUMN gtins TEXT NOT NULL DEFAULT '[]';",

  /* 6: sync. An event the server stored but could not apply (two offline
   * computers changed the same thing) keeps its reason in `conflict` and is
   * left out of every projection. The server's accounts (password hashes)
   * and bearer tokens (hashes) are empty on every other computer. */
  "ALTER TABLE events ADD COLUMN conflict TEXT;"
  "CREATE INDEX events_conflicts ON events (seq) WHERE conflict IS NOT NULL;"
  "CREATE TABLE accounts (user_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT);"
  "CREATE INDEX tokens_by_user ON tokens (user_id);",

  /* 7: personal data on computers: details written here that the server
   * does not have yet, and how long a driver's copy may stay. */
  "ALTER TABLE citizens ADD COLUMN unsent INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE citizens ADD COLUMN keep_until TEXT;",
  /* 8: routes. A stop's time window, the kit it is about, the replacement
   * device of a swap and when it was done. Proof of delivery (the
   * recipient's name and signature) is personal data: its own table,
   * never in events; `unsent` until the server has it. */
  "ALTER TABLE stops ADD COLUMN time_window TEXT;"
  "ALTER TABLE stops ADD COLUMN kit TEXT;"
  "ALTER TABLE stops ADD COLUMN device TEXT;"
  "ALTER TABLE stops ADD COLUMN done_at TEXT;"
  "CREATE INDEX stops_by_kit ON stops (kit, state);"
  "CREATE INDEX stops_by_date ON stops (date, driver, seq);"
  "CREATE INDEX stops_by_order ON stops (order_id);"
  "CREATE INDEX orders_by_kit ON orders (kit);"
  "CREATE TABLE proofs (stop TEXT PRIMARY KEY, recipient TEXT NOT NULL, signature TEXT NOT NULL,"
  "  signed_at TEXT NOT NULL, unsent INTEGER NOT NULL DEFAULT 0);",
  /* 9: the dashboard and billing. Customers' price lists and SLA targets,
   * kit types' reorder thresholds, when a kit entered its state (backlog
   * age), when an order was received and its return requested, its SLA due
   * dates and whether it was done in time, per day and kit type the change
   * in ready kits (stock over time), and per Danish month, customer and task
   * how many were done and how many late (SLA adherence). Derived from
   * events: the store refolds after this migration. */
  "ALTER TABLE customers ADD COLUMN terms TEXT NOT NULL DEFAULT '[]';"
  "ALTER TABLE kit_types ADD COLUMN reorder_at INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE kits ADD COLUMN since TEXT;"
  "ALTER TABLE orders ADD COLUMN received_at TEXT;"
  "ALTER TABLE orders ADD COLUMN return_requested_at TEXT;"
  "ALTER TABLE orders ADD COLUMN return_date TEXT;"
  "ALTER TABLE orders ADD COLUMN install_due TEXT;"
  "ALTER TABLE orders ADD COLUMN pickup_due TEXT;"
  "ALTER TABLE orders ADD COLUMN install_late INTEGER;"
  "ALTER TABLE orders ADD COLUMN pickup_late INTEGER;"
  "CREATE TABLE ready_flow (day TEXT NOT NULL, kit_type TEXT NOT NULL, delta INTEGER NOT NULL,"
  "  PRIMARY KEY (day, kit_type)) WITHOUT ROWID;"
  "CREATE INDEX devices_by_expiry ON devices (expiry) WHERE expiry IS NOT NULL;"
  "CREATE INDEX devices_by_calibration ON devices (calibration_due) WHERE calibration_due IS NOT NULL;"
  "CREATE INDEX orders_pipeline ON orders (state, customer, install_due, pickup_due);"
  "CREATE INDEX orders_installed ON orders (installed_at) WHERE installed_at IS NOT NULL;"
  "CREATE INDEX orders_returned ON orders (returned_at) WHERE returned_at IS NOT NULL;"
  "CREATE TABLE sla_done (month TEXT NOT NULL, customer TEXT NOT NULL, task TEXT NOT NULL,"
  "  done INTEGER NOT NULL, late INTEGER NOT NULL, PRIMARY KEY (month, customer, task)) WITHOUT ROWID;"
  "CREATE INDEX kits_backlog ON kits (state, since);"
  "CREATE INDEX stops_by_done ON stops (done_at) WHERE done_at IS NOT NULL;",
  /* 10: the kits each driver holds, without reading every kit on the road
   * (the driver's vehicle when My Route opens). */
  "CREATE INDEX kits_by_custodian ON kits (custodian) WHERE custodian IS NOT NULL;",
};

/* Migrations that add projections of events already stored: the store
 * rebuilds the projections in the same transaction. */
static const int refolding[] = { 9 };

gboolean
tlk_migrations_refolds (int version)
{
  for (guint i = 0; i < G_N_ELEMENTS (refolding); i++)
    if (refolding[i] == version)
      return TRUE;
  return FALSE;
}

int
tlk_migrations_count (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
tlk_migrations_get (int version)
{
  g_return_val_if_fail (version >= 1 && version <= (int) G_N_ELEMENTS (migrations), NULL);
  return migrations[version - 1];
}
