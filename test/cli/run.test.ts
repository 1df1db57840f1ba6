// `rpa-sessions run` against the example site on 127.0.0.1: plain progress lines, --json events and
// summary, --input, --session-id, a failing session among good ones, refusals, Ctrl-C, and TTY bars.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { runCli, TempDir } from './cli-harness';
import { booksWorkspace, jsonLines, LiveCli } from './runtime-harness';

interface SummaryLine {
  type: 'run-summary';
  exitCode: number;
  sessions: Array<{ id: string; status: string; records: number; datasets: Record<string, number>; error?: string }>;
}

describe('rpa-sessions run', function () {
  this.timeout(40_000);
  let site: SiteServer;
  let tmp: TempDir;

  before(async () => {
    site = await startSiteServer({ port: 0 });
  });
  after(async () => {
    await site.close();
  });
  beforeEach(() => {
    tmp = new TempDir().write(booksWorkspace(site.url));
  });
  afterEach(() => tmp.dispose());

  it('runs every session, shows the queue and progress as plain lines, and exits 1 when one fails while the others complete', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Cats'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // Two secure sessions at once (the bot's limit): the third waits in the queue, visibly.
    assert.match(r.stdout, /^t-missing: queued \(position 3 in the queue\)$/m);
    assert.match(r.stdout, /^t-travel: running$/m);
    assert.match(r.stdout, /^t-travel: completed — 1 page, 20 records in [\d.]+s$/m);
    assert.match(r.stdout, /^t-poetry: completed — 1 page, 20 records/m);
    assert.match(r.stdout, /^t-missing: failed — .*HTTP 404/m);
    // The summary: one row per session with records per dataset, and the failure's reason in full.
    assert.match(r.stdout, /Run Cats — 3 sessions: 2 completed, 1 failed/);
    assert.match(r.stdout, /^t-travel\s+completed\s+1\s+20\s+books 20\s/m);
    assert.match(r.stdout, /^t-missing failed: .*no-such-category.*\(step 'open' at agents\.rpa:8\)$/m, 'the step is named by its file and line');
    assert.doesNotMatch(r.stdout + r.stderr, /file:\/\//, 'paths are shown relative to the workspace, never as URIs');
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
    assert.ok(existsSync(tmp.join('out', 'books.sqlite')), 'completed sessions are exported to the database');
  });

  it('--json prints one engine event per line and a final run summary', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--json'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stderr);
    const lines = jsonLines(r.stdout);
    const types = new Set(lines.map((l) => l.type));
    for (const t of ['session-queued', 'session-started', 'session-progress', 'session-ended']) assert.ok(types.has(t), `no ${t} event in ${[...types].join(', ')}`);
    const summary = lines[lines.length - 1] as unknown as SummaryLine;
    assert.equal(summary.type, 'run-summary');
    assert.equal(summary.exitCode, 1);
    const byId = Object.fromEntries(summary.sessions.map((s) => [s.id, s]));
    assert.deepEqual(byId['t-travel'].datasets, { books: 20 });
    assert.equal(byId['t-poetry'].status, 'completed');
    assert.equal(byId['t-missing'].status, 'failed');
    assert.match(byId['t-missing'].error ?? '', /404/);
  });

  it('--input overrides an input for every session, typed like its default', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free', '--input', 'category=crime', '--input', 'batch=7', '--json'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    const queued = lines.filter((l) => l.type === 'session-queued') as unknown as Array<{ session: { id: string; inputs: Record<string, unknown> } }>;
    assert.equal(new Set(queued.map((q) => q.session.id)).size, 2, 'two sessions with generated IDs');
    for (const q of queued) assert.deepEqual(q.session.inputs, { baseUrl: site.url, category: 'crime', batch: 7 });
    const summary = lines[lines.length - 1] as unknown as SummaryLine;
    // The crime listing's first page has 20 books.
    assert.deepEqual(summary.sessions.map((s) => s.datasets.books), [20, 20]);
  });

  it('--session-id runs one session: any new ID for a run without session entries, one of its entries otherwise', async () => {
    const free = await runCli(['run', 'runs.rpa', '--run', 'Free', '--session-id', 'order 42/a'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(free.code, 0, free.stderr);
    assert.match(free.stdout, /Run Free — 1 session: 1 completed/);
    assert.match(free.stdout, /^order 42\/a\s+completed/m);

    const named = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--session-id', 't-poetry', '--json'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(named.code, 0, named.stderr);
    const queued = jsonLines(named.stdout).filter((l) => l.type === 'session-queued') as unknown as Array<{ session: { id: string; inputs: Record<string, unknown> } }>;
    assert.deepEqual(queued.map((q) => [q.session.id, q.session.inputs.category]), [['t-poetry', 'poetry']]);

    const other = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--session-id', 'x-1'], { cwd: tmp.path });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /run Cats names its sessions \("t-travel", "t-poetry", "t-missing"\), so --session-id selects one of them/);
  });

  it('refuses a session ID that is still taken, naming the fix (exit 1)', async () => {
    assert.equal((await runCli(['run', 'runs.rpa', '--run', 'Cats', '--session-id', 't-travel'], { cwd: tmp.path, timeoutMs: 30_000 })).code, 0);
    const again = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--session-id', 't-travel'], { cwd: tmp.path });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /"t-travel".*already exists.*sessions close t-travel/s);
  });

  it('refuses a workspace with errors, listing them compactly, and starts nothing (exit 1)', async () => {
    tmp.write({ 'runs.rpa': 'run Cats {\n  bot: TestBot\n  agent: Books\n  mode: desktop\n}\n' });
    const r = await runCli(['run', 'runs.rpa', '--run', 'Cats'], { cwd: tmp.path });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Run Cats refused: the workspace in the current folder has 1 error/);
    assert.match(r.stderr, /^ {2}runs\.rpa:4:9: mode-mismatch: /m);
    assert.equal(r.stdout, '');
    assert.ok(!existsSync(tmp.join('.rpa', 'sessions.wal')), 'no session store was opened');
  });

  it('names the problem for an unknown run, a missing file, a run declared elsewhere and a bad --input (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['run', 'runs.rpa', '--run', 'Catz'], /There is no run named "Catz".*Did you mean 'Cats'\?/s],
      [['run', 'nope.rpa', '--run', 'Cats'], /nope\.rpa: cannot read it: no such file or folder/],
      [['run', 'agents.rpa', '--run', 'Cats'], /Run configuration "Cats" is declared in runs\.rpa, not in agents\.rpa/],
      [['run', 'runs.rpa', '--run', 'Cats', '--input', 'category'], /--input "category": expected NAME=VALUE/],
      [['run', 'runs.rpa', '--run', 'Cats', '--input', 'colour=red'], /sets input "colour", which agent Books does not declare/],
      [['run', 'runs.rpa'], /^rpa-sessions: error: runs\.rpa declares 4 run configurations; say which one with --run NAME:\n {2}Cats +bot TestBot · agent Books · sessions t-travel, t-poetry, t-missing\n {2}Free +bot TestBot · agent Books · 2 sessions\n(.*\n)*For example: rpa-sessions run runs\.rpa --run Cats$/m],
      [['run', 'agents.rpa'], /agents\.rpa declares no run configuration\. The workspace's run configurations are in runs\.rpa \(Cats, Free, Waiting, DeskWait\): for example rpa-sessions run runs\.rpa --run Cats/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { cwd: tmp.path });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('runs the only run configuration of FILE without --run, saying which', async () => {
    tmp.write({ 'solo.rpa': 'run Solo {\n  bot: TestBot\n  agent: Books\n  sessions: 1\n  session "solo-1" { category: "poetry" }\n}\n' });
    const r = await runCli(['run', 'solo.rpa'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Running Solo, the run configuration solo\.rpa declares\.$/m);
    assert.match(r.stdout, /solo-1: completed/);
  });

  it('--replace closes the finished sessions that hold the run\'s IDs first, saying so, then runs', async () => {
    const args = ['run', 'runs.rpa', '--run', 'Cats', '--session-id', 't-travel'];
    assert.equal((await runCli(args, { cwd: tmp.path, timeoutMs: 30_000 })).code, 0);
    const r = await runCli([...args, '--replace'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^--replace: Closed session "t-travel" \(status closed\): its records and logs in the session store and its rows in the database export out\/books\.sqlite are removed\./m);
    assert.match(r.stdout, /t-travel: completed/);
    const fresh = await runCli([...args.slice(0, 4), '--replace'], { cwd: tmp.path, timeoutMs: 30_000 });
    assert.match(fresh.stdout, /^--replace: Closed session "t-travel"/m, 'a whole run replaces the sessions it names');
    assert.doesNotMatch(fresh.stdout, /Closed session "t-poetry"/, 'nothing to close for IDs no session holds');
  });

  it('Ctrl-C cancels the running session cleanly: status cancelled, exit 1', async () => {
    const cli = new LiveCli(['run', 'runs.rpa', '--run', 'Waiting'], tmp.path);
    try {
      await cli.waitFor(/^w-1: log: waiting$/m);
      cli.signal('SIGINT');
      assert.equal(await cli.exit(), 1, cli.stderr);
      assert.match(cli.stdout, /Ctrl-C: cancelling 1 session/);
      assert.match(cli.stdout, /^w-1: cancelled — .*Cancelled with Ctrl-C/m);
      assert.match(cli.stdout, /Run Waiting — 1 session: 1 cancelled/);
    } finally {
      cli.kill();
    }
    const show = await runCli(['sessions', 'show', 'w-1', '--json'], { cwd: tmp.path });
    assert.equal((JSON.parse(show.stdout) as { session: { status: string } }).session.status, 'cancelled');
  });

  it('draws a progress bar per session on a terminal, then the summary', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free'], { cwd: tmp.path, tty: true, timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /\u001b\[\?25l/, 'the cursor is hidden while bars are drawn');
    assert.match(r.stdout, /█/);
    assert.match(r.stdout, /\u001b\[\?25h/, 'and shown again');
    assert.match(r.stdout, /Run Free — 2 sessions: 2 completed/);
  });
});
