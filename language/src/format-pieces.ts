// Source pieces for the formatter: every code token and comment of a file with its offsets and lines,
// looked up by interval, and the canonical spacing used to print a run of pieces on one line.
import type { IToken } from 'chevrotain';
import { lex } from './lexer';
import { LineIndex } from './line-index';

export type PieceKind = 'code' | 'line-comment' | 'block-comment';

/** One token or comment as written in the source (offsets are [start, end), lines are 0-based). */
export interface Piece {
  text: string;
  kind: PieceKind;
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  /** 0-based column of `start` in its line (where the author put it; trailing comments keep alignment by it). */
  startColumn: number;
}

function toPiece(tok: IToken, kind: PieceKind, lines: LineIndex): Piece {
  const start = tok.startOffset;
  const end = start + tok.image.length;
  const at = lines.position(start);
  return { text: tok.image, kind, start, end, startLine: at.line, endLine: lines.position(end).line, startColumn: at.character };
}

/** A piece the source does not hold at this place, such as the commas of an inline block. */
export function synthetic(text: string): Piece {
  return { text, kind: 'code', start: -1, end: -1, startLine: -1, endLine: -1, startColumn: -1 };
}

/** Index of the first piece whose start is at or after `offset` (pieces are sorted by start). */
function lowerBound(pieces: readonly Piece[], offset: number): number {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pieces[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function within(pieces: readonly Piece[], start: number, end: number): Piece[] {
  const out: Piece[] = [];
  for (let i = lowerBound(pieces, start); i < pieces.length && pieces[i].start < end; i++) out.push(pieces[i]);
  return out;
}

/** The tokens and comments of one text, sorted by offset; commas stay in `code` like any token. */
export class SourcePieces {
  readonly code: Piece[];
  readonly comments: Piece[];

  constructor(text: string) {
    const lexed = lex(text);
    const lines = new LineIndex(text);
    this.code = lexed.tokens.map((t) => toPiece(t, 'code', lines));
    const comments = (lexed.groups.comments as IToken[] | undefined) ?? [];
    this.comments = comments.map((t) => toPiece(t, t.tokenType.name === 'LineComment' ? 'line-comment' : 'block-comment', lines));
  }

  codeIn(start: number, end: number): Piece[] {
    return within(this.code, start, end);
  }

  commentsIn(start: number, end: number): Piece[] {
    return within(this.comments, start, end);
  }

  /** Tokens and comments starting in [start, end), in source order. */
  piecesIn(start: number, end: number): Piece[] {
    return mergeByStart(this.codeIn(start, end), this.commentsIn(start, end));
  }

  /** The first code token with this text starting at or after `offset`. */
  findCode(text: string, offset: number): Piece | undefined {
    for (let i = lowerBound(this.code, offset); i < this.code.length; i++) if (this.code[i].text === text) return this.code[i];
    return undefined;
  }

  /** The last code token starting before `end`. */
  lastCodeBefore(end: number): Piece | undefined {
    const i = lowerBound(this.code, end) - 1;
    return i >= 0 ? this.code[i] : undefined;
  }
}

export function mergeByStart(a: readonly Piece[], b: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].start <= b[j].start)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

const NO_SPACE_AFTER = new Set(['(', '[', '.']);
const NO_SPACE_BEFORE = new Set([':', ',', ')', ']', '.', '(']);

/** Canonical spacing between neighbours on one line: `key: v`, `f(a, b)`, `[a, b]`, `x.y`, `{}`, `x // c`. */
function spaced(prev: Piece, next: Piece): boolean {
  if (next.kind === 'line-comment') return true;
  if (prev.kind === 'code' && NO_SPACE_AFTER.has(prev.text)) return false;
  if (next.kind === 'code' && NO_SPACE_BEFORE.has(next.text)) return false;
  return !(prev.kind === 'code' && prev.text === '{' && next.kind === 'code' && next.text === '}');
}

/**
 * Prints pieces on one line with canonical spacing. A `//` comment runs to the end of its line, so
 * one followed by more pieces breaks the line and the rest continues at `breakIndent`. The space
 * before a trailing `//` comment is `mark`, its source column, `mark` (see alignTrailingComments).
 */
export function renderRun(pieces: readonly Piece[], breakIndent: string, eol: string, mark: string): string {
  let out = '';
  let prev: Piece | undefined;
  for (const p of pieces) {
    if (prev?.kind === 'line-comment') out += eol + breakIndent;
    else if (prev && p.kind === 'line-comment') out += `${mark}${p.startColumn}${mark}`;
    else if (prev && spaced(prev, p)) out += ' ';
    out += p.text;
    prev = p;
  }
  return out;
}
