// End-to-end test of the RPA Sessions view in a real VS Code (code-server + headless Chromium): open
// the view, run the example run configuration from it, watch its sessions go running → completed
// live, export one as CSV through the save dialog, open its data, close one (confirmed) and see it leave.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSiteServer, type SiteServer } from '../../runtime/src/node/site-server';
import { CodeServer, ensureCodeServer, installExtension, vsixUnderTest, writeUserSettings } from './code-server';
import { prepareWorkspace, type E2eWorkspace } from './e2e-workspace';
import { GatedSite } from './gated-site';
import { Workbench } from './workbench';

const VIEW = 'RPA Sessions';

function log(line: string): void {
  console.log(`      [e2e view] ${line}`);
}

describe('The RPA Sessions view in a real VS Code (code-server + headless Chromium)', function () {
  let tmp: string | undefined;
  let server: CodeServer | undefined;
  let site: SiteServer | undefined;
  let gate: GatedSite | undefined;
  let wb: Workbench | undefined;
  let ws: E2eWorkspace;
  let failed = false;

  before(async function () {
    if (process.env.RPA_E2E === '0') {
      log('skipped: RPA_E2E=0 (unset it to run the end-to-end test in code-server)');
      this.skip();
    }
    this.timeout(20 * 60_000);
    await ensureCodeServer(log);
    const vsix = await vsixUnderTest();
    tmp = mkdtempSync(join(tmpdir(), 'rpa-e2e-view-'));
    const dirs = { userData: join(tmp, 'user-data'), extensions: join(tmp, 'extensions'), xdg: join(tmp, 'xdg') };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    site = await startSiteServer({ port: 0 });
    // The sessions wait at the gate while the test looks at them running.
    gate = await GatedSite.start(site.url, 0);
    ws = prepareWorkspace(join(tmp, 'workspace'), gate.url);
    ws.removeKnownErrors();
    await installExtension(vsix, dirs);
    writeUserSettings(dirs);
    server = await CodeServer.start(dirs, ws.dir);
    wb = await Workbench.open(server.url, ws.dir);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (wb) log(`screenshot of the failure: ${await wb.screenshot(`view-failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 50)}`)}`);
  });

  after(async function () {
    this.timeout(60_000);
    gate?.release();
    // Browser first, then code-server, then the sites: each is stopped even when an earlier one fails.
    const stops = [() => wb?.close(), () => server?.stop(), () => gate?.close(), () => site?.close()];
    const failures: unknown[] = [];
    for (const stop of stops) await Promise.resolve().then(stop).catch((e: unknown) => failures.push(e));
    if (tmp && (failed || failures.length)) log(`kept ${tmp} for inspection`);
    else if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (failures.length) throw failures[0];
  });

  it('has its own activity-bar container (a codicon) with the Bots, Runs and Sessions sections', async function () {
    this.timeout(120_000);
    const w = wb!;
    await w.activityItem(VIEW).waitFor({ timeout: 90_000 });
    assert.ok(await w.activityItem(VIEW).locator('xpath=..').locator('.codicon-layers, .codicon').count(), 'the container shows a codicon');
    await w.showSideBarView(VIEW);
    for (const section of ['Bots', 'Runs', 'Sessions']) await w.sideBarRow(section).waitFor();
    const bot = w.sideBarRow(ws.run.botName);
    await bot.waitFor();
    assert.match(await bot.locator('.label-description').innerText(), new RegExp(`^secure · limit ${ws.run.limit} · nothing deployed$`));
    await w.sideBarRow('No sessions yet: run a run configuration (▷ on a run above)').waitFor();
    await w.screenshot('view-sections');
  });

  it('runs the example run configuration from the view and shows its sessions running, then completed, live', async function () {
    this.timeout(240_000);
    const w = wb!;
    gate!.hold();
    try {
      await w.clickRowAction(w.sideBarRow(ws.run.name), 'Run');
      await w.sideBarRow(`Run ${ws.run.name}`).waitFor({ timeout: 60_000 });
      for (const id of ws.run.sessionIds) await w.sideBarRow(id).locator('.codicon-sync, .codicon-clock').first().waitFor({ timeout: 60_000 });
      await w.sideBarRow(ws.run.sessionIds[0]).locator('.codicon-sync').waitFor();
      await w.screenshot('view-running');
    } finally {
      gate!.release();
    }
    for (const id of ws.run.sessionIds) {
      const row = w.sideBarRow(id);
      await row.locator('.codicon-pass').waitFor({ timeout: 150_000 });
      await row.locator('.label-description', { hasText: /^[1-9]\d* pages? · [1-9]\d* records · cleanup in 30m$/ }).waitFor();
    }
    await w.screenshot('view-completed');
    await w.clearNotifications().catch(() => undefined);
  });

  it('exports a session as CSV through the save dialog', async function () {
    this.timeout(120_000);
    const w = wb!;
    const id = ws.run.sessionIds[0];
    await w.rowContextMenu(w.sideBarRow(id), 'Export CSV…');
    // BookScraper extracts two datasets and a CSV file holds one: the books.
    await w.page.locator('.quick-input-list .monaco-list-row', { hasText: 'books' }).first().waitFor();
    await w.page.keyboard.insertText('books');
    await w.page.keyboard.press('Enter');
    // The save dialog (VS Code's own in the browser) proposes <folder>/<id>-books.csv.
    await w.quickInputEndingWith(`/workspace/${id}-books.csv`);
    await w.page.keyboard.press('Enter');
    const toast = await w.notification(`of session "${id}" (dataset books) to`);
    const file = join(ws.dir, `${id}-books.csv`);
    assert.ok(existsSync(file), `${file} was written`);
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    assert.equal(lines[0], 'title,price,inStock,link,category');
    assert.match(await toast.innerText(), new RegExp(`Exported ${lines.length - 1} records`));
    await w.screenshot('view-exported');
    await w.clearNotifications();
  });

  it("opens a session's records in the Sessions panel: the grid, a Monaco SQL query, a CSV export of its result", async function () {
    this.timeout(150_000);
    const w = wb!;
    const id = ws.run.sessionIds[1];
    await w.clickRowAction(w.sideBarRow(id), 'Open Data');
    await w.page.locator('.tabs-container .tab.active', { hasText: 'Sessions — ' }).waitFor();
    // The webview's content sits in iframe.webview.ready → #active-frame.
    const panel = w.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByRole('option', { name: new RegExp(`${id}.*completed`) }).first().waitFor();
    await panel.getByRole('tab', { name: /^books/, selected: true }).waitFor();
    await panel.locator('.grid .slick-row .slick-cell.l0').first().waitFor();
    await w.screenshot('panel-records');

    await panel.locator('.editor .monaco-editor').click();
    await w.page.keyboard.press('Control+A');
    await w.page.keyboard.type(`SELECT session_id, count(*) AS n FROM "BookScraper.books" WHERE session_id = '${id}' GROUP BY session_id`);
    await w.page.keyboard.press('Escape');
    await w.page.keyboard.press('Control+Enter');
    await panel.getByRole('tab', { name: /Query result/, selected: true }).waitFor();
    await panel.locator('.grid .slick-row .slick-cell.l0', { hasText: id }).first().waitFor();
    const count = Number(await panel.locator('.grid .slick-row .slick-cell.l1').first().innerText());
    assert.ok(count > 0, `the query counts ${id}'s books`);
    await w.screenshot('panel-query');

    await panel.getByRole('button', { name: /CSV/ }).click();
    await w.quickInputEndingWith('/workspace/query-result.csv');
    await w.page.keyboard.press('Enter');
    const file = join(ws.dir, 'query-result.csv');
    await panel.locator('.status', { hasText: 'Exported 1 row to' }).first().waitFor();
    assert.equal(readFileSync(file, 'utf8'), `session_id,n\r\n${id},${count}\r\n`);
    await w.runCommand('View: Close Editor');
  });

  it('closes a session after a confirmation naming what is removed and kept, and it leaves the view', async function () {
    this.timeout(90_000);
    const w = wb!;
    const id = ws.run.sessionIds[0];
    await w.rowContextMenu(w.sideBarRow(id), 'Close Session');
    const dialog = await w.dialog();
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`Close session "${id}" \\(completed\\)\\?`));
    assert.match(text, /Removed now: its \d+ records in the session store \(books \d+, details \d+\); its log lines; its rows in the database export out\/books\.sqlite/);
    assert.match(text, new RegExp(`Kept: its status line \\(${id} closed\\)`));
    await w.screenshot('view-close-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Close Session' }).click();
    await w.notification(`Closed session "${id}"`);
    await w.sideBarRow(id).waitFor({ state: 'detached' });
    for (const other of ws.run.sessionIds.slice(1)) await w.sideBarRow(other).waitFor();
    await w.screenshot('view-closed');
  });
});
