// `rpa-sessions check` on paths a user may get wrong: missing, looping, not regular, not UTF-8,
// folders without .rpa files; and which files a folder search picks up. Errors exit 2, no stack.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { parseCheckJson, runCli, TempDir, type CliResult } from './cli-harness';

const OK_BOT = 'bot Ok {\n  mode: secure\n  manager { maxSecureSessions: 1, description: "ops" }\n}\n';

function assertUserError(r: CliResult, ...fragments: RegExp[]): void {
  assert.equal(r.code, 2, `expected exit 2, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.equal(r.stdout, '', 'nothing on stdout for an I/O error');
  assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  for (const f of fragments) assert.match(r.stderr, f);
}

describe('rpa-sessions check: paths', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = new TempDir()));
  afterEach(() => tmp.dispose());

  it('a path that does not exist: exit 2, names the path and what to give instead', async () => {
    const r = await runCli(['check', 'no-such-folder'], { cwd: tmp.path });
    assertUserError(r, /no-such-folder: cannot read it: no such file or folder/, /Give the path of a \.rpa file or of a folder/);
  });

  it('reports every bad path at once, and checks nothing', async () => {
    tmp.write({ 'ok/a.rpa': OK_BOT });
    const r = await runCli(['check', 'ok', 'gone-1.rpa', 'gone-2'], { cwd: tmp.path });
    assertUserError(r, /gone-1\.rpa: cannot read it/, /gone-2: cannot read it/);
  });

  it('a folder without .rpa files (tool and hidden folders are not searched): exit 2 with what to do', async () => {
    tmp.write({ 'empty/notes.txt': 'not rpa', 'empty/node_modules/pkg/x.rpa': OK_BOT, 'empty/.git/y.rpa': OK_BOT, 'empty/.cache/z.rpa': OK_BOT });
    const r = await runCli(['check', 'empty'], { cwd: tmp.path });
    assertUserError(r, /empty: no \.rpa files in this folder or its subfolders/, /node_modules, \.git, \.rpa, dist and other hidden folders are not searched/);
  });

  it('an empty current folder, with no path given', async () => {
    const r = await runCli(['check'], { cwd: tmp.path });
    assertUserError(r, /^rpa-sessions: error: \.: no \.rpa files/);
  });

  it('a symbolic link loop given as the path is unreadable: exit 2', async () => {
    symlinkSync('loop', tmp.join('loop'));
    const r = await runCli(['check', 'loop'], { cwd: tmp.path });
    assertUserError(r, /loop: cannot read it: too many levels of symbolic links/);
  });

  it('a symbolic link back into the searched folder is followed once, not forever', async () => {
    tmp.write({ 'ws/a.rpa': OK_BOT });
    symlinkSync('..', tmp.join('ws', 'up'));
    symlinkSync('.', tmp.join('ws', 'self'));
    const r = await runCli(['check', '--format', 'json', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parseCheckJson(r.stdout).diagnostics, []);
  });

  it('a file that is not valid UTF-8: exit 2, names the file, the line and how to re-save it', async () => {
    tmp.write({ 'ws/good.rpa': OK_BOT, 'ws/latin1.rpa': Buffer.from('bot Caf\u00e9 {\n  host: "M\xfcnchen"\n}\n', 'latin1') });
    const r = await runCli(['check', 'ws'], { cwd: tmp.path });
    assertUserError(r, /ws\/latin1\.rpa: not valid UTF-8 text \(an invalid byte sequence on line 1\)/, /re-save it as UTF-8/);
  });

  it('a UTF-8 file with a byte-order mark is read normally', async () => {
    tmp.write({ 'bom.rpa': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(OK_BOT)]) });
    const r = await runCli(['check', '--format', 'json', 'bom.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('a FIFO named *.rpa is refused instead of blocking the check', async () => {
    tmp.write({ 'ws/a.rpa': OK_BOT });
    execFileSync('mkfifo', [tmp.join('ws', 'pipe.rpa')]);
    const r = await runCli(['check', 'ws'], { cwd: tmp.path });
    assertUserError(r, /ws\/pipe\.rpa: not a regular file/);
  });

  it('searches subfolders, skips node_modules, .git, .rpa and dist, and counts each file once', async () => {
    const broken = 'bot Broken {\n  mode: nowhere\n}\n';
    tmp.write({
      'ws/a.rpa': OK_BOT,
      'ws/deep/er/b.rpa': OK_BOT.replace('Ok', 'Deep'),
      'ws/node_modules/x.rpa': broken,
      'ws/.git/x.rpa': broken,
      'ws/.rpa/x.rpa': broken,
      'ws/dist/x.rpa': broken,
      'ws/readme.md': 'not checked',
    });
    const r = await runCli(['check', 'ws', 'ws/a.rpa', 'ws/deep'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 infos in 2 files\n');
  });

  it('a file named explicitly is checked whatever its extension', async () => {
    tmp.write({ 'bot.txt': 'bot Broken {\n  mode: nowhere\n}\n' });
    const r = await runCli(['check', '--format', 'json', 'bot.txt'], { cwd: tmp.path });
    assert.equal(r.code, 1);
    assert.equal(parseCheckJson(r.stdout).diagnostics[0]?.file, 'bot.txt');
  });
});
