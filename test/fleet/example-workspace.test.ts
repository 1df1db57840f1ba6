// The example workspace run locally and on two worker processes against the example site: the same
// exit codes and summaries, and `sessions data` prints the same records from either store.
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { copySampleWorkspace, findExamples } from '../../runtime/src/node/examples';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { runCli, TempDir } from '../cli/cli-harness';
import { startFleetServices, startWorkerProcess, type FleetServices } from '../support/fleet-services';

const env = { FINANCE_BOT_PASSWORD: 'finance-test-pw', ARCHIVE_BOT_PASSWORD: 'archive-test-pw' };

interface Summary {
  exitCode: number;
  sessions: Array<{ id: string; status: string; pages: number; records: number; datasets: Record<string, number>; recordsRemoved: boolean }>;
}

/** The run-summary line of `run --json`, without what differs from run to run (generated IDs, times). */
function summaryOf(stdout: string, keepIds: boolean): Summary {
  const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary;
  const sessions = last.sessions.map(({ id, status, pages, records, datasets, recordsRemoved }) => ({ id: keepIds ? id : '', status, pages, records, datasets, recordsRemoved }));
  return { exitCode: last.exitCode, sessions: sessions.sort((a, b) => a.id.localeCompare(b.id)) };
}

describe('the example workspace, locally and on the fleet', function () {
  this.timeout(240_000);
  let services: FleetServices;
  let site: SiteServer;
  let tmp: TempDir;
  let localDir: string;
  let fleetDir: string;
  const workers: ChildProcess[] = [];

  before(async () => {
    services = startFleetServices();
    site = await startSiteServer({ port: 0 });
    tmp = new TempDir();
    const examples = findExamples('workspace', 'runs.rpa')!;
    localDir = copySampleWorkspace(examples, tmp.path);
    fleetDir = copySampleWorkspace(examples, tmp.path);
    for (const name of ['example-a', 'example-b']) workers.push((await startWorkerProcess(services, fleetDir, name, 2, env)).child);
  });
  after(() => {
    for (const w of workers) w.kill('SIGKILL');
    void site?.close();
    tmp?.dispose();
    services?.stop();
  });

  const run = (cwd: string, name: string, fleet: boolean) =>
    runCli(['run', 'runs.rpa', '--run', name, '--input', `baseUrl=${site.url}`, '--json', ...(fleet ? ['--queue', services.queueUrl, '--store', services.storeUrl] : [])], { cwd, env, timeoutMs: 180_000 });

  it('NightlyBooks: the same summary, and the same records of every session in both stores', async () => {
    const local = await run(localDir, 'NightlyBooks', false);
    const fleet = await run(fleetDir, 'NightlyBooks', true);
    assert.equal(local.code, 0, local.stderr);
    assert.equal(fleet.code, 0, fleet.stderr);
    const summary = summaryOf(fleet.stdout, true);
    assert.deepEqual(summary, summaryOf(local.stdout, true));
    assert.deepEqual(summary.sessions.map((s) => s.id), ['crime-1', 'poetry-1', 'travel-1']);
    for (const { id, records } of summary.sessions) {
      assert.ok(records > 0, id);
      const localData = await runCli(['sessions', 'data', id, '--format', 'json'], { cwd: localDir, timeoutMs: 30_000 });
      const fleetData = await runCli(['sessions', 'data', id, '--format', 'json', '--store', services.storeUrl], { cwd: fleetDir, timeoutMs: 30_000 });
      assert.equal(fleetData.code, 0, fleetData.stderr);
      assert.deepEqual(JSON.parse(fleetData.stdout), JSON.parse(localData.stdout), id);
    }
  });

  it('HourlyPrices: the same summary, its records removed right after the export on both', async () => {
    const local = await run(localDir, 'HourlyPrices', false);
    const fleet = await run(fleetDir, 'HourlyPrices', true);
    assert.equal(fleet.code, 0, fleet.stderr);
    const summary = summaryOf(fleet.stdout, false);
    assert.deepEqual(summary, summaryOf(local.stdout, false));
    assert.ok(summary.sessions.every((s) => s.status === 'completed' && s.recordsRemoved && s.records > 0), JSON.stringify(summary));
  });
});
