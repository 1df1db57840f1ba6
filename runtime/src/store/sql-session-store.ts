// The session store on sql.js: every change is one op, applied all-or-nothing (a savepoint) and
// appended to a journal the Node side makes durable; reads are scoped to one session ID, always bound.
import type { Database } from 'sql.js';
import type { DatasetSchema, LogEntry, RecordValues, SessionInfo } from '../session-types';
import { RpaUserError } from '../user-error';
import { DatasetTables } from './dataset-tables';
import { LegacyOps } from './legacy-ops';
import { runReadOnlyQuery } from './read-only-query';
import { toBindValues, undeclaredColumns } from './record-values';
import { SecretGuard } from './secret-guard';
import { applyUpdate, duplicateSessionId, fromRow, insertSession, SELECT_SESSION, toUpdate, validateNewSession, validateSessionId } from './session-rows';
import type { PageRequest, PendingCleanup, QueryResult, RecordPage, SessionFilter, SessionStoreApi } from './store-api';
import { memoryJournal, type SessionPatch, type StoreJournal, type StoreOp } from './store-ops';
import { prepareDatabase, readAppliedSeq, writeAppliedSeq } from './store-schema';

const DEFAULT_PAGE = 1000;

/** Statuses of a session that has been cleaned up: its ID may be used again. */
const CLEANED_UP = new Set(['closed', 'expired']);

const LOG_LEVELS: ReadonlySet<string> = new Set(['info', 'warn', 'error']);

export const INTERRUPTED_ERROR =
  'The session was interrupted: the process running it stopped (a crash, kill or shutdown) before it finished. ' +
  'Records it committed before that are kept. Run it again, with a new session ID or after closing this one.';

export interface SqlSessionStoreOptions {
  journal?: StoreJournal;
  /** A read-only view (another process owns the store): every change is refused. */
  readOnly?: { reason: string };
}

export class SqlSessionStore implements SessionStoreApi {
  private readonly tables: DatasetTables;
  /** Replays journal entries written before datasets were per agent. */
  private readonly legacy: LegacyOps;
  private readonly secrets = new SecretGuard();
  private journal: StoreJournal;
  private seq: number;
  private broken: Error | undefined;
  /**
   * Ops run inside one SQLite transaction that stays open until commit() or a snapshot, each in a
   * savepoint of its own: sql.js writes changed pages to its in-memory file at every COMMIT, so
   * committing per op would copy the same pages again and again. Durability comes from the journal.
   */
  private open = false;

  constructor(
    private readonly db: Database,
    private readonly options: SqlSessionStoreOptions = {},
  ) {
    prepareDatabase(db);
    this.tables = new DatasetTables(db);
    this.legacy = new LegacyOps(this.tables);
    this.seq = readAppliedSeq(db);
    this.journal = options.journal ?? memoryJournal;
  }

  /** The sequence number of the last op applied. */
  get appliedSeq(): number {
    return this.seq;
  }

  setJournal(journal: StoreJournal): void {
    this.journal = journal;
  }

  /** Re-applies a journaled op while opening the store; ops must come in sequence. */
  replay(seq: number, op: StoreOp): void {
    if (seq !== this.seq + 1) throw new Error(`journal entry ${seq} does not follow ${this.seq}`);
    this.inSavepoint(() => this.execute(op));
    this.seq = seq;
  }

  /**
   * The database of a read-only view, for a reader that adds indexes of its own to its private copy
   * (the Sessions panel's data worker); a store that records changes never hands out its database.
   */
  viewDatabase(): Database {
    if (!this.options.readOnly) throw new Error('Only a read-only view of the session store hands out its database.');
    this.endTransaction();
    return this.db;
  }

  /** The whole database as an SQLite file, stamped with the last applied op (for snapshots). */
  exportSnapshot(): Uint8Array {
    if (this.broken) throw this.broken;
    this.inSavepoint(() => writeAppliedSeq(this.db, this.seq));
    this.endTransaction();
    return this.db.export();
  }

  createSession(info: SessionInfo): void {
    validateNewSession(info);
    const existing = this.getSession(info.id);
    if (existing && !CLEANED_UP.has(existing.status)) throw duplicateSessionId(existing);
    this.secrets.check(info, `session "${info.id}"`);
    this.apply({ op: 'createSession', info });
  }

  getSession(id: string): SessionInfo | undefined {
    const rows = this.db.exec(`${SELECT_SESSION} WHERE s.id = ?`, [id]);
    return rows.length ? fromRow(rows[0].values[0]) : undefined;
  }

  listSessions(filter: SessionFilter = {}): SessionInfo[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.agent !== undefined) (where.push('s.agent = ?'), params.push(filter.agent));
    if (filter.run !== undefined) (where.push('s.run = ?'), params.push(filter.run));
    if (filter.status !== undefined) (where.push('s.status = ?'), params.push(filter.status));
    const sql = `${SELECT_SESSION}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY s.queued_at, s.rowid`;
    return (this.db.exec(sql, params)[0]?.values ?? []).map(fromRow);
  }

  updateSession(id: string, patch: SessionPatch): void {
    this.requireSession(id);
    this.secrets.check(patch, `the status of session "${id}"`);
    this.apply({ op: 'updateSession', id, update: toUpdate(patch) });
  }

  recoverInterrupted(now: number): string[] {
    const ids = [...this.listSessions({ status: 'queued' }), ...this.listSessions({ status: 'running' })].map((s) => s.id);
    for (const id of ids) this.updateSession(id, { status: 'interrupted', error: INTERRUPTED_ERROR, endedAt: now });
    return ids;
  }

  appendLog(id: string, entry: LogEntry): void {
    this.requireSession(id);
    if (!LOG_LEVELS.has(entry.level) || typeof entry.message !== 'string' || typeof entry.time !== 'number') {
      throw new RpaUserError('invalid-record', `A log line of session "${id}" needs a time, a level (info, warn or error) and a text message.`);
    }
    this.secrets.check(entry.message, `a log line of session "${id}"`);
    this.apply({ op: 'appendLog', id, entry: { time: entry.time, level: entry.level, message: entry.message } });
  }

  logs(id: string, page: PageRequest = {}): LogEntry[] {
    const { offset, limit } = pageOf(page);
    const rows = this.db.exec('SELECT time, level, message FROM rpa_logs WHERE session_id = ? ORDER BY rowid LIMIT ? OFFSET ?', [id, limit, offset]);
    return (rows[0]?.values ?? []).map(([time, level, message]) => ({ time: Number(time), level: level as LogEntry['level'], message: String(message) }));
  }

  defineDataset(schema: DatasetSchema): void {
    const merged = this.tables.merge(schema);
    if (merged) this.apply({ op: 'defineDataset', schema: merged });
  }

  datasetSchema(agent: string, dataset: string): DatasetSchema | undefined {
    return this.tables.get(agent, dataset);
  }

  datasetSchemas(): DatasetSchema[] {
    return this.tables.all();
  }

  insertRecords(sessionId: string, dataset: string, rows: RecordValues[]): void {
    validateSessionId(sessionId);
    const found = this.statusAndAgentOf(sessionId);
    if (!found) this.requireSession(sessionId);
    const { status, agent } = found!;
    if (CLEANED_UP.has(status)) {
      throw new RpaUserError('unknown-session', `Session "${sessionId}" was ${status} and its data cleaned up; it cannot take new records. Start a new session.`);
    }
    if (!rows.length) return;
    const extra = undeclaredColumns(this.tables.get(agent, dataset), rows);
    if (extra.length || !this.tables.get(agent, dataset)) this.defineDataset({ agent, dataset, columns: extra });
    const schema = this.tables.get(agent, dataset);
    if (!schema) throw new Error(`dataset ${agent}.${dataset} was not defined`);
    if (!schema.columns.length) {
      throw new RpaUserError('invalid-record', `The records for dataset "${dataset}" (session "${sessionId}") have no fields, so there is nothing to store. Give the extract step at least one field.`);
    }
    const values = toBindValues(schema, sessionId, rows, this.secrets);
    this.apply({ op: 'insertRecords', sessionId, agent, dataset, columns: schema.columns.map((c) => c.name), values });
  }

  records(sessionId: string, dataset: string, page: PageRequest = {}): RecordPage {
    const { offset, limit } = pageOf(page);
    const agent = this.statusAndAgentOf(sessionId)?.agent;
    if (agent === undefined) return { rows: [], total: 0 };
    return { rows: this.tables.read(sessionId, agent, dataset, offset, limit), total: this.tables.count(sessionId, agent, dataset) };
  }

  datasets(sessionId: string): Array<{ dataset: string; count: number }> {
    const agent = this.statusAndAgentOf(sessionId)?.agent;
    if (agent === undefined) return [];
    return this.tables
      .names(agent)
      .map((dataset) => ({ dataset, count: this.tables.count(sessionId, agent, dataset) }))
      .filter((d) => d.count > 0);
  }

  deleteSessionData(id: string, options: { keepLogs?: boolean } = {}): void {
    this.requireSession(id);
    this.apply(options.keepLogs ? { op: 'deleteSessionData', id, keepLogs: true } : { op: 'deleteSessionData', id });
  }

  deleteSession(id: string): void {
    this.requireSession(id);
    this.apply({ op: 'deleteSession', id });
  }

  setPendingCleanup(entry: PendingCleanup): void {
    this.requireSession(entry.sessionId);
    this.apply({ op: 'setCleanup', entry });
  }

  removePendingCleanup(sessionId: string): void {
    this.apply({ op: 'removeCleanup', id: sessionId });
  }

  pendingCleanups(sessionId?: string): PendingCleanup[] {
    const select = 'SELECT session_id, stage, due_at, policy FROM rpa_cleanups';
    const rows = sessionId === undefined ? this.db.exec(`${select} ORDER BY session_id`) : this.db.exec(`${select} WHERE session_id = ?`, [sessionId]);
    return (rows[0]?.values ?? []).map(([sessionId, stage, dueAt, policy]) => {
      const entry: PendingCleanup = { sessionId: String(sessionId), stage: stage as PendingCleanup['stage'], policy: JSON.parse(String(policy)) };
      if (dueAt !== null) entry.dueAt = Number(dueAt);
      return entry;
    });
  }

  registerSecret(value: string): void {
    this.secrets.add(value);
  }

  redact(text: string): string {
    return this.secrets.redact(text);
  }

  query(sql: string, params?: unknown[], options?: { maxRows?: number }): QueryResult {
    return runReadOnlyQuery(this.db, sql, params, options?.maxRows);
  }

  commit(): Promise<void> {
    this.endTransaction();
    return this.journal.commit();
  }

  async close(): Promise<void> {
    this.endTransaction();
    await this.journal.close();
    this.db.close();
  }

  /** Just the status and agent (a cheap check before each batch of records), or undefined for an unknown session. */
  private statusAndAgentOf(id: string): { status: string; agent: string } | undefined {
    const row = this.db.exec('SELECT status, agent FROM rpa_sessions WHERE id = ?', [id])[0]?.values[0];
    return row ? { status: String(row[0]), agent: String(row[1]) } : undefined;
  }

  private requireSession(id: string): SessionInfo {
    validateSessionId(id);
    const s = this.getSession(id);
    if (!s) throw new RpaUserError('unknown-session', `There is no session "${id}" in the session store (it may have been cleaned up). List sessions with rpa-sessions sessions list.`);
    return s;
  }

  private apply(op: StoreOp): void {
    if (this.options.readOnly) throw new RpaUserError('store-read-only', `The session store is open read-only: ${this.options.readOnly.reason}`);
    if (this.broken) throw new RpaUserError('store-unreadable', `The session store stopped accepting changes after an earlier failure: ${this.broken.message}. Reopen it.`);
    this.inSavepoint(() => this.execute(op));
    this.seq++;
    try {
      this.journal.append(this.seq, op);
    } catch (e) {
      // Memory now holds a change the journal lacks: refuse further changes rather than diverge.
      this.broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    }
  }

  /** Runs fn in a savepoint of the open transaction: all of it happens, or none of it. */
  private inSavepoint(fn: () => void): void {
    if (!this.open) {
      this.db.exec('BEGIN');
      this.open = true;
    }
    this.db.exec('SAVEPOINT op');
    try {
      fn();
    } catch (e) {
      try {
        this.db.exec('ROLLBACK TO op; RELEASE op');
      } catch {
        // SQLite rolled the whole transaction back (out of memory): earlier ops of it are gone from
        // memory, though the journal has them. Stop here; reopening replays the journal.
        this.open = false;
        this.broken = new Error(`SQLite had to roll back its transaction (${e instanceof Error ? e.message : String(e)})`);
      }
      throw e;
    }
    this.db.exec('RELEASE op');
  }

  private endTransaction(): void {
    if (!this.open) return;
    this.db.exec('COMMIT');
    this.open = false;
  }

  private execute(op: StoreOp): void {
    const db = this.db;
    switch (op.op) {
      case 'createSession':
        this.removeSessionRows(op.info.id, 'all');
        insertSession(db, op.info);
        return;
      case 'updateSession':
        return applyUpdate(db, op.id, op.update);
      case 'appendLog':
        db.run('INSERT INTO rpa_logs (session_id, time, level, message) VALUES (?, ?, ?, ?)', [op.id, op.entry.time, op.entry.level, op.entry.message]);
        return;
      case 'defineDataset':
        if (!op.schema.agent) return this.legacy.defineDataset(op.schema);
        return this.tables.apply(op.schema);
      case 'insertRecords': {
        const { agent, columns, values } = op.agent ? { ...op, agent: op.agent } : this.legacy.upgradeInsert(op, this.statusAndAgentOf(op.sessionId)?.agent);
        return this.tables.insert(op.sessionId, agent, op.dataset, columns, values);
      }
      case 'deleteSessionData':
        return this.removeSessionRows(op.id, op.keepLogs ? 'records' : 'data');
      case 'deleteSession':
        return this.removeSessionRows(op.id, 'all');
      case 'setCleanup': {
        const e = op.entry;
        db.run('INSERT OR REPLACE INTO rpa_cleanups (session_id, stage, due_at, policy) VALUES (?, ?, ?, ?)', [e.sessionId, e.stage, e.dueAt ?? null, JSON.stringify(e.policy)]);
        return;
      }
      case 'removeCleanup':
        db.run('DELETE FROM rpa_cleanups WHERE session_id = ?', [op.id]);
        return;
    }
  }

  /** Deletes the session's records; with 'data' its logs too; with 'all' also status, progress and pending cleanup. */
  private removeSessionRows(id: string, what: 'records' | 'data' | 'all'): void {
    const agent = this.statusAndAgentOf(id)?.agent;
    if (agent !== undefined) this.tables.deleteSession(id, agent);
    if (what === 'records') return;
    this.db.run('DELETE FROM rpa_logs WHERE session_id = ?', [id]);
    if (what === 'data') return;
    this.db.run('DELETE FROM rpa_progress WHERE session_id = ?', [id]);
    this.db.run('DELETE FROM rpa_cleanups WHERE session_id = ?', [id]);
    this.db.run('DELETE FROM rpa_sessions WHERE id = ?', [id]);
  }
}

function pageOf(page: PageRequest): { offset: number; limit: number } {
  const whole = (v: number | undefined, fallback: number) => (v !== undefined && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : fallback);
  return { offset: whole(page.offset, 0), limit: whole(page.limit, DEFAULT_PAGE) };
}
