// Source positions: conversions from chevrotain tokens and CST locations to AST ranges,
// and small helpers for comparing ranges and positions.
import type { IToken } from 'chevrotain';
import type { Position, Range } from './ast';
import { LINE_BREAK, type LineIndex } from './line-index';

export function tokenRange(tok: IToken, lines: LineIndex): Range {
  const end = Number.isNaN(tok.endOffset) || tok.endOffset === undefined ? tok.startOffset + tok.image.length - 1 : tok.endOffset;
  return { start: lines.position(tok.startOffset), end: lines.position(end + 1) };
}

export function isRealToken(tok: IToken | undefined): tok is IToken {
  return !!tok && !tok.isInsertedInRecovery && !Number.isNaN(tok.startOffset);
}

/** A sub-range of a single-line token, from character offsets within its image. */
export function subRange(r: Range, from: number, to: number): Range {
  return {
    start: { line: r.start.line, character: r.start.character + from, offset: r.start.offset + from },
    end: { line: r.start.line, character: r.start.character + to, offset: r.start.offset + to },
  };
}

export function comparePositions(a: Pick<Position, 'line' | 'character'>, b: Pick<Position, 'line' | 'character'>): number {
  return a.line - b.line || a.character - b.character;
}

export function containsPosition(r: Range, p: Pick<Position, 'line' | 'character'>): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };

/** The position of an offset in a text (LSP-style line and UTF-16 character). */
export function positionAt(text: string, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const breaks = new RegExp(LINE_BREAK.source, 'g');
  let line = 0;
  let lineStart = 0;
  for (let m = breaks.exec(text); m && m.index < clamped; m = breaks.exec(text)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, character: clamped - lineStart, offset: clamped };
}

export function emptyRangeAt(p: Position): Range {
  return { start: p, end: p };
}
