// Language core benchmark (`npm run bench`): lex, parse, link+check and format of a generated
// 10,000-line workspace, side by side with JSON.parse of a same-sized document, against the targets.
import { parseArgs } from 'node:util';
import { checkWorkspace, format, parse, Workspace } from '../language/src/index';
import { lex } from '../language/src/lexer';
import { parseCstOnly } from '../language/src/parse';
import { collectGarbage, HeapTracker, measure, megabytesPerSecond, peakHeapOf, renderTable, type MeasureOptions, type Timing, positiveIntOption } from './lib/bench-kit';
import { generateJson, generateWorkspace, type GeneratedFile } from './lib/generate-inputs';

const TARGETS = { fullMedianMs: 30, parseMBps: 30, peakHeapMB: 100 };

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '10' },
  },
});

const positiveInt = (name: string, value: string | undefined) => positiveIntOption('language-bench', name, value);

const opts: MeasureOptions = { runs: positiveInt('runs', args.runs), warmup: positiveInt('warmup', args.warmup) };
if (opts.runs < 10) process.stderr.write('language-bench: fewer than 10 runs: medians and p95 are unreliable.\n');

function loadWorkspace(files: readonly GeneratedFile[]): Workspace {
  const ws = new Workspace();
  for (const f of files) ws.setFile(f.uri, f.text);
  return ws;
}

/** A full check as the CLI runs it, one step per file and one for the checks (for peakHeapOf). */
function* fullCheckSteps(files: readonly GeneratedFile[]): Generator<unknown> {
  const ws = new Workspace();
  for (const f of files) yield ws.setFile(f.uri, f.text);
  yield checkWorkspace(ws);
}

function countDiagnostics(results: Map<string, unknown[]>): number {
  let n = 0;
  for (const list of results.values()) n += list.length;
  return n;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function main(): void {
  const gen = generateWorkspace(positiveInt('lines', args.lines));
  const { files, bytes } = gen;
  const json = generateJson(bytes);
  const jsonBytes = Buffer.byteLength(json);
  const gcAvailable = collectGarbage();
  const heap = new HeapTracker();

  const sanity = checkWorkspace(loadWorkspace(files));
  const formatFailures = files.filter((f) => 'error' in format(f.text)).length;

  const timings: Timing[] = [
    measure('JSON.parse (baseline)', jsonBytes, opts, heap, () => json, (text) => JSON.parse(text)),
    measure('lex', bytes, opts, heap, () => files, (fs) => fs.map((f) => lex(f.text).tokens.length)),
    measure('lex+parse (chevrotain CST)', bytes, opts, heap, () => files, (fs) => fs.map((f) => parseCstOnly(f.text))),
    measure('parse to AST (lex+parse+AST)', bytes, opts, heap, () => files, (fs) => fs.map((f) => parse(f.text, f.uri).ast)),
    measure('link+check', bytes, opts, heap, () => loadWorkspace(files), (ws) => checkWorkspace(ws)),
    measure('parse+link+check', bytes, opts, heap, () => files, (fs) => checkWorkspace(loadWorkspace(fs))),
    measure('format', bytes, opts, heap, () => files, (fs) => fs.map((f) => format(f.text))),
  ];
  const base = timings[0];

  const declarations = files.reduce((n, f) => n + parse(f.text, f.uri).ast.declarations.length, 0);
  process.stdout.write(
    `Language benchmark: ${gen.lines} lines in ${files.length} files (${(bytes / 1024).toFixed(0)} KiB, ${declarations} declarations), ` +
      `${countDiagnostics(sanity)} diagnostics, ${formatFailures} files the formatter refused\n` +
      `${opts.runs} runs after ${opts.warmup} warm-up runs; baseline JSON document ${(jsonBytes / 1024).toFixed(0)} KiB; Node ${process.version}\n\n`,
  );
  process.stdout.write(
    renderTable(
      [{ title: 'phase' }, { title: 'median ms' }, { title: 'p95 ms' }, { title: 'MB/s', digits: 1 }, { title: '× JSON.parse', digits: 1 }],
      timings.map((t) => [t.name, t.medianMs, t.p95Ms, megabytesPerSecond(t.bytes, t.medianMs), t.medianMs / base.medianMs]),
    ) + '\n\n',
  );

  const full = timings.find((t) => t.name === 'parse+link+check') as Timing;
  const parseT = timings.find((t) => t.name === 'lex+parse (chevrotain CST)') as Timing;
  const parseRate = megabytesPerSecond(parseT.bytes, parseT.medianMs);
  const astT = timings.find((t) => t.name === 'parse to AST (lex+parse+AST)') as Timing;
  const astRate = megabytesPerSecond(astT.bytes, astT.medianMs);
  const single = peakHeapOf(fullCheckSteps(files));
  const peak = mb(single.peakUsed);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  process.stdout.write(
    renderTable(
      [{ title: 'target' }, { title: 'goal', align: 'right' }, { title: 'measured', align: 'right' }, { title: 'result', align: 'left' }],
      [
        [`parse+link+check of ${gen.lines} lines, median`, `≤ ${TARGETS.fullMedianMs} ms`, `${full.medianMs.toFixed(1)} ms`, verdict(full.medianMs <= TARGETS.fullMedianMs)],
        ['lex+parse (to CST) throughput, median', `≥ ${TARGETS.parseMBps} MB/s`, `${parseRate.toFixed(1)} MB/s`, verdict(parseRate >= TARGETS.parseMBps)],
        ['  the same including the AST, median', `≥ ${TARGETS.parseMBps} MB/s`, `${astRate.toFixed(1)} MB/s`, verdict(astRate >= TARGETS.parseMBps)],
        ['peak heap used, one parse+link+check', `≤ ${TARGETS.peakHeapMB} MB`, `${peak.toFixed(1)} MB`, verdict(peak <= TARGETS.peakHeapMB)],
      ],
    ) + '\n',
  );
  process.stdout.write(
    `\nHeap: ${mb(single.startUsed).toFixed(1)} MB before one full check, ${peak.toFixed(1)} MB at its peak (sampled after every file); ` +
      `over all timed runs without forced GC: peak used ${mb(heap.peakUsed).toFixed(1)} MB, peak allocated ${mb(heap.peakTotal).toFixed(1)} MB` +
      (gcAvailable ? '' : '\n(run with node --expose-gc: without it the heap figures include uncollected garbage)') +
      '\n',
  );
}

main();
