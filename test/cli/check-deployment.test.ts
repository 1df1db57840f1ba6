// `rpa-sessions check` with a bot state (`.rpa/bots.json`): deployments recorded there make a bot's
// mode switch an error (mode-switch-while-deployed); a malformed state file is an I/O error (exit 2).
import { strict as assert } from 'node:assert';
import { codesOf, parseCheckJson, runCli, TempDir } from './cli-harness';

/** A bot state in which DeskPrices was deployed to DeskBot while DeskBot was in `mode`. */
function botState(mode: string): string {
  const bot = (m: string, deployments: unknown[]) => ({ mode: m, deployments, console: 'open', userSession: 'signed-out' });
  return JSON.stringify({
    version: 1,
    bots: {
      DeskBot: bot(mode, [{ run: 'DeskPrices', mode, deployedAt: 1_700_000_000_000 }]),
      FinanceBot: bot('secure', [{ run: 'NightlyBooks', mode: 'secure', deployedAt: 1_700_000_000_000 }]),
    },
  });
}

describe('rpa-sessions check: deployment state from .rpa/bots.json', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = new TempDir();
    tmp.copyFixture('clean', 'ws');
  });
  afterEach(() => tmp.dispose());

  it('deployments in the mode the bot still has: clean', async () => {
    tmp.write({ 'ws/.rpa/bots.json': botState('desktop') });
    const r = await runCli(['check', '--format', 'json', 'ws'], { cwd: tmp.path });
    assert.deepEqual(parseCheckJson(r.stdout).diagnostics, []);
    assert.equal(r.code, 0);
  });

  it('a bot whose mode differs from its deployments: mode-switch-while-deployed on the mode value', async () => {
    tmp.write({ 'ws/.rpa/bots.json': botState('secure') });
    const r = await runCli(['check', '--format', 'json', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 1);
    const out = parseCheckJson(r.stdout);
    assert.deepEqual(codesOf(out), ['mode-switch-while-deployed']);
    const d = out.diagnostics[0];
    assert.deepEqual([d.file, d.line, d.column, d.endColumn], ['ws/bots.rpa', 20, 9, 16]);
    assert.match(d.message, /DeskPrices/);
  });

  it('finds the state file of a parent folder up to the folder given, and in a named file\'s folder', async () => {
    tmp.write({ 'ws/.rpa/bots.json': botState('secure') });
    const fromFolder = await runCli(['check', '--format', 'json', '.'], { cwd: tmp.path });
    assert.deepEqual(codesOf(parseCheckJson(fromFolder.stdout)), ['mode-switch-while-deployed']);
    const fromFile = await runCli(['check', '--format', 'json', 'bots.rpa', 'agents.rpa', 'runs.rpa'], { cwd: tmp.join('ws') });
    assert.deepEqual(codesOf(parseCheckJson(fromFile.stdout)), ['mode-switch-while-deployed']);
  });

  it('without a state file nothing counts as deployed', async () => {
    const r = await runCli(['check', '--format', 'json', 'ws'], { cwd: tmp.path });
    assert.deepEqual(parseCheckJson(r.stdout).diagnostics, []);
    assert.equal(r.code, 0);
  });

  it('a state file that is not JSON: exit 2 naming the file and the fix', async () => {
    tmp.write({ 'ws/.rpa/bots.json': '{"version": 1, "bots": {' });
    const r = await runCli(['check', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /ws\/\.rpa\/bots\.json/);
    assert.match(r.stderr, /not JSON/);
    assert.match(r.stderr, /Fix the file, or delete it/);
  });

  it('an emptied state file: exit 2, not "nothing deployed"', async () => {
    tmp.write({ 'ws/.rpa/bots.json': ' \n' });
    const r = await runCli(['check', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ws\/\.rpa\/bots\.json is not valid: it is empty, so the deployments it recorded are lost/);
  });

  it('a state file with a wrong field: exit 2 naming the field', async () => {
    tmp.write({ 'ws/.rpa/bots.json': botState('secure').replace('"mode":"secure","deployedAt"', '"mode":"hidden","deployedAt"') });
    const r = await runCli(['check', '--format', 'json', 'ws'], { cwd: tmp.path });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /ws\/\.rpa\/bots\.json/);
    assert.match(r.stderr, /deployments\[0\]\.mode must be "desktop" or "secure"/);
  });
});
