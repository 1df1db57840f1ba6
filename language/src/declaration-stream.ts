// Declaration slices read straight from the fast lexer, cut as parse.ts cuts a whole token array, so each
// slice's tokens can be dropped once it is parsed; it fails where the whole-array path is needed instead.
import type { IToken } from 'chevrotain';
import { FastLexer } from './fast-lex';
import { MAX_NESTING } from './nesting';
import * as T from './tokens';

// Token types are compared directly, not looked up in sets: this runs for every token, mostly before the
// JIT has compiled it, where a comparison is cheaper than a call.

export class DeclarationStream {
  private readonly lexer: FastLexer;
  /** The token read after the last slice ended: the first of the next one. */
  private pending: IToken | undefined | null;
  /** Brace depth, as declarationSlices counts it. */
  private braces = 0;
  /** Depth of braces, brackets and parentheses, as limitNesting counts it. */
  private nesting = 0;
  /** Set at a lexing error or nesting past MAX_NESTING: the text then needs the whole-array path. */
  failed = false;

  constructor(text: string) {
    this.lexer = new FastLexer(text);
    this.pending = this.read();
  }

  /** The comment tokens lexed so far (all of them once the stream has ended). */
  get comments(): IToken[] {
    return this.lexer.comments;
  }

  /** The next declaration slice; undefined at the end, or once the stream has failed. */
  next(): IToken[] | undefined {
    const slice: IToken[] = [];
    for (let t = this.pending; ; t = this.read()) {
      if (t === null) {
        this.failed = true;
        return undefined;
      }
      if (t === undefined) {
        this.pending = undefined;
        return slice.length ? slice : undefined;
      }
      const type = t.tokenType;
      if (type === T.LCurly) this.braces++;
      else if (type === T.RCurly) this.braces = Math.max(0, this.braces - 1);
      else if (this.braces === 0 && slice.length && (type === T.Bot || type === T.Agent || type === T.Run)) {
        this.pending = t;
        return slice;
      }
      slice.push(t);
    }
  }

  /** The next token (null once failed), counted for the nesting limit. */
  private read(): IToken | undefined | null {
    const t = this.lexer.next();
    if (!t) return t;
    const type = t.tokenType;
    if (type === T.RCurly || type === T.RBracket || type === T.RParen) this.nesting = Math.max(0, this.nesting - 1);
    else if ((type === T.LCurly || type === T.LBracket || type === T.LParen) && ++this.nesting > MAX_NESTING) return null;
    return t;
  }
}
