// Local check results kept per declaration, relative to where it starts: a declaration an edit left
// alone (moved by re-parsing, see services/reparse.ts) reuses its diagnostics instead of being re-checked.
import type { Declaration, Position } from '../ast';
import type { Diagnostic } from '../diagnostics';

const cache = new WeakMap<Declaration, Diagnostic[]>();

type Shift = (p: Position) => Position;

/** Positions relative to `base` (line 0 is its line, where characters count from it) and back. */
const toRelative = (base: Position): Shift => (p) => ({
  line: p.line - base.line,
  character: p.line === base.line ? p.character - base.character : p.character,
  offset: p.offset - base.offset,
});
const fromRelative = (base: Position): Shift => (p) => ({
  line: p.line + base.line,
  character: p.line === 0 ? p.character + base.character : p.character,
  offset: p.offset + base.offset,
});

/** A deep copy of diagnostics with every position shifted: never shares an object with the AST. */
function copy<T>(value: T, shift: Shift): T {
  if (Array.isArray(value)) return value.map((v: unknown) => copy(v, shift)) as T;
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('start' in v && 'end' in v && typeof (v.start as Position).offset === 'number')
    return { start: shift(v.start as Position), end: shift(v.end as Position) } as T;
  const out: Record<string, unknown> = {};
  for (const key in v) out[key] = copy(v[key], shift);
  return out as T;
}

/**
 * Whether the diagnostics can be reused wherever the declaration moves: it starts a line (no edited
 * text before it on its line) and every position of the diagnostics lies in its own file and range.
 */
function reusable(decl: Declaration, list: readonly Diagnostic[]): boolean {
  let ok = decl.range.start.character === 0;
  const probe: Shift = (p) => {
    if (p.offset < decl.range.start.offset || p.offset > decl.range.end.offset) ok = false;
    return p;
  };
  for (const d of list) {
    copy(d, probe);
    if (d.uri !== decl.uri || d.related?.some((r) => r.uri !== decl.uri) || d.fixes?.some((f) => f.edits.some((e) => e.uri !== decl.uri))) ok = false;
  }
  return ok;
}

/** The local diagnostics of one declaration: from the cache, moved to where it is now, or computed. */
export function localDiagnostics(decl: Declaration, compute: () => Diagnostic[]): Diagnostic[] {
  const cached = cache.get(decl);
  if (cached) return cached.length ? copy(cached, fromRelative(decl.range.start)) : [];
  const list = compute();
  if (reusable(decl, list)) cache.set(decl, list.length ? copy(list, toRelative(decl.range.start)) : []);
  return list;
}
