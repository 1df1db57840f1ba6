// The Sessions panel's data and messages (webview ↔ extension host), in one file both sides import
// (the webview only with `import type`). Everything here is plain JSON: it crosses postMessage.
import type { ColumnType, FieldValue, SessionInfo } from './session-types';

/** A grid column: dataset columns keep their declared type; query columns are typed from their values. */
export interface GridColumn {
  name: string;
  type: ColumnType;
}

export interface SortSpec {
  column: string;
  descending: boolean;
}

/** What a grid shows: a session's dataset, or the result of an SQL query run earlier. */
export type GridSource =
  | { kind: 'dataset'; sessionId: string; dataset: string; sort?: SortSpec; filter?: string }
  | { kind: 'query'; queryId: number; sort?: SortSpec; filter?: string };

export interface PageRequest {
  source: GridSource;
  offset: number;
  limit: number;
}

export interface GridPage {
  columns: GridColumn[];
  /** Rows in column order; booleans as true/false, dates as ISO text. */
  rows: FieldValue[][];
  offset: number;
  /** Rows of the whole source (sorted and filtered), not just this page. */
  total: number;
  /** The store state the page was read from; a later `changed` with another generation makes it stale. */
  generation: number;
}

/** A session as the panel lists it: the store's info plus its place in the queue. */
export interface PanelSession extends SessionInfo {
  /** 1-based position among queued sessions (queued ones only). */
  queuePosition?: number;
}

export interface DatasetInfo {
  dataset: string;
  count: number;
  columns: GridColumn[];
}

/** Tables and columns of the store, for SQL completion. */
export interface StoreTable {
  name: string;
  columns: string[];
}

export interface QueryOutcome {
  queryId: number;
  columns: GridColumn[];
  total: number;
  /** The result had more rows than the panel keeps; the rest were left out. */
  truncated: boolean;
  ms: number;
}

/** An error the panel shows; `offset`/`length` locate it in the SQL text when SQLite names a token. */
export interface PanelError {
  code: string;
  message: string;
  offset?: number;
  length?: number;
}

export type ExportFormat = 'csv' | 'json';

/** Requests the webview sends; each is answered by one `reply` with the same id. */
export type PanelRequest =
  | { method: 'sessions' }
  | { method: 'datasets'; sessionId: string }
  | { method: 'tables' }
  | { method: 'page'; request: PageRequest }
  | { method: 'query'; sql: string }
  | { method: 'cancel'; requestId: number }
  | { method: 'export'; source: GridSource; format: ExportFormat }
  | { method: 'closeSession'; sessionId: string };

export type PanelRequestMessage = { type: 'request'; id: number } & PanelRequest;

export interface PanelResultOf {
  sessions: PanelSession[];
  datasets: DatasetInfo[];
  tables: StoreTable[];
  page: GridPage;
  query: QueryOutcome;
  cancel: boolean;
  /** The file written, or undefined when the save dialog was cancelled. */
  export: { file: string; rows: number } | undefined;
  /** False when the user did not confirm. */
  closeSession: boolean;
}

export type WebviewToHost = PanelRequestMessage | { type: 'ready' };

export type HostToWebview =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: PanelError }
  /** The store changed (sessions, progress or records): lists refresh and grids re-read visible rows. */
  | { type: 'changed'; generation: number; sessions: PanelSession[] }
  /** Opens a session (from the RPA Sessions view or a command). */
  | { type: 'select'; sessionId: string }
  /** The workspace folder the panel shows (kept in the webview state, so a window reload restores the panel). */
  | { type: 'folder'; name: string; uri: string };

export const OPEN_PANEL_COMMAND = 'rpa.sessionsPanel.open';
