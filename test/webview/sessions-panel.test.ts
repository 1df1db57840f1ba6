// The Sessions panel webview in headless Chromium over a real store of 1,000,000 records, its messages
// answered by the real router and data service: first rows, scroll to the end, sort, filter, a Monaco query, export, restore.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openPanelHarness, type PanelHarness } from '../support/panel-harness';
import { openSessionStore } from '../../runtime/src/node/open-store';
import { BIG_SESSION, book, buildPanelStore, DATASET, QUEUED_SESSION } from '../support/panel-store';

const ROWS = Number(process.env.PANEL_ROWS ?? 1_000_000);
const title = (i: number) => String(book(i, BIG_SESSION).title);

/** The grid's rendered rows, top to bottom: their first cell's text and their aria-rowindex. */
async function visibleRows(page: Page): Promise<Array<{ text: string; rowIndex: string | null }>> {
  return page.$$eval('.grid .slick-row', (rows) =>
    rows
      .map((r) => ({ top: parseFloat((r as HTMLElement).style.top || '0'), text: r.querySelector('.slick-cell')?.textContent ?? '', rowIndex: r.getAttribute('aria-rowindex') }))
      .sort((a, b) => a.top - b.top)
      .map(({ text, rowIndex }) => ({ text, rowIndex })),
  );
}

/** The text of the grid's rendered rows (first cell each), top to bottom. */
async function visibleTitles(page: Page): Promise<string[]> {
  return (await visibleRows(page)).map((r) => r.text);
}

async function waitForTitle(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => Array.from(document.querySelectorAll('.grid .slick-row .slick-cell.l0')).some((c) => c.textContent === t), text, { timeout: 15_000 });
}

describe('Sessions panel webview (headless Chromium, 1M records)', function () {
  this.timeout(180_000);
  let dir: string;
  let h: PanelHarness;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-panel-web-'));
    await buildPanelStore(join(dir, '.rpa'), ROWS);
    h = await openPanelHarness(join(dir, '.rpa'), dir);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await h.page.screenshot({ path: join('test-results', `panel-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the sessions and shows the first rows of the selected one, typed', async () => {
    const { page } = h;
    await page.getByRole('option', { name: new RegExp(BIG_SESSION) }).click();
    await waitForTitle(page, title(0));
    assert.deepEqual((await visibleTitles(page)).slice(0, 3), [title(0), title(1), title(2)]);
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), `books ${ROWS.toLocaleString('en')}`);
    const price = page.locator('.grid .slick-row .slick-cell.l1').first();
    assert.match((await price.getAttribute('class')) ?? '', /cell-number/);
    assert.equal(await page.locator('.grid .slick-row .slick-cell.l3 [aria-label=false]').count() > 0, true, 'booleans show as icons');
    const link = page.locator('.grid .slick-row .slick-cell.l5 a').first();
    assert.match((await link.getAttribute('href')) ?? '', /^http:\/\/127\.0\.0\.1\/books\/\d+$/, 'URLs show as links');
    assert.equal(await link.textContent(), await link.getAttribute('href'));
    assert.match(await page.locator('.status').first().textContent() ?? '', new RegExp(`${ROWS.toLocaleString('en')} rows`));
    assert.ok(await page.getByRole('option', { name: /queued-1.*#1 in queue/ }).isVisible());
  });

  it('tells assistive technology where each row is in the whole grid (ARIA row count and indexes)', async () => {
    const { page } = h;
    assert.equal(await page.locator('.grid[role=grid]').getAttribute('aria-rowcount'), String(ROWS + 1), 'the header row counts');
    assert.equal(await page.locator('.grid .slick-header-columns[role=row]').first().getAttribute('aria-rowindex'), '1');
    assert.deepEqual((await visibleRows(page)).slice(0, 2), [
      { text: title(0), rowIndex: '2' },
      { text: title(1), rowIndex: '3' },
    ]);
  });

  it('scrolls to the end of the million rows', async () => {
    const { page } = h;
    await page.$eval('.grid .slick-viewport', (v) => v.scrollTo(0, v.scrollHeight));
    await waitForTitle(page, title(ROWS - 1));
    assert.deepEqual((await visibleRows(page)).at(-1), { text: title(ROWS - 1), rowIndex: String(ROWS + 1) });
  });

  it('asks for the rows where a drag through the grid rests, not for every page it passes', async () => {
    const { page, service } = h;
    const offsets: number[] = [];
    const call = service.call.bind(service);
    service.call = ((method, args, options) => {
      if (method === 'page') offsets.push((args as [{ offset: number }])[0].offset);
      return call(method, args, options);
    }) as typeof service.call;
    try {
      await page.$eval('.grid .slick-viewport', (v) => {
        for (let i = 1; i <= 30; i++) {
          v.scrollTop = ((v.scrollHeight - v.clientHeight) * i) / 60;
          v.dispatchEvent(new Event('scroll'));
        }
      });
      await page.waitForFunction(() => document.querySelector('.grid .slick-row') && !document.querySelector('.grid .cell-loading'), undefined, { timeout: 15_000 });
      const shown = await page.$$eval('.grid .slick-row', (rows) => rows.map((r) => [Number((r as HTMLElement).dataset.row), r.querySelector('.slick-cell')?.textContent] as const));
      assert.ok(shown.every(([row]) => row > ROWS / 3), 'the view rests half-way through');
      assert.deepEqual(shown.map(([, text]) => text), shown.map(([row]) => title(row)));
      assert.ok(offsets.length <= 4, `pages asked for: ${offsets.join(', ')}`);
    } finally {
      service.call = call;
    }
  });

  it('copies the active cell with Ctrl+C, and selected rows tab-separated', async () => {
    const { page } = h;
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.$eval('.grid .slick-viewport', (v) => v.scrollTo(0, 0));
    await waitForTitle(page, title(0));
    await page.locator('.grid .slick-row .slick-cell.l0', { hasText: title(1) }).click();
    await page.keyboard.press('ControlOrMeta+C');
    await page.waitForFunction(async (t) => (await navigator.clipboard.readText()) === t, title(1));
    await page.locator('.grid .slick-row .slick-cell.l0', { hasText: title(2) }).click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.waitForFunction(() => /Copied 2 rows/.test(document.querySelector('.status')?.textContent ?? ''));
    assert.deepEqual((await clipboard()).split('\n').map((r) => r.split('\t')[0]), [title(1), title(2)]);
    assert.equal((await clipboard()).split('\n')[0].split('\t').length, 6);
  });

  it('sorts by a numeric column from its header', async () => {
    const { page } = h;
    await page.$eval('.grid .slick-viewport', (v) => v.scrollTo(0, 0));
    await page.locator('.slick-header-column', { hasText: 'price' }).click();
    await page.waitForFunction(() => document.querySelector('.grid .slick-row .slick-cell.l1')?.textContent === '0.01', undefined, { timeout: 30_000 });
    await page.locator('.slick-header-column', { hasText: 'price' }).click();
    await page.waitForFunction(() => document.querySelector('.grid .slick-row .slick-cell.l1')?.textContent === '100', undefined, { timeout: 30_000 });
  });

  it('filters by a text in any column', async () => {
    const { page } = h;
    await page.getByRole('searchbox', { name: /Filter rows/ }).fill('book 001234');
    await waitForTitle(page, title(12_349));
    await page.waitForFunction(() => /10 rows matching/.test(document.querySelector('.status')?.textContent ?? ''));
    assert.equal((await visibleTitles(page)).length, 10);
  });

  it('runs a Monaco query with Ctrl+Enter, shows it in the grid, and exports it', async () => {
    const { page } = h;
    await page.locator('.editor .monaco-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`SELECT session_id, count(*) AS n FROM "BookScraper.books" GROUP BY session_id ORDER BY n DESC`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('tab', { name: /Query result/, selected: true }).waitFor();
    await page.waitForFunction((t) => document.querySelector('.grid .slick-row .slick-cell.l0')?.textContent === t, BIG_SESSION);
    assert.match((await page.locator('.sql-status').textContent()) ?? '', /^2 rows in \d+ ms/);
    await page.getByRole('button', { name: /CSV/ }).click();
    await page.waitForFunction(() => /Exported 2 rows/.test(document.querySelector('.status')?.textContent ?? ''));
    assert.equal(readFileSync(h.exports.at(-1)!, 'utf8'), `session_id,n\r\n${BIG_SESSION},${ROWS}\r\nsmall-1,1000\r\n`);
  });

  it('marks an SQL error where it is, and refuses a change to the store', async () => {
    const { page } = h;
    await page.locator('.editor .monaco-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('SELECT nope FROM rpa_sessions');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => /no such column: nope/.test(document.querySelector('.sql-status')?.textContent ?? ''));
    await page.locator('.editor .squiggly-error').waitFor();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('DELETE FROM rpa_sessions');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => /read-only/.test(document.querySelector('.sql-status')?.textContent ?? ''));
  });

  it('exports the whole dataset, filtered as shown, to JSON', async () => {
    const { page } = h;
    await page.getByRole('tab', { name: /^books/ }).click();
    await waitForTitle(page, title(12_349));
    await page.getByRole('button', { name: /JSON/ }).click();
    await page.waitForFunction(() => /Exported 10 rows/.test(document.querySelector('.status')?.textContent ?? ''));
    const rows = JSON.parse(readFileSync(h.exports.at(-1)!, 'utf8')) as Array<Record<string, unknown>>;
    assert.equal(rows.length, 10);
    assert.ok(rows.some((r) => r.title === title(12_340) && r.inStock === true));
  });

  it('shows a session going from queued to running and its rows as another process records them', async () => {
    const { page } = h;
    const storeDir = join(dir, '.rpa');
    const { store } = await openSessionStore(dir, { storeDir });
    try {
      store.updateSession(QUEUED_SESSION, { status: 'running', startedAt: Date.now(), progress: { pages: 1, records: 0, errors: 0, currentUrl: 'http://127.0.0.1/books?page=1' } });
      await store.commit();
      const running = page.getByRole('option', { name: /queued-1.*running.*books\?page=1/ });
      await running.waitFor();
      await running.click();
      await page.locator('.empty', { hasText: 'no records yet' }).waitFor();
      store.insertRecords(QUEUED_SESSION, DATASET, [1, 2, 3].map((i) => book(i, QUEUED_SESSION)));
      store.updateSession(QUEUED_SESSION, { progress: { pages: 1, records: 3, errors: 0 } });
      await store.commit();
      await waitForTitle(page, String(book(3, QUEUED_SESSION).title));
      store.insertRecords(QUEUED_SESSION, DATASET, [4, 5].map((i) => book(i, QUEUED_SESSION)));
      store.updateSession(QUEUED_SESSION, { progress: { pages: 2, records: 5, errors: 0 } });
      await store.commit();
      await waitForTitle(page, String(book(5, QUEUED_SESSION).title));
      await page.getByRole('tab', { name: 'books 5', selected: true }).waitFor();
    } finally {
      await store.close();
    }
    await page.getByRole('option', { name: new RegExp(BIG_SESSION) }).click();
    await waitForTitle(page, title(12_349));
  });

  it('keeps its state across a reload (session, tab, filter, SQL) under its CSP without errors', async () => {
    const { page } = h;
    await page.reload();
    await waitForTitle(page, title(12_349));
    assert.equal(await page.getByRole('searchbox', { name: /Filter rows/ }).inputValue(), 'book 001234');
    assert.ok(await page.getByRole('option', { name: new RegExp(BIG_SESSION), selected: true }).isVisible());
    const problems = h.problems.filter((p) => !/Could not create web worker|without web workers/.test(p));
    assert.deepEqual(problems, []);
  });
});
