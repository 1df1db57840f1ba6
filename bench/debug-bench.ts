// Debugger benchmark (`npm run bench:debug`): a 3-session scrape under the debugger with breakpoints that
// are never hit vs the same run without it, the stopped-event round trip, and evaluate on a 1 MB page.
// Options: --pages (per session), --runs, --stops, --evals.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { quantile, renderTable, positiveIntOption } from './lib/bench-kit';
import { BenchAdapter, LOG_STEPS, lineOf, scratchWorkspace } from './lib/dap-bench';
import { startListingSite, type ListingSite } from './lib/listing-site';

const TARGETS = { overhead: 1.2, stoppedP95Ms: 20, evaluateP95Ms: 50 };
/** dist/debug-adapter.js, next to the folder of this bundle (dist/bench/). */
const ADAPTER = join(__dirname, '..', 'debug-adapter.js');

const { values: args } = parseArgs({
  options: { pages: { type: 'string', default: '150' }, runs: { type: 'string', default: '5' }, stops: { type: 'string', default: '200' }, evals: { type: 'string', default: '50' } },
});
const positiveInt = (name: string, value: string | undefined) => positiveIntOption('debug-bench', name, value);
const opts = { pages: positiveInt('pages', args.pages), runs: positiveInt('runs', args.runs), stops: Math.min(positiveInt('stops', args.stops), LOG_STEPS - 1), evals: positiveInt('evals', args.evals) };

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => quantile(sorted(xs), 0.5);
const p95 = (xs: number[]) => quantile(sorted(xs), 0.95);

/** One launch of run Scrape: ms from configurationDone until every session has ended. */
async function scrapeRun(site: ListingSite, debug: boolean): Promise<number> {
  const ws = scratchWorkspace(opts.pages);
  const adapter = await BenchAdapter.start(ADAPTER);
  try {
    // Never hit: a conditional breakpoint on the scraping step that is always false (checked in the
    // session's thread) and breakpoints on the steps of agents this run does not execute.
    const breakpoints = debug
      ? { [ws.file]: [{ line: lineOf(ws.text, 'extract items each'), condition: 'session.id == "nobody"' }, { line: lineOf(ws.text, 'log "loaded"') }, { line: lineOf(ws.text, 'log "step 7"') }] }
      : {};
    let t0 = 0;
    const terminated = adapter.next('terminated');
    await adapter.launch({ program: ws.file, run: 'Scrape', inputs: { base: site.url }, noDebug: !debug }, breakpoints, () => (t0 = performance.now()));
    await terminated;
    return performance.now() - t0;
  } finally {
    await adapter.stop();
    ws.dispose();
  }
}

/** Continue → next stopped event, with a breakpoint on each of the stepping agent's log steps. */
async function stopRoundTrips(): Promise<number[]> {
  const ws = scratchWorkspace(1);
  const adapter = await BenchAdapter.start(ADAPTER);
  try {
    const lines = Array.from({ length: LOG_STEPS }, (_, i) => ({ line: lineOf(ws.text, `log "step ${i}"`) }));
    let stop = adapter.next<DebugProtocol.StoppedEvent>('stopped');
    await adapter.launch({ program: ws.file, run: 'Steps' }, { [ws.file]: lines });
    const threadId = (await stop).body.threadId!;
    const samples: number[] = [];
    for (let i = 0; i < opts.stops; i++) {
      stop = adapter.next('stopped');
      const t0 = performance.now();
      await adapter.dc.continueRequest({ threadId });
      await stop;
      samples.push(performance.now() - t0);
    }
    await adapter.dc.terminateRequest();
    return samples;
  } finally {
    await adapter.stop();
    ws.dispose();
  }
}

/** Evaluate requests on the stopped session's 1 MB page, per expression. */
async function evaluations(site: ListingSite): Promise<Array<{ expression: string; result: string; samples: number[] }>> {
  const ws = scratchWorkspace(1);
  const adapter = await BenchAdapter.start(ADAPTER);
  try {
    const stop = adapter.next<DebugProtocol.StoppedEvent>('stopped');
    await adapter.launch({ program: ws.file, run: 'Big', inputs: { base: site.url } }, { [ws.file]: [{ line: lineOf(ws.text, 'log "loaded"') }] });
    const threadId = (await stop).body.threadId!;
    const frameId = (await adapter.dc.stackTraceRequest({ threadId })).body.stackFrames[0].id;
    const out = [];
    for (const expression of ['"article.item"', 'text(".price") as number', 'attr("h3 a", "title")', 'page.size']) {
      const samples: number[] = [];
      let result = '';
      for (let i = 0; i < opts.evals; i++) {
        const t0 = performance.now();
        result = (await adapter.dc.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
        samples.push(performance.now() - t0);
      }
      out.push({ expression, result, samples });
    }
    await adapter.dc.terminateRequest();
    return out;
  } finally {
    await adapter.stop();
    ws.dispose();
  }
}

async function main(): Promise<void> {
  const site = await startListingSite(opts.pages * 3, 20);
  // About 1 MB: one listing page of 4,500 items.
  const big = await startListingSite(1, 4500);
  try {
    const bigBytes = (await (await fetch(`${big.url}/list/1?to=1`)).text()).length;
    console.log(`Debugger benchmark — ${opts.pages * 3} listing pages × 20 items over 3 sessions, ${opts.runs} runs each (alternating); adapter dist/debug-adapter.js over stdio.\n`);
    await scrapeRun(site, false); // warm-up: disk cache, JIT of the adapter's modules
    const plain: number[] = [];
    const debugged: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      plain.push(await scrapeRun(site, false));
      debugged.push(await scrapeRun(site, true));
    }
    const overhead = median(debugged) / median(plain);
    console.log(
      renderTable(
        [{ title: 'run Scrape (3 sessions)' }, { title: 'median ms', digits: 0 }, { title: 'min ms', digits: 0 }, { title: 'max ms', digits: 0 }],
        [
          ['without the debugger (noDebug)', median(plain), Math.min(...plain), Math.max(...plain)],
          ['under the debugger, breakpoints never hit', median(debugged), Math.min(...debugged), Math.max(...debugged)],
        ],
      ),
    );
    console.log(`\noverhead: ${overhead.toFixed(2)}× (target ≤ ${TARGETS.overhead}×) ${overhead <= TARGETS.overhead ? 'OK' : 'MISSED'}`);

    const stops = await stopRoundTrips();
    console.log(`\nStopped event — continue request → next stopped event at the next breakpoint (a log step), ${stops.length} times:\n`);
    console.log(renderTable([{ title: 'round trip' }, { title: 'median ms' }, { title: 'p95 ms' }, { title: 'max ms' }], [['continue → stopped', median(stops), p95(stops), Math.max(...stops)]]));
    console.log(`\nstopped p95: ${p95(stops).toFixed(2)} ms (target ≤ ${TARGETS.stoppedP95Ms} ms; includes the continue request itself) ${p95(stops) <= TARGETS.stoppedP95Ms ? 'OK' : 'MISSED'}`);

    const evals = await evaluations(big);
    console.log(`\nEvaluate on a stopped session's ${(bigBytes / 1e6).toFixed(2)} MB page (${opts.evals} requests each):\n`);
    console.log(
      renderTable(
        [{ title: 'expression' }, { title: 'result', align: 'left' }, { title: 'median ms' }, { title: 'p95 ms' }],
        evals.map((e) => [e.expression, e.result.slice(0, 40), median(e.samples), p95(e.samples)]),
      ),
    );
    const worst = Math.max(...evals.map((e) => p95(e.samples)));
    console.log(`\nevaluate p95 (worst expression): ${worst.toFixed(2)} ms (target ≤ ${TARGETS.evaluateP95Ms} ms) ${worst <= TARGETS.evaluateP95Ms ? 'OK' : 'MISSED'}`);
  } finally {
    await site.close();
    await big.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
