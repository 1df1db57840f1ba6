// Datasets are per agent: two agents that name a dataset alike keep their own columns in the store and
// in their exports; stores written before (one table per dataset name) are migrated when opened.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '../../../runtime/src/node/open-store';
import { openSessionRuntime, type SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { loadSqlJs } from '../../../runtime/src/node/sql-wasm';
import { encodeFrame, WalWriter } from '../../../runtime/src/node/wal-file';
import { startTestSite, WORKER_SCRIPT, type TestSite } from '../engine/engine-harness';

const twoAgents = (url: string, exportLine: (agent: string) => string) => `
agent Prices {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}" }
  ${exportLine('Prices')}
  steps {
    open "{base}/items?tag=p&n=2"
    extract items each "li.item" { title: text("span"), price: "9.5" as number }
  }
}
agent Ratings {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}" }
  ${exportLine('Ratings')}
  steps {
    open "{base}/items?tag=r&n=3"
    extract items each "li.item" { title: text("span"), stars: "4" as integer }
  }
}
`;

describe('session store: datasets per agent', function () {
  this.timeout(30_000);
  let site: TestSite;
  let dir: string;
  let rt: SessionRuntime | undefined;
  before(async () => {
    site = await startTestSite();
  });
  after(() => site.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-agent-datasets-'));
  });
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function runBoth(exportLine: (agent: string) => string): Promise<SessionRuntime> {
    writeFileSync(join(dir, 'agents.rpa'), twoAgents(site.url, exportLine));
    rt = await openSessionRuntime({ workspaceDir: dir, pool: { script: WORKER_SCRIPT, warm: 1 } });
    for (const [agent, sessionId] of [['Prices', 'p-1'], ['Ratings', 'r-1']]) {
      rt.engine.startSession({ agent, sessionId });
      await rt.engine.whenEnded(sessionId);
    }
    return rt;
  }

  it('keeps each agent\'s columns apart in the store and in its json export (no foreign null columns)', async () => {
    const runtime = await runBoth((agent) => `export json "out/${agent}-{session}.json"`);
    assert.equal(runtime.store.getSession('p-1')?.status, 'completed', runtime.store.getSession('p-1')?.error);
    assert.deepEqual(runtime.store.records('p-1', 'items').rows[0], { title: 'p-1', price: 9.5 });
    assert.deepEqual(runtime.store.records('r-1', 'items').rows[0], { title: 'r-1', stars: 4 });
    assert.deepEqual(runtime.store.datasetSchema('Prices', 'items')?.columns.map((c) => c.name), ['title', 'price']);
    assert.deepEqual(runtime.store.datasetSchema('Ratings', 'items')?.columns.map((c) => c.name), ['title', 'stars']);
    const prices = JSON.parse(readFileSync(join(dir, 'out', 'Prices-p-1.json'), 'utf8'));
    const ratings = JSON.parse(readFileSync(join(dir, 'out', 'Ratings-r-1.json'), 'utf8'));
    assert.ok(JSON.stringify(prices).includes('"price":9.5') && !JSON.stringify(prices).includes('stars'), JSON.stringify(prices));
    assert.ok(JSON.stringify(ratings).includes('"stars":4') && !JSON.stringify(ratings).includes('price'), JSON.stringify(ratings));
    assert.deepEqual(
      runtime.store.query('SELECT count(*) FROM "Prices.items"').rows,
      [[2]],
      'each agent dataset is a table of its own, named "Agent.dataset"',
    );
    assert.match(
      (() => {
        try {
          runtime.store.query('SELECT * FROM items');
          return '';
        } catch (e) {
          return (e as Error).message;
        }
      })(),
      /no such table: items\. Datasets are per agent: did you mean "Prices\.items" or "Ratings\.items"\?/,
    );
  });

  it('refuses the second agent that exports a same-named dataset into one database file, and says why', async () => {
    const runtime = await runBoth(() => 'export database "out/shared.sqlite"');
    assert.equal(runtime.store.getSession('p-1')?.status, 'completed');
    const second = runtime.store.getSession('r-1');
    assert.equal(second?.status, 'failed');
    assert.match(second?.error ?? '', /already holds the dataset "items" of agent Prices, and datasets are per agent.*Export agent Ratings into another file/);
    assert.equal(runtime.store.records('r-1', 'items').total, 3, 'the failed export keeps the records in the store');
  });

  it('migrates a store that kept one table per dataset name, splitting it by agent with only the columns each filled', async () => {
    const storeDir = join(dir, '.rpa');
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(join(storeDir, 'sessions.sqlite'), await formatOneStore());
    const { store } = await openSessionStore(dir);
    try {
      assert.deepEqual(store.records('p-1', 'items').rows, [{ title: 'a', price: 1.5 }, { title: 'b', price: 2 }]);
      assert.deepEqual(store.records('r-1', 'items').rows, [{ title: 'c', stars: 5 }]);
      assert.deepEqual(store.datasets('r-1'), [{ dataset: 'items', count: 1 }]);
      assert.deepEqual(store.datasetSchemas().map((s) => [s.agent, s.dataset, s.columns.map((c) => `${c.name}:${c.type}`).join(',')]), [
        ['Prices', 'items', 'title:text,price:number'],
        ['Ratings', 'items', 'title:text,stars:integer'],
      ]);
      assert.deepEqual(store.query("SELECT count(*) FROM sqlite_master WHERE name = 'items'").rows, [[0]], 'the shared table is gone');
    } finally {
      await store.close();
    }
    // Reopened: the migrated snapshot is read as it is.
    const again = await openSessionStore(dir);
    assert.equal(again.store.records('p-1', 'items').total, 2);
    await again.store.close();
  });

  it('replays a journal written before datasets were per agent', async () => {
    const storeDir = join(dir, '.rpa');
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(join(storeDir, 'sessions.sqlite'), await formatOneStore());
    const wal = WalWriter.open(join(storeDir, 'sessions.wal'), 0);
    const session = { id: 'p-2', agent: 'Prices', status: 'running', inputs: {}, progress: { pages: 0, records: 0, errors: 0 }, queuedAt: 5 };
    wal.append(encodeFrame(2, { op: 'defineDataset', schema: { dataset: 'items', columns: [{ name: 'title', type: 'text' }, { name: 'price', type: 'number' }, { name: 'stars', type: 'integer' }] } } as never));
    wal.append(encodeFrame(3, { op: 'createSession', info: session } as never));
    wal.append(encodeFrame(4, { op: 'insertRecords', sessionId: 'p-2', dataset: 'items', columns: ['title', 'price', 'stars'], values: ['z', 3.25, null] }));
    wal.flush();
    await wal.sync();
    wal.close();
    const { store, recovery } = await openSessionStore(dir);
    try {
      assert.equal(recovery.replayedOps, 3);
      assert.deepEqual(store.records('p-2', 'items').rows, [{ title: 'z', price: 3.25 }]);
      assert.deepEqual(store.records('p-1', 'items').total, 2);
    } finally {
      await store.close();
    }
  });
});

/** A store file as format 1 wrote it: one "items" table shared by agents Prices and Ratings. */
async function formatOneStore(): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec(`
    CREATE TABLE rpa_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO rpa_meta VALUES ('schema', '1'), ('seq', '1');
    CREATE TABLE rpa_sessions (id TEXT PRIMARY KEY, agent TEXT NOT NULL, run TEXT, bot TEXT, status TEXT NOT NULL, inputs TEXT NOT NULL, error TEXT,
      queued_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, cleanup_at INTEGER, records_removed_at INTEGER);
    INSERT INTO rpa_sessions (id, agent, status, inputs, queued_at) VALUES ('p-1', 'Prices', 'completed', '{}', 1), ('r-1', 'Ratings', 'completed', '{}', 2);
    CREATE TABLE rpa_datasets (dataset TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (dataset, position)) WITHOUT ROWID;
    INSERT INTO rpa_datasets VALUES ('items', 0, 'title', 'text'), ('items', 1, 'price', 'number'), ('items', 2, 'stars', 'integer');
    CREATE TABLE "items" (session_id TEXT NOT NULL, "title" TEXT, "price" REAL, "stars" INTEGER);
    CREATE INDEX "rpa_idx_items" ON "items" (session_id);
    INSERT INTO "items" VALUES ('p-1', 'a', 1.5, NULL), ('r-1', 'c', NULL, 5), ('p-1', 'b', 2, NULL);
  `);
  const bytes = db.export();
  db.close();
  return bytes;
}
