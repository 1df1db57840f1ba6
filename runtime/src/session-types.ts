// Plain data types of the session runtime: statuses, progress, records, logs and session info.
// Everything here is structured-clone safe, so it crosses worker and process boundaries unchanged.

export type SessionStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'closed' | 'expired';

/** Statuses after which a session no longer runs. */
export const FINISHED_STATUSES: ReadonlySet<SessionStatus> = new Set(['completed', 'failed', 'cancelled', 'interrupted', 'closed', 'expired']);

export type InputValue = string | number | boolean;
export type Inputs = Record<string, InputValue>;

/** A field value in an extracted record; dates are ISO-8601 strings. */
export type FieldValue = string | number | boolean | null;
export type RecordValues = Record<string, FieldValue>;

/** The declared type of a dataset column (from `as number|integer|boolean|date`, else text). */
export type ColumnType = 'text' | 'number' | 'integer' | 'boolean' | 'date';

/** The columns of one agent's dataset: datasets are per agent (two agents' "books" never share columns). */
export interface DatasetSchema {
  agent: string;
  dataset: string;
  columns: Array<{ name: string; type: ColumnType }>;
}

export interface SessionProgress {
  pages: number;
  records: number;
  currentUrl?: string;
  errors: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  time: number;
  level: LogLevel;
  message: string;
}

export interface SessionInfo {
  id: string;
  /**
   * Unique to this start of the session: a later session started with the same ID (once this one is
   * cleaned up) has another, so whatever was bound to this one (an Agent API handle) never reaches it.
   */
  instanceId?: string;
  agent: string;
  run?: string;
  bot?: string;
  status: SessionStatus;
  inputs: Inputs;
  progress: SessionProgress;
  /** Why the session failed, was cancelled or interrupted. */
  error?: string;
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  /** When automatic cleanup is due (completion + sessionTimeout), if scheduled. */
  cleanupAt?: number;
  /** When the internal records were removed (status may stay until cleanupAt). */
  recordsRemovedAt?: number;
}

export const EMPTY_PROGRESS: SessionProgress = { pages: 0, records: 0, errors: 0 };
