// Entry points and esbuild options shared by esbuild.mjs (the full build) and scripts/test-only.mjs.
// Node entries are bundled to CommonJS so ESM-only libraries (chevrotain) run in VS Code and mocha.

/** Node entries: output name → source. Entries whose source does not exist yet are skipped. */
export const nodeEntries = {
  cli: 'cli/src/main.ts',
  extension: 'client/src/extension.ts',
  server: 'server/src/main.ts',
  'debug-adapter': 'client/src/debug/adapter-main.ts',
  'session-worker': 'runtime/src/node/session-worker.ts',
  'panel-data-worker': 'runtime/src/node/panel-data/data-worker.ts',
  fleet: 'runtime/src/fleet/index.ts',
};

/** Browser entries: output name → source. */
export const browserEntries = {
  webview: 'webview/src/main.ts',
};

export function nodeOptions({ production = false } = {}) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
    external: ['vscode', 'playwright-core', 'fsevents'],
    mainFields: ['module', 'main'],
  };
}

export function nodeEntryOptions(name, opts) {
  return {
    ...nodeOptions(opts),
    entryPoints: [nodeEntries[name]],
    outfile: `dist/${name}.js`,
    banner: name === 'cli' ? { js: '#!/usr/bin/env node' } : undefined,
  };
}

/** A browser entry (the webview): one IIFE script, its CSS beside it, fonts as dist/NAME-HASH.ttf. */
export function browserEntryOptions(name, common) {
  return {
    ...common,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: [browserEntries[name]],
    outfile: `dist/${name}.js`,
    loader: { '.ttf': 'file' },
    assetNames: '[name]-[hash]',
  };
}
