// The session engine side of the runtime benchmark: a scratch workspace with the benchmark agents,
// the real runtime on it (store, warm worker pool, engine), scrape runs in P sessions, start latency.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSessionRuntime, type SessionRuntime } from '../../runtime/src/node/session-runtime';
import type { WorkerPoolOptions } from '../../runtime/src/node/worker-pool';
import type { ScrapeCount } from './bare-loop';

/** Lister scrapes pages from..to like bareLoop() (at most maxPages of them). */
export function listerAgent(maxPages: number): string {
  return `
agent Lister {
  sessions: multiple
  sessionTimeout: 1h
  input { base: "http://127.0.0.1:1", from: 1, to: 1 }
  steps {
    open "{base}/list/{from}?to={to}"
    paginate next "li.next a" max ${maxPages} {
      extract items each "article.item" {
        title: attr("h3 a", "title")
        price: text(".price") as number
        link: url("h3 a")
        inStock: exists(".stock")
      }
    }
  }
}
`;
}

/** Lister, and Ping that does nothing but log, to time a session's start. */
export function benchWorkspace(maxPages: number): string {
  return `${listerAgent(maxPages)}
agent Ping {
  sessions: multiple
  sessionTimeout: 1h
  steps {
    log "started"
  }
}
`;
}

export interface BenchRuntime {
  runtime: SessionRuntime;
  close(): Promise<void>;
}

/** The runtime as the CLI opens it, on a scratch workspace; `pool` decides how many workers are kept warm. */
export async function openBenchRuntime(maxPages: number, workerScript: string, pool: WorkerPoolOptions, localParallel: number): Promise<BenchRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-runtime-bench-'));
  writeFileSync(join(dir, 'bench.rpa'), benchWorkspace(maxPages));
  try {
    const runtime = await openSessionRuntime({ workspaceDir: dir, pool: { script: workerScript, ...pool }, localParallel, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
    await runtime.pool.warmUp();
    return {
      runtime,
      async close() {
        try {
          await runtime.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

let runNumber = 0;

/**
 * Scrapes the shares in one session each, all started at once; resolves with the time from the
 * first start request until every session has ended and its records are committed. The sessions are
 * closed afterwards (untimed), so one run's data never weighs on the next.
 */
export async function engineRun(rt: SessionRuntime, base: string, parts: Array<{ from: number; to: number }>): Promise<Timed<ScrapeCount>> {
  const run = ++runNumber;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const started = parts.map((p, k) => rt.engine.startSession({ agent: 'Lister', sessionId: `scrape-${run}-${k}`, inputs: { base, from: p.from, to: p.to } }));
  const ended = await Promise.all(started.map((s) => rt.engine.whenEnded(s.id)));
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(cpu0);
  for (const s of ended) if (s.status !== 'completed') throw new Error(`benchmark session ${s.id} ended ${s.status}: ${s.error}`);
  const records = ended.reduce((n, s) => n + rt.store.records(s.id, 'items', { limit: 0 }).total, 0);
  const pages = ended.reduce((n, s) => n + s.progress.pages, 0);
  for (const s of ended) await rt.engine.closeSession(s.id);
  // A worker that crashed during the run is replaced; its replacement finishes starting before anything else is measured.
  await rt.pool.warmUp();
  return { ms, cpuMs, pages, records };
}

/** A result with its wall time and the CPU time of the whole process (all threads) in milliseconds. */
export type Timed<T> = T & { ms: number; cpuMs: number };

export function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** Times `fn` in wall and CPU time. */
export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  return { ...out, ms: performance.now() - t0, cpuMs: cpuSince(cpu0) };
}

/**
 * Start latency: from the start request until the session's worker is about to run its first step
 * (reported as the debugger's stop on entry), one session at a time; milliseconds, sorted.
 */
export async function startLatencies(rt: SessionRuntime, count: number, label: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    let first: number | undefined;
    const t0 = performance.now();
    const s = rt.engine.startSession({
      agent: 'Ping',
      sessionId: `${label}-${i}`,
      debug: {
        options: () => ({ breakpoints: [], stopOnEntry: true, breakOnProblems: false }),
        onStopped: (id) => {
          first ??= performance.now();
          rt.engine.debugControl(id)?.resume('continue');
        },
      },
    });
    const info = await rt.engine.whenEnded(s.id);
    if (info.status !== 'completed' || first === undefined) throw new Error(`latency session ${s.id} ended ${info.status}: ${info.error}`);
    samples.push(first - t0);
  }
  return samples.sort((a, b) => a - b);
}
