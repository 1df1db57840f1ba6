// One session on one pooled worker: its own MessageChannel port, messages forwarded to the engine's
// sink, stop with a grace period, and a clear reason when the worker crashes, exits or runs out of memory.
import type { MessagePort, ResourceLimits, Worker } from 'node:worker_threads';
import { MessageChannel } from 'node:worker_threads';
import type { Evaluation, SessionDebugControl } from '../debug/debug-types';
import type { RunningSession, SessionJob, SessionOutcome, SessionSink, StopOutcome } from '../engine/session-runner';
import type { DebugCommand, EngineToSession, PoolToWorker, SessionBatch, SessionToEngine } from './worker-protocol';

/** How the session's worker came out of it: `clean` ones ended the session themselves and can be reused. */
export type WorkerAfterSession = 'clean' | 'unresponsive' | 'dead';

/** One session on one worker: forwards its port's messages to the sink and settles exactly once. */
export class WorkerSession implements RunningSession {
  readonly done: Promise<SessionOutcome>;
  private settle!: (outcome: SessionOutcome) => void;
  private settled = false;
  private stopping: StopOutcome | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  readonly debug: SessionDebugControl | undefined;
  private readonly evaluations = new Map<number, { resolve(r: Evaluation): void; reject(e: Error): void }>();
  private nextRequest = 0;
  private readonly port: MessagePort;
  private readonly detach: () => void;

  constructor(
    worker: Worker,
    private readonly job: SessionJob,
    secrets: Readonly<Record<string, string>>,
    private readonly sink: SessionSink,
    private readonly limits: ResourceLimits,
    private readonly graceMs: number,
    private readonly release: (after: WorkerAfterSession) => void,
  ) {
    this.done = new Promise((resolve) => { this.settle = resolve; });
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (m: SessionToEngine) => this.onMessage(m));
    const onError = (err: Error) => this.end(this.stopping ?? { status: 'failed', error: this.crashReason(err) }, 'dead');
    const onExit = (code: number) => this.end(this.stopping ?? { status: 'failed', error: this.exitReason(code) }, 'dead');
    worker.on('error', onError);
    worker.on('exit', onExit);
    this.detach = () => {
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const start: PoolToWorker = { type: 'rpa/startSession', job, secrets, port: port2 };
    worker.postMessage(start, [port2]);
    this.debug = job.debug && this.debugControl();
  }

  stop(outcome: StopOutcome): void {
    if (this.settled || this.stopping) return;
    this.stopping = outcome;
    this.send({ type: 'rpa/cancelSession' });
    this.graceTimer = setTimeout(() => this.end(outcome, 'unresponsive'), this.graceMs);
  }

  /** The debugger's commands, sent to the session's thread (where its step gate applies them). */
  private debugControl(): SessionDebugControl {
    const command = (c: DebugCommand) => {
      if (!this.settled) this.send({ type: 'rpa/debug', command: c });
    };
    return {
      setBreakpoints: (breakpoints) => command({ op: 'setBreakpoints', breakpoints }),
      setBreakOnProblems: (on) => command({ op: 'setBreakOnProblems', on }),
      pause: () => command({ op: 'pause' }),
      resume: (mode) => command({ op: 'resume', mode }),
      evaluate: (expression) => {
        if (this.settled) return Promise.reject(new Error(`Session "${this.job.id}" has ended; there is no page to evaluate on.`));
        const requestId = this.nextRequest++;
        return new Promise<Evaluation>((resolve, reject) => {
          this.evaluations.set(requestId, { resolve, reject });
          command({ op: 'evaluate', requestId, expression });
        });
      },
    };
  }

  private send(m: EngineToSession): void {
    this.port.postMessage(m);
  }

  private onMessage(m: SessionToEngine): void {
    if (this.settled) return;
    switch (m.type) {
      case 'rpa/batch': this.deliver(m); break;
      case 'rpa/stopped': this.sink.stopped(m.stop); break;
      case 'rpa/evaluated': this.answer(m.requestId, m.result, m.error); break;
      case 'rpa/sessionEnded': this.end(this.stopping ?? m.outcome, 'clean'); break;
    }
  }

  /** Hands a batch to the sink in the order the session reported it: records, logs, then progress. */
  private deliver(batch: SessionBatch): void {
    for (const { dataset, rows } of batch.records ?? []) this.sink.records(dataset, rows);
    if (batch.logs) this.sink.logs(batch.logs);
    if (batch.progress) this.sink.progress(batch.progress);
  }

  private answer(requestId: number, result: Evaluation | undefined, error: string | undefined): void {
    const waiting = this.evaluations.get(requestId);
    this.evaluations.delete(requestId);
    if (error !== undefined || !result) waiting?.reject(new Error(error ?? 'The expression could not be evaluated.'));
    else waiting?.resolve(result);
  }

  /** Settles the session once; the pool reuses the worker only when it ended the session itself. */
  private end(outcome: SessionOutcome, after: WorkerAfterSession): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.graceTimer);
    this.detach();
    this.port.close();
    for (const waiting of this.evaluations.values()) waiting.reject(new Error(`Session "${this.job.id}" ended before the expression was evaluated.`));
    this.evaluations.clear();
    this.release(after);
    this.settle(outcome);
  }

  private crashReason(err: Error): string {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return (
        `Session "${this.job.id}" ran out of memory: it went past the per-session limit of ${this.limits.maxOldGenerationSizeMb} MB heap, ` +
        `so its secure session was stopped (the other sessions go on). Fix: lower the agent's page limits (paginate/visit max) ` +
        `or extract less per page.`
      );
    }
    return (
      `Session "${this.job.id}" crashed: its worker failed with "${err.message}" and was replaced (the other sessions go on). ` +
      `Run it again; if it keeps crashing, report it with the agent's steps.`
    );
  }

  private exitReason(code: number): string {
    return `Session "${this.job.id}" crashed: its worker exited unexpectedly (exit code ${code}) and was replaced (the other sessions go on). Run it again.`;
  }
}
