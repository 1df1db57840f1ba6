// The `export script PATH` target: runs the user's JS module in a worker thread, calling its default
// export (or its function named `export`) with { sessionId, datasets }, under a time limit.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { RecordValues } from '../../session-types';
import { RpaUserError } from '../../user-error';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 16 * 1024;

export interface ScriptPayload {
  sessionId: string;
  datasets: Record<string, RecordValues[]>;
}

type WorkerReply = { ok: true } | { ok: false; kind: 'no-function'; exports: string[] } | { ok: false; kind: 'threw'; message: string; stack?: string };

/** Runs inside the worker: imports the module, finds the function, awaits it, reports back. */
const RUNNER = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const mod = await import(pathToFileURL(workerData.script).href);
  const d = mod.default;
  const fn = [d, mod.export, d && d.default, d && d.export].find((f) => typeof f === 'function');
  if (!fn) return parentPort.postMessage({ ok: false, kind: 'no-function', exports: Object.keys(mod) });
  await fn(workerData.payload);
  parentPort.postMessage({ ok: true });
})().catch((e) => parentPort.postMessage({ ok: false, kind: 'threw', message: String(e && e.message !== undefined ? e.message : e), stack: e && e.stack ? String(e.stack) : undefined }));
`;

function failure(script: string, sessionId: string, why: string, fix: string): RpaUserError {
  return new RpaUserError('export-failed', `The export script ${script} failed for session "${sessionId}": ${why}. ${fix}`);
}

/** Where in the user's script the error happened, from its stack (first frame in that file). */
function locationIn(script: string, stack: string | undefined): string {
  const line = stack?.split('\n').find((l) => l.includes(script));
  return line ? ` (${line.trim().replace(/^at /, 'at ')})` : '';
}

/** Calls the script; resolves with what it printed (bounded), rejects with a user error. */
export function runExportScript(script: string, payload: ScriptPayload, timeoutMs = DEFAULT_SCRIPT_TIMEOUT_MS): Promise<string> {
  if (!existsSync(script)) {
    return Promise.reject(failure(script, payload.sessionId, 'the file does not exist', "Check the PATH of the agent's `export script` line; a relative PATH starts at the workspace folder."));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(RUNNER, { eval: true, workerData: { script, payload }, stdout: true, stderr: true });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output = (output + chunk.toString('utf8')).slice(0, MAX_OUTPUT);
    };
    worker.stdout.on('data', collect);
    worker.stderr.on('data', collect);
    // The outcome is settled on 'exit', after the worker's last output has been drained.
    let outcome: { ok: true } | { error: RpaUserError } | undefined;
    const conclude = (o: { ok: true } | { error: RpaUserError }) => {
      if (outcome) return;
      outcome = o;
      clearTimeout(timer);
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      conclude({ error: failure(script, payload.sessionId, `it did not finish within ${timeoutMs / 1000}s and was stopped`, 'Make the exported function finish (await its work, close connections) or make it faster.') });
    }, timeoutMs);
    worker.on('message', (m: WorkerReply) => {
      if (m.ok) return conclude({ ok: true });
      if (m.kind === 'no-function') {
        return conclude({ error: failure(script, payload.sessionId, `it exports no function to call (exports: ${m.exports.join(', ') || 'none'})`, 'Export the function as default (`export default async function ({ sessionId, datasets }) { … }` or `module.exports = …`), or name it `export`.') });
      }
      conclude({ error: failure(script, payload.sessionId, `it threw "${m.message}"${locationIn(script, m.stack)}`, 'Fix the script; the session\'s records stay in the session store and are exported again on the next attempt.') });
    });
    worker.on('error', (e) => {
      conclude({ error: failure(script, payload.sessionId, `it crashed: ${e.message}${locationIn(script, e.stack)}`, 'Fix the script; errors thrown outside the awaited function (timers, events) stop it too.') });
    });
    worker.on('exit', (code) => {
      conclude({ error: failure(script, payload.sessionId, `it exited (code ${code}) before its function finished`, 'Do not call process.exit() in an export script; return (or resolve) when done.') });
      if (outcome && 'error' in outcome) reject(outcome.error);
      else resolve(output);
    });
  });
}
