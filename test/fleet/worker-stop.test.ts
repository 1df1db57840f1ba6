// A worker asked to stop (SIGTERM): it finishes its running session and takes no other, and with its
// queue and store gone it does not wait for them forever, but says so and ends once its sessions are over.
import { strict as assert } from 'node:assert';
import { TempDir } from '../cli/cli-harness';
import { booksWorkspace, LiveCli } from '../cli/runtime-harness';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { startFleetServices, startWorkerProcess, until } from '../support/fleet-services';
import { GatedFleet } from '../support/gated-fleet';

describe('a worker stopping while its servers are gone', function () {
  this.timeout(90_000);

  it('ends after SIGTERM, saying the queue does not answer', async () => {
    const services = startFleetServices();
    const dir = new TempDir().write(booksWorkspace('http://127.0.0.1:9'));
    const w = await startWorkerProcess(services, dir.path, 'lonely', 1, { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' });
    try {
      services.stop();
      await until('the worker noticed the queue is gone', () => /ECONNREFUSED/.test(w.output()), 30_000);
      w.child.kill('SIGTERM');
      await until('the worker ended', () => w.child.exitCode !== null || w.child.signalCode !== null, 45_000).catch((e: Error) => assert.fail(`${e.message}\n${w.output()}`));
      assert.match(w.output(), /the queue does not answer: stopping without recording the last jobs there/);
      assert.match(w.output(), /worker lonely stopped\./);
    } finally {
      if (w.child.exitCode === null) w.child.kill('SIGKILL');
      dir.dispose();
    }
  });
});

describe('a worker stopping while it runs a session', function () {
  this.timeout(120_000);
  let fleet: GatedFleet;

  before(async () => (fleet = await GatedFleet.start()));
  after(() => fleet?.close());

  it('finishes the running session after SIGTERM and takes no other; the next worker takes the rest', async () => {
    const { store, gate, services, dir } = fleet;
    gate.hold();
    const first = await fleet.startWorker('first', 1);
    await submitRun({ workspaceDir: dir.path, run: 'Cats', queueUrl: services.queueUrl, store });
    await until('one session runs', async () => (await store.listSessions({ run: 'Cats', status: 'running' })).length === 1);
    first.child.kill('SIGTERM');
    await until('the worker is stopping', () => /worker first stopping/.test(first.output()));
    gate.release();
    await until('the worker ended', () => first.child.exitCode !== null, 60_000);
    const statuses = (await store.listSessions({ run: 'Cats' })).map((s) => s.status).sort();
    assert.deepEqual(statuses, ['completed', 'queued', 'queued'], first.output());
    await fleet.startWorker('second', 2);
    await until('the others ran on the next worker', async () => (await store.listSessions({ run: 'Cats' })).every((s) => s.status !== 'queued' && s.status !== 'running'));
  });
});

describe('following a fleet run while its store is down', function () {
  this.timeout(120_000);
  let fleet: GatedFleet;

  before(async () => (fleet = await GatedFleet.start()));
  after(() => fleet?.close());

  it('says the store does not answer, goes on once it does, and ends with the run', async () => {
    const { services, dir, gate } = fleet;
    gate.hold();
    await fleet.startWorker('steady', 2);
    const cli = new LiveCli(['run', 'runs.rpa', '--run', 'Free', '--queue', services.queueUrl, '--store', services.storeUrl], dir.path, { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' });
    try {
      await cli.waitFor(/: running$/m, 60_000);
      services.stopPostgres();
      await cli.waitFor(/The fleet's store at postgres:\/\/.* does not answer \(.*\); the sessions go on on the fleet/, 30_000);
      services.restartPostgres();
      await cli.waitFor(/answers again; following the sessions\./, 30_000);
      gate.release();
      assert.equal(await cli.exit(90_000), 0, cli.stdout + cli.stderr);
      assert.match(cli.stdout, /Run Free — 2 sessions: 2 completed/);
    } finally {
      gate.release();
      cli.kill();
    }
  });
});
