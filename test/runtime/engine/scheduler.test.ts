// The scheduler alone, over random workloads (fast-check): no slot ever exceeds its limit, every
// session eventually starts, sessions with the same slots start in FIFO order, positions are reported.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Slot } from '../../../runtime/src/engine/scheduler';
import { Scheduler } from '../../../runtime/src/engine/scheduler';

interface Job {
  id: string;
  slots: Slot[];
}

const jobArb = fc.record({
  bot: fc.constantFrom('A', 'B'),
  run: fc.constantFrom('r1', 'r2', 'r3'),
  single: fc.boolean(),
});

const LIMITS: Record<string, number> = { 'bot:A': 2, 'bot:B': 1, 'run:r1': 1, 'run:r2': 2, 'run:r3': 3, 'agent:single': 1 };

describe('scheduler', () => {
  it('never exceeds a limit, starts everything, and keeps FIFO among equal sessions', () => {
    fc.assert(
      fc.property(fc.array(jobArb, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 200 }), (specs, picks) => {
        const jobs: Job[] = specs.map((s, i) => {
          const keys = [`bot:${s.bot}`, `run:${s.run}`, ...(s.single ? ['agent:single'] : [])];
          return { id: `j${i}`, slots: keys.map((key) => ({ key, limit: LIMITS[key] })) };
        });
        const running: string[] = [];
        const startOrder: string[] = [];
        const scheduler = new Scheduler({
          start: (id) => {
            running.push(id);
            startOrder.push(id);
            for (const key of Object.keys(LIMITS)) {
              const using = running.filter((r) => jobs.find((j) => j.id === r)!.slots.some((s) => s.key === key)).length;
              assert.ok(using <= LIMITS[key], `${key} used by ${using} > ${LIMITS[key]}`);
            }
          },
          moved: () => undefined,
        });
        for (const j of jobs) scheduler.enqueue(j.id, j.slots);
        scheduler.dispatch();
        let pick = 0;
        while (running.length) {
          const [done] = running.splice((picks[pick++] ?? 0) % running.length, 1);
          scheduler.release(done);
        }
        assert.equal(startOrder.length, jobs.length, 'every session started');
        assert.equal(scheduler.queuedCount, 0);
        const signature = (j: Job) => j.slots.map((s) => s.key).join('|');
        for (const sig of new Set(jobs.map(signature))) {
          const same = jobs.filter((j) => signature(j) === sig).map((j) => j.id);
          assert.deepEqual(startOrder.filter((id) => same.includes(id)), same, `FIFO among ${sig}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports queue positions as they change and forgets removed sessions', () => {
    const moves: string[] = [];
    const started: string[] = [];
    const s = new Scheduler({ start: (id) => started.push(id), moved: (changes) => changes.forEach((c) => moves.push(`${c.id}@${c.position}`)) });
    const slot = [{ key: 'bot:X', limit: 1 }];
    assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => s.enqueue(id, slot)), [1, 2, 3, 4]);
    s.dispatch();
    assert.deepEqual(started, ['a']);
    assert.deepEqual(moves, ['b@1', 'c@2', 'd@3']);
    moves.length = 0;
    assert.equal(s.remove('c'), true);
    assert.deepEqual(moves, ['d@2']);
    assert.equal(s.remove('a'), false, 'a running session is not in the queue');
    s.release('a');
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(s.position('d'), 1);
    assert.throws(() => s.enqueue('d', slot), /already holds session d/);
  });
});
