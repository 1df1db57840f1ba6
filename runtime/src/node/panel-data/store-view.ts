// The panel data worker's private, read-only copy of a workspace's session store: loaded from the
// snapshot and journal without the lock, kept current by replaying only new journal entries.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import type { DatasetInfo, GridColumn, PanelSession, StoreTable } from '../../panel-protocol';
import { datasetTable, quoteIdent } from '../../store/sql-names';
import type { SqlSessionStore } from '../../store/sql-session-store';
import { openSessionStore, SNAPSHOT_FILE, WAL_FILE } from '../open-store';
import { readWal, readWalTail } from '../wal-file';

function stampOf(path: string): string {
  if (!existsSync(path)) return 'none';
  const s = statSync(path);
  return `${s.mtimeMs}:${s.size}`;
}

export class StoreView {
  /** Bumped whenever what the view shows may have changed; pages carry it so grids know they are stale. */
  generation = 1;
  /** Bumped when the database object is replaced (a new snapshot): indexes added to the old one are gone. */
  database = 1;
  /** Bumped when a dataset's columns change: every dataset view is read anew. */
  private schemas = 1;
  /** Per session, bumped when its records change (added or removed), so views of other sessions stay cached. */
  private readonly records = new Map<string, number>();
  /** Record counts per session and dataset, by data version. */
  private readonly counts = new Map<string, { version: string; count: number }>();
  /** Journal bytes read so far (0: read it whole next time), so a refresh reads only what was appended. */
  private walBytes = 0;

  private constructor(
    readonly storeDir: string,
    private current: SqlSessionStore,
    private snapshotStamp: string,
  ) {}

  static async open(storeDir: string): Promise<StoreView> {
    const stamp = stampOf(join(storeDir, SNAPSHOT_FILE));
    const { store } = await openSessionStore(storeDir, { storeDir, readOnly: true });
    return new StoreView(storeDir, store, stamp);
  }

  get store(): SqlSessionStore {
    return this.current;
  }

  get db(): Database {
    return this.current.viewDatabase();
  }

  /**
   * Catches up with the files: replays journal entries past the last one applied, or reloads
   * everything when the writer took a new snapshot (which empties the journal). True if anything changed.
   */
  async refresh(): Promise<boolean> {
    const stamp = stampOf(join(this.storeDir, SNAPSHOT_FILE));
    const walPath = join(this.storeDir, WAL_FILE);
    const wal = this.walBytes ? readWalTail(walPath, this.walBytes) : readWal(walPath);
    const fresh = wal?.entries.filter((e) => e.seq > this.current.appliedSeq) ?? [];
    if (wal && stamp === this.snapshotStamp && (!fresh.length || fresh[0].seq === this.current.appliedSeq + 1)) {
      this.walBytes = wal.validBytes;
      if (!fresh.length) return false;
      for (const { seq, op } of fresh) {
        this.current.replay(seq, op);
        if (op.op === 'insertRecords') this.bump(op.sessionId);
        else if (op.op === 'deleteSessionData' || op.op === 'deleteSession') this.bump(op.id);
        else if (op.op === 'defineDataset') this.schemas++;
      }
      await this.current.commit();
    } else {
      const { store } = await openSessionStore(this.storeDir, { storeDir: this.storeDir, readOnly: true });
      await this.current.close();
      this.current = store;
      this.snapshotStamp = stamp;
      this.walBytes = 0;
      this.database++;
    }
    this.generation++;
    return true;
  }

  /** Changes whenever the session's records (or the database, or a dataset's columns) may have. */
  dataVersion(sessionId: string): string {
    return `${this.database}.${this.schemas}.${this.records.get(sessionId) ?? 0}`;
  }

  /** The session's records in the dataset (counted once per data version). */
  count(sessionId: string, dataset: string, table: string): number {
    const key = JSON.stringify([sessionId, dataset]);
    const version = this.dataVersion(sessionId);
    const cached = this.counts.get(key);
    if (cached?.version === version) return cached.count;
    const count = Number(this.db.exec(`SELECT count(*) FROM ${quoteIdent(table)} WHERE session_id = ?`, [sessionId])[0].values[0][0]);
    this.counts.set(key, { version, count });
    return count;
  }

  sessions(): PanelSession[] {
    let queued = 0;
    return this.current.listSessions().map((s) => (s.status === 'queued' ? { ...s, queuePosition: ++queued } : s));
  }

  /** The datasets the session has records in, with their counts and typed columns. */
  datasets(sessionId: string): DatasetInfo[] {
    const agent = this.current.getSession(sessionId)?.agent;
    return this.current.datasetSchemas().flatMap((s) => {
      const count = s.agent === agent ? this.count(sessionId, s.dataset, datasetTable(s.agent, s.dataset)) : 0;
      return count ? [{ dataset: s.dataset, count, columns: s.columns.map((c) => ({ ...c })) }] : [];
    });
  }

  /** The table holding the session's dataset and its typed columns, or undefined if there is none. */
  datasetTable(sessionId: string, dataset: string): { table: string; columns: GridColumn[] } | undefined {
    const session = this.current.getSession(sessionId);
    const schema = session && this.current.datasetSchema(session.agent, dataset);
    return schema ? { table: datasetTable(schema.agent, schema.dataset), columns: schema.columns.map((c) => ({ ...c })) } : undefined;
  }

  /** Every table of the store with its columns (the panel's own indexes are not tables, so they are left out). */
  tables(): StoreTable[] {
    const names = this.db.exec("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values ?? [];
    return names.map(([name]) => {
      const cols = this.db.exec('SELECT name FROM pragma_table_info(?)', [String(name)])[0]?.values ?? [];
      return { name: String(name), columns: cols.map(([c]) => String(c)) };
    });
  }

  close(): Promise<void> {
    return this.current.close();
  }

  private bump(sessionId: string): void {
    this.records.set(sessionId, (this.records.get(sessionId) ?? 0) + 1);
  }
}
