// Every message between the worker pool and a session worker: parentPort only hands a worker a session;
// everything about that session then goes over a MessageChannel port made for it and closed when it ends.
import type { MessagePort } from 'node:worker_threads';
import type { DebugStop, Evaluation, ResumeMode, StepBreakpoint } from '../debug/debug-types';
import type { SessionJob, SessionOutcome } from '../engine/session-runner';
import type { LogEntry, RecordValues, SessionProgress } from '../session-types';

/** Pool → worker over parentPort: run this session, talking only through `port`. */
export interface StartSessionMessage {
  type: 'rpa/startSession';
  job: SessionJob;
  /** The values of the job's secret("ENV") references, looked up by the engine (see SessionRunner.start). */
  secrets: Readonly<Record<string, string>>;
  port: MessagePort;
}

export type PoolToWorker =
  | StartSessionMessage
  /** Finish warming up, then exit (a healthy worker the pool no longer needs). */
  | { type: 'rpa/exitWorker' };

/** Worker → pool over parentPort, once after start-up: warmed up and ready (warmUpError: why warming failed). */
export interface WorkerReadyMessage {
  type: 'rpa/workerReady';
  warmUpError?: string;
}

export type WorkerToPool = WorkerReadyMessage;

/** What the debugger asks of a session running under it (SessionDebugControl, through the worker). */
export type DebugCommand =
  | { op: 'setBreakpoints'; breakpoints: StepBreakpoint[] }
  | { op: 'setBreakOnProblems'; on: boolean }
  | { op: 'pause' }
  | { op: 'resume'; mode: ResumeMode }
  /** Only while stopped; answered by rpa/evaluated. */
  | { op: 'evaluate'; requestId: number; expression: string };

/** Engine → session over the session's port. */
export type EngineToSession =
  /** Stop the session now (cancel, run-time limit, a bot rule); it answers with rpa/sessionEnded. */
  | { type: 'rpa/cancelSession' }
  | { type: 'rpa/debug'; command: DebugCommand };

/**
 * What a session reported since its last batch, in one message (one structured clone, one delivery
 * on the engine's thread): records per dataset, then log lines, then the latest progress.
 */
export interface SessionBatch {
  type: 'rpa/batch';
  records?: Array<{ dataset: string; rows: RecordValues[] }>;
  logs?: LogEntry[];
  progress?: SessionProgress;
}

/** Session → engine over the session's port; secrets are already redacted from every value. */
export type SessionToEngine =
  | SessionBatch
  /** The session stopped under the debugger and waits for a resume command. */
  | { type: 'rpa/stopped'; stop: DebugStop }
  | { type: 'rpa/evaluated'; requestId: number; result?: Evaluation; error?: string }
  /** Always the last message of a session; the worker is free for another session afterwards. */
  | { type: 'rpa/sessionEnded'; outcome: SessionOutcome };

/**
 * A batch is sent once it holds this many records (or sooner, see FLUSH_INTERVAL_MS). Each batch is
 * one store transaction on the engine's thread, with a fixed cost, so batches are kept large.
 */
export const RECORD_BATCH_SIZE = 1000;
/** How long a record, log line or progress update waits in the worker before it is sent (live views update at 10 Hz). */
export const FLUSH_INTERVAL_MS = 100;

export function isWorkerReady(m: unknown): m is WorkerReadyMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'rpa/workerReady';
}

export function isPoolMessage(m: unknown): m is PoolToWorker {
  const type = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
  return type === 'rpa/startSession' || type === 'rpa/exitWorker';
}
