// The .rpa lexer: fast-lex.ts for text without lexing errors, else one shared chevrotain Lexer over the
// token set in tokens.ts (which reports the errors). Offsets only; comments land in the `comments` group.
import { Lexer, type ILexingResult } from 'chevrotain';
import { fastLex } from './fast-lex';
import { allTokens } from './tokens';

const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

export function lex(text: string): ILexingResult {
  return fastLex(text) ?? lexer.tokenize(text);
}
