// One session the engine is running or holding in its queue: mirrors its status, logs and records into
// the store as the runner reports them (progress at each commit), emits the typed events, records its end.
import type { Clock } from '../clock';
import type { EngineEvent, EventHub } from '../events';
import type { LogEntry, LogLevel, RecordValues, SessionInfo, SessionProgress } from '../session-types';
import type { SessionStoreApi } from '../store/store-api';
import type { SessionDebugControl } from '../debug/debug-types';
import type { DebugRequest } from './debug-request';
import type { RunningSession, SessionJob, SessionOutcome, SessionRunner, SessionSink, StopOutcome } from './session-runner';
import type { SessionPlan } from './session-plan';

export interface LiveSessionDeps {
  store: SessionStoreApi;
  events: EventHub<EngineEvent>;
  clock: Clock;
  /** Set when the session runs under the debugger. */
  debug?: DebugRequest;
  /** The values of the job's secret("ENV") references, for the runner to hand to the session. */
  secrets?: (job: SessionJob) => Record<string, string>;
  /**
   * The session recorded something: `state` (it started) is committed at once, `data` (records, logs,
   * progress) within the engine's commit interval.
   */
  changed(what: 'state' | 'data'): void;
  /** Called once when the session has ended: exports, commits, announces the end; resolves with its final, committed info. */
  onFinished(s: LiveSession): Promise<SessionInfo>;
}

export class LiveSession {
  readonly ended: Promise<SessionInfo>;
  private resolveEnded!: (info: SessionInfo) => void;
  private rejectEnded!: (e: unknown) => void;
  private running: RunningSession | undefined;
  private timer: { cancel(): void } | undefined;
  private finished = false;
  /** Progress reported since it was last written to the store (it is written before each commit). */
  private progressDirty = false;
  /** Records written to the store per dataset, and the counts last announced as committed. */
  private readonly recorded: Record<string, number> = {};
  private announcedRecords = 0;

  constructor(
    readonly plan: SessionPlan,
    readonly info: SessionInfo,
    private readonly deps: LiveSessionDeps,
  ) {
    this.ended = new Promise((resolve, reject) => {
      this.resolveEnded = resolve;
      this.rejectEnded = reject;
    });
    this.ended.catch(() => undefined);
  }

  get debugRequest(): DebugRequest | undefined {
    return this.deps.debug;
  }

  /** The debugger's control of the session while it runs under it. */
  get debugControl(): SessionDebugControl | undefined {
    return this.finished ? undefined : this.running?.debug;
  }

  snapshot(): SessionInfo {
    return { ...this.info, inputs: { ...this.info.inputs }, progress: { ...this.info.progress } };
  }

  /** Marks the session running and hands it to the runner, with an optional run-time limit. */
  run(runner: SessionRunner, job: SessionJob, limit: { ms: number; outcome: StopOutcome } | undefined): void {
    const { store, events, clock } = this.deps;
    this.info.status = 'running';
    this.info.startedAt = clock.now();
    store.updateSession(this.info.id, { status: 'running', startedAt: this.info.startedAt });
    this.deps.changed('state');
    events.emit({ type: 'session-started', session: this.snapshot() });
    try {
      this.running = runner.start(job, this.sink(), this.deps.secrets?.(job) ?? {});
    } catch (e) {
      this.finish({ status: 'failed', error: `The session could not start: ${(e as Error).message}` });
      return;
    }
    if (limit) this.timer = clock.setTimeout(() => this.stop(limit.outcome), limit.ms);
    this.running.done.then(
      (outcome) => this.finish(outcome),
      (e: unknown) => this.finish({ status: 'failed', error: `The session's runner failed: ${(e as Error).message}` }),
    );
  }

  /** Asks the runner to end the running session with this outcome; false if it is not running. */
  stop(outcome: StopOutcome): boolean {
    if (!this.running || this.finished) return false;
    this.running.stop(outcome);
    return true;
  }

  /** Writes the latest reported progress to the store, if it changed since the last write. */
  writeProgress(): void {
    if (!this.progressDirty || this.finished) return;
    this.progressDirty = false;
    this.recording(() => this.deps.store.updateSession(this.info.id, { progress: this.info.progress }));
  }

  /**
   * Records the session's end (once) and lets the engine export, schedule cleanup and commit; then
   * announces the end with the final status (an export that failed makes a completed session failed).
   */
  finish(outcome: SessionOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.progressDirty = false;
    this.timer?.cancel();
    const { store, clock } = this.deps;
    this.info.status = outcome.status;
    this.info.endedAt = clock.now();
    if (outcome.status !== 'completed') this.info.error = outcome.error;
    try {
      store.updateSession(this.info.id, { status: this.info.status, endedAt: this.info.endedAt, error: this.info.error, progress: this.info.progress });
    } finally {
      this.deps.onFinished(this).then(this.resolveEnded, this.rejectEnded);
    }
  }

  /** Emits session-ended with the final info (after the export, which may have failed the session). */
  announceEnd(info: SessionInfo): void {
    Object.assign(this.info, { status: info.status, error: info.error });
    this.deps.events.emit({ type: 'session-ended', session: { ...info }, status: info.status, error: info.error });
  }

  /**
   * The records written to the store so far; call committed() once a commit that started after
   * this call is durable, and the session announces them (session-committed) if there are new ones.
   */
  recordedSoFar(): { committed(): void } {
    const datasets = { ...this.recorded };
    const records = Object.values(datasets).reduce((n, c) => n + c, 0);
    return {
      committed: () => {
        if (records <= this.announcedRecords) return;
        this.announcedRecords = records;
        this.deps.events.emit({ type: 'session-committed', id: this.info.id, datasets, records });
      },
    };
  }

  /** Writes an engine-side line to the session log (e.g. an export that failed after the run). */
  log(level: LogLevel, message: string): void {
    this.writeLogs([{ time: this.deps.clock.now(), level, message }]);
  }

  private writeLogs(entries: LogEntry[]): void {
    for (const entry of entries) {
      this.deps.store.appendLog(this.info.id, entry);
      this.deps.events.emit({ type: 'session-log', id: this.info.id, entry });
    }
    this.deps.changed('data');
  }

  /** A store that refuses the session's output fails the session rather than losing data silently. */
  private recording(write: () => void): void {
    try {
      write();
    } catch (e) {
      this.stop({ status: 'failed', error: `The session's output could not be recorded in the session store: ${(e as Error).message}` });
    }
  }

  private sink(): SessionSink {
    const { store, events } = this.deps;
    const id = this.info.id;
    return {
      records: (dataset: string, rows: RecordValues[]) =>
        this.recording(() => {
          store.insertRecords(id, dataset, rows);
          this.recorded[dataset] = (this.recorded[dataset] ?? 0) + rows.length;
          this.deps.changed('data');
          events.emit({ type: 'session-records', id, dataset, count: rows.length });
        }),
      logs: (entries: LogEntry[]) => this.recording(() => this.writeLogs(entries)),
      // Live in memory and in events at once; in the store from the next commit (see writeProgress).
      progress: (progress: SessionProgress) => {
        this.info.progress = { ...progress };
        this.progressDirty = true;
        this.deps.changed('data');
        events.emit({ type: 'session-progress', id, progress: { ...progress } });
      },
      stopped: (stop) => this.deps.debug?.onStopped(id, stop),
    };
  }
}
