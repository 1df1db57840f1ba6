// Offset → line/character conversion for one text, built once per parse (line starts + binary search).
// Lets the lexer track only offsets, which is several times faster than full position tracking.
import type { Position } from './ast';

export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the previous lookup: ranges are mostly requested in text order. */
  private hint = 0;

  private readonly length: number;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
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
    const lineEnd = p.line + 1 < this.starts.length ? this.starts[p.line + 1] - 1 : this.length;
    return Math.min(this.starts[p.line] + Math.max(0, p.character), lineEnd);
  }
}
