// Session store benchmark: inserts/s of 1,000,000 rows of a 5-column dataset through the durable
// store, next to raw sql.js inserts in the same run. `node dist/bench/store-bench.js [--rows N]`.
import { parseArgs } from 'node:util';
import { renderTable, positiveIntOption } from './lib/bench-kit';
import { benchRows, DEFAULT_STORE_BENCH, rawSqlJsInserts, storeInserts } from './lib/store-bench';

const TARGET_ROWS_PER_SECOND = 300_000;

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: String(DEFAULT_STORE_BENCH.rows) },
    batch: { type: 'string', default: String(DEFAULT_STORE_BENCH.batch) },
    'commit-every': { type: 'string', default: String(DEFAULT_STORE_BENCH.commitEvery) },
  },
});

const positiveInt = (name: string, value: string | undefined) => positiveIntOption('store-bench', name, value);

async function main(): Promise<void> {
  const opts = { rows: positiveInt('rows', args.rows), batch: positiveInt('batch', args.batch), commitEvery: positiveInt('commit-every', args['commit-every']) };
  const pool = benchRows();
  const baseline = await rawSqlJsInserts(pool, opts.rows);
  const store = await storeInserts(pool, opts);
  const all = [baseline, ...store];
  console.log(`Session store inserts: ${opts.rows.toLocaleString('en')} rows × 5 columns (text, number, integer, boolean, date)\n`);
  console.log(
    renderTable(
      [{ title: 'run' }, { title: 'wall ms', digits: 0 }, { title: 'cpu ms', digits: 0 }, { title: 'rows/s', digits: 0 }, { title: 'vs baseline', digits: 2 }],
      all.map((r) => [r.name, r.ms, r.cpuMs, r.rowsPerSecond, r.rowsPerSecond / baseline.rowsPerSecond]),
    ),
  );
  const busy = all.some((r) => r.ms > 1.5 * r.cpuMs);
  if (busy) console.log('\nNote: wall time is well above CPU time: the machine is busy, so these figures understate throughput.');
  const durable = store[0];
  const ok = durable.rowsPerSecond >= TARGET_ROWS_PER_SECOND;
  console.log(`\nTarget: durable store ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en')} rows/s — ${ok ? 'met' : 'NOT met'} (${Math.round(durable.rowsPerSecond).toLocaleString('en')} rows/s).`);
  if (!ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`store-bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
