// Sessions whose worker crashes, exits, hangs or runs out of memory fail alone with a clear reason,
// while the sessions beside them complete and the pool replaces the broken workers.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ended, useSiteHarness, WORKER_SCRIPT } from './engine-harness';

/**
 * A test-only worker: the real dist/session-worker.js, plus a listener that makes the sessions whose
 * ID names a fault misbehave right after they start.
 */
const FAULTY_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (!m || m.type !== 'rpa/startSession') return;
  const id = m.job.id;
  if (id.startsWith('crash')) setImmediate(() => { throw new Error('simulated crash in ' + id); });
  if (id.startsWith('exit')) setImmediate(() => process.exit(3));
  if (id.startsWith('hang')) setImmediate(() => { for (;;) {} });
  if (id.startsWith('oom')) setImmediate(() => { const hog = []; for (;;) hog.push(new Array(1e5).fill(hog.length)); });
});
require(${JSON.stringify(WORKER_SCRIPT)});
`;

const workspace = (url: string) => `
bot FaultBot {
  mode: secure
  licensedSecureSessions: 8
  configurator { login { user: "svc", password: secret("RPA_TEST_UNUSED") }, maxSecureSessions: 4 }
  manager { maxSecureSessions: 4, description: "ops" }
  system { terminalServer: true }
}
agent Site {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}", tag: "a", delay: 300 }
  steps {
    open "{base}/items?tag={tag}&n=3&delay={delay}"
    extract items each "li.item" { name: text("span") }
  }
}
run Faults {
  bot: FaultBot
  agent: Site
  timeout: 3s
  session "ok-1" {}
  session "crash-1" {}
  session "ok-2" {}
  session "hang-1" {}
  session "oom-1" {}
  session "ok-3" {}
  session "exit-1" {}
  session "ok-4" {}
}
`;

describe('session engine: worker faults', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-faulty-'));
    writeFileSync(join(dir, 'faulty-worker.js'), FAULTY_WORKER);
  });

  const { h } = useSiteHarness(workspace, () => ({
    pool: { script: join(dir, 'faulty-worker.js'), warm: 2, stopGraceMs: 300, resourceLimits: { maxOldGenerationSizeMb: 96 } },
  }));

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails each broken session alone with its reason while the others complete', async () => {
    const infos = h.engine.startRun('Faults');
    const ends = new Map(await Promise.all(infos.map(async (i) => [i.id, await h.next(ended(i.id), 30_000)] as const)));
    for (const id of ['ok-1', 'ok-2', 'ok-3', 'ok-4']) {
      assert.equal(ends.get(id)!.status, 'completed', `${id}: ${ends.get(id)!.error}`);
      assert.equal(h.store.records(id, 'items').total, 3);
    }
    const reason = (id: string) => {
      assert.equal(ends.get(id)!.status, 'failed', id);
      return ends.get(id)!.error!;
    };
    assert.match(reason('crash-1'), /Session "crash-1" crashed: its worker failed with "simulated crash in crash-1" and was replaced \(the other sessions go on\)/);
    assert.match(reason('exit-1'), /Session "exit-1" crashed: its worker exited unexpectedly \(exit code 3\)/);
    assert.match(reason('hang-1'), /Session "hang-1" ran longer than run Faults's run-time limit \(timeout: 3s\)/);
    assert.match(reason('oom-1'), /Session "oom-1" ran out of memory: it went past the per-session limit of 96 MB heap/);
  });

  it('keeps serving sessions on replacement workers afterwards', async () => {
    await h.engine.whenIdle();
    assert.equal(h.pool.size.busy, 0);
    h.engine.startSession({ agent: 'Site', sessionId: 'after-faults', inputs: { delay: 0 } });
    const end = await h.next(ended('after-faults'));
    assert.equal(end.status, 'completed', end.error);
  });
});
