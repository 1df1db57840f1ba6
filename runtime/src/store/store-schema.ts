// The session store's own tables (sessions, progress, logs, dataset registry, pending cleanups,
// meta) and the connection settings sql.js needs; dataset tables are created by dataset-tables.ts.
import type { Database } from 'sql.js';
import { RpaUserError } from '../user-error';
import { migrateToAgentDatasets } from './store-migrations';

/** 2: datasets are per agent ("Agent.dataset" tables); 1 had one table per dataset name. */
export const SCHEMA_VERSION = 2;

const TABLES = `
CREATE TABLE IF NOT EXISTS rpa_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rpa_sessions (
  id TEXT PRIMARY KEY,
  instance_id TEXT,
  agent TEXT NOT NULL,
  run TEXT,
  bot TEXT,
  status TEXT NOT NULL,
  inputs TEXT NOT NULL,
  error TEXT,
  queued_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  cleanup_at INTEGER,
  records_removed_at INTEGER
);
CREATE INDEX IF NOT EXISTS rpa_sessions_status ON rpa_sessions(status);
CREATE TABLE IF NOT EXISTS rpa_progress (
  session_id TEXT PRIMARY KEY,
  pages INTEGER NOT NULL,
  records INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  current_url TEXT
);
CREATE TABLE IF NOT EXISTS rpa_logs (
  session_id TEXT NOT NULL,
  time INTEGER NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rpa_logs_session ON rpa_logs(session_id);
CREATE TABLE IF NOT EXISTS rpa_cleanups (
  session_id TEXT PRIMARY KEY,
  stage TEXT NOT NULL,
  due_at INTEGER,
  policy TEXT NOT NULL
);
`;

/** Each agent dataset's columns, in order (the tables themselves are "Agent.dataset"). */
const DATASET_REGISTRY = `
CREATE TABLE IF NOT EXISTS rpa_datasets (
  agent TEXT NOT NULL,
  dataset TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (agent, dataset, position)
) WITHOUT ROWID;
`;

/**
 * Connection settings: the database lives in sql.js memory, so SQLite's own rollback journal only
 * needs to support ROLLBACK (durability comes from the store's journal); deleted rows are zeroed so
 * cleaned-up data does not linger in snapshots.
 */
const PRAGMAS = 'PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;';

/** Applies the settings and creates missing tables; refuses a store written by a newer version. */
export function prepareDatabase(db: Database): void {
  db.exec(PRAGMAS);
  db.exec(TABLES);
  const found = db.exec("SELECT value FROM rpa_meta WHERE key = 'schema'");
  const version = found.length ? Number(found[0].values[0][0]) : undefined;
  if (version === undefined) {
    db.exec(DATASET_REGISTRY);
    db.run("INSERT INTO rpa_meta (key, value) VALUES ('schema', ?)", [String(SCHEMA_VERSION)]);
  } else if (version < SCHEMA_VERSION) {
    migrateToAgentDatasets(db);
    db.run("UPDATE rpa_meta SET value = ? WHERE key = 'schema'", [String(SCHEMA_VERSION)]);
  } else if (version > SCHEMA_VERSION) {
    throw new RpaUserError(
      'store-unreadable',
      `The session store was written by a newer version of RPA Sessions (store format ${version}, this version reads ${SCHEMA_VERSION}). ` +
        'Update the extension or the rpa-sessions CLI, or point it at another store folder.',
    );
  }
}

/** The sequence number of the last op contained in the database (0 for a new store). */
export function readAppliedSeq(db: Database): number {
  const found = db.exec("SELECT value FROM rpa_meta WHERE key = 'seq'");
  return found.length ? Number(found[0].values[0][0]) : 0;
}

export function writeAppliedSeq(db: Database, seq: number): void {
  db.run("INSERT OR REPLACE INTO rpa_meta (key, value) VALUES ('seq', ?)", [String(seq)]);
}
