// The nesting limit: blocks, lists and argument lists nested deeper than MAX_NESTING are reported once
// at the opener that passes the limit and their contents dropped, so no recursive pass can overflow the stack.
import type { IToken } from 'chevrotain';
import type { Range } from './ast';
import type { LineIndex } from './line-index';
import { tokenRange } from './ranges';

/** Far more than any real file needs, far less than what the recursive parser and checks can take. */
export const MAX_NESTING = 100;

const OPENERS = new Set(['LCurly', 'LBracket', 'LParen']);
const CLOSERS = new Set(['RCurly', 'RBracket', 'RParen']);

export interface Nested {
  tokens: IToken[];
  errors: Array<{ message: string; range: Range }>;
}

/**
 * The tokens with the contents of every too-deep block, list or argument list left out (its opener
 * and closer stay, so it parses as an empty one), and one error per such opener.
 */
export function limitNesting(tokens: IToken[], lines: LineIndex): Nested {
  let depth = 0;
  let kept: IToken[] | undefined;
  const errors: Nested['errors'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i].tokenType.name;
    if (CLOSERS.has(type)) depth = Math.max(0, depth - 1);
    else if (OPENERS.has(type) && ++depth > MAX_NESTING) {
      kept ??= tokens.slice(0, i);
      kept.push(tokens[i]);
      errors.push({ message: tooDeep(tokens[i]), range: tokenRange(tokens[i], lines) });
      i = skipContents(tokens, i);
      if (i < tokens.length) kept.push(tokens[i]);
      depth--;
      continue;
    }
    kept?.push(tokens[i]);
  }
  return { tokens: kept ?? tokens, errors };
}

/** The index of the closer matching the opener at `open` (tokens.length when there is none). */
function skipContents(tokens: IToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const type = tokens[i].tokenType.name;
    if (OPENERS.has(type)) depth++;
    else if (CLOSERS.has(type) && --depth === 0) return i;
  }
  return tokens.length;
}

function tooDeep(opener: IToken): string {
  return (
    `This '${opener.image}' is nested deeper than the limit of ${MAX_NESTING} nested blocks, lists and argument lists, ` +
    `so what it holds is not read: nest fewer levels.`
  );
}
