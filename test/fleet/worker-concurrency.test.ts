// `worker --concurrency N` caps the sessions one worker process runs at once over all its bots'
// queues; what it has no room for waits in its queue for this or another worker, nothing lost.
import { strict as assert } from 'node:assert';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { until } from '../support/fleet-services';
import { GatedFleet } from '../support/gated-fleet';

const runs = (prefix: string) => `
run Duo${prefix} {
  bot: TestBot
  agent: Books
  sessions: 2
  session "${prefix}-duo-1" { category: "travel" }
  session "${prefix}-duo-2" { category: "poetry" }
}
run Solo${prefix} {
  bot: OneLicence
  agent: Books
  sessions: 1
  session "${prefix}-solo-1" { category: "travel" }
}
`;

describe('worker --concurrency over several bots', function () {
  this.timeout(180_000);
  let fleet: GatedFleet;

  before(async () => {
    fleet = await GatedFleet.start({ 'a.rpa': runs('a'), 'b.rpa': runs('b'), 'c.rpa': runs('c') });
  });
  after(() => fleet?.close());

  /** Submits both runs while the site holds every page, checks what runs at once, then lets them finish. */
  async function runBoth(prefix: string, expectRunning: number): Promise<void> {
    const { store, services, dir, gate } = fleet;
    const ids = [`${prefix}-duo-1`, `${prefix}-duo-2`, `${prefix}-solo-1`];
    const running = async () => (await store.sessionsById(ids)).filter((s) => s.status === 'running').length;
    gate.hold();
    try {
      for (const run of [`Duo${prefix}`, `Solo${prefix}`]) await submitRun({ workspaceDir: dir.path, run, queueUrl: services.queueUrl, store });
      await until(`${expectRunning} sessions run`, async () => (await running()) === expectRunning);
      // Long enough for a free slot, on either bot's queue, to take another session if the cap did not hold.
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(await running(), expectRunning);
    } finally {
      gate.release();
    }
    await until('every session completed', async () => (await store.sessionsById(ids)).every((s) => s.status === 'completed'), 120_000);
    for (const id of ids) assert.equal((await store.records(id, 'books')).total, 20, id);
  }

  it('runs one session at a time over two bots with --concurrency 1', async () => {
    const w = await fleet.startWorker('one-slot', 1);
    assert.match(w.output(), /up to 1 session at a time over all bots/);
    await runBoth('a', 1);
    w.child.kill('SIGTERM');
    await until('the worker stopped', () => w.child.exitCode !== null);
  });

  it('spreads the sessions over the workers: two with one slot each run one each', async () => {
    const { store, services, dir, gate } = fleet;
    const outputs = [await fleet.startWorker('spread-1', 1), await fleet.startWorker('spread-2', 1)];
    gate.hold();
    try {
      await submitRun({ workspaceDir: dir.path, run: 'Duoc', queueUrl: services.queueUrl, store });
      await until('both sessions run', async () => (await store.sessionsById(['c-duo-1', 'c-duo-2'])).every((s) => s.status === 'running'));
      for (const w of outputs) assert.equal((w.output().match(/: running \(attempt 1\)/g) ?? []).length, 1, w.output());
    } finally {
      gate.release();
    }
    await until('both completed', async () => (await store.sessionsById(['c-duo-1', 'c-duo-2'])).every((s) => s.status === 'completed'));
    for (const w of outputs) w.child.kill('SIGTERM');
    await until('both workers stopped', () => outputs.every((w) => w.child.exitCode !== null));
  });

  it('runs two at a time with --concurrency 2 although the bots would allow three', async () => {
    const w = await fleet.startWorker('two-slots', 2);
    await runBoth('b', 2);
    w.child.kill('SIGTERM');
  });
});
