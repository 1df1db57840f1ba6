// Session cleanup (SPEC §3): closeSession cleans up at once; otherwise cleanup starts once a session
// has ended and its sessionTimeout has passed; Remove Session = Immediately drops the internal
// records right after a successful external export. Every step is persisted and resumes after a restart.
import type { Clock } from '../clock';
import type { EngineEvent } from '../events';
import { FINISHED_STATUSES, type LogLevel, type SessionInfo } from '../session-types';
import type { ExportResult, SessionExporter } from '../store/export-api';
import type { CleanupPolicy, CleanupStage, PendingCleanup, SessionStoreApi } from '../store/store-api';
import { RpaUserError } from '../user-error';
import { describeTarget } from './cleanup-policy';

export const DEFAULT_RETRY_MS = 60_000;
/** Timers longer than this overflow in Node; a longer timeout is reached in several hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Without an agent policy: nothing is exported and the session waits for closeSession. */
export const DEFAULT_POLICY: CleanupPolicy = { removeSession: 'afterTimeout', cleanupExternalSessionData: true };

export interface SessionCleanupOptions {
  store: SessionStoreApi;
  clock: Clock;
  /** Needed when a policy has an export target. */
  exporter?: SessionExporter;
  /** The policy of a session that ended without one (e.g. interrupted by a crash): from its agent. */
  policyOf?: (session: SessionInfo) => CleanupPolicy | undefined;
  onEvent?: (e: EngineEvent) => void;
  /** Failures of automatic cleanups, which have no caller to throw to; they are retried after retryMs. */
  onError: (sessionId: string, error: Error) => void;
  retryMs?: number;
}

export interface SessionEndOutcome {
  export?: ExportResult;
  /** Why the export failed; the records stay in the store. */
  exportError?: string;
  /** The internal records were removed right after the export (Remove Session = Immediately). */
  recordsRemoved: boolean;
  /** When the timeout cleanup is due, if the agent has a sessionTimeout. */
  cleanupAt?: number;
}

function isEnded(s: SessionInfo): boolean {
  return FINISHED_STATUSES.has(s.status) && s.status !== 'closed' && s.status !== 'expired';
}

function errorOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export class SessionCleanup {
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private disposed = false;

  constructor(private readonly options: SessionCleanupOptions) {}

  /** Optional, when a session starts: persists its policy so a crash mid-run still cleans it up. */
  register(sessionId: string, policy: CleanupPolicy): void {
    this.options.store.setPendingCleanup({ sessionId, stage: 'running', policy });
  }

  /**
   * Call once the session has ended (completed, failed, cancelled or interrupted). Exports a
   * completed session's records, removes them right after with Remove Session = Immediately, and
   * schedules the timeout cleanup. An export failure fails the session (its records stay in the
   * store until the timeout) and is reported in the outcome and the session log.
   */
  sessionEnded(sessionId: string, policy?: CleanupPolicy): Promise<SessionEndOutcome> {
    return this.serialize(sessionId, () => this.finishSession(sessionId, policy));
  }

  /** CloseSession: removes the session's internal data now (and its rows in a database export). */
  closeSession(sessionId: string): Promise<{ alreadyCleanedUp: boolean }> {
    return this.serialize(sessionId, async () => {
      const { store } = this.options;
      const s = store.getSession(sessionId);
      if (!s) throw new RpaUserError('unknown-session', `There is no session "${sessionId}" to close (it may already be cleaned up). List sessions with rpa-sessions sessions list.`);
      if (!FINISHED_STATUSES.has(s.status)) {
        throw new RpaUserError(
          'session-still-running',
          `Session "${sessionId}" is still ${s.status}. Cancel it first, then close it: closing removes the session's data, which a running session is still writing.`,
        );
      }
      const entry = this.pending(sessionId);
      if ((s.status === 'closed' || s.status === 'expired') && entry?.stage !== 'closing' && entry?.stage !== 'expiring') return { alreadyCleanedUp: true };
      this.cancelTimer(sessionId);
      await this.finalize(sessionId, s.status === 'expired' ? 'expired' : 'closed');
      return { alreadyCleanedUp: false };
    });
  }

  /**
   * After opening the store: finishes every cleanup step a restart interrupted, cleans up sessions
   * whose timeout passed while nothing ran, and schedules the rest. Returns the IDs cleaned up now.
   */
  async resume(): Promise<string[]> {
    const { store } = this.options;
    const work: Array<Promise<string | undefined>> = [];
    const pending = new Set<string>();
    for (const { sessionId } of store.pendingCleanups()) {
      pending.add(sessionId);
      work.push(this.attempt(sessionId, () => this.advance(sessionId)).then((status) => (status ? sessionId : undefined)));
    }
    // Sessions that ended without being handed to cleanup (a crash ended them): use their agent's policy.
    if (this.options.policyOf) {
      for (const s of store.listSessions()) {
        if (isEnded(s) && !pending.has(s.id) && s.cleanupAt === undefined) work.push(this.attempt(s.id, () => this.finishSession(s.id)).then(() => undefined));
      }
    }
    return (await Promise.all(work)).filter((id): id is string => id !== undefined);
  }

  /** Resolves once no cleanup work is in progress (timers may still be pending). */
  async whenIdle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Stops all timers; pending cleanups stay persisted for the next resume(). */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }

  private async finishSession(sessionId: string, given?: CleanupPolicy): Promise<SessionEndOutcome> {
    const { store, clock } = this.options;
    const s = store.getSession(sessionId);
    if (!s) throw new RpaUserError('unknown-session', `There is no session "${sessionId}" to clean up.`);
    if (!FINISHED_STATUSES.has(s.status)) throw new RpaUserError('session-still-running', `Session "${sessionId}" is still ${s.status}; its cleanup starts when it ends.`);
    if (!isEnded(s)) return { recordsRemoved: false };
    const entry = this.pending(sessionId);
    const policy = given ?? entry?.policy ?? this.options.policyOf?.(s) ?? DEFAULT_POLICY;
    const dueAt = policy.sessionTimeoutMs !== undefined ? (s.endedAt ?? clock.now()) + policy.sessionTimeoutMs : undefined;
    const outcome: SessionEndOutcome = { recordsRemoved: false };
    const immediately = policy.removeSession === 'immediately';
    let exported = entry?.stage === 'removing';
    if (!exported && s.status === 'completed' && policy.export) {
      const target = policy.export;
      this.setStage(sessionId, 'exporting', policy, dueAt);
      await store.commit();
      try {
        outcome.export = await this.exporter().exportSession(sessionId, target);
        exported = true;
        const output = outcome.export.output ? `\n${outcome.export.output.trimEnd()}` : '';
        this.log(sessionId, 'info', `Exported ${outcome.export.records} records to ${outcome.export.files.join(', ') || describeTarget(target)}.${output}`);
      } catch (e) {
        outcome.exportError = errorOf(e).message;
        const error =
          `The steps completed, but the export to ${describeTarget(target)} failed: ${outcome.exportError} ` +
          `The records are kept in the session store${dueAt === undefined ? '' : ' until the session timeout'} (rpa-sessions sessions data, or the Sessions panel); ` +
          'fix the export and run the session again.';
        this.log(sessionId, 'error', error);
        store.updateSession(sessionId, { status: 'failed', error: store.redact(error) });
      }
    }
    if (immediately && exported) {
      this.setStage(sessionId, 'removing', policy, dueAt);
      store.deleteSessionData(sessionId, { keepLogs: true });
      store.updateSession(sessionId, { recordsRemovedAt: clock.now() });
      outcome.recordsRemoved = true;
    }
    this.setStage(sessionId, 'waiting', policy, dueAt);
    if (dueAt !== undefined) {
      store.updateSession(sessionId, { cleanupAt: dueAt });
      outcome.cleanupAt = dueAt;
    }
    await store.commit();
    if (outcome.recordsRemoved) this.emit({ type: 'session-cleaned', id: sessionId, reason: 'removed-after-export' });
    if (dueAt !== undefined) this.schedule(sessionId, dueAt);
    return outcome;
  }

  /** Does whatever the session's persisted cleanup stage says is next, if it is due; returns a final status reached. */
  private async advance(sessionId: string): Promise<'closed' | 'expired' | undefined> {
    const { store, clock } = this.options;
    const entry = this.pending(sessionId);
    if (!entry) return;
    const s = store.getSession(sessionId);
    if (!s) {
      store.removePendingCleanup(sessionId);
      await store.commit();
      return undefined;
    }
    switch (entry.stage) {
      case 'running':
        if (isEnded(s)) await this.finishSession(sessionId);
        return undefined;
      case 'exporting':
      case 'removing':
        await this.finishSession(sessionId);
        return undefined;
      case 'waiting':
      case 'closing':
      case 'expiring': {
        if (entry.dueAt === undefined) return undefined;
        if (entry.dueAt > clock.now()) {
          this.schedule(sessionId, entry.dueAt);
          return undefined;
        }
        const status = entry.stage === 'closing' ? 'closed' : 'expired';
        await this.finalize(sessionId, status);
        return status;
      }
    }
  }

  /** Removes the session's internal data and sets its final status, then its external database rows. */
  private async finalize(sessionId: string, status: 'closed' | 'expired'): Promise<void> {
    const { store, clock } = this.options;
    const s = store.getSession(sessionId);
    if (!s) return;
    const policy = this.pending(sessionId)?.policy ?? this.options.policyOf?.(s) ?? DEFAULT_POLICY;
    const stage: CleanupStage = status === 'closed' ? 'closing' : 'expiring';
    if (s.status !== status) {
      // The status changes last: a restart that finds it final knows the data is gone.
      this.setStage(sessionId, stage, policy, clock.now());
      store.deleteSessionData(sessionId);
      store.updateSession(sessionId, { status, recordsRemovedAt: s.recordsRemovedAt ?? clock.now() });
      await store.commit();
    }
    const target = policy.export;
    if (target?.format === 'database' && policy.cleanupExternalSessionData) {
      try {
        await this.exporter().removeSessionRows(sessionId, target);
      } catch (e) {
        this.schedule(sessionId, clock.now() + (this.options.retryMs ?? DEFAULT_RETRY_MS));
        throw new RpaUserError(
          'export-failed',
          `Session "${sessionId}" is ${status} and its internal data removed, but its rows in the database export ${describeTarget(target)} could not be removed ` +
            `(Cleanup External Session Data): ${errorOf(e).message} This is retried automatically.`,
        );
      }
    }
    store.removePendingCleanup(sessionId);
    await store.commit();
    this.cancelTimer(sessionId);
    this.emit({ type: 'session-cleaned', id: sessionId, reason: status });
  }

  private exporter(): SessionExporter {
    if (!this.options.exporter) throw new Error('SessionCleanup needs an exporter for agents with an export target');
    return this.options.exporter;
  }

  private pending(sessionId: string): PendingCleanup | undefined {
    return this.options.store.pendingCleanups(sessionId)[0];
  }

  private setStage(sessionId: string, stage: CleanupStage, policy: CleanupPolicy, dueAt: number | undefined): void {
    this.options.store.setPendingCleanup(dueAt === undefined ? { sessionId, stage, policy } : { sessionId, stage, policy, dueAt });
  }

  private log(sessionId: string, level: LogLevel, message: string): void {
    const entry = { time: this.options.clock.now(), level, message: this.options.store.redact(message) };
    this.options.store.appendLog(sessionId, entry);
    this.emit({ type: 'session-log', id: sessionId, entry });
  }

  private emit(e: EngineEvent): void {
    this.options.onEvent?.(e);
  }

  private schedule(sessionId: string, dueAt: number): void {
    this.cancelTimer(sessionId);
    if (this.disposed) return;
    const { clock } = this.options;
    const delay = Math.min(Math.max(0, dueAt - clock.now()), MAX_TIMER_MS);
    const timer = clock.setTimeout(() => {
      this.timers.delete(sessionId);
      if (clock.now() < dueAt) return this.schedule(sessionId, dueAt);
      void this.attempt(sessionId, () => this.advance(sessionId));
    }, delay);
    this.timers.set(sessionId, timer);
  }

  private cancelTimer(sessionId: string): void {
    this.timers.get(sessionId)?.cancel();
    this.timers.delete(sessionId);
  }

  /**
   * Runs automatic work for a session in its queue. A failure goes to onError (nobody else would
   * see it) and is retried later; the promise then resolves to undefined.
   */
  private attempt<T>(sessionId: string, fn: () => Promise<T>): Promise<T | undefined> {
    const p = this.serialize(sessionId, fn).catch((e: unknown) => {
      this.options.onError(sessionId, errorOf(e));
      if (!this.timers.has(sessionId) && this.pending(sessionId)) this.schedule(sessionId, this.options.clock.now() + (this.options.retryMs ?? DEFAULT_RETRY_MS));
      return undefined;
    });
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }

  /** Runs one session's cleanup steps one after another (a close waits for a running export). */
  private serialize<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(sessionId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.chains.set(sessionId, tail);
    void tail.then(() => {
      if (this.chains.get(sessionId) === tail) this.chains.delete(sessionId);
    });
    return run;
  }
}
