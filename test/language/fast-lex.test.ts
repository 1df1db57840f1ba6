// The hand-written lexer (fast-lex.ts) against the chevrotain lexer it stands in for: the same tokens and
// comments on every text it lexes, and it gives up exactly on the texts with lexing errors.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Lexer } from 'chevrotain';
import { fastLex } from '../../language/src/fast-lex';
import { allTokens } from '../../language/src/tokens';
import { readText, rel, ROOT, rpaFilesUnder } from './format-helpers';

const chevrotain = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });
const FILES = [...rpaFilesUnder(join(ROOT, 'examples')), ...rpaFilesUnder(join(ROOT, 'test/fixtures'))];
/** Characters and pieces where the token patterns decide: numbers and durations, words, strings, comments, breaks. */
const PIECES = ['a', '_', '-', '0', '.', '"', '\\', '\n', '\r', '\t', '\uFEFF', '\u2028', '/', '*', '{', ':', 'é', 'as', 'max', '1h30m', '5.5', '-3', '1.x', '//', '/*', '*/', '\\"', '\\\n', '\ud83d'];

function compare(text: string, where: string): void {
  const expected = chevrotain.tokenize(text);
  const fast = fastLex(text);
  if (!fast) {
    assert.ok(expected.errors.length, `${where}: gave up on a text without lexing errors`);
    return;
  }
  assert.deepStrictEqual(fast, expected, where);
}

/** Texts at the edges of the patterns: escapes before line separators, fractions, comments, keyword prefixes. */
const EDGES = ['"\\\u2028"', '"\\\u2029"', '"a\u2028b"', '"\\\ud83d\ude00"', '"\\', '1.5.h', '12.x', '1e5', '0.5s1', '-x', '-1.5', '/*/', '/**/', '/* * /', 'max-pages', 'maxé', 'steps_', '\uFEFFbot'];

describe('fast lexer', () => {
  it('agrees at the edges of the token patterns', () => {
    for (const text of EDGES) compare(text, JSON.stringify(text));
  });

  it('lexes the example and fixture files as the chevrotain lexer does', () => {
    for (const f of FILES) compare(readText(f), rel(f));
  });

  it('agrees on every text of up to three pieces', () => {
    for (const a of PIECES) for (const b of PIECES) for (const c of ['', ...PIECES]) compare(a + b + c, JSON.stringify(a + b + c));
  });

  it('agrees on the files with a piece inserted or characters deleted', () => {
    for (const f of FILES) {
      const text = readText(f);
      for (let at = 0, i = 0; at < text.length; at += 17, i++) {
        compare(text.slice(0, at) + text.slice(at + 1 + (i % 4)), `${rel(f)} with characters deleted at ${at}`);
        compare(text.slice(0, at) + PIECES[i % PIECES.length] + text.slice(at), `${rel(f)} with ${JSON.stringify(PIECES[i % PIECES.length])} at ${at}`);
      }
    }
  });
});
