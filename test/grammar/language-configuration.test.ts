// Checks language-configuration.json the way VS Code applies it: its regexes (word pattern, indentation
// and folding markers) run as JavaScript RegExps on typical .rpa lines; pairs and comments match the language.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: Array<[string, string]>;
  autoClosingPairs: Array<{ open: string; close: string; notIn?: string[] }>;
  surroundingPairs: Array<[string, string]>;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
}

const PATH = join(process.cwd(), 'language-configuration.json');

describe('language-configuration.json', () => {
  const config = JSON.parse(readFileSync(PATH, 'utf8')) as LanguageConfiguration;

  it('is the configuration package.json contributes for the rpa language', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      contributes: { languages: Array<{ id: string; configuration?: string; extensions: string[] }> };
    };
    const rpa = pkg.contributes.languages.find((l) => l.id === 'rpa');
    assert.ok(rpa?.configuration, 'the rpa language has no configuration in package.json');
    assert.equal(join(process.cwd(), rpa.configuration), PATH);
    assert.deepEqual(rpa.extensions, ['.rpa']);
  });

  it('declares // line comments and /* */ block comments', () => {
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('pairs and auto-closes braces, brackets, parentheses and quotes (quotes not inside strings)', () => {
    for (const pair of [['{', '}'], ['[', ']'], ['(', ')']]) {
      assert.ok(config.brackets.some((b) => b[0] === pair[0] && b[1] === pair[1]), `bracket ${pair.join('')}`);
    }
    for (const open of ['{', '[', '(', '"']) {
      assert.ok(config.autoClosingPairs.some((p) => p.open === open), `auto-closing ${open}`);
      assert.ok(config.surroundingPairs.some((p) => p[0] === open), `surrounding ${open}`);
    }
    assert.deepEqual(config.autoClosingPairs.find((p) => p.open === '"')?.notIn, ['string', 'comment']);
  });

  it('selects whole names with dashes, durations and numbers as one word', () => {
    const words = (line: string) => line.match(new RegExp(config.wordPattern, 'g')) ?? [];
    assert.deepEqual(words('bot: svc-rpa_2, timeout: 1h30m, ratio: -2.5'), ['bot', 'svc-rpa_2', 'timeout', '1h30m', 'ratio', '-2.5']);
    assert.deepEqual(words('session "crime-1" { category: "crime" }'), ['session', 'crime-1', 'category', 'crime']);
  });

  it('indents after a line that opens a block and outdents a closing line', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['bot FinanceBot {', '  configurator {                     // defaults', '    paginate next "li.next a" max 50 {', '  tags: [']) {
      assert.ok(increase.test(line), `should indent after: ${line}`);
    }
    for (const line of ['  login { user: "x", password: secret("P") }', '  // a comment {', '  log "a {placeholder}"', '  mode: secure']) {
      assert.ok(!increase.test(line), `should not indent after: ${line}`);
    }
    assert.ok(decrease.test('  }'));
    assert.ok(decrease.test('] '));
    assert.ok(!decrease.test('  mode: secure }'));
  });

  it('folds // #region … // #endregion', () => {
    assert.ok(new RegExp(config.folding.markers.start).test('  // #region bots'));
    assert.ok(new RegExp(config.folding.markers.end).test('  // #endregion'));
    assert.ok(!new RegExp(config.folding.markers.start).test('  // regional bots'));
  });
});
