// Durability of the session store under .rpa/: reopening, torn journal tails, the single-writer lock,
// secrets and deleted data absent from disk, and kill -9 of a child process at random moments.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ManualClock } from '../../../runtime/src/clock';
import { SessionCleanup } from '../../../runtime/src/engine/cleanup';
import { loadSqlJs } from '../../../runtime/src/node/sql-wasm';
import { openSessionStore, SNAPSHOT_FILE, WAL_FILE } from '../../../runtime/src/node/open-store';
import { WAL_HEADER_BYTES } from '../../../runtime/src/node/wal-file';
import type { SqlSessionStore } from '../../../runtime/src/store/sql-session-store';
import type { CleanupPolicy } from '../../../runtime/src/store/store-api';
import { expectUserError, expectUserErrorAsync, filesContaining, seededRandom, sessionInfo, tempWorkspace } from './store-helpers';

interface CrashChildConfig {
  dir: string;
  session: string;
  seed: number;
  checkpointBytes: number;
}

const CHILD_ENV = 'RPA_STORE_CRASH_CHILD';
const CRASH_POLICY: CleanupPolicy = { sessionTimeoutMs: 3_600_000, removeSession: 'afterTimeout', cleanupExternalSessionData: true };

/** The child: records batches forever, printing "committed N" after each commit, until killed. */
async function crashChild(cfg: CrashChildConfig): Promise<void> {
  const { store } = await openSessionStore(cfg.dir, { checkpointBytes: cfg.checkpointBytes });
  store.createSession(sessionInfo(cfg.session, 'running'));
  store.setPendingCleanup({ sessionId: cfg.session, stage: 'running', policy: CRASH_POLICY });
  store.defineDataset({
    agent: 'BookScraper',
    dataset: 'items',
    columns: [
      { name: 'n', type: 'integer' },
      { name: 'title', type: 'text' },
      { name: 'price', type: 'number' },
      { name: 'even', type: 'boolean' },
    ],
  });
  await store.commit();
  const rnd = seededRandom(cfg.seed);
  let n = 0;
  for (;;) {
    const size = 1 + Math.floor(rnd() * 150);
    store.insertRecords(cfg.session, 'items', Array.from({ length: size }, (_, i) => itemRecord(cfg.session, n + i)));
    n += size;
    if (rnd() < 0.3) store.appendLog(cfg.session, { time: n, level: 'info', message: `at ${n}` });
    store.updateSession(cfg.session, { progress: { pages: n, records: n, errors: 0 } });
    await store.commit();
    process.stdout.write(`committed ${n}\n`);
  }
}

function itemRecord(session: string, n: number) {
  return { n, title: `${session}#${n}`, price: n / 4, even: n % 2 === 0 };
}

if (process.env[CHILD_ENV]) {
  crashChild(JSON.parse(process.env[CHILD_ENV]) as CrashChildConfig).catch((e: unknown) => {
    process.stderr.write(`crash child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(3);
  });
} else {
  describe('session store durability', () => {
    let ws: ReturnType<typeof tempWorkspace>;
    beforeEach(() => {
      ws = tempWorkspace();
    });
    afterEach(() => ws.dispose());

    it('keeps sessions, records, logs and pending cleanups across a close and reopen', async () => {
      const first = await openSessionStore(ws.dir);
      first.store.createSession(sessionInfo('travel-1', 'completed'));
      first.store.insertRecords('travel-1', 'books', [{ title: 'A Light in the Attic', price: 51.77, inStock: true }]);
      first.store.appendLog('travel-1', { time: 5, level: 'warn', message: 'slow page' });
      const policy = { sessionTimeoutMs: 60_000, removeSession: 'afterTimeout' as const, cleanupExternalSessionData: true };
      first.store.setPendingCleanup({ sessionId: 'travel-1', stage: 'waiting', dueAt: 99_000, policy });
      await first.store.close();
      assert.equal(statSync(join(ws.dir, '.rpa', WAL_FILE)).size, WAL_HEADER_BYTES, 'a clean close leaves everything in the snapshot');

      const again = await openSessionStore(ws.dir);
      try {
        assert.deepEqual(again.recovery, { interrupted: [], replayedOps: 0, droppedBytes: 0 });
        assert.deepEqual(again.store.records('travel-1', 'books').rows, [{ title: 'A Light in the Attic', price: 51.77, inStock: true }]);
        assert.deepEqual(again.store.logs('travel-1').map((l) => l.message), ['slow page']);
        assert.deepEqual(again.store.pendingCleanups(), [{ sessionId: 'travel-1', stage: 'waiting', dueAt: 99_000, policy }]);
      } finally {
        await again.store.close();
      }
    });

    it('drops a torn last journal entry and keeps everything committed before it', async () => {
      const live = await openSessionStore(ws.dir);
      try {
        live.store.createSession(sessionInfo('s1', 'completed'));
        live.store.insertRecords('s1', 'items', [{ n: 1 }, { n: 2 }]);
        await live.store.commit();
        // What a crash in the middle of the next write leaves on disk: the files plus half a frame.
        const crashed = join(ws.dir, 'crashed', '.rpa');
        mkdirSync(crashed, { recursive: true });
        for (const f of [SNAPSHOT_FILE, WAL_FILE]) if (existsSync(join(ws.dir, '.rpa', f))) copyFileSync(join(ws.dir, '.rpa', f), join(crashed, f));
        const torn = Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 123, 34, 115]);
        appendFileSync(join(crashed, WAL_FILE), torn);

        const reopened = await openSessionStore(join(ws.dir, 'crashed'));
        assert.equal(reopened.recovery.droppedBytes, torn.length);
        assert.deepEqual(reopened.store.records('s1', 'items').rows, [{ n: 1 }, { n: 2 }]);
        reopened.store.insertRecords('s1', 'items', [{ n: 3 }]);
        await reopened.store.close();
        const third = await openSessionStore(join(ws.dir, 'crashed'));
        assert.equal(third.recovery.droppedBytes, 0);
        assert.deepEqual(third.store.records('s1', 'items').rows.map((r) => r.n), [1, 2, 3]);
        await third.store.close();
      } finally {
        await live.store.close();
      }
    });

    it('lets one process write at a time and others read', async () => {
      const writer = await openSessionStore(ws.dir, { holder: 'rpa-sessions run --run Nightly' });
      try {
        writer.store.createSession(sessionInfo('s1'));
        writer.store.insertRecords('s1', 'items', [{ n: 1 }]);
        await writer.store.commit();
        const msg = await expectUserErrorAsync(openSessionStore(ws.dir), 'store-locked');
        assert.match(msg, new RegExp(`in use by rpa-sessions run --run Nightly \\(pid ${process.pid}, this process, since \\d`));
        assert.match(msg, /VS Code holds it only while its sessions run or clean up.*Wait for that to finish/);
        const reader = await openSessionStore(ws.dir, { readOnly: true });
        try {
          assert.equal(reader.store.getSession('s1')?.status, 'running', 'a reader does not mark the writer\'s sessions interrupted');
          assert.equal(reader.store.records('s1', 'items').total, 1);
          assert.match(expectUserError(() => reader.store.appendLog('s1', { time: 1, level: 'info', message: 'x' }), 'store-read-only'), /another process is recording/);
        } finally {
          await reader.store.close();
        }
      } finally {
        await writer.store.close();
      }
    });

    it('never writes a secret to disk, and removes deleted records from the files at commit', async () => {
      const secret = 'S3cret-Finance-Password!';
      const marker = 'record-to-be-cleaned-7f3a';
      const { store } = await openSessionStore(ws.dir, { checkpointBytes: 1 << 30 });
      try {
        store.registerSecret(secret);
        store.createSession(sessionInfo('s1'));
        store.createSession(sessionInfo('s2'));
        expectUserError(() => store.insertRecords('s1', 'logins', [{ user: 'svc', password: secret }]), 'secret-refused');
        store.appendLog('s1', { time: 1, level: 'info', message: store.redact(`signing in with ${secret}`) });
        store.insertRecords('s2', 'items', [{ title: marker }]);
        await store.commit();
        assert.ok(filesContaining(join(ws.dir, '.rpa'), marker).length > 0, 'the marker is on disk before cleanup');
        store.deleteSessionData('s2');
        await store.commit();
        assert.deepEqual(filesContaining(join(ws.dir, '.rpa'), marker), []);
      } finally {
        await store.close();
      }
      assert.deepEqual(filesContaining(ws.dir, secret), []);
    });

    it('keeps every committed record through kill -9 at random moments', async function () {
      this.timeout(180_000);
      const rnd = seededRandom(0x5e55105);
      const SQL = await loadSqlJs();
      const known = new Map<string, number>();
      for (let round = 0; round < 8; round++) {
        const session = `crash-${round}`;
        const cfg: CrashChildConfig = { dir: ws.dir, session, seed: 1000 + round, checkpointBytes: 4096 << Math.floor(rnd() * 6) };
        const committed = await runUntilKilled(cfg, 1 + Math.floor(rnd() * 40));

        const snapshot = join(ws.dir, '.rpa', SNAPSHOT_FILE);
        if (existsSync(snapshot)) {
          const db = new SQL.Database(readFileSync(snapshot));
          assert.deepEqual(db.exec('PRAGMA integrity_check')[0].values, [['ok']], `snapshot intact after round ${round}`);
          db.close();
        }
        const clock = new ManualClock(Date.now());
        const { store, recovery } = await openSessionStore(ws.dir, { clock });
        const cleanup = new SessionCleanup({ store, clock, onError: (id, e) => assert.fail(`cleanup of ${id} failed: ${e.message}`) });
        try {
          assert.deepEqual(recovery.interrupted, [session]);
          assert.equal(store.getSession(session)?.status, 'interrupted');
          await cleanup.resume();
          assert.deepEqual(store.pendingCleanups(session), [{ sessionId: session, stage: 'waiting', dueAt: clock.now() + 3_600_000, policy: CRASH_POLICY }], 'the pending cleanup resumed');
          const total = checkItems(store, session);
          assert.ok(total >= committed, `round ${round}: ${total} records on disk, ${committed} reported committed`);
          known.set(session, total);
          for (const [s, count] of known) assert.equal(checkItems(store, s), count, `${s} unchanged by later rounds`);
        } finally {
          cleanup.dispose();
          await store.close();
        }
      }
    });
  });
}

/** Runs the crash child until it has reported `commits` commits, kills it with SIGKILL, returns the last count. */
function runUntilKilled(cfg: CrashChildConfig, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename], { env: { ...process.env, [CHILD_ENV]: JSON.stringify(cfg) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let seen = 0;
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crash child made only ${seen} commits in 60s: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^committed (\d+)$/.exec(line);
      if (!m) return;
      last = Number(m[1]);
      if (++seen === commits) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`crash child exited by itself (code ${code}): ${stderr}`));
    });
  });
}

/** Asserts the session's items are exactly 0..total-1 in order, each intact; returns total. */
function checkItems(store: SqlSessionStore, session: string): number {
  const { rows, total } = store.records(session, 'items', { limit: 1_000_000 });
  assert.equal(rows.length, total);
  rows.forEach((r, i) => assert.deepEqual(r, itemRecord(session, i), `record ${i} of ${session}`));
  return total;
}
