// Offset → line/character conversion for one text, built once per parse (line starts + binary search).
// Lets the lexer track only offsets, which is several times faster than full position tracking.
// A line break is CRLF, a lone CR or a lone LF, as in LSP and VS Code.
import type { Position } from './ast';

/** Every line break: CRLF, a lone CR, a lone LF. */
export const LINE_BREAK = /\r\n?|\n/g;

/** The offset where the line holding `offset` starts (looks back no further than that line). */
export function lineStartAt(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && !isBreakChar(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The offset of the first line break at or after `from` (its CR when it is a CRLF), or -1. */
export function nextLineBreak(text: string, from: number): number {
  const re = /[\r\n]/g;
  re.lastIndex = from;
  return re.exec(text)?.index ?? -1;
}

function isBreakChar(code: number): boolean {
  return code === 10 || code === 13;
}

/** The offset right after the line break that starts at `at`. */
export function afterLineBreak(text: string, at: number): number {
  return text.startsWith('\r\n', at) ? at + 2 : at + 1;
}

/** The text split into lines, without their line breaks. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/**
 * The offsets where each line after the first starts. indexOf runs natively, several times faster than a
 * character loop before the JIT has compiled it, and allocates no match object per line.
 */
function lineStarts(text: string, out: number[]): void {
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  while (cr >= 0 || lf >= 0) {
    if (lf >= 0 && (cr < 0 || lf < cr)) {
      out.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
      continue;
    }
    // A CR: with the LF right after it, one CRLF break.
    const after = lf === cr + 1 ? cr + 2 : cr + 1;
    out.push(after);
    if (after === cr + 2) lf = text.indexOf('\n', after);
    cr = text.indexOf('\r', after);
  }
}

export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the previous lookup: ranges are mostly requested in text order. */
  private hint = 0;

  private readonly length: number;

  constructor(private readonly text: string) {
    lineStarts(text, this.starts);
    this.length = text.length;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const starts = this.starts;
    const h = this.hint;
    if (starts[h] <= offset && (h + 1 === starts.length || offset < starts[h + 1])) return { line: h, character: offset - starts[h], offset };
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return { line: lo, character: offset - starts[lo], offset };
  }

  /** The offset of a line and character (as an editor sends them), clamped to that line and the text. */
  offset(p: Pick<Position, 'line' | 'character'>): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.length;
    const lineEnd = p.line + 1 < this.starts.length ? this.lineBreakStart(p.line + 1) : this.length;
    return Math.min(this.starts[p.line] + Math.max(0, p.character), lineEnd);
  }

  /** Where the line break before `line` starts (its CR when it is a CRLF). */
  private lineBreakStart(line: number): number {
    const start = this.starts[line];
    return this.text.charCodeAt(start - 1) === 10 && this.text.charCodeAt(start - 2) === 13 ? start - 2 : start - 1;
  }
}
