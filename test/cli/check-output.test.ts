// `rpa-sessions check` as a user runs it: compiler-style text and the exact JSON shape of SPEC §4
// on clean and broken multi-file workspaces, exit codes, relative paths and colours.
import { strict as assert } from 'node:assert';
import { codesOf, parseCheckJson, runCli, TempDir } from './cli-harness';

const ESC = '\u001b[';

describe('rpa-sessions check: output', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = new TempDir();
    tmp.copyFixture('clean');
    tmp.copyFixture('broken');
  });
  afterEach(() => tmp.dispose());

  it('checks a clean multi-file workspace (runs use bots and agents of other files): exit 0, summary only', async () => {
    const r = await runCli(['check', 'clean'], { cwd: tmp.path });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 infos in 3 files\n');
    assert.equal(r.code, 0);
  });

  it('checks the current folder when no path is given', async () => {
    const r = await runCli(['check'], { cwd: tmp.join('clean') });
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 infos in 3 files\n');
    assert.equal(r.code, 0);
  });

  it('prints file:line:col: severity code: message, the source line and a caret under the range', async () => {
    const r = await runCli(['check', 'broken'], { cwd: tmp.path });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('broken/bots.rpa:4:3: error unknown-property: '));
    assert.ok(head >= 0, `no unknown-property line in:\n${r.stdout}`);
    assert.match(lines[head], /'colour'/);
    assert.equal(lines[head + 1], ' 4 |   colour: red');
    assert.equal(lines[head + 2], '   |   ^^^^^^');
    assert.ok(lines.some((l) => /^broken\/bots\.rpa:7:\d+: warning plaintext-secret: /.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^broken\/runs\.rpa:3:\d+: error unresolved-reference: .*BookScaper/.test(l)), r.stdout);
    assert.equal(lines.at(-2), '2 errors, 1 warning, 0 infos in 2 files');
    assert.equal(r.stdout.includes(ESC), false, 'no colours when stdout is a pipe');
  });

  it('keeps tabs under tab-indented lines so the carets line up, and points at related places as notes', async () => {
    tmp.write({
      'tabs/a.rpa': 'bot Desk {\n\tmode: desktop\n\tmanager { description: "ops" }\n}\n',
      'tabs/b.rpa': 'agent A {\n\tsteps {\n\t\topen "http://127.0.0.1/"\n\t}\n}\nrun R {\n\tbot: Desk\n\tagent: A\n\tmode: secure\n}\n',
    });
    const r = await runCli(['check', 'tabs'], { cwd: tmp.path });
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('tabs/b.rpa:9:8: error mode-mismatch: '));
    assert.ok(head >= 0, r.stdout);
    assert.equal(lines[head + 1], ' 9 | \tmode: secure');
    assert.equal(lines[head + 2], '   | \t      ^^^^^^');
    assert.match(lines[head + 3], /^ = note: tabs\/a\.rpa:2:8: /);
  });

  it('--format json prints exactly the SPEC shape with 1-based positions and cwd-relative paths', async () => {
    const r = await runCli(['check', '--format', 'json', 'broken'], { cwd: tmp.path });
    assert.equal(r.code, 1);
    const out = parseCheckJson(r.stdout);
    assert.deepEqual(Object.keys(out), ['diagnostics', 'summary']);
    assert.deepEqual(out.summary, { errors: 2, warnings: 1, infos: 0 });
    assert.deepEqual(Object.keys(out.summary), ['errors', 'warnings', 'infos']);
    for (const d of out.diagnostics) {
      assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
    }
    assert.deepEqual(codesOf(out), ['plaintext-secret', 'unknown-property', 'unresolved-reference']);
    const unknown = out.diagnostics.find((d) => d.code === 'unknown-property');
    assert.ok(unknown);
    const { message, ...where } = unknown;
    assert.deepEqual(where, { file: 'broken/bots.rpa', line: 4, column: 3, endLine: 4, endColumn: 9, severity: 'error', code: 'unknown-property' });
    assert.match(message, /colour/);
    const unresolved = out.diagnostics.find((d) => d.code === 'unresolved-reference');
    assert.equal(unresolved?.file, 'broken/runs.rpa');
    assert.equal(unresolved?.line, 3);
    assert.equal(unresolved?.severity, 'error');
    assert.equal(out.diagnostics.find((d) => d.code === 'plaintext-secret')?.severity, 'warning');
  });

  it('--format json on a clean workspace: no diagnostics, zero summary, exit 0', async () => {
    const r = await runCli(['check', 'clean', '--format', 'json'], { cwd: tmp.path });
    assert.equal(r.code, 0);
    assert.deepEqual(parseCheckJson(r.stdout), { diagnostics: [], summary: { errors: 0, warnings: 0, infos: 0 } });
  });

  it('names files relative to the current folder, also above it, with / separators', async () => {
    const r = await runCli(['check', '--format', 'json', '../broken'], { cwd: tmp.join('clean') });
    const files = new Set(parseCheckJson(r.stdout).diagnostics.map((d) => d.file));
    assert.deepEqual([...files].sort(), ['../broken/bots.rpa', '../broken/runs.rpa']);
  });

  it('treats all given paths as one workspace: a run in one path resolves a bot and agent in another', async () => {
    tmp.write({ 'split/run.rpa': 'run Extra {\n  bot: FinanceBot\n  agent: BookScraper\n  sessions: 2\n}\n' });
    const alone = parseCheckJson((await runCli(['check', '--format', 'json', 'split'], { cwd: tmp.path })).stdout);
    assert.deepEqual(codesOf(alone), ['unresolved-reference', 'unresolved-reference']);
    const together = await runCli(['check', '--format', 'json', 'split', 'clean/bots.rpa', 'clean/agents.rpa'], { cwd: tmp.path });
    assert.deepEqual(parseCheckJson(together.stdout).diagnostics, []);
    assert.equal(together.code, 0);
  });

  it('exits 0 when only infos are reported, 1 as soon as there is a warning', async () => {
    const bot = (extra: string) =>
      'bot Solo {\n  mode: secure\n  licensedSecureSessions: 1\n  manager { maxSecureSessions: 1, description: "ops" }\n' + extra + '}\n';
    tmp.write({ 'infos/bot.rpa': bot('') });
    const infos = await runCli(['check', '--format', 'json', 'infos'], { cwd: tmp.path });
    const out = parseCheckJson(infos.stdout);
    assert.deepEqual(codesOf(out), ['single-license']);
    assert.deepEqual(out.summary, { errors: 0, warnings: 0, infos: 1 });
    assert.equal(infos.code, 0);
    tmp.write({ 'warn/bot.rpa': bot('  configurator { maxSecureSessions: 2 }\n') });
    const warn = await runCli(['check', '--format', 'json', 'warn'], { cwd: tmp.path });
    assert.ok(codesOf(parseCheckJson(warn.stdout)).includes('configurator-exceeds-license'));
    assert.equal(warn.code, 1);
  });

  it('reports every syntax error of a file, and still checks the declarations after them', async () => {
    tmp.write({
      'syntax/a.rpa': 'bot A {\n  mode: secure,,\n  manager { maxSecureSessions: 2 description: "x" }\n}\nbot {\n}\nbot B {\n  mode: sideways\n  manager { maxSecureSessions: 1, description: "ops" }\n}\n',
    });
    const r = await runCli(['check', '--format', 'json', 'syntax'], { cwd: tmp.path });
    assert.equal(r.code, 1);
    const out = parseCheckJson(r.stdout);
    assert.ok(out.diagnostics.filter((d) => d.code === 'syntax-error').length >= 1, r.stdout);
    const invalid = out.diagnostics.find((d) => d.code === 'invalid-value');
    assert.equal(invalid?.line, 8, 'the bot after the syntax errors is still checked');
  });

  it('colours output on a terminal, and not when NO_COLOR is set', async () => {
    const colour = await runCli(['check', 'broken'], { cwd: tmp.path, tty: true });
    assert.equal(colour.code, 1);
    assert.ok(colour.stdout.includes(`${ESC}31m`), `expected red in:\n${JSON.stringify(colour.stdout)}`);
    assert.ok(colour.stdout.includes('unknown-property'));
    const plain = await runCli(['check', 'broken'], { cwd: tmp.path, tty: true, env: { NO_COLOR: '1' } });
    assert.equal(plain.code, 1);
    assert.ok(plain.stdout.includes('broken/bots.rpa:4:3: error unknown-property: '));
    assert.equal(plain.stdout.includes(ESC), false);
  });
});
