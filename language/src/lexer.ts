// The .rpa lexer: one shared chevrotain Lexer instance over the token set in tokens.ts.
// Comments land in the `comments` group so the formatter and hover can read them.
import { Lexer, type ILexingResult } from 'chevrotain';
import { allTokens } from './tokens';

const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });

export function lex(text: string): ILexingResult {
  return lexer.tokenize(text);
}
