// Builds and runs only some mocha suites (and the dist entries they spawn), for quick local runs:
//   node scripts/test-only.mjs test/language [test/cli/check.test.ts …] [--entries cli,server,webview]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { browserEntries, browserEntryOptions, nodeEntryOptions, nodeOptions } from './build-config.mjs';

const args = process.argv.slice(2);
const entriesAt = args.indexOf('--entries');
const entries = entriesAt >= 0 ? args.splice(entriesAt, 2)[1].split(',') : [];
const targets = args.length ? args : ['test'];

function tests(p) {
  if (!existsSync(p)) return [];
  if (statSync(p).isFile()) return p.endsWith('.test.ts') ? [p] : [];
  return readdirSync(p).flatMap((n) => tests(join(p, n)));
}

const files = targets.flatMap(tests);
if (!files.length) {
  console.error(`No *.test.ts files under ${targets.join(', ')}`);
  process.exit(2);
}
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
const { external: _external, mainFields: _mainFields, ...browserCommon } = nodeOptions();
for (const e of entries) await esbuild.build(e in browserEntries ? browserEntryOptions(e, browserCommon) : nodeEntryOptions(e));
await esbuild.build({ ...nodeOptions(), entryPoints: files, outdir: 'dist-test', outbase: 'test' });
const outs = files.map((f) => 'dist-test/' + f.slice('test/'.length).replace(/\.ts$/, '.js'));
try {
  execFileSync('npx', ['mocha', '--no-config', '--timeout', '20000', '--enable-source-maps', ...outs], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
