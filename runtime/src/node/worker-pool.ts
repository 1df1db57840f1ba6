// A warm pool of session workers (worker_threads): `warm` workers stay started and warmed up, busy
// ones included; released healthy workers are reused, broken ones replaced off the hot path.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { RunningSession, SessionJob, SessionRunner, SessionSink } from '../engine/session-runner';
import type { PoolToWorker } from './worker-protocol';
import { isWorkerReady } from './worker-protocol';
import type { WorkerAfterSession } from './worker-session';
import { WorkerSession } from './worker-session';

export interface WorkerPoolOptions {
  /** The bundled worker (dist/session-worker.js); by default next to the bundle that uses the pool. */
  script?: string;
  /**
   * Workers kept started and warmed up, busy ones included (default 1): up to this many sessions at
   * once start on a warm worker, and no worker is spawned while they run.
   */
  warm?: number;
  /** After a burst beyond `warm`, at most this many idle workers are kept (never fewer than `warm`); the rest exit. */
  maxIdle?: number;
  /** Per-worker V8 limits; a session that exceeds them fails alone. */
  resourceLimits?: ResourceLimits;
  /** How long a stopped session may take to wind down before its worker is terminated. */
  stopGraceMs?: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };
const DEFAULT_STOP_GRACE_MS = 2000;
/** After this many workers in a row die before they are ready, the pool stops spawning and refuses sessions. */
const MAX_START_FAILURES = 3;
/** How long a worker asked to exit may take before it is terminated. */
const EXIT_GRACE_MS = 5000;

export class WorkerPool implements SessionRunner {
  /** Why the last worker could not warm up (its first session is then only slower), if it could not. */
  warmUpProblem: string | undefined;
  private readonly script: string;
  private readonly limits: ResourceLimits;
  private readonly warm: number;
  private readonly keepIdle: number;
  private readonly stopGraceMs: number;
  /** Idle workers, the most recently released last; some may still be starting (not in `warmed`). */
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, WorkerSession>();
  private readonly ready = new WeakMap<Worker, Promise<void>>();
  /** Workers that reported ready: started, warmed up, able to run a session at once. */
  private readonly warmed = new WeakSet<Worker>();
  /** Workers that were given a session: their deaths are that session's failure, not a broken build. */
  private readonly used = new WeakSet<Worker>();
  private readonly exiting = new Set<Promise<void>>();
  private closed = false;
  private replenishing: NodeJS.Immediate | undefined;
  /** Workers that died before they were ready, in a row, and the last reason: a broken worker script. */
  private startFailures = 0;
  private startError: string | undefined;
  private spawnCount = 0;

  constructor(options: WorkerPoolOptions = {}) {
    this.script = options.script ?? join(__dirname, 'session-worker.js');
    if (!existsSync(this.script)) {
      throw new Error(`The session worker ${this.script} does not exist. Build it with \`npm run build\` (esbuild entry "session-worker").`);
    }
    this.limits = { ...DEFAULT_RESOURCE_LIMITS, ...options.resourceLimits };
    this.warm = Math.max(0, options.warm ?? 1);
    this.keepIdle = Math.max(this.warm, options.maxIdle ?? availableParallelism());
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.replenish();
  }

  /**
   * Resolves once `warm` workers exist and the idle ones have warmed up (or the worker script proved
   * broken). Workers still starting hold the event loop meanwhile, so awaiting this keeps the process alive.
   */
  async warmUp(): Promise<void> {
    for (;;) {
      this.replenish();
      const starting = this.idle.filter((w) => !this.warmed.has(w));
      if (this.closed || this.startFailures >= MAX_START_FAILURES || (!starting.length && this.idle.length + this.busy.size >= this.warm)) return;
      for (const w of starting) w.ref();
      await Promise.all(starting.map((w) => this.ready.get(w)));
    }
  }

  get size(): { idle: number; busy: number } {
    return { idle: this.idle.length, busy: this.busy.size };
  }

  /** How many worker threads the pool has started so far: it stays at `warm` while no more sessions than that run at once. */
  get spawned(): number {
    return this.spawnCount;
  }

  start(job: SessionJob, sink: SessionSink, secrets: Readonly<Record<string, string>> = {}): RunningSession {
    if (this.closed) throw new Error('The worker pool is closed.');
    if (this.startFailures >= MAX_START_FAILURES) {
      throw new Error(`session workers stop before they are ready (${this.startError}); check that ${this.script} is a complete build (\`npm run build\`).`);
    }
    // Only when every worker is busy does a session wait for a new thread.
    const worker = this.takeIdle() ?? this.spawn();
    this.used.add(worker);
    worker.ref();
    const session = new WorkerSession(worker, job, secrets, sink, this.limits, this.stopGraceMs, (after) => this.release(worker, after));
    this.busy.set(worker, session);
    return session;
  }

  /** Ends sessions still running (as interrupted), then lets every worker exit. */
  async close(): Promise<void> {
    this.closed = true;
    clearImmediate(this.replenishing);
    for (const session of this.busy.values()) session.stop({ status: 'interrupted', error: 'The session worker pool was closed while the session ran.' });
    for (const w of this.idle.splice(0)) this.retire(w);
    while (this.busy.size || this.exiting.size) {
      await Promise.all([...this.busy.values()].map((s) => s.done));
      await Promise.all([...this.exiting]);
    }
  }

  /** The most recently released warmed-up worker (its code is the hottest), else one still starting. */
  private takeIdle(): Worker | undefined {
    for (const needWarm of [true, false]) {
      for (let i = this.idle.length - 1; i >= 0; i--) {
        const w = this.idle[i];
        // A worker whose exit is not reported yet has threadId -1; a message to it would be lost.
        if (w.threadId === -1) {
          this.idle.splice(i, 1);
          continue;
        }
        if (needWarm && !this.warmed.has(w)) continue;
        this.idle.splice(i, 1);
        return w;
      }
    }
    return undefined;
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { resourceLimits: this.limits, env: SHARE_ENV });
    this.spawnCount++;
    this.ready.set(
      worker,
      new Promise<void>((resolve) => {
        let ready = false;
        const onReady = (m: unknown) => {
          if (!isWorkerReady(m)) return;
          ready = true;
          this.startFailures = 0;
          this.warmed.add(worker);
          worker.off('message', onReady);
          if (m.warmUpError) this.warmUpProblem = m.warmUpError;
          // Held only while someone waited for it (warmUp); an idle worker never keeps the process alive.
          if (!this.busy.has(worker)) worker.unref();
          resolve();
        };
        worker.on('message', onReady);
        worker.on('error', (e) => {
          if (!ready && !this.used.has(worker)) this.startError = e.message;
        });
        worker.once('exit', (code) => {
          if (!ready && !this.closed && !this.used.has(worker)) {
            this.startFailures++;
            this.startError ??= `exit code ${code}`;
          }
          resolve();
        });
      }),
    );
    // An idle worker that dies (it runs no session) is dropped and replaced; a busy one fails its session.
    worker.on('exit', () => this.drop(worker));
    worker.unref();
    return worker;
  }

  private drop(worker: Worker): void {
    const i = this.idle.indexOf(worker);
    if (i < 0) return;
    this.idle.splice(i, 1);
    this.replenishSoon();
  }

  /** A healthy worker goes back to the pool unless the pool already keeps enough idle ones. */
  private release(worker: Worker, after: WorkerAfterSession): void {
    this.busy.delete(worker);
    if (after !== 'clean') {
      // It did not answer (stuck in its own code) or is already gone: only terminate() can end it.
      void worker.terminate();
      this.replenishSoon();
    } else if (!this.closed && this.idle.length < this.keepIdle) {
      worker.unref();
      this.idle.push(worker);
    } else {
      this.retire(worker);
    }
  }

  /**
   * Asks a healthy worker to exit by itself. terminate() is kept for stuck workers: in Node 20,
   * terminating a thread while its HTTP parser calls into JS aborts the whole process (nodejs/node#38418).
   */
  private retire(worker: Worker): void {
    const exited = new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.exiting.add(exited);
    void exited.then(() => this.exiting.delete(exited));
    worker.postMessage({ type: 'rpa/exitWorker' } satisfies PoolToWorker);
  }

  /** Replaces lost workers from a fresh macrotask: spawning a thread blocks for a moment. */
  private replenishSoon(): void {
    if (this.replenishing || this.closed) return;
    this.replenishing = setImmediate(() => {
      this.replenishing = undefined;
      this.replenish();
    });
  }

  /** Spawns workers until `warm` exist, busy ones included. */
  private replenish(): void {
    if (this.closed || this.startFailures >= MAX_START_FAILURES) return;
    while (this.idle.length + this.busy.size < this.warm) this.idle.push(this.spawn());
  }
}
