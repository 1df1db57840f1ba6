// `check` and `fmt` on files a user may have without meaning harm: CR-only line breaks, a megabyte
// on one line, and a symbolic link to a .rpa file kept elsewhere.
import { strict as assert } from 'node:assert';
import { lstatSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { parseCheckJson, runCli, TempDir } from './cli-harness';

describe('rpa-sessions check and fmt: hostile files', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = new TempDir()));
  afterEach(() => tmp.dispose());

  it('reports a CR-only file on the right lines, with the right source line in the frame', async () => {
    tmp.write({ 'ws/cr.rpa': 'bot B {\r  mode: desktop\r  manager { description: "ops" }\r  colour: red\r}\r' });
    const json = parseCheckJson((await runCli(['check', '--format', 'json', 'ws'], { cwd: tmp.path })).stdout);
    assert.deepEqual(json.diagnostics.map((d) => [d.code, d.line, d.column]), [['unknown-property', 4, 3]]);
    const text = await runCli(['check', 'ws'], { cwd: tmp.path });
    const lines = text.stdout.split('\n');
    assert.equal(lines[0].startsWith('ws/cr.rpa:4:3: error unknown-property: '), true, text.stdout);
    assert.equal(lines[1], ' 4 |   colour: red');
    assert.equal(lines[2], '   |   ^^^^^^');
  });

  it('clips the code frame of a very long line around the range', async () => {
    const pad = 'x'.repeat(350_000);
    const line = `bot B { mode: desktp, host: "${pad}", colour: red, manager { description: "${pad}" }, size: 3 }`;
    tmp.write({ 'ws/long.rpa': line + '\n' });
    const r = await runCli(['check', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(line.length > 700_000);
    assert.ok(r.stdout.length < 4_000, `printed ${r.stdout.length} characters:\n${r.stdout.slice(0, 2000)}`);
    const frames = r.stdout.split('\n').filter((l) => l.startsWith(' 1 | '));
    assert.equal(frames.length, 3);
    assert.ok(frames.some((l) => l.includes('colour: red') && l.startsWith(' 1 | …') && l.endsWith('…')), frames.join('\n'));
    const colour = r.stdout.split('\n').findIndex((l) => l.includes('error unknown-property') && l.includes("'colour'"));
    const [frame, carets] = r.stdout.split('\n').slice(colour + 1, colour + 3);
    assert.equal(frame.indexOf('colour'), carets.indexOf('^'), `carets under the range:\n${frame}\n${carets}`);
    assert.match(carets, /^ {3}\| +\^{6}$/);
  });

  it('fmt formats the target of a symbolic link and keeps the link', async () => {
    tmp.write({ 'shared/bot.rpa': 'bot B {mode: desktop\nmanager {description: "ops"}}\n', 'ws/run.rpa': '// runs come later\n' });
    symlinkSync('../shared/bot.rpa', tmp.join('ws/bot.rpa'));
    const r = await runCli(['fmt', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(lstatSync(tmp.join('ws/bot.rpa')).isSymbolicLink(), 'the link is still a link');
    assert.equal(readlinkSync(tmp.join('ws/bot.rpa')), '../shared/bot.rpa');
    const formatted = readFileSync(tmp.join('shared/bot.rpa'), 'utf8');
    assert.notEqual(formatted, 'bot B {mode: desktop\nmanager {description: "ops"}}\n');
    assert.match(formatted, /^bot B \{\n {2}mode: desktop\n/);
    assert.equal((await runCli(['fmt', '--check', 'ws'], { cwd: tmp.path })).code, 0);
  });
});
