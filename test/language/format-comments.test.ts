// The formatter keeps every comment, next to the node it belongs to: documentation, trailing, leading,
// inside values and headers, at the end of blocks, between declarations, at the top and the bottom.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parse } from '../../language/src/index';
import { commentsOf, FORMAT_FIXTURES, formatted, readText } from './format-helpers';

/** Formats `text`, checks the comments survive in order and formatting again changes nothing. */
function keep(text: string): string {
  const out = formatted(text);
  assert.deepEqual(commentsOf(out), commentsOf(text), 'every comment is kept, in order');
  assert.equal(formatted(out), out, 'formatting again changes nothing');
  return out;
}

describe('format: comments', () => {
  it('keeps each kind of comment where it belongs', () => {
    const cases: Array<{ kind: string; text: string; expected: string }> = [
      {
        kind: 'a trailing line comment after a member',
        text: 'bot B {\n  mode:secure      // desktop | secure\n}',
        expected: 'bot B {\n  mode: secure // desktop | secure\n}\n',
      },
      {
        kind: 'a trailing block comment after a member',
        text: 'bot B { mode: secure /* for now */\n}',
        expected: 'bot B {\n  mode: secure /* for now */\n}\n',
      },
      {
        kind: 'a comment after an opening brace',
        text: 'bot B {   // Bot Configurator defaults\n  mode: secure }',
        expected: 'bot B { // Bot Configurator defaults\n  mode: secure\n}\n',
      },
      {
        kind: 'leading comments on their own lines',
        text: 'bot B {\n      // first\n  /* second */\n  mode: secure }',
        expected: 'bot B {\n  // first\n  /* second */\n  mode: secure\n}\n',
      },
      {
        kind: 'a block comment before a member on its line',
        text: 'bot B {\n  /* why */ mode: secure\n}',
        expected: 'bot B {\n  /* why */ mode: secure\n}\n',
      },
      {
        kind: 'a comment at the end of a block',
        text: 'bot B { mode: secure\n  manager { maxSecureSessions: 2\n        // raise after the audit\n  }\n      /* end of B */ }',
        expected: 'bot B {\n  mode: secure\n  manager {\n    maxSecureSessions: 2\n    // raise after the audit\n  }\n  /* end of B */\n}\n',
      },
      {
        kind: 'a block comment inside a value',
        text: 'bot B { host: /* primary */ "WIN-RPA-01", tags: [a, /* b was here */ c] }',
        expected: 'bot B {\n  host: /* primary */ "WIN-RPA-01"\n  tags: [a, /* b was here */ c]\n}\n',
      },
      {
        kind: 'a line comment inside a value (the rest continues on the next line)',
        text: 'bot B { tags: [a, // keep a first\n c] }',
        expected: 'bot B {\n  tags: [a, // keep a first\n      c]\n}\n',
      },
      {
        kind: 'comments inside a declaration header',
        text: 'bot /* legacy name */ B /* x */ { mode: secure }',
        expected: 'bot /* legacy name */ B /* x */ {\n  mode: secure\n}\n',
      },
      {
        kind: 'a comment after a closing brace',
        text: 'bot B { mode: secure } // end of B\nbot C { mode: desktop }',
        expected: 'bot B {\n  mode: secure\n} // end of B\n\nbot C {\n  mode: desktop\n}\n',
      },
      {
        kind: 'comments among steps and fields',
        text: 'agent A { steps { // the crawl\n open "x" // start\n extract d { /* f */ t: text("h1") as /* typed */ number\n // more later\n } } }',
        expected:
          'agent A {\n  steps { // the crawl\n    open "x" // start\n    extract d { /* f */\n      t: text("h1") as /* typed */ number\n      // more later\n    }\n  }\n}\n',
      },
      {
        kind: 'an empty block holding only a comment',
        text: 'agent A { steps {\n// to do\n} }',
        expected: 'agent A {\n  steps {\n    // to do\n  }\n}\n',
      },
    ];
    for (const c of cases) assert.equal(keep(c.text), c.expected, c.kind);
  });

  it('keeps documentation comments as documentation, and free comments free', () => {
    const text =
      '// File header: finance bots.\n\n\n// Frankfurt bot.\n// Contact: rpa-ops.\nbot FinanceBot { mode: secure }\n' +
      '// Not documentation: a blank line follows.\n\nagent A { sessions: single }\n// Documents R.\nrun R { bot: FinanceBot }\n';
    const out = keep(text);
    assert.equal(
      out,
      '// File header: finance bots.\n\n// Frankfurt bot.\n// Contact: rpa-ops.\nbot FinanceBot {\n  mode: secure\n}\n\n' +
        '// Not documentation: a blank line follows.\n\nagent A {\n  sessions: single\n}\n\n// Documents R.\nrun R {\n  bot: FinanceBot\n}\n',
    );
    const docs = parse(out).ast.declarations.map((d) => d.doc);
    assert.deepEqual(docs, ['Frankfurt bot.\nContact: rpa-ops.', undefined, 'Documents R.']);
  });

  it('keeps comments at the top and the bottom of the file', () => {
    const text = '/* top */ // also top\n\n\nbot B { mode: secure }\n\n\n// bottom\n/* very bottom */';
    assert.equal(keep(text), '/* top */ // also top\n\nbot B {\n  mode: secure\n}\n\n// bottom\n/* very bottom */\n');
  });

  it('keeps a multi-line block comment exactly as written', () => {
    const comment = '/* Owned by the RPA team.\n      Ask before changing the limits. */';
    const out = keep(`bot B {\n        ${comment}\n  mode: secure\n}`);
    assert.ok(out.includes(`  ${comment}\n  mode: secure`), out);
  });

  it('keeps a comment inside a block from documenting the declaration below it', () => {
    const text = 'bot A {\n  mode: secure\n// about A only\n} bot B { mode: secure }';
    assert.equal(parse(text).ast.declarations[1].doc, undefined);
    assert.equal(keep(text), 'bot A {\n  mode: secure\n  // about A only\n}\n\nbot B {\n  mode: secure\n}\n');
  });

  it('keeps every comment of the comments fixture next to its node', () => {
    const out = keep(readText(join(FORMAT_FIXTURES, 'comments.input.rpa')));
    const lines = out.split('\n');
    for (const expected of [
      'bot FinanceBot { // trailing comment after the opening brace',
      '  mode: secure // trailing line comment',
      '  licensedSecureSessions: 4 /* trailing block comment */',
      '  /* leading block comment */ manager {',
      '    // at the end of a nested block',
      '} // after the closing brace',
      '    extract books { // after an extract\'s brace',
      '      price: text(".price") as /* before the type */ number',
      '    // at the end of the steps',
    ]) {
      assert.ok(lines.includes(expected), `missing line ${JSON.stringify(expected)} in:\n${out}`);
    }
    assert.equal(lines[lines.length - 2], '// last line');
    const [bot, agent] = parse(out).ast.declarations;
    assert.equal(bot.doc, 'Documentation of FinanceBot:\nshown on hover.');
    assert.equal(agent.doc, 'Between declarations, documentation of BookScraper.');
  });
});
