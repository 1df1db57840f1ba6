// Re-parsing after an edit without re-parsing the whole file: only the declarations the edit touches
// (plus the one after) go through parse(); the others are kept, those after the edit moved in place.
import type * as A from '../ast';
import { lex } from '../lexer';
import { LINE_BREAK } from '../line-index';
import { parse, type ParseError, type ParseResult } from '../parse';

/** A parsed text, as the workspace keeps it. */
export interface Parsed {
  text: string;
  ast: A.RpaFile;
  parseErrors: ParseError[];
}

/**
 * The parse of `text` — identical to `parse(text, uri)` — computed from the parse of the previous
 * text of the same file, or undefined when the edit is not one this shortcut handles exactly (the
 * caller then parses the whole text). Declarations after the edit are reused with their positions
 * moved in place, so `previous` belongs to the result afterwards: it must not be read again.
 *
 * The result equals a full parse because the full parser splits a file into declarations at
 * `bot`/`agent`/`run` keywords outside braces and parses each on its own: when the edited region
 * starts after declarations that parsed cleanly (so no slice runs into it), lexes without error
 * (no comment or string runs past its end), closes every brace it opens and still ends with the
 * declaration that preceded the untouched ones, every declaration after it parses exactly as before.
 */
export function reparse(previous: Parsed, text: string, uri: string): ParseResult | undefined {
  const old = previous.text;
  if (old === text) return { ast: previous.ast, errors: previous.parseErrors };
  const span = changedSpan(old, text);
  const decls = previous.ast.declarations;
  let before = 0;
  while (before < decls.length && decls[before].range.end.offset < span.start) before++;
  let touched = before;
  while (touched < decls.length && decls[touched].range.start.offset < span.oldEnd) touched++;
  const tailFrom = Math.min(decls.length, touched + 1); // one untouched declaration re-parsed too: its doc comment may be edited
  const start = before > 0 ? decls[before - 1].range.end : { line: 0, character: 0, offset: 0 };
  // Before the first touched declaration everything must have parsed cleanly: a declaration with an
  // error may own the tokens after it (its slice runs to the next keyword), which a region parse would not see.
  const firstTouched = before < decls.length ? decls[before].range.start.offset : old.length;
  if (previous.parseErrors.some((e) => e.range.start.offset < firstTouched)) return undefined;
  const tail = decls.slice(tailFrom);
  const oldEnd = tail.length ? tail[0].range.start : undefined;
  const delta = text.length - old.length;
  const regionEnd = oldEnd ? oldEnd.offset + delta : text.length;
  const regionText = text.slice(start.offset, regionEnd);
  if (!closesEveryBrace(regionText)) return undefined;
  const region = parse(regionText, uri);
  if (oldEnd) {
    // An error placed at the end of the region text would sit at the end of the file in a full parse.
    if (region.errors.some((e) => e.range.end.offset >= regionText.length)) return undefined;
    // The declaration before the tail must end where it did (moved by the edit): the tail's doc
    // comments are read up to it. An edit can change how text after it on its line lexes (`//`).
    const last = region.ast.declarations[region.ast.declarations.length - 1];
    if (!last || start.offset + last.range.end.offset !== decls[tailFrom - 1].range.end.offset + delta) return undefined;
  }
  relocate(moveBy(start), region.ast.declarations, region.ast.comments, region.errors);
  const moved = oldEnd ? moveTail(old, text, start, oldEnd, regionText) : undefined;
  const tailComments = oldEnd ? previous.ast.comments.filter((c) => c.range.start.offset >= oldEnd.offset) : [];
  const tailErrors = oldEnd ? previous.parseErrors.filter((e) => e.range.start.offset >= oldEnd.offset) : [];
  if (moved) relocate(moved, tail, tailComments, tailErrors);
  return {
    ast: {
      uri,
      declarations: [...decls.slice(0, before), ...region.ast.declarations, ...tail],
      comments: [...previous.ast.comments.filter((c) => c.range.end.offset <= start.offset), ...region.ast.comments, ...tailComments],
    },
    errors: [...region.errors, ...tailErrors],
  };
}

/**
 * The edit as one span: the old text differs from the new one only in [start, oldEnd). The common
 * prefix and suffix are found by halving with slice comparisons (compared in bulk by the engine):
 * comparing a 288 KB text character by character took about 1.8 ms an edit.
 */
function changedSpan(old: string, text: string): { start: number; oldEnd: number } {
  const max = Math.min(old.length, text.length);
  const start = longestCommon(max, (n) => old.slice(0, n) === text.slice(0, n));
  const suffix = longestCommon(max - start, (n) => old.slice(old.length - n) === text.slice(text.length - n));
  return { start, oldEnd: old.length - suffix };
}

/** The largest n in [0, max] for which `common(n)` holds (it holds for every smaller n too). */
function longestCommon(max: number, common: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (common(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Lexes without error and leaves no brace open, counting as the parser splits declarations. */
function closesEveryBrace(text: string): boolean {
  const lexed = lex(text);
  if (lexed.errors.length) return false;
  let depth = 0;
  for (const t of lexed.tokens) {
    const type = t.tokenType.name;
    if (type === 'LCurly') depth++;
    else if (type === 'RCurly') depth = Math.max(0, depth - 1);
  }
  return depth === 0;
}

/** Moves a position in place. */
type Move = (p: A.Position) => void;

/** From positions in a text that starts at `base` of the file to positions in the file. */
function moveBy(base: A.Position): Move {
  return (p) => {
    if (p.line === 0) p.character += base.character;
    p.line += base.line;
    p.offset += base.offset;
  };
}

/** How positions at or after the old region end move: lines and offsets shift; so do characters on its line. */
function moveTail(old: string, text: string, start: A.Position, oldEnd: A.Position, regionText: string): Move {
  const newEnd = endOf(start, regionText);
  const oldEndLine = oldEnd.line;
  const lines = newEnd.line - oldEndLine;
  const chars = newEnd.character - oldEnd.character;
  const offsets = text.length - old.length;
  return (p) => {
    if (p.line === oldEndLine) p.character += chars;
    p.line += lines;
    p.offset += offsets;
  };
}

/** The position right after `text` when it starts at `start`. */
function endOf(start: A.Position, text: string): A.Position {
  let line = start.line;
  let lineStart = -start.character;
  for (const m of text.matchAll(LINE_BREAK)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, character: text.length - lineStart, offset: start.offset + text.length };
}

/** Ranges are the only AST objects with `start` and `end` (Positions, which hold `offset`). */
function isRange(v: object): v is A.Range {
  const r = v as { start?: { offset?: unknown }; end?: unknown };
  return typeof r.start === 'object' && r.start !== null && typeof r.start.offset === 'number' && typeof r.end === 'object';
}

/**
 * Moves every position of the declarations, comments and errors in place, each once. Diagnostics
 * cached for a declaration keep copies of their positions, never these objects (see checks/local-cache.ts).
 */
function relocate(move: Move, declarations: readonly A.Declaration[], comments: readonly A.Comment[], errors: readonly ParseError[]): void {
  if (errors.length) return relocateShared(move, { declarations, comments, errors });
  // Without errors no position is shared between these: declarations share none, comments are read from their own tokens.
  for (const decl of declarations) for (const p of positionsOf(decl)) move(p);
  for (const c of comments) {
    move(c.range.start);
    move(c.range.end);
  }
}

/**
 * Moves every position below `root` once when some may be shared (an error may span from a key's
 * end to its value's start): its offset is negated while the move lasts to mark it, without a set
 * of visited objects (costly for the tens of thousands of a large file).
 */
function relocateShared(move: Move, root: object): void {
  const moved: A.Position[] = [];
  visitPositions(root, (p) => {
    if (p.offset < 0) return;
    move(p);
    p.offset = -1 - p.offset;
    moved.push(p);
  });
  for (const p of moved) p.offset = -1 - p.offset;
}

/**
 * Every distinct position of a declaration, collected once and kept with it: an edit near the top of a
 * 10,000-line file moves every declaration after it, and walking their ASTs key by key took about
 * 9 ms an edit (the largest cost of typing in the server profile). With the flat lists (and the span
 * found by halving) a one-key re-parse there takes about 2 ms instead of 12 (p50, benchmark machine).
 */
const kept = new WeakMap<A.Declaration, A.Position[]>();

function positionsOf(decl: A.Declaration): A.Position[] {
  let list = kept.get(decl);
  if (!list) {
    const seen = new Set<A.Position>();
    visitPositions(decl, (p) => seen.add(p));
    list = [...seen];
    kept.set(decl, list);
  }
  return list;
}

function visitPositions(root: object, at: (p: A.Position) => void): void {
  const visit = (node: Record<string, unknown>): void => {
    for (const key in node) {
      const v = node[key];
      if (typeof v !== 'object' || v === null) continue;
      if (isRange(v)) {
        at(v.start);
        at(v.end);
      } else visit(v as Record<string, unknown>);
    }
  };
  visit(root as Record<string, unknown>);
}
