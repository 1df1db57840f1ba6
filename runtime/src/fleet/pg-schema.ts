// The session store's tables on PostgreSQL (the same ones as the sql.js store: sessions, progress,
// logs, cleanups, the dataset registry), created and migrated by the tool itself, once per database.
import type { PoolClient } from 'pg';

/**
 * Migrations in order; a database records how many it has applied in rpa_meta.schema_version.
 * Times are milliseconds since the epoch (BIGINT), as in the sql.js store.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rpa_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE rpa_sessions (
     id TEXT PRIMARY KEY, instance_id TEXT, agent TEXT NOT NULL, run TEXT, bot TEXT, status TEXT NOT NULL,
     inputs TEXT NOT NULL, error TEXT, queued_at BIGINT NOT NULL, started_at BIGINT, ended_at BIGINT,
     cleanup_at BIGINT, records_removed_at BIGINT, created_seq BIGSERIAL);
   CREATE INDEX rpa_sessions_run ON rpa_sessions (run);
   CREATE TABLE rpa_progress (session_id TEXT PRIMARY KEY, pages INTEGER NOT NULL, records INTEGER NOT NULL, errors INTEGER NOT NULL, current_url TEXT);
   CREATE TABLE rpa_logs (session_id TEXT NOT NULL, seq BIGSERIAL, time BIGINT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (session_id, seq));
   CREATE TABLE rpa_cleanups (session_id TEXT PRIMARY KEY, stage TEXT NOT NULL, due_at BIGINT, policy TEXT NOT NULL);
   CREATE TABLE rpa_datasets (agent TEXT NOT NULL, dataset TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (agent, dataset, position));`,
  // The fleet's workers, each refreshing its row (heartbeat) while it runs.
  `CREATE TABLE rpa_workers (name TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, bots TEXT NOT NULL, concurrency INTEGER NOT NULL,
     started_at BIGINT NOT NULL, heartbeat_at BIGINT NOT NULL, running TEXT NOT NULL);`,
  // Cancel requests for sessions running on some worker, which watches for those of its sessions.
  `CREATE TABLE rpa_cancels (session_id TEXT PRIMARY KEY, reason TEXT NOT NULL, requested_at BIGINT NOT NULL);`,
];

/** Any number: one lock key for "this database's session store schema", held while migrating. */
const MIGRATION_LOCK = 0x52504153; // "RPAS"

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to SCHEMA_VERSION in one transaction under an advisory lock, so workers that
 * start together migrate once. A database newer than this tool is refused rather than touched.
 */
export async function migrate(client: PoolClient): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const exists = await client.query(`SELECT to_regclass('rpa_meta') IS NOT NULL AS ok`);
    const from = exists.rows[0].ok ? Number((await client.query(`SELECT value FROM rpa_meta WHERE key = 'schema_version'`)).rows[0]?.value ?? 0) : 0;
    if (from > SCHEMA_VERSION) {
      throw new Error(`The session store in this database has schema version ${from}, newer than this rpa-sessions (${SCHEMA_VERSION}). Update rpa-sessions on this machine.`);
    }
    for (let v = from; v < SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]);
    await client.query(`INSERT INTO rpa_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [String(SCHEMA_VERSION)]);
    await client.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
