// Runtime benchmark (`npm run bench:runtime`): a loopback site of 2,000 listing pages × 20 items
// scraped by 1, 2, 4 and 8 parallel sessions, warm session start latency and store inserts/s — each
// next to a baseline measured in the same run. Options: --pages --per-page --runs --latency --store-rows.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkerPoolOptions } from '../runtime/src/node/worker-pool';
import { quantile, renderTable } from './lib/bench-kit';
import { bareLoops } from './lib/bare-loop';
import { engineRun, openBenchRuntime, startLatencies, timed, type BenchRuntime } from './lib/engine-bench';
import { shares, startListingSite, type ListingSite } from './lib/listing-site';
import { benchRows, DEFAULT_STORE_BENCH, rawSqlJsInserts, storeInserts } from './lib/store-bench';

const TARGETS = { engineVsBare: 1.3, storeRowsPerSecond: 300_000, warmStartMs: 5 };
const PARALLEL = [1, 2, 4, 8];
const MAX_PARALLEL = Math.max(...PARALLEL);

/**
 * The pool as a long-running host sizes it (warm: keep that many idle workers, replacing each one a
 * session takes), and the same pool reusing its workers without spawning any while sessions run.
 */
const POOLS: Record<'warm' | 'reuse', WorkerPoolOptions> = {
  warm: { warm: MAX_PARALLEL, maxIdle: MAX_PARALLEL },
  reuse: { warm: 0, maxIdle: MAX_PARALLEL },
};

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '2000' },
    'per-page': { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    latency: { type: 'string', default: '200' },
    'store-rows': { type: 'string', default: '500000' },
  },
});

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`runtime-bench: --${name} must be a whole number ≥ 1, not ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return n;
}

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
  warm: Sample;
  reuse: Sample;
}

const medianSample = (xs: Sample[]): Sample => ({ ms: median(xs.map((x) => x.ms)), cpuMs: median(xs.map((x) => x.cpuMs)) });

async function throughput(site: ListingSite): Promise<ThroughputRow[]> {
  const expected = { pages: opts.pages, records: opts.pages * opts.perPage };
  const check = <T extends { pages: number; records: number }>(what: string, got: T): T => {
    if (got.pages !== expected.pages || got.records !== expected.records) {
      throw new Error(`${what} scraped ${got.pages} pages and ${got.records} records, expected ${expected.pages} and ${expected.records}`);
    }
    return got;
  };
  const runtimes: Partial<Record<keyof typeof POOLS, BenchRuntime>> = {};
  try {
    for (const key of ['warm', 'reuse'] as const) {
      runtimes[key] = await openBenchRuntime(opts.pages, WORKER, POOLS[key], MAX_PARALLEL);
      // Untimed: every worker of the pool scrapes once, so its code is as warmed-up as the bare loop's.
      check(`warm-up (${key} pool)`, await engineRun(runtimes[key].runtime, site.url, shares(opts.pages, MAX_PARALLEL)));
    }
    check('warm-up bare loop', await bareLoops(site.url, shares(opts.pages, MAX_PARALLEL)));
    const rows: ThroughputRow[] = [];
    for (const parallel of PARALLEL) {
      const parts = shares(opts.pages, parallel);
      const samples: Record<'bare' | 'warm' | 'reuse', Sample[]> = { bare: [], warm: [], reuse: [] };
      // Interleaved, so a busy moment of the machine weighs on every side alike.
      for (let r = 0; r < opts.runs; r++) {
        samples.bare.push(check(`bare loop ×${parallel}`, await timed(() => bareLoops(site.url, parts))));
        for (const key of ['warm', 'reuse'] as const) samples[key].push(check(`engine ×${parallel} (${key} pool)`, await engineRun(runtimes[key]!.runtime, site.url, parts)));
      }
      const row = { parallel, bare: medianSample(samples.bare), warm: medianSample(samples.warm), reuse: medianSample(samples.reuse) };
      rows.push(row);
      process.stderr.write(`  ${parallel} parallel: bare ${fmt(row.bare.ms)} ms, engine ${fmt(row.warm.ms)} ms, reuse-only pool ${fmt(row.reuse.ms)} ms\n`);
    }
    return rows;
  } finally {
    for (const rt of Object.values(runtimes)) await rt?.close();
  }
}

type Latencies = Record<'warm' | 'reuse' | 'cold', number[]>;

async function latency(): Promise<Latencies> {
  const measure = async (pool: WorkerPoolOptions, label: string, count: number): Promise<number[]> => {
    const rt = await openBenchRuntime(1, WORKER, pool, 1);
    try {
      await startLatencies(rt.runtime, 20, `${label}-warm-up`);
      return await startLatencies(rt.runtime, count, label);
    } finally {
      await rt.close();
    }
  };
  return {
    warm: await measure({ warm: 2, maxIdle: 2 }, 'warm', opts.latency),
    reuse: await measure({ warm: 0, maxIdle: 2 }, 'reuse', opts.latency),
    // Baseline: no pool at all — every session waits for a new worker thread to start.
    cold: await measure({ warm: 0, maxIdle: 0 }, 'cold', Math.min(30, opts.latency)),
  };
}

function printThroughput(tp: ThroughputRow[]): void {
  console.log(
    'Scraping — bare loop (same HttpFetcher and HTML parser, no sessions, no store) vs the engine (a session per share in\n' +
      'pool workers, records into the durable store, events); "reuse-only pool": the same engine with a pool that does not\n' +
      'spawn replacement workers while sessions run. CPU ms: the whole process (all threads, the site server included).\n',
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
        { title: 'reuse-only ms', digits: 0 },
        { title: 'CPU ms', digits: 0 },
        { title: '× bare', digits: 2 },
      ],
      tp.map((r) => [
        String(r.parallel),
        r.bare.ms,
        pps(r.bare),
        r.bare.cpuMs,
        r.warm.ms,
        pps(r.warm),
        (opts.pages * opts.perPage) / (r.warm.ms / 1000),
        r.warm.cpuMs,
        r.warm.ms / r.bare.ms,
        r.reuse.ms,
        r.reuse.cpuMs,
        r.reuse.ms / r.bare.ms,
      ]),
    ),
  );
}

function printLatency(lat: Latencies): void {
  console.log(`\nSession start — from the start request until the worker is at the session's first step, one session at a time:\n`);
  const row = (name: string, xs: number[]) => [name, xs.length, quantile(xs, 0.5), quantile(xs, 0.95), xs[xs.length - 1]];
  console.log(
    renderTable(
      [{ title: 'pool' }, { title: 'sessions', digits: 0 }, { title: 'p50 ms', digits: 2 }, { title: 'p95 ms', digits: 2 }, { title: 'max ms', digits: 2 }],
      [
        row('warm pool (warm 2: a replacement is spawned at each start)', lat.warm),
        row('reuse-only pool (warm 0, maxIdle 2)', lat.reuse),
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

  const worst = (key: 'warm' | 'reuse') => Math.max(...tp.map((r) => r[key].ms / r.bare.ms));
  const p50 = quantile(lat.warm, 0.5);
  const durable = store[0].rowsPerSecond;
  const verdicts = [
    [`engine within ${TARGETS.engineVsBare}× of the bare loop's time (worst: ${worst('warm').toFixed(2)}×; reuse-only pool ${worst('reuse').toFixed(2)}×)`, worst('warm') <= TARGETS.engineVsBare],
    [`store ≥ ${fmt(TARGETS.storeRowsPerSecond)} rows/s durable (${fmt(durable)} rows/s)`, durable >= TARGETS.storeRowsPerSecond],
    [`warm session start ≤ ${TARGETS.warmStartMs} ms at p50 (${p50.toFixed(2)} ms, p95 ${quantile(lat.warm, 0.95).toFixed(2)} ms; reuse-only pool p50 ${quantile(lat.reuse, 0.5).toFixed(2)} ms)`, p50 <= TARGETS.warmStartMs],
  ] as const;
  console.log('\nTargets:');
  for (const [text, ok] of verdicts) console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${text}`);
  if (verdicts.some(([, ok]) => !ok)) process.exitCode = 1;
}

async function main(): Promise<void> {
  console.log(`Runtime benchmark: ${fmt(opts.pages)} listing pages × ${opts.perPage} items (${fmt(opts.pages * opts.perPage)} records) on 127.0.0.1, median of ${opts.runs} runs\n`);
  // The site runs for the whole benchmark, in its own thread (which also keeps the process alive while the pool warms up).
  const site = await startListingSite(opts.pages, opts.perPage);
  try {
    await report(site);
  } finally {
    await site.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`runtime-bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
