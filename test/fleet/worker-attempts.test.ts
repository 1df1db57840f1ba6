// A session whose worker is killed with kill -9 on every attempt: after the last one the fleet marks
// it interrupted, saying why, instead of leaving it running forever.
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { JOB_ATTEMPTS } from '../../runtime/src/fleet/session-queue';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { TempDir } from '../cli/cli-harness';
import { booksWorkspace } from '../cli/runtime-harness';
import { GatedSite } from '../e2e/gated-site';
import { startFleetServices, startWorkerProcess, until, type FleetServices } from '../support/fleet-services';

describe('a session whose workers are all killed', function () {
  this.timeout(240_000);
  let services: FleetServices;
  let site: SiteServer;
  let gate: GatedSite;
  let tmp: TempDir;
  let store: PgSessionStore;
  const children: ChildProcess[] = [];

  before(async () => {
    services = startFleetServices();
    site = await startSiteServer({ port: 0 });
    gate = await GatedSite.start(site.url, 0);
    tmp = new TempDir().write({ ...booksWorkspace(gate.url), 'doomed.rpa': 'run Doomed {\n  bot: TestBot\n  agent: Books\n  sessions: 1\n  session "doomed-1" { category: "travel" }\n}\n' });
    store = await PgSessionStore.open(services.storeUrl);
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await store?.close();
    await gate?.close();
    await site?.close();
    tmp?.dispose();
    services?.stop();
  });

  it(`is marked interrupted after ${JOB_ATTEMPTS} attempts, with the reason`, async () => {
    gate.hold(); // every attempt waits for its first page until its worker is killed
    await submitRun({ workspaceDir: tmp.path, run: 'Doomed', queueUrl: services.queueUrl, store });
    for (let attempt = 1; attempt <= JOB_ATTEMPTS; attempt++) {
      const w = await startWorkerProcess(services, tmp.path, `doomed-${attempt}`, 1, { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' });
      children.push(w.child);
      await until(`attempt ${attempt} runs: ${w.output()}`, () => new RegExp(`doomed-1: running \\(attempt ${attempt}\\)`).test(w.output()), 60_000);
      w.child.kill('SIGKILL');
      await until('the worker is gone', () => w.child.signalCode !== null || w.child.exitCode !== null);
    }
    // A worker that finds the job stalled once more fails it, and the session is interrupted.
    const last = await startWorkerProcess(services, tmp.path, 'doomed-watch', 1, { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' });
    children.push(last.child);
    await until('the session is interrupted', async () => (await store.getSession('doomed-1'))?.status === 'interrupted', 90_000);
    const info = await store.getSession('doomed-1');
    assert.match(info?.error ?? '', new RegExp(`Its worker stopped before it finished, on every attempt \\(${JOB_ATTEMPTS}\\)`));
    assert.equal((await store.records('doomed-1', 'books')).total, 0);
    gate.release();
  });
});
