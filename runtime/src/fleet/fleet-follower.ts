// Follows sessions running on the fleet through its PostgreSQL store and replays what it sees as the
// engine events a local run emits (queued, started, progress, logs, committed records, ended).
import { setTimeout as delay } from 'node:timers/promises';
import { EventHub, type EngineEvent } from '../events';
import { FINISHED_STATUSES, type SessionInfo } from '../session-types';
import type { PgSessionStore } from './pg-session-store';

/** How often the shared store is read while following. */
export const FOLLOW_POLL_MS = 250;

export class FleetFollower {
  readonly events = new EventHub<EngineEvent>();
  private readonly seen = new Map<string, SessionInfo>();
  /** Per session, the last log entry replayed (the worker writes a session's log in order). */
  private readonly logCursor = new Map<string, number>();
  private readonly ids: string[];
  private stopped = false;

  /** `submitted`: the sessions as submitRun() recorded them (queued). */
  constructor(
    private readonly store: PgSessionStore,
    private readonly submitted: readonly SessionInfo[],
    private readonly pollMs = FOLLOW_POLL_MS,
  ) {
    this.ids = submitted.map((s) => s.id);
    for (const s of submitted) this.seen.set(s.id, s);
  }

  /**
   * Replays events until every session has ended (or stop()); resolves with the sessions as they were
   * last read. While the store does not answer, `note` says so once (and again when it answers) and
   * reading goes on: the sessions run on the fleet meanwhile.
   */
  async follow(note: (text: string) => void = () => undefined): Promise<SessionInfo[]> {
    let announced = false;
    let failing = false;
    let sessions = this.latest();
    for (;;) {
      try {
        if (!announced) await this.announceQueued();
        announced = true;
        sessions = await this.poll();
        if (failing) note(`The fleet's store at ${this.store.shownUrl} answers again; following the sessions.`);
        failing = false;
      } catch (e) {
        if (!failing) note(`The fleet's store at ${this.store.shownUrl} does not answer (${(e as Error).message}); the sessions go on on the fleet, and following resumes once it answers…`);
        failing = true;
      }
      if (this.stopped || (!failing && sessions.every((s) => FINISHED_STATUSES.has(s.status)))) return sessions;
      await delay(this.pollMs);
    }
  }

  /** The sessions as last read (as submitted before the first read). */
  latest(): SessionInfo[] {
    return [...this.seen.values()];
  }

  stop(): void {
    this.stopped = true;
  }

  /** session-queued for each, placed after the sessions of earlier runs still queued for its bot on the fleet. */
  private async announceQueued(): Promise<void> {
    const mine = new Set(this.ids);
    const earlier = (await this.store.listSessions({ status: 'queued' })).filter((q) => !mine.has(q.id));
    const placed = new Map<string, number>();
    for (const s of this.submitted) {
      const position = (placed.get(s.bot ?? '') ?? earlier.filter((q) => q.bot === s.bot).length) + 1;
      placed.set(s.bot ?? '', position);
      this.events.emit({ type: 'session-queued', session: s, position });
    }
  }

  /**
   * One read of the store, then its events: starts first, then the log lines since the last read, then
   * progress, committed records and ends. Every read comes before any event, so a read that fails
   * replays nothing twice and loses nothing: the next one starts from the same place.
   */
  private async poll(): Promise<SessionInfo[]> {
    const sessions = await this.store.sessionsById(this.ids);
    const from = Math.min(...this.ids.map((id) => this.logCursor.get(id) ?? 0));
    const logs = await this.store.logsAfter(this.ids, from);
    const changes: Array<{ before: SessionInfo; now: SessionInfo; progressed: boolean; ended: boolean; counts?: Array<{ dataset: string; count: number }> }> = [];
    for (const now of sessions) {
      const before = this.seen.get(now.id)!;
      const [was, is] = [before.progress, now.progress];
      const progressed = was.pages !== is.pages || was.records !== is.records || was.errors !== is.errors || was.currentUrl !== is.currentUrl;
      const ended = FINISHED_STATUSES.has(now.status) && before.status !== now.status;
      changes.push({ before, now, progressed, ended, counts: progressed || ended ? await this.store.datasets(now.id) : undefined });
    }
    for (const { before, now } of changes) {
      if (now.startedAt !== undefined && before.startedAt === undefined) this.events.emit({ type: 'session-started', session: { ...now, status: 'running' } });
    }
    for (const { seq, sessionId, entry } of logs) {
      if (seq <= (this.logCursor.get(sessionId) ?? 0)) continue;
      this.logCursor.set(sessionId, seq);
      this.events.emit({ type: 'session-log', id: sessionId, entry });
    }
    for (const { now, progressed, ended, counts } of changes) {
      this.seen.set(now.id, now);
      if (progressed) this.events.emit({ type: 'session-progress', id: now.id, progress: now.progress });
      if (counts?.length) this.events.emit(committedEvent(now.id, counts));
      if (ended) this.events.emit({ type: 'session-ended', session: now, status: now.status, ...(now.error ? { error: now.error } : {}) });
    }
    return sessions;
  }
}

/** What the fleet's store holds of a session is what is durable: session-committed with its counts. */
function committedEvent(id: string, counts: ReadonlyArray<{ dataset: string; count: number }>): EngineEvent {
  const datasets: Record<string, number> = {};
  for (const c of counts) datasets[c.dataset] = c.count;
  return { type: 'session-committed', id, datasets, records: counts.reduce((n, c) => n + c.count, 0) };
}
