// The session runtime opened on a workspace folder: sessions are exported and cleaned up after their
// timeout (injected clock), and a sign-in made by another process through bots.json ends a session.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../../language/src/workspace';
import { BotService } from '../../../runtime/src/bots/bot-service';
import { ManualClock } from '../../../runtime/src/clock';
import type { EngineEvent } from '../../../runtime/src/events';
import { BotStateJsonFile } from '../../../runtime/src/node/bot-state-file';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { openSessionRuntime } from '../../../runtime/src/node/session-runtime';
import type { TestSite } from './engine-harness';
import { startTestSite, WORKER_SCRIPT } from './engine-harness';

const workspace = (url: string) => `
bot OneLicence {
  mode: secure
  licensedSecureSessions: 1
  configurator { login { user: "svc", password: secret("RPA_TEST_UNUSED") }, maxSecureSessions: 1 }
  manager { maxSecureSessions: 1, description: "ops" }
}
agent Exported {
  sessions: multiple
  sessionTimeout: 30m
  export database "out/items.sqlite"
  input { base: "${url}", tag: "x", delay: 0 }
  steps {
    open "{base}/items?tag={tag}&n=2&delay={delay}"
    extract items each "li.item" { name: text("span") }
  }
}
run Long { bot: OneLicence, agent: Exported, session "long-1" { delay: 60000 } }
agent Typist {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}" }
  steps {
    open "{base}/form"
    fill "#v" with login.password
    submit "form#f"
    extract echoed { value: text("#v") }
  }
}
run Typing { bot: OneLicence, agent: Typist, login { user: "svc", password: secret("RPA_RUNTIME_ONLY_SECRET") }, session "typed-1" {} }
`;

function waitForEvent<T extends EngineEvent>(rt: SessionRuntime, match: (e: EngineEvent) => e is T, timeoutMs = 15_000): Promise<T> {
  return new Promise<T>((ok, fail) => {
    const timer = setTimeout(() => {
      sub.dispose();
      fail(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = rt.engine.events.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      sub.dispose();
      ok(e);
    });
  });
}

describe('session runtime on a workspace folder', function () {
  this.timeout(30_000);
  let site: TestSite;
  let dir: string;
  let clock: ManualClock;
  let rt: SessionRuntime;

  beforeEach(async () => {
    site = await startTestSite();
    dir = mkdtempSync(join(tmpdir(), 'rpa-runtime-'));
    writeFileSync(join(dir, 'main.rpa'), workspace(site.url));
    clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
    rt = await openSessionRuntime({ workspaceDir: dir, clock, pool: { script: WORKER_SCRIPT, warm: 1 } });
  });

  afterEach(async () => {
    await rt.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a completed session and cleans it up once its session timeout has passed', async () => {
    rt.engine.startSession({ agent: 'Exported', sessionId: 'exp-1', inputs: { tag: 'e' } });
    const done = await rt.engine.whenEnded('exp-1');
    assert.equal(done.status, 'completed', done.error);
    assert.equal(done.cleanupAt, done.endedAt! + 30 * 60_000);
    assert.ok(existsSync(join(dir, 'out', 'items.sqlite')), 'the database export was written');
    assert.equal(rt.store.records('exp-1', 'items').total, 2);

    const cleaned = waitForEvent(rt, (e): e is Extract<EngineEvent, { type: 'session-cleaned' }> => e.type === 'session-cleaned' && e.id === 'exp-1');
    clock.advance(30 * 60_000);
    assert.equal((await cleaned).reason, 'expired');
    assert.equal(rt.store.getSession('exp-1')!.status, 'expired');
    assert.equal(rt.store.records('exp-1', 'items').total, 0);
  });

  it("gives the session a secret from the runtime's own environment, never from the process's", async () => {
    assert.equal(process.env.RPA_RUNTIME_ONLY_SECRET, undefined);
    await rt.close();
    rt = await openSessionRuntime({ workspaceDir: dir, clock, env: { RPA_RUNTIME_ONLY_SECRET: 'from secret storage' }, pool: { script: WORKER_SCRIPT, warm: 1 } });
    rt.engine.startRun('Typing');
    const done = await rt.engine.whenEnded('typed-1');
    assert.equal(done.status, 'completed', done.error);
    assert.deepEqual(rt.store.records('typed-1', 'echoed').rows, [{ value: '***' }], 'the session typed the secret, masked before it left the session');
    assert.equal(process.env.RPA_RUNTIME_ONLY_SECRET, undefined, 'the process environment was not touched');
  });

  it('ends a running secure session when another process signs the bot user in on a one-licence bot', async () => {
    const started = waitForEvent(rt, (e): e is Extract<EngineEvent, { type: 'session-started' }> => e.type === 'session-started' && e.session.id === 'long-1');
    rt.engine.startRun('Long');
    await started;
    const ended = waitForEvent(rt, (e): e is Extract<EngineEvent, { type: 'session-ended' }> => e.type === 'session-ended' && e.session.id === 'long-1');

    // Another process (the CLI: `rpa-sessions bot signin OneLicence`) changes .rpa/bots.json.
    const otherWs = new Workspace();
    otherWs.setFile('file:///other/main.rpa', workspace(site.url));
    new BotService(BotStateJsonFile.inWorkspace(dir), otherWs).signIn('OneLicence');

    const end = await ended;
    assert.equal(end.status, 'failed');
    assert.match(end.error!, /the bot user signed in interactively/);
  });
});
