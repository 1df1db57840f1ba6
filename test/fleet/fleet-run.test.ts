// A run submitted to the fleet (BullMQ on Redis, the store on PostgreSQL) and run by two workers
// against a loopback site: the same records as a local run, every session on some worker, none twice.
import { strict as assert } from 'node:assert';
import { FleetWorker } from '../../runtime/src/fleet/fleet-worker';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { TempDir } from '../cli/cli-harness';
import { booksWorkspace } from '../cli/runtime-harness';
import { WORKER_SCRIPT } from '../runtime/engine/engine-harness';
import { startFleetServices, until, type FleetServices } from '../support/fleet-services';

describe('a run on the fleet', function () {
  this.timeout(120_000);
  let services: FleetServices;
  let site: SiteServer;
  let tmp: TempDir;
  let store: PgSessionStore;
  const workers: FleetWorker[] = [];
  const env = { ...process.env, RPA_CLI_TEST_PASSWORD: 'fleet-test-password' };

  before(async () => {
    services = startFleetServices();
    site = await startSiteServer({ port: 0 });
    tmp = new TempDir().write(booksWorkspace(site.url));
    store = await PgSessionStore.open(services.storeUrl);
  });
  after(async () => {
    for (const w of workers) await w.stop().catch(() => undefined);
    await store?.close();
    await site?.close();
    tmp?.dispose();
    services?.stop();
  });

  it('runs the sessions of a submitted run on two workers, with their records in the PostgreSQL store', async () => {
    const seen: string[] = [];
    for (const name of ['w1', 'w2']) {
      workers.push(await FleetWorker.start({ workspaceDir: tmp.path, queueUrl: services.queueUrl, store, name, env, workerScript: WORKER_SCRIPT, say: (line) => seen.push(`${name} ${line}`) }));
    }
    const sessions = await submitRun({ workspaceDir: tmp.path, run: 'Cats', queueUrl: services.queueUrl, store });
    assert.deepEqual(sessions.map((s) => [s.id, s.status]), [['t-travel', 'queued'], ['t-poetry', 'queued'], ['t-missing', 'queued']]);
    const ended = async () => (await store.listSessions({ run: 'Cats' })).every((s) => !['queued', 'running'].includes(s.status));
    await until('every session has ended', ended);
    const byId = Object.fromEntries((await store.listSessions({ run: 'Cats' })).map((s) => [s.id, s]));
    assert.equal(byId['t-travel'].status, 'completed');
    assert.equal(byId['t-poetry'].status, 'completed');
    assert.equal(byId['t-missing'].status, 'failed');
    assert.match(byId['t-missing'].error ?? '', /404/);
    const travel = await store.records('t-travel', 'books', { limit: 100 });
    assert.equal(travel.total, 20);
    assert.deepEqual(Object.keys(travel.rows[0]), ['title', 'price', 'category']);
    assert.equal(typeof travel.rows[0].price, 'number');
    assert.equal((await store.records('t-poetry', 'books', { limit: 100 })).total, 20);
    // Each session ran once, on one of the workers.
    const runs = seen.filter((l) => / running \(attempt 1\)$/.test(l));
    assert.equal(runs.length, 3, seen.join('\n'));
    // Books exports to a database on the worker that ran it: its status waits there for the timeout that removes those rows; its records are gone.
    const local = workers.flatMap((w) => w.localSessions()).sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(local, [{ id: 't-missing', status: 'failed', records: 0 }, { id: 't-poetry', status: 'completed', records: 0 }, { id: 't-travel', status: 'completed', records: 0 }]);
  });

  it('refuses a session ID that is still taken, with nothing enqueued', async () => {
    await assert.rejects(submitRun({ workspaceDir: tmp.path, run: 'Cats', queueUrl: services.queueUrl, store }), (e: Error & { code?: string }) => e.code === 'duplicate-session-id');
    assert.equal((await store.listSessions({ run: 'Cats' })).length, 3);
  });
});
