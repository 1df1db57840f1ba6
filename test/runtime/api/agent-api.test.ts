// The Agent API end to end on a workspace folder: sessions with different inputs and cookies see only
// their own data through their handles, tokens are the only way back to a handle, close cleans up.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentApi, SessionHandle } from '../../../runtime/src/api/agent-api';
import { createAgentApi } from '../../../runtime/src/api/agent-api';
import type { EngineEvent } from '../../../runtime/src/events';
import { RpaUserError } from '../../../runtime/src/user-error';
import type { TestSite } from '../engine/engine-harness';
import { startTestSite, WORKER_SCRIPT } from '../engine/engine-harness';

const workspace = (url: string) => `
bot ApiBot {
  mode: secure
  licensedSecureSessions: 2
  configurator { login { user: "svc", password: secret("RPA_TEST_UNUSED") }, maxSecureSessions: 2 }
  manager { maxSecureSessions: 2, description: "ops" }
  system { terminalServer: true }
}
agent Who {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}", user: "nobody", tag: "x" }
  steps {
    open "{base}/login?user={user}"
    wait 200ms
    open "{base}/me"
    extract me { who: text("#who"), tag: input.tag, session: session.id }
    open "{base}/items?tag={tag}&n=2"
    extract items each "li.item" { name: text("span") }
  }
}
agent Slow {
  sessions: multiple
  sessionTimeout: 30m
  steps { wait 10m }
}
run Pair {
  bot: ApiBot
  agent: Who
  session "entry-1" { user: "carol", tag: "c" }
}
`;

function userError(e: unknown, code: string): boolean {
  return e instanceof RpaUserError && e.code === code;
}

describe('Agent API', function () {
  this.timeout(30_000);
  let site: TestSite;
  let dir: string;
  let api: AgentApi;

  beforeEach(async () => {
    site = await startTestSite();
    dir = mkdtempSync(join(tmpdir(), 'rpa-api-'));
    writeFileSync(join(dir, 'main.rpa'), workspace(site.url));
    api = await createAgentApi({ workspaceDir: dir, pool: { script: WORKER_SCRIPT, warm: 2 } });
  });

  afterEach(async () => {
    await api.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives two sessions with different inputs and cookies only their own data', async () => {
    const alice = await api.startSession({ agent: 'Who', sessionId: 'alice-1', inputs: { user: 'alice', tag: 'a' } });
    const bob = await api.startSession({ agent: 'Who', sessionId: 'bob-1', inputs: { user: 'bob', tag: 'b' } });
    const aliceEvents: EngineEvent[] = [];
    alice.onEvent((e) => aliceEvents.push(e));
    const [a, b] = await Promise.all([alice.wait(), bob.wait()]);
    assert.equal(a.status, 'completed', a.error);
    assert.equal(b.status, 'completed', b.error);

    assert.deepEqual(alice.data('me').rows, [{ who: 'alice', tag: 'a', session: 'alice-1' }], 'alice signed in with her own cookie jar');
    assert.deepEqual(bob.data('me').rows, [{ who: 'bob', tag: 'b', session: 'bob-1' }]);
    assert.deepEqual(alice.data('items').rows.map((r) => r.name), ['a-1', 'a-2']);
    assert.deepEqual(bob.data('items').rows.map((r) => r.name), ['b-1', 'b-2']);
    assert.deepEqual(alice.datasets().sort((x, y) => x.dataset.localeCompare(y.dataset)), [{ dataset: 'items', count: 2 }, { dataset: 'me', count: 1 }]);
    assert.ok(alice.logs().every((l) => !l.message.includes('bob')), 'no log line of bob reaches alice');
    assert.ok(aliceEvents.length > 0 && aliceEvents.every((e) => ('session' in e ? e.session.id : e.id) === 'alice-1'));

    const page = alice.data('items', { offset: 1, limit: 1 });
    assert.deepEqual({ rows: page.rows.map((r) => r.name), total: page.total }, { rows: ['a-2'], total: 2 });
  });

  it('returns a handle only for its unguessable token, never for a session ID', async () => {
    const alice = await api.startSession({ agent: 'Who', sessionId: 'alice-1', inputs: { user: 'alice' } });
    assert.match(alice.token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(alice.token, alice.id);
    assert.equal(api.session(alice.token).id, 'alice-1');
    assert.throws(() => api.session('alice-1'), (e) => userError(e, 'unknown-session'));
    assert.throws(() => api.session(alice.token.slice(0, -1) + (alice.token.endsWith('A') ? 'B' : 'A')), (e) => userError(e, 'unknown-session'));
    await alice.wait();
  });

  it('closes a session: its data goes at once, the other session keeps its own, and the ID can be used again', async () => {
    const alice = await api.startSession({ agent: 'Who', sessionId: 'alice-1', inputs: { user: 'alice', tag: 'a' } });
    const bob = await api.startSession({ agent: 'Who', sessionId: 'bob-1', inputs: { user: 'bob', tag: 'b' } });
    await Promise.all([alice.wait(), bob.wait()]);
    await assert.rejects(api.startSession({ agent: 'Who', sessionId: 'alice-1' }), (e) => userError(e, 'duplicate-session-id'));

    const closed = await alice.close();
    assert.equal(closed.status, 'closed');
    assert.throws(() => alice.data('items'), (e) => userError(e, 'unknown-session') && /was closed through this handle/.test((e as Error).message));
    assert.equal(bob.data('items').total, 2, "closing alice's session leaves bob's data alone");

    const again = await api.startSession({ agent: 'Who', sessionId: 'alice-1', inputs: { user: 'alice', tag: 'z' } });
    assert.equal((await again.wait()).status, 'completed');
    assert.deepEqual(again.data('items').rows.map((r) => r.name), ['z-1', 'z-2']);
  });

  it("binds a handle to its session instance: after a close, a new session with the same ID is out of the old handle's reach", async () => {
    const a = await api.startSession({ agent: 'Who', sessionId: 'A', inputs: { user: 'alice', tag: 'a' } });
    await a.wait();
    await a.close();
    const c = await api.startSession({ agent: 'Who', sessionId: 'A', inputs: { user: 'carol', tag: 'c' } });
    const heard: EngineEvent[] = [];
    a.onEvent((e) => heard.push(e));
    await c.wait();
    const closed = (e: unknown) => userError(e, 'unknown-session') && /This session \("A"\) was closed/.test((e as Error).message);
    assert.throws(() => a.status(), closed);
    assert.throws(() => a.data('items'), closed);
    assert.throws(() => a.datasets(), closed);
    assert.throws(() => a.logs(), closed);
    assert.throws(() => a.cancel(), closed);
    await assert.rejects(a.wait(), closed);
    await assert.rejects(a.close(), closed);
    assert.deepEqual(heard, [], "the old handle hears none of the new session's events");
    assert.equal(api.session(a.token).id, 'A');
    assert.throws(() => api.session(a.token).status(), closed, 'the token gives back the same refusing handle');
    // The new caller's session and data are untouched by the old handle's second close.
    assert.equal(c.status().status, 'completed');
    assert.deepEqual(c.data('me').rows, [{ who: 'carol', tag: 'c', session: 'A' }]);
    assert.equal(c.status().inputs.user, 'carol');
  });

  it('refuses a session ID the runtime cannot use, with the fix for an Agent API caller', async () => {
    for (const id of ['', '   ', 'x'.repeat(201), 'line\nbreak']) {
      await assert.rejects(api.startSession({ agent: 'Who', sessionId: id }), (e) => userError(e, 'invalid-session-id') && /Fix: give startSession\(\) another sessionId/.test((e as Error).message));
    }
    const longest = await api.startSession({ agent: 'Who', sessionId: 'y'.repeat(200) });
    assert.equal((await longest.wait()).status, 'completed', 'the engine, the store and the API share one limit of 200 characters');
  });

  it('closes a running session by cancelling it first', async () => {
    const slow = await api.startSession({ agent: 'Slow' });
    assert.match(slow.id, /^[0-9a-f-]{36}$/, 'a session ID is generated when none is given');
    await new Promise<void>((ok) => {
      const sub = slow.onEvent((e) => {
        if (e.type === 'session-started') {
          sub.dispose();
          ok();
        }
      });
      if (slow.status().status === 'running') ok();
    });
    const closed = await slow.close();
    assert.equal(closed.status, 'closed');
    assert.match(closed.error ?? '', /CloseSession/);
  });

  it('starts one session of a run configuration with its entry inputs, overridden by explicit ones', async () => {
    const entry = await api.startSession({ run: 'Pair', sessionId: 'entry-1', inputs: { tag: 'override' } });
    const done = await entry.wait();
    assert.equal(done.status, 'completed', done.error);
    assert.equal(done.run, 'Pair');
    assert.equal(done.bot, 'ApiBot');
    assert.deepEqual(entry.data('me').rows, [{ who: 'carol', tag: 'override', session: 'entry-1' }]);
  });

  it('reports unknown agents and inputs as user errors', async () => {
    await assert.rejects(api.startSession({ agent: 'Whoo' }), (e) => userError(e, 'unknown-declaration') && /Did you mean 'Who'\?/.test((e as Error).message));
    await assert.rejects(api.startSession({ agent: 'Who', inputs: { usr: 'x' } }), (e) => userError(e, 'unknown-input'));
    await assert.rejects(api.startSession({ agent: 'Who', run: 'Pair' }), (e) => userError(e, 'unknown-declaration'));
  });

  it('refuses to start from a workspace with errors, listing them, like the CLI and VS Code', async () => {
    writeFileSync(join(dir, 'broken.rpa'), 'agent Broken {\n  sessions: plenty\n  steps { log "x" }\n}\n');
    await assert.rejects(
      api.startSession({ agent: 'Who' }),
      (e) => userError(e, 'invalid-workspace') && /Agent Who refused: the workspace has 1 error\..*\n  broken\.rpa:2:13: invalid-value: /s.test((e as Error).message),
    );
    rmSync(join(dir, 'broken.rpa'));
    assert.equal((await (await api.startSession({ agent: 'Who' })).wait()).status, 'completed', 'fixed, it starts');
  });

  it('picks up edits to the workspace files on the next start', async () => {
    writeFileSync(join(dir, 'extra.rpa'), `agent Echo { sessions: multiple\n sessionTimeout: 1h\n input { base: "${site.url}" }\n steps { open "{base}/echo?v=hello"\n extract echo { v: text("#v") } } }\n`);
    const echo: SessionHandle = await api.startSession({ agent: 'Echo' });
    await echo.wait();
    assert.deepEqual(echo.data('echo').rows, [{ v: 'hello' }]);
  });
});
