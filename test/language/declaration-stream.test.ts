// The streamed declaration slices (declaration-stream.ts) against the whole-array path of parse.ts: the
// same slices and comments, and failure exactly where that path finds lexing errors or too-deep nesting.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DeclarationStream } from '../../language/src/declaration-stream';
import { lex } from '../../language/src/lexer';
import { LineIndex } from '../../language/src/line-index';
import { limitNesting, MAX_NESTING } from '../../language/src/nesting';
import { declarationSlices } from '../../language/src/parse';
import { readText, rel, ROOT, rpaFilesUnder } from './format-helpers';

const FILES = [...rpaFilesUnder(join(ROOT, 'examples')), ...rpaFilesUnder(join(ROOT, 'test/fixtures'))];
const PIECES = ['{', '}', '[', ']', '(', ')', 'bot B', 'run', 'agent A {', '//c\n', '/* c */', '"s', 'é'];

function compare(text: string, where: string): void {
  const lexed = lex(text);
  const nested = limitNesting(lexed.tokens, new LineIndex(text));
  const stream = new DeclarationStream(text);
  const slices = [];
  for (let s = stream.next(); s; s = stream.next()) slices.push(s);
  if (lexed.errors.length || nested.errors.length) {
    assert.ok(stream.failed, `${where}: streamed a text with lexing errors or too-deep nesting`);
    return;
  }
  assert.ok(!stream.failed, `${where}: failed on a text the stream can take`);
  assert.deepStrictEqual(slices, [...declarationSlices(nested.tokens)], where);
  assert.deepStrictEqual(stream.comments, lexed.groups.comments, where);
}

describe('declaration stream', () => {
  it('cuts the example and fixture files as parse.ts cuts their whole token arrays', () => {
    for (const f of FILES) compare(readText(f), rel(f));
  });

  it('agrees on unbalanced braces, stray tokens and errors inserted into the files', () => {
    for (const f of FILES) {
      const text = readText(f);
      for (let at = 0, i = 0; at < text.length; at += 31, i++) {
        const piece = PIECES[i % PIECES.length];
        compare(`${text.slice(0, at)} ${piece} ${text.slice(at)}`, `${rel(f)} with '${piece}' at ${at}`);
      }
    }
  });

  it('fails at nesting past the limit, not at the limit', () => {
    const at = (depth: number) => `run R { x: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)} }\nbot B { mode: secure }`;
    compare(at(MAX_NESTING), 'nesting at the limit');
    compare(at(MAX_NESTING + 1), 'nesting past the limit');
    compare(`${'('.repeat(MAX_NESTING + 1)}\nbot B {}`, 'unclosed parentheses past the limit');
    compare(`${')'.repeat(5)}${'('.repeat(MAX_NESTING)}\nbot B {}`, 'closers before the openers');
  });
});
