// The Agent API's remote option against Redis, PostgreSQL and a worker: a session started through
// it runs on the fleet; its handle reads only that session, cancels it queued or running, and closes it.
import { strict as assert } from 'node:assert';
import { createAgentApi, type RemoteAgentApi } from '../../runtime/src/api/agent-api';
import type { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import type { EngineEvent } from '../../runtime/src/events';
import { RpaUserError } from '../../runtime/src/user-error';
import { until } from '../support/fleet-services';
import { GatedFleet } from '../support/gated-fleet';

const refusedAs = (code: string, message: RegExp) => (e: unknown) => e instanceof RpaUserError && e.code === code && message.test(e.message);

describe('Agent API with the remote option', function () {
  this.timeout(120_000);
  let fleet: GatedFleet;
  let store: PgSessionStore;
  let api: RemoteAgentApi;
  let other: RemoteAgentApi;

  before(async () => {
    fleet = await GatedFleet.start();
    store = fleet.store;
    await fleet.startInProcessWorker('api-worker', { concurrency: 2 });
    const remote = { queue: fleet.services.queueUrl, store: fleet.services.storeUrl };
    api = await createAgentApi({ workspaceDir: fleet.dir.path, remote });
    other = await createAgentApi({ workspaceDir: fleet.dir.path, remote });
  });
  after(async () => {
    await api?.close();
    await other?.close();
    await fleet?.close();
  });

  it("runs a session of a run configuration on the fleet and reads its status, records, logs and events through its handle", async () => {
    const handle = await api.startSession({ run: 'Cats', sessionId: 't-travel' });
    const events: EngineEvent[] = [];
    const following = handle.onEvent((e) => events.push(e));
    const final = await handle.wait();
    assert.equal(final.status, 'completed');
    assert.equal(final.progress.records, 20);
    assert.deepEqual(await handle.datasets(), [{ dataset: 'books', count: 20 }]);
    const page = await handle.data('books', { offset: 5, limit: 3 });
    assert.equal(page.total, 20);
    assert.equal(page.rows.length, 3);
    assert.equal(page.rows[0].category, 'travel', "the run's entry for t-travel gave its inputs");
    assert.ok((await handle.logs()).some((l) => /Opened http/.test(l.message)));
    await until('the events reached the end', () => events.some((e) => e.type === 'session-ended'));
    following.dispose();
    assert.deepEqual([...new Set(events.map((e) => e.type))].filter((t) => t !== 'session-log' && t !== 'session-progress'), ['session-queued', 'session-started', 'session-committed', 'session-ended']);
    assert.equal(api.session(handle.token), handle);
  });

  it("gives each caller its own sessions only: another API's token is refused", async () => {
    const mine = await api.startSession({ run: 'Cats', sessionId: 't-poetry' });
    assert.throws(() => other.session(mine.token), refusedAs('unknown-session', /No session belongs to this token/));
    assert.throws(() => api.session('t-poetry'), refusedAs('unknown-session', /not the session ID/));
    await mine.wait();
  });

  it('cancels a queued session (taken off the queue) and a running one (its worker stops it)', async () => {
    const running = await api.startSession({ run: 'Waiting', sessionId: 'w-1' });
    await until('w-1 runs', async () => (await running.status()).status === 'running');
    // OneLicence runs one session at a time on the whole fleet: the next one waits.
    const queued = await api.startSession({ run: 'Waiting', sessionId: 'w-2' });
    const waiting = await queued.status();
    assert.deepEqual([waiting.status, waiting.queuePosition], ['queued', 1]);
    assert.equal(await queued.cancel(), true);
    assert.equal((await queued.status()).status, 'cancelled', 'cancelled at once: no worker had it');
    assert.equal(await running.cancel(), true);
    const ended = await running.wait();
    assert.equal(ended.status, 'cancelled');
    assert.match(ended.error ?? '', /Cancelled by the user/);
    assert.equal(await running.cancel(), false, 'an ended session cannot be cancelled again');
    assert.equal((await queued.status()).startedAt, undefined, 'the cancelled queued session never ran');
  });

  it('closes a session (CloseSession): its data goes, the handle refuses, a new session with its ID belongs to its starter', async () => {
    const handle = await api.startSession({ run: 'Cats', sessionId: 't-missing', inputs: { category: 'travel' } });
    assert.equal((await handle.wait()).status, 'completed');
    const last = await handle.close();
    assert.equal(last.status, 'closed');
    assert.equal((await store.records('t-missing', 'books')).total, 0);
    await assert.rejects(handle.status(), refusedAs('unknown-session', /closed through this handle/));
    const again = await other.startSession({ run: 'Cats', sessionId: 't-missing', inputs: { category: 'travel' } });
    await again.wait();
    assert.equal((await again.datasets())[0].count, 20);
  });

  it('refuses what the fleet cannot run, with what to do instead', async () => {
    await assert.rejects(api.startSession({ agent: 'Books' }), refusedAs('unknown-declaration', /On the fleet, sessions run on a bot: start one session of a run configuration/));
    await assert.rejects(api.startSession({ run: 'Cats', sessionId: 't-travel' }), /t-travel/);
    await assert.rejects(api.startSession({ run: 'NoSuchRun' }), /NoSuchRun/);
  });
});
