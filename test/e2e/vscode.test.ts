// End-to-end test in a real VS Code: builds and installs the .vsix into code-server, opens a copy of
// the example workspace in headless Chromium, serves the example site, and checks what a user sees.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { CodeServer, ensureCodeServer, installExtension, vsixUnderTest, writeUserSettings, type CodeServerDirs } from './code-server';
import { BROKEN_FILE, EXAMPLE_SITE_URL, prepareWorkspace, type E2eWorkspace } from './e2e-workspace';
import { GatedSite } from './gated-site';
import { Workbench } from './workbench';

const run = promisify(execFile);

function log(line: string): void {
  console.log(`      [e2e] ${line}`);
}

/** The gate in front of the example site, on the port the example workspace uses (8080), or on any free port when that is taken. */
async function startGate(site: SiteServer): Promise<GatedSite> {
  try {
    return await GatedSite.start(site.url, Number(new URL(EXAMPLE_SITE_URL).port));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return GatedSite.start(site.url, 0);
  }
}

/** The example site's demo account password (examples/site/catalogue.json), which MonthEndOrders signs in with. */
const EXAMPLE_SITE_PASSWORD = 'scrape-me-2024';

/** The output channel the extension logs runs in. */
const RUNS_CHANNEL = 'RPA Sessions: Runs';

describe('RPA Sessions in a real VS Code (code-server + headless Chromium)', function () {
  let tmp: string | undefined;
  let server: CodeServer | undefined;
  let site: SiteServer | undefined;
  let gate: GatedSite | undefined;
  let wb: Workbench;
  let ws: E2eWorkspace;

  before(async function () {
    if (process.env.RPA_E2E === '0') {
      log('skipped: RPA_E2E=0 (unset it to run the end-to-end test in code-server)');
      this.skip();
    }
    this.timeout(20 * 60_000);
    const started = Date.now();
    await ensureCodeServer(log);
    const vsix = await vsixUnderTest();
    tmp = mkdtempSync(join(tmpdir(), 'rpa-e2e-'));
    const dirs: CodeServerDirs = { userData: join(tmp, 'user-data'), extensions: join(tmp, 'extensions'), xdg: join(tmp, 'xdg') };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    site = await startSiteServer({ port: 0 });
    gate = await startGate(site);
    ws = prepareWorkspace(join(tmp, 'workspace'), gate.url);
    log(`workspace: copy of ${ws.source} + ${BROKEN_FILE}; run under test: ${ws.run.name} in ${ws.run.file}; example site on ${gate.url}`);
    await installExtension(vsix, dirs);
    writeUserSettings(dirs, { 'rpa.trace.server': 'messages' });
    server = await CodeServer.start(dirs, ws.dir);
    wb = await Workbench.open(server.url, ws.dir);
    log(`code-server ready with the extension installed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  let failed = false;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') failed = true;
    if (this.currentTest?.state === 'failed' && wb) {
      const shot = await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`);
      log(`screenshot of the failure: ${shot}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    try {
      await wb?.close();
    } finally {
      await server?.stop();
      await gate?.close();
      await site?.close();
      // After a failure the temp folder stays for inspection: user-data/logs holds every output channel.
      if (tmp && failed) log(`kept ${tmp} for inspection (code-server logs and output channels under user-data/logs)`);
      else if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('shows the workspace with the language server ready in the status bar', async function () {
    this.timeout(90_000);
    await wb.explorerItem(BROKEN_FILE).waitFor();
    await wb.statusItem().filter({ hasText: 'RPA' }).waitFor();
    await wb.page.locator('.statusbar-item[aria-label*="RPA Sessions language server ready"]').first().waitFor({ timeout: 60_000 });
    await wb.screenshot('workbench');
  });

  it('opens a .rpa file as the RPA Sessions language', async function () {
    this.timeout(60_000);
    await wb.openFile(ws.run.file);
    await wb.page.locator('.statusbar-item', { hasText: /^RPA Sessions$/ }).first().waitFor();
    await wb.editorLine(ws.run.sessionsText).waitFor();
    await wb.screenshot('run-file');
  });

  it('lists the known errors of an unopened file in the Problems panel, with their codes', async function () {
    this.timeout(90_000);
    const panel = await wb.showProblems(BROKEN_FILE);
    for (const d of ws.knownErrors) {
      const row = wb.problem(panel, d.message.slice(0, 60), d.code);
      await row.waitFor({ timeout: 60_000 });
      const text = await row.innerText();
      assert.ok(text.includes(`[Ln ${d.range.start.line + 1}`), `"${text}" should point at line ${d.range.start.line + 1}`);
    }
    await wb.screenshot('problems');
    await wb.clearPanelFilter();
  });

  it('shows the Run | Debug | Deploy code lens on the run', async function () {
    this.timeout(60_000);
    await wb.focusEditor();
    const lens = wb.codeLenses().filter({ hasText: 'Run' }).filter({ hasText: 'Debug' }).filter({ hasText: 'Deploy' }).first();
    await lens.waitFor();
    await wb.screenshot('code-lens');
  });

  it('refuses to run while the workspace has errors, counting them and pointing to the Problems panel', async function () {
    this.timeout(90_000);
    await wb.clickRunLens('Run');
    const errors = `${ws.knownErrors.length} error${ws.knownErrors.length === 1 ? '' : 's'}`;
    const toast = await wb.notification(`Run ${ws.run.name} refused: the workspace has ${errors} in ${BROKEN_FILE}`);
    await wb.notificationButton(toast, 'Show Problems').waitFor();
    await wb.screenshot('run-refused');
    await wb.clearNotifications();
  });

  it("shows the bot's effective secure-session limit when hovering the run's sessions", async function () {
    this.timeout(60_000);
    await wb.page.keyboard.press('Escape');
    const hover = await wb.hoverToken(ws.run.sessionsText, 'sessions');
    await hover.filter({ hasText: `Effective secure-session limit: ${ws.run.limit}` }).waitFor();
    await wb.screenshot('hover');
  });

  it('shows the RPA Sessions output when the status bar item is clicked', async function () {
    this.timeout(60_000);
    await wb.page.keyboard.press('Escape');
    await wb.statusItem().click();
    await wb.outputView().waitFor();
    await wb.clearPanelFilter();
    await wb.outputView().filter({ hasText: 'Language server started from' }).waitFor();
    await wb.screenshot('output');
  });

  it('traces the JSON-RPC messages in "RPA Sessions Trace" as rpa.trace.server asks', async function () {
    this.timeout(60_000);
    const trace = await wb.showOutputChannel('RPA Sessions Trace');
    await wb.hoverToken(ws.run.sessionsText, 'sessions');
    await trace.filter({ hasText: "Received response 'textDocument/hover" }).waitFor();
    await wb.screenshot('trace');
  });

  it('restarts the language server from the Command Palette', async function () {
    this.timeout(90_000);
    await wb.runCommand('RPA Sessions: Restart Language Server');
    await wb.statusItem().click();
    await wb.clearPanelFilter();
    const started = wb.outputView().locator('.view-line', { hasText: 'Language server started from' });
    await started.nth(1).waitFor({ timeout: 60_000 });
    await wb.outputView().locator('.view-line', { hasText: 'Restarting the language server' }).waitFor();
    await wb.page.locator('.statusbar-item[aria-label*="RPA Sessions language server ready"]').first().waitFor();
    await wb.screenshot('restarted');
  });

  it('deploys the run from its Deploy code lens and says what the bot now has', async function () {
    this.timeout(90_000);
    ws.removeKnownErrors();
    await wb.clickRunLens('Deploy');
    await wb.notification(`Deployed ${ws.run.name} to bot ${ws.run.botName} (secure mode). Bot ${ws.run.botName} now has 1 run configuration deployed`);
    const state = JSON.parse(readFileSync(join(ws.dir, '.rpa', 'bots.json'), 'utf8')) as { bots: Record<string, { deployments: Array<{ run: string }> }> };
    assert.deepEqual(state.bots[ws.run.botName].deployments.map((d) => d.run), [ws.run.name]);
    // The lens follows the deployment state: Undeploy in place of Deploy.
    await wb.focusEditor();
    await wb.codeLenses().locator('a', { hasText: /^\s*Undeploy\s*$/ }).first().waitFor();
    await wb.screenshot('deployed');
    await wb.clearNotifications();
  });

  it("checks against the deployment: the bot's mode switched while deployed is an error, and the deploy is refused", async function () {
    this.timeout(90_000);
    const restore = ws.switchRunAndBotToDesktop();
    try {
      const panel = await wb.showProblems(ws.run.botFile);
      await wb.problem(panel, 'mode-switch-while-deployed').waitFor({ timeout: 60_000 });
      await wb.screenshot('mode-switch-while-deployed');
      // Deployed, the run's lens reads Undeploy: deploy it again from the Command Palette.
      await wb.focusEditor();
      await wb.runCommand('RPA Sessions: Deploy Run Configuration');
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: ws.run.name }).first().waitFor();
      await wb.page.locator('.quick-input-widget input').fill(ws.run.name);
      await wb.page.keyboard.press('Enter');
      const toast = await wb.notification(`Run configuration "${ws.run.name}" runs in desktop mode`);
      const text = await toast.innerText();
      assert.match(text, new RegExp(`bot "${ws.run.botName}" is in secure mode`));
      assert.match(text, /MuleSoft RPA deploys a run configuration only to a bot in the same session mode/);
      assert.match(text, /undeploy them first/);
      await wb.screenshot('deploy-refused');
    } finally {
      restore();
    }
    await wb.clearNotifications();
    await wb.clearPanelFilter();
  });

  it('undeploys from the Command Palette, picking among the deployed runs', async function () {
    this.timeout(90_000);
    await wb.runCommand('RPA Sessions: Undeploy Run Configuration');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: ws.run.name }).first().waitFor();
    await wb.screenshot('undeploy-pick');
    await wb.page.keyboard.press('Enter');
    await wb.notification(`Undeployed ${ws.run.name} from bot ${ws.run.botName}. Nothing is deployed to bot ${ws.run.botName} now`);
    await wb.clearNotifications();
  });

  it('runs the sessions from the Run code lens against the example site and sums them up', async function () {
    this.timeout(180_000);
    await wb.page.keyboard.press('Escape');
    await wb.clickRunLens('Run');
    const n = ws.run.sessionIds.length;
    const toast = await wb.notification(`Run ${ws.run.name} finished`, 150_000);
    const text = await toast.innerText();
    assert.match(text, new RegExp(`${n} sessions: ${n} completed, 0 failed; records per dataset: `));
    const counts = [...(/records per dataset: ([^.]*)\./.exec(text)?.[1] ?? '').matchAll(/(\w+) (\d+)/g)].map((m) => Number(m[2]));
    assert.ok(counts.length && counts.every((c) => c > 0), `every dataset has records: "${text}"`);
    await wb.screenshot('run-summary');
    await wb.notificationButton(toast, 'Show Output').click();
    for (const id of ws.run.sessionIds) await wb.outputView().locator('.view-line', { hasText: `${id}: completed` }).first().waitFor();
    await wb.screenshot('runs-output');
    await wb.clearNotifications();
  });

  it('lists every session of the run in the "RPA Sessions: Runs" output, from queued to completed', async function () {
    this.timeout(60_000);
    const output = await wb.showOutputChannel(RUNS_CHANNEL);
    for (const id of ws.run.sessionIds) {
      await wb.panelFilter().fill(`${id}:`);
      for (const state of ['inputs', 'queued', 'running', 'completed']) await output.locator('.view-line', { hasText: `${id}: ${state}` }).first().waitFor();
    }
    await wb.screenshot('runs-output-session');
    await wb.clearPanelFilter();
  });

  it('lets go of the session store once the run has ended, so the CLI can record in the folder', async function () {
    this.timeout(60_000);
    const cli = join(process.cwd(), 'dist', 'cli.js');
    // VS Code releases the store a few seconds after its last session ended; until then the CLI reads it read-only.
    let last = { stdout: '', stderr: '' };
    for (let attempt = 0; attempt < 60; attempt++) {
      last = await run(process.execPath, [cli, 'sessions', 'list'], { cwd: ws.dir });
      if (!/another process is recording sessions here/.test(last.stderr)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.doesNotMatch(last.stderr, /another process is recording sessions here/, 'the store is free once the run has ended');
    for (const id of ws.run.sessionIds) assert.match(last.stdout, new RegExp(`^${id}\\s+completed`, 'm'));
  });

  it('offers to close the sessions whose IDs the earlier run holds, runs again, shows its sessions in the view and cancels them from the progress notification', async function () {
    this.timeout(180_000);
    const n = ws.run.sessionIds.length;
    gate!.hold(); // the sessions wait for their first page until the test has cancelled them
    try {
      await wb.clickRunLens('Run');
      const refusal = await wb.notification(`Run ${ws.run.name} can't start: its session IDs`);
      await wb.screenshot('ids-taken');
      await wb.notificationButton(refusal, `Close ${n} Sessions and Run Again`).click();
      // The notification sums up the run; the RPA Sessions view opens on it with one live item per session.
      const progress = await wb.notification(`RPA Sessions: Run ${ws.run.name}`);
      await progress.getByText(/\d+ running( · \d+ queued)? — 0 pages, 0 records/).waitFor();
      for (const id of ws.run.sessionIds) await wb.sideBarRow(id).locator('.codicon-sync, .codicon-clock').first().waitFor({ timeout: 60_000 });
      await wb.screenshot('run-progress');
      await wb.notificationButton(progress, 'Cancel').click();
      const toast = await wb.notification(`Run ${ws.run.name} finished`, 150_000);
      assert.match(await toast.innerText(), new RegExp(`${n} sessions: 0 completed, 0 failed, ${n} cancelled`));
      await wb.screenshot('run-cancelled');
    } finally {
      gate!.release();
    }
    await wb.clearNotifications();
    const output = await wb.showOutputChannel(RUNS_CHANNEL);
    await wb.panelFilter().fill('CloseSession');
    for (const id of ws.run.sessionIds) await output.locator('.view-line', { hasText: `${id}: closed (CloseSession)` }).first().waitFor();
    await wb.clearPanelFilter();
  });

  it('debugs the run from its Debug code lens: a thread per session, a breakpoint hit, its variables, then on to the end', async function () {
    this.timeout(240_000);
    const ids = ws.run.sessionIds;
    await wb.openFile(ws.agent.file);
    await wb.goToLine(ws.agent.extractLine);
    await wb.page.keyboard.press('F9');
    await wb.editor().locator('.codicon-debug-breakpoint').first().waitFor();
    await wb.openFile(ws.run.file);
    await wb.clickRunLens('Debug');
    // The previous test's cancelled sessions still hold the run's IDs: Debug offers to close them too.
    const refusal = await wb.notification(`Run ${ws.run.name} can't start: its session IDs`);
    await wb.notificationButton(refusal, `Close ${ids.length} Sessions and Debug`).click();
    await wb.callStackRow(/paused on breakpoint/i).waitFor({ timeout: 90_000 });
    for (const id of ids) await wb.callStackRow(new RegExp(`${id} · `)).waitFor({ timeout: 90_000 });
    await wb.callStackRow(/extract \w+ each/).waitFor();
    await wb.callStackRow(/paginate next .* · page 1/).waitFor();
    for (const scope of ['Session', 'Inputs', 'Page', 'Current record']) await wb.variablesRow(scope).waitFor();
    await wb.screenshot('debug-stopped');

    await wb.openFile(ws.agent.file);
    await wb.goToLine(ws.agent.extractLine);
    await wb.page.keyboard.press('F9'); // the breakpoint goes; the sessions keep running without it
    await wb.page.locator('.debug-breakpoints .monaco-list-row', { hasText: basename(ws.agent.file) }).waitFor({ state: 'hidden' });
    // Each stopped session goes on by itself (continuing one never continues the others). The Call
    // Stack changes under the pointer as sessions end (one session left: its frames, no thread row).
    const toolbar = wb.page.locator('.debug-toolbar');
    for (let attempt = 0; attempt < 4 * ids.length && (await toolbar.isVisible()); attempt++) {
      const paused = wb.callStackRow(/paused on breakpoint/i);
      const target = (await paused.isVisible()) ? paused : wb.callStackRow(/extract \w+ each/);
      try {
        await target.click({ timeout: 2_000 });
      } catch {
        continue; // the row went while we reached for it: look again
      }
      if (await toolbar.isVisible()) await wb.page.keyboard.press('F5');
      await target.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    }
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 150_000 });
    const repl = await wb.showDebugConsole();
    for (const id of ids) await repl.locator('.monaco-list-row', { hasText: `[${id}] completed` }).first().waitFor();
    await wb.screenshot('debug-finished');
    await wb.openFile(ws.run.file);
  });

  it("debugs from the Run and Debug view with no launch.json (as F5 does): picks the run, offers to close the sessions holding its IDs, runs to the end", async function () {
    this.timeout(180_000);
    const ids = ws.run.sessionIds;
    await wb.openFile(ws.run.file);
    // The Run and Debug view's button (F5 does the same) with no launch.json in the workspace.
    await wb.runCommand('View: Show Run and Debug');
    await wb.page.locator('.welcome-view-content .monaco-button', { hasText: 'Run and Debug' }).first().click();
    const pick = wb.page.locator('.quick-input-widget');
    await pick.locator('.quick-input-list .monaco-list-row', { hasText: ws.run.name }).first().waitFor();
    await wb.page.locator('.quick-input-widget input').fill(ws.run.name);
    await wb.page.keyboard.press('Enter');
    const refusal = await wb.notification(`Run ${ws.run.name} can't start: its session IDs`);
    await wb.notificationButton(refusal, `Close ${ids.length} Sessions and Debug`).click();
    await wb.page.locator('.debug-toolbar').waitFor();
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 150_000 });
    const repl = await wb.showDebugConsole();
    for (const id of ids) await repl.locator('.monaco-list-row', { hasText: `[${id}] completed` }).first().waitFor();
    await wb.clearNotifications();
  });

  it('asks for a secret a run needs and nothing sets, keeps it in the secret storage, runs, and says in the hover that it is set', async function () {
    this.timeout(180_000);
    const run = 'MonthEndOrders'; // its login reads secret("BOOKS_PASSWORD"), which code-server's environment lacks
    await wb.openFile('runs.rpa');
    await wb.runCommand('RPA Sessions: Run Run Configuration');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: run }).first().waitFor();
    await wb.page.locator('.quick-input-widget input').fill(run);
    await wb.page.keyboard.press('Enter');
    const refusal = await wb.notification(`Run ${run} needs the secret BOOKS_PASSWORD`);
    await wb.screenshot('secret-asked');
    await wb.notificationButton(refusal, 'Enter BOOKS_PASSWORD…').click();
    const input = wb.page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor();
    await input.fill(EXAMPLE_SITE_PASSWORD);
    await wb.page.keyboard.press('Enter');
    const toast = await wb.notification(`Run ${run} finished`, 150_000);
    assert.match(await toast.innerText(), /1 session: 1 completed/);
    await wb.clearNotifications();
    const loginLine = readFileSync(join(ws.dir, 'runs.rpa'), 'utf8').split('\n').findIndex((l) => l.includes('login { user: "demo"')) + 1;
    await wb.goToLine(loginLine); // scrolls it into view: the editor renders only the lines it shows
    const hover = await wb.hoverToken('login { user: "demo"', 'secret');
    assert.match(await hover.innerText(), /BOOKS_PASSWORD is set \(entered earlier, in VS Code's secret storage\)/);
    assert.doesNotMatch(await hover.innerText(), new RegExp(EXAMPLE_SITE_PASSWORD), 'the hover never shows the value');
    await wb.page.keyboard.press('Escape');
  });

  it('offers a walkthrough: the sample workspace, the example site, run, the data, debug', async function () {
    this.timeout(60_000);
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with RPA Sessions' }).first().waitFor();
    await wb.page.locator('.quick-input-widget input').fill('Get started with RPA Sessions');
    await wb.page.keyboard.press('Enter');
    for (const step of ['Open the sample workspace', 'Serve the example site', 'Run it', 'See the data', 'Debug it']) {
      await wb.page.locator('.gettingStartedContainer', { hasText: step }).first().waitFor();
    }
    await wb.screenshot('walkthrough');
    await wb.runCommand('View: Close Editor');
    await wb.openFile(ws.run.file);
  });

  it('offers the bot names after `bot: `', async function () {
    this.timeout(60_000);
    await wb.page.mouse.move(0, 0);
    await wb.appendLine('run E2eCompletion { bot: ');
    const widget = await wb.triggerCompletion();
    await wb.suggestion(widget, ws.run.botName).waitFor();
    await wb.screenshot('completion');
    await wb.page.keyboard.press('Escape');
  });
});
