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

  /** Replays events until every session has ended (or stop()); resolves with the sessions as they were last read. */
  async follow(): Promise<SessionInfo[]> {
    await this.announceQueued();
    for (;;) {
      const sessions = await this.poll();
      if (this.stopped || sessions.every((s) => FINISHED_STATUSES.has(s.status))) return sessions;
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

  /** One read of the store: starts first, then the log lines since the last read, then progress and ends. */
  private async poll(): Promise<SessionInfo[]> {
    const sessions = await this.store.sessionsById(this.ids);
    for (const s of sessions) {
      if (s.startedAt !== undefined && this.seen.get(s.id)?.startedAt === undefined) this.events.emit({ type: 'session-started', session: { ...s, status: 'running' } });
    }
    await this.replayLogs();
    for (const s of sessions) await this.replayChange(this.seen.get(s.id)!, s);
    return sessions;
  }

  private async replayLogs(): Promise<void> {
    const from = Math.min(...this.ids.map((id) => this.logCursor.get(id) ?? 0));
    for (const { seq, sessionId, entry } of await this.store.logsAfter(this.ids, from)) {
      if (seq <= (this.logCursor.get(sessionId) ?? 0)) continue;
      this.logCursor.set(sessionId, seq);
      this.events.emit({ type: 'session-log', id: sessionId, entry });
    }
  }

  private async replayChange(before: SessionInfo, now: SessionInfo): Promise<void> {
    this.seen.set(now.id, now);
    const [was, is] = [before.progress, now.progress];
    const progressed = was.pages !== is.pages || was.records !== is.records || was.errors !== is.errors || was.currentUrl !== is.currentUrl;
    const ended = FINISHED_STATUSES.has(now.status) && before.status !== now.status;
    if (progressed) this.events.emit({ type: 'session-progress', id: now.id, progress: is });
    if (progressed || ended) await this.replayCommitted(now);
    if (ended) this.events.emit({ type: 'session-ended', session: now, status: now.status, ...(now.error ? { error: now.error } : {}) });
  }

  /** What the fleet's store holds of the session is what is durable: session-committed with its counts. */
  private async replayCommitted(s: SessionInfo): Promise<void> {
    const counts = await this.store.datasets(s.id);
    if (!counts.length) return;
    const datasets: Record<string, number> = {};
    for (const c of counts) datasets[c.dataset] = c.count;
    this.events.emit({ type: 'session-committed', id: s.id, datasets, records: counts.reduce((n, c) => n + c.count, 0) });
  }
}
