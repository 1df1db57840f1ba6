// The PostgreSQL session store against a real server on loopback: migration once for concurrent
// openers, sessions and logs, idempotent records, completion with its last records, isolation, secrets.
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { SCHEMA_VERSION } from '../../runtime/src/fleet/pg-schema';
import type { SessionInfo } from '../../runtime/src/session-types';
import { startFleetServices, type FleetServices } from '../support/fleet-services';

function session(id: string, agent = 'Books'): SessionInfo {
  return { id, agent, run: 'Nightly', status: 'running', inputs: { category: 'travel' }, progress: { pages: 0, records: 0, errors: 0 }, queuedAt: 1_700_000_000_000 };
}

const books = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ title: `book ${from + i}`, price: 10 + (from + i) / 4, inStock: (from + i) % 2 === 0 }));

describe('PostgreSQL session store', function () {
  this.timeout(60_000);
  let services: FleetServices;
  let store: PgSessionStore;

  before(async () => {
    services = startFleetServices();
    // Three processes' worth of openers at once: the schema is created once, none fails.
    const opened = await Promise.all([1, 2, 3].map(() => PgSessionStore.open(services.storeUrl)));
    [store] = opened;
    await Promise.all(opened.slice(1).map((s) => s.close()));
  });
  after(async () => {
    await store?.close();
    services?.stop();
  });

  it('creates its tables once and records the schema version', async () => {
    const c = new Client({ connectionString: services.storeUrl });
    await c.connect();
    try {
      const version = await c.query(`SELECT value FROM rpa_meta WHERE key = 'schema_version'`);
      assert.equal(version.rows[0].value, String(SCHEMA_VERSION));
      const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r: { tablename: string }) => r.tablename);
      assert.deepEqual(tables, ['rpa_cancels', 'rpa_cleanups', 'rpa_datasets', 'rpa_logs', 'rpa_meta', 'rpa_progress', 'rpa_sessions', 'rpa_workers']);
    } finally {
      await c.end();
    }
  });

  it('stores sessions with their progress and logs, and refuses a session ID still taken', async () => {
    await store.createSession(session('pg-1'));
    const got = await store.getSession('pg-1');
    assert.deepEqual(got, session('pg-1'));
    await assert.rejects(store.createSession(session('pg-1')), (e: Error & { code?: string }) => e.code === 'duplicate-session-id' && /already exists/.test(e.message));
    await store.updateSession('pg-1', { progress: { pages: 2, records: 40, errors: 0, currentUrl: 'http://127.0.0.1/p2' } });
    await store.appendLog('pg-1', { time: 1, level: 'info', message: 'opened the catalogue' });
    assert.deepEqual((await store.getSession('pg-1'))?.progress, { pages: 2, records: 40, errors: 0, currentUrl: 'http://127.0.0.1/p2' });
    assert.deepEqual(await store.logs('pg-1'), [{ time: 1, level: 'info', message: 'opened the catalogue' }]);
    assert.deepEqual((await store.listSessions({ run: 'Nightly' })).map((s) => s.id), ['pg-1']);
  });

  it('writes records idempotently by record number: a redelivered batch adds nothing, typed values come back typed', async () => {
    await store.createSession(session('pg-2'));
    assert.equal(await store.commit('pg-2', [{ dataset: 'books', firstRecordNo: 0, rows: books(0, 30) }]), 30);
    // The same session retried on another worker: records 0–29 again, then 30–39.
    assert.equal(await store.commit('pg-2', [{ dataset: 'books', firstRecordNo: 0, rows: books(0, 40) }]), 10);
    const page = await store.records('pg-2', 'books', { offset: 38, limit: 5 });
    assert.equal(page.total, 40);
    assert.deepEqual(page.rows, [
      { title: 'book 38', price: 19.5, inStock: true },
      { title: 'book 39', price: 19.75, inStock: false },
    ]);
    assert.deepEqual(await store.datasets('pg-2'), [{ dataset: 'books', count: 40 }]);
  });

  it("commits a session's completion with its last records, or neither when a record is refused", async () => {
    await store.createSession(session('pg-3'));
    const completed = { status: 'completed' as const, endedAt: 1_700_000_100_000, progress: { pages: 1, records: 5, errors: 0 } };
    await assert.rejects(store.commit('pg-3', [{ dataset: 'books', firstRecordNo: 0, rows: [...books(0, 4), { title: 'bad', price: 'n/a' as unknown as number, inStock: true }] }], completed), /field "price" is stored as number/);
    assert.equal((await store.getSession('pg-3'))?.status, 'running');
    assert.equal((await store.records('pg-3', 'books')).total, 0);
    await store.commit('pg-3', [{ dataset: 'books', firstRecordNo: 0, rows: books(0, 5) }], completed);
    const done = await store.getSession('pg-3');
    assert.equal(done?.status, 'completed');
    assert.equal((await store.records('pg-3', 'books')).total, 5);
  });

  it("keeps sessions apart: one session's handle never reads another's records, and agents' datasets are separate tables", async () => {
    await store.createSession(session('pg-4', 'Prices'));
    await store.commit('pg-4', [{ dataset: 'books', firstRecordNo: 0, rows: [{ sku: 'x1', amount: 3 }] }]);
    assert.deepEqual((await store.records('pg-4', 'books')).rows, [{ sku: 'x1', amount: 3 }]);
    assert.equal((await store.records('pg-2', 'books')).total, 40);
    assert.equal((await store.records('no-such-session', 'books')).total, 0);
    assert.deepEqual(store.datasetSchema('Prices', 'books')?.columns.map((c) => c.name), ['sku', 'amount']);
  });

  it('refuses to store a secret and masks it in logs', async () => {
    store.registerSecret('hunter2-secret');
    await store.createSession(session('pg-5'));
    await store.appendLog('pg-5', { time: 2, level: 'warn', message: 'login with hunter2-secret failed' });
    assert.doesNotMatch(JSON.stringify(await store.logs('pg-5')), /hunter2/);
    await assert.rejects(store.commit('pg-5', [{ dataset: 'books', firstRecordNo: 0, rows: [{ title: 'hunter2-secret', price: 1, inStock: true }] }]));
    assert.equal((await store.records('pg-5', 'books')).total, 0);
  });

  it('reports a server it cannot reach without printing the password', async () => {
    const url = services.storeUrl.replace('postgres://rpa@', 'postgres://rpa:s3cr3t-pw@').replace(/:(\d+)\//, ':1/');
    await assert.rejects(PgSessionStore.open(url), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'store-unavailable');
      assert.match(e.message, /^The session store at postgres:\/\/rpa:•••@127\.0\.0\.1:1\/rpa_sessions could not be opened: .*ECONNREFUSED/);
      assert.doesNotMatch(e.message, /s3cr3t-pw/);
      return true;
    });
  });
});
