// The session store on PostgreSQL, shared by a fleet of workers: the sql.js store's sessions, logs and
// typed per-agent dataset tables, with records keyed by (session_id, record_no) and written idempotently.
import { Pool, types, type PoolClient } from 'pg';
import { FINISHED_STATUSES, type ColumnType, type DatasetSchema, type LogEntry, type RecordValues, type SessionInfo, type SessionStatus } from '../session-types';
import { RpaUserError } from '../user-error';
import { toBindValues, undeclaredColumns } from '../store/record-values';
import { SecretGuard } from '../store/secret-guard';
import { duplicateSessionId, fromRow, SELECT_SESSION, toUpdate, validateNewSession } from '../store/session-rows';
import { datasetTable, quoteIdent, validateAgentName, validateColumnName, validateDatasetName } from '../store/sql-names';
import type { SessionPatch } from '../store/store-ops';
import type { PageRequest, RecordPage, SessionFilter } from '../store/store-api';
import { migrate } from './pg-schema';
import { shownUrl, storeUnavailable } from './pg-url';

const PG_TYPE: Record<ColumnType, string> = { text: 'TEXT', number: 'DOUBLE PRECISION', integer: 'BIGINT', boolean: 'BOOLEAN', date: 'TEXT' };
const CLEANED_UP: ReadonlySet<SessionStatus> = new Set<SessionStatus>(['closed', 'expired']);
/** PostgreSQL takes at most 65,535 parameters per statement: records go in batches below that. */
const MAX_PARAMS = 60_000;
const INT8_OID = 20;

/** BIGINT columns (times in ms, counts) as JS numbers: every value written fits in 2^53. */
const typeParsers = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : types.getTypeParser(oid, format as 'text')) };

/** Records of one dataset numbered from `firstRecordNo` (the session's nth record of it): a retry writes the same numbers. */
export interface RecordBatch {
  dataset: string;
  firstRecordNo: number;
  rows: RecordValues[];
}

/** A worker as the fleet's store lists it. */
export interface WorkerInfo {
  name: string;
  host: string;
  pid: number;
  bots: string[];
  concurrency: number;
  startedAt: number;
  heartbeatAt: number;
  /** The sessions it runs now. */
  running: string[];
}

export class PgSessionStore {
  private readonly secrets = new SecretGuard();
  private readonly schemas = new Map<string, DatasetSchema>();

  private constructor(
    private readonly pool: Pool,
    readonly shownUrl: string,
  ) {}

  /** Connects and creates or migrates the tables; an unreachable server is a user error without the password. */
  static async open(url: string): Promise<PgSessionStore> {
    const pool = new Pool({ connectionString: url, max: 4, types: typeParsers, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined); // an idle client's broken connection: the next query reports it
    const store = new PgSessionStore(pool, shownUrl(url));
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
      await store.loadSchemas();
      return store;
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw storeUnavailable(url, e);
    }
  }

  registerSecret(value: string): void {
    this.secrets.add(value);
  }

  redact(text: string): string {
    return this.secrets.redact(text);
  }

  async createSession(info: SessionInfo): Promise<void> {
    validateNewSession(info);
    this.secrets.check(info, `session "${info.id}"`);
    await this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`session:${info.id}`]);
      const existing = await this.sessionIn(c, info.id);
      if (existing && !CLEANED_UP.has(existing.status)) throw duplicateSessionId(existing);
      if (existing) await this.removeSession(c, existing);
      const { id: _id, progress, ...fields } = info;
      const row = toUpdate(fields).set;
      const cols = Object.keys(row);
      await c.query(`INSERT INTO rpa_sessions (id, ${cols.join(', ')}) VALUES ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')})`, [info.id, ...cols.map((k) => row[k])]);
      await this.writeProgress(c, info.id, progress);
    });
  }

  async getSession(id: string): Promise<SessionInfo | undefined> {
    return this.sessionIn(this.pool, id);
  }

  /** These sessions as they are now (those gone from the store are left out). */
  async sessionsById(ids: readonly string[]): Promise<SessionInfo[]> {
    const r = await this.pool.query({ text: `${SELECT_SESSION} WHERE s.id = ANY($1) ORDER BY s.queued_at, s.created_seq`, values: [ids], rowMode: 'array' });
    return r.rows.map((row) => fromRow(row));
  }

  async listSessions(filter: SessionFilter = {}): Promise<SessionInfo[]> {
    const where: string[] = [];
    const params: string[] = [];
    for (const [column, value] of [['s.agent', filter.agent], ['s.run', filter.run], ['s.status', filter.status]] as const) {
      if (value !== undefined) (params.push(value), where.push(`${column} = $${params.length}`));
    }
    const r = await this.pool.query({ text: `${SELECT_SESSION}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY s.queued_at, s.created_seq`, values: params, rowMode: 'array' });
    return r.rows.map((row) => fromRow(row));
  }

  async updateSession(id: string, patch: SessionPatch): Promise<void> {
    await this.transaction((c) => this.applyPatch(c, id, patch));
  }

  async appendLog(id: string, entry: LogEntry): Promise<void> {
    await this.pool.query('INSERT INTO rpa_logs (session_id, time, level, message) VALUES ($1, $2, $3, $4)', [id, entry.time, entry.level, this.redact(entry.message)]);
  }

  async logs(id: string, page: PageRequest = {}): Promise<LogEntry[]> {
    const r = await this.pool.query('SELECT time, level, message FROM rpa_logs WHERE session_id = $1 ORDER BY seq LIMIT $2 OFFSET $3', [id, page.limit ?? 1000, page.offset ?? 0]);
    return r.rows.map((row: { time: number; level: LogEntry['level']; message: string }) => ({ time: row.time, level: row.level, message: row.message }));
  }

  /** These sessions' log entries written after `afterSeq` (a cursor over the whole log), oldest first. */
  async logsAfter(ids: readonly string[], afterSeq: number, limit = 1000): Promise<Array<{ seq: number; sessionId: string; entry: LogEntry }>> {
    const r = await this.pool.query('SELECT seq, session_id, time, level, message FROM rpa_logs WHERE session_id = ANY($1) AND seq > $2 ORDER BY seq LIMIT $3', [ids, afterSeq, limit]);
    return r.rows.map((row: { seq: number; session_id: string; time: number; level: LogEntry['level']; message: string }) => ({
      seq: row.seq,
      sessionId: row.session_id,
      entry: { time: row.time, level: row.level, message: row.message },
    }));
  }

  /** Creates the dataset's table (typed columns, keyed by session and record number) or adds missing columns. */
  async defineDataset(schema: DatasetSchema): Promise<void> {
    validateAgentName(schema.agent);
    validateDatasetName(schema.dataset);
    for (const c of schema.columns) validateColumnName(schema.dataset, c.name);
    const name = datasetTable(schema.agent, schema.dataset);
    const table = quoteIdent(name);
    await this.transaction(async (c) => {
      // Workers defining the same dataset at once: one creates it, the others then see it.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dataset:${name}`]);
      await c.query(`CREATE TABLE IF NOT EXISTS ${table} (session_id TEXT NOT NULL, record_no BIGINT NOT NULL, PRIMARY KEY (session_id, record_no))`);
      const known = (await c.query('SELECT name, type FROM rpa_datasets WHERE agent = $1 AND dataset = $2 ORDER BY position', [schema.agent, schema.dataset])).rows as Array<{ name: string; type: ColumnType }>;
      const columns = [...known, ...schema.columns.filter((n) => !known.some((k) => k.name === n.name))];
      for (const col of columns.slice(known.length)) {
        await c.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdent(col.name)} ${PG_TYPE[col.type]}`);
        await c.query('INSERT INTO rpa_datasets (agent, dataset, position, name, type) VALUES ($1, $2, $3, $4, $5)', [schema.agent, schema.dataset, columns.indexOf(col), col.name, col.type]);
      }
      this.schemas.set(name, { agent: schema.agent, dataset: schema.dataset, columns });
    });
  }

  datasetSchema(agent: string, dataset: string): DatasetSchema | undefined {
    return this.schemas.get(datasetTable(agent, dataset));
  }

  /**
   * Writes record batches and, when given, the session's patch (its completion) in one transaction.
   * A record number already stored is skipped (ON CONFLICT DO NOTHING), so a retried session or a
   * redelivered job never doubles a record. A patch with `recordsRemovedAt` (removed right after its
   * export) removes the session's records, logs kept; one with `cleanupAt` schedules the timeout
   * cleanup that expireDue() does once across the fleet. Returns how many records were new.
   */
  async commit(sessionId: string, batches: readonly RecordBatch[], patch?: SessionPatch): Promise<number> {
    const info = await this.getSession(sessionId);
    if (!info) throw new RpaUserError('unknown-session', `There is no session "${sessionId}" in the session store at ${this.shownUrl}.`);
    for (const b of batches) {
      const missing = undeclaredColumns(this.datasetSchema(info.agent, b.dataset), b.rows);
      if (missing.length || !this.datasetSchema(info.agent, b.dataset)) await this.defineDataset({ agent: info.agent, dataset: b.dataset, columns: missing });
    }
    return this.transaction(async (c) => {
      let inserted = 0;
      for (const b of batches) inserted += await this.insertBatch(c, info, b);
      if (!patch) return inserted;
      await this.applyPatch(c, sessionId, patch);
      if (patch.status && FINISHED_STATUSES.has(patch.status)) await c.query('DELETE FROM rpa_cancels WHERE session_id = $1', [sessionId]);
      if (patch.recordsRemovedAt !== undefined) await this.deleteRecords(c, info);
      if (patch.cleanupAt !== undefined) {
        await c.query(
          `INSERT INTO rpa_cleanups (session_id, stage, due_at, policy) VALUES ($1, 'waiting', $2, '{}') ON CONFLICT (session_id) DO UPDATE SET stage = 'waiting', due_at = EXCLUDED.due_at`,
          [sessionId, patch.cleanupAt],
        );
      }
      return inserted;
    });
  }

  async records(sessionId: string, dataset: string, page: PageRequest = {}): Promise<RecordPage> {
    const info = await this.getSession(sessionId);
    // Another process (a worker) may have defined the dataset or added columns since this one looked.
    if (info) await this.loadSchemas();
    const schema = info && this.datasetSchema(info.agent, dataset);
    if (!schema) return { rows: [], total: 0 };
    const table = quoteIdent(datasetTable(info.agent, dataset));
    const cols = schema.columns.map((c) => quoteIdent(c.name)).join(', ');
    const [rows, total] = await Promise.all([
      this.pool.query(`SELECT ${cols} FROM ${table} WHERE session_id = $1 ORDER BY record_no LIMIT $2 OFFSET $3`, [sessionId, page.limit ?? 1000, page.offset ?? 0]),
      this.pool.query(`SELECT count(*) AS n FROM ${table} WHERE session_id = $1`, [sessionId]),
    ]);
    return { rows: rows.rows as RecordValues[], total: Number(total.rows[0].n) };
  }

  async datasets(sessionId: string): Promise<Array<{ dataset: string; count: number }>> {
    const info = await this.getSession(sessionId);
    if (!info) return [];
    await this.loadSchemas();
    const out: Array<{ dataset: string; count: number }> = [];
    for (const s of this.schemas.values()) {
      if (s.agent !== info.agent) continue;
      const n = Number((await this.pool.query(`SELECT count(*) AS n FROM ${quoteIdent(datasetTable(s.agent, s.dataset))} WHERE session_id = $1`, [sessionId])).rows[0].n);
      if (n > 0) out.push({ dataset: s.dataset, count: n });
    }
    return out;
  }

  /**
   * CloseSession of a finished session: its records and logs go, its status becomes closed, its
   * pending timeout cleanup is dropped. Returns the status it had (a queued or running one is left as is).
   */
  async closeSession(id: string): Promise<SessionStatus | undefined> {
    return this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`session:${id}`]);
      const info = await this.sessionIn(c, id);
      if (info && !CLEANED_UP.has(info.status) && info.status !== 'queued' && info.status !== 'running') await this.cleanUp(c, info, 'closed', Date.now());
      return info?.status;
    });
  }

  /**
   * Expires every session whose session timeout has passed by `now`, each exactly once however many
   * workers sweep at the same time: a session is taken under its lock, and its cleanup row goes in
   * the same transaction as its data. Returns the IDs expired by this call.
   */
  async expireDue(now: number, limit = 100): Promise<string[]> {
    const due = await this.pool.query(`SELECT session_id FROM rpa_cleanups WHERE stage = 'waiting' AND due_at <= $1 ORDER BY due_at LIMIT $2`, [now, limit]);
    const expired: string[] = [];
    for (const { session_id: id } of due.rows as Array<{ session_id: string }>) {
      const done = await this.transaction(async (c) => {
        const locked = await c.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [`session:${id}`]);
        if (!locked.rows[0].ok) return false; // another worker is expiring or closing it
        const still = await c.query(`SELECT 1 FROM rpa_cleanups WHERE session_id = $1 AND stage = 'waiting' AND due_at <= $2`, [id, now]);
        const info = still.rowCount ? await this.sessionIn(c, id) : undefined;
        if (!info || CLEANED_UP.has(info.status)) return false;
        await this.cleanUp(c, info, 'expired', now);
        return true;
      });
      if (done) expired.push(id);
    }
    return expired;
  }

  /** Asks whichever worker runs the session to cancel it (it looks about every second). */
  async requestCancel(id: string, reason: string): Promise<void> {
    await this.pool.query('INSERT INTO rpa_cancels (session_id, reason, requested_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING', [id, this.redact(reason), Date.now()]);
  }

  /** The cancel requests among these sessions: session ID → reason. */
  async cancelRequests(ids: readonly string[]): Promise<Map<string, string>> {
    const r = await this.pool.query('SELECT session_id, reason FROM rpa_cancels WHERE session_id = ANY($1)', [ids]);
    return new Map(r.rows.map((row: { session_id: string; reason: string }) => [row.session_id, row.reason]));
  }

  /** Records this worker (or refreshes its heartbeat and the sessions it runs now). */
  async heartbeat(w: WorkerInfo): Promise<void> {
    await this.pool.query(
      `INSERT INTO rpa_workers (name, host, pid, bots, concurrency, started_at, heartbeat_at, running) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (name) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, bots = EXCLUDED.bots, concurrency = EXCLUDED.concurrency,
         started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at, running = EXCLUDED.running`,
      [w.name, w.host, w.pid, JSON.stringify(w.bots), w.concurrency, w.startedAt, w.heartbeatAt, JSON.stringify(w.running)],
    );
  }

  /** A worker that stopped gracefully leaves the list. */
  async removeWorker(name: string): Promise<void> {
    await this.pool.query('DELETE FROM rpa_workers WHERE name = $1', [name]);
  }

  async workers(): Promise<WorkerInfo[]> {
    const r = await this.pool.query('SELECT * FROM rpa_workers ORDER BY started_at, name');
    return r.rows.map((row: Record<string, unknown>) => ({
      name: String(row.name),
      host: String(row.host),
      pid: Number(row.pid),
      bots: JSON.parse(String(row.bots)) as string[],
      concurrency: Number(row.concurrency),
      startedAt: Number(row.started_at),
      heartbeatAt: Number(row.heartbeat_at),
      running: JSON.parse(String(row.running)) as string[],
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Reads every dataset's columns from the database (the one source of truth for all processes). */
  private async loadSchemas(): Promise<void> {
    const r = await this.pool.query('SELECT agent, dataset, name, type FROM rpa_datasets ORDER BY agent, dataset, position');
    this.schemas.clear();
    for (const row of r.rows as Array<{ agent: string; dataset: string; name: string; type: ColumnType }>) {
      const key = datasetTable(row.agent, row.dataset);
      const schema = this.schemas.get(key) ?? { agent: row.agent, dataset: row.dataset, columns: [] };
      schema.columns.push({ name: row.name, type: row.type });
      this.schemas.set(key, schema);
    }
  }

  private async insertBatch(c: PoolClient, info: SessionInfo, b: RecordBatch): Promise<number> {
    const schema = this.datasetSchema(info.agent, b.dataset)!;
    const width = schema.columns.length;
    const values = toBindValues(schema, info.id, b.rows, this.secrets);
    const booleans = schema.columns.map((col) => col.type === 'boolean');
    const cols = ['session_id', 'record_no', ...schema.columns.map((col) => quoteIdent(col.name))].join(', ');
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / (width + 2)));
    let inserted = 0;
    for (let start = 0; start < b.rows.length; start += perStatement) {
      const end = Math.min(b.rows.length, start + perStatement);
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let r = start; r < end; r++) {
        params.push(info.id, b.firstRecordNo + r);
        for (let k = 0; k < width; k++) {
          const v = values[r * width + k];
          params.push(booleans[k] && v !== null ? v === 1 : v);
        }
        tuples.push(`(${Array.from({ length: width + 2 }, (_, k) => `$${params.length - width - 1 + k}`).join(', ')})`);
      }
      const r = await c.query(`INSERT INTO ${quoteIdent(datasetTable(info.agent, b.dataset))} (${cols}) VALUES ${tuples.join(', ')} ON CONFLICT (session_id, record_no) DO NOTHING`, params);
      inserted += r.rowCount ?? 0;
    }
    return inserted;
  }

  private async applyPatch(c: PoolClient, id: string, patch: SessionPatch): Promise<void> {
    const { set, progress } = toUpdate(patch);
    const cols = Object.keys(set);
    if (cols.some((k) => typeof set[k] === 'string' && this.secrets.contains(set[k] as string))) this.secrets.check(patch, `session "${id}"`);
    if (cols.length) await c.query(`UPDATE rpa_sessions SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map((k) => set[k])]);
    if (progress) await this.writeProgress(c, id, progress);
  }

  private async writeProgress(c: PoolClient, id: string, p: SessionInfo['progress']): Promise<void> {
    await c.query(
      'INSERT INTO rpa_progress (session_id, pages, records, errors, current_url) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO UPDATE SET pages = EXCLUDED.pages, records = EXCLUDED.records, errors = EXCLUDED.errors, current_url = EXCLUDED.current_url',
      [id, p.pages, p.records, p.errors, p.currentUrl ?? null],
    );
  }

  private async sessionIn(q: Pool | PoolClient, id: string): Promise<SessionInfo | undefined> {
    const r = await q.query({ text: `${SELECT_SESSION} WHERE s.id = $1`, values: [id], rowMode: 'array' });
    return r.rows.length ? fromRow(r.rows[0]) : undefined;
  }

  /** From every dataset table of the session's agent, as the database knows them (another process may have added one). */
  private async deleteRecords(c: PoolClient, info: SessionInfo): Promise<void> {
    const tables = await c.query('SELECT DISTINCT dataset FROM rpa_datasets WHERE agent = $1', [info.agent]);
    for (const { dataset } of tables.rows as Array<{ dataset: string }>) await c.query(`DELETE FROM ${quoteIdent(datasetTable(info.agent, dataset))} WHERE session_id = $1`, [info.id]);
  }

  /** The session's records and logs go and its status becomes final (closed or expired); its status row stays. */
  private async cleanUp(c: PoolClient, info: SessionInfo, status: 'closed' | 'expired', now: number): Promise<void> {
    await this.deleteRecords(c, info);
    await c.query('DELETE FROM rpa_logs WHERE session_id = $1', [info.id]);
    await c.query('DELETE FROM rpa_cleanups WHERE session_id = $1', [info.id]);
    await this.applyPatch(c, info.id, { status, recordsRemovedAt: info.recordsRemovedAt ?? now });
  }

  private async removeSession(c: PoolClient, info: SessionInfo): Promise<void> {
    await this.deleteRecords(c, info);
    for (const t of ['rpa_logs', 'rpa_progress', 'rpa_cleanups', 'rpa_cancels']) await c.query(`DELETE FROM ${t} WHERE session_id = $1`, [info.id]);
    await c.query('DELETE FROM rpa_sessions WHERE id = $1', [info.id]);
  }

  /** Runs `work` in one transaction on one pooled connection. */
  private async transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      try {
        const result = await work(c);
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
    } finally {
      c.release();
    }
  }
}
