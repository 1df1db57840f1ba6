// `rpa-sessions run --queue … --store postgres://…` against two worker processes: the run's summary and
// exit code as locally, the same records as a local run, and a store it cannot reach refused up front.
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { PgSessionStore } from '../../runtime/src/fleet/pg-session-store';
import { queueName, redisConnection } from '../../runtime/src/fleet/session-queue';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { runCli, TempDir } from '../cli/cli-harness';
import { booksWorkspace, LiveCli } from '../cli/runtime-harness';
import { startFleetServices, startWorkerProcess, type FleetServices } from '../support/fleet-services';

const env = { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' };

describe('rpa-sessions run on the fleet', function () {
  this.timeout(180_000);
  let services: FleetServices;
  let site: SiteServer;
  let fleetDir: TempDir;
  const workers: ChildProcess[] = [];

  before(async () => {
    services = startFleetServices();
    site = await startSiteServer({ port: 0 });
    fleetDir = new TempDir().write({ ...booksWorkspace(site.url), 'waits.rpa': 'run WaitTwice {\n  bot: OneLicence\n  agent: Waits\n  sessions: 1\n  session "wq-1" {}\n  session "wq-2" {}\n}\n' });
    for (const name of ['w1', 'w2']) workers.push((await startWorkerProcess(services, fleetDir.path, name, 1, env)).child);
  });
  after(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await site?.close();
    fleetDir?.dispose();
    services?.stop();
  });

  it('runs a run configuration on the workers: live lines, the summary and exit code of a local run, the same records', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--queue', services.queueUrl, '--store', services.storeUrl], { cwd: fleetDir.path, env, timeoutMs: 120_000 });
    assert.equal(r.code, 1, r.stdout + r.stderr); // t-missing fails (404), as locally
    assert.match(r.stdout, /^Run Cats: 3 sessions queued on the fleet/m);
    assert.match(r.stdout, /^t-travel: completed — 1 page, 20 records in \d/m);
    assert.match(r.stdout, /Run Cats — 3 sessions: 2 completed, 1 failed/);

    const local = new TempDir().write(booksWorkspace(site.url));
    try {
      const l = await runCli(['run', 'runs.rpa', '--run', 'Cats', '--json'], { cwd: local.path, env, timeoutMs: 60_000 });
      assert.equal(l.code, 1, l.stderr);
      const localData = await runCli(['sessions', 'data', 't-travel', '--format', 'json'], { cwd: local.path, timeoutMs: 20_000 });
      const localRows = (JSON.parse(localData.stdout) as { datasets: Array<{ dataset: string; rows: unknown[] }> }).datasets.find((d) => d.dataset === 'books')!.rows;
      const store = await PgSessionStore.open(services.storeUrl);
      try {
        assert.deepEqual((await store.records('t-travel', 'books', { limit: 1000 })).rows, localRows);
      } finally {
        await store.close();
      }
    } finally {
      local.dispose();
    }
  });

  it("lists the fleet's sessions and prints a session's records from its store", async () => {
    const list = await runCli(['sessions', 'list', '--store', services.storeUrl], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^t-travel\s+completed\s+Books\s+Cats\s+1\s+20/m);
    const csv = await runCli(['sessions', 'data', 't-travel', '--store', services.storeUrl, '--format', 'csv'], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout.trim().split('\n').length, 21);
    assert.match(csv.stdout, /^title,price,category\n/);
    const unknown = await runCli(['sessions', 'data', 'nope', '--store', services.storeUrl], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no session "nope" in the session store at postgres:\/\//);
  });

  it('shows a session of the fleet with its logs, and closes one: its records go, its ID is free again', async () => {
    const show = await runCli(['sessions', 'show', 't-travel', '--store', services.storeUrl], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^Session t-travel: completed/m);
    assert.match(show.stdout, /datasets: {2}books 20/);
    const close = await runCli(['sessions', 'close', 't-poetry', '--store', services.storeUrl], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.equal(close.code, 0, close.stderr);
    assert.match(close.stdout, /^Closed session "t-poetry" \(status closed\): its records and logs in the session store at postgres:\/\/.* are removed\. Its ID can be used again\./m);
    const data = await runCli(['sessions', 'data', 't-poetry', '--store', services.storeUrl], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.match(data.stdout, /Session "t-poetry" has no records in the store/);
    const list = await runCli(['sessions', 'list', '--store', services.storeUrl, '--json'], { cwd: fleetDir.path, timeoutMs: 30_000 });
    const statuses = Object.fromEntries((JSON.parse(list.stdout) as { sessions: Array<{ id: string; status: string }> }).sessions.map((x) => [x.id, x.status]));
    assert.equal(statuses['t-poetry'], 'closed');
    assert.equal(statuses['t-travel'], 'completed', 'the other sessions keep their data');
    const cleanup = await runCli(['sessions', 'cleanup', '--store', services.storeUrl], { cwd: fleetDir.path, timeoutMs: 30_000 });
    assert.equal(cleanup.code, 0, cleanup.stderr);
    assert.match(cleanup.stdout, /^No cleanup was due\.\nWaiting for their session timeout: .*\bt-travel \(in (29|30)m\)/m, "the agent's 30m timeout started when each session ended");
  });

  it('--session-id runs one session of the run on the fleet, and --replace first closes the finished one holding its ID', async () => {
    const args = ['run', 'runs.rpa', '--run', 'Cats', '--session-id', 't-travel', '--queue', services.queueUrl, '--store', services.storeUrl];
    const taken = await runCli(args, { cwd: fleetDir.path, env, timeoutMs: 60_000 });
    assert.equal(taken.code, 1, taken.stdout);
    assert.match(taken.stderr, /t-travel/);
    const r = await runCli([...args, '--replace'], { cwd: fleetDir.path, env, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^--replace: Closed session "t-travel" \(status closed\)/m);
    assert.match(r.stdout, /^Run Cats: 1 session queued on the fleet/m);
    assert.match(r.stdout, /Run Cats — 1 session: 1 completed/);
  });

  it('prints the engine events of a local run with --json, then the same run-summary line', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free', '--json', '--queue', services.queueUrl, '--store', services.storeUrl], { cwd: fleetDir.path, env, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /^Run Free: 2 sessions queued on the fleet/m);
    const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; id?: string; session?: { id: string }; records?: number });
    const summary = events.pop() as unknown as { type: string; exitCode: number; sessions: Array<{ id: string; status: string; records: number; datasets: Record<string, number> }> };
    assert.equal(summary.type, 'run-summary');
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.sessions.length, 2);
    for (const s of summary.sessions) {
      assert.deepEqual([s.status, s.records, s.datasets], ['completed', 20, { books: 20 }]);
      const mine = events.filter((e) => (e.session?.id ?? e.id) === s.id).map((e) => e.type);
      assert.equal(mine[0], 'session-queued', mine.join());
      assert.ok(mine.indexOf('session-started') < mine.indexOf('session-ended'), mine.join());
      assert.equal(mine.at(-1), 'session-ended', mine.join());
      const committed = events.filter((e) => e.type === 'session-committed' && e.id === s.id);
      assert.equal(committed.at(-1)?.records, 20, 'the last session-committed counts every record the fleet store holds');
    }
  });

  it('draws a progress bar per session on a terminal, then the summary', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free', '--queue', services.queueUrl, '--store', services.storeUrl], { cwd: fleetDir.path, env, tty: true, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /\u001b\[\?25l/, 'the cursor is hidden while bars are drawn');
    assert.match(r.stdout, /█/);
    assert.match(r.stdout, /Run Free — 2 sessions: 2 completed/);
  });

  it('Ctrl-C cancels the run on the fleet, the running session on its worker and the queued one off the queue: exit 1', async () => {
    const cli = new LiveCli(['run', 'waits.rpa', '--run', 'WaitTwice', '--queue', services.queueUrl, '--store', services.storeUrl], fleetDir.path, env);
    try {
      await cli.waitFor(/^wq-1: log: waiting$/m, 60_000);
      cli.signal('SIGINT');
      assert.equal(await cli.exit(), 1, cli.stderr);
      assert.match(cli.stdout, /Ctrl-C: cancelling 2 sessions on the fleet/);
      assert.match(cli.stdout, /^wq-1: cancelled — .*Cancelled with Ctrl-C/m);
      assert.match(cli.stdout, /Run WaitTwice — 2 sessions: 2 cancelled/);
    } finally {
      cli.kill();
    }
    const store = await PgSessionStore.open(services.storeUrl);
    try {
      const [one, two] = await store.sessionsById(['wq-1', 'wq-2']);
      assert.deepEqual([one.status, two.status], ['cancelled', 'cancelled']);
      assert.equal(two.startedAt, undefined, 'the queued session never ran');
    } finally {
      await store.close();
    }
  });

  it('refuses a run whose store it cannot reach, with no password shown and nothing enqueued', async () => {
    const dead = services.storeUrl.replace('postgres://rpa@', 'postgres://rpa:pw-9f3k@').replace(/:(\d+)\//, ':1/');
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free', '--queue', services.queueUrl, '--store', dead], { cwd: fleetDir.path, env, timeoutMs: 30_000 });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^rpa-sessions: error: The session store at postgres:\/\/rpa:•••@127\.0\.0\.1:1\/rpa_sessions could not be opened/m);
    assert.doesNotMatch(r.stdout + r.stderr, /pw-9f3k/);
    const queue = new Queue(queueName('TestBot'), { connection: redisConnection(services.queueUrl) });
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      assert.deepEqual(Object.values(counts).reduce((a, b) => a + b, 0), 0, JSON.stringify(counts));
    } finally {
      await queue.close();
    }
  });

  it('refuses a run, and a worker, whose queue it cannot reach: a clear error, no password shown, nothing recorded', async () => {
    const before = (await runCli(['sessions', 'list', '--store', services.storeUrl, '--json'], { cwd: fleetDir.path, timeoutMs: 30_000 })).stdout;
    const deadQueue = 'redis://user:q-secret-7@127.0.0.1:1';
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free', '--queue', deadQueue, '--store', services.storeUrl], { cwd: fleetDir.path, env, timeoutMs: 60_000 });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^rpa-sessions: error: The queue at redis:\/\/user:•••@127\.0\.0\.1:1 could not be reached within 10 s: .*ECONNREFUSED.*Check that Redis runs there/m);
    assert.doesNotMatch(r.stdout + r.stderr, /q-secret-7/);
    const after = (await runCli(['sessions', 'list', '--store', services.storeUrl, '--json'], { cwd: fleetDir.path, timeoutMs: 30_000 })).stdout;
    assert.equal(after, before, 'no session was recorded');
    const w = await runCli(['worker', '--queue', deadQueue, '--store', services.storeUrl], { cwd: fleetDir.path, env, timeoutMs: 60_000 });
    assert.equal(w.code, 2, w.stdout + w.stderr);
    assert.match(w.stderr, /The queue at redis:\/\/user:•••@127\.0\.0\.1:1 could not be reached/);
    assert.doesNotMatch(w.stdout + w.stderr, /q-secret-7/);
  });

  it('asks for the other server when only one is given', async () => {
    const r = await runCli(['run', 'runs.rpa', '--run', 'Free', '--store', services.storeUrl], { cwd: fleetDir.path, env, timeoutMs: 30_000 });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /add --queue redis:\/\/HOST:PORT/);
  });
});
