// One rule for session IDs (1–200 characters, no control characters) wherever a user gives one: in a
// run's session entries (check) and with `run --session-id`, each message naming how to give another.
import { strict as assert } from 'node:assert';
import { parseCheckJson, runCli, TempDir } from './cli-harness';
import { booksWorkspace } from './runtime-harness';

describe('rpa-sessions: session IDs', function () {
  this.timeout(30_000);
  let tmp: TempDir;
  beforeEach(() => {
    tmp = new TempDir().write(booksWorkspace('http://127.0.0.1:9'));
  });
  afterEach(() => tmp.dispose());

  it('run --session-id refuses a 201-character ID and says to pass another --session-id (exit 2)', async () => {
    tmp.write({ 'free.rpa': 'run Free { bot: TestBot, agent: Books, sessions: 1 }\n' });
    const r = await runCli(['run', 'free.rpa', '--run', 'Free', '--session-id', 'x'.repeat(201)], { cwd: tmp.path });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^rpa-sessions: error: Session ID "x{37}\.\.\." is not usable: a session ID has at most 200 characters, and this one has 201 .*Fix: pass another --session-id\.$/m);
  });

  it('check flags a session entry whose ID the runtime would refuse', async () => {
    tmp.write({ 'long.rpa': `run Long { bot: TestBot, agent: Books, session "${'y'.repeat(201)}" {} }\n` });
    const { diagnostics } = parseCheckJson((await runCli(['check', '--format', 'json', 'long.rpa'], { cwd: tmp.path })).stdout);
    const d = diagnostics.find((x) => x.code === 'invalid-value');
    assert.match(d?.message ?? JSON.stringify(diagnostics), /at most 200 characters, and this one has 201/);
  });
});
