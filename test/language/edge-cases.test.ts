// Hostile and unusual files the language core must handle plainly: CR, LF and CRLF line breaks, nesting
// past the limit, names with non-ASCII letters, and message wording around quoted names.
import { strict as assert } from 'node:assert';
import { parse } from '../../language/src/index';
import { diagnostics, workspace } from './checks/helpers';

const BOT_LINES = ['bot B {', '  mode: desktp', '  manager { description: "ops" }', '}', ''];

function deepVisits(n: number): string {
  return `agent A {\n  steps {\n${'visit each "a" {\n'.repeat(n)}${'}\n'.repeat(n)}  }\n}\n`;
}

describe('language core: edge cases', () => {
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['a lone CR', '\r']]) {
    it(`treats ${name} as a line break for positions`, () => {
      const text = BOT_LINES.join(eol);
      const ws = workspace(text);
      const d = diagnostics(ws).find((x) => x.code === 'invalid-value');
      assert.ok(d, 'the bad mode is reported');
      assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [1, 8, 1, 14]);
      assert.equal(text.slice(d.range.start.offset, d.range.end.offset), 'desktp');
      const bot = parse(text).ast.declarations[0];
      assert.equal(bot.range.end.line, 3);
    });
  }

  it('treats mixed CR, LF and CRLF alike in one file', () => {
    const text = 'bot B {\r  mode: desktop\n  manager { description: "ops" }\r\n  colour: red\r}\n';
    const d = diagnostics(workspace(text)).find((x) => x.code === 'unknown-property');
    assert.ok(d);
    assert.equal(d.range.start.line, 3);
    assert.equal(d.range.start.character, 2);
  });

  for (const [what, text] of [
    ['400 nested visit blocks', deepVisits(400)],
    ['10,000 nested visit blocks', deepVisits(10_000)],
    ['1,200 nested lists', `bot B {\n  mode: desktop\n  host: ${'['.repeat(1200)}${']'.repeat(1200)}\n}\n`],
  ]) {
    it(`reports ${what} as one syntax error naming the nesting limit where it is passed`, () => {
      const { errors } = parse(text);
      assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
      const [e] = errors;
      assert.match(e.message, /nested deeper than the limit of 100 nested blocks, lists and argument lists/);
      assert.ok(e.range.start.line > 0, 'at the opener that passes the limit, not at 1:1');
      assert.match(text.slice(e.range.start.offset, e.range.end.offset), /^[{[]$/);
      const codes = diagnostics(workspace(text)).filter((d) => d.code === 'syntax-error');
      assert.equal(codes.length, 1);
    });
  }

  it('parses nesting up to the limit without an error', () => {
    assert.deepEqual(parse(deepVisits(98)).errors, []);
  });

  it('reports a name with a non-ASCII letter once, saying which characters names may use', () => {
    const ws = workspace('bot Bäcker {\n  mode: desktop\n  manager { description: "ops" }\n}\nrun R { bot: Bäcker, agent: A }\n');
    const all = diagnostics(ws);
    const syntax = all.filter((d) => d.code === 'syntax-error');
    assert.equal(syntax.length, 2, all.map((d) => `${d.code}: ${d.message}`).join('\n'));
    for (const d of syntax) {
      assert.match(d.message, /^'Bäcker' is not a valid name: names may use only the ASCII letters A-Z and a-z, digits, '_' and '-'/);
      assert.match(d.message, /'ä'/);
    }
    // The run still finds the bot: only the missing agent is unresolved, and nothing cascades from the name.
    assert.deepEqual([...new Set(all.map((d) => d.code))].sort(), ['no-default-session-settings', 'syntax-error', 'unresolved-reference']);
    assert.equal(all.filter((d) => d.code === 'unresolved-reference').length, 1);
  });

  it('never doubles an apostrophe after a quoted name', () => {
    const text = 'bot Tricky {\n  mode: desktop\n  manager { description: "ops" }\n  configurator { }\n}\nrun R { bot: Tricky, agent: "A" }\n';
    const all = diagnostics(workspace(text));
    const messages = all.flatMap((d) => [d.message, ...(d.related ?? []).map((r) => r.message)]);
    assert.ok(messages.some((m) => m.includes("bot 'Tricky'")), messages.join('\n'));
    for (const m of messages) assert.doesNotMatch(m, /''/);
    assert.ok(messages.some((m) => m.includes('the name of an agent')), messages.join('\n'));
  });
});
