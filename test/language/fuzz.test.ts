// Property-based fuzzing (fast-check, fixed seed): documents generated from the grammar, random bytes and
// mutated example files never make parse, checkWorkspace or the formatter throw; grammar documents parse
// cleanly and format idempotently without changing their meaning or comments.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkWorkspace, format, formatEdits, formatRange, parse, Workspace } from '../../language/src/index';
import { applyEdits, commentsOf, FORMAT_FIXTURES, meaning, readText, ROOT, rpaFilesUnder } from './format-helpers';

/** Fixed so a failure reproduces; set RPA_FUZZ_SEED to explore other inputs. */
const SEED = Number(process.env.RPA_FUZZ_SEED ?? 20261122);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns, endOnFailure: true });

// ---- documents generated from the grammar ---------------------------------------------------------

const KEYWORDS = new Set('bot agent run steps open paginate visit extract fill click submit wait log next max each with as'.split(' '));
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,7}$/).filter((n) => !KEYWORDS.has(n));
type Tokens = string[];

const stringPart = fc.oneof(
  fc.stringMatching(/^[ a-zA-Z0-9.#:/_>+*=-]{0,6}$/),
  fc.constantFrom('\\"', '\\\\', '\\n', '\\t', '\\u{41}', '\\u{1F600}', '{category}', '{', '}', '\\q', 'é', '{session}'),
);
const stringLit = fc.array(stringPart, { maxLength: 4 }).map((parts) => `"${parts.join('')}"`);
const numberLit = fc.stringMatching(/^-?\d{1,4}(\.\d{1,2})?$/);
const durationLit = fc.oneof(fc.stringMatching(/^\d{1,3}(ms|s|m|h|d)$/), fc.constantFrom('1h30m', '2d4h', '1.5h', '5x', '30m10s'));

const { value } = fc.letrec<{ value: Tokens }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringLit.map((s) => [s]),
    numberLit.map((n) => [n]),
    durationLit.map((d) => [d]),
    fc.constantFrom('true', 'false').map((b) => [b]),
    name.map((n) => [n]),
    fc.tuple(name, name).map(([o, m]) => [o, '.', m]),
    fc.tuple(name, fc.array(tie('value'), { maxLength: 3 })).map(([callee, args]) => [callee, '(', ...commaSeparated(args), ')']),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => ['[', ...commaSeparated(items), ']']),
  ),
}));

function commaSeparated(items: Tokens[]): Tokens {
  return items.flatMap((item, i) => (i ? [',', ...item] : item));
}

/** Items of a block, each optionally followed by the comma the grammar allows. */
function entries(items: Array<[Tokens, boolean]>): Tokens {
  return items.flatMap(([item, comma]) => (comma ? [...item, ','] : item));
}
const withComma = <T>(arb: fc.Arbitrary<T>) => fc.tuple(arb, fc.boolean());

const field = fc
  .tuple(name, value, fc.option(name, { nil: undefined }))
  .map(([n, v, as]) => [n, ':', ...v, ...(as ? ['as', as] : [])]);

const { step } = fc.letrec<{ step: Tokens; body: Tokens }>((tie) => ({
  body: fc.array(withComma(tie('step')), { maxLength: 3 }).map((items) => ['{', ...entries(items), '}']),
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom('open', 'click', 'submit', 'wait', 'log'), value).map(([kw, v]) => [kw, ...v]),
    fc.tuple(value, value).map(([s, v]) => ['fill', ...s, 'with', ...v]),
    fc.tuple(value, value, tie('body')).map(([n, m, b]) => ['paginate', 'next', ...n, 'max', ...m, ...b]),
    fc.tuple(value, fc.option(value, { nil: undefined }), tie('body')).map(([s, m, b]) => ['visit', 'each', ...s, ...(m ? ['max', ...m] : []), ...b]),
    fc
      .tuple(name, fc.option(value, { nil: undefined }), fc.array(withComma(field), { maxLength: 3 }))
      .map(([d, each, fields]) => ['extract', d, ...(each ? ['each', ...each] : []), '{', ...entries(fields), '}']),
  ),
}));

const { member } = fc.letrec<{ member: Tokens; block: Tokens }>((tie) => ({
  block: fc.array(withComma(tie('member')), { maxLength: 4 }).map((items) => ['{', ...entries(items), '}']),
  member: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 2, arbitrary: fc.tuple(name, value).map(([k, v]) => [k, ':', ...v]) },
    fc.tuple(name, tie('block')).map(([k, b]) => [k, ...b]),
    fc.tuple(stringLit, tie('block')).map(([id, b]) => ['session', id, ...b]),
    fc.tuple(name, value).map(([f, v]) => ['export', f, ...v]),
    fc.array(withComma(step), { maxLength: 4 }).map((steps) => ['steps', '{', ...entries(steps), '}']),
  ),
}));

const declaration = fc
  .tuple(fc.constantFrom('bot', 'agent', 'run'), name, fc.array(withComma(member), { maxLength: 5 }))
  .map(([kw, n, members]) => [kw, n, '{', ...entries(members), '}']);

const commentText = fc.stringMatching(/^[ a-zA-Z0-9.,:;{}"*/#-]{0,12}$/);
/** What may stand between two tokens: whitespace, line breaks and comments (never nothing). */
const trivia = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(' ', '  ', '\n', '\n  ', '\t', '\n\n', ' \n\n\n ') },
  { weight: 2, arbitrary: commentText.filter((t) => !t.includes('*/')).map((t) => ` /*${t}*/ `) },
  { weight: 1, arbitrary: commentText.filter((t) => !t.includes('*/')).map((t) => `/*${t}\n ${t}*/`) },
  { weight: 2, arbitrary: commentText.map((t) => ` //${t}\n`) },
  { weight: 1, arbitrary: commentText.map((t) => `\n//${t}\n`) },
);

/** A whole file: declarations laid out with random trivia between (and around) all tokens. */
const grammarDocument = fc
  .array(declaration, { maxLength: 4 })
  .map((decls) => decls.flat())
  .chain((tokens) =>
    fc
      .array(trivia, { minLength: tokens.length + 1, maxLength: tokens.length + 1 })
      .map((gaps) => tokens.map((t, i) => gaps[i] + t).join('') + gaps[tokens.length]),
  );

// ---- random and mutated text ----------------------------------------------------------------------

const exampleTexts = [...rpaFilesUnder(join(ROOT, 'examples')), ...rpaFilesUnder(FORMAT_FIXTURES)].map(readText);
const SIGNIFICANT = ['{', '}', '[', ']', '(', ')', ':', ',', '.', '"', '/', '*', '\n', '\\', '-', '1', 'a', ' ', '/*', '//'];

type Mutation = { op: 'delete' | 'duplicate' | 'swap' | 'insert' | 'truncate' | 'dropToken' | 'repeatToken' | 'swapTokens'; at: number; pick: number };
const mutation = fc.record({
  op: fc.constantFrom<Mutation['op']>('delete', 'duplicate', 'swap', 'insert', 'truncate', 'dropToken', 'repeatToken', 'swapTokens'),
  at: fc.nat(),
  pick: fc.nat(),
});

/** Word-like tokens and single symbols: enough to delete, repeat or swap whole tokens. */
function tokenSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z0-9_.-]+|\S/g)].map((m) => [m.index, m.index + m[0].length]);
}

function mutate(text: string, m: Mutation): string {
  const i = text.length ? m.at % text.length : 0;
  const spans = tokenSpans(text);
  const [s, e] = spans.length ? spans[m.at % spans.length] : [0, 0];
  const [s2, e2] = spans.length ? spans[(m.at + 1) % spans.length] : [0, 0];
  switch (m.op) {
    case 'delete': return text.slice(0, i) + text.slice(i + 1);
    case 'duplicate': return text.slice(0, i) + text.charAt(i) + text.slice(i);
    case 'swap': return text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
    case 'insert': return text.slice(0, i) + SIGNIFICANT[m.pick % SIGNIFICANT.length] + text.slice(i);
    case 'truncate': return text.slice(0, i);
    case 'dropToken': return text.slice(0, s) + text.slice(e);
    case 'repeatToken': return text.slice(0, e) + ' ' + text.slice(s, e) + text.slice(e);
    case 'swapTokens': return s2 > e ? text.slice(0, s) + text.slice(s2, e2) + text.slice(e, s2) + text.slice(s, e) + text.slice(e2) : text;
  }
}

/** Everything a user's editor or CLI may call on any text: none of it may throw. */
function exerciseEverything(text: string, others: readonly string[] = []): void {
  const ws = new Workspace();
  ws.setFile('file:///ws/fuzz.rpa', text);
  others.forEach((t, i) => ws.setFile(`file:///ws/other-${i}.rpa`, t));
  checkWorkspace(ws);
  const result = format(text);
  formatRange(text, { start: { line: 1, character: 2 }, end: { line: 3, character: 0 } });
  if ('text' in result) {
    const again = format(result.text);
    assert.ok('text' in again && again.text === result.text, 'a text the formatter accepted formats idempotently');
    assert.equal(applyEdits(text, formatEdits(text)), result.text);
  }
}

describe('fuzz: parse, check and format never throw', function () {
  this.timeout(60_000);

  it('grammar-generated documents parse cleanly, format idempotently and keep meaning and comments', () => {
    fc.assert(
      fc.property(grammarDocument, (text) => {
        const { errors } = parse(text);
        assert.deepEqual(errors.map((e) => `${e.range.start.line + 1}: ${e.message}`), [], text);
        const result = format(text);
        if ('error' in result) assert.fail(`${result.error}\n${text}`);
        const again = format(result.text);
        assert.ok('text' in again && again.text === result.text, 'idempotent');
        assert.deepEqual(meaning(result.text), meaning(text));
        assert.deepEqual(commentsOf(result.text), commentsOf(text));
        assert.equal(applyEdits(text, formatEdits(text)), result.text);
        exerciseEverything(text);
      }),
      runs(150),
    );
  });

  it('random text and bytes', () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('utf8'));
    const symbols = fc.array(fc.constantFrom(...SIGNIFICANT, 'bot', 'agent', 'run', 'steps', 'open', 'x', 'session', '"s"', '3s'), { maxLength: 60 }).map((t) => t.join(' '));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), bytes, symbols), (text) => exerciseEverything(text)), runs(300));
  });

  it('mutations of the example files: deleted, repeated and swapped characters and tokens, truncations', () => {
    assert.ok(exampleTexts.length > 0, 'needs example files to mutate');
    const mutated = fc
      .record({ file: fc.nat(exampleTexts.length - 1), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) })
      .map(({ file, mutations }) => ({ file, text: mutations.reduce(mutate, exampleTexts[file]) }));
    fc.assert(
      fc.property(mutated, ({ file, text }) => exerciseEverything(text, exampleTexts.filter((_, i) => i !== file).slice(0, 3))),
      runs(200),
    );
  });
});
