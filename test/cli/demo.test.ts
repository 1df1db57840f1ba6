// `rpa-sessions demo` end to end: the example site on 127.0.0.1, three secure sessions of the example
// run configuration, record counts and samples, a scratch workspace removed (or kept with --keep).
import { strict as assert } from 'node:assert';
import { existsSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli, TempDir } from './cli-harness';
import { jsonLines } from './runtime-harness';

describe('rpa-sessions demo', function () {
  this.timeout(60_000);
  let tmp: TempDir;
  before(() => (tmp = new TempDir()));
  after(() => tmp.dispose());

  it('scrapes the example site in three parallel secure sessions and prints each one\'s records', async () => {
    const r = await runCli(['demo', '--port', '0'], { cwd: tmp.path, timeoutMs: 45_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /the example book catalogue is served on http:\/\/127\.0\.0\.1:\d+ \(loopback only\)/);
    assert.match(r.stdout, /Demo run NightlyBooks — 3 sessions: 3 completed/);
    // Every category's books and their detail pages (examples/site: travel 45, poetry 41, crime 27).
    assert.match(r.stdout, /^travel-1: 45 books, 45 details$/m);
    assert.match(r.stdout, /^poetry-1: 41 books, 41 details$/m);
    assert.match(r.stdout, /^crime-1: 27 books, 27 details$/m);
    assert.match(r.stdout, /^books — records 1–3 of 45\ntitle\s+price\s+inStock\n[- ]+\n\S.*\s\d+(\.\d+)?\s+(true|false)$/m);
    // The scratch workspace (its store and export) is gone afterwards.
    const scratch = /Exported 90 records to (.*?)[\\/]out[\\/]books\.sqlite/.exec(r.stdout)?.[1];
    assert.ok(scratch, 'the export is logged');
    assert.ok(!existsSync(scratch), `${scratch} is removed`);
    assert.match(r.stdout, /add --keep to keep it/);
    assert.match(r.stdout, /Next, try:\n {2}rpa-sessions check examples\/workspace .*\n {2}rpa-sessions serve .*\n {2}rpa-sessions run examples\/workspace\/runs\.rpa /);
  });

  it('--keep keeps the demo workspace, whose sessions the sessions command then reads', async () => {
    const r = await runCli(['demo', '--port', '0', '--keep'], { cwd: tmp.path, timeoutMs: 45_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const kept = /The demo workspace is kept in (\S+)\./.exec(r.stdout)?.[1];
    assert.ok(kept && existsSync(kept), r.stdout);
    try {
      assert.match(r.stdout, new RegExp(`See a session's records with: rpa-sessions sessions data travel-1 --workspace ${kept.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const list = await runCli(['sessions', 'list', '--workspace', kept, '--json'], { cwd: tmp.path });
      const ids = (JSON.parse(list.stdout) as { sessions: Array<{ id: string; status: string }> }).sessions.map((s) => `${s.id} ${s.status}`);
      assert.deepEqual(ids.sort(), ['crime-1 completed', 'poetry-1 completed', 'travel-1 completed']);
      assert.ok(existsSync(`${kept}/out/books.sqlite`));
    } finally {
      rmSync(kept, { recursive: true, force: true });
    }
  });

  it('--json prints the run\'s events and summary only', async () => {
    const r = await runCli(['demo', '--port', '0', '--json'], { cwd: tmp.path, timeoutMs: 45_000 });
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    const summary = lines[lines.length - 1] as unknown as { type: string; sessions: Array<{ id: string; records: number }> };
    assert.equal(summary.type, 'run-summary');
    assert.deepEqual(summary.sessions.map((s) => [s.id, s.records]), [['travel-1', 90], ['poetry-1', 82], ['crime-1', 54]]);
  });

  it('a port already in use is a clear error (exit 2)', async () => {
    const busy = http.createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    try {
      const port = (busy.address() as AddressInfo).port;
      const r = await runCli(['demo', '--port', String(port)], { cwd: tmp.path });
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      await new Promise<void>((ok) => busy.close(() => ok()));
    }
  });
});
