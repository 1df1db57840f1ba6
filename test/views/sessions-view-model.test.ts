// The RPA Sessions view's tree model on a real runtime: a copy of examples/workspace against the real
// example site, its bots, runs and a run's sessions going queued/running → completed, read live from
// the runtime and read-only from the store (as when the CLI records), and a session closed leaving it.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { closeConfirmation } from '../../client/src/views/close-confirmation';
import { readFolderData, type FolderData } from '../../client/src/views/folder-data';
import { buildTree } from '../../client/src/views/tree-model';
import { SessionsViewData } from '../../client/src/views/view-data';
import type { ViewNode } from '../../client/src/views/view-node';
import { Workspace } from '../../language/src/workspace';
import { openSessionRuntime, type SessionRuntime } from '../../runtime/src/node/session-runtime';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { CLI } from '../cli/cli-harness';
import { prepareWorkspace } from '../e2e/e2e-workspace';
import { WORKER_SCRIPT } from '../runtime/engine/engine-harness';

const run = promisify(execFile);

/** The node reached by following labels from the roots (each step: the child whose label is `step` or matches it). */
function at(nodes: readonly ViewNode[], ...path: Array<string | RegExp>): ViewNode {
  let level = nodes;
  let found: ViewNode | undefined;
  for (const step of path) {
    found = level.find((n) => (typeof step === 'string' ? n.label === step : step.test(n.label)));
    assert.ok(found, `no "${String(step)}" among ${level.map((n) => `"${n.label}"`).join(', ')}`);
    level = found.children ?? [];
  }
  return found!;
}

function labels(nodes: readonly ViewNode[] | undefined): string[] {
  return (nodes ?? []).map((n) => n.label);
}

describe('RPA Sessions view: the tree model on the example workspace', function () {
  this.timeout(60_000);
  let site: SiteServer;
  let tmp: string;
  let dir: string;
  let folder: { uri: string; name: string; dir: string };
  let rt: SessionRuntime | undefined;
  const ws = new Workspace();
  const read = (runtime: SessionRuntime | undefined = rt): Promise<FolderData> => readFolderData(folder, ws, runtime);
  const open = async () => (rt = await openSessionRuntime({ workspaceDir: dir, pool: { script: WORKER_SCRIPT, warm: 1 } }));

  before(async () => {
    site = await startSiteServer({ port: 0 });
    tmp = mkdtempSync(join(tmpdir(), 'rpa-view-'));
    dir = join(tmp, 'workspace');
    prepareWorkspace(dir, site.url).removeKnownErrors();
    folder = { uri: pathToFileURL(dir).toString(), name: 'workspace', dir };
    await open();
  });

  after(async () => {
    await rt?.close();
    await site.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows each bot with its mode, effective limit and where each bound comes from, console and bot user', async () => {
    const tree = buildTree([await read()], Date.now());
    assert.deepEqual(labels(tree), ['Bots', 'Runs', 'Sessions']);
    assert.deepEqual(labels(at(tree, 'Bots').children), ['ArchiveBot', 'FinanceBot', 'ReportingDesk']);
    const finance = at(tree, 'Bots', 'FinanceBot');
    assert.equal(finance.description, 'secure · limit 3 · nothing deployed');
    assert.equal(finance.contextValue, 'rpaBot.secure');
    assert.equal(finance.icon?.id, 'shield');
    assert.match(finance.tooltip ?? '', /^Bot FinanceBot on WIN-RPA-01/);
    assert.deepEqual(labels(finance.children), ['Mode: secure', 'Secure sessions: 3', 'Console: bot user logged out of the console', 'Bot user: signed out', 'Deployed: nothing']);
    const limit = at(tree, 'Bots', 'FinanceBot', 'Secure sessions: 3');
    assert.equal(limit.description, 'decided by Bot Configurator (configurator.maxSecureSessions)');
    assert.deepEqual(
      limit.children?.map((b) => `${b.label}: ${b.description}`),
      ['Bot Configurator (configurator.maxSecureSessions): 3 ← decides', 'RPA Manager (manager.maxSecureSessions): 4', 'licence (licensedSecureSessions): 4'],
    );
    assert.equal(at(tree, 'Bots', 'FinanceBot', /^Console:/).description, 'matters in desktop mode only');
    assert.equal(at(tree, 'Bots', 'ArchiveBot', 'Secure sessions: 2').description, 'decided by RPA Manager (manager.maxSecureSessions)');
    const desk = at(tree, 'Bots', 'ReportingDesk');
    assert.equal(desk.contextValue, 'rpaBot.desktop');
    assert.equal(desk.icon?.id, 'device-desktop');
    assert.equal(at(tree, 'Bots', 'ReportingDesk', 'Sessions: 1').description, 'desktop mode: one process at a time in the console session');
    assert.equal(at(tree, 'Bots', 'ReportingDesk', 'Console: open (bot user logged in)').description, undefined);
  });

  it('lists the run configurations with bot, agent, mode and parallel sessions, and the deployed ones under their bot', async () => {
    let tree = buildTree([await read()], Date.now());
    assert.deepEqual(labels(at(tree, 'Runs').children), ['HourlyPrices', 'MonthEndOrders', 'NightlyBooks']);
    const nightly = at(tree, 'Runs', 'NightlyBooks');
    assert.equal(nightly.description, 'bot FinanceBot · agent BookScraper · secure · 3 in parallel');
    assert.equal(nightly.contextValue, 'rpaRun');
    assert.equal(nightly.runUri, pathToFileURL(join(dir, 'runs.rpa')).toString());
    assert.match(nightly.tooltip ?? '', /^Run configuration NightlyBooks \(runs\.rpa\)\n.*\nsessions travel-1, poetry-1, crime-1\nNot deployed\.$/);
    assert.equal(at(tree, 'Runs', 'HourlyPrices').description, 'bot ArchiveBot · agent PriceWatch · secure · 2 in parallel');

    rt!.bots.deploy('NightlyBooks');
    tree = buildTree([await read()], Date.now());
    assert.equal(at(tree, 'Runs', 'NightlyBooks').contextValue, 'rpaRun.deployed');
    assert.match(at(tree, 'Runs', 'NightlyBooks').description ?? '', / · deployed$/);
    assert.equal(at(tree, 'Bots', 'FinanceBot').description, 'secure · limit 3 · 1 run deployed');
    assert.equal(at(tree, 'Bots', 'FinanceBot', 'Mode: secure').description, "can't switch while runs are deployed");
    const deployment = at(tree, 'Bots', 'FinanceBot', 'Deployed runs: 1', 'NightlyBooks');
    assert.equal(deployment.contextValue, 'rpaDeployment');
    assert.equal(deployment.run, 'NightlyBooks');
    assert.match(deployment.description ?? '', /^secure mode · since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    rt!.bots.undeploy('NightlyBooks');
    assert.equal(at(buildTree([await read()], Date.now()), 'Bots', 'FinanceBot', 'Deployed: nothing').kind, 'bot-detail');
  });

  it("shows a run's sessions grouped by run, live while they run, then completed with the countdown to their cleanup", async () => {
    let tree = buildTree([await read()], Date.now());
    assert.deepEqual(labels(at(tree, 'Sessions').children), ['No sessions yet: run a run configuration (▷ on a run above)']);
    const sessions = rt!.engine.startRun('NightlyBooks');
    tree = buildTree([await read()], Date.now());
    const group = at(tree, 'Sessions', 'Run NightlyBooks');
    assert.deepEqual(labels(group.children), ['travel-1', 'poetry-1', 'crime-1']);
    for (const s of group.children!) {
      assert.match(s.contextValue ?? '', /^rpaSession\.(queued|running)\.local$/, `${s.label} is cancellable here`);
      assert.ok(['clock', 'sync~spin'].includes(s.icon!.id), `${s.label}: ${s.icon!.id}`);
      assert.match(s.description ?? '', /^(queued( #\d)?|\d+ pages? · \d+ records?)$/);
    }
    assert.match(at(tree, 'Sessions').description ?? '', /^3 sessions · 3 active$/);

    await Promise.all(sessions.map((s) => rt!.engine.whenEnded(s.id)));
    const now = Date.now();
    tree = buildTree([await read()], now);
    assert.equal(at(tree, 'Sessions', 'Run NightlyBooks').description, '3 completed');
    for (const id of ['travel-1', 'poetry-1', 'crime-1']) {
      const s = at(tree, 'Sessions', 'Run NightlyBooks', id);
      assert.equal(s.contextValue, 'rpaSession.completed');
      assert.deepEqual(s.icon, { id: 'pass', color: 'testing.iconPassed' });
      // BookScraper: sessionTimeout 30m.
      assert.match(s.description ?? '', /^[1-9]\d* pages? · [1-9]\d* records · cleanup in 30m$/, `${id}: ${s.description}`);
      assert.match(s.tooltip ?? '', new RegExp(`^Session ${id}: completed\\nagent BookScraper · run NightlyBooks · bot FinanceBot\\ninputs: [^\\n]*category="`));
    }
    const crime = at(tree, 'Sessions', 'Run NightlyBooks', 'crime-1');
    const info = rt!.store.getSession('crime-1')!;
    assert.equal(buildTree([await read()], info.cleanupAt! - 45_000).length, 3);
    assert.match(at(buildTree([await read()], info.cleanupAt! - 45_000), 'Sessions', 'Run NightlyBooks', 'crime-1').description ?? '', / · cleanup in 45s$/);
    assert.match(at(buildTree([await read()], info.cleanupAt! + 1), 'Sessions', 'Run NightlyBooks', 'crime-1').description ?? '', / · cleanup due$/);
    assert.equal(crime.sessionId, 'crime-1');
  });

  it('says when another process holds the store, and puts each folder under its own node when several are open', async () => {
    // This process's runtime holds the lock, as the CLI's would: the view reads the files read-only.
    const elsewhere = await readFolderData(folder, ws, undefined);
    assert.equal(elsewhere.liveElsewhere, true);
    assert.equal(at(buildTree([elsewhere], Date.now()), 'Sessions').description, '3 sessions · recorded by another process');
    assert.deepEqual(labels(at(buildTree([elsewhere], Date.now()), 'Sessions', 'Run NightlyBooks').children), ['travel-1', 'poetry-1', 'crime-1']);
    const other = { ...elsewhere, uri: 'file:///other', name: 'other', sessions: [] };
    const roots = buildTree([elsewhere, other], Date.now());
    assert.deepEqual(labels(roots), ['workspace', 'other']);
    assert.deepEqual(roots.map((r) => r.kind), ['folder', 'folder']);
    assert.deepEqual(labels(at(roots, 'other').children), ['Bots', 'Runs', 'Sessions']);
    assert.equal(at(roots, 'other', 'Sessions').children?.[0].id, 'file:///other#message:no-sessions');
  });

  it('names what closing a session removes and what it keeps', () => {
    const store = rt!.store;
    const info = store.getSession('travel-1')!;
    const ask = closeConfirmation(info, store.datasets('travel-1'), store.pendingCleanups('travel-1')[0]?.policy);
    assert.equal(ask.message, 'Close session "travel-1" (completed)?');
    const counts = store.datasets('travel-1');
    const total = counts.reduce((n, d) => n + d.count, 0);
    assert.match(ask.detail, new RegExp(`^Removed now: its ${total} records in the session store \\(${counts.map((d) => `${d.dataset} ${d.count}`).join(', ')}\\); its log lines; its rows in the database export out/books.sqlite \\(Cleanup External Session Data is on\\)\\.\\n`));
    assert.match(ask.detail, /\nKept: its status line \(travel-1 closed\), so the sessions list still says it was closed\.\n/);
    assert.match(ask.detail, /Its session ID "travel-1" can be used again/);
  });

  it('reads a closed runtime\'s store read-only (no lock), as while the CLI records', async () => {
    const live = buildTree([await read()], Date.now());
    await rt!.close();
    rt = undefined;
    const data = await readFolderData(folder, ws, undefined);
    assert.equal(data.source, 'store');
    assert.equal(data.liveElsewhere, false);
    const stored = buildTree([data], Date.now());
    const ids = (t: ViewNode[]) => at(t, 'Sessions', 'Run NightlyBooks').children!.map((s) => `${s.label} ${s.contextValue}`);
    assert.deepEqual(ids(stored), ids(live));
    // The view held no lock: the CLI closes a session, and the view's data shows it gone after a refresh.
    const view = new SessionsViewData({ runtimeOf: () => undefined, onChange: () => undefined, delayMs: 0 });
    view.setFolders([folder]);
    await view.refreshNow();
    assert.deepEqual(labels(at(view.tree(Date.now()), 'Sessions', 'Run NightlyBooks').children), ['travel-1', 'poetry-1', 'crime-1']);
    const closed = await run(process.execPath, [CLI, 'sessions', 'close', 'poetry-1', '--workspace', dir]);
    assert.match(closed.stdout, /Closed session "poetry-1"/);
    view.invalidate(folder.uri);
    await view.refreshNow();
    assert.deepEqual(labels(at(view.tree(Date.now()), 'Sessions', 'Run NightlyBooks').children), ['travel-1', 'crime-1']);
    view.dispose();
  });

  it('drops a session closed in the runtime, and the run group once all are closed', async () => {
    await open();
    await rt!.engine.closeSession('travel-1');
    assert.deepEqual(labels(at(buildTree([await read()], Date.now()), 'Sessions', 'Run NightlyBooks').children), ['crime-1']);
    await rt!.engine.closeSession('crime-1');
    assert.deepEqual(labels(at(buildTree([await read()], Date.now()), 'Sessions').children), ['No sessions yet: run a run configuration (▷ on a run above)']);
  });
});
