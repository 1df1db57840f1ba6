// The engine commits the store while sessions run: another process reading .rpa/ sees a running session's
// status, progress and records within the commit interval; a store that stops committing is reported once.
import * as assert from 'node:assert/strict';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../runtime/src/clock';
import type { EngineEvent } from '../../../runtime/src/events';
import { openSessionStore, STORE_DIR } from '../../../runtime/src/node/open-store';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import type { Harness, TestSite } from './engine-harness';
import { started, startHarness, startTestSite } from './engine-harness';

const workspace = (url: string) => `
agent Lister {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}" }
  steps {
    open "{base}/items?tag=live&n=3"
    extract items each "li.item" { name: text("span") }
    wait 10m
  }
}
`;

/** What another process sees of a session: the store opened read-only from the files on disk. */
interface DiskView {
  status?: string;
  records: number;
  progressRecords?: number;
}

async function readFromDisk(dir: string, id: string): Promise<DiskView> {
  const { store } = await openSessionStore(dir, { readOnly: true });
  try {
    const s = store.getSession(id);
    return { status: s?.status, records: s ? store.records(id, 'items', { limit: 0 }).total : 0, progressRecords: s?.progress.records };
  } finally {
    await store.close();
  }
}

/**
 * Resolves with the first view of the files on disk that satisfies `ok`, re-reading them whenever the
 * store folder changes; rejects after timeoutMs with the last view seen.
 */
function untilOnDisk(dir: string, id: string, ok: (v: DiskView) => boolean, timeoutMs = 10_000): Promise<DiskView> {
  return new Promise((resolve, reject) => {
    let last: DiskView | undefined;
    let reading = false;
    let again = false;
    let done = false;
    const watcher = watch(join(dir, STORE_DIR), () => void check());
    const timer = setTimeout(() => finish(() => reject(new Error(`the files on disk never showed it within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`))), timeoutMs);
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watcher.close();
      settle();
    };
    const check = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          last = await readFromDisk(dir, id);
          if (ok(last)) return finish(() => resolve(last!));
        } while (again && !done);
      } catch (e) {
        finish(() => reject(e));
      } finally {
        reading = false;
      }
    };
    void check();
  });
}

/** Resolves like `p`, or rejects after timeoutMs naming what did not happen. */
function within<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)), timeoutMs)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const recordsOf = (id: string) => (e: EngineEvent): e is Extract<EngineEvent, { type: 'session-records' }> => e.type === 'session-records' && e.id === id;
const flushMacrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('session engine: store commits while sessions run', function () {
  this.timeout(30_000);
  let site: TestSite;
  let h: Harness | undefined;

  beforeEach(async () => {
    site = await startTestSite();
  });

  afterEach(async () => {
    await h?.close();
    h = undefined;
    await site.close();
  });

  it("lets another process see a running session's status, progress and records while it runs", async () => {
    h = await startHarness(workspace(site.url));
    h.engine.startSession({ agent: 'Lister', sessionId: 'live-1' });
    const seen = await untilOnDisk(h.dir, 'live-1', (v) => v.records === 3 && v.progressRecords === 3);
    assert.equal(seen.status, 'running', 'the records are visible while the session still runs');
    assert.equal(h.engine.session('live-1')!.status, 'running');
  });

  it('commits a state change at once and what sessions report within the commit interval, not per batch', async () => {
    const clock = new ManualClock(1_000);
    h = await startHarness(workspace(site.url), { engine: { clock, commitEveryMs: 250 } });
    h.engine.startSession({ agent: 'Lister', sessionId: 'tick-1' });
    await untilOnDisk(h.dir, 'tick-1', (v) => v.status === 'running');
    await h.next(recordsOf('tick-1'));
    await flushMacrotasks();
    assert.deepEqual(await readFromDisk(h.dir, 'tick-1'), { status: 'running', records: 0, progressRecords: 0 }, 'a batch alone does not commit');
    clock.advance(249);
    await flushMacrotasks();
    assert.equal((await readFromDisk(h.dir, 'tick-1')).records, 0, 'nothing is committed before the interval has passed');
    clock.advance(1);
    const seen = await untilOnDisk(h.dir, 'tick-1', (v) => v.records === 3);
    assert.deepEqual(seen, { status: 'running', records: 3, progressRecords: 3 });
  });

  it('reports a store that stops committing to the followers of each running session, once, and goes on', async () => {
    h = await startHarness(workspace(site.url));
    const store: SessionStoreApi = h.store;
    const commit = store.commit.bind(store);
    let failures = 0;
    let secondFailure!: () => void;
    const failedTwice = new Promise<void>((resolve) => (secondFailure = resolve));
    // The disk is full for a while: the start and the first records cannot be committed.
    store.commit = () => {
      if (++failures === 2) secondFailure();
      return Promise.reject(new Error('ENOSPC: no space left on device'));
    };
    try {
      h.engine.startSession({ agent: 'Lister', sessionId: 'full-1' });
      await h.next(started('full-1'));
      await within(failedTwice, 10_000, 'a second failed commit (the start, then the first records)');
    } finally {
      store.commit = commit;
    }
    const errors = h.events.filter((e): e is Extract<EngineEvent, { type: 'session-log' }> => e.type === 'session-log' && e.id === 'full-1' && e.entry.level === 'error');
    assert.equal(errors.length, 1, `one report for ${failures} failed commits`);
    assert.match(errors[0].entry.message, /The session store could not be committed \(ENOSPC: no space left on device\)/);
    assert.match(errors[0].entry.message, /Check free disk space and permissions of the workspace's \.rpa folder/);
    assert.equal(h.engine.cancel('full-1'), true, 'the session went on running');
    assert.equal((await h.engine.whenEnded('full-1')).status, 'cancelled');
    assert.equal((await readFromDisk(h.dir, 'full-1')).status, 'cancelled', 'once the disk has room again, commits succeed');
  });
});
