// Cleanup on the fleet's store: a session timeout expires a session once however many workers sweep,
// Remove Session = Immediately removes the records right after the export, and `sessions cleanup` works there.
import { strict as assert } from 'node:assert';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { submitRun } from '../../runtime/src/fleet/submit-run';
import { EMPTY_PROGRESS, type SessionInfo } from '../../runtime/src/session-types';
import { runCli, type TempDir } from '../cli/cli-harness';
import { until, type FleetServices } from '../support/fleet-services';
import { GatedFleet } from '../support/gated-fleet';

const agents = (siteUrl: string) => `
agent Brief {
  sessions: multiple
  sessionTimeout: 2s
  input { baseUrl: "${siteUrl}" }
  steps {
    open "{baseUrl}/catalogue/category/travel/index.html"
    extract books each "article.product_pod" { title: attr("h3 a", "title") }
  }
}
agent Handed {
  sessions: multiple
  sessionTimeout: 30m
  removeSession: immediately
  export json "out/{session}.json"
  input { baseUrl: "${siteUrl}" }
  steps {
    open "{baseUrl}/catalogue/category/travel/index.html"
    extract books each "article.product_pod" { title: attr("h3 a", "title") }
  }
}
`;

const runs = `
run ShortLived {
  bot: TestBot
  agent: Brief
  sessions: 2
  session "brief-1" {}
  session "brief-2" {}
}
run HandedOver {
  bot: TestBot
  agent: Handed
  sessions: 1
  session "handed-1" {}
}
`;

describe('cleanup on the fleet', function () {
  this.timeout(120_000);
  let fleet: GatedFleet;
  let services: FleetServices;
  let tmp: TempDir;
  let store: PgSessionStore;
  const said: string[] = [];

  before(async () => {
    fleet = await GatedFleet.start((siteUrl) => ({ 'fleet-agents.rpa': agents(siteUrl), 'fleet-runs.rpa': runs }));
    ({ services, store, dir: tmp } = fleet);
  });
  after(() => fleet?.close());

  it('expires sessions whose timeout passed, each once across three workers: records and logs gone, status kept', async () => {
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((name) => fleet.startInProcessWorker(name, { say: (line) => said.push(`${name} ${line}`) })));
    await submitRun({ workspaceDir: tmp.path, run: 'ShortLived', queueUrl: services.queueUrl, store });
    await until('both sessions completed', async () => (await store.sessionsById(['brief-1', 'brief-2'])).every((s) => s.status === 'completed'));
    const [done] = await store.sessionsById(['brief-1']);
    assert.equal(done.cleanupAt, done.endedAt! + 2000, 'the timeout starts when the session ends');
    assert.equal((await store.records('brief-1', 'books')).total, 20);
    assert.deepEqual(workers.flatMap((w) => w.localSessions()), [], "with the fleet's store holding them, the workers keep no copy");

    await until('both sessions expired', async () => (await store.sessionsById(['brief-1', 'brief-2'])).every((s) => s.status === 'expired'), 30_000);
    for (const id of ['brief-1', 'brief-2']) {
      assert.equal((await store.records(id, 'books')).total, 0);
      assert.deepEqual(await store.logs(id), []);
      assert.equal(said.filter((l) => l.includes(`${id}: expired`)).length, 1, said.join('\n'));
    }
  });

  it('removes the records right after the export with Remove Session = Immediately, logs kept', async () => {
    await submitRun({ workspaceDir: tmp.path, run: 'HandedOver', queueUrl: services.queueUrl, store });
    await until('the session completed', async () => (await store.getSession('handed-1'))?.status === 'completed');
    const info = (await store.getSession('handed-1'))!;
    assert.ok(info.recordsRemovedAt !== undefined, 'its records are marked removed');
    assert.equal(info.progress.records, 20, 'what it extracted is still counted');
    assert.equal((await store.records('handed-1', 'books')).total, 0);
    assert.ok((await store.logs('handed-1')).some((l) => /Exported 20 records/.test(l.message)));
  });

  it('expires each due session once when many sweep at the same time', async () => {
    // The workers sweep at their heartbeats too: stopped, so these four sweepers alone take the sessions.
    await fleet.stopInProcessWorkers();
    const sweepers = await Promise.all(Array.from({ length: 4 }, () => PgSessionStore.open(services.storeUrl)));
    try {
      const ids = Array.from({ length: 30 }, (_, i) => `due-${i}`);
      for (const id of ids) await ended(store, id, Date.now() - 1000);
      const expired = (await Promise.all(sweepers.map((s) => s.expireDue(Date.now())))).flat();
      assert.deepEqual([...expired].sort(), [...ids].sort(), 'every due session expired by exactly one sweeper');
      assert.deepEqual(await sweepers[0].expireDue(Date.now()), [], 'and nothing is left to expire');
    } finally {
      await Promise.all(sweepers.map((s) => s.close()));
    }
  });

  it('sessions cleanup --store postgres:// expires what is due now and says what waits', async () => {
    await ended(store, 'cli-due', Date.now() - 1000);
    await ended(store, 'cli-later', Date.now() + 3_600_000);
    const r = await runCli(['sessions', 'cleanup', '--store', services.storeUrl], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Cleaned up 1 session \(records and logs removed; status kept\):\n {2}cli-due {2}expired$/m);
    assert.match(r.stdout, /^Waiting for their session timeout: .*cli-later \(in (59m|1h)\)/m);
    assert.equal((await store.getSession('cli-due'))?.status, 'expired');
    const again = await runCli(['sessions', 'cleanup', '--store', services.storeUrl, '--json'], { cwd: tmp.path, timeoutMs: 30_000 });
    const json = JSON.parse(again.stdout) as { cleanedUp: unknown[]; waiting: Array<{ id: string }> };
    assert.deepEqual(json.cleanedUp, []);
    assert.ok(json.waiting.some((w) => w.id === 'cli-later'));
  });
});

/** A completed session of the Brief agent in the store, one record and one log line, its timeout cleanup due at `cleanupAt`. */
async function ended(store: PgSessionStore, id: string, cleanupAt: number): Promise<void> {
  const info: SessionInfo = { id, agent: 'Brief', run: 'ShortLived', bot: 'TestBot', status: 'running', inputs: {}, progress: { ...EMPTY_PROGRESS }, queuedAt: Date.now(), startedAt: Date.now() };
  await store.createSession(info);
  await store.appendLog(id, { time: Date.now(), level: 'info', message: 'a line' });
  await store.commit(id, [{ dataset: 'books', firstRecordNo: 0, rows: [{ title: 'One' }] }], { status: 'completed', endedAt: Date.now(), cleanupAt });
}
