// The rpa-sessions command line itself: help and version exit 0; unknown options, unknown commands,
// bad option values and a missing command are usage errors (exit 2) with a hint and no stack trace.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli, TempDir } from './cli-harness';

describe('rpa-sessions: usage', () => {
  let tmp: TempDir;
  before(() => (tmp = new TempDir()));
  after(() => tmp.dispose());

  it('--help lists the commands and exits 0', async () => {
    const r = await runCli(['--help'], { cwd: tmp.path });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: rpa-sessions /);
    assert.match(r.stdout, /\n {2}check \[options\] \[paths\.\.\.\]/);
    assert.match(r.stdout, /\n {2}fmt \[options\] \[paths\.\.\.\]/);
  });

  it('check --help explains paths, --format and the exit codes', async () => {
    const r = await runCli(['check', '--help'], { cwd: tmp.path });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--format <format>.*choices: "text", "json"/s);
    assert.match(r.stdout, /Exit code: 0 no errors or warnings, 1 errors or warnings found, 2 usage or I\/O\s+error/);
  });

  it('help fmt shows the fmt help', async () => {
    const r = await runCli(['help', 'fmt'], { cwd: tmp.path });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: rpa-sessions fmt \[options\] \[paths\.\.\.\]/);
    assert.match(r.stdout, /--check/);
  });

  it('help sessions data shows the help of the subcommand, not of its parent', async () => {
    const r = await runCli(['help', 'sessions', 'data'], { cwd: tmp.path });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: rpa-sessions sessions data /);
  });

  it('help of an unknown subcommand is a usage error naming the known ones', async () => {
    const r = await runCli(['help', 'sessions', 'wipe'], { cwd: tmp.path });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^rpa-sessions: error: 'sessions' has no subcommand 'wipe' \(its subcommands: list, show, data, .*\)/);
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version'], { cwd: tmp.path });
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), version);
  });

  for (const [what, args, message] of [
    ['an unknown option', ['check', '--strict'], /^rpa-sessions: error: unknown option '--strict'/],
    ['an unknown command', ['lint'], /^rpa-sessions: error: unknown command 'lint'/],
    ['a bad --format value', ['check', '--format', 'xml'], /^rpa-sessions: error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json\./],
    ['a missing --format value', ['check', '--format'], /^rpa-sessions: error: option '--format <format>' argument missing/],
    ['an unknown sessions subcommand', ['sessions', 'remove'], /^rpa-sessions: error: unknown command 'remove'/],
  ] as const) {
    it(`${what} is a usage error: exit 2, message and hint on stderr`, async () => {
      const r = await runCli([...args], { cwd: tmp.path });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\(add --help for usage\)/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }

  it('no command at all shows the help on stderr and exits 2', async () => {
    const r = await runCli([], { cwd: tmp.path });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Usage: rpa-sessions /);
  });
});
