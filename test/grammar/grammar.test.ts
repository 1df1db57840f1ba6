// Snapshot tests of the TextMate grammar: every fixture in test/fixtures/grammar/*.rpa is tokenized
// and compared with its .snap file (UPDATE_SNAPSHOTS=1 rewrites them), plus targeted scope checks.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { GRAMMAR_PATH, loadGrammar, renderSnapshot, ROOT_SCOPE, scopesOf, tokenize, type Token } from './tm-grammar';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'grammar');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

describe('TextMate grammar (syntaxes/rpa.tmLanguage.json)', () => {
  let grammar: IGrammar;
  const tokensOf = (text: string): Token[] => tokenize(grammar, text);
  const expectScope = (tokens: Token[], text: string, scope: string, occurrence = 0) => {
    const scopes = scopesOf(tokens, text, occurrence);
    assert.ok(scopes.includes(scope), `"${text}" #${occurrence} has scopes [${scopes.join(', ')}], expected ${scope}`);
  };

  before(async () => {
    grammar = await loadGrammar();
  });

  it('is the grammar package.json contributes for the rpa language', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      contributes: { grammars: Array<{ language: string; scopeName: string; path: string }> };
    };
    const contributed = pkg.contributes.grammars.find((g) => g.language === 'rpa');
    assert.ok(contributed, 'package.json contributes no grammar for the rpa language');
    assert.equal(contributed.scopeName, ROOT_SCOPE);
    assert.equal(join(process.cwd(), contributed.path), GRAMMAR_PATH);
  });

  describe('snapshots', () => {
    const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.rpa')).sort();
    it('has fixtures to check', () => assert.ok(fixtures.length >= 4, `only ${fixtures.length} fixtures in ${FIXTURES}`));
    for (const name of fixtures) {
      it(`matches ${name.replace(/\.rpa$/, '.snap')}`, () => {
        const text = readFileSync(join(FIXTURES, name), 'utf8');
        const actual = renderSnapshot(text, tokensOf(text));
        const snapPath = join(FIXTURES, name.replace(/\.rpa$/, '.snap'));
        if (UPDATE) {
          writeFileSync(snapPath, actual);
          return;
        }
        assert.ok(existsSync(snapPath), `${snapPath} is missing: run the grammar tests with UPDATE_SNAPSHOTS=1 to write it, then review it`);
        assert.equal(actual, readFileSync(snapPath, 'utf8'), `${name} tokenizes differently from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it after review)`);
      });
    }
  });

  describe('scopes', () => {
    it('colours declaration keywords and names by kind', () => {
      const t = tokensOf('bot FinanceBot {\n}\nagent Scraper {}\nrun Nightly-1 {}');
      expectScope(t, 'bot', 'storage.type.bot.rpa');
      expectScope(t, 'FinanceBot', 'entity.name.type.bot.rpa');
      expectScope(t, 'agent', 'storage.type.agent.rpa');
      expectScope(t, 'Scraper', 'entity.name.type.agent.rpa');
      expectScope(t, 'run', 'storage.type.run.rpa');
      expectScope(t, 'Nightly-1', 'entity.name.type.run.rpa');
    });

    it('treats a keyword followed by a colon as a property key and the bare name after it as a reference', () => {
      const t = tokensOf('run R {\n  bot: FinanceBot\n  agent: BookScraper\n}');
      expectScope(t, 'bot', 'support.type.property-name.rpa');
      expectScope(t, 'FinanceBot', 'variable.other.reference.rpa');
      expectScope(t, 'agent', 'support.type.property-name.rpa');
      expectScope(t, ':', 'punctuation.separator.key-value.rpa');
    });

    it('colours escapes and {placeholders} inside strings, and flags unknown escapes', () => {
      const t = tokensOf('agent A { steps {\n  log "a\\"b {name} \\u{41} \\q"\n} }');
      expectScope(t, '\\"', 'constant.character.escape.rpa');
      expectScope(t, '\\u{41}', 'constant.character.escape.rpa');
      expectScope(t, 'name', 'variable.other.placeholder.rpa');
      expectScope(t, '{', 'punctuation.definition.placeholder.begin.rpa', 2);
      expectScope(t, '\\q', 'invalid.illegal.unknown-escape.rpa');
      expectScope(t, 'log', 'keyword.control.step.rpa');
    });

    it('ends an unterminated string at the end of its line', () => {
      const t = tokensOf('agent A {\n  steps {\n    log "oops\n    wait 2s\n  }\n}');
      expectScope(t, 'wait', 'keyword.control.step.rpa');
      expectScope(t, '2s', 'constant.numeric.duration.rpa');
    });

    it('keeps compound durations in one token and tells them from numbers, booleans and enum words', () => {
      const t = tokensOf('agent A {\n  sessionTimeout: 1h30m\n  ramGb: 32\n  ratio: -2.5\n  cleanupExternalSessionData: false\n  sessions: multiple\n}');
      expectScope(t, '1h30m', 'constant.numeric.duration.rpa');
      expectScope(t, '32', 'constant.numeric.rpa');
      expectScope(t, '-2.5', 'constant.numeric.rpa');
      expectScope(t, 'false', 'constant.language.boolean.rpa');
      expectScope(t, 'multiple', 'variable.other.enummember.rpa');
    });

    it('colours steps, their words, datasets, field functions, members and field types', () => {
      const t = tokensOf([
        'agent A { steps {',
        '  paginate next "a.next" max 5 {',
        '    extract books each "li" { price: text(".p") as number, who: login.user, open: attr("a", "href") }',
        '  }',
        '  fill "#q" with input.query',
        '} }',
      ].join('\n'));
      expectScope(t, 'paginate', 'keyword.control.step.rpa');
      expectScope(t, 'next', 'keyword.other.step.rpa');
      expectScope(t, 'max', 'keyword.other.step.rpa');
      expectScope(t, 'extract', 'keyword.control.step.rpa');
      expectScope(t, 'books', 'entity.name.type.dataset.rpa');
      expectScope(t, 'each', 'keyword.other.step.rpa');
      expectScope(t, 'text', 'support.function.field.rpa');
      expectScope(t, 'attr', 'support.function.field.rpa');
      expectScope(t, 'as', 'keyword.operator.as.rpa');
      expectScope(t, 'number', 'support.type.field.rpa');
      expectScope(t, 'login', 'variable.language.rpa');
      expectScope(t, 'user', 'variable.other.property.rpa');
      expectScope(t, 'open', 'support.type.property-name.rpa');
      expectScope(t, 'fill', 'keyword.control.step.rpa');
      expectScope(t, 'with', 'keyword.other.step.rpa');
    });

    it('marks secret("…") and its argument', () => {
      const t = tokensOf('bot B {\n  configurator { login { password: secret("BOT_PASSWORD") } }\n}');
      expectScope(t, 'secret', 'support.function.secret.rpa');
      expectScope(t, 'BOT_PASSWORD', 'string.quoted.double.rpa');
      expectScope(t, 'BOT_PASSWORD', 'meta.function-call.rpa');
      expectScope(t, 'configurator', 'keyword.other.block.rpa');
      expectScope(t, 'login', 'keyword.other.block.rpa');
    });

    it('keeps block comments open across lines and ends line comments at the line end', () => {
      const t = tokensOf('/* one\n bot X { */\nbot Y { // note {\n  mode: secure\n}');
      expectScope(t, ' bot X { ', 'comment.block.rpa');
      expectScope(t, 'Y', 'entity.name.type.bot.rpa');
      expectScope(t, ' note {', 'comment.line.double-slash.rpa');
      expectScope(t, 'secure', 'variable.other.enummember.rpa');
    });

    it('colours session entries and exports', () => {
      const t = tokensOf('agent A { export database "out/{session}.sqlite" }\nrun R { session "s-1" { page: 2 } }');
      expectScope(t, 'export', 'keyword.other.export.rpa');
      expectScope(t, 'database', 'variable.other.enummember.export-format.rpa');
      expectScope(t, 'session', 'variable.other.placeholder.rpa');
      expectScope(t, 'session', 'keyword.other.session.rpa', 1);
    });
  });
});
