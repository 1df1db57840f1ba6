// The standalone debug adapter (entry `debug-adapter` → dist/debug-adapter.js): speaks DAP over stdio
// (or `--server=PORT`) for any client, opening the launch's workspace runtime itself (its store lock too).
import { DebugSession } from '@vscode/debugadapter';
import { openSessionRuntime } from '../../../runtime/src/node/session-runtime';
import { storeDirOf, STORE_ENV } from '../../../runtime/src/node/store-location';
import { RpaDebugSession, type RuntimeLease } from './rpa-debug-session';

async function openWorkspace(workspaceDir: string): Promise<RuntimeLease> {
  const runtime = await openSessionRuntime({
    workspaceDir,
    storeDir: storeDirOf(workspaceDir, process.env[STORE_ENV]),
    holder: 'the RPA Sessions debug adapter (node dist/debug-adapter.js)',
    // stdout carries the protocol: problems nobody waits for go to stderr.
    onWarning: (message) => process.stderr.write(`rpa-sessions debug adapter: warning: ${message}\n`),
  });
  return { runtime, release: () => runtime.close() };
}

class StandaloneRpaDebugSession extends RpaDebugSession {
  constructor() {
    super(openWorkspace);
  }
}

DebugSession.run(StandaloneRpaDebugSession);
