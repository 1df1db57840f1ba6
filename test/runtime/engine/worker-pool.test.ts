// The worker pool on its own: warm workers (busy ones included) are reused and only demand beyond them
// spawns threads; warm-up keeps a process alive; broken builds are reported; close interrupts sessions.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../../../language/src/parse';
import { stepsOf } from '../../../language/src/model';
import type { SessionJob, SessionSink } from '../../../runtime/src/engine/session-runner';
import type { LogEntry } from '../../../runtime/src/session-types';
import { WorkerPool } from '../../../runtime/src/node/worker-pool';
import { WORKER_SCRIPT } from './engine-harness';

const WARM_UP_CHILD_ENV = 'RPA_POOL_WARM_UP_CHILD';

function job(id: string, steps: string): SessionJob {
  const decl = parse(`agent A { steps {\n${steps}\n} }`, 'file:///pool.rpa').ast.declarations[0];
  return { id, agent: 'A', steps: stepsOf(decl)!.steps, inputs: {} };
}

function sink(logs: LogEntry[] = []): SessionSink {
  return { records: () => undefined, logs: (entries) => logs.push(...entries), progress: () => undefined, stopped: () => undefined };
}

/** Runs `count` sessions at once and waits until all of them have completed. */
async function burst(pool: WorkerPool, prefix: string, count: number): Promise<void> {
  const outcomes = await Promise.all(Array.from({ length: count }, (_, i) => pool.start(job(`${prefix}-${i}`, 'log "x"'), sink()).done));
  assert.deepEqual(outcomes, Array.from({ length: count }, () => ({ status: 'completed' })));
}

/** The child process: awaits warm-up with nothing else holding the event loop, then reports. */
async function warmUpChild(): Promise<void> {
  const pool = new WorkerPool({ script: WORKER_SCRIPT, warm: 2 });
  await pool.warmUp();
  process.stdout.write(`warmed up ${JSON.stringify(pool.size)}\n`);
  await pool.close();
}

/** Runs this file as the child; resolves with its exit code and output (killed after timeoutMs). */
function runWarmUpChild(timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename], { env: { ...process.env, [WARM_UP_CHILD_ENV]: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

if (process.env[WARM_UP_CHILD_ENV]) {
  warmUpChild().catch((e: unknown) => {
    process.stderr.write(`warm-up child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(3);
  });
} else {
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
        assert.deepEqual(pool.size, { idle: 0, busy: 1 }, 'the busy worker counts toward the warm target');
        assert.deepEqual(await first.done, { status: 'completed' });
        assert.deepEqual(await pool.start(job('p2', 'log "two"'), sink(logs)).done, { status: 'completed' });
        assert.deepEqual(logs.map((l) => l.message), ['one', 'two']);
        assert.deepEqual(pool.size, { idle: 1, busy: 0 });
        assert.equal(pool.spawned, 1, 'both sessions ran on the one warm worker; none was spawned for them');
      } finally {
        await pool.close();
      }
    });

    it('spawns only for demand beyond its workers, and keeps the released ones for the next burst', async () => {
      const pool = new WorkerPool({ script: WORKER_SCRIPT, warm: 2, maxIdle: 0 });
      try {
        await pool.warmUp();
        assert.equal(pool.spawned, 2);
        await burst(pool, 'two', 2);
        await burst(pool, 'again', 2);
        assert.equal(pool.spawned, 2, 'two sessions at a time never need more than the two warm workers');
        assert.deepEqual(pool.size, { idle: 2, busy: 0 }, 'warm workers stay although maxIdle is 0: the pool is not above its target');

        await burst(pool, 'four', 4);
        assert.equal(pool.spawned, 4, 'four at once: two more workers for the demand beyond the warm ones');
        assert.deepEqual(pool.size, { idle: 2, busy: 0 }, 'after the burst the pool shrinks back to its target');
        await burst(pool, 'after', 2);
        assert.equal(pool.spawned, 4, 'the next sessions run on the kept workers');
      } finally {
        await pool.close();
      }
    });

    it('keeps the process alive while warm-up is awaited, until the workers are ready', async () => {
      const child = await runWarmUpChild(20_000);
      assert.equal(child.code, 0, child.stderr);
      assert.match(child.stdout, /^warmed up \{"idle":2,"busy":0\}$/m, `the child exited before its warm-up resolved; stderr: ${child.stderr}`);
    });

    it('reports a worker build that dies before it is ready instead of respawning it forever', async () => {
      const broken = join(dir, 'broken-worker.js');
      writeFileSync(broken, "throw new Error('broken build');\n");
      const pool = new WorkerPool({ script: broken, warm: 1 });
      try {
        await pool.warmUp();
        assert.throws(() => pool.start(job('b1', 'log "x"'), sink()), /session workers stop before they are ready \(broken build\)/);
        assert.equal(pool.spawned, 3, 'three failed starts in a row, then no more');
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
}
