// The formatter's canonical layout: golden files (input → expected), layout independence, literals kept
// as written, inline blocks up to 100 columns, options, line ends, files it must refuse, and every .rpa
// file of the repository found at run time (examples/ and test fixtures) formatted faithfully.
import { strict as assert } from 'node:assert';
import { basename, join } from 'node:path';
import { format, formatEdits, FORMAT_WIDTH, parse } from '../../language/src/index';
import { applyEdits, commentsOf, FORMAT_FIXTURES, formatted, meaning, readText, rel, ROOT, rpaFilesUnder } from './format-helpers';

describe('format: canonical layout', () => {
  const inputs = rpaFilesUnder(FORMAT_FIXTURES).filter((f) => f.endsWith('.input.rpa'));

  it('has golden fixtures to compare with', () => {
    assert.ok(inputs.length >= 4, `expected golden pairs in ${FORMAT_FIXTURES}`);
  });

  for (const input of inputs) {
    const name = basename(input, '.input.rpa');
    it(`${name}: formats to the expected layout, which is already formatted`, () => {
      const expected = readText(join(FORMAT_FIXTURES, `${name}.expected.rpa`));
      assert.equal(formatted(readText(input)), expected);
      assert.equal(formatted(expected), expected);
    });
  }

  it('gives the same text however the tokens were spaced and indented', () => {
    const layouts = [
      'bot B { mode: secure, manager { maxSecureSessions: 2 } }\nrun R { bot: B, agent: A }',
      'bot B\n{\n\n\tmode :secure\nmanager{maxSecureSessions:2}}\n\n\n\nrun R{bot:B agent:A}\n',
      '   bot   B   {   mode   :   secure  ,   manager   {   maxSecureSessions  :  2  ,  }  }   run   R   {\n bot : B\n,agent : A ,}',
    ];
    const expected =
      'bot B {\n  mode: secure\n  manager { maxSecureSessions: 2 }\n}\n\nrun R {\n  bot: B\n  agent: A\n}\n';
    for (const text of layouts) assert.equal(formatted(text), expected, JSON.stringify(text));
  });

  it('keeps a property block written over several lines one property per line; one written on one line stays inline', () => {
    const text = 'bot B {\n  manager {\n    maxSecureSessions: 2\n  }\n  system { ramGb: 32 }\n}\n';
    assert.equal(formatted(text), text);
  });

  it('keeps one blank line where the author left one or more between members, and none after an opening brace', () => {
    const text = 'agent A {\n\n  sessions: multiple\n  input { a: 1 }\n\n\n\n  steps {\n    open "x"\n\n    log "y"\n  }\n}\n';
    assert.equal(formatted(text), 'agent A {\n  sessions: multiple\n  input { a: 1 }\n\n  steps {\n    open "x"\n\n    log "y"\n  }\n}\n');
  });

  it('keeps trailing comments the author aligned aligned (pushed right when a line grew), and puts one space before any other', () => {
    const aligned = 'bot B {\n  mode: secure       // one\n  host: "h"\n  licensedSecureSessions: 4 // two\n}\n';
    assert.equal(formatted(aligned), 'bot B {\n  mode: secure // one\n  host: "h"\n  licensedSecureSessions: 4 // two\n}\n', 'different columns: not aligned');
    const same = 'bot B {\n  mode:secure          // one\n  host: "h"\n  ramGb:    2          // two\n}\n';
    assert.equal(formatted(same), 'bot B {\n  mode: secure         // one\n  host: "h"\n  ramGb: 2             // two\n}\n');
    const grown = 'bot B {\n  a:1    // one\n  licensedSecureSessions:4 // x\n  b:2    // two\n}\n';
    assert.equal(formatted(grown), 'bot B {\n  a: 1   // one\n  licensedSecureSessions: 4 // x\n  b: 2   // two\n}\n', 'one and two were aligned with each other, x with nothing');
    const pushed = 'bot B {\n  a:1   // one\n  mgr:3 // two\n}\n';
    assert.equal(formatted(pushed), 'bot B {\n  a: 1   // one\n  mgr: 3 // two\n}\n', 'the spaces added after the colons push the aligned comments right');
    const apart = 'bot B {\n  a: 1    // one\n\n  b: 2    // two\n}\n';
    assert.equal(formatted(apart), 'bot B {\n  a: 1 // one\n\n  b: 2 // two\n}\n', 'a blank line separates the stretches; a lone comment gets one space');
  });

  it('writes steps, fields and nested step blocks one per line, two spaces per level', () => {
    const text =
      'agent A { steps { open "http://127.0.0.1:8080" visit each "h3 a" max 2 { extract d each ".p" { t: text("h1") as number, u: url("a") } click "b" } ' +
      'fill "#user" with login.user submit "form" wait 45s log "page {category}" } }';
    assert.equal(
      formatted(text),
      [
        'agent A {',
        '  steps {',
        '    open "http://127.0.0.1:8080"',
        '    visit each "h3 a" max 2 {',
        '      extract d each ".p" {',
        '        t: text("h1") as number',
        '        u: url("a")',
        '      }',
        '      click "b"',
        '    }',
        '    fill "#user" with login.user',
        '    submit "form"',
        '    wait 45s',
        '    log "page {category}"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps every literal as written: escapes, numbers, durations', () => {
    const text =
      'bot B { s: "tab\\tquote\\"slash\\\\\\u{1F600}{name}", n: 007, d: 2.50, neg: -3, t: 1h30m, bad: 5x, e: "\\q" }';
    assert.equal(
      formatted(text),
      'bot B {\n  s: "tab\\tquote\\"slash\\\\\\u{1F600}{name}"\n  n: 007\n  d: 2.50\n  neg: -3\n  t: 1h30m\n  bad: 5x\n  e: "\\q"\n}\n',
    );
  });

  it('prints lists, calls and member values canonically', () => {
    const text = 'bot B { l: [ a ,b,[ ] , [1,2] ], c: secret ( "X" ), f: f( ), m: input . category, e: [] }';
    assert.equal(
      formatted(text),
      'bot B {\n  l: [a, b, [], [1, 2]]\n  c: secret("X")\n  f: f()\n  m: input.category\n  e: []\n}\n',
    );
  });

  it(`inlines a block of simple properties only up to ${FORMAT_WIDTH} columns`, () => {
    const line = (value: string) => `  system { os: "${value}", ramGb: 32 }`;
    const fits = 'x'.repeat(FORMAT_WIDTH - line('').length);
    assert.equal(line(fits).length, FORMAT_WIDTH);
    assert.equal(formatted(`bot B {\n${line(fits)}\n}\n`), `bot B {\n${line(fits)}\n}\n`);
    const tooWide = fits + 'x';
    assert.equal(formatted(`bot B {\n${line(tooWide)}\n}\n`), `bot B {\n  system {\n    os: "${tooWide}"\n    ramGb: 32\n  }\n}\n`);
  });

  it('inlines session entries like property blocks, and never a block that holds a block', () => {
    const text = 'run R { session "travel-1" { category: "travel" }\n configurator { login { user: "u" } } }';
    assert.equal(
      formatted(text),
      'run R {\n  session "travel-1" { category: "travel" }\n  configurator {\n    login { user: "u" }\n  }\n}\n',
    );
  });

  it('writes empty blocks as {}', () => {
    assert.equal(formatted('bot B {\n}\nagent A { steps {\n} input { } }'), 'bot B {}\n\nagent A {\n  steps {}\n  input {}\n}\n');
  });

  it('indents by the number of spaces asked for', () => {
    const text = 'agent A { input { a: 1 } steps { visit each "a" { open "b" } } }';
    assert.equal(
      formatted(text, 4),
      'agent A {\n    input { a: 1 }\n    steps {\n        visit each "a" {\n            open "b"\n        }\n    }\n}\n',
    );
    const bad = format(text, { indent: 0 });
    assert.ok('error' in bad && /indent must be a whole number of spaces from 1 to 8/.test(bad.error));
  });

  it('keeps CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFFbot B { // the bot\r\n  mode:secure }\r\n';
    const out = formatted(text);
    assert.equal(out, '\uFEFFbot B { // the bot\r\n  mode: secure\r\n}\r\n');
    assert.equal(formatted(out), out);
  });

  it('formats an empty file to nothing and a comment-only file to its comments', () => {
    assert.equal(formatted(''), '');
    assert.equal(formatted(' \n\n\t\n'), '');
    assert.equal(formatted('\n\n// only a note   \n\n\n\n/* and this */\n\n'), '// only a note   \n\n/* and this */\n');
  });

  it('changes nothing but layout: same declarations, same comments', () => {
    for (const input of inputs) {
      const text = readText(input);
      const out = formatted(text);
      assert.deepEqual(meaning(out), meaning(text), input);
      assert.deepEqual(commentsOf(out), commentsOf(text), input);
    }
  });
});

describe('format: files with syntax errors are refused', () => {
  const cases: Array<{ what: string; text: string; line: number; says: RegExp }> = [
    { what: 'a forgotten colon', text: 'bot B {\n  mode: secure\n  host "x"\n}\n', line: 3, says: /Expected ':' between 'host'/ },
    { what: 'a missing value', text: 'bot B {\n  manager {\n    maxSecureSessions:\n  }\n}\n', line: 4, says: /Expected a value/ },
    { what: 'an unterminated string', text: 'bot B {\n  host: "WIN\n}\n', line: 2, says: /Unterminated string/ },
    { what: 'an unclosed block', text: 'bot B {\n  mode: secure\n', line: 2, says: /syntax error/ },
    { what: 'an unknown step', text: 'agent A {\n  steps {\n    open "x"\n    scroll "y"\n  }\n}\n', line: 4, says: /scroll/ },
    { what: 'two errors (the first is named)', text: 'bot A {\n  a 1\n}\nbot B {\n  b 2\n}\n', line: 2, says: /'a'/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}, naming line ${c.line}, and offers no edits`, () => {
      const result = format(c.text);
      assert.ok('error' in result, 'a file with a syntax error must not be formatted');
      assert.match(result.error, new RegExp(`^Cannot format: line ${c.line}, column \\d+ has a syntax error`));
      assert.match(result.error, c.says);
      assert.match(result.error, /fix this error first \(`rpa-sessions check` lists every error\)/);
      assert.deepEqual(formatEdits(c.text), []);
    });
  }
});

const files = [...rpaFilesUnder(join(ROOT, 'examples')), ...rpaFilesUnder(join(ROOT, 'test/fixtures'))];

describe('format: every .rpa file in examples/ and test/fixtures/', () => {
  it('finds files to format', () => {
    assert.ok(files.length >= 8, `found only ${files.length} .rpa files`);
  });

  for (const file of files) {
    it(rel(file), () => {
      const text = readText(file);
      const { errors } = parse(text);
      const result = format(text);
      if (errors.length) {
        assert.ok('error' in result, 'a file with syntax errors must be refused');
        assert.match(result.error, new RegExp(`^Cannot format: line ${errors[0].range.start.line + 1}, `));
        assert.deepEqual(formatEdits(text), []);
        return;
      }
      if ('error' in result) assert.fail(result.error);
      const once = result.text;
      const twice = format(once);
      assert.ok('text' in twice && twice.text === once, 'formatting a formatted file changes nothing');
      assert.deepEqual(meaning(once), meaning(text), 'the declarations are unchanged apart from positions');
      assert.deepEqual(commentsOf(once), commentsOf(text), 'every comment is kept, in order');
      assert.equal(applyEdits(text, formatEdits(text)), once, 'the edits produce the formatted text');
      assert.deepEqual(formatEdits(once), [], 'a formatted file needs no edits');
    });
  }
});
