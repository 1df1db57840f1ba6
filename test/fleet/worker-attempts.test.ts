// A session whose worker is killed with kill -9 on every attempt: after the last one the fleet marks
// it interrupted, saying why, instead of leaving it running forever.
import { strict as assert } from 'node:assert';
import { JOB_ATTEMPTS } from '../../runtime/src/fleet/session-queue';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { until } from '../support/fleet-services';
import { GatedFleet } from '../support/gated-fleet';

describe('a session whose workers are all killed', function () {
  this.timeout(240_000);
  let fleet: GatedFleet;

  before(async () => {
    fleet = await GatedFleet.start({ 'doomed.rpa': 'run Doomed {\n  bot: TestBot\n  agent: Books\n  sessions: 1\n  session "doomed-1" { category: "travel" }\n}\n' });
  });
  after(() => fleet?.close());

  it(`is marked interrupted after ${JOB_ATTEMPTS} attempts, with the reason`, async () => {
    const { gate, store, services } = fleet;
    gate.hold(); // every attempt waits for its first page until its worker is killed
    await submitRun({ workspaceDir: fleet.dir.path, run: 'Doomed', queueUrl: services.queueUrl, store });
    for (let attempt = 1; attempt <= JOB_ATTEMPTS; attempt++) {
      const w = await fleet.startWorker(`doomed-${attempt}`);
      await until(`attempt ${attempt} runs: ${w.output()}`, () => new RegExp(`doomed-1: running \\(attempt ${attempt}\\)`).test(w.output()), 60_000);
      w.child.kill('SIGKILL');
      await until('the worker is gone', () => w.child.signalCode !== null || w.child.exitCode !== null);
    }
    // A worker that finds the job stalled once more fails it, and the session is interrupted.
    await fleet.startWorker('doomed-watch');
    await until('the session is interrupted', async () => (await store.getSession('doomed-1'))?.status === 'interrupted', 90_000);
    const info = await store.getSession('doomed-1');
    assert.match(info?.error ?? '', new RegExp(`Its worker stopped before it finished, on every attempt \\(${JOB_ATTEMPTS}\\)`));
    assert.equal((await store.records('doomed-1', 'books')).total, 0);
    gate.release();
  });
});
