// Names with letters outside ASCII (`bot Bäcker`): the lexer stops at such a letter, which would
// split the name and cascade into unrelated errors; here the pieces become one name and one clear error.
import type { ILexingError, IToken } from 'chevrotain';
import type { Range } from './ast';
import type { LineIndex } from './line-index';
import { Identifier } from './tokens';

const LETTERS = /^[\p{L}\p{M}\p{N}]+$/u;
const WORD = /^[A-Za-z0-9_-]+$/;

export interface Names {
  tokens: IToken[];
  lexErrors: ILexingError[];
  errors: Array<{ message: string; range: Range }>;
}

interface Piece {
  start: number;
  end: number;
  token?: IToken;
}

/** Joins each run of word tokens and unlexable letters that touch into one Identifier named in one error. */
export function joinNonAsciiNames(text: string, tokens: IToken[], lexErrors: ILexingError[], lines: LineIndex): Names {
  const letters = lexErrors.filter((e) => LETTERS.test(text.slice(e.offset, e.offset + e.length)));
  if (!letters.length) return { tokens, lexErrors, errors: [] };
  const pieces: Piece[] = [
    ...tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length, token: t })),
    ...letters.map((e) => ({ start: e.offset, end: e.offset + e.length })),
  ].sort((a, b) => a.start - b.start);
  const joined: IToken[] = [];
  const errors: Names['errors'] = [];
  for (let i = 0; i < pieces.length; ) {
    let j = i + 1;
    while (j < pieces.length && pieces[j].start === pieces[j - 1].end && joinable(pieces[j]) && joinable(pieces[j - 1])) j++;
    const run = pieces.slice(i, j);
    if (run.every((p) => p.token)) joined.push(...run.map((p) => p.token as IToken));
    else {
      const start = run[0].start;
      const end = run[run.length - 1].end;
      joined.push(nameToken(text.slice(start, end), start, run[0].token));
      errors.push({ message: invalidName(text.slice(start, end)), range: { start: lines.position(start), end: lines.position(end) } });
    }
    i = j;
  }
  return { tokens: joined, lexErrors: lexErrors.filter((e) => !letters.includes(e)), errors };
}

function joinable(p: Piece): boolean {
  return !p.token || WORD.test(p.token.image);
}

function nameToken(image: string, start: number, like: IToken | undefined): IToken {
  const base = like ?? ({ startLine: NaN, startColumn: NaN, endLine: NaN, endColumn: NaN } as IToken);
  return { ...base, image, startOffset: start, endOffset: start + image.length - 1, tokenType: Identifier, tokenTypeIdx: Identifier.tokenTypeIdx as number };
}

function invalidName(name: string): string {
  const bad = [...new Set(Array.from(name).filter((ch) => !/[A-Za-z0-9_-]/.test(ch)))].map((ch) => `'${ch}'`).join(', ');
  return (
    `'${name}' is not a valid name: names may use only the ASCII letters A-Z and a-z, digits, '_' and '-' ` +
    `(and start with a letter or '_'), so ${bad} cannot be part of one. Write it with ASCII letters only.`
  );
}
