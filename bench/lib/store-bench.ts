// Session store insert throughput: N rows of a 5-column dataset inserted in batches through the
// durable store (journal + fdatasync + snapshots), next to raw sql.js inserts measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openMemoryStore, openSessionStore } from '../../runtime/src/node/open-store';
import { loadSqlJs } from '../../runtime/src/node/sql-wasm';
import type { DatasetSchema } from '../../runtime/src/session-types';
import { EMPTY_PROGRESS } from '../../runtime/src/session-types';
import type { SessionStoreApi } from '../../runtime/src/store/store-api';

export interface StoreBenchOptions {
  rows: number;
  batch: number;
  /** Commit (durably) after this many batches; the last batch is always committed. */
  commitEvery: number;
}

export interface StoreBenchResult {
  name: string;
  rows: number;
  /** Wall-clock time, and the CPU time this process used (user + system) in it. */
  ms: number;
  cpuMs: number;
  rowsPerSecond: number;
}

/** Wall-clock and CPU time of a run, so a busy machine shows up as wall time well above CPU time. */
function startTimer(): () => { ms: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

export const DEFAULT_STORE_BENCH: StoreBenchOptions = { rows: 1_000_000, batch: 1000, commitEvery: 10 };

const SCHEMA: DatasetSchema = {
  agent: 'Bench',
  dataset: 'books',
  columns: [
    { name: 'title', type: 'text' },
    { name: 'price', type: 'number' },
    { name: 'stock', type: 'integer' },
    { name: 'inStock', type: 'boolean' },
    { name: 'published', type: 'date' },
  ],
};

/** One bench record; a type alias (not an interface) so it stays assignable to RecordValues. */
type BenchRow = { title: string; price: number; stock: number; inStock: boolean; published: string };

/**
 * Distinct records the runs cycle through. A pool instead of a million live objects keeps the
 * benchmark's own heap small, so garbage collection measures the store, not the input.
 */
const POOL = 10_000;

export function benchRows(n: number = POOL): BenchRow[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `A Light in the Attic, volume ${i}`,
    price: 10 + (i % 5000) / 100,
    stock: i % 23,
    inStock: i % 3 !== 0,
    published: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`,
  }));
}

/** `count` rows in batches of `size`, taken from the pool round and round. */
function* batches(pool: BenchRow[], count: number, size: number): Generator<BenchRow[]> {
  for (let done = 0; done < count; done += size) {
    const n = Math.min(size, count - done);
    const at = done % pool.length;
    if (at + n <= pool.length) {
      yield pool.slice(at, at + n);
      continue;
    }
    const batch: BenchRow[] = [];
    for (let i = done; i < done + n; i++) batch.push(pool[i % pool.length]);
    yield batch;
  }
}

function result(name: string, rows: number, t: { ms: number; cpuMs: number }): StoreBenchResult {
  return { name, rows, ms: t.ms, cpuMs: t.cpuMs, rowsPerSecond: rows / (t.ms / 1000) };
}

/**
 * Baseline: raw sql.js, one transaction, one prepared single-row INSERT, same table and index;
 * `count` rows taken cyclically from the pool (default: the pool once).
 */
export async function rawSqlJsInserts(pool: BenchRow[], count = pool.length): Promise<StoreBenchResult> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.run('CREATE TABLE books (session_id TEXT NOT NULL, title TEXT, price REAL, stock INTEGER, inStock INTEGER, published TEXT)');
    db.run('CREATE INDEX books_session ON books (session_id)');
    const stop = startTimer();
    const insert = db.prepare('INSERT INTO books VALUES (?, ?, ?, ?, ?, ?)');
    db.run('BEGIN');
    for (let i = 0; i < count; i++) {
      const r = pool[i % pool.length];
      insert.run(['bench-1', r.title, r.price, r.stock, r.inStock ? 1 : 0, r.published]);
    }
    db.run('COMMIT');
    insert.free();
    return result('raw sql.js (baseline: 1 transaction, prepared statement)', count, stop());
  } finally {
    db.close();
  }
}

async function timeStoreInserts(name: string, store: SessionStoreApi, pool: BenchRow[], opts: StoreBenchOptions): Promise<StoreBenchResult> {
  store.createSession({ id: 'bench-1', agent: 'Bench', status: 'running', inputs: {}, progress: { ...EMPTY_PROGRESS }, queuedAt: Date.now() });
  store.defineDataset(SCHEMA);
  await store.commit();
  const stop = startTimer();
  let done = 0;
  // Like the engine: keep inserting while the previous commit's fdatasync runs, at most one in flight.
  let committing: Promise<void> | undefined;
  for (const batch of batches(pool, opts.rows, opts.batch)) {
    store.insertRecords('bench-1', 'books', batch);
    if (++done % opts.commitEvery === 0) {
      await committing;
      committing = store.commit();
    }
  }
  await committing;
  await store.commit();
  const time = stop();
  const stored = store.records('bench-1', 'books', { limit: 0 }).total;
  if (stored !== opts.rows) throw new Error(`${name}: ${stored} rows stored, ${opts.rows} inserted`);
  return result(name, opts.rows, time);
}

/**
 * The durable store under a temporary .rpa folder, and the same store in memory (no journal):
 * opts.rows rows in batches of opts.batch taken from the pool round and round.
 */
export async function storeInserts(pool: BenchRow[], opts: StoreBenchOptions = DEFAULT_STORE_BENCH): Promise<StoreBenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-store-bench-'));
  try {
    const { store } = await openSessionStore(dir);
    let durable: StoreBenchResult;
    try {
      durable = await timeStoreInserts(`session store, durable (batches of ${opts.batch}, commit every ${opts.commitEvery}, 1 in flight)`, store, pool, opts);
    } finally {
      await store.close();
    }
    const memory = await openMemoryStore();
    try {
      return [durable, await timeStoreInserts(`session store, in memory (batches of ${opts.batch})`, memory, pool, opts)];
    } finally {
      await memory.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
