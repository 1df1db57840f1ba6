// External exports as a user sees the files: a shared SQLite database with typed tables, CSV (RFC 4180)
// and JSON per dataset, export scripts with clear failures, safe {session} paths, and no secrets.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createExporter, sessionFileComponent } from '../../../runtime/src/node/exports';
import { openMemoryStore } from '../../../runtime/src/node/open-store';
import { loadSqlJs } from '../../../runtime/src/node/sql-wasm';
import type { RecordValues } from '../../../runtime/src/session-types';
import type { ExportTarget, SessionExporter } from '../../../runtime/src/store/export-api';
import type { SqlSessionStore } from '../../../runtime/src/store/sql-session-store';
import { expectUserErrorAsync, filesContaining, sessionInfo, tempWorkspace } from '../store/store-helpers';

const BOOKS: RecordValues[] = [
  { title: 'A Light in the Attic', price: 51.77, inStock: true, note: null },
  { title: 'Quotes "inside", commas, and\r\nline breaks', price: 13.99, inStock: false, note: 'x' },
];

describe('exports', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: SqlSessionStore;
  let exporter: SessionExporter;
  const target = (format: ExportTarget['format'], path: string, datasets?: string[]): ExportTarget => ({ format, path, baseDir: ws.dir, ...(datasets ? { datasets } : {}) });
  const addSession = (id: string, books: RecordValues[] = BOOKS) => {
    store.createSession(sessionInfo(id, 'completed'));
    store.insertRecords(id, 'books', books);
  };

  beforeEach(async () => {
    ws = tempWorkspace('rpa-exports-');
    store = await openMemoryStore();
    store.defineDataset({ agent: 'BookScraper', dataset: 'books', columns: [{ name: 'title', type: 'text' }, { name: 'price', type: 'number' }, { name: 'inStock', type: 'boolean' }, { name: 'note', type: 'text' }] });
    exporter = createExporter({ store, scriptTimeoutMs: 2000 });
  });
  afterEach(async () => {
    await store.close();
    ws.dispose();
  });

  describe('database', () => {
    const query = async (file: string, sql: string) => {
      const SQL = await loadSqlJs();
      const db = new SQL.Database(readFileSync(join(ws.dir, file)));
      try {
        return db.exec(sql)[0]?.values ?? [];
      } finally {
        db.close();
      }
    };

    it('lets many sessions append to one SQLite file at once, one typed table per dataset with session_id', async () => {
      const ids = ['s1', 's2', 's3', 's4', 's5', 's6'];
      ids.forEach((id) => addSession(id));
      store.insertRecords('s1', 'details', [{ upc: 'a897fe39b1053632' }]);
      const results = await Promise.all(ids.map((id) => exporter.exportSession(id, target('database', 'out/books.sqlite'))));
      assert.deepEqual(results[0], { format: 'database', files: [join(ws.dir, 'out', 'books.sqlite')], records: 3 });
      assert.deepEqual(await query('out/books.sqlite', 'SELECT session_id, count(*) FROM books GROUP BY session_id'), ids.map((id) => [id, 2]));
      assert.deepEqual(await query('out/books.sqlite', "SELECT name, type FROM pragma_table_info('books')"), [['session_id', 'TEXT'], ['title', 'TEXT'], ['price', 'REAL'], ['inStock', 'INTEGER'], ['note', 'TEXT']]);
      assert.deepEqual(await query('out/books.sqlite', "SELECT title, price, inStock, note FROM books WHERE session_id = 's3' ORDER BY rowid"), BOOKS.map((b) => [b.title, b.price, b.inStock ? 1 : 0, b.note]));
      assert.deepEqual(await query('out/books.sqlite', 'SELECT session_id, upc FROM details'), [['s1', 'a897fe39b1053632']]);
      assert.deepEqual(await query('out/books.sqlite', 'PRAGMA integrity_check'), [['ok']]);
      assert.deepEqual(readdirSync(join(ws.dir, 'out')), ['books.sqlite'], 'no temporary or lock files are left behind');
    });

    it("replaces a session's earlier rows when it is exported again, and removes only its rows on request", async () => {
      addSession('s1');
      addSession('s2');
      await exporter.exportSession('s1', target('database', 'out/books.sqlite'));
      await exporter.exportSession('s2', target('database', 'out/books.sqlite'));
      await exporter.exportSession('s1', target('database', 'out/books.sqlite'));
      assert.deepEqual(await query('out/books.sqlite', 'SELECT session_id, count(*) FROM books GROUP BY session_id'), [['s1', 2], ['s2', 2]]);
      assert.equal(await exporter.removeSessionRows('s1', target('database', 'out/books.sqlite')), 2);
      assert.deepEqual(await query('out/books.sqlite', 'SELECT DISTINCT session_id FROM books'), [['s2']]);
    });

    it('takes over an export lock left by a process that died (kill -9 mid-export)', async () => {
      addSession('s1');
      mkdirSync(join(ws.dir, 'out'), { recursive: true });
      const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
      await new Promise((r) => dead.once('exit', r));
      writeFileSync(join(ws.dir, 'out', 'books.sqlite.lock'), `${dead.pid}\n`);
      await exporter.exportSession('s1', target('database', 'out/books.sqlite'));
      assert.deepEqual(await query('out/books.sqlite', 'SELECT count(*) FROM books'), [[2]]);
      assert.deepEqual(readdirSync(join(ws.dir, 'out')), ['books.sqlite']);
    });

    it('refuses to write into a file that is not an SQLite database', async () => {
      addSession('s1');
      writeFileSync(join(ws.dir, 'notes.sqlite'), 'my notes');
      assert.match(await expectUserErrorAsync(exporter.exportSession('s1', target('database', 'notes.sqlite')), 'export-failed'), /is not an SQLite database/);
      assert.equal(readFileSync(join(ws.dir, 'notes.sqlite'), 'utf8'), 'my notes');
    });
  });

  describe('{session} in PATH', () => {
    it('turns any session ID into one safe file name inside the export folder', async () => {
      const hostile = '../../etc/passwd';
      addSession(hostile);
      const r = await exporter.exportSession(hostile, target('json', 'out/{session}.json'));
      const name = sessionFileComponent(hostile);
      assert.equal(r.files[0], join(ws.dir, 'out', `${name}.json`));
      assert.match(name, /^[A-Za-z0-9._-]+$/);
      assert.ok(!name.startsWith('.'));
      assert.deepEqual(readdirSync(join(ws.dir, 'out')), [`${name}.json`]);
    });

    it('keeps different session IDs apart even when their safe names would collide', () => {
      assert.equal(sessionFileComponent('travel-1'), 'travel-1');
      assert.notEqual(sessionFileComponent('a/b'), sessionFileComponent('a_b'));
      assert.notEqual(sessionFileComponent('a/b'), sessionFileComponent('a:b'));
      assert.match(sessionFileComponent('CON'), /^_CON-[0-9a-f]{8}$/);
      assert.match(sessionFileComponent('..'), /^__-[0-9a-f]{8}$/);
      assert.ok(sessionFileComponent('x'.repeat(300)).length <= 89);
    });

    it('refuses a PATH that leads outside its folder or uses an unknown placeholder', async () => {
      addSession('s1');
      assert.match(await expectUserErrorAsync(exporter.exportSession('s1', target('csv', 'out/{session}/../../../escape.csv')), 'export-failed'), /leads outside its folder/);
      assert.match(await expectUserErrorAsync(exporter.exportSession('s1', target('csv', 'out/{sesion}.csv')), 'export-failed'), /placeholder \{sesion\}/);
    });
  });

  describe('csv and json', () => {
    it('writes RFC 4180 CSV with a header row, CRLF line ends and quoting, and reads back the same values', async () => {
      addSession('s1');
      await exporter.exportSession('s1', target('csv', 'out/books.csv'));
      const text = readFileSync(join(ws.dir, 'out', 'books.csv'), 'utf8');
      assert.ok(text.startsWith('session_id,title,price,inStock,note\r\n'));
      assert.ok(text.includes('"Quotes ""inside"", commas, and\r\nline breaks"'));
      assert.deepEqual(parse(text), [
        ['session_id', 'title', 'price', 'inStock', 'note'],
        ['s1', 'A Light in the Attic', '51.77', 'true', ''],
        ['s1', 'Quotes "inside", commas, and\r\nline breaks', '13.99', 'false', 'x'],
      ]);
    });

    it("shares one CSV between sessions and replaces only the exporting session's rows", async () => {
      addSession('s1');
      addSession('s2', [{ title: 'other', price: 1, inStock: true, note: null }]);
      await exporter.exportSession('s1', target('csv', 'out/books.csv'));
      await exporter.exportSession('s2', target('csv', 'out/books.csv'));
      store.insertRecords('s1', 'books', [{ title: 'late', price: 2, inStock: false, note: null }]);
      await exporter.exportSession('s1', target('csv', 'out/books.csv'));
      const rows = parse(readFileSync(join(ws.dir, 'out', 'books.csv'), 'utf8')) as string[][];
      assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1]]), [['s2', 'other'], ['s1', 'A Light in the Attic'], ['s1', BOOKS[1].title as string], ['s1', 'late']]);
    });

    it('writes one file per dataset: PATH.DATASET.ext, or where {dataset} is', async () => {
      addSession('s1');
      store.insertRecords('s1', 'details', [{ upc: 'u1' }]);
      const r = await exporter.exportSession('s1', target('json', 'out/{session}.json', ['books', 'details']));
      assert.deepEqual(r.files, [join(ws.dir, 'out', 's1.books.json'), join(ws.dir, 'out', 's1.details.json')]);
      assert.deepEqual(JSON.parse(readFileSync(r.files[1], 'utf8')), [{ session_id: 's1', upc: 'u1' }]);
      assert.deepEqual(JSON.parse(readFileSync(r.files[0], 'utf8')), BOOKS.map((b) => ({ session_id: 's1', ...b })));
      const c = await exporter.exportSession('s1', target('csv', 'csv/{dataset}-{session}.csv'));
      assert.deepEqual(c.files, [join(ws.dir, 'csv', 'books-s1.csv'), join(ws.dir, 'csv', 'details-s1.csv')]);
    });

    it('refuses to rewrite a JSON or CSV file it did not write', async () => {
      addSession('s1');
      writeFileSync(join(ws.dir, 'mine.json'), '{"settings": true}');
      writeFileSync(join(ws.dir, 'mine.csv'), 'a,b\r\n1,2\r\n');
      assert.match(await expectUserErrorAsync(exporter.exportSession('s1', target('json', 'mine.json')), 'export-failed'), /not an array of records with a session_id/);
      assert.match(await expectUserErrorAsync(exporter.exportSession('s1', target('csv', 'mine.csv')), 'export-failed'), /has no session_id column/);
      assert.equal(readFileSync(join(ws.dir, 'mine.json'), 'utf8'), '{"settings": true}');
    });
  });

  describe('script', () => {
    it("calls the module's default export with the session ID and its records by dataset", async () => {
      addSession('s1');
      const out = join(ws.dir, 'received.json');
      writeFileSync(join(ws.dir, 'push.mjs'), `import { writeFileSync } from 'node:fs';\nexport default async function (data) { console.log('pushing', data.sessionId); writeFileSync(${JSON.stringify(out)}, JSON.stringify(data)); }\n`);
      const r = await exporter.exportSession('s1', target('script', 'push.mjs'));
      assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { sessionId: 's1', datasets: { books: BOOKS } });
      assert.equal(r.records, 2);
      assert.equal(r.output, 'pushing s1\n');
    });

    it('calls a CommonJS function named export', async () => {
      addSession('s1');
      const out = join(ws.dir, 'cjs.txt');
      writeFileSync(join(ws.dir, 'push.cjs'), `exports.export = ({ sessionId, datasets }) => require('node:fs').writeFileSync(${JSON.stringify(out)}, sessionId + ':' + datasets.books.length);\n`);
      await exporter.exportSession('s1', target('script', 'push.cjs'));
      assert.equal(readFileSync(out, 'utf8'), 's1:2');
    });

    const failures: Array<[string, string, RegExp]> = [
      ['throws', 'export default function () { throw new Error("CRM rejected the batch"); }', /threw "CRM rejected the batch" \(at .*fails\.mjs:1/],
      ['hangs', 'export default function () { for (;;) {} }', /did not finish within 2s and was stopped/],
      ['exports no function', 'export const answer = 42;', /exports no function to call \(exports: answer\).*export default/],
      ['exits', 'export default function () { process.exit(4); }', /exited \(code 4\)/],
      ['does not parse', 'export default function ( {', /threw .*(Unexpected|Syntax)/i],
    ];
    for (const [what, source, expected] of failures) {
      it(`reports clearly when the script ${what}`, async () => {
        addSession('s1');
        writeFileSync(join(ws.dir, 'fails.mjs'), source + '\n');
        const msg = await expectUserErrorAsync(exporter.exportSession('s1', target('script', 'fails.mjs')), 'export-failed');
        assert.match(msg, /^The export script .*fails\.mjs failed for session "s1": /);
        assert.match(msg, expected);
      });
    }

    it('reports a missing script with the path it looked for', async () => {
      addSession('s1');
      assert.match(await expectUserErrorAsync(exporter.exportSession('s1', target('script', 'scripts/nope.mjs')), 'export-failed'), /scripts\/nope\.mjs .*does not exist/);
    });
  });

  it('never writes a secret into any export', async () => {
    const secret = 'pw-Frankfurt-4711!';
    store.registerSecret(secret);
    addSession('s1');
    await expectUserErrorAsync(Promise.resolve().then(() => store.insertRecords('s1', 'books', [{ title: secret }])), 'secret-refused');
    store.insertRecords('s1', 'books', [{ title: store.redact(`signed in with ${secret}`) }]);
    writeFileSync(join(ws.dir, 'copy.mjs'), `import { writeFileSync } from 'node:fs';\nexport default (d) => writeFileSync(${JSON.stringify(join(ws.dir, 'script-out.json'))}, JSON.stringify(d));\n`);
    for (const t of [target('database', 'e/b.sqlite'), target('csv', 'e/b.csv'), target('json', 'e/b.json'), target('script', 'copy.mjs')]) await exporter.exportSession('s1', t);
    assert.deepEqual(filesContaining(ws.dir, secret), []);
    assert.ok(readFileSync(join(ws.dir, 'e', 'b.csv'), 'utf8').includes('signed in with'));
  });
});
