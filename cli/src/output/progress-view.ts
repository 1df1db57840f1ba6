// How `run` and `demo` show sessions while they run: the shared per-session board, plain lines for
// pipes and logs (one per state change, every RECORDS_PER_LINE records), and JSON Lines for machines.
import type { EngineEvent } from '../../../runtime/src/events';
import type { SessionProgress, SessionStatus } from '../../../runtime/src/session-types';
import { plural, type Output, type Styler, type StyleName } from '../cli-context';
import { elapsed } from './table';

/** Receives every engine event of a run; stop() before the summary is printed. */
export interface ProgressView {
  onEvent(e: EngineEvent): void;
  /** A message for the user while the view is showing (e.g. "cancelling…"), kept out of the way of bars. */
  note(text: string): void;
  stop(): void;
}

/** What the views know of one session. */
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

export const STATUS_STYLE: Partial<Record<SessionStatus, StyleName>> = {
  queued: 'dim',
  running: 'cyan',
  completed: 'green',
  failed: 'red',
  cancelled: 'yellow',
  interrupted: 'yellow',
};

/** "3 pages, 57 records" (+ ", 2 errors" when fields could not be read). */
export function progressText(p: SessionProgress): string {
  return `${plural(p.pages, 'page')}, ${plural(p.records, 'record')}${p.errors ? `, ${plural(p.errors, 'error')}` : ''}`;
}

/** Plain lines print a progress line each time a session passes another multiple of this many records. */
export const RECORDS_PER_LINE = 50;

/** One line per state change and every RECORDS_PER_LINE records; log lines of the sessions as they come. */
export class LineProgress implements ProgressView {
  private readonly board = new SessionBoard();
  private readonly reported = new Map<string, number>();

  constructor(
    private readonly out: Output,
    private readonly s: Styler,
  ) {}

  onEvent(e: EngineEvent): void {
    const known = this.board.entries.has('session' in e ? e.session.id : e.id);
    const entry = this.board.apply(e);
    if (!entry) return;
    const id = this.s.paint('bold', entry.id);
    switch (e.type) {
      case 'session-queued':
        if (!known) this.line(`${id}: ${this.status('queued')} (position ${e.position} in the queue)`);
        break;
      case 'session-started':
        this.line(`${id}: ${this.status('running')}`);
        break;
      case 'session-progress': {
        const step = Math.floor(e.progress.records / RECORDS_PER_LINE);
        if (step > (this.reported.get(entry.id) ?? 0)) {
          this.reported.set(entry.id, step);
          this.line(`${id}: ${progressText(e.progress)}${e.progress.currentUrl ? ` — ${e.progress.currentUrl}` : ''}`);
        }
        break;
      }
      case 'session-log':
        this.line(`${id}: ${e.entry.level === 'info' ? 'log' : this.s.paint(e.entry.level === 'error' ? 'red' : 'yellow', e.entry.level)}: ${e.entry.message}`);
        break;
      case 'session-ended': {
        const took = entry.startedAt !== undefined && entry.endedAt !== undefined ? ` in ${elapsed(entry.endedAt - entry.startedAt)}` : '';
        this.line(`${id}: ${this.status(e.status)} — ${progressText(entry.progress)}${took}${e.error ? `: ${e.error}` : ''}`);
        break;
      }
      case 'session-cleaned':
        this.line(`${id}: internal records removed (${e.reason})`);
        break;
      default:
        break;
    }
  }

  note(text: string): void {
    this.line(text);
  }

  stop(): void {
    // Lines are written as they come: nothing to tidy up.
  }

  private status(status: SessionStatus): string {
    const style = STATUS_STYLE[status];
    return style ? this.s.paint(style, status) : status;
  }

  private line(text: string): void {
    this.out.write(text + '\n');
  }
}

/**
 * JSON Lines: every engine event as one JSON object per line, as the engine emits it (secrets are
 * redacted before an event is built); the command adds a final `{"type":"run-summary",…}` line.
 */
export class JsonProgress implements ProgressView {
  constructor(
    private readonly out: Output,
    /** Notes for a person (e.g. "cancelling…") go here, so the output stays pure JSON Lines. */
    private readonly err: Output,
  ) {}

  onEvent(e: EngineEvent): void {
    this.out.write(JSON.stringify(e) + '\n');
  }

  note(text: string): void {
    this.err.write(text + '\n');
  }

  stop(): void {
    // Every event is already written.
  }
}
