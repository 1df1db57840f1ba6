// The session store as the engine and the Sessions panel use it: sessions and unique IDs, typed
// dataset tables, per-session isolation, the read-only query entry, and refusal of secrets.
import * as assert from 'node:assert/strict';
import { openMemoryStore } from '../../../runtime/src/node/open-store';
import type { SqlSessionStore } from '../../../runtime/src/store/sql-session-store';
import { expectUserError, sessionInfo } from './store-helpers';

describe('session store', () => {
  let store: SqlSessionStore;
  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('sessions', () => {
    it('stores a session with its status, inputs and progress, and lists it by filter', () => {
      store.createSession(sessionInfo('travel-1', 'queued'));
      store.updateSession('travel-1', { status: 'running', startedAt: 2000, progress: { pages: 3, records: 40, errors: 0, currentUrl: 'http://127.0.0.1/p3' } });
      const s = store.getSession('travel-1');
      assert.equal(s?.status, 'running');
      assert.equal(s?.startedAt, 2000);
      assert.deepEqual(s?.inputs, { category: 'travel' });
      assert.deepEqual(s?.progress, { pages: 3, records: 40, errors: 0, currentUrl: 'http://127.0.0.1/p3' });
      assert.equal(s?.error, undefined);
      store.createSession(sessionInfo('poetry-1', 'queued', { agent: 'Other' }));
      assert.deepEqual(store.listSessions({ status: 'running' }).map((x) => x.id), ['travel-1']);
      assert.deepEqual(store.listSessions({ agent: 'Other' }).map((x) => x.id), ['poetry-1']);
    });

    it('clears a field when a patch sets it to undefined', () => {
      store.createSession(sessionInfo('s1', 'failed', { error: 'boom' }));
      store.updateSession('s1', { status: 'running', error: undefined });
      assert.equal(store.getSession('s1')?.error, undefined);
    });

    it('refuses a second session with an ID that is not cleaned up, and accepts it once closed', () => {
      store.createSession(sessionInfo('ry37456r'));
      const msg = expectUserError(() => store.createSession(sessionInfo('ry37456r')), 'duplicate-session-id');
      assert.match(msg, /already exists.*status running/);
      assert.match(msg, /close that session first/);
      store.insertRecords('ry37456r', 'books', [{ title: 'old' }]);
      store.updateSession('ry37456r', { status: 'closed' });
      store.createSession(sessionInfo('ry37456r', 'queued'));
      assert.equal(store.getSession('ry37456r')?.status, 'queued');
      assert.equal(store.records('ry37456r', 'books').total, 0, 'the new session starts without the old one\'s records');
    });

    it('refuses unusable session IDs and unknown sessions with clear errors', () => {
      expectUserError(() => store.createSession(sessionInfo('')), 'invalid-session-id');
      expectUserError(() => store.createSession(sessionInfo('a\u0000b')), 'invalid-session-id');
      assert.match(expectUserError(() => store.appendLog('nope', { time: 1, level: 'info', message: 'x' }), 'unknown-session'), /no session "nope"/);
    });

    it('keeps SQL text in session IDs as plain data', () => {
      const id = `x'); DROP TABLE rpa_sessions; --`;
      store.createSession(sessionInfo(id));
      store.insertRecords(id, 'books', [{ title: "O'Reilly \"quoted\"" }]);
      assert.equal(store.getSession(id)?.id, id);
      assert.deepEqual(store.records(id, 'books').rows, [{ title: "O'Reilly \"quoted\"" }]);
      assert.equal(store.listSessions().length, 1);
    });

    it('marks queued and running sessions interrupted on recovery, with a clear reason', () => {
      store.createSession(sessionInfo('q', 'queued'));
      store.createSession(sessionInfo('r', 'running'));
      store.createSession(sessionInfo('c', 'completed'));
      assert.deepEqual(store.recoverInterrupted(5000).sort(), ['q', 'r']);
      const r = store.getSession('r');
      assert.equal(r?.status, 'interrupted');
      assert.equal(r?.endedAt, 5000);
      assert.match(r?.error ?? '', /interrupted.*process running it stopped/);
      assert.equal(store.getSession('c')?.status, 'completed');
    });
  });

  describe('datasets', () => {
    beforeEach(() => store.createSession(sessionInfo('s1')));

    it('creates one typed table per dataset with a session_id column and an index', () => {
      store.defineDataset({
        agent: 'BookScraper',
        dataset: 'books',
        columns: [
          { name: 'title', type: 'text' },
          { name: 'price', type: 'number' },
          { name: 'stock', type: 'integer' },
          { name: 'inStock', type: 'boolean' },
          { name: 'published', type: 'date' },
        ],
      });
      const cols = store.query("SELECT name, type FROM pragma_table_info('BookScraper.books') ORDER BY cid").rows;
      assert.deepEqual(cols, [['session_id', 'TEXT'], ['title', 'TEXT'], ['price', 'REAL'], ['stock', 'INTEGER'], ['inStock', 'INTEGER'], ['published', 'TEXT']]);
      const idx = store.query("SELECT name FROM pragma_index_list('BookScraper.books')").rows;
      assert.equal(idx.length, 1);
      store.insertRecords('s1', 'books', [
        { title: 'A Light in the Attic', price: 51.77, stock: 22, inStock: true, published: '2024-05-01' },
        { title: 'Tipping the Velvet', price: null, stock: 0, inStock: false, published: '2024-05-01T09:30:00Z' },
      ]);
      assert.deepEqual(store.records('s1', 'books').rows, [
        { title: 'A Light in the Attic', price: 51.77, stock: 22, inStock: true, published: '2024-05-01' },
        { title: 'Tipping the Velvet', price: null, stock: 0, inStock: false, published: '2024-05-01T09:30:00Z' },
      ]);
    });

    it('adds columns for new fields and keeps older records', () => {
      store.insertRecords('s1', 'books', [{ title: 'one', price: 2.5 }]);
      store.insertRecords('s1', 'books', [{ title: 'two', upc: 'a897fe39b1053632' }]);
      assert.deepEqual(store.datasetSchema('BookScraper', 'books')?.columns, [
        { name: 'title', type: 'text' },
        { name: 'price', type: 'number' },
        { name: 'upc', type: 'text' },
      ]);
      assert.deepEqual(store.records('s1', 'books').rows, [
        { title: 'one', price: 2.5, upc: null },
        { title: 'two', price: null, upc: 'a897fe39b1053632' },
      ]);
    });

    it('refuses a batch with a value of the wrong type, naming record and field, and writes none of it', () => {
      store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'title', type: 'text' }, { name: 'price', type: 'number' }] });
      const msg = expectUserError(() => store.insertRecords('s1', 'books', [{ title: 'ok', price: 1 }, { title: 'bad', price: '£51.77' as unknown as number }]), 'invalid-record');
      assert.match(msg, /Record 2 of dataset "books".*field "price".*needs a finite number.*"£51\.77"/);
      assert.equal(store.records('s1', 'books').total, 0);
    });

    it('refuses dataset and field names that cannot be tables or columns', () => {
      expectUserError(() => store.defineDataset({ agent: 'BookScraper', dataset: 'bad"name', columns: [] }), 'invalid-dataset');
      expectUserError(() => store.defineDataset({ agent: 'BookScraper', dataset: 'rpa_sessions', columns: [] }), 'invalid-dataset');
      expectUserError(() => store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'session_id', type: 'text' }] }), 'invalid-dataset');
      store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'title', type: 'text' }] });
      expectUserError(() => store.defineDataset({ agent: 'BookScraper', dataset: 'Books', columns: [] }), 'invalid-dataset');
      expectUserError(() => store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'Title', type: 'text' }] }), 'invalid-dataset');
    });

    it('changes a column type only while no session holds records in it', () => {
      store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'price', type: 'text' }] });
      store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'price', type: 'number' }] });
      store.insertRecords('s1', 'books', [{ price: 3 }]);
      assert.match(expectUserError(() => store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'price', type: 'text' }] }), 'invalid-dataset'), /stored as number.*close or clean up those sessions/);
    });

    it('pages records and logs in insertion order', () => {
      store.insertRecords('s1', 'items', Array.from({ length: 300 }, (_, i) => ({ n: i })));
      const page = store.records('s1', 'items', { offset: 250, limit: 10 });
      assert.equal(page.total, 300);
      assert.deepEqual(page.rows.map((r) => r.n), [250, 251, 252, 253, 254, 255, 256, 257, 258, 259]);
      for (let i = 0; i < 5; i++) store.appendLog('s1', { time: i, level: 'info', message: `line ${i}` });
      assert.deepEqual(store.logs('s1', { offset: 3 }).map((l) => l.message), ['line 3', 'line 4']);
    });
  });

  describe('isolation between sessions', () => {
    beforeEach(() => {
      store.createSession(sessionInfo('A'));
      store.createSession(sessionInfo('B'));
      store.insertRecords('A', 'books', [{ title: 'a1' }, { title: 'a2' }]);
      store.insertRecords('B', 'books', [{ title: 'b1' }]);
      store.insertRecords('B', 'details', [{ upc: 'b-upc' }]);
      store.appendLog('A', { time: 1, level: 'info', message: 'from A' });
      store.appendLog('B', { time: 1, level: 'info', message: 'from B' });
    });

    it('returns only the asking session\'s records, datasets and logs', () => {
      assert.deepEqual(store.records('A', 'books').rows, [{ title: 'a1' }, { title: 'a2' }]);
      assert.deepEqual(store.records('A', 'details'), { rows: [], total: 0 });
      assert.deepEqual(store.datasets('A'), [{ dataset: 'books', count: 2 }]);
      assert.deepEqual(store.datasets('B'), [{ dataset: 'books', count: 1 }, { dataset: 'details', count: 1 }]);
      assert.deepEqual(store.logs('A').map((l) => l.message), ['from A']);
    });

    it('deletes only the named session\'s data, keeping its status until deleteSession', () => {
      store.deleteSessionData('A');
      assert.equal(store.records('A', 'books').total, 0);
      assert.deepEqual(store.logs('A'), []);
      assert.equal(store.getSession('A')?.status, 'running');
      assert.deepEqual(store.records('B', 'books').rows, [{ title: 'b1' }]);
      assert.deepEqual(store.logs('B').map((l) => l.message), ['from B']);
      store.deleteSession('A');
      assert.equal(store.getSession('A'), undefined);
      assert.equal(store.getSession('B')?.status, 'running');
      assert.equal(store.records('B', 'details').total, 1);
    });
  });

  describe('read-only queries', () => {
    beforeEach(() => {
      store.createSession(sessionInfo('A'));
      store.insertRecords('A', 'books', [{ title: 'a1', price: 3 }]);
    });

    it('runs SELECT, WITH and EXPLAIN with bound parameters', () => {
      const r = store.query('SELECT title, price FROM "BookScraper.books" WHERE session_id = ?', ['A']);
      assert.deepEqual(r, { columns: ['title', 'price'], rows: [['a1', 3]], truncated: false });
      assert.deepEqual(store.query('/* count */ WITH t AS (SELECT count(*) AS n FROM "BookScraper.books") SELECT n FROM t').rows, [[1]]);
      assert.ok(store.query('EXPLAIN QUERY PLAN SELECT * FROM "BookScraper.books" WHERE session_id = ?', ['A']).rows.length > 0);
    });

    it('bounds the rows it returns', () => {
      store.insertRecords('A', 'books', Array.from({ length: 20 }, (_, i) => ({ title: `t${i}` })));
      const r = store.query('SELECT title FROM "BookScraper.books"', [], { maxRows: 5 });
      assert.equal(r.rows.length, 5);
      assert.equal(r.truncated, true);
    });

    for (const sql of [
      'DELETE FROM "BookScraper.books"',
      'drop table books',
      'PRAGMA query_only = OFF',
      'EXPLAIN PRAGMA query_only = OFF',
      'SELECT 1; DROP TABLE "BookScraper.books"',
      'WITH x AS (SELECT 1) DELETE FROM "BookScraper.books"',
      "ATTACH DATABASE '/tmp/x.db' AS x",
    ]) {
      it(`refuses ${JSON.stringify(sql)} and leaves the store unchanged`, () => {
        assert.match(expectUserError(() => store.query(sql), 'query-refused'), /read-only/);
        assert.deepEqual(store.query('SELECT title FROM "BookScraper.books"').rows, [['a1']]);
        store.insertRecords('A', 'books', [{ title: 'still writable' }]);
        assert.equal(store.records('A', 'books').total, 2);
      });
    }

    it('relies on SQLite\'s own guard for writes hidden behind WITH', () => {
      assert.match(expectUserError(() => store.query('WITH x AS (SELECT 1) DELETE FROM "BookScraper.books"'), 'query-refused'), /tries to change the store/);
    });

    it('explains a failing query in terms of the store\'s tables', () => {
      assert.match(expectUserError(() => store.query('SELECT * FROM nope'), 'query-refused'), /no such table: nope.*rpa_sessions/);
    });
  });

  describe('secrets', () => {
    const secret = 'Hunter2-FINANCE-pw';
    beforeEach(() => {
      store.registerSecret(secret);
      store.createSession(sessionInfo('A'));
    });

    it('refuses records, log lines, inputs and errors that contain a registered secret', () => {
      assert.match(expectUserError(() => store.insertRecords('A', 'logins', [{ user: 'svc', password: secret }]), 'secret-refused'), /field "password" of dataset "logins"/);
      expectUserError(() => store.appendLog('A', { time: 1, level: 'info', message: `logging in with ${secret}` }), 'secret-refused');
      expectUserError(() => store.updateSession('A', { error: `login failed for ${secret}` }), 'secret-refused');
      expectUserError(() => store.createSession(sessionInfo('B', 'queued', { inputs: { pw: secret } })), 'secret-refused');
      assert.equal(store.records('A', 'logins').total, 0);
      assert.deepEqual(store.logs('A'), []);
    });

    it('redacts secrets so the engine can log safely', () => {
      const line = store.redact(`login as svc with ${secret} at ${secret}`);
      assert.ok(!line.includes(secret));
      store.appendLog('A', { time: 1, level: 'info', message: line });
      assert.equal(store.logs('A').length, 1);
    });
  });
});
