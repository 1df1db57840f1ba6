// Offset → line/character conversion for one text, built once per parse (line starts + binary search).
// Lets the lexer track only offsets, which is several times faster than full position tracking.
import type { Position } from './ast';

export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the previous lookup: ranges are mostly requested in text order. */
  private hint = 0;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
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
}
