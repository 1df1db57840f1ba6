// Export paths as users write them, end to end through the built CLI: the sample workspace's input
// placeholder works, `{dataset}` is checked where it applies, and a failed export fails the run (exit 1).
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { parseCheckJson, REPO, runCli, TempDir } from './cli-harness';

const agent = (siteUrl: string, exportLine: string) => `
agent Prices {
  sessions: multiple
  sessionTimeout: 30m
  input { baseUrl: "${siteUrl}", category: "poetry", label: "hourly" }
  ${exportLine}
  steps {
    open "{baseUrl}/catalogue/category/{category}/index.html"
    extract prices each "article.product_pod" { title: attr("h3 a", "title") }
  }
}
`;

describe('rpa-sessions: export paths', function () {
  this.timeout(40_000);
  let site: SiteServer;
  let tmp: TempDir;
  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  after(() => site.close());
  beforeEach(() => {
    tmp = new TempDir();
  });
  afterEach(() => tmp.dispose());

  it("runs the sample workspace's HourlyPrices and writes its {label}-{session} JSON exports", async () => {
    cpSync(join(REPO, 'examples', 'workspace'), tmp.path, { recursive: true });
    const check = await runCli(['check', '--format', 'json', '.'], { cwd: tmp.path });
    assert.deepEqual(parseCheckJson(check.stdout).diagnostics, []);
    const r = await runCli(['run', 'runs.rpa', '--run', 'HourlyPrices', '--input', `baseUrl=${site.url}`, '--json'], {
      cwd: tmp.path,
      env: { ARCHIVE_BOT_PASSWORD: 'not-used-by-this-agent' },
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const files = readdirSync(tmp.join('out', 'prices')).sort();
    assert.equal(files.length, 2, files.join(', '));
    for (const f of files) assert.match(f, /^hourly-[0-9a-f-]{36}\.json$/);
    const rows = JSON.parse(readFileSync(tmp.join('out', 'prices', files[0]), 'utf8'));
    assert.ok(JSON.stringify(rows).includes('"price"'), 'the export holds the records');
  });

  it('checks {dataset}: fine for csv and json, an invalid-value with a fix for a database export', async () => {
    tmp.write({ 'a.rpa': agent(site.url, 'export csv "out/{dataset}/{label}-{session}.csv"') });
    assert.deepEqual(parseCheckJson((await runCli(['check', '--format', 'json', '.'], { cwd: tmp.path })).stdout).diagnostics, []);
    tmp.write({ 'a.rpa': agent(site.url, 'export database "out/{dataset}.sqlite"') });
    const r = await runCli(['check', '--format', 'json', '.'], { cwd: tmp.path });
    const [d] = parseCheckJson(r.stdout).diagnostics;
    assert.equal(d.code, 'invalid-value');
    assert.match(d.message, /'\{dataset\}' names the file of one dataset, but a database export writes every dataset into one file/);
    tmp.write({ 'a.rpa': agent(site.url, 'export json "out/{lable}.json"') });
    const typo = parseCheckJson((await runCli(['check', '--format', 'json', '.'], { cwd: tmp.path })).stdout).diagnostics;
    assert.deepEqual(typo.map((x) => x.code), ['unknown-input']);
    assert.match(typo[0].message, /Did you mean 'label'\?/);
  });

  it('fails the session and exits 1 when its export fails, keeping its records in the store', async () => {
    tmp.write({ 'a.rpa': agent(site.url, 'export json "out/prices.json"') });
    mkdirSync(tmp.join('out', 'prices.json'), { recursive: true }); // a folder where the export file should go
    tmp.write({
      'runs.rpa': `
bot B {
  mode: secure
  licensedSecureSessions: 1
  configurator { login { user: "u", password: secret("NOT_NEEDED") }, maxSecureSessions: 1 }
  manager { maxSecureSessions: 1, description: "export tests" }
}
run R { bot: B, agent: Prices, session "p1" {} }
`,
    });
    const run = await runCli(['run', 'runs.rpa', '--run', 'R', '--json'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const ended = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.type === 'session-ended');
    assert.equal(ended.status, 'failed');
    assert.match(ended.error, /The steps completed, but the export to json "out\/prices.json" failed: .*The records are kept in the session store/);
    const data = await runCli(['sessions', 'data', 'p1', '--format', 'json'], { cwd: tmp.path });
    assert.equal(data.code, 0, data.stderr);
    assert.ok(JSON.parse(data.stdout).datasets[0].rows.length > 0, data.stdout);
  });
});
