// Trailing `//` comments in the formatted text: those the author aligned (the same column, in a stretch
// without blank lines) stay aligned, at that column or just past the longest of their lines; any other
// gets one space after its code.

/** A text that does not occur in `source`, to mark where trailing comments go while lines are laid out. */
export function markerFor(source: string): string {
  let mark = '\u0001';
  while (source.includes(mark)) mark += '\u0001';
  return `${mark}\u0002`;
}

interface Marked {
  index: number;
  code: string;
  column: number;
  comment: string;
}

function parseMarked(line: string, index: number, mark: string): Marked | undefined {
  const at = line.indexOf(mark);
  if (at < 0) return undefined;
  const close = line.indexOf(mark, at + mark.length);
  return { index, code: line.slice(0, at), column: Number(line.slice(at + mark.length, close)), comment: line.slice(close + mark.length) };
}

function placeGroup(lines: string[], group: readonly Marked[]): void {
  const byColumn = new Map<number, Marked[]>();
  for (const m of group) byColumn.set(m.column, [...(byColumn.get(m.column) ?? []), m]);
  for (const same of byColumn.values()) {
    const column = same.length > 1 ? Math.max(same[0].column, ...same.map((m) => m.code.length + 1)) : undefined;
    for (const m of same) lines[m.index] = m.code + (column === undefined ? ' ' : ' '.repeat(column - m.code.length)) + m.comment;
  }
}

/** Replaces each marked gap (from renderRun) with the spaces that align or separate its comment. */
export function alignTrailingComments(text: string, mark: string, eol: string): string {
  if (!text.includes(mark)) return text;
  const lines = text.split(eol);
  let group: Marked[] = [];
  lines.forEach((line, i) => {
    const m = parseMarked(line, i, mark);
    if (m) group.push(m);
    else if (line.trim() === '') {
      // A blank line ends a stretch: comments on either side are aligned separately.
      placeGroup(lines, group);
      group = [];
    }
  });
  placeGroup(lines, group);
  return lines.join(eol);
}
