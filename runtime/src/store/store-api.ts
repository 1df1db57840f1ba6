// The session store's interface: sessions, progress, logs and typed per-dataset record tables
// (sql.js underneath). The engine, cleanup, exports, the Agent API and the CLI all go through it.
import type { DatasetSchema, LogEntry, RecordValues, SessionInfo, SessionStatus } from '../session-types';

export interface SessionFilter {
  agent?: string;
  run?: string;
  status?: SessionStatus;
}

export interface RecordPage {
  rows: RecordValues[];
  total: number;
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export interface SessionStoreApi {
  /** Refuses (throws a user error) when a session with this ID exists and is not cleaned up. */
  createSession(info: SessionInfo): void;
  getSession(id: string): SessionInfo | undefined;
  listSessions(filter?: SessionFilter): SessionInfo[];
  updateSession(id: string, patch: Partial<Omit<SessionInfo, 'id'>>): void;

  appendLog(id: string, entry: LogEntry): void;
  logs(id: string, page?: { offset?: number; limit?: number }): LogEntry[];

  /** Creates the dataset's table (typed columns + session_id, indexed) or adds missing columns. */
  defineDataset(schema: DatasetSchema): void;
  insertRecords(sessionId: string, dataset: string, rows: RecordValues[]): void;
  records(sessionId: string, dataset: string, page?: { offset?: number; limit?: number }): RecordPage;
  datasets(sessionId: string): Array<{ dataset: string; count: number }>;

  /** Removes the session's records (internal data) and logs; its status row stays. */
  deleteSessionData(id: string): void;
  /** Removes everything of the session, status included. */
  deleteSession(id: string): void;

  /** Read-only SQL over the store (SELECT / WITH … SELECT / EXPLAIN only). */
  query(sql: string, params?: unknown[]): QueryResult;

  /** Resolves once everything written before the call is durable on disk. */
  commit(): Promise<void>;
  close(): Promise<void>;
}
