// The Sessions panel's data service over a real session store: pages in record order (keyset), sorted
// and filtered pages, typed values, read-only SQL (refusals, error positions), stopping a runaway query, exports.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PanelCallError, PanelDataService } from '../../runtime/src/node/panel-data/panel-data-service';
import { openSessionStore } from '../../runtime/src/node/open-store';
import type { GridSource } from '../../runtime/src/panel-protocol';
import { BIG_SESSION, book, BOOKS_TABLE, buildPanelStore, DATASET, QUEUED_SESSION, SMALL_SESSION } from '../support/panel-store';

const ROWS = 20_000;
const WORKER = join(__dirname, '..', '..', 'dist', 'panel-data-worker.js');
const big = (extra: Partial<Extract<GridSource, { kind: 'dataset' }>> = {}): GridSource => ({ kind: 'dataset', sessionId: BIG_SESSION, dataset: DATASET, ...extra });
const titleOf = (i: number) => String(book(i, BIG_SESSION).title);

async function failure(p: Promise<unknown>): Promise<PanelCallError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PanelCallError, `expected a PanelCallError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('panel data service', function () {
  this.timeout(60_000);
  let dir: string;
  let service: PanelDataService;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-panel-'));
    await buildPanelStore(dir, ROWS);
    service = new PanelDataService({ storeDir: dir, workerScript: WORKER, settleMs: 20 });
  });
  after(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the sessions with status, progress and queue position', async () => {
    const sessions = await service.call('sessions', []);
    assert.deepEqual(sessions.map((s) => [s.id, s.status, s.progress.records, s.queuePosition]), [
      [SMALL_SESSION, 'completed', 1000, undefined],
      [BIG_SESSION, 'completed', ROWS, undefined],
      [QUEUED_SESSION, 'queued', 0, 1],
    ]);
    const [ds] = await service.call('datasets', [BIG_SESSION]);
    assert.equal(ds.dataset, DATASET);
    assert.equal(ds.count, ROWS);
    assert.deepEqual(ds.columns.map((c) => `${c.name}:${c.type}`), ['title:text', 'price:number', 'stock:integer', 'inStock:boolean', 'published:date', 'url:text']);
  });

  it('serves typed pages of one session in record order, from the start, on, and at the end', async () => {
    const first = await service.call('page', [{ source: big(), offset: 0, limit: 3 }]);
    assert.equal(first.total, ROWS);
    assert.deepEqual(first.rows[0], Object.values(book(0, BIG_SESSION)));
    assert.equal(first.rows[0][3], false, 'booleans arrive as true/false');
    for (let offset = 0; offset < 2000; offset += 200) {
      const page = await service.call('page', [{ source: big(), offset, limit: 200 }]);
      assert.deepEqual(page.rows.map((r) => r[0]), Array.from({ length: 200 }, (_, k) => titleOf(offset + k)));
    }
    const end = await service.call('page', [{ source: big(), offset: ROWS - 150, limit: 200 }]);
    assert.equal(end.rows.length, 150);
    assert.equal(end.rows.at(-1)![0], titleOf(ROWS - 1));
    const middle = await service.call('page', [{ source: big(), offset: 12_345, limit: 5 }]);
    assert.deepEqual(middle.rows.map((r) => r[0]), [12_345, 12_346, 12_347, 12_348, 12_349].map(titleOf));
  });

  it('sorts by any column, either way, ties in record order', async () => {
    const prices = Array.from({ length: ROWS }, (_, i) => ({ i, price: book(i, BIG_SESSION).price as number }));
    const asc = [...prices].sort((a, b) => a.price - b.price || a.i - b.i);
    const page = await service.call('page', [{ source: big({ sort: { column: 'price', descending: false } }), offset: 0, limit: 50 }]);
    assert.deepEqual(page.rows.map((r) => r[0]), asc.slice(0, 50).map((p) => titleOf(p.i)));
    const desc = await service.call('page', [{ source: big({ sort: { column: 'price', descending: true } }), offset: ROWS - 10, limit: 10 }]);
    const expected = [...prices].sort((a, b) => b.price - a.price || b.i - a.i).slice(ROWS - 10);
    assert.deepEqual(desc.rows.map((r) => r[0]), expected.map((p) => titleOf(p.i)));
    const byTitle = await service.call('page', [{ source: big({ sort: { column: 'title', descending: true } }), offset: 0, limit: 1 }]);
    assert.equal(byTitle.rows[0][0], titleOf(ROWS - 1));
    const unknown = await failure(service.call('page', [{ source: big({ sort: { column: 'password', descending: false } }), offset: 0, limit: 1 }]));
    assert.match(unknown.message, /no column "password"/);
  });

  it('filters by a text in any column, with sort, and counts what matches', async () => {
    const page = await service.call('page', [{ source: big({ filter: 'book 001234' }), offset: 0, limit: 100 }]);
    assert.deepEqual(page.rows.map((r) => r[0]), Array.from({ length: 10 }, (_, k) => titleOf(12_340 + k)));
    assert.equal(page.total, 10);
    const sorted = await service.call('page', [{ source: big({ filter: 'book 001234', sort: { column: 'title', descending: true } }), offset: 9, limit: 5 }]);
    assert.deepEqual(sorted.rows.map((r) => r[0]), [titleOf(12_340)]);
    const literal = await service.call('page', [{ source: big({ filter: '100%' }), offset: 0, limit: 1 }]);
    assert.equal(literal.total, 0, 'LIKE wildcards in the filter are taken literally');
    const small = await service.call('page', [{ source: big({ filter: SMALL_SESSION }), offset: 0, limit: 1 }]);
    assert.equal(small.total, 0, "another session's records never show");
  });

  it('runs read-only SQL with typed result columns, paged, sorted and filtered like records', async () => {
    const q = await service.call('query', [`SELECT session_id, count(*) AS n, max(price) AS top FROM "${BOOKS_TABLE}" GROUP BY session_id ORDER BY session_id`]);
    assert.deepEqual(q.columns.map((c) => `${c.name}:${c.type}`), ['session_id:text', 'n:integer', 'top:number']);
    const page = await service.call('page', [{ source: { kind: 'query', queryId: q.queryId }, offset: 0, limit: 10 }]);
    assert.deepEqual(page.rows.map((r) => r.slice(0, 2)), [[BIG_SESSION, ROWS], [SMALL_SESSION, 1000]]);
    const sorted = await service.call('page', [{ source: { kind: 'query', queryId: q.queryId, sort: { column: 'n', descending: false } }, offset: 0, limit: 10 }]);
    assert.deepEqual(sorted.rows.map((r) => r[0]), [SMALL_SESSION, BIG_SESSION]);
    const tables = await service.call('tables', []);
    assert.deepEqual(tables.find((t) => t.name === BOOKS_TABLE)?.columns, ['session_id', 'title', 'price', 'stock', 'inStock', 'published', 'url']);
    assert.ok(tables.some((t) => t.name === 'rpa_sessions'));
  });

  it('refuses anything but a read-only query, and leaves the store as it was', async () => {
    for (const sql of [`DELETE FROM "${BOOKS_TABLE}"`, 'DROP TABLE rpa_sessions', "UPDATE rpa_sessions SET status = 'closed'", 'SELECT 1; DELETE FROM rpa_logs', 'PRAGMA query_only = OFF']) {
      const e = await failure(service.call('query', [sql]));
      assert.equal(e.error.code, 'query-refused', sql);
      assert.match(e.message, /read-only/, sql);
    }
    const page = await service.call('page', [{ source: big(), offset: 0, limit: 1 }]);
    assert.equal(page.total, ROWS);
  });

  it('shows SQL errors with their position in the text', async () => {
    const sql = `SELECT title FORM "${BOOKS_TABLE}"`;
    const syntax = await failure(service.call('query', [sql]));
    assert.match(syntax.message, /syntax error/);
    assert.equal(syntax.error.offset, sql.indexOf('"BookScraper'));
    const column = await failure(service.call('query', [`SELECT nope FROM rpa_sessions`]));
    assert.deepEqual([column.error.offset, column.error.length], [7, 4]);
    const table = await failure(service.call('query', ['SELECT * FROM books']));
    assert.match(table.message, /did you mean "BookScraper\.books"/);
    assert.equal(table.error.offset, 14);
  });

  it('stops a runaway query when asked, or after its timeout, and keeps serving pages', async () => {
    const runaway = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n';
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const stopped = await failure(service.call('query', [runaway], { signal: controller.signal }));
    assert.equal(stopped.error.code, 'query-stopped');
    assert.ok(Date.now() - started < 5000);
    const timedOut = await failure(service.call('query', [runaway], { timeoutMs: 300 }));
    assert.match(timedOut.message, /stopped after 0 s|stopped after/);
    const page = await service.call('page', [{ source: big(), offset: 5, limit: 1 }]);
    assert.equal(page.rows[0][0], titleOf(5));
  });

  it('exports the whole dataset (sorted and filtered as shown) and a query result to CSV and JSON', async () => {
    const csv = join(dir, 'out', 'books.csv');
    const r = await service.call('export', [big({ filter: 'book 000000', sort: { column: 'stock', descending: true } }), 'csv', csv]);
    assert.equal(r.rows, 10);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], 'title,price,stock,inStock,published,url');
    assert.equal(lines.length, 11);
    assert.equal(lines[1].split(',')[0], titleOf(9), 'stock 279 is the highest of books 0-9');
    assert.match(lines.find((l) => l.startsWith(titleOf(0)))!, /,false,2000-01-01,/);
    const all = join(dir, 'out', 'all.json');
    assert.equal((await service.call('export', [big(), 'json', all])).rows, ROWS);
    const parsed = JSON.parse(readFileSync(all, 'utf8')) as Array<Record<string, unknown>>;
    assert.equal(parsed.length, ROWS);
    assert.deepEqual(parsed[ROWS - 1], book(ROWS - 1, BIG_SESSION));
    const q = await service.call('query', ['SELECT id, status FROM rpa_sessions ORDER BY id']);
    const qFile = join(dir, 'out', 'q.json');
    await service.call('export', [{ kind: 'query', queryId: q.queryId }, 'json', qFile]);
    assert.deepEqual(JSON.parse(readFileSync(qFile, 'utf8')), [
      { id: BIG_SESSION, status: 'completed' },
      { id: QUEUED_SESSION, status: 'queued' },
      { id: SMALL_SESSION, status: 'completed' },
    ]);
  });

  it('follows the store while another process records: a change event, then the new rows', async () => {
    const changed = new Promise<number>((resolve) => {
      const sub = service.onChanged((e) => {
        if (e.sessions.find((s) => s.id === QUEUED_SESSION)?.status === 'running') (sub.dispose(), resolve(e.generation));
      });
    });
    const before = await service.call('page', [{ source: big(), offset: 0, limit: 1 }]);
    const { store } = await openSessionStore(dir, { storeDir: dir });
    try {
      store.updateSession(QUEUED_SESSION, { status: 'running', startedAt: 4000 });
      store.insertRecords(QUEUED_SESSION, DATASET, [book(1, QUEUED_SESSION), book(2, QUEUED_SESSION)]);
      await store.commit();
      const generation = await changed;
      assert.ok(generation > before.generation);
      const rows = await service.call('page', [{ source: { kind: 'dataset', sessionId: QUEUED_SESSION, dataset: DATASET }, offset: 0, limit: 10 }]);
      assert.deepEqual(rows.rows.map((r) => r[0]), [book(1, QUEUED_SESSION).title, book(2, QUEUED_SESSION).title]);
      // Later commits are read from where the journal was read up to.
      for (const i of [3, 4]) {
        store.insertRecords(QUEUED_SESSION, DATASET, [book(i, QUEUED_SESSION)]);
        await store.commit();
        assert.equal(await service.call('refresh', []), true);
      }
      assert.equal(await service.call('refresh', []), false, 'nothing new');
      const more = await service.call('page', [{ source: { kind: 'dataset', sessionId: QUEUED_SESSION, dataset: DATASET }, offset: 0, limit: 10 }]);
      assert.deepEqual(more.rows.map((r) => r[0]), [1, 2, 3, 4].map((i) => book(i, QUEUED_SESSION).title));
      const others = await service.call('page', [{ source: big(), offset: 0, limit: 1 }]);
      assert.equal(others.total, ROWS, "another session's records stay as they were");
    } finally {
      await store.close();
    }
  });
});
