// The session store kept outside the workspace's .rpa/: `--store DIR` and RPA_STORE on run and
// sessions, the hint naming --store, and a URL refused with the fix (nothing written anywhere).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { runCli, TempDir } from './cli-harness';
import { booksWorkspace } from './runtime-harness';

describe('rpa-sessions --store (the session store in another folder)', function () {
  this.timeout(60_000);
  let site: SiteServer;
  let tmp: TempDir;

  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  beforeEach(() => {
    tmp = new TempDir().write(booksWorkspace(site.url));
  });
  afterEach(() => tmp.dispose());
  after(() => site.close());

  it('run --store DIR records there, sessions --store DIR reads it, and the workspace .rpa/ holds no store', async () => {
    const run = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--store', 'elsewhere/store'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr); // t-missing fails by design
    assert.match(run.stdout, /sessions data \S+ --store elsewhere\/store/);
    assert.ok(existsSync(join(tmp.path, 'elsewhere', 'store', 'sessions.sqlite')) || existsSync(join(tmp.path, 'elsewhere', 'store', 'sessions.wal')));
    const rpa = join(tmp.path, '.rpa');
    assert.ok(!existsSync(rpa) || !readdirSync(rpa).some((f) => f.startsWith('sessions.')), 'no session store under .rpa/');

    const listed = await runCli(['sessions', 'list', '--store', 'elsewhere/store'], { cwd: tmp.path, timeoutMs: 20_000 });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^t-travel\s+completed/m);
    const data = await runCli(['sessions', 'data', 't-travel', '--format', 'json'], { cwd: tmp.path, timeoutMs: 20_000, env: { RPA_STORE: join(tmp.path, 'elsewhere', 'store') } });
    assert.equal(data.code, 0, data.stderr);
    const pages = (JSON.parse(data.stdout) as { datasets: Array<{ dataset: string; total: number }> }).datasets;
    assert.equal(pages.find((p) => p.dataset === 'books')?.total, 20);

    const plain = await runCli(['sessions', 'list'], { cwd: tmp.path, timeoutMs: 20_000 });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /No sessions are recorded in .* \(it has no \.rpa\/ session store yet\)\..*--store DIR/);
  });

  it('refuses a URL that is no store (a postgres:// one is the fleet\'s) with the fix, and records nothing', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--store', 'https://rpa:hunter2@store.example/rpa'], { cwd: tmp.path, timeoutMs: 20_000 });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^rpa-sessions: error: The session store location "https:\/\/…@store\.example\/rpa" is a URL; give a folder on this machine/m);
    assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
    assert.ok(!existsSync(join(tmp.path, '.rpa', 'sessions.wal')));
  });
});
