// The cleanup rules of SPEC §3 with a manual clock, a real persisted store and real export files:
// closeSession, session timeouts, Remove Session = Immediately, Cleanup External Session Data,
// file exports left alone, isolation between sessions, and resuming after a restart.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../runtime/src/clock';
import { SessionCleanup } from '../../../runtime/src/engine/cleanup';
import type { EngineEvent } from '../../../runtime/src/events';
import { createExporter } from '../../../runtime/src/node/exports';
import { openSessionStore } from '../../../runtime/src/node/open-store';
import { loadSqlJs } from '../../../runtime/src/node/sql-wasm';
import type { ExportTarget } from '../../../runtime/src/store/export-api';
import type { CleanupPolicy } from '../../../runtime/src/store/store-api';
import type { SqlSessionStore } from '../../../runtime/src/store/sql-session-store';
import { expectUserErrorAsync, sessionInfo, tempWorkspace } from '../store/store-helpers';

const MINUTE = 60_000;

interface Harness {
  store: SqlSessionStore;
  cleanup: SessionCleanup;
  events: EngineEvent[];
  errors: Array<{ id: string; message: string }>;
  close(): Promise<void>;
}

describe('session cleanup', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let clock: ManualClock;
  let h: Harness;
  const open = async (policyOf?: (id: string) => CleanupPolicy | undefined): Promise<Harness> => {
    const { store } = await openSessionStore(ws.dir, { clock });
    const events: EngineEvent[] = [];
    const errors: Harness['errors'] = [];
    const cleanup = new SessionCleanup({
      store,
      clock,
      exporter: createExporter({ store, scriptTimeoutMs: 10_000 }),
      policyOf: policyOf && ((s) => policyOf(s.id)),
      onEvent: (e) => events.push(e),
      onError: (id, e) => errors.push({ id, message: e.message }),
    });
    return { store, cleanup, events, errors, close: async () => (cleanup.dispose(), await store.close()) };
  };
  const target = (format: ExportTarget['format'], path: string): ExportTarget => ({ format, path, baseDir: ws.dir, datasets: ['books'] });
  const policy = (p: Partial<CleanupPolicy> = {}): CleanupPolicy => ({ sessionTimeoutMs: 30 * MINUTE, removeSession: 'afterTimeout', cleanupExternalSessionData: true, ...p });
  const finished = (id: string, rows: number, status: 'completed' | 'failed' = 'completed') => {
    h.store.createSession(sessionInfo(id, status, { endedAt: clock.now() }));
    h.store.insertRecords(id, 'books', Array.from({ length: rows }, (_, i) => ({ title: `${id} book ${i}`, price: i + 0.5 })));
    h.store.appendLog(id, { time: clock.now(), level: 'info', message: `${id} done` });
  };
  const exportRows = async (file: string): Promise<Array<[string, number]>> => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(readFileSync(join(ws.dir, file)));
    try {
      return (db.exec('SELECT session_id, count(*) FROM books GROUP BY session_id ORDER BY session_id')[0]?.values ?? []) as Array<[string, number]>;
    } finally {
      db.close();
    }
  };
  const cleanedEvents = () => h.events.filter((e) => e.type === 'session-cleaned');

  beforeEach(async () => {
    ws = tempWorkspace('rpa-cleanup-');
    clock = new ManualClock(1_700_000_000_000);
    h = await open();
  });
  afterEach(async () => {
    await h.close();
    ws.dispose();
  });

  describe('closeSession', () => {
    it("removes that session's records and logs at once and marks it closed, leaving other sessions alone", async () => {
      finished('A', 3);
      finished('B', 2);
      await h.cleanup.sessionEnded('A', policy());
      await h.cleanup.sessionEnded('B', policy());
      assert.deepEqual(await h.cleanup.closeSession('A'), { alreadyCleanedUp: false });
      assert.equal(h.store.getSession('A')?.status, 'closed');
      assert.equal(h.store.records('A', 'books').total, 0);
      assert.deepEqual(h.store.logs('A'), []);
      assert.equal(h.store.records('B', 'books').total, 2);
      assert.equal(h.store.getSession('B')?.status, 'completed');
      assert.deepEqual(cleanedEvents(), [{ type: 'session-cleaned', id: 'A', reason: 'closed' }]);
      assert.deepEqual(await h.cleanup.closeSession('A'), { alreadyCleanedUp: true });
      clock.advance(31 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('A')?.status, 'closed', 'a closed session does not expire later');
    });

    it('refuses to close a running or unknown session, saying what to do', async () => {
      h.store.createSession(sessionInfo('R', 'running'));
      assert.match(await expectUserErrorAsync(h.cleanup.closeSession('R'), 'session-still-running'), /still running\. Cancel it first/);
      await expectUserErrorAsync(h.cleanup.closeSession('nope'), 'unknown-session');
    });

    it("deletes the session's rows from a database export by default, and only that session's", async () => {
      const p = policy({ export: target('database', 'out/books.sqlite') });
      finished('A', 3);
      finished('B', 2);
      await h.cleanup.sessionEnded('A', p);
      await h.cleanup.sessionEnded('B', p);
      assert.deepEqual(await exportRows('out/books.sqlite'), [['A', 3], ['B', 2]]);
      await h.cleanup.closeSession('A');
      assert.deepEqual(await exportRows('out/books.sqlite'), [['B', 2]]);
    });

    it('keeps database export rows when cleanupExternalSessionData is false, and never deletes file exports', async () => {
      finished('A', 3);
      finished('C', 1);
      await h.cleanup.sessionEnded('A', policy({ cleanupExternalSessionData: false, export: target('database', 'out/books.sqlite') }));
      await h.cleanup.sessionEnded('C', policy({ export: target('csv', 'out/{session}.csv') }));
      const csv = readFileSync(join(ws.dir, 'out', 'C.csv'), 'utf8');
      await h.cleanup.closeSession('A');
      await h.cleanup.closeSession('C');
      assert.deepEqual(await exportRows('out/books.sqlite'), [['A', 3]]);
      assert.equal(readFileSync(join(ws.dir, 'out', 'C.csv'), 'utf8'), csv);
    });
  });

  describe('session timeout', () => {
    it('cleans up a finished session once its timeout has passed, not before, each session on its own time', async () => {
      finished('A', 2);
      const outcome = await h.cleanup.sessionEnded('A', policy());
      assert.deepEqual(outcome, { recordsRemoved: false, cleanupAt: clock.now() + 30 * MINUTE });
      assert.equal(h.store.getSession('A')?.cleanupAt, clock.now() + 30 * MINUTE);
      clock.advance(10 * MINUTE);
      finished('B', 1, 'failed');
      await h.cleanup.sessionEnded('B', policy());
      clock.advance(20 * MINUTE - 1);
      await h.cleanup.whenIdle();
      assert.equal(h.store.records('A', 'books').total, 2, 'not yet: one millisecond to go');
      clock.advance(1);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('A')?.status, 'expired');
      assert.equal(h.store.records('A', 'books').total, 0);
      assert.equal(h.store.records('B', 'books').total, 1);
      clock.advance(10 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('B')?.status, 'expired');
      assert.deepEqual(cleanedEvents().map((e) => e.type === 'session-cleaned' && [e.id, e.reason]), [['A', 'expired'], ['B', 'expired']]);
    });

    it('never cleans up automatically without a sessionTimeout', async () => {
      finished('A', 2);
      await h.cleanup.sessionEnded('A', policy({ sessionTimeoutMs: undefined }));
      clock.advance(365 * 24 * 60 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.records('A', 'books').total, 2);
      await h.cleanup.closeSession('A');
      assert.equal(h.store.getSession('A')?.status, 'closed');
    });

    it('reaches timeouts longer than a timer can wait (over 24.8 days)', async () => {
      finished('A', 1);
      await h.cleanup.sessionEnded('A', policy({ sessionTimeoutMs: 40 * 24 * 60 * MINUTE }));
      clock.advance(30 * 24 * 60 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('A')?.status, 'completed');
      clock.advance(10 * 24 * 60 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('A')?.status, 'expired');
    });
  });

  describe('removeSession: immediately', () => {
    it('removes the internal records right after the export succeeds; status and logs stay until the timeout', async () => {
      const p = policy({ removeSession: 'immediately', export: target('database', 'out/books.sqlite') });
      finished('A', 4);
      finished('B', 2);
      await h.cleanup.sessionEnded('B', policy({ sessionTimeoutMs: 60 * MINUTE, export: target('database', 'out/books.sqlite') }));
      const outcome = await h.cleanup.sessionEnded('A', p);
      assert.equal(outcome.recordsRemoved, true);
      assert.equal(outcome.export?.records, 4);
      assert.equal(h.store.records('A', 'books').total, 0);
      assert.equal(h.store.getSession('A')?.status, 'completed');
      assert.ok(h.store.getSession('A')?.recordsRemovedAt);
      assert.match(h.store.logs('A').map((l) => l.message).join('\n'), /Exported 4 records to .*books\.sqlite/);
      assert.deepEqual(await exportRows('out/books.sqlite'), [['A', 4], ['B', 2]]);
      assert.deepEqual(cleanedEvents(), [{ type: 'session-cleaned', id: 'A', reason: 'removed-after-export' }]);

      clock.advance(30 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('A')?.status, 'expired');
      assert.deepEqual(await exportRows('out/books.sqlite'), [['B', 2]], 'the timeout also cleans the external database rows');
    });

    it('keeps the records when the export fails, fails the session and says why in its log', async () => {
      writeFileSync(join(ws.dir, 'push.mjs'), 'export default async function () { throw new Error("warehouse API returned 503"); }\n');
      finished('A', 2);
      const outcome = await h.cleanup.sessionEnded('A', policy({ removeSession: 'immediately', export: target('script', 'push.mjs') }));
      assert.equal(outcome.recordsRemoved, false);
      assert.match(outcome.exportError ?? '', /warehouse API returned 503/);
      assert.equal(h.store.records('A', 'books').total, 2);
      assert.match(h.store.logs('A').map((l) => l.message).join('\n'), /the export to script "push.mjs" failed: .*503.*kept in the session store until the session timeout/);
      assert.equal(h.store.getSession('A')?.status, 'failed');
      assert.match(h.store.getSession('A')?.error ?? '', /The steps completed, but the export to script "push.mjs" failed/);
    });

    it('does not export a session that failed, so its records wait for the timeout', async () => {
      finished('F', 2, 'failed');
      const outcome = await h.cleanup.sessionEnded('F', policy({ removeSession: 'immediately', export: target('database', 'out/books.sqlite') }));
      assert.deepEqual(outcome, { recordsRemoved: false, cleanupAt: clock.now() + 30 * MINUTE });
      assert.equal(existsSync(join(ws.dir, 'out', 'books.sqlite')), false);
      assert.equal(h.store.records('F', 'books').total, 2);
    });
  });

  describe('after a restart', () => {
    it('resumes pending timeout cleanups: due ones at once, later ones on time', async () => {
      finished('early', 1);
      await h.cleanup.sessionEnded('early', policy({ sessionTimeoutMs: 10 * MINUTE }));
      finished('late', 1);
      await h.cleanup.sessionEnded('late', policy({ sessionTimeoutMs: 60 * MINUTE }));
      await h.close();

      clock = new ManualClock(clock.now() + 20 * MINUTE);
      h = await open();
      assert.deepEqual(await h.cleanup.resume(), ['early']);
      assert.equal(h.store.getSession('early')?.status, 'expired');
      assert.equal(h.store.getSession('late')?.status, 'completed');
      clock.advance(40 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('late')?.status, 'expired');
    });

    it('retries removing external rows that failed, automatically and after a restart', async () => {
      const p = policy({ export: target('database', 'out/books.sqlite') });
      finished('A', 2);
      finished('B', 1);
      await h.cleanup.sessionEnded('A', p);
      await h.cleanup.sessionEnded('B', p);
      const file = join(ws.dir, 'out', 'books.sqlite');
      copyFileSync(file, `${file}.good`);
      writeFileSync(file, 'not a database');
      assert.match(await expectUserErrorAsync(h.cleanup.closeSession('A'), 'export-failed'), /is closed and its internal data removed, but its rows in the database export .* could not be removed.*retried automatically/);
      assert.equal(h.store.getSession('A')?.status, 'closed');
      assert.equal(h.store.records('A', 'books').total, 0);
      await h.close();

      copyFileSync(`${file}.good`, file);
      h = await open();
      assert.deepEqual(await h.cleanup.resume(), ['A']);
      assert.deepEqual(await exportRows('out/books.sqlite'), [['B', 1]]);
      assert.deepEqual(h.store.pendingCleanups().map((e) => e.sessionId), ['B']);
    });

    it('schedules cleanup of sessions a crash interrupted, with their agent\'s policy', async () => {
      h.store.createSession(sessionInfo('crashed', 'running'));
      h.store.insertRecords('crashed', 'books', [{ title: 'partial' }]);
      await h.close();

      h = await open(() => policy({ sessionTimeoutMs: 5 * MINUTE, export: target('database', 'out/books.sqlite') }));
      const s = h.store.getSession('crashed');
      assert.equal(s?.status, 'interrupted');
      assert.deepEqual(await h.cleanup.resume(), []);
      assert.equal(h.store.getSession('crashed')?.cleanupAt, clock.now() + 5 * MINUTE);
      assert.equal(existsSync(join(ws.dir, 'out', 'books.sqlite')), false, 'an interrupted session is not exported');
      clock.advance(5 * MINUTE);
      await h.cleanup.whenIdle();
      assert.equal(h.store.getSession('crashed')?.status, 'expired');
      assert.equal(h.store.records('crashed', 'books').total, 0);
      assert.deepEqual(h.errors, []);
    });
  });
});
