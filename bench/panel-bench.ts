// Sessions panel benchmark in headless Chromium over one real 1M-record store: first rows of a session,
// scroll frames through the whole grid, sort, filter and memory, next to a 1,000-record session's first rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPanelHarness } from '../test/support/panel-harness';
import { BIG_SESSION, book, buildPanelStore, SMALL_SESSION } from '../test/support/panel-store';
import { quantile, renderTable } from './lib/bench-kit';
import { jsHeapMb, rendererMemoryMb, scrollFrameTimes, timeUntil } from './lib/panel-measure';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, frames: { type: 'string', default: '300' }, json: { type: 'boolean', default: false } } });
const TARGETS = { firstRowsMs: 300, scrollFrameP95Ms: 16, sortMs: 1000, filterMs: 1000, memoryMb: 300 };

/** In-page: the first rendered row's first (or given) cell has this text. */
const firstCellIs = (text: string, cell = 0) => `Array.from(document.querySelectorAll('.grid .slick-row')).sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))[0]?.querySelector('.l${cell}')?.textContent === ${JSON.stringify(text)}`;
/** In-page: the first three rendered rows show prices in ascending order from `min` (unsorted rows 0–2 do not). */
const sortedByPrice = (min: number) =>
  `(() => { const p = Array.from(document.querySelectorAll('.grid .slick-row')).sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).slice(0, 3).map((r) => Number(r.querySelector('.l1')?.textContent)); return p.length === 3 && p[0] === ${min} && p[0] <= p[1] && p[1] <= p[2]; })()`;
const clickSession = (id: string) => `document.querySelector('[role=option][data-id=${JSON.stringify(id)}]').click()`;

async function main(): Promise<void> {
  const rows = Number(args.rows);
  const frames = Number(args.frames);
  const dir = mkdtempSync(join(tmpdir(), 'rpa-panel-bench-'));
  const store = join(dir, '.rpa');
  try {
    const built = Date.now();
    await buildPanelStore(store, rows);
    process.stderr.write(`store of ${rows.toLocaleString('en')} records built in ${Date.now() - built} ms\n`);
    const h = await openPanelHarness(store, dir);
    const { page } = h;
    try {
      await page.locator(`[role=option][data-id="${SMALL_SESSION}"]`).waitFor();
      const baselineFirstRowsMs = await timeUntil(page, clickSession(SMALL_SESSION), firstCellIs(String(book(0, SMALL_SESSION).title)));
      const firstRowsMs = await timeUntil(page, clickSession(BIG_SESSION), firstCellIs(String(book(0, BIG_SESSION).title)));
      const scroll = (await scrollFrameTimes(page, frames)).sort((a, b) => a - b);
      await page.locator('.grid .slick-row .l0', { hasText: String(book(rows - 1, BIG_SESSION).title) }).waitFor();
      await page.$eval('.grid .slick-viewport', (v) => v.scrollTo(0, 0));
      const minPrice = Math.min(...Array.from({ length: Math.min(rows, 10_000) }, (_, i) => book(i, BIG_SESSION).price as number));
      const sortMs = await timeUntil(page, `Array.from(document.querySelectorAll('.slick-header-column')).find((h) => h.textContent.trim() === 'price').click()`, sortedByPrice(minPrice));
      const needle = `book ${String(Math.floor(rows / 2 / 10)).padStart(6, '0')}`;
      const filterMs = await timeUntil(
        page,
        `const f = document.querySelector('input.filter'); f.value = ${JSON.stringify(needle)}; f.dispatchEvent(new Event('input'));`,
        `/^10 rows matching/.test(document.querySelector('.status').textContent)`,
      );
      // A fixed loop in the page: how fast this machine runs the page's main thread right now.
      const loopMs = await page.evaluate(() => {
        const t = performance.now();
        let x = 0;
        for (let i = 0; i < 1e7; i++) x += i % 7;
        return x >= 0 ? performance.now() - t : NaN;
      });
      const beforeGcMb = await rendererMemoryMb(h.browser);
      const heapMb = await jsHeapMb(page);
      const memoryMb = await rendererMemoryMb(h.browser);
      const result = { rows, firstRowsMs, scrollFrameP95Ms: quantile(scroll, 0.95), sortMs, filterMs, memoryMb, baselineFirstRowsMs };
      report(result, scroll, { heapMb, beforeGcMb }, loopMs);
      if (args.json) console.log(JSON.stringify(roundAll(result)));
    } finally {
      await h.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function roundAll<T extends Record<string, number>>(r: T): T {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 10) / 10])) as T;
}

function report(r: Record<keyof typeof TARGETS | 'rows' | 'baselineFirstRowsMs', number>, scroll: number[], memory: { heapMb: number; beforeGcMb: number }, loopMs: number): void {
  console.log(`Sessions panel in headless Chromium: ${r.rows.toLocaleString('en')} records of one session (baseline: a 1,000-record session, same store, same run)\n`);
  console.log('Scroll frame work: per animation frame, the scroll handler, SlickGrid render, forced layout and any rows arriving.\n');
  const ok = (k: keyof typeof TARGETS) => (r[k] <= TARGETS[k] ? 'met' : 'NOT met');
  console.log(
    renderTable(
      [{ title: 'measure' }, { title: 'value', digits: 1 }, { title: 'target' }, { title: '' }],
      [
        ['first rows after opening the session (ms)', r.firstRowsMs, `≤ ${TARGETS.firstRowsMs}`, ok('firstRowsMs')],
        ['  baseline: 1,000-record session (ms)', r.baselineFirstRowsMs, '', ''],
        [`scroll frame work p95, ${scroll.length} frames top→bottom (ms)`, r.scrollFrameP95Ms, `≤ ${TARGETS.scrollFrameP95Ms}`, ok('scrollFrameP95Ms')],
        ['  scroll frame work median / max (ms)', `${quantile(scroll, 0.5).toFixed(1)} / ${scroll.at(-1)!.toFixed(1)}`, '', ''],
        ['sort on a numeric column (ms)', r.sortMs, `≤ ${TARGETS.sortMs}`, ok('sortMs')],
        ['filter, incl. 200 ms typing debounce (ms)', r.filterMs, `≤ ${TARGETS.filterMs}`, ok('filterMs')],
        ['webview renderer memory after all of the above and a GC, RSS (MB)', r.memoryMb, `≤ ${TARGETS.memoryMb}`, ok('memoryMb')],
        ['  before that GC (MB)', memory.beforeGcMb, '', ''],
        ['  of which JavaScript heap (MB)', memory.heapMb, '', ''],
        ['machine: 10M-iteration loop in the page (ms, to compare runs)', loopMs, '', ''],
      ],
    ),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`panel-bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
