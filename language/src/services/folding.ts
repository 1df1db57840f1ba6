// Folding ranges: declarations, nested blocks, session entries, steps and step bodies, multi-line
// block comments and runs of two or more `//` comment lines.
import type * as A from '../ast';
import { lineStartAt } from '../line-index';
import type { WorkspaceFile } from '../workspace';

export interface FoldingRegion {
  startLine: number;
  /** The last line folded away: the line before the closing brace, so the brace stays visible. */
  endLine: number;
  kind: 'region' | 'comment';
}

export function foldingRanges(file: WorkspaceFile): FoldingRegion[] {
  const out: FoldingRegion[] = [];
  const region = (r: A.Range) => {
    if (r.end.line - 1 > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line - 1, kind: 'region' });
  };
  for (const decl of file.ast.declarations) {
    region(decl.range);
    members(decl.members, region);
  }
  comments(file.ast.comments.filter((c) => c.kind === 'block' || standsAlone(file.text, c)), out);
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function members(list: A.Member[], region: (r: A.Range) => void): void {
  for (const m of list) {
    if (m.kind === 'block' || m.kind === 'session') {
      region(m.range);
      members(m.members, region);
    } else if (m.kind === 'steps') {
      region(m.range);
      steps(m.steps, region);
    }
  }
}

function steps(list: A.Step[], region: (r: A.Range) => void): void {
  for (const s of list) {
    if (s.kind === 'paginate' || s.kind === 'visit') {
      region(s.range);
      steps(s.body, region);
    } else if (s.kind === 'extract') region(s.range);
  }
}

/** A `//` comment with nothing else on its line (a trailing comment does not start a foldable run). */
function standsAlone(text: string, c: A.Comment): boolean {
  return text.slice(lineStartAt(text, c.range.start.offset), c.range.start.offset).trim() === '';
}

function comments(list: A.Comment[], out: FoldingRegion[]): void {
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
    runStart = runEnd = -1;
  };
  for (const c of list) {
    if (c.kind === 'block') {
      flush();
      if (c.range.end.line > c.range.start.line) out.push({ startLine: c.range.start.line, endLine: c.range.end.line, kind: 'comment' });
      continue;
    }
    if (c.range.start.line === runEnd + 1 && runStart >= 0) runEnd = c.range.start.line;
    else {
      flush();
      runStart = runEnd = c.range.start.line;
    }
  }
  flush();
}
