// The panel data worker (bundled to dist/panel-data-worker.js): owns a read-only copy of one store
// and answers the data service's calls; runs queries off the extension host's thread, so they can be stopped.
import { watch } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { GridSource, PanelError } from '../../panel-protocol';
import { RpaUserError } from '../../user-error';
import type { DataWorkerCalls, DataWorkerInit, DataWorkerMethod, FromDataWorker, ToDataWorker } from './data-worker-protocol';
import { DatasetPages } from './dataset-pages';
import { writeGridFile, type GridChunk } from './grid-export';
import { QueryResults } from './query-results';
import { StoreView } from './store-view';

const EXPORT_PAGE_ROWS = 5_000;

type Handlers = { [M in DataWorkerMethod]: (...args: DataWorkerCalls[M]['args']) => DataWorkerCalls[M]['result'] | Promise<DataWorkerCalls[M]['result']> };

function* datasetChunks(pages: DatasetPages, source: Extract<GridSource, { kind: 'dataset' }>): Generator<GridChunk> {
  for (let offset = 0; ; offset += EXPORT_PAGE_ROWS) {
    const page = pages.page(source, offset, EXPORT_PAGE_ROWS);
    yield page;
    if (offset + page.rows.length >= page.total || !page.rows.length) return;
  }
}

function handlersFor(view: StoreView, changed: () => Promise<boolean>): Handlers {
  const pages = new DatasetPages(view);
  const queries = new QueryResults(view);
  return {
    sessions: () => view.sessions(),
    datasets: (sessionId) => view.datasets(sessionId),
    tables: () => view.tables(),
    page: ({ source, offset, limit }) => (source.kind === 'dataset' ? pages.page(source, offset, limit) : queries.page(source, offset, limit)),
    query: (sql) => queries.run(sql),
    export: (source, format, file) => ({ rows: writeGridFile(file, format, source.kind === 'dataset' ? datasetChunks(pages, source) : [queries.allRows(source)]) }),
    refresh: changed,
  };
}

function toPanelError(e: unknown): PanelError {
  if (e instanceof RpaUserError) return { code: e.code, message: e.message };
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return e as PanelError;
  return { code: 'internal', message: `The panel's data worker failed: ${e instanceof Error ? e.message : String(e)}` };
}

function main(port: NonNullable<typeof parentPort>, init: DataWorkerInit): void {
  const post = (m: FromDataWorker) => port.postMessage(m);
  /** Re-reads the store files; tells the host when anything changed. */
  const changed = async (view: StoreView) => {
    const any = await view.refresh();
    if (any) post({ kind: 'changed', generation: view.generation, sessions: view.sessions() });
    return any;
  };
  const ready = StoreView.open(init.storeDir).then((view) => ({ view, handlers: handlersFor(view, () => changed(view)) }));
  let timer: NodeJS.Timeout | undefined;
  try {
    // A re-read that fails (a snapshot replaced halfway through the read) is tried again at the next
    // change of the files; calls that need the store report its error themselves.
    watch(init.storeDir, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void ready.then(({ view }) => changed(view)).catch(() => undefined), init.settleMs);
    }).unref();
  } catch {
    // Without a folder to watch (not created yet) the panel still refreshes on `refresh` calls.
  }
  port.on('message', async (msg: ToDataWorker) => {
    try {
      const { handlers } = await ready;
      const fn = handlers[msg.method] as (...a: unknown[]) => unknown;
      post({ kind: 'reply', id: msg.id, ok: true, result: await fn(...msg.args) });
    } catch (e) {
      post({ kind: 'reply', id: msg.id, ok: false, error: toPanelError(e) });
    }
  });
}

if (parentPort) main(parentPort, workerData as DataWorkerInit);
