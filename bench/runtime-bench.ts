// Runtime benchmark (`npm run bench:runtime`): a loopback site of 2,000 listing pages × 20 items
// scraped by 1, 2, 4 and 8 parallel sessions, warm session start latency and store inserts/s — each
// next to a baseline measured in the same run. Options: --pages --per-page --runs --latency --store-rows.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkerPoolOptions } from '../runtime/src/node/worker-pool';
import { quantile, renderTable, positiveIntOption } from './lib/bench-kit';
import { bareLoops } from './lib/bare-loop';
import { engineRun, openBenchRuntime, startLatencies, timed, type BenchRuntime } from './lib/engine-bench';
import { shares, startListingSite, type ListingSite } from './lib/listing-site';
import { benchRows, DEFAULT_STORE_BENCH, rawSqlJsInserts, storeInserts } from './lib/store-bench';

const TARGETS = { engineVsBare: 1.3, storeRowsPerSecond: 300_000, warmStartMs: 5 };
const PARALLEL = [1, 2, 4, 8];
const MAX_PARALLEL = Math.max(...PARALLEL);

/** The pool as a long-running host sizes it: as many warm workers as sessions may run at once. */
const POOL: WorkerPoolOptions = { warm: MAX_PARALLEL, maxIdle: MAX_PARALLEL };

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '2000' },
    'per-page': { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    latency: { type: 'string', default: '200' },
    'store-rows': { type: 'string', default: '500000' },
  },
});

const positiveInt = (name: string, value: string | undefined) => positiveIntOption('runtime-bench', name, value);

const opts = {
  pages: positiveInt('pages', args.pages),
  perPage: positiveInt('per-page', args['per-page']),
  runs: positiveInt('runs', args.runs),
  latency: positiveInt('latency', args.latency),
  storeRows: positiveInt('store-rows', args['store-rows']),
};

/** dist/session-worker.js, next to the folder of this bundle (dist/bench/). */
const WORKER = join(__dirname, '..', 'session-worker.js');

const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Sample {
  ms: number;
  cpuMs: number;
}

interface ThroughputRow {
  parallel: number;
  bare: Sample;
  engine: Sample;
}

const medianSample = (xs: Sample[]): Sample => ({ ms: median(xs.map((x) => x.ms)), cpuMs: median(xs.map((x) => x.cpuMs)) });

interface Throughput {
  rows: ThroughputRow[];
  /** Worker threads the pool started while the engine was being timed (0: every session found a warm worker). */
  spawned: number;
}

async function throughput(site: ListingSite): Promise<Throughput> {
  const expected = { pages: opts.pages, records: opts.pages * opts.perPage };
  const check = <T extends { pages: number; records: number }>(what: string, got: T): T => {
    if (got.pages !== expected.pages || got.records !== expected.records) {
      throw new Error(`${what} scraped ${got.pages} pages and ${got.records} records, expected ${expected.pages} and ${expected.records}`);
    }
    return got;
  };
  let rt: BenchRuntime | undefined;
  try {
    rt = await openBenchRuntime(opts.pages, WORKER, POOL, MAX_PARALLEL);
    // Untimed: every worker of the pool scrapes once, so its code is as warmed-up as the bare loop's.
    check('warm-up (engine)', await engineRun(rt.runtime, site.url, shares(opts.pages, MAX_PARALLEL)));
    check('warm-up bare loop', await bareLoops(site.url, shares(opts.pages, MAX_PARALLEL)));
    const spawnedBefore = rt.runtime.pool.spawned;
    const rows: ThroughputRow[] = [];
    for (const parallel of PARALLEL) {
      const parts = shares(opts.pages, parallel);
      const samples: Record<'bare' | 'engine', Sample[]> = { bare: [], engine: [] };
      // Interleaved, so a busy moment of the machine weighs on both sides alike.
      for (let r = 0; r < opts.runs; r++) {
        samples.bare.push(check(`bare loop ×${parallel}`, await timed(() => bareLoops(site.url, parts))));
        samples.engine.push(check(`engine ×${parallel}`, await engineRun(rt.runtime, site.url, parts)));
      }
      const row = { parallel, bare: medianSample(samples.bare), engine: medianSample(samples.engine) };
      rows.push(row);
      process.stderr.write(`  ${parallel} parallel: bare ${fmt(row.bare.ms)} ms, engine ${fmt(row.engine.ms)} ms\n`);
    }
    return { rows, spawned: rt.runtime.pool.spawned - spawnedBefore };
  } finally {
    await rt?.close();
  }
}

/** Start latencies in ms (sorted), and how many worker threads the pool started while they were measured. */
type Latencies = Record<'warm' | 'cold', { samples: number[]; spawned: number }>;

async function latency(): Promise<Latencies> {
  const measure = async (pool: WorkerPoolOptions, label: string, count: number): Promise<Latencies['warm']> => {
    const rt = await openBenchRuntime(1, WORKER, pool, 1);
    try {
      await startLatencies(rt.runtime, 20, `${label}-warm-up`);
      const before = rt.runtime.pool.spawned;
      const samples = await startLatencies(rt.runtime, count, label);
      return { samples, spawned: rt.runtime.pool.spawned - before };
    } finally {
      await rt.close();
    }
  };
  return {
    warm: await measure({ warm: 2, maxIdle: 2 }, 'warm', opts.latency),
    // Baseline: no pool at all — every session waits for a new worker thread to start.
    cold: await measure({ warm: 0, maxIdle: 0 }, 'cold', Math.min(30, opts.latency)),
  };
}

function printThroughput({ rows: tp, spawned }: Throughput): void {
  console.log(
    'Scraping — bare loop (same HttpFetcher and HTML parser, no sessions, no store, all shares in one thread) vs the engine\n' +
      `(a session per share, each in its own worker of a pool of ${MAX_PARALLEL} warm workers, records into the durable store, events).\n` +
      `CPU ms: the whole process (all threads, the site server included). Workers started while the engine was timed: ${spawned}.\n`,
  );
  const pps = (s: Sample) => opts.pages / (s.ms / 1000);
  console.log(
    renderTable(
      [
        { title: 'sessions' },
        { title: 'bare ms', digits: 0 },
        { title: 'bare pages/s', digits: 0 },
        { title: 'bare CPU ms', digits: 0 },
        { title: 'engine ms', digits: 0 },
        { title: 'pages/s', digits: 0 },
        { title: 'records/s', digits: 0 },
        { title: 'CPU ms', digits: 0 },
        { title: '× bare', digits: 2 },
      ],
      tp.map((r) => [
        String(r.parallel),
        r.bare.ms,
        pps(r.bare),
        r.bare.cpuMs,
        r.engine.ms,
        pps(r.engine),
        (opts.pages * opts.perPage) / (r.engine.ms / 1000),
        r.engine.cpuMs,
        r.engine.ms / r.bare.ms,
      ]),
    ),
  );
}

function printLatency(lat: Latencies): void {
  console.log(`\nSession start — from the start request until the worker is at the session's first step, one session at a time:\n`);
  const row = (name: string, { samples: xs, spawned }: Latencies['warm']) => [name, xs.length, quantile(xs, 0.5), quantile(xs, 0.95), xs[xs.length - 1], spawned];
  console.log(
    renderTable(
      [
        { title: 'pool' },
        { title: 'sessions', digits: 0 },
        { title: 'p50 ms', digits: 2 },
        { title: 'p95 ms', digits: 2 },
        { title: 'max ms', digits: 2 },
        { title: 'workers started', digits: 0 },
      ],
      [
        row('warm pool (warm 2: the released worker runs the next session)', lat.warm),
        row('baseline: no pool (a new worker per session)', lat.cold),
      ],
    ),
  );
}

async function report(site: ListingSite): Promise<void> {
  process.stderr.write('Scraping…\n');
  const tp = await throughput(site);
  printThroughput(tp);
  process.stderr.write('Session start latency…\n');
  const lat = await latency();
  printLatency(lat);

  process.stderr.write('Store inserts…\n');
  const pool = benchRows();
  const baseline = await rawSqlJsInserts(pool, opts.storeRows);
  const store = await storeInserts(pool, { ...DEFAULT_STORE_BENCH, rows: opts.storeRows });
  console.log(`\nStore inserts — ${fmt(opts.storeRows)} rows × 5 columns (bench/lib/store-bench.ts):\n`);
  console.log(
    renderTable(
      [{ title: 'run' }, { title: 'ms', digits: 0 }, { title: 'CPU ms', digits: 0 }, { title: 'rows/s', digits: 0 }, { title: 'vs baseline', digits: 2 }],
      [baseline, ...store].map((r) => [r.name, r.ms, r.cpuMs, r.rowsPerSecond, r.rowsPerSecond / baseline.rowsPerSecond]),
    ),
  );

  const worst = Math.max(...tp.rows.map((r) => r.engine.ms / r.bare.ms));
  const p50 = quantile(lat.warm.samples, 0.5);
  const durable = store[0].rowsPerSecond;
  const verdicts = [
    [`engine within ${TARGETS.engineVsBare}× of the bare loop's time (worst: ${worst.toFixed(2)}×)`, worst <= TARGETS.engineVsBare],
    [`store ≥ ${fmt(TARGETS.storeRowsPerSecond)} rows/s durable (${fmt(durable)} rows/s)`, durable >= TARGETS.storeRowsPerSecond],
    [`warm session start ≤ ${TARGETS.warmStartMs} ms at p50 (${p50.toFixed(2)} ms, p95 ${quantile(lat.warm.samples, 0.95).toFixed(2)} ms)`, p50 <= TARGETS.warmStartMs],
  ] as const;
  console.log('\nTargets:');
  for (const [text, ok] of verdicts) console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${text}`);
  if (verdicts.some(([, ok]) => !ok)) process.exitCode = 1;
}

/** The machine's load averages (1, 5, 15 min) against its cores: figures from a busy machine are noisy. */
function loadLine(when: string): string {
  return `${when}: load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min) on ${availableParallelism()} cores`;
}

async function main(): Promise<void> {
  console.log(`Runtime benchmark: ${fmt(opts.pages)} listing pages × ${opts.perPage} items (${fmt(opts.pages * opts.perPage)} records) on 127.0.0.1, median of ${opts.runs} runs`);
  console.log(`${loadLine('Before')}\n`);
  const site = await startListingSite(opts.pages, opts.perPage);
  try {
    await report(site);
  } finally {
    await site.close();
  }
  console.log(`\n${loadLine('After')}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`runtime-bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
