// The server's incremental re-parse: for any edit, re-parsing only the touched declarations gives
// exactly what a full parse gives (AST, comments, errors, every position), or declines.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, type ParseResult } from '../../language/src/index';
import { reparse, type Parsed } from '../../language/src/services/index';
import { AGENTS, BOTS, RUNS } from './temp-workspace';

const URI = 'file:///reparse.rpa';
const DOCUMENT = `${BOTS}\n/* between */\n${AGENTS}\n// a run's doc\n${RUNS}`;
/** Declarations on one line and back to back, a block comment across lines, trailing garbage. */
const COMPACT = 'bot A { mode: secure }bot B{mode:desktop}\n// doc of R\nrun R { bot: A, agent: C } /* a\nb */ agent C { steps { open "x" } }\nstray';
const DOCUMENTS = [DOCUMENT, COMPACT];

/** Snippets edits insert: whole declarations, braces, quotes, comments, keywords and plain words. */
const SNIPPETS = [
  '', ' ', '\n', '{', '}', '"', '/*', '*/', '//', 'bot', 'agent ', 'run X {', '}\n', 'mode: secure', 'x', '9',
  'sessions: 2\n', '\nbot Extra { mode: desktop }\n', '// doc\n', 'steps { open "u" }', ',', ':', 'input.', '{category}',
];

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * (text.length + 1));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

function parsed(text: string, result: ParseResult): Parsed {
  return { text, ast: result.ast, parseErrors: result.errors };
}

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  remove: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 })),
});

describe('server: incremental re-parse', function () {
  it('gives exactly the full parse after any sequence of edits, or declines', () => {
    let reused = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENTS), fc.array(edit, { minLength: 1, maxLength: 6 }), (document, edits) => {
        let text = document;
        let current = parsed(text, parse(text, URI));
        for (const e of edits) {
          const next = apply(text, e);
          const full = parse(next, URI);
          const quick = reparse(current, next, URI);
          total++;
          if (quick) {
            reused++;
            assert.deepStrictEqual(quick, full);
          }
          text = next;
          current = parsed(text, quick ?? full);
        }
      }),
      { numRuns: 1000 },
    );
    assert.ok(reused > total / 10, `the shortcut applied to ${reused} of ${total} edits`);
  });

  it('re-parses only the declaration being typed in, even with syntax errors in it', () => {
    let text = DOCUMENT;
    let current = parsed(text, parse(text, URI));
    const typed = 'ramGb: 32';
    for (let i = 1; i <= typed.length; i++) {
      const next = text.replace(/\n  manager \{\n    maxSecureSessions: 4/, `\n  ${typed.slice(0, i)}\n  manager {\n    maxSecureSessions: 4`);
      const quick = reparse(current, next, URI);
      assert.ok(quick, `typing '${typed.slice(0, i)}' is re-parsed incrementally`);
      assert.deepStrictEqual(quick, parse(next, URI));
      current = parsed(next, quick);
      text = next.replace(`\n  ${typed.slice(0, i)}\n`, '\n');
      current = parsed(text, reparse(current, text, URI) ?? parse(text, URI));
    }
  });
});
