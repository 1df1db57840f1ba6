// The session worker (entry `session-worker` → dist/session-worker.js): runs one session at a time in
// its own thread, with its own fetcher and cookie jar, talking to the engine only over the session's port.
import type { MessagePort } from 'node:worker_threads';
import { parentPort } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Step } from '../../../language/src/ast';
import { missingSecret, missingSecretMessage } from '../engine/login-spec';
import type { LoginSpec, SessionJob, SessionOutcome } from '../engine/session-runner';
import { Redactor } from '../interpreter/errors';
import type { SessionContext, StepHost } from '../interpreter/host';
import { titleOf } from '../interpreter/page';
import { StepGate } from '../debug/step-gate';
import { runAgentSteps } from '../interpreter/run-steps';
import { HttpFetcher } from './http-fetcher';
import { SessionOutbox } from './session-outbox';
import type { DebugCommand, EngineToSession, WorkerToPool } from './worker-protocol';
import { isPoolMessage } from './worker-protocol';
import { warmUpWorker } from './worker-warm-up';

/** The bot's password: from the secrets the engine handed over, else this thread's environment; never sent back. */
function readLogin(login: LoginSpec | undefined, steps: Step[], secrets: Readonly<Record<string, string>>): { login?: SessionContext['login']; problem?: string } {
  if (!login) return {};
  const lookup = (env: string) => secrets[env] ?? process.env[env];
  const missing = missingSecret(login, steps, lookup);
  if (missing) return { problem: missingSecretMessage(missing) };
  const pw = login.password;
  return { login: { user: login.user, password: pw && ('literal' in pw ? pw.literal : lookup(pw.env)) } };
}

/** Settles like `p`, but from a setImmediate callback. */
function onNextMacrotask<T>(p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    p.then(
      (value) => setImmediate(resolve, value),
      (error: unknown) => setImmediate(reject, error),
    );
  });
}

/** The debugger's gate for a session started under it, fed by the engine's debug commands. */
function debugGate(job: SessionJob, outbox: SessionOutbox, fetcher: HttpFetcher): StepGate | undefined {
  if (!job.debug) return undefined;
  return new StepGate(job.debug, {
    stopped: (stop) => outbox.send({ type: 'rpa/stopped', stop }),
    log: (message) => outbox.log('info', message),
    pageInfo: (page) => ({ url: page.url, status: page.status, title: titleOf(page), size: page.size, cookies: fetcher.cookieNames(page.url) }),
  });
}

function applyDebugCommand(gate: StepGate | undefined, command: DebugCommand, outbox: SessionOutbox): void {
  if (!gate) return;
  switch (command.op) {
    case 'setBreakpoints': return gate.setBreakpoints(command.breakpoints);
    case 'setBreakOnProblems': return gate.setBreakOnProblems(command.on);
    case 'pause': return gate.pause();
    case 'resume': return gate.resume(command.mode);
    case 'evaluate':
      try {
        outbox.send({ type: 'rpa/evaluated', requestId: command.requestId, result: gate.evaluate(command.expression) });
      } catch (e) {
        outbox.send({ type: 'rpa/evaluated', requestId: command.requestId, error: (e as Error).message });
      }
  }
}

async function runSession(job: SessionJob, secrets: Readonly<Record<string, string>>, port: MessagePort): Promise<void> {
  const controller = new AbortController();
  const { login, problem } = readLogin(job.login, job.steps, secrets);
  const outbox = new SessionOutbox(port, login?.password ? Redactor.forPassword(login.password) : undefined);
  const fetcher = new HttpFetcher({ allowHosts: job.allowHosts, log: (level, message) => outbox.log(level, message) });
  const gate = debugGate(job, outbox, fetcher);

  port.on('message', (m: EngineToSession) => {
    if (m.type === 'rpa/cancelSession') {
      controller.abort();
      gate?.release();
    } else {
      applyDebugCommand(gate, m.command, outbox);
    }
  });

  const host: StepHost = {
    fetcher: {
      // The steps go on from a fresh macrotask rather than from inside the socket's callback, so a
      // session stuck in its own code can be terminated safely (see WorkerPool.retire).
      fetch: (req, signal) => onNextMacrotask(fetcher.fetch(req, signal)),
    },
    record: (dataset, values) => outbox.record(dataset, values),
    log: (level, message) => outbox.log(level, message),
    progress: (update) => outbox.progress(update),
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
    signal: controller.signal,
    hooks: gate && { beforeStep: (frame, scope) => gate.beforeStep(frame, scope), stepProblem: (frame, scope, p) => gate.stepProblem(frame, scope, p) },
  };

  let outcome: SessionOutcome;
  if (problem) {
    outcome = { status: 'failed', error: problem };
  } else {
    try {
      const summary = await runAgentSteps(job.steps, { id: job.id, inputs: job.inputs, source: job.source, login }, host);
      outcome = summary.status === 'completed' ? { status: 'completed' } : { status: summary.status, error: summary.error ?? `The session ${summary.status === 'failed' ? 'failed' : 'was cancelled'}.` };
    } catch (e) {
      outcome = { status: 'failed', error: `Session "${job.id}" failed unexpectedly inside its worker: ${(e as Error).message}. Run it again; if it keeps failing, report it with the agent's steps.` };
    }
  }
  controller.abort();
  fetcher.close();
  outbox.send({ type: 'rpa/sessionEnded', outcome });
  port.close();
}

if (!parentPort) throw new Error('session-worker.js runs only as a worker thread of the session engine.');
const pool = parentPort;
const warmedUp = warmUpWorker().then(
  () => pool.postMessage({ type: 'rpa/workerReady' } satisfies WorkerToPool),
  (e: unknown) => pool.postMessage({ type: 'rpa/workerReady', warmUpError: (e as Error).message } satisfies WorkerToPool),
);
pool.on('message', (m: unknown) => {
  if (!isPoolMessage(m)) return;
  if (m.type === 'rpa/startSession') void runSession(m.job, m.secrets ?? {}, m.port);
  // Exiting from a fresh macrotask, never from inside a network callback (see WorkerPool.retire).
  else void warmedUp.then(() => setImmediate(() => process.exit(0)));
});
