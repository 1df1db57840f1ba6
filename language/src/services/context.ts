// Shared helpers of the language services: editor positions ↔ text offsets, the declaration at an
// offset, and the links a declaration has (a run's bot and agent, the agent whose inputs a name means).
import type * as A from '../ast';
import { LineIndex } from '../line-index';
import { encodeString } from '../literals';
import { property, wordOf } from '../model';
import type { Workspace, WorkspaceFile } from '../workspace';

/** A position as editors send it: 0-based line and UTF-16 character. */
export interface LineCharacter {
  line: number;
  character: number;
}

const lineIndexes = new WeakMap<WorkspaceFile, LineIndex>();

function lineIndex(file: WorkspaceFile): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) {
    index = new LineIndex(file.text);
    lineIndexes.set(file, index);
  }
  return index;
}

/** The text offset of an editor position, clamped to its line and the file. */
export function offsetAt(file: WorkspaceFile, p: LineCharacter): number {
  return lineIndex(file).offset(p);
}

/** The full AST position of an offset (line, character and offset). */
export function positionOf(file: WorkspaceFile, offset: number): A.Position {
  return lineIndex(file).position(offset);
}

export function rangeOf(file: WorkspaceFile, start: number, end: number): A.Range {
  return { start: positionOf(file, start), end: positionOf(file, end) };
}

/** Whether an offset lies in a range, both ends included (a cursor right after a word is on it). */
export function touches(r: A.Range, offset: number): boolean {
  return r.start.offset <= offset && offset <= r.end.offset;
}

/** The declaration whose text holds the offset, if any (declarations are in document order). */
export function declarationAt(file: WorkspaceFile, offset: number): A.Declaration | undefined {
  const decl = lastDeclarationFrom(file, offset);
  return decl && offset <= decl.range.end.offset ? decl : undefined;
}

/** The last declaration that starts at or before the offset. */
export function lastDeclarationFrom(file: WorkspaceFile, offset: number): A.Declaration | undefined {
  const decls = file.ast.declarations;
  let lo = 0;
  let hi = decls.length - 1;
  let found: A.Declaration | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (decls[mid].range.start.offset <= offset) {
      found = decls[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The declaration a run names under `bot:` or `agent:`. */
export function linked(ws: Workspace, run: A.Declaration, kind: 'bot' | 'agent'): A.Declaration | undefined {
  const name = wordOf(property(run, kind));
  return name ? ws.resolve(kind, name) : undefined;
}

/** The agent whose inputs names inside this declaration refer to: itself, or a run's agent. */
export function agentFor(ws: Workspace, decl: A.Declaration): A.Declaration | undefined {
  if (decl.kind === 'agent') return decl;
  if (decl.kind === 'run') return linked(ws, decl, 'agent');
  return undefined;
}

/** `{session}` in an export path is the session ID, not an input. */
export const SESSION_PLACEHOLDER = 'session';

/** A value as it would be written in source, for hover and outline details. */
export function valueText(v: A.Value): string {
  switch (v.kind) {
    case 'string': return encodeString(v.value);
    case 'number':
    case 'duration': return v.text;
    case 'boolean': return String(v.value);
    case 'word': return v.value;
    case 'member': return `${v.object}.${v.member}`;
    case 'call': return `${v.callee}(${v.args.map(valueText).join(', ')})`;
    case 'list': return `[${v.items.map(valueText).join(', ')}]`;
    case 'missing': return '';
  }
}
