// The fast declaration parser (fast-parse.ts) against the chevrotain CST path it stands in for: on the
// example and fixture files and on mutations of them it builds the same AST or gives up, never differs.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { AstBuilder } from '../../language/src/cst-to-ast';
import { fastDeclaration } from '../../language/src/fast-parse';
import { lex } from '../../language/src/lexer';
import { LineIndex } from '../../language/src/line-index';
import { declarationSlices } from '../../language/src/parse';
import { parseDeclaration } from '../../language/src/parser';
import { readText, rel, ROOT, rpaFilesUnder } from './format-helpers';

const FILES = [...rpaFilesUnder(join(ROOT, 'examples')), ...rpaFilesUnder(join(ROOT, 'test/fixtures'))];
const DECLARATION_KEYWORDS = new Set(['Bot', 'Agent', 'Run']);
/** Pieces inserted by the mutations: the tokens where the parser's decisions are made. */
const PIECES = ['{', '}', '[', ']', '(', ')', ':', ',', '.', '"s"', '5', '5s', 'as', 'as:', 'max', 'each', 'with', 'export json', 'steps', 'open', 'word', '"id" {'];

/** Per declaration of `text`: how the two paths compared; throws where they differ. */
function compare(text: string, where: string): { fast: number; clean: number } {
  const lines = new LineIndex(text);
  const counts = { fast: 0, clean: 0 };
  for (const slice of declarationSlices(lex(text).tokens)) {
    if (!DECLARATION_KEYWORDS.has(slice[0].tokenType.name)) continue;
    const parsed = parseDeclaration(slice);
    const builder = new AstBuilder('file:///t.rpa', lines);
    const expected = builder.declaration(parsed.cst);
    const clean = parsed.errors.length === 0 && builder.problems.length === 0;
    const fast = fastDeclaration(slice, new AstBuilder('file:///t.rpa', lines));
    if (clean) counts.clean++;
    if (!fast) continue;
    counts.fast++;
    assert.ok(clean, `${where}: the fast parser accepted a declaration with syntax problems`);
    assert.deepStrictEqual(fast, expected, where);
  }
  return counts;
}

/** Inputs at the parser's decisions: optional parts, `as` after a field, the optional export path, sessions. */
const DECISIONS = [
  'agent A { steps { extract d { x: foo as: bar } } }',
  'agent A { steps { extract d { x: foo as number as: bar, y: z.w as as } } }',
  'agent A { steps { extract d { x: foo as } } }',
  'agent A { export json }',
  'agent A { export json, mode: x }',
  'agent A { export json mode: x }',
  'agent A { export json "a" steps { open "x" } }',
  'agent A { export json [1, 2] }',
  'agent A { export "x" }',
  'agent A { format json "x" }',
  'run R { session "a" { x: 1 } session "b" }',
  'run R { a: [] b: [1,] c: f() d: f(1, [2], g.h) e: true }',
  'bot B { a: b c }',
  'bot B { a 5 }',
  'agent A { steps { visit each "a" { } visit each "b" max 3 { open x } paginate next "a" max 2 { wait 5s } } }',
  'agent A { steps { bot "x" } }',
  'agent A { steps { opening "x" } }',
  'agent A { steps { open } }',
  'bot B { } }',
  'bot B { steps: 1 }',
  'bot B { max: 1, each: 2, as: 3, bot: 4, with { next: x } }',
];

describe('fast declaration parser', () => {
  it('agrees with the CST path at each of its decisions', () => {
    for (const text of DECISIONS) compare(text, text);
  });

  it('builds the AST of every error-free declaration of the example and fixture files', () => {
    for (const f of FILES) {
      const { fast, clean } = compare(readText(f), rel(f));
      assert.equal(fast, clean, `${rel(f)}: the fast parser gave up on an error-free declaration`);
    }
  });

  it('never accepts what the CST path reports, nor builds another AST, on mutated files', () => {
    for (const f of FILES) {
      const text = readText(f);
      for (let at = 0, i = 0; at < text.length; at += 23, i++) {
        compare(text.slice(0, at) + text.slice(at + 1 + (i % 5)), `${rel(f)} with characters deleted at ${at}`);
        const piece = PIECES[i % PIECES.length];
        compare(`${text.slice(0, at)} ${piece} ${text.slice(at)}`, `${rel(f)} with '${piece}' inserted at ${at}`);
      }
    }
  });
});
