// `rpa-sessions fmt` as a user runs it: --check lists files that would change (exit 1) and writes
// nothing; fmt rewrites them in place, keeps comments and meaning, and skips files with syntax errors.
import { strict as assert } from 'node:assert';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { parseCheckJson, REPO, runCli, TempDir } from './cli-harness';

const MESSY =
  '// Finance bot, kept as written by hand.\n' +
  'bot   FinanceBot{host:"WIN-RPA-01"\n' +
  '    mode :secure   // desktop | secure\n' +
  '  manager {maxSecureSessions:2,description:"ops"}\n' +
  '      system { terminalServer: true }\n' +
  '}\n';

const BROKEN = 'bot Broken {\n  mode: secure\n  manager { maxSecureSessions: }\n';

describe('rpa-sessions fmt', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = new TempDir();
    tmp.write({ 'ws/messy.rpa': MESSY });
    tmp.copyFixture('clean', 'ws/clean');
  });
  afterEach(() => tmp.dispose());

  const read = (rel: string) => readFileSync(tmp.join(rel), 'utf8');

  it('--check lists the files that would change, exits 1 and writes nothing', async () => {
    const r = await runCli(['fmt', '--check', 'ws/messy.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'ws/messy.rpa');
    assert.match(r.stdout, /1 file would be reformatted, 0 already formatted: run `rpa-sessions fmt` to format them/);
    assert.equal(read('ws/messy.rpa'), MESSY);
  });

  it('formats in place, keeps comments and meaning, is idempotent, and leaves no temp files', async () => {
    const before = parseCheckJson((await runCli(['check', '--format', 'json', 'ws/messy.rpa'], { cwd: tmp.path })).stdout);
    const r = await runCli(['fmt', 'ws/messy.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^formatted ws\/messy\.rpa\n/);
    assert.match(r.stdout, /Formatted 1 file, 0 already formatted/);
    const formatted = read('ws/messy.rpa');
    assert.notEqual(formatted, MESSY);
    assert.ok(formatted.includes('// Finance bot, kept as written by hand.'));
    assert.ok(formatted.includes('// desktop | secure'));
    const after = parseCheckJson((await runCli(['check', '--format', 'json', 'ws/messy.rpa'], { cwd: tmp.path })).stdout);
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      before.diagnostics.map((d) => d.code),
      'formatting does not change what the checks find',
    );
    const again = await runCli(['fmt', '--check', 'ws/messy.rpa'], { cwd: tmp.path });
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /^0 files would be reformatted, 1 already formatted\n$/);
    assert.deepEqual(readdirSync(tmp.join('ws')).sort(), ['clean', 'messy.rpa']);
  });

  it('formats every .rpa file under a folder (the current one by default)', async () => {
    await runCli(['fmt', 'ws'], { cwd: tmp.path });
    const r = await runCli(['fmt', '--check'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /0 files would be reformatted, 4 already formatted/);
  });

  it('reports a file with syntax errors, leaves it unchanged, still formats the others, exits 1', async () => {
    tmp.write({ 'ws/broken.rpa': BROKEN });
    const r = await runCli(['fmt', 'ws/broken.rpa', 'ws/messy.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^ws\/broken\.rpa: not formatted: .*line 3.*syntax error/m);
    assert.match(r.stderr, /rpa-sessions check/, 'says how to see every error');
    assert.match(r.stdout, /Formatted 1 file, 0 already formatted, 1 not formatted/);
    assert.equal(read('ws/broken.rpa'), BROKEN);
    assert.notEqual(read('ws/messy.rpa'), MESSY);
  });

  it('keeps the permissions of the file it replaces', async () => {
    chmodSync(tmp.join('ws/messy.rpa'), 0o600);
    const r = await runCli(['fmt', 'ws/messy.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.notEqual(read('ws/messy.rpa'), MESSY);
    assert.equal(statSync(tmp.join('ws/messy.rpa')).mode & 0o777, 0o600);
  });

  it('keeps a byte-order mark and CRLF line ends as the file had them', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    tmp.write({ 'crlf.rpa': Buffer.concat([bom, Buffer.from(MESSY.replace(/\n/g, '\r\n'))]) });
    const r = await runCli(['fmt', 'crlf.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const bytes = readFileSync(tmp.join('crlf.rpa'));
    assert.deepEqual([...bytes.subarray(0, 3)], [...bom]);
    const text = bytes.subarray(3).toString('utf8');
    assert.equal(text.split('\r\n').length, text.split('\n').length, 'every line ends with CRLF');
    assert.equal((await runCli(['fmt', '--check', 'crlf.rpa'], { cwd: tmp.path })).code, 0);
  });

  it('every shipped example is in the canonical layout: fmt --check examples changes nothing', async () => {
    const r = await runCli(['fmt', '--check', 'examples'], { cwd: REPO });
    assert.match(r.stdout, /^0 files would be reformatted, \d+ already formatted, 1 not formatted/m, r.stdout);
    // The one file that is not formatted is the example of a syntax error, which the formatter refuses on purpose.
    assert.match(r.stderr, /^examples\/diagnostics\/syntax-error\.rpa: not formatted: Cannot format: .* syntax error/m);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('bad paths are I/O errors (exit 2) and nothing is written', async () => {
    const r = await runCli(['fmt', 'ws/messy.rpa', 'missing.rpa'], { cwd: tmp.path });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\.rpa: cannot read it: no such file or folder/);
    assert.equal(read('ws/messy.rpa'), MESSY);
  });
});
