// The scheduler with real workers and a loopback site: never more sessions at once than the limit,
// the rest queued FIFO with visible positions, every session run; desktop bots one at a time.
import * as assert from 'node:assert/strict';
import type { EngineEvent } from '../../../runtime/src/events';
import { ended, maxConcurrent, useSiteHarness } from './engine-harness';

const workspace = (url: string) => `
bot SecureBot {
  mode: secure
  licensedSecureSessions: 8
  configurator { maxSecureSessions: 2, login { user: "svc", password: secret("RPA_TEST_UNUSED") } }
  manager { maxSecureSessions: 8, description: "ops" }
  system { ramGb: 64, ramPerSessionGb: 2, terminalServer: true }
}
bot DeskBot {
  mode: desktop
  configurator { login { user: "svc", password: secret("RPA_TEST_UNUSED") } }
  manager { description: "ops" }
}
agent Lister {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}", tag: "a", n: 3, delay: 0 }
  steps {
    open "{base}/items?tag={tag}&n={n}&delay={delay}"
    extract items each "li.item" { name: text("span") }
  }
}
run SixOnTwo {
  bot: SecureBot
  agent: Lister
  sessions: 2
  session "s1" { tag: "one", delay: 120 }
  session "s2" { tag: "two", delay: 120 }
  session "s3" { tag: "three", delay: 120 }
  session "s4" { tag: "four", delay: 120 }
  session "s5" { tag: "five", delay: 120 }
  session "s6" { tag: "six", delay: 120 }
}
run Other {
  bot: SecureBot
  agent: Lister
  sessions: 2
  session "o1" { delay: 120 }
  session "o2" { delay: 120 }
}
run Generated {
  bot: SecureBot
  agent: Lister
  sessions: 2
}
run Desk {
  bot: DeskBot
  agent: Lister
  session "d1" { delay: 80 }
  session "d2" { delay: 80 }
  session "d3" { delay: 80 }
}
`;

const ids = (events: EngineEvent[], type: EngineEvent['type']) =>
  events.filter((e): e is Extract<EngineEvent, { session: unknown }> => e.type === type && 'session' in e).map((e) => e.session.id);

describe('session engine: scheduler limits and queueing', function () {
  this.timeout(30_000);
  const { site, h } = useSiteHarness(workspace, { pool: { warm: 2 } }, 'test');

  it('runs 6 sessions with a limit of 2: never more than 2 at once, the rest queued FIFO, all completed', async () => {
    const infos = h.engine.startRun('SixOnTwo');
    assert.deepEqual(infos.map((i) => i.id), ['s1', 's2', 's3', 's4', 's5', 's6']);
    const queued = h.events.filter((e): e is Extract<EngineEvent, { type: 'session-queued' }> => e.type === 'session-queued');
    assert.deepEqual(queued.slice(0, 6).map((e) => [e.session.id, e.position]), [['s1', 1], ['s2', 2], ['s3', 3], ['s4', 4], ['s5', 5], ['s6', 6]]);
    assert.equal(h.engine.queuePosition('s3'), 1, 's1 and s2 started, s3 is first in the queue');

    await Promise.all(infos.map((i) => h.next(ended(i.id))));
    await h.engine.whenIdle();

    assert.equal(maxConcurrent(h.events), 2);
    assert.ok(site.maxInFlight <= 2, `the site saw ${site.maxInFlight} requests at once`);
    assert.deepEqual(ids(h.events, 'session-started'), ['s1', 's2', 's3', 's4', 's5', 's6'], 'sessions start in queue order');
    for (const id of ['s1', 's2', 's3', 's4', 's5', 's6']) {
      const info = h.store.getSession(id)!;
      assert.equal(info.status, 'completed', `${id}: ${info.error}`);
      assert.equal(h.store.records(id, 'items').total, 3);
    }
    const moves = h.events.filter((e) => e.type === 'session-queued' && e.session.id === 's6').map((e) => (e as { position: number }).position);
    assert.deepEqual(moves, [6, 4, 3, 2, 1], 's6 sees its queue position move up as sessions start');
  });

  it('shares the bot limit across run configurations', async () => {
    const first = h.engine.startRun('SixOnTwo');
    const second = h.engine.startRun('Other');
    await Promise.all([...first, ...second].map((i) => h.next(ended(i.id))));
    assert.equal(maxConcurrent(h.events), 2, 'the bot effective limit (configurator 2) holds over both runs');
    assert.ok(site.maxInFlight <= 2);
    for (const i of [...first, ...second]) assert.equal(h.store.getSession(i.id)!.status, 'completed');
  });

  it('runs a run without session entries as `sessions` sessions with generated unique IDs', async () => {
    const infos = h.engine.startRun('Generated');
    assert.equal(infos.length, 2);
    assert.notEqual(infos[0].id, infos[1].id);
    for (const i of infos) assert.match(i.id, /^[0-9a-f-]{36}$/);
    await Promise.all(infos.map((i) => h.next(ended(i.id))));
    for (const i of infos) assert.deepEqual(h.store.records(i.id, 'items').rows.map((r) => r.name), ['a-1', 'a-2', 'a-3']);
  });

  it('runs a desktop bot one session at a time', async () => {
    const infos = h.engine.startRun('Desk');
    await Promise.all(infos.map((i) => h.next(ended(i.id))));
    assert.equal(maxConcurrent(h.events), 1);
    assert.equal(site.maxInFlight, 1);
    assert.deepEqual(ids(h.events, 'session-started'), ['d1', 'd2', 'd3']);
    for (const i of infos) assert.equal(h.store.getSession(i.id)!.status, 'completed');
  });
});
