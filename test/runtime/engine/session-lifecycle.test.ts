// Session lifecycle with real workers: output flows into the store, run-time limit, cancel (queued and
// running), duplicate IDs, the bot rules at start and during a run, and secrets kept out of everything.
import * as assert from 'node:assert/strict';
import { SessionEngine } from '../../../runtime/src/engine/session-engine';
import type { EngineEvent } from '../../../runtime/src/events';
import { RpaUserError } from '../../../runtime/src/user-error';
import { ended, started, useSiteHarness } from './engine-harness';

const PASSWORD = 'pw-Zq81!secret';
const PASSWORD_ENV = 'RPA_ENGINE_TEST_PASSWORD';

const workspace = (url: string) => `
bot SecureBot {
  mode: secure
  licensedSecureSessions: 4
  configurator { login { user: "svc", password: secret("RPA_TEST_UNUSED") }, maxSecureSessions: 1 }
  manager { maxSecureSessions: 1, description: "ops" }
}
bot OneLicence {
  mode: secure
  licensedSecureSessions: 1
  configurator { login { user: "svc", password: secret("${PASSWORD_ENV}") }, maxSecureSessions: 1 }
  manager { maxSecureSessions: 1, description: "ops" }
}
bot DeskBot {
  mode: desktop
  configurator { login { user: "svc", password: secret("RPA_TEST_UNUSED") } }
  manager { description: "ops" }
}
agent Site {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}", tag: "a", delay: 0 }
  steps {
    open "{base}/items?tag={tag}&n=3&delay={delay}"
    extract items each "li.item" { name: text("span") }
    log "listed {tag}"
  }
}
agent Waits {
  sessions: multiple
  sessionTimeout: 30m
  steps { wait 10m }
}
agent Secretive {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}" }
  steps {
    open "{base}/form"
    fill "#v" with login.password
    submit "#f"
    extract echoed { value: text("#v"), user: login.user }
    log "echoed"
  }
}
agent Leaky {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}" }
  steps {
    open "{base}/form?action=/broken"
    fill "#v" with login.password
    submit "#f"
  }
}
run Queue {
  bot: SecureBot
  agent: Site
  session "q1" { delay: 60000 }
  session "q2" { tag: "second" }
  session "q3" { tag: "third" }
}
run Limited { bot: SecureBot, agent: Waits, timeout: 1s, session "slow" {} }
run Desk {
  bot: DeskBot
  agent: Site
  session "desk-1" { delay: 60000 }
  session "desk-2" {}
}
run OneRun { bot: OneLicence, agent: Site, session "one-1" { delay: 60000 } }
run SecretRun { bot: OneLicence, agent: Secretive, sessions: 1 }
run LeakyRun { bot: OneLicence, agent: Leaky, sessions: 1 }
`;

function assertUserError(fn: () => unknown, code: string, ...mentions: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof RpaUserError, String(e));
    assert.equal(e.code, code, e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `${JSON.stringify(m)} in: ${e.message}`);
    return true;
  });
}

describe('session engine: lifecycle', function () {
  this.timeout(30_000);
  const { site, h } = useSiteHarness(workspace, { engine: { secret: (env) => process.env[env] } }, 'test');

  afterEach(() => {
    delete process.env[PASSWORD_ENV];
  });

  it('records status, progress, logs and records in the store, and emits typed events', async () => {
    const info = h.engine.startSession({ agent: 'Site', sessionId: 'solo', inputs: { tag: 'solo' } });
    assert.equal(info.status, 'running', 'a bot-less session starts at once');
    const end = await h.next(ended('solo'));
    assert.equal(end.status, 'completed', end.error);
    const final = await h.engine.whenEnded('solo');
    assert.equal(final.status, 'completed');
    assert.deepEqual(final.inputs, { base: site.url, tag: 'solo', delay: 0 });
    assert.deepEqual(h.store.records('solo', 'items').rows.map((r) => r.name), ['solo-1', 'solo-2', 'solo-3']);
    assert.deepEqual({ pages: final.progress.pages, records: final.progress.records }, { pages: 1, records: 3 });
    assert.ok(h.store.logs('solo').some((l) => l.message === 'listed solo'));
    const types = h.events.filter((e) => 'id' in e ? e.id === 'solo' : e.session.id === 'solo').map((e) => e.type);
    for (const t of ['session-queued', 'session-started', 'session-records', 'session-log', 'session-progress', 'session-ended'] as const) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    assert.equal(types.at(-1), 'session-ended');
  });

  it('stops a session that runs past its run-time limit, with a reason naming the fix', async () => {
    h.engine.startRun('Limited');
    const end = await h.next(ended('slow'));
    assert.equal(end.status, 'failed');
    assert.match(end.error!, /ran longer than run Limited's run-time limit \(timeout: 1s\)/);
    assert.match(end.error!, /raise `timeout`/);
    assert.equal(h.store.getSession('slow')!.status, 'failed');
  });

  it('cancels a queued session (it never starts) and a running one (the next in the queue runs)', async () => {
    h.engine.startRun('Queue');
    await h.next(started('q1'));
    assert.equal(h.engine.queuePosition('q3'), 2);
    assert.equal(h.engine.cancel('q3'), true);
    const q3 = await h.next(ended('q3'));
    assert.equal(q3.status, 'cancelled');
    assert.equal(q3.session.startedAt, undefined);

    assert.equal(h.engine.cancel('q1'), true);
    assert.equal((await h.next(ended('q1'))).status, 'cancelled');
    assert.equal((await h.next(ended('q2'))).status, 'completed');
    await h.engine.whenIdle();
    assert.deepEqual(h.events.filter((e) => e.type === 'session-started').map((e) => (e as { session: { id: string } }).session.id), ['q1', 'q2']);
    assert.equal(h.store.getSession('q3')!.status, 'cancelled');
    assert.equal(h.engine.cancel('q2'), false, 'an ended session cannot be cancelled');
  });

  it('refuses a session ID that already exists and is not cleaned up, and a run that reuses one', async () => {
    h.engine.startSession({ agent: 'Site', sessionId: 'dup' });
    assertUserError(() => h.engine.startSession({ agent: 'Site', sessionId: 'dup' }), 'duplicate-session-id', 'already exists', 'sessions close dup');
    await h.engine.whenEnded('dup');
    assertUserError(() => h.engine.startSession({ agent: 'Site', sessionId: 'dup' }), 'duplicate-session-id', 'completed and not cleaned up');
    h.engine.startSession({ agent: 'Site', sessionId: 'q2' });
    assertUserError(() => h.engine.startRun('Queue'), 'duplicate-session-id', '"q2"');
    assert.equal(h.store.getSession('q1'), undefined, 'a refused run creates none of its sessions');
  });

  it('refuses unknown inputs and runs the bot rules before starting', () => {
    assertUserError(() => h.engine.startSession({ agent: 'Site', inputs: { tga: 'x' } }), 'unknown-input', "Did you mean 'tag'?");
    h.bots.setConsole('DeskBot', 'logged-out');
    assertUserError(() => h.engine.startRun('Desk'), 'console-not-logged-in', 'bot console DeskBot open');
    h.bots.disconnect('OneLicence');
    assertUserError(() => h.engine.startRun('OneRun'), 'single-license-disconnected', 'bot signout OneLicence');
  });

  it('fails a desktop run whose console is minimized during the run, and the queued one behind it', async () => {
    h.engine.startRun('Desk');
    await h.next(started('desk-1'));
    h.bots.setConsole('DeskBot', 'minimized');
    const first = await h.next(ended('desk-1'));
    assert.equal(first.status, 'failed');
    assert.match(first.error!, /the console was minimized/);
    assert.match(first.error!, /must stay open \(not minimized or locked\)/);
    const second = await h.next(ended('desk-2'));
    assert.equal(second.status, 'failed', 'the console is still minimized when desk-2 leaves the queue');
    assert.equal(second.session.startedAt, undefined);
  });

  it('ends a secure session on a one-licence bot when the bot user signs in interactively', async () => {
    h.engine.startRun('OneRun');
    await h.next(started('one-1'));
    h.bots.signIn('OneLicence');
    const end = await h.next(ended('one-1'));
    assert.equal(end.status, 'failed');
    assert.match(end.error!, /the bot user signed in interactively/);
    assert.match(end.error!, /one licensed secure session/);
    assert.match(end.error!, /bot signout OneLicence/);
  });

  it('reads the login password from the environment inside the session and never lets it out', async () => {
    process.env[PASSWORD_ENV] = PASSWORD;
    const frames: unknown[] = [];
    const [info] = h.engine.startRun('SecretRun', {
      debug: {
        options: () => ({ breakpoints: [], stopOnEntry: true, breakOnProblems: false }),
        onStopped: (id, stop) => {
          frames.push({ ...stop.frame, page: stop.page });
          h.engine.debugControl(id)?.resume('stepIn');
        },
      },
    });
    const end = await h.next(ended(info.id));
    assert.equal(end.status, 'completed', end.error);
    const rows = h.store.records(info.id, 'echoed').rows;
    assert.equal(rows.length, 1);
    assert.equal(rows[0].user, 'svc');
    assert.equal(rows[0].value, '***', 'the echoed password is masked before it leaves the session');
    const last = frames.at(-1) as { record?: unknown; pageUrl?: string };
    assert.deepEqual(last.record, { value: '***', user: 'svc' }, "the debugger's current record is masked too");
    assert.match(last.pageUrl ?? '', /\/echo\?v=\*\*\*$/, "and so is the page URL the form's GET put the password in");
    const everything = JSON.stringify([h.events, h.store.logs(info.id), rows, h.store.getSession(info.id), frames]);
    assert.ok(everything.includes('/echo?v='), 'the submitted form is in the logs');
    assert.ok(!everything.includes(PASSWORD) && !everything.includes(encodeURIComponent(PASSWORD)), 'the password appears nowhere');
  });

  it("masks the password in the session's own messages too (the fetcher's retry lines for a form that put it in the URL)", async () => {
    process.env[PASSWORD_ENV] = PASSWORD;
    const [info] = h.engine.startRun('LeakyRun');
    const end = await h.next(ended(info.id));
    assert.doesNotMatch(end.error ?? '', /could not be recorded/, 'no log line had to be refused for holding the secret');
    const retries = h.store.logs(info.id).filter((l) => /retrying/.test(l.message));
    assert.ok(retries.length > 0, `the fetcher's retries are logged: ${JSON.stringify(h.store.logs(info.id))}`);
    for (const l of retries) assert.match(l.message, /\/broken\?v=\*\*\* answered HTTP 500/);
    const everything = JSON.stringify([h.events, h.store.logs(info.id), h.store.getSession(info.id)]);
    assert.ok(!everything.includes(PASSWORD) && !everything.includes(encodeURIComponent(PASSWORD)), 'the password appears nowhere');
  });

  it('refuses to start when the secret environment variable is not set, and the session checks it too', async () => {
    assertUserError(() => h.engine.startRun('SecretRun'), 'missing-secret', `environment variable ${PASSWORD_ENV} is not set`, `set ${PASSWORD_ENV}`);
    // An engine that cannot look the variable up leaves the check to the session itself.
    const blind = new SessionEngine({ workspace: h.ws, store: h.store, bots: h.bots, runner: h.pool, baseDir: h.dir });
    try {
      const [info] = blind.startRun('SecretRun');
      const end = await blind.whenEnded(info.id);
      assert.equal(end.status, 'failed');
      assert.match(end.error!, new RegExp(`environment variable ${PASSWORD_ENV} is not set`));
    } finally {
      await blind.dispose();
    }
  });

  it('shuts down with queued and running sessions marked interrupted', async () => {
    h.engine.startRun('Queue');
    await h.next(started('q1'));
    await h.engine.dispose();
    const statuses = ['q1', 'q2', 'q3'].map((id) => h.store.getSession(id)!.status);
    assert.deepEqual(statuses, ['interrupted', 'interrupted', 'interrupted']);
    const ends = h.events.filter((e): e is Extract<EngineEvent, { type: 'session-ended' }> => e.type === 'session-ended');
    assert.ok(ends.every((e) => /shut down/.test(e.error ?? '')));
  });
});
