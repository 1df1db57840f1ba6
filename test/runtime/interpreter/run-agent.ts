// Test harness for the interpreter: parses an agent's steps from .rpa text and runs them in a session
// whose host records everything it is told (records, logs, progress, frames), with a real HttpFetcher.
import { strict as assert } from 'node:assert';
import type { Step } from '../../../language/src/ast';
import { parse } from '../../../language/src/index';
import { stepsOf } from '../../../language/src/model';
import type { PageFetcher, SessionContext, StepFrame, StepHost, StepScope } from '../../../runtime/src/interpreter/host';
import { runAgentSteps, type RunSummary } from '../../../runtime/src/interpreter/run-steps';
import { abortableSleep, HttpFetcher, type HttpFetcherOptions } from '../../../runtime/src/node/http-fetcher';
import type { FieldValue, LogLevel, RecordValues, SessionProgress } from '../../../runtime/src/session-types';

/** The steps of `agent A { steps { … } }` built around the given step lines. */
export function parseSteps(stepLines: string): Step[] {
  const { ast, errors } = parse(`agent A {\n  steps {\n${stepLines}\n  }\n}\n`);
  assert.deepEqual(errors.map((e) => e.message), [], 'the test agent must parse');
  const steps = stepsOf(ast.declarations[0]);
  assert.ok(steps, 'the test agent has steps');
  return steps.steps;
}

export interface SessionRun {
  summary: RunSummary;
  records: Map<string, RecordValues[]>;
  logs: Array<{ level: LogLevel; message: string }>;
  progress: SessionProgress;
  frames: StepFrame[];
  /** Every value the host was handed, serialised: what could reach a store, a log or a debugger. */
  everything: string;
}

export interface RunOptions {
  id?: string;
  inputs?: Record<string, string | number | boolean>;
  login?: SessionContext['login'];
  fetcher?: PageFetcher;
  fetcherOptions?: HttpFetcherOptions;
  signal?: AbortSignal;
  onFrame?: (frame: StepFrame, scope: StepScope) => void;
}

/** Fetcher settings for tests: short timeouts and backoff, so hostile servers fail fast. */
export const FAST: HttpFetcherOptions = { connectTimeoutMs: 5000, responseTimeoutMs: 5000, retries: 2, retryDelayMs: 5, maxRetryDelayMs: 20 };

export async function runAgent(stepLines: string, opts: RunOptions = {}): Promise<SessionRun> {
  const steps = parseSteps(stepLines);
  const own = opts.fetcher ? undefined : new HttpFetcher({ ...FAST, ...opts.fetcherOptions });
  const records = new Map<string, RecordValues[]>();
  const logs: SessionRun['logs'] = [];
  const progress: SessionProgress = { pages: 0, records: 0, errors: 0 };
  const frames: StepFrame[] = [];
  const seen: unknown[] = [];
  const host: StepHost = {
    fetcher: opts.fetcher ?? own!,
    record(dataset, values) {
      seen.push(values);
      records.set(dataset, [...(records.get(dataset) ?? []), values]);
    },
    log(level, message) {
      seen.push(message);
      logs.push({ level, message });
    },
    progress(update) {
      seen.push(update);
      Object.assign(progress, update);
    },
    sleep: abortableSleep,
    signal: opts.signal ?? new AbortController().signal,
    hooks: {
      beforeStep(frame, scope) {
        frames.push(frame);
        seen.push(frame);
        opts.onFrame?.(frame, scope);
      },
    },
  };
  try {
    const session: SessionContext = { id: opts.id ?? 'test-session', inputs: opts.inputs ?? {}, login: opts.login };
    const summary = await runAgentSteps(steps, session, host);
    seen.push(summary);
    return { summary, records, logs, progress, frames, everything: JSON.stringify(seen) };
  } finally {
    own?.close();
  }
}

/** The values of one field across a dataset's records. */
export function column(run: SessionRun, dataset: string, field: string): FieldValue[] {
  return (run.records.get(dataset) ?? []).map((r) => r[field]);
}

/** Fails with the session's error and logs when it did not complete. */
export function assertCompleted(run: SessionRun): void {
  assert.equal(run.summary.status, 'completed', `session ${run.summary.status}: ${run.summary.error}\n${run.logs.map((l) => `${l.level}: ${l.message}`).join('\n')}`);
}
