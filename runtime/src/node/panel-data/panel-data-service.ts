// The Sessions panel's data service (extension host side, no VS Code): calls into a data worker that
// holds a read-only copy of the store; a query that runs too long or is stopped ends with the worker.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EventHub } from '../../events';
import type { PanelError, PanelSession } from '../../panel-protocol';
import type { DataWorkerCalls, DataWorkerInit, DataWorkerMethod, FromDataWorker, ToDataWorker } from './data-worker-protocol';

/*
 * Why pages come from the extension host rather than sql.js in the webview (measured on 1M rows with
 * sql.js 1.17): shipping the store means a 100 MB export() and copy per refresh and the whole file in
 * the webview's memory, while a keyset page costs 3 ms and 21 KB of JSON. A worker thread keeps the
 * host responsive and lets a runaway query be stopped by terminating it (sql.js cannot be interrupted).
 */

export interface PanelDataServiceOptions {
  storeDir: string;
  /** The bundled worker (dist/panel-data-worker.js); by default next to the bundle that uses the service. */
  workerScript?: string;
  /** How long after a change of the store files they are re-read (default 150 ms). */
  settleMs?: number;
  /** A query still running after this long is stopped (default 60 s). */
  queryTimeoutMs?: number;
}

export interface CallOptions {
  /** Aborting stops the call: the worker is ended (its copy of the store reloads on the next call). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A failed call, with what the panel shows (SQL errors carry their position in the text). */
export class PanelCallError extends Error {
  constructor(readonly error: PanelError) {
    super(error.message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: PanelCallError): void;
}

export class PanelDataService {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly changes = new EventHub<{ generation: number; sessions: PanelSession[] }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PanelDataServiceOptions) {}

  get storeDir(): string {
    return this.options.storeDir;
  }

  /** The store changed (another process or this one recorded sessions, progress or records). */
  onChanged(listener: (e: { generation: number; sessions: PanelSession[] }) => void): { dispose(): void } {
    return this.changes.on(listener);
  }

  call<M extends DataWorkerMethod>(method: M, args: DataWorkerCalls[M]['args'], options: CallOptions = {}): Promise<DataWorkerCalls[M]['result']> {
    if (this.closed) return Promise.reject(new PanelCallError({ code: 'panel-closed', message: 'The Sessions panel was closed.' }));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? (method === 'query' ? this.options.queryTimeoutMs ?? 60_000 : undefined);
    return new Promise((resolve, reject) => {
      const stop = (why: string) => {
        this.restart({ code: 'query-stopped', message: why }, id);
      };
      const onAbort = () => stop('The query was stopped before it finished. Narrow it (a WHERE clause, a LIMIT) and run it again.');
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop(`The query was stopped after ${Math.round(timeoutMs / 1000)} s without finishing. Narrow it (a WHERE clause, a LIMIT) and run it again.`), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        if (!this.pending.size) this.worker?.unref();
      };
      this.pending.set(id, { resolve: (v) => (done(), resolve(v as DataWorkerCalls[M]['result'])), reject: (e) => (done(), reject(e)) });
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort);
      // An idle worker never keeps the process alive; one with calls in flight does.
      worker.ref();
      worker.postMessage({ id, method, args } as ToDataWorker);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll({ code: 'panel-closed', message: 'The Sessions panel was closed.' });
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const script = this.options.workerScript ?? join(__dirname, 'panel-data-worker.js');
    if (!existsSync(script)) throw new Error(`The panel data worker ${script} does not exist. Build it with \`npm run build\` (esbuild entry "panel-data-worker").`);
    const init: DataWorkerInit = { storeDir: this.options.storeDir, settleMs: this.options.settleMs ?? 150 };
    const worker = new Worker(script, { workerData: init });
    worker.on('message', (m: FromDataWorker) => {
      if (m.kind === 'changed') return this.changes.emit({ generation: m.generation, sessions: m.sessions });
      const p = this.pending.get(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new PanelCallError(m.error));
    });
    worker.on('error', (e) => this.worker === worker && this.restart({ code: 'internal', message: `The panel's data worker failed: ${e.message}` }));
    worker.on('exit', () => this.worker === worker && this.restart({ code: 'internal', message: "The panel's data worker stopped." }));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Ends the worker: `id` fails with `error`, other calls in flight with a request to retry. */
  private restart(error: PanelError, id?: number): void {
    const worker = this.worker;
    this.worker = undefined;
    if (id !== undefined) this.pending.get(id)?.reject(new PanelCallError(error));
    this.failAll(id === undefined ? error : { code: 'worker-restarted', message: 'The data worker restarted while this was read (a query was stopped); read it again.' });
    void worker?.terminate();
  }

  private failAll(error: PanelError): void {
    for (const p of [...this.pending.values()]) p.reject(new PanelCallError(error));
  }
}
