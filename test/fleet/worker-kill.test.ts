// `rpa-sessions worker` processes on loopback: a worker killed with kill -9 while its sessions wait
// for their pages; another worker takes them over and each session's records are stored once.
import { strict as assert } from 'node:assert';
import type { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { runCli, type TempDir } from '../cli/cli-harness';
import type { GatedSite } from '../e2e/gated-site';
import { until, type FleetServices } from '../support/fleet-services';
import { GatedFleet } from '../support/gated-fleet';

describe('rpa-sessions worker processes', function () {
  this.timeout(180_000);
  let fleet: GatedFleet;
  let services: FleetServices;
  let gate: GatedSite;
  let tmp: TempDir;
  let store: PgSessionStore;
  const startWorker = (name: string, concurrency = 1) => fleet.startWorker(name, concurrency);

  before(async () => {
    fleet = await GatedFleet.start({
      'again.rpa': `run Again {\n  bot: TestBot\n  agent: Books\n  sessions: 2\n${[1, 2, 3].map((i) => `  session "r-${i}" { category: "poetry" }`).join('\n')}\n}\n`,
      'many.rpa': `run Many {\n  bot: TestBot\n  agent: Books\n  sessions: 2\n${[1, 2, 3, 4, 5].map((i) => `  session "m-${i}" { category: "travel" }`).join('\n')}\n}\n`,
    });
    ({ services, gate, store, dir: tmp } = fleet);
  });
  after(() => fleet?.close());

  it('retries the sessions of a worker killed with kill -9 on another worker: each completes once, no record lost or doubled', async () => {
    gate.hold();
    const a = await startWorker('worker-a', 2);
    await submitRun({ workspaceDir: tmp.path, run: 'Cats', queueUrl: services.queueUrl, store });
    // The bot's limit is 2: worker A holds two sessions, waiting for their first page.
    await until(`worker A runs two sessions: ${a.output()}`, () => (a.output().match(/: running \(attempt 1\)/g) ?? []).length === 2);
    a.child.kill('SIGKILL');
    await until('worker A is gone', () => a.child.exitCode !== null || a.child.signalCode !== null);
    const b = await startWorker('worker-b');
    gate.release();
    await until('every session has ended', async () => (await store.listSessions({ run: 'Cats' })).every((s) => !['queued', 'running'].includes(s.status)), 120_000);
    const byId = Object.fromEntries((await store.listSessions({ run: 'Cats' })).map((s) => [s.id, s.status]));
    assert.deepEqual(byId, { 't-travel': 'completed', 't-poetry': 'completed', 't-missing': 'failed' }, b.output());
    for (const id of ['t-travel', 't-poetry']) {
      const { rows, total } = await store.records(id, 'books', { limit: 1000 });
      assert.equal(total, 20, `${id}: ${total} records\n${b.output()}`);
      assert.equal(new Set(rows.map((r) => r.title)).size, 20, `${id}: every record once`);
    }
    assert.match(b.output(), /: running \(attempt 2\)/, 'worker B retried a session of worker A');
  });

  it("holds the bot's secure-session limit across the fleet: two workers with room for four run two at once", async () => {
    gate.hold();
    const workers = [await startWorker('worker-d', 2), await startWorker('worker-e', 2)];
    try {
      await submitRun({ workspaceDir: tmp.path, run: 'Many', queueUrl: services.queueUrl, store });
      const running = async () => (await store.listSessions({ run: 'Many' })).filter((s) => s.status === 'running').length;
      await until('two sessions run', async () => (await running()) === 2);
      // Long enough for any free worker slot to take a third one if the limit did not hold.
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(await running(), 2);
      const queued = (await store.listSessions({ run: 'Many' })).filter((s) => s.status === 'queued').map((s) => s.id);
      assert.deepEqual(queued, ['m-3', 'm-4', 'm-5'], 'the rest wait in order (FIFO)');
    } finally {
      gate.release();
    }
    await until('every session has ended', async () => (await store.listSessions({ run: 'Many' })).every((s) => s.status === 'completed'));
    for (const w of workers) w.child.kill('SIGTERM');
  });

  it('goes on through a Redis restart during a run: the worker reconnects and every session completes once', async () => {
    gate.hold();
    const w = await startWorker('worker-g', 2);
    try {
      await submitRun({ workspaceDir: tmp.path, run: 'Again', queueUrl: services.queueUrl, store });
      // Whichever workers are up (worker B of the first test too) run two of them, the bot's limit.
      await until('two sessions run', async () => (await store.listSessions({ run: 'Again' })).filter((x) => x.status === 'running').length === 2);
      services.restartRedis();
    } finally {
      gate.release();
    }
    await until(`every session has completed: ${w.output()}`, async () => (await store.listSessions({ run: 'Again' })).every((s) => s.status === 'completed'), 120_000);
    for (const id of ['r-1', 'r-2', 'r-3']) {
      const { rows, total } = await store.records(id, 'books', { limit: 1000 });
      assert.equal(total, 20, id);
      assert.equal(new Set(rows.map((r) => r.title)).size, 20, id);
    }
    w.child.kill('SIGTERM');
  });

  it('stops gracefully on SIGTERM and leaves the worker list; a killed worker shows as silent', async () => {
    const c = await startWorker('worker-c');
    const listed = await runCli(['workers', '--store', services.storeUrl, '--json'], { cwd: tmp.path, timeoutMs: 20_000 });
    const workers = (JSON.parse(listed.stdout) as { workers: Array<{ name: string; silent: boolean; bots: string[] }> }).workers;
    assert.deepEqual(workers.find((w) => w.name === 'worker-c')?.bots, ['TestBot', 'OneLicence', 'Desk']);
    assert.equal(workers.find((w) => w.name === 'worker-c')?.silent, false);
    assert.equal(workers.find((w) => w.name === 'worker-a')?.silent, true, 'worker A was killed long enough ago');
    c.child.kill('SIGTERM');
    await until('worker C has exited', () => c.child.exitCode !== null);
    assert.equal(c.child.exitCode, 0, c.output());
    assert.match(c.output(), /worker worker-c stopped\./);
    const after = await runCli(['workers', '--store', services.storeUrl], { cwd: tmp.path, timeoutMs: 20_000 });
    assert.doesNotMatch(after.stdout, /worker-c/);
    assert.match(after.stdout, /^worker-a\s.*silent since/m);
  });
});
