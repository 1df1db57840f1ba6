// In-page measurements of the Sessions panel for bench:panel: time from a user action to the rows it
// brings, main-thread work per scroll frame through the whole grid, and the renderer's memory.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/**
 * Runs `act` in the page and resolves with the ms until `done` holds, checked every animation frame
 * (so the figure includes rendering the rows, not only their arrival).
 */
export async function timeUntil(page: Page, act: string, done: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(
    ({ act, done, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        new Function(act)();
        const test = new Function(`return (${done});`) as () => boolean;
        const check = () => {
          if (test()) return resolve(performance.now() - start);
          if (performance.now() - start > timeoutMs) return reject(new Error(`not done after ${timeoutMs} ms: ${done}`));
          requestAnimationFrame(check);
        };
        check();
      }),
    { act, done, timeoutMs },
  );
}

/**
 * Scrolls the grid from top to bottom in `frames` steps, one per animation frame, and returns the
 * main-thread work of each frame: the scroll handler with SlickGrid's render and the layout it forces,
 * plus the handling of host messages (rows arriving and being rendered) before the next frame.
 */
export async function scrollFrameTimes(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(
    (frames) =>
      new Promise<number[]>((resolve) => {
        const v = document.querySelector<HTMLElement>('.grid .slick-viewport')!;
        const times: number[] = [];
        let messageStart = 0;
        const onStart = () => (messageStart = performance.now());
        // At the window, capture listeners run before the panel's own and this later one after it.
        const onEnd = () => times.length && (times[times.length - 1] += performance.now() - messageStart);
        window.addEventListener('message', onStart, { capture: true });
        window.addEventListener('message', onEnd);
        let i = 0;
        const step = () => {
          const t0 = performance.now();
          v.scrollTop = ((v.scrollHeight - v.clientHeight) * ++i) / frames;
          v.dispatchEvent(new Event('scroll'));
          void v.querySelector('.slick-row:last-child')?.getBoundingClientRect();
          times.push(performance.now() - t0);
          if (i < frames) return requestAnimationFrame(step);
          window.removeEventListener('message', onStart, { capture: true });
          window.removeEventListener('message', onEnd);
          resolve(times);
        };
        requestAnimationFrame(step);
      }),
    frames,
  );
}

/** The page's JavaScript heap in use (MB), after a garbage collection. */
export async function jsHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/** Resident memory (MB) of the browser's renderer processes (the page is the only one), from CDP's process list and /proc. */
export async function rendererMemoryMb(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
  await cdp.detach();
  let kb = 0;
  for (const p of processInfo.filter((i) => i.type === 'renderer')) {
    const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
    kb = Math.max(kb, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
  }
  return kb / 1024;
}
