// Messages between the panel data service (extension host) and its data worker thread: one call
// per request, answered once; the worker also reports store changes it noticed on its own.
import type { DatasetInfo, ExportFormat, GridPage, GridSource, PageRequest, PanelError, PanelSession, QueryOutcome, StoreTable } from '../../panel-protocol';

export interface DataWorkerCalls {
  sessions: { args: []; result: PanelSession[] };
  datasets: { args: [sessionId: string]; result: DatasetInfo[] };
  tables: { args: []; result: StoreTable[] };
  page: { args: [request: PageRequest]; result: GridPage };
  query: { args: [sql: string]; result: QueryOutcome };
  export: { args: [source: GridSource, format: ExportFormat, file: string]; result: { rows: number } };
  /** Re-reads the store files now (after this process committed, say); true if anything changed. */
  refresh: { args: []; result: boolean };
}

export type DataWorkerMethod = keyof DataWorkerCalls;

export interface DataWorkerInit {
  storeDir: string;
  /** How long the worker waits after a change of the store files before re-reading them. */
  settleMs: number;
}

export type ToDataWorker = { [M in DataWorkerMethod]: { id: number; method: M; args: DataWorkerCalls[M]['args'] } }[DataWorkerMethod];

export type FromDataWorker =
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: PanelError }
  | { kind: 'changed'; generation: number; sessions: PanelSession[] };
