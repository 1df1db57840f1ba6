// The TTY view of `run` and `demo`: one cli-progress bar per session (session ID, status, pages,
// records, current URL), redrawn in place; log lines, warnings and notes are printed above the bars.
import { MultiBar, type GenericFormatter, type SingleBar } from 'cli-progress';
import type { EngineEvent } from '../../../runtime/src/events';
import type { Styler } from '../cli-context';
import { progressText, SessionBoard, type BoardEntry } from '../../../runtime/src/node/run-report';
import { STATUS_STYLE, type ProgressView } from './progress-view';

const BAR_WIDTH = 16;
const SHUTTLE_WIDTH = 4;
const FRAME_MS = 100;

/** A terminal stream cli-progress can draw on (cursor movement, width). */
export function isTerminal(stream: unknown): stream is NodeJS.WriteStream {
  const s = stream as Partial<NodeJS.WriteStream> | undefined;
  return !!s && s.isTTY === true && typeof s.cursorTo === 'function' && typeof s.moveCursor === 'function' && typeof s.clearLine === 'function';
}

interface BarPayload {
  entry: BoardEntry;
  idWidth: number;
}

/**
 * The bar itself. How many pages a session will visit is unknown until it ends (pagination stops at
 * the last "next" link), so a running session shows a moving shuttle, a finished one a full bar.
 */
function barOf(entry: BoardEntry, now: number): string {
  switch (entry.status) {
    case 'queued':
      return '·'.repeat(BAR_WIDTH);
    case 'running': {
      const span = BAR_WIDTH - SHUTTLE_WIDTH;
      const step = Math.floor(now / FRAME_MS) % (2 * span);
      const at = step <= span ? step : 2 * span - step;
      return '░'.repeat(at) + '█'.repeat(SHUTTLE_WIDTH) + '░'.repeat(span - at);
    }
    case 'completed':
      return '█'.repeat(BAR_WIDTH);
    default:
      return '█'.repeat(Math.round(BAR_WIDTH / 2)) + '░'.repeat(BAR_WIDTH - Math.round(BAR_WIDTH / 2));
  }
}

function formatter(s: Styler): GenericFormatter {
  return (_options, _params, payload: BarPayload) => {
    const { entry, idWidth } = payload;
    const style = STATUS_STYLE[entry.status];
    const status = entry.status === 'queued' && entry.position !== undefined ? `queued #${entry.position}` : entry.status;
    const bar = barOf(entry, Date.now());
    const detail = entry.status === 'queued' ? 'waiting for a free secure session' : progressText(entry.progress);
    const where = entry.error ?? entry.progress.currentUrl ?? '';
    return [
      s.paint('bold', entry.id.padEnd(idWidth)),
      style ? s.paint(style, bar) : bar,
      (style ? s.paint(style, status.padEnd(11)) : status.padEnd(11)),
      detail,
      where ? s.paint('dim', where) : '',
    ].join('  ').trimEnd();
  };
}

export class BarProgress implements ProgressView {
  private readonly board = new SessionBoard();
  private readonly bars = new Map<string, SingleBar>();
  private readonly multi: MultiBar;
  private idWidth = 8;
  private stopped = false;

  constructor(stream: NodeJS.WriteStream, s: Styler) {
    this.multi = new MultiBar({
      stream,
      format: formatter(s),
      hideCursor: true,
      // Lines longer than the terminal are cut, so redrawing in place keeps working.
      linewrap: false,
      fps: 1000 / FRAME_MS,
      forceRedraw: true,
      // The summary that follows shows every session's final state: the bars make way for it.
      clearOnComplete: true,
      stopOnComplete: false,
      // Ctrl-C is the command's to handle (it cancels sessions); stop() restores the cursor.
      gracefulExit: false,
    });
  }

  onEvent(e: EngineEvent): void {
    const entry = this.board.apply(e);
    if (!entry) return;
    if (e.type === 'session-log' && e.entry.level !== 'info') this.multi.log(`${entry.id}: ${e.entry.level}: ${e.entry.message}\n`);
    const bar = this.bars.get(entry.id);
    if (!bar) {
      this.idWidth = Math.max(this.idWidth, Math.min(40, entry.id.length));
      this.bars.set(entry.id, this.multi.create(1, 0, this.payload(entry)));
      for (const [id, other] of this.bars) if (id !== entry.id) other.update(this.payload(this.board.entries.get(id)!));
      return;
    }
    bar.update(entry.status === 'completed' ? 1 : 0, this.payload(entry));
  }

  note(text: string): void {
    this.multi.log(text + '\n');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.multi.update();
    this.multi.stop();
  }

  private payload(entry: BoardEntry): BarPayload {
    return { entry, idWidth: this.idWidth };
  }
}
