// The session store's interface: sessions, progress, logs and typed per-dataset record tables
// (sql.js underneath). The engine, cleanup, exports, the Agent API and the CLI all go through it.
import type { DatasetSchema, LogEntry, RecordValues, SessionInfo, SessionStatus } from '../session-types';
import type { ExportTarget } from './export-api';

export interface SessionFilter {
  agent?: string;
  run?: string;
  status?: SessionStatus;
}

export interface PageRequest {
  offset?: number;
  /** At most this many rows (default 1000). */
  limit?: number;
}

export interface RecordPage {
  rows: RecordValues[];
  /** All of the session's records in the dataset, not just this page. */
  total: number;
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  /** True when the query returned more than maxRows rows and the rest were left out. */
  truncated: boolean;
}

/** How a session is cleaned up (the agent's session settings, SPEC §3), persisted with the session. */
export interface CleanupPolicy {
  /** Session timeout; undefined means the session is never cleaned up automatically. */
  sessionTimeoutMs?: number;
  removeSession: 'immediately' | 'afterTimeout';
  /** Cleanup External Session Data: also delete the session's rows from a database export. */
  cleanupExternalSessionData: boolean;
  export?: ExportTarget;
}

/**
 * Where a session's cleanup stands, so it resumes after a restart: running → (exporting →
 * removing →) waiting for the timeout (or for a close) → expiring | closing → done (entry removed).
 * expiring / closing: the final status is being set; external database rows may still be due.
 */
export type CleanupStage = 'running' | 'exporting' | 'removing' | 'waiting' | 'expiring' | 'closing';

export interface PendingCleanup {
  sessionId: string;
  stage: CleanupStage;
  /** When the timeout cleanup is due (or the next retry of a failed step). */
  dueAt?: number;
  policy: CleanupPolicy;
}

export interface SessionStoreApi {
  /**
   * Refuses (throws a user error) when a session with this ID exists and is not cleaned up; a
   * closed or expired session with the same ID is replaced.
   */
  createSession(info: SessionInfo): void;
  getSession(id: string): SessionInfo | undefined;
  listSessions(filter?: SessionFilter): SessionInfo[];
  updateSession(id: string, patch: Partial<Omit<SessionInfo, 'id'>>): void;
  /** Marks every queued or running session interrupted (after a crash); returns their IDs. */
  recoverInterrupted(now: number): string[];

  appendLog(id: string, entry: LogEntry): void;
  logs(id: string, page?: PageRequest): LogEntry[];

  /** Creates the dataset's table (typed columns + session_id, indexed) or adds missing columns. */
  defineDataset(schema: DatasetSchema): void;
  /** The columns of an agent's dataset (datasets are per agent). */
  datasetSchema(agent: string, dataset: string): DatasetSchema | undefined;
  /** Every agent dataset of the store, with the table that holds it (datasetTable(agent, dataset)). */
  datasetSchemas(): DatasetSchema[];
  /**
   * Adds records to the session's agent's dataset in one transaction. Fields the dataset does not declare yet become new columns
   * (typed from their values); values of the wrong type are refused before anything is written.
   */
  insertRecords(sessionId: string, dataset: string, rows: RecordValues[]): void;
  records(sessionId: string, dataset: string, page?: PageRequest): RecordPage;
  /** The datasets the session has records in, with their counts. */
  datasets(sessionId: string): Array<{ dataset: string; count: number }>;

  /**
   * Removes the session's records (internal data) and, unless keepLogs, its logs; its status row
   * stays. keepLogs serves Remove Session = Immediately, where status information stays until the timeout.
   */
  deleteSessionData(id: string, options?: { keepLogs?: boolean }): void;
  /** Removes everything of the session, status and pending cleanup included. */
  deleteSession(id: string): void;

  setPendingCleanup(entry: PendingCleanup): void;
  removePendingCleanup(sessionId: string): void;
  /** Every pending cleanup, or the one of the given session. */
  pendingCleanups(sessionId?: string): PendingCleanup[];

  /** Registers a secret value: the store refuses to write any text containing it. */
  registerSecret(value: string): void;
  /** The text with every registered secret masked; use it before logging or storing. */
  redact(text: string): string;

  /** Read-only SQL over the store (SELECT / WITH … SELECT / EXPLAIN only; default maxRows 10000). */
  query(sql: string, params?: unknown[], options?: { maxRows?: number }): QueryResult;

  /** Resolves once everything written before the call is durable on disk. */
  commit(): Promise<void>;
  close(): Promise<void>;
}
