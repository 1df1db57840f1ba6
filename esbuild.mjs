// One build script for every entry: CLI, extension, language server, debug adapter, session worker,
// webview, benchmarks and the mocha suites (bundled, so ESM-only libraries run under plain mocha).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, statSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Node entries: [source, output name]. Entries whose source does not exist yet are skipped. */
const nodeEntries = [
  ['cli/src/main.ts', 'cli'],
  ['client/src/extension.ts', 'extension'],
  ['server/src/main.ts', 'server'],
  ['client/src/debug/adapter-main.ts', 'debug-adapter'],
  ['runtime/src/node/session-worker.ts', 'session-worker'],
];
const browserEntries = [['webview/src/main.ts', 'webview']];

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, suffix);
    return p.endsWith(suffix) ? [p] : [];
  });
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const nodeCommon = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'playwright-core', 'fsevents'],
  mainFields: ['module', 'main'],
};

const builds = [];
const present = (entries) => entries.filter(([src]) => existsSync(src));

for (const [src, out] of present(nodeEntries)) {
  builds.push({
    ...nodeCommon,
    entryPoints: [src],
    outfile: `dist/${out}.js`,
    banner: out === 'cli' ? { js: '#!/usr/bin/env node' } : undefined,
  });
}
for (const [src, out] of present(browserEntries)) {
  builds.push({ ...common, platform: 'browser', target: 'chrome120', format: 'iife', entryPoints: [src], outfile: `dist/${out}.js` });
}
const benches = filesUnder('bench', '.ts').filter((f) => !f.includes('/lib/'));
if (benches.length) builds.push({ ...nodeCommon, entryPoints: benches, outdir: 'dist/bench', outbase: 'bench' });
if (!production) {
  const tests = filesUnder('test', '.test.ts');
  if (tests.length) builds.push({ ...nodeCommon, entryPoints: tests, outdir: 'dist-test', outbase: 'test' });
}

mkdirSync('dist', { recursive: true });
const wasm = 'node_modules/sql.js/dist/sql-wasm.wasm';
if (existsSync(wasm)) copyFileSync(wasm, 'dist/sql-wasm.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
