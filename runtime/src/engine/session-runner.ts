// The seam between the session engine and whatever executes one session's steps: the engine hands a
// SessionJob to a SessionRunner (a worker thread in runtime/src/node/worker-pool.ts) and hears back.
import type { Step } from '../../../language/src/ast';
import type { DebugOptions, DebugStop, SessionDebugControl } from '../debug/debug-types';
import type { Inputs, LogEntry, RecordValues, SessionProgress } from '../session-types';

/**
 * The bot's login data as declared. The password is never resolved outside the session: `env` names
 * the environment variable `secret("…")` reads inside the session; `literal` is a plaintext password.
 */
export interface LoginSpec {
  user?: string;
  password?: { env: string } | { literal: string };
}

/** Everything a session needs to run; structured-clone safe, so it crosses into a worker unchanged. */
export interface SessionJob {
  id: string;
  agent: string;
  /** The agent's file as the workspace names it (agents/books.rpa): step errors say `at FILE:LINE`. */
  source?: string;
  steps: Step[];
  inputs: Inputs;
  login?: LoginSpec;
  /** The agent's `allowHosts`: the only hosts the session may connect to (undefined: any host). */
  allowHosts?: string[];
  /** Under the debugger: its breakpoints travel with the job, so a step that hits none costs no message. */
  debug?: DebugOptions;
}

export type SessionOutcome = { status: 'completed' } | { status: 'failed' | 'cancelled' | 'interrupted'; error: string };
export type StopOutcome = Exclude<SessionOutcome, { status: 'completed' }>;

/** Where a running session's output goes, already batched by the runner and with secrets redacted. */
export interface SessionSink {
  records(dataset: string, rows: RecordValues[]): void;
  logs(entries: LogEntry[]): void;
  progress(progress: SessionProgress): void;
  /** The session stopped under the debugger (only with job.debug); it waits for RunningSession.debug.resume(). */
  stopped(stop: DebugStop): void;
}

export interface RunningSession {
  /** Settles once the session has ended and everything it reported has reached the sink. */
  readonly done: Promise<SessionOutcome>;
  /** Ends the session with this outcome (cancel, run-time limit, a bot rule); no-op once ended. */
  stop(outcome: StopOutcome): void;
  /** The debugger's control of the session (only with job.debug). */
  readonly debug?: SessionDebugControl;
}

/**
 * `secrets`: the values of the job's `secret("ENV")` references as the engine looked them up (its
 * runtime's environment, e.g. VS Code's secret storage). A runner on this machine hands them to the
 * session's thread directly; they are never part of the job, so no queue or log ever carries them.
 */
export interface SessionRunner {
  start(job: SessionJob, sink: SessionSink, secrets?: Readonly<Record<string, string>>): RunningSession;
}
