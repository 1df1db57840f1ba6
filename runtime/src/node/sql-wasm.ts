// Finds sql-wasm.wasm and initialises sql.js once per process: next to the bundle (dist/) when
// installed, in node_modules/sql.js/dist/ during development, or where RPA_SQL_WASM points.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { RpaUserError } from '../user-error';

const WASM = 'sql-wasm.wasm';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Candidate locations of sql-wasm.wasm, most specific first: an explicit path, RPA_SQL_WASM, next to
 * the bundle, then walking up from the bundle: a dist/ folder (bundles in subfolders: tests,
 * benchmarks) and node_modules/sql.js/dist/ (development).
 */
function wasmCandidates(explicit?: string): string[] {
  const out: string[] = [];
  if (explicit) out.push(explicit);
  if (process.env.RPA_SQL_WASM) out.push(process.env.RPA_SQL_WASM);
  out.push(join(__dirname, WASM));
  for (let dir = __dirname; ; dir = dirname(dir)) {
    out.push(join(dir, 'dist', WASM), join(dir, 'node_modules', 'sql.js', 'dist', WASM));
    if (dirname(dir) === dir) break;
  }
  return out;
}

export function locateSqlWasm(explicit?: string): string {
  const candidates = wasmCandidates(explicit);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new RpaUserError(
      'store-unreadable',
      `The session store needs SQLite compiled to WebAssembly (sql-wasm.wasm from the sql.js package) but it is not next to ${__dirname} nor in a dist/ or node_modules/sql.js/dist/ folder above it. ` +
        'Rebuild with `npm run build` (it copies the file to dist/), or set RPA_SQL_WASM to its path.',
    );
  }
  return found;
}

/** sql.js, initialised once per process with the located wasm binary. */
export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  if (!loading) {
    const binary = readFileSync(locateSqlWasm(wasmPath));
    loading = initSqlJs({ wasmBinary: binary.buffer.slice(binary.byteOffset, binary.byteOffset + binary.byteLength) as ArrayBuffer });
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
