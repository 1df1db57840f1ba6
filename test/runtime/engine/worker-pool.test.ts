// The worker pool on its own: warm workers are reused between sessions, a broken worker build is
// reported instead of respawned forever, and closing the pool ends a running session as interrupted.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../../../language/src/parse';
import { stepsOf } from '../../../language/src/model';
import type { SessionJob, SessionSink } from '../../../runtime/src/engine/session-runner';
import type { LogEntry } from '../../../runtime/src/session-types';
import { WorkerPool } from '../../../runtime/src/node/worker-pool';
import { WORKER_SCRIPT } from './engine-harness';

function job(id: string, steps: string): SessionJob {
  const decl = parse(`agent A { steps {\n${steps}\n} }`, 'file:///pool.rpa').ast.declarations[0];
  return { id, agent: 'A', steps: stepsOf(decl)!.steps, inputs: {}, pauseBeforeSteps: false };
}

function sink(logs: LogEntry[] = []): SessionSink {
  return { records: () => undefined, logs: (entries) => logs.push(...entries), progress: () => undefined, paused: () => undefined };
}

describe('worker pool', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-pool-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps warm workers and reuses one for the next session', async () => {
    const pool = new WorkerPool({ script: WORKER_SCRIPT, warm: 1, maxIdle: 1 });
    try {
      await pool.warmUp();
      assert.deepEqual(pool.size, { idle: 1, busy: 0 });
      const logs: LogEntry[] = [];
      const first = pool.start(job('p1', 'log "one"'), sink(logs));
      assert.equal(pool.size.busy, 1);
      assert.deepEqual(await first.done, { status: 'completed' });
      assert.deepEqual(await pool.start(job('p2', 'log "two"'), sink(logs)).done, { status: 'completed' });
      assert.deepEqual(logs.map((l) => l.message), ['one', 'two']);
      assert.deepEqual(pool.size, { idle: 1, busy: 0 });
    } finally {
      await pool.close();
    }
  });

  it('reports a worker build that dies before it is ready instead of respawning it forever', async () => {
    const broken = join(dir, 'broken-worker.js');
    writeFileSync(broken, "throw new Error('broken build');\n");
    const pool = new WorkerPool({ script: broken, warm: 1 });
    try {
      await pool.warmUp();
      assert.throws(() => pool.start(job('b1', 'log "x"'), sink()), /session workers stop before they are ready \(broken build\)/);
    } finally {
      await pool.close();
    }
  });

  it('refuses a worker script that does not exist, naming the build', () => {
    assert.throws(() => new WorkerPool({ script: join(dir, 'missing.js') }), /does not exist\. Build it with `npm run build`/);
  });

  it('ends a running session as interrupted when the pool closes', async () => {
    const pool = new WorkerPool({ script: WORKER_SCRIPT, warm: 1 });
    const running = pool.start(job('c1', 'wait 10m'), sink());
    await pool.close();
    const outcome = await running.done;
    assert.equal(outcome.status, 'interrupted');
    assert.deepEqual(pool.size, { idle: 0, busy: 0 });
  });
});
