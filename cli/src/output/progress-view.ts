// How `run` and `demo` show sessions while they run: plain lines for pipes and logs (the runtime's
// SessionLines, coloured on a terminal) and JSON Lines for machines; the bars are in progress-bars.ts.
import type { EngineEvent } from '../../../runtime/src/events';
import { SessionLines } from '../../../runtime/src/node/run-report';
import type { SessionStatus } from '../../../runtime/src/session-types';
import type { Output, Styler, StyleName } from '../cli-context';

/** Receives every engine event of a run; stop() before the summary is printed. */
export interface ProgressView {
  onEvent(e: EngineEvent): void;
  /** A message for the user while the view is showing (e.g. "cancelling…"), kept out of the way of bars. */
  note(text: string): void;
  stop(): void;
}

export const STATUS_STYLE: Partial<Record<SessionStatus, StyleName>> = {
  queued: 'dim',
  running: 'cyan',
  completed: 'green',
  failed: 'red',
  cancelled: 'yellow',
  interrupted: 'yellow',
};

/** One line per state change and every RECORDS_PER_LINE records; log lines of the sessions as they come. */
export class LineProgress implements ProgressView {
  private readonly lines: SessionLines;

  constructor(
    private readonly out: Output,
    s: Styler,
  ) {
    this.lines = new SessionLines((part, text) => {
      if (part.kind === 'id') return s.paint('bold', text);
      if (part.kind === 'level') return s.paint(part.level === 'error' ? 'red' : 'yellow', text);
      const style = STATUS_STYLE[part.status];
      return style ? s.paint(style, text) : text;
    });
  }

  onEvent(e: EngineEvent): void {
    const line = this.lines.lineFor(e);
    if (line !== undefined) this.line(line);
  }

  note(text: string): void {
    this.line(text);
  }

  stop(): void {
    // Lines are written as they come: nothing to tidy up.
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
