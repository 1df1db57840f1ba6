// `rpa-sessions sessions list|show|data|close|cleanup` on the sessions of a real run against the
// example site: reading status and records, CloseSession, due cleanups, unknown IDs, a live run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { openSessionStore } from '../../runtime/src/node/open-store';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { loadSqlJs } from '../../runtime/src/node/sql-wasm';
import { runCli, TempDir, type CliResult } from './cli-harness';
import { booksWorkspace, LiveCli } from './runtime-harness';

/** Rows per session in the run's database export (out/books.sqlite). */
async function exportedRows(file: string): Promise<Record<string, number>> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const rows = db.exec('SELECT session_id, count(*) FROM books GROUP BY session_id')[0]?.values ?? [];
    return Object.fromEntries(rows.map(([id, n]) => [String(id), Number(n)]));
  } finally {
    db.close();
  }
}

describe('rpa-sessions sessions', function () {
  this.timeout(40_000);
  let site: SiteServer;
  let tmp: TempDir;
  const cli = (args: string[]): Promise<CliResult> => runCli(['sessions', ...args], { cwd: tmp.path, timeoutMs: 20_000 });

  before(async () => {
    site = await startSiteServer({ port: 0 });
    tmp = new TempDir().write(booksWorkspace(site.url));
    // t-travel and t-poetry complete (20 books each), t-missing fails.
    const run = await runCli(['run', 'runs.rpa', '--run', 'Cats'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
  });
  after(async () => {
    tmp.dispose();
    await site.close();
  });

  it('list shows every session with status, progress and when it is cleaned up', async () => {
    const r = await cli(['list']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SESSION\s+STATUS\s+AGENT\s+RUN\s+PAGES\s+RECORDS\s+ENDED\s+CLEANUP$/m);
    assert.match(r.stdout, /^t-travel\s+completed\s+Books\s+Cats\s+1\s+20\s+\S+ \S+\s+in (29|30)m$/m);
    assert.match(r.stdout, /^t-missing\s+failed\s+Books\s+Cats\s+0\s+0\s/m);

    const failed = JSON.parse((await cli(['list', '--status', 'failed', '--json'])).stdout) as { sessions: Array<{ id: string; error: string }> };
    assert.deepEqual(failed.sessions.map((s) => s.id), ['t-missing']);
    assert.match(failed.sessions[0].error, /404/);
  });

  it('show gives one session in detail, and an unknown ID is a clear error (exit 2)', async () => {
    const r = await cli(['show', 't-travel']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Session t-travel: completed$/m);
    assert.match(r.stdout, /agent: {5}Books {3}run: Cats {3}bot: TestBot/);
    assert.match(r.stdout, /inputs: {4}baseUrl=".*", category="travel", batch=1/);
    assert.match(r.stdout, /datasets: {2}books 20/);
    assert.match(r.stdout, /info {2}Exported 20 records to .*books\.sqlite/);

    const unknown = await cli(['show', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no session "nope" in the session store of the current folder\. Sessions there: t-travel, t-poetry, t-missing\./);
  });

  it('data prints records as a table, CSV or JSON, page by page', async () => {
    const table = await cli(['data', 't-poetry', '--limit', '2']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^books — records 1–2 of 20$/m);
    assert.match(table.stdout, /^title\s+price\s+category$/m);
    assert.match(table.stdout, /^next page: --offset 2$/m);

    const csv = await cli(['data', 't-poetry', '--format', 'csv', '--offset', '18']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'title,price,category');
    assert.equal(lines.length, 3, 'the header and the last two of 20 records');
    assert.match(lines[1], /,poetry$/);

    const json = JSON.parse((await cli(['data', 't-poetry', '--format', 'json', '--dataset', 'books', '--offset', '5', '--limit', '3'])).stdout) as {
      session: string;
      datasets: Array<{ dataset: string; total: number; offset: number; rows: Array<Record<string, unknown>> }>;
    };
    assert.equal(json.session, 't-poetry');
    assert.equal(json.datasets[0].total, 20);
    assert.equal(json.datasets[0].rows.length, 3);
    assert.equal(typeof json.datasets[0].rows[0].price, 'number');

    const badDataset = await cli(['data', 't-poetry', '--dataset', 'authors']);
    assert.equal(badDataset.code, 2);
    assert.match(badDataset.stderr, /Session "t-poetry" has no dataset "authors"\. Its datasets: books\./);
    const badLimit = await cli(['data', 't-poetry', '--limit', '-1']);
    assert.equal(badLimit.code, 2);
    assert.match(badLimit.stderr, /--limit must be a whole number ≥ 0/);
  });

  it('close removes only that session\'s records (store and database export); others are untouched', async () => {
    const r = await cli(['close', 't-travel']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Closed session "t-travel" \(status closed\): its records and logs in the session store and its rows in the database export out\/books\.sqlite are removed/);
    assert.match((await cli(['data', 't-travel'])).stdout, /Session "t-travel" has no records in the store/);
    assert.match((await cli(['data', 't-poetry', '--limit', '1'])).stdout, /records 1–1 of 20/);
    assert.deepEqual(await exportedRows(tmp.join('out', 'books.sqlite')), { 't-poetry': 20 });

    const again = await cli(['close', 't-travel']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Session "t-travel" is already closed/);
    const unknown = await cli(['close', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no session "nope"/);
    assert.match((await cli(['list'])).stdout, /^t-poetry\s+completed/m);
  });

  it('cleanup cleans up the sessions whose session timeout has passed and says what still waits', async () => {
    const none = await cli(['cleanup']);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /^No cleanup was due\.$/m);
    assert.match(none.stdout, /Waiting for their session timeout: .*t-poetry \(in (29|30)m\)/);
    assert.match(none.stdout, /Waiting for their session timeout: .*t-missing \(in (29|30)m\)/);

    // Let t-poetry's 30m session timeout pass: move its due time into the past through the store API.
    const { store } = await openSessionStore(tmp.path);
    const entry = store.pendingCleanups().find((p) => p.sessionId === 't-poetry');
    assert.ok(entry, 't-poetry waits for its timeout');
    store.setPendingCleanup({ ...entry, dueAt: Date.now() - 1000 });
    store.updateSession('t-poetry', { cleanupAt: Date.now() - 1000 });
    await store.close();

    const r = await cli(['cleanup']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Cleaned up 1 session \(records and logs removed; status kept\):\n {2}t-poetry {2}expired$/m);
    assert.match(r.stdout, /Waiting for their session timeout: t-missing/);
    assert.match((await cli(['list'])).stdout, /^t-poetry\s+expired/m);
    assert.deepEqual(await exportedRows(tmp.join('out', 'books.sqlite')), {});
  });

  it('reads a store another process is recording in, and refuses to change it (exit 2)', async () => {
    const live = new LiveCli(['run', 'runs.rpa', '--run', 'Waiting'], tmp.path);
    try {
      await live.waitFor(/^w-1: log: waiting$/m);
      const list = await cli(['list']);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^w-1\s+running\s+Waits/m);
      assert.match(list.stderr, /another process is recording sessions here/);
      const close = await cli(['close', 'w-1']);
      assert.equal(close.code, 2);
      assert.match(close.stderr, /in use by rpa-sessions run --run Waiting \(pid \d+, since /);
      live.signal('SIGINT');
      assert.equal(await live.exit(), 1);
    } finally {
      live.kill();
    }
  });

  it('close of a session that never exported (it failed) does not claim to remove rows in the database export', async () => {
    const r = await cli(['close', 't-missing']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Closed session "t-missing" \(status closed\): its records and logs in the session store are removed\. Its ID can be used again\.$/m);
  });
});
