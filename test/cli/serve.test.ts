// `rpa-sessions serve`: the example site on 127.0.0.1 until Ctrl-C, and a working command for every
// example run configuration — each printed command is run (on a copy of examples/workspace) and completes.
import { strict as assert } from 'node:assert';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli, TempDir } from './cli-harness';
import { LiveCli } from './runtime-harness';

describe('rpa-sessions serve', function () {
  this.timeout(90_000);

  it('serves the example site and prints a command that completes for every example run, MonthEndOrders\' sign-in included', async () => {
    const tmp = new TempDir();
    const serve = new LiveCli(['serve', '--port', '0'], REPO);
    try {
      await serve.waitFor(/--run MonthEndOrders.*\n/);
      assert.match(serve.stdout, /is served on http:\/\/127\.0\.0\.1:\d+ \(loopback only\)\. Ctrl-C stops it\./);
      const commands = [...serve.stdout.matchAll(/^ {2}((?:\w+=\S+ )*)rpa-sessions run (\S+) (--run \S+.*)$/gm)];
      assert.deepEqual(commands.map((c) => /--run (\S+)/.exec(c[3])![1]), ['NightlyBooks', 'HourlyPrices', 'MonthEndOrders']);
      const workspace = join(tmp.path, 'workspace');
      cpSync(join(REPO, 'examples', 'workspace'), workspace, { recursive: true });
      for (const [, envText, file, rest] of commands) {
        assert.equal(file, 'examples/workspace/runs.rpa');
        const env = Object.fromEntries(envText.trim().split(/\s+/).filter(Boolean).map((kv) => kv.split('=') as [string, string]));
        const r = await runCli(['run', join(workspace, 'runs.rpa'), ...rest.split(' ')], { cwd: tmp.path, env, timeoutMs: 60_000 });
        assert.equal(r.code, 0, `${rest}: ${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /completed/);
      }
      assert.match(commands[2][1], /^BOOKS_PASSWORD=scrape-me-2024 $/, 'the run that signs in gets the demo password');
      serve.signal('SIGINT');
      assert.equal(await serve.exit(), 0);
      assert.match(serve.stdout, /Stopped serving the example site\./);
    } finally {
      serve.kill();
      tmp.dispose();
    }
  });

  it('says so when the port is taken (exit 2)', async () => {
    const first = new LiveCli(['serve', '--port', '0'], REPO);
    try {
      const [, port] = await first.waitFor(/127\.0\.0\.1:(\d+)/);
      const second = await runCli(['serve', '--port', port], { cwd: REPO });
      assert.equal(second.code, 2);
      assert.match(second.stderr, /^rpa-sessions: error: .*port/m);
    } finally {
      first.kill();
    }
  });
});
