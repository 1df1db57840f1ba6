// The operations that change the store, as journal entries: every mutation is one op, applied to
// sql.js and appended to the journal, so replaying the journal over a snapshot rebuilds the store.
import type { DatasetSchema, LogEntry, SessionInfo } from '../session-types';
import type { SessionUpdate } from './session-rows';
import type { PendingCleanup } from './store-api';

export type SessionPatch = Partial<Omit<SessionInfo, 'id'>>;

/** A value as bound to SQLite: booleans are stored as 0/1 integers. */
export type BindValue = string | number | null;

export type StoreOp =
  | { op: 'createSession'; info: SessionInfo }
  | { op: 'updateSession'; id: string; update: SessionUpdate }
  | { op: 'appendLog'; id: string; entry: LogEntry }
  | { op: 'defineDataset'; schema: DatasetSchema }
  /**
   * `values`: the rows one after another, `columns.length` values each (one flat array: less garbage).
   * `agent` is missing (and `defineDataset`'s schema has none) in journals written before datasets were per agent.
   */
  | { op: 'insertRecords'; sessionId: string; agent?: string; dataset: string; columns: string[]; values: BindValue[] }
  | { op: 'deleteSessionData'; id: string; keepLogs?: boolean }
  | { op: 'deleteSession'; id: string }
  | { op: 'setCleanup'; entry: PendingCleanup }
  | { op: 'removeCleanup'; id: string };

/** Ops that delete data: after one, the persisted files should stop holding the deleted rows soon. */
export const DELETING_OPS: ReadonlySet<StoreOp['op']> = new Set(['deleteSessionData', 'deleteSession']);

/** Where applied ops go to become durable (a write-ahead log file in Node, nothing in memory). */
export interface StoreJournal {
  /** Records an op that was just applied, with its sequence number; durable at the next commit. */
  append(seq: number, op: StoreOp): void;
  /** Resolves once every op appended before the call is durable. */
  commit(): Promise<void>;
  close(): Promise<void>;
}

/** The journal of a store that lives only in memory (tests, previews): nothing to make durable. */
export const memoryJournal: StoreJournal = {
  append: () => undefined,
  commit: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

