// Following and reporting a run's sessions in words, shared by the CLI and the VS Code extension: the
// per-session board, one plain line per state change or log entry, and the end-of-run summaries.
import type { EngineEvent } from '../events';
import type { SessionInfo, SessionProgress, SessionStatus } from '../session-types';
import type { SessionStoreApi } from '../store/store-api';

/** "1 error", "2 errors", "0 infos". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A run time in words: "4.2s", "3m07s". */
export function elapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const sec = Math.round((ms % 60_000) / 1000);
  return `${m}m${String(sec).padStart(2, '0')}s`;
}

/** "3 pages, 57 records" (+ ", 2 errors" when fields could not be read). */
export function progressText(p: SessionProgress): string {
  return `${plural(p.pages, 'page')}, ${plural(p.records, 'record')}${p.errors ? `, ${plural(p.errors, 'error')}` : ''}`;
}

/** What a view knows of one session of a run. */
export interface BoardEntry {
  id: string;
  status: SessionStatus;
  /** 1-based place in the queue while queued. */
  position?: number;
  progress: SessionProgress;
  startedAt?: number;
  endedAt?: number;
  error?: string;
}

/** Follows the engine events of a run: each session's status, queue position and progress. */
export class SessionBoard {
  readonly entries = new Map<string, BoardEntry>();

  /** Applies the event; returns the entry it changed, if it concerns a session of this board. */
  apply(e: EngineEvent): BoardEntry | undefined {
    switch (e.type) {
      case 'session-queued': {
        const entry = this.entries.get(e.session.id) ?? { id: e.session.id, status: 'queued', progress: { ...e.session.progress } };
        entry.position = e.position;
        this.entries.set(entry.id, entry);
        return entry;
      }
      case 'session-started':
        return this.patch(e.session.id, { status: 'running', position: undefined, startedAt: e.session.startedAt });
      case 'session-progress':
        return this.patch(e.id, { progress: { ...e.progress } });
      case 'session-ended':
        return this.patch(e.session.id, { status: e.status, error: e.error, endedAt: e.session.endedAt, progress: { ...e.session.progress } });
      default:
        return this.entries.get('id' in e ? e.id : '');
    }
  }

  private patch(id: string, change: Partial<BoardEntry>): BoardEntry | undefined {
    const entry = this.entries.get(id);
    if (entry) Object.assign(entry, change);
    return entry;
  }
}

/** A progress line is written each time a session passes another multiple of this many records. */
export const RECORDS_PER_LINE = 50;

/** What a line highlights, for views that colour it (the CLI on a terminal); plain text otherwise. */
export type LinePart = { kind: 'id' } | { kind: 'status'; status: SessionStatus } | { kind: 'level'; level: 'warn' | 'error' };
export type Painter = (part: LinePart, text: string) => string;

const plain: Painter = (_part, text) => text;

/**
 * Turns the engine events of a run into lines a person reads: one per state change, every
 * RECORDS_PER_LINE records, each log entry, each cleanup. Events are redacted by the engine already.
 */
export class SessionLines {
  readonly board = new SessionBoard();
  private readonly reported = new Map<string, number>();

  constructor(private readonly paint: Painter = plain) {}

  /** The line for this event (without a newline), or undefined when it deserves none. */
  lineFor(e: EngineEvent): string | undefined {
    const known = this.board.entries.has('session' in e ? e.session.id : e.id);
    const entry = this.board.apply(e);
    if (!entry) return undefined;
    const id = this.paint({ kind: 'id' }, entry.id);
    const status = (s: SessionStatus) => this.paint({ kind: 'status', status: s }, s);
    switch (e.type) {
      case 'session-queued':
        return known ? undefined : `${id}: ${status('queued')} (position ${e.position} in the queue)`;
      case 'session-started':
        return `${id}: ${status('running')}`;
      case 'session-progress': {
        const step = Math.floor(e.progress.records / RECORDS_PER_LINE);
        if (step <= (this.reported.get(entry.id) ?? 0)) return undefined;
        this.reported.set(entry.id, step);
        return `${id}: ${progressText(e.progress)}${e.progress.currentUrl ? ` — ${e.progress.currentUrl}` : ''}`;
      }
      case 'session-log': {
        const level = e.entry.level === 'info' ? 'log' : this.paint({ kind: 'level', level: e.entry.level }, e.entry.level);
        return `${id}: ${level}: ${e.entry.message}`;
      }
      case 'session-ended': {
        const took = entry.startedAt !== undefined && entry.endedAt !== undefined ? ` in ${elapsed(entry.endedAt - entry.startedAt)}` : '';
        return `${id}: ${status(e.status)} — ${progressText(entry.progress)}${took}${e.error ? `: ${e.error}` : ''}`;
      }
      case 'session-cleaned':
        return `${id}: internal records removed (${e.reason})`;
      default:
        return undefined;
    }
  }
}

/** How one session of a run ended. */
export interface SessionSummary {
  id: string;
  status: SessionStatus;
  pages: number;
  records: number;
  /** Records per dataset still in the store (empty once removed after an export). */
  datasets: Record<string, number>;
  /** The internal records were removed after the external export (Remove Session = Immediately). */
  recordsRemoved: boolean;
  durationMs?: number;
  error?: string;
}

export function summarizeSession(info: SessionInfo, store: SessionStoreApi): SessionSummary {
  return sessionSummary(info, store.datasets(info.id));
}

/** The summary of a session from its info and its datasets' record counts (from any store). */
export function sessionSummary(info: SessionInfo, counts: ReadonlyArray<{ dataset: string; count: number }>): SessionSummary {
  const datasets: Record<string, number> = {};
  for (const d of counts) datasets[d.dataset] = d.count;
  const summary: SessionSummary = {
    id: info.id,
    status: info.status,
    pages: info.progress.pages,
    records: info.progress.records,
    datasets,
    recordsRemoved: info.recordsRemovedAt !== undefined,
  };
  if (info.startedAt !== undefined && info.endedAt !== undefined) summary.durationMs = info.endedAt - info.startedAt;
  if (info.error) summary.error = info.error;
  return summary;
}

/** "completed" counts as success; anything else a run ends with is a failed session. */
export function allCompleted(summaries: readonly SessionSummary[]): boolean {
  return summaries.every((s) => s.status === 'completed');
}

/** "3 sessions: 2 completed, 1 failed"; the `always` statuses are counted even when none has them ("0 failed"). */
export function tally(summaries: readonly SessionSummary[], always: readonly SessionStatus[] = []): string {
  const counts = new Map<SessionStatus, number>(always.map((s) => [s, 0]));
  for (const s of summaries) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return `${plural(summaries.length, 'session')}: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`;
}

/** Records per dataset over all sessions, e.g. { books: 60, details: 60 }, in the order first seen. */
export function recordsPerDataset(summaries: readonly SessionSummary[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of summaries) for (const [name, n] of Object.entries(s.datasets)) out[name] = (out[name] ?? 0) + n;
  return out;
}
