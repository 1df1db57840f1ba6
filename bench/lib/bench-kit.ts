// Benchmark harness: repeated timed runs after warm-up (median, p95), heap sampling, and plain-text
// tables that read well in a terminal and in a CI log.
import { performance } from 'node:perf_hooks';

export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  /** Input bytes per run, for throughput; 0 when throughput does not apply. */
  bytes: number;
}

export interface MeasureOptions {
  warmup: number;
  runs: number;
}

/** A `--name` option that must be a whole number ≥ 1; anything else is refused (exit code 2), naming the benchmark. */
export function positiveIntOption(bench: string, name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${bench}: --${name} must be a whole number ≥ 1, not ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return n;
}

/** The q-quantile (0..1) of sorted samples, by nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/**
 * The largest heap sampled while benchmarks run: `peakUsed` over the timed runs (garbage V8 has not
 * collected yet included), `peakTotal` the most heap V8 allocated from the system.
 */
export class HeapTracker {
  peakUsed = 0;
  peakTotal = 0;
  readonly baseline: number;

  constructor() {
    collectGarbage();
    this.baseline = process.memoryUsage().heapUsed;
  }

  sample(): number {
    const m = process.memoryUsage();
    this.peakUsed = Math.max(this.peakUsed, m.heapUsed);
    this.peakTotal = Math.max(this.peakTotal, m.heapTotal);
    return m.heapUsed;
  }
}

/**
 * Peak heap of one run of a staged job from a collected heap, sampled after every step: what one
 * `rpa-sessions check` of the workspace needs, without the garbage of earlier runs.
 */
export function peakHeapOf(steps: Iterable<unknown>): { peakUsed: number; startUsed: number } {
  collectGarbage();
  const startUsed = process.memoryUsage().heapUsed;
  let peakUsed = startUsed;
  for (const _ of steps) peakUsed = Math.max(peakUsed, process.memoryUsage().heapUsed);
  return { peakUsed, startUsed };
}

/** Runs a full GC when node was started with --expose-gc; returns whether it could. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  return true;
}

/**
 * Times `fn` `runs` times after `warmup` untimed runs. `prepare` runs before each call, untimed
 * (for per-run setup such as a fresh workspace); its result is passed to `fn`.
 */
export function measure<P>(
  name: string,
  bytes: number,
  opts: MeasureOptions,
  heap: HeapTracker,
  prepare: () => P,
  fn: (prepared: P) => unknown,
): Timing {
  let sink: unknown;
  for (let i = 0; i < opts.warmup; i++) sink = fn(prepare());
  collectGarbage();
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const p = prepare();
    const t0 = performance.now();
    sink = fn(p);
    samples.push(performance.now() - t0);
    heap.sample();
  }
  if (sink === undefined) throw new Error(`${name}: the measured function returned nothing (was it optimized away?)`);
  samples.sort((a, b) => a - b);
  return { name, runs: opts.runs, medianMs: quantile(samples, 0.5), p95Ms: quantile(samples, 0.95), bytes };
}

export function megabytesPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

// ---- Tables: right-aligned numbers, left-aligned labels, a rule under the header.

export type Cell = string | number;

export interface Column {
  title: string;
  align?: 'left' | 'right';
  /** Digits after the decimal point for numbers (default 2). */
  digits?: number;
}

function cellText(c: Cell, col: Column): string {
  if (typeof c === 'number') return Number.isFinite(c) ? c.toFixed(col.digits ?? 2) : '–';
  return c;
}

export function renderTable(columns: readonly Column[], rows: readonly Cell[][]): string {
  const texts = rows.map((r) => r.map((c, i) => cellText(c, columns[i])));
  const widths = columns.map((col, i) => Math.max(col.title.length, ...texts.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => ((columns[i].align ?? (i === 0 ? 'left' : 'right')) === 'left' ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...texts.map(line)].join('\n');
}
