// Scale-out benchmark (`npm run bench:scale`): the same run locally and on `rpa-sessions worker`
// processes (BullMQ on Redis, PostgreSQL store), 1 vs 2 workers, and a worker killed with kill -9.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PgSessionStore } from '../runtime/src/fleet/pg-session-store';
import { TempDir } from '../test/cli/cli-harness';
import { startFleetServices, startWorkerProcess, until, type FleetServices, type WorkerProcess } from '../test/support/fleet-services';
import { renderTable } from './lib/bench-kit';
import { listerAgent } from './lib/engine-bench';
import { shares, startListingSite } from './lib/listing-site';

const { values: args } = parseArgs({ options: { sessions: { type: 'string', default: '8' }, pages: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } } });
const SESSIONS = Number(args.sessions);
const PAGES_PER_SESSION = Number(args.pages);
const PER_PAGE = 20;
const PAGE_DELAY_MS = 50;
const CLI = resolve(__dirname, '..', 'cli.js');
const ENV = { RPA_BENCH_PASSWORD: 'bench-password' };
const PHASES = ['Local', 'OneWide', 'OneByOne', 'TwoByOne', 'Killed'] as const;

function workspace(siteUrl: string): Record<string, string> {
  const parts = shares(SESSIONS * PAGES_PER_SESSION, SESSIONS);
  const run = (name: string) =>
    `run ${name} {\n  bot: Fleet\n  agent: Lister\n  sessions: ${SESSIONS}\n` +
    parts.map((p, i) => `  session "${name.toLowerCase()}-${i + 1}" { base: "${siteUrl}", from: ${p.from}, to: ${p.to} }`).join('\n') +
    '\n}\n';
  return {
    'bots.rpa': `bot Fleet {\n  mode: secure\n  licensedSecureSessions: ${SESSIONS}\n  configurator { login { user: "svc-bench", password: secret("RPA_BENCH_PASSWORD") } }\n  manager { maxSecureSessions: ${SESSIONS}, description: "scale benchmark" }\n  system { terminalServer: true }\n}\n`,
    'agents.rpa': listerAgent(PAGES_PER_SESSION),
    'runs.rpa': PHASES.map(run).join('\n'),
  };
}

/** Wall time of one `rpa-sessions run` process (local, or on the fleet with `fleet` arguments). */
function timedRun(dir: string, run: string, fleet: string[] = []): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', 'runs.rpa', '--run', run, '--json', ...fleet], { cwd: dir, env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done, fail) =>
    child.once('exit', (code) => (code === 0 ? done(performance.now() - t0) : fail(new Error(`run ${run} exited ${code}: ${stderr.slice(-2000)}`)))),
  );
}

async function main(): Promise<void> {
  const site = await startListingSite(SESSIONS * PAGES_PER_SESSION, PER_PAGE, PAGE_DELAY_MS);
  const services: FleetServices = startFleetServices();
  const dir = new TempDir().write(workspace(site.url));
  const workers: WorkerProcess[] = [];
  const store = await PgSessionStore.open(services.storeUrl);
  const fleet = ['--queue', services.queueUrl, '--store', services.storeUrl];
  const start = async (name: string, concurrency: number) => {
    const w = await startWorkerProcess(services, dir.path, name, concurrency, ENV);
    workers.push(w);
    return w;
  };
  const stopAll = async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      w.child.kill('SIGTERM');
      await until(`worker stops`, () => w.child.exitCode !== null);
    }
  };
  try {
    const local = await timedRun(dir.path, 'Local');
    await start('wide', SESSIONS);
    const oneWide = await timedRun(dir.path, 'OneWide', fleet);
    await stopAll();
    await start('solo', 1);
    const oneByOne = await timedRun(dir.path, 'OneByOne', fleet);
    await start('second', 1);
    const twoByOne = await timedRun(dir.path, 'TwoByOne', fleet);
    await stopAll();

    // kill -9 of one of two workers once it has started sessions; a third takes its place.
    const a = await start('victim', 1);
    await start('survivor', 1);
    const killedRun = timedRun(dir.path, 'Killed', fleet);
    await until('the victim runs a session', () => /killed-\d+: running/.test(a.output()), 60_000);
    a.child.kill('SIGKILL');
    await start('replacement', 1);
    const killedMs = await killedRun;
    const sessions = await store.listSessions({ run: 'Killed' });
    let stored = 0;
    let distinct = 0;
    for (const s of sessions) {
      const { rows, total } = await store.records(s.id, 'items', { limit: 1_000_000 });
      stored += total;
      distinct += new Set(rows.map((r) => r.title)).size;
    }
    const expected = SESSIONS * PAGES_PER_SESSION * PER_PAGE;
    const result = {
      overhead1: oneWide / local,
      speedup2: oneByOne / twoByOne,
      sessions: sessions.length,
      sessionsCompleted: sessions.filter((s) => s.status === 'completed').length,
      recordsLost: expected - distinct,
      duplicates: stored - distinct,
    };
    console.log(`Scale-out: ${SESSIONS} sessions × ${PAGES_PER_SESSION} pages × ${PER_PAGE} items, each page answered after ${PAGE_DELAY_MS} ms on 127.0.0.1; Redis and PostgreSQL on loopback\n`);
    console.log(
      renderTable(
        [{ title: 'measure' }, { title: 'value', digits: 2 }, { title: 'target' }],
        [
          ['local run, sessions in parallel (ms)', local, 'baseline'],
          [`1 worker, ${SESSIONS} at a time (ms)`, oneWide, ''],
          ['overhead1 = 1 worker / local', result.overhead1, '≤ 1.3'],
          ['1 worker, one session at a time (ms)', oneByOne, ''],
          ['2 workers, one session at a time each (ms)', twoByOne, ''],
          ['speedup2 = 1 worker / 2 workers', result.speedup2, '≥ 1.6'],
          ['kill -9 run: wall time incl. retry (ms)', killedMs, ''],
          ['  sessions completed / submitted', `${result.sessionsCompleted} / ${result.sessions}`, 'all'],
          ['  records lost', result.recordsLost, '0'],
          ['  duplicate records', result.duplicates, '0'],
        ],
      ),
    );
    if (args.json) console.log(JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Math.round(v * 100) / 100]))));
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await store.close();
    services.stop();
    dir.dispose();
    await site.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
