// A hand-written lexer for the tokens of tokens.ts: the same tokens and comments as the chevrotain lexer,
// without a regex match per token; it gives up (undefined) at a character no token starts with.
import type { ILexingResult, IToken, TokenType } from 'chevrotain';
import * as T from './tokens';

/** Keyword tokens by their word (each pattern is the plain word). */
const KEYWORDS = new Map<string, TokenType>(T.keywords.map((t) => [(t.PATTERN as RegExp).source, t]));

/** Single-character tokens by character code. */
const PUNCTUATION = new Map<number, TokenType>(
  [T.LCurly, T.RCurly, T.LBracket, T.RBracket, T.LParen, T.RParen, T.Colon, T.Comma, T.Dot].map((t) => [(t.PATTERN as RegExp).source.replace('\\', '').charCodeAt(0), t]),
);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * ASCII classes for the two loops most characters go through (white space, the rest of a word), read
 * from a table: no call per character, which costs most before the JIT has compiled the lexer.
 */
const SPACE = 1;
const WORD_PART = 2;
const ASCII_CLASS = new Uint8Array(128);
for (const c of [32, 9, 13, 10]) ASCII_CLASS[c] = SPACE;
for (let c = 0; c < 128; c++) if (isLetter(c) || isDigit(c) || c === 95 || c === 45) ASCII_CLASS[c] = WORD_PART;
/** WhiteSpace also takes the BOM. */
const BOM = 0xfeff;

function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx as number, tokenType } as IToken;
}

/** Where a StringLiteral starting at `at` ends, or -1 (unterminated, or a line break inside). */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 10 || c === 13) return -1;
    if (c === 92) {
      const next = text.charCodeAt(i + 1); // NaN past the end
      if (Number.isNaN(next) || next === 10 || next === 13 || next === 0x2028 || next === 0x2029) return -1;
      i++;
    }
  }
  return -1;
}

/** Where the digits of a number starting at `at` (a digit) end, with a `.digits` fraction. */
function numberEnd(text: string, at: number): number {
  let i = at;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** Where a DurationLiteral starting at `at` (a digit) ends: a number directly followed by a letter; or -1. */
function durationEnd(text: string, at: number): number {
  let i = numberEnd(text, at);
  if (!isLetter(text.charCodeAt(i))) return -1;
  i++;
  while (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** Lexes one token at a time (comments go to `comments`), so a caller may drop tokens as it goes. */
export class FastLexer {
  readonly comments: IToken[] = [];
  private at = 0;

  constructor(private readonly text: string) {}

  /** The next token; undefined at the end of the text, null at a character no token starts with. */
  next(): IToken | undefined | null {
    const text = this.text;
    const length = text.length;
    let at = this.at;
    for (;;) {
      for (; at < length; at++) {
        const c = text.charCodeAt(at);
        if (c < 128 ? ASCII_CLASS[c] !== SPACE : c !== BOM) break;
      }
      if (at >= length) {
        this.at = at;
        return undefined;
      }
      const c = text.charCodeAt(at);
      let end: number;
      let type: TokenType | undefined;
      if (isLetter(c) || c === 95) {
        for (end = at + 1; end < length; end++) {
          const w = text.charCodeAt(end);
          if (w >= 128 || ASCII_CLASS[w] !== WORD_PART) break;
        }
        const image = text.slice(at, end);
        this.at = end;
        return token(image, at, KEYWORDS.get(image) ?? T.Identifier);
      } else if (c === 34) {
        end = stringEnd(text, at);
        type = T.StringLiteral;
      } else if (isDigit(c)) {
        end = durationEnd(text, at);
        type = T.DurationLiteral;
        if (end < 0) {
          end = numberEnd(text, at);
          type = T.NumberLiteral;
        }
      } else if (c === 45) {
        end = isDigit(text.charCodeAt(at + 1)) ? numberEnd(text, at + 1) : -1;
        type = T.NumberLiteral;
      } else if (c === 47) {
        const next = text.charCodeAt(at + 1);
        if (next === 47) {
          end = at + 2;
          while (end < length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
          this.comments.push(token(text.slice(at, end), at, T.LineComment));
        } else {
          const close = next === 42 ? text.indexOf('*/', at + 2) : -1;
          if (close < 0) return null;
          end = close + 2;
          this.comments.push(token(text.slice(at, end), at, T.BlockComment));
        }
        at = end;
        continue;
      } else {
        type = PUNCTUATION.get(c);
        end = at + 1;
      }
      if (end < 0 || !type) return null;
      this.at = end;
      return token(text.slice(at, end), at, type);
    }
  }
}

/** The tokens and the `comments` group of `text`, as lex() returns them, or undefined when it holds a lexing error. */
export function fastLex(text: string): ILexingResult | undefined {
  const lexer = new FastLexer(text);
  const tokens: IToken[] = [];
  let t = lexer.next();
  for (; t; t = lexer.next()) tokens.push(t);
  if (t === null) return undefined;
  return { tokens, groups: { comments: lexer.comments }, errors: [] };
}
