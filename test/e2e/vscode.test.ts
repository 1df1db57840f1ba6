// End-to-end test in a real VS Code: builds and installs the .vsix into code-server, opens a copy of
// the example workspace in headless Chromium and checks what a user sees. RPA_E2E=0 skips it.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CodeServer, ensureCodeServer, installExtension, writeUserSettings, type CodeServerDirs } from './code-server';
import { BROKEN_FILE, prepareWorkspace, type E2eWorkspace } from './e2e-workspace';
import { Workbench } from './workbench';

const run = promisify(execFile);
const VSIX = join(process.cwd(), 'rpa-sessions.vsix');

function log(line: string): void {
  console.log(`      [e2e] ${line}`);
}

/** The .vsix under test: RPA_E2E_VSIX when set, otherwise a fresh `npm run package`. */
async function vsixUnderTest(): Promise<string> {
  const given = process.env.RPA_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`RPA_E2E_VSIX=${given} does not exist: build it with "npm run package" or unset RPA_E2E_VSIX`);
    return given;
  }
  await run('npm', ['run', 'package', '--silent'], { timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  return VSIX;
}

describe('RPA Sessions in a real VS Code (code-server + headless Chromium)', function () {
  let tmp: string | undefined;
  let server: CodeServer | undefined;
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
    ws = prepareWorkspace(join(tmp, 'workspace'));
    log(`workspace: copy of ${ws.source} + ${BROKEN_FILE}; run under test: ${ws.run.name} in ${ws.run.file}`);
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

  it('answers the Run code lens with what running will do, naming the run', async function () {
    this.timeout(60_000);
    const lens = wb.codeLenses().filter({ hasText: 'Deploy' }).first();
    await lens.locator('a', { hasText: /Run/ }).first().click();
    await wb.notification(`run configuration "${ws.run.name}" arrives with the session runtime`);
    await wb.screenshot('run-command');
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
