// One build script for every entry: CLI, extension, language server, debug adapter, session worker,
// webview, benchmarks and the mocha suites (bundled, so ESM-only libraries run under plain mocha).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { browserEntries, browserEntryOptions, nodeEntries, nodeEntryOptions, nodeOptions } from './scripts/build-config.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, suffix);
    return p.endsWith(suffix) ? [p] : [];
  });
}

const builds = [];
for (const [name, src] of Object.entries(nodeEntries)) {
  if (existsSync(src)) builds.push(nodeEntryOptions(name, { production }));
}
for (const [name, src] of Object.entries(browserEntries)) {
  if (!existsSync(src)) continue;
  const { external: _external, mainFields: _mainFields, ...common } = nodeOptions({ production });
  builds.push(browserEntryOptions(name, common));
}
// Every benchmark, and the preloads they start processes with.
const benches = filesUnder('bench', '.ts').filter((f) => !f.includes('/lib/') || f.endsWith('-preload.ts'));
if (benches.length) builds.push({ ...nodeOptions(), entryPoints: benches, outdir: 'dist/bench', outbase: 'bench' });
if (!production) {
  const tests = filesUnder('test', '.test.ts');
  if (tests.length) builds.push({ ...nodeOptions(), entryPoints: tests, outdir: 'dist-test', outbase: 'test' });
}

mkdirSync('dist', { recursive: true });
const wasm = 'node_modules/sql.js/dist/sql-wasm.wasm';
if (existsSync(wasm)) copyFileSync(wasm, 'dist/sql-wasm.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
