// The .rpa lexer: one shared chevrotain Lexer instance over the token set in tokens.ts.
// Tracks offsets only (line/character come from LineIndex); comments land in the `comments` group.
import { Lexer, type ILexingResult } from 'chevrotain';
import { allTokens } from './tokens';

const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

export function lex(text: string): ILexingResult {
  return lexer.tokenize(text);
}
