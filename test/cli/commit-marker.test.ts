// `run --json` says which records are safe: session-committed events carry the records per dataset that
// are durable; after a kill -9 of the CLI the store holds at least what the last of them announced.
import { strict as assert } from 'node:assert';
import { openSessionStore } from '../../runtime/src/node/open-store';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { runCli, TempDir } from './cli-harness';
import { jsonLines, LiveCli } from './runtime-harness';

const workspace = (siteUrl: string) => ({
  'main.rpa': `
bot B {
  mode: secure
  licensedSecureSessions: 1
  configurator { login { user: "u", password: secret("NOT_NEEDED") }, maxSecureSessions: 1 }
  manager { maxSecureSessions: 1, description: "commit marker tests" }
}
agent Slow {
  sessions: multiple
  sessionTimeout: 30m
  input { baseUrl: "${siteUrl}" }
  steps {
    open "{baseUrl}/catalogue/category/travel/index.html"
    visit each "h3 a" max 20 {
      extract details { title: text("h1") }
      wait 150ms
    }
  }
}
run R { bot: B, agent: Slow, session "s1" {} }
`,
});

interface Committed {
  type: 'session-committed';
  id: string;
  datasets: Record<string, number>;
  records: number;
}

describe('rpa-sessions run --json: commit markers', function () {
  this.timeout(40_000);
  let site: SiteServer;
  let tmp: TempDir;
  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  after(() => site.close());
  beforeEach(() => {
    tmp = new TempDir().write(workspace(site.url));
  });
  afterEach(() => tmp.dispose());

  it('announces the durable records per dataset after each commit, the last one before the session ends', async () => {
    const r = await runCli(['run', 'main.rpa', '--run', 'R', '--json'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const events = jsonLines(r.stdout);
    const committed = events.filter((e): e is typeof e & Committed => e.type === 'session-committed');
    assert.ok(committed.length >= 2, `several commits while the session runs: ${committed.map((c) => c.records).join(', ')}`);
    let reported = 0;
    let last = 0;
    for (const e of events) {
      if (e.type === 'session-records') reported += e.count as number;
      if (e.type === 'session-committed') {
        const c = e as unknown as Committed;
        assert.ok(c.records > last && c.records <= reported, 'counts only grow and never run ahead of what was reported');
        assert.equal(c.records, c.datasets.details);
        last = c.records;
      }
    }
    const endAt = events.findIndex((e) => e.type === 'session-ended');
    const lastCommitAt = events.map((e) => e.type).lastIndexOf('session-committed');
    assert.ok(lastCommitAt < endAt, 'the final commit is announced before the session ends');
    assert.equal(last, 20);
  });

  it('after kill -9 the store holds at least the records the last session-committed announced', async () => {
    const cli = new LiveCli(['run', 'main.rpa', '--run', 'R', '--json'], tmp.path);
    let announced = 0;
    try {
      const m = await cli.waitFor(/"type":"session-committed"[^\n]*"records":([3-9]|1\d)\b/);
      assert.ok(m);
      cli.signal('SIGKILL');
      await cli.exit();
      for (const e of jsonLines(cli.stdout.slice(0, cli.stdout.lastIndexOf('\n') + 1))) if (e.type === 'session-committed') announced = e.records as number;
    } finally {
      cli.kill();
    }
    assert.ok(announced >= 3);
    const { store, recovery } = await openSessionStore(tmp.path);
    try {
      assert.deepEqual(recovery.interrupted, ['s1']);
      const kept = store.records('s1', 'details').total;
      assert.ok(kept >= announced, `kept ${kept} of the ${announced} announced as committed`);
    } finally {
      await store.close();
    }
  });
});
