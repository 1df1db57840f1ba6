// `rpa-sessions bot …` on a temporary workspace: status, deploy/undeploy, mode switches, console and
// bot-user changes with every MuleSoft refusal, and bot changes that end a session another run runs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { runCli, TempDir, type CliResult } from './cli-harness';
import { booksWorkspace, LiveCli } from './runtime-harness';

interface BotStateOut {
  bot: string;
  state: { mode: string; deployments: Array<{ run: string; mode: string }>; console: string; userSession: string; effectiveLimit?: number };
}

describe('rpa-sessions bot', function () {
  this.timeout(40_000);
  let tmp: TempDir;
  const bot = (args: string[]): Promise<CliResult> => runCli(['bot', ...args], { cwd: tmp.path });
  const botsFile = () => JSON.parse(readFileSync(tmp.join('.rpa', 'bots.json'), 'utf8')) as { bots: Record<string, { mode: string; deployments: Array<{ run: string }> }> };
  /** Exit 1 with the rule and its fix on stderr, no stack trace. */
  const refused = (r: CliResult, message: RegExp) => {
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };

  // The site is never contacted: these runs only wait.
  beforeEach(() => (tmp = new TempDir().write(booksWorkspace('http://127.0.0.1:9'))));
  afterEach(() => tmp.dispose());

  it('status shows every bot: mode, effective limit and where it comes from, deployments, console, bot user', async () => {
    const r = await bot(['status']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^TestBot\n {2}mode: {13}secure\n {2}secure sessions: {2}2 — RPA Manager \(manager\.maxSecureSessions\) 2, licence \(licensedSecureSessions\) 2\n {2}deployed: {9}nothing/m);
    assert.match(r.stdout, /^Desk\n {2}mode: {13}desktop\n {2}secure sessions: {2}1 \(desktop mode/m);
    const json = JSON.parse((await bot(['status', 'OneLicence', '--json'])).stdout) as { bots: Record<string, BotStateOut['state']> };
    assert.deepEqual(json.bots.OneLicence, { mode: 'secure', deployments: [], console: 'logged-out', userSession: 'signed-out', effectiveLimit: 1 });
    const unknown = await bot(['status', 'Testbot']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no bot named "Testbot".*Did you mean 'TestBot'\?/s);
  });

  it('deploy and undeploy; the mode cannot switch while deployed, and can once undeployed (the .rpa file follows)', async () => {
    const deployed = await bot(['deploy', 'Cats']);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.match(deployed.stdout, /^Deployed Cats to bot TestBot \(secure mode\)\.$/m);
    assert.match(deployed.stdout, /deployed: {9}Cats \(secure mode, since /);
    assert.deepEqual(botsFile().bots.TestBot.deployments.map((d) => d.run), ['Cats']);
    const since = botsFile().bots.TestBot.deployments[0];
    const again = await bot(['deploy', 'Cats']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Cats is already deployed to bot TestBot \(secure mode, since .*\): nothing changed\.$/m);
    assert.deepEqual(botsFile().bots.TestBot.deployments, [since], 'the deployment keeps its time');

    refused(await bot(['mode', 'TestBot', 'desktop']), /Bot "TestBot" can't switch from secure to desktop mode: run configurations are deployed to it \(Cats\)\..*Fix: undeploy them first \(`rpa-sessions bot undeploy Cats`\)/s);
    assert.match(readFileSync(tmp.join('bots.rpa'), 'utf8'), /bot TestBot \{\n {2}mode: secure/);

    const undeployed = await bot(['undeploy', 'Cats', '--json']);
    assert.equal(undeployed.code, 0, undeployed.stderr);
    assert.deepEqual((JSON.parse(undeployed.stdout) as BotStateOut).state.deployments, []);
    refused(await bot(['undeploy', 'Cats']), /Run configuration "Cats" is not deployed to any bot/);

    const switched = await bot(['mode', 'TestBot', 'desktop']);
    assert.equal(switched.code, 0, switched.stderr);
    assert.match(switched.stdout, /^Bot TestBot: mode secure → desktop \(bots\.rpa now says `mode: desktop`\)\.$/m);
    assert.match(readFileSync(tmp.join('bots.rpa'), 'utf8'), /bot TestBot \{\n {2}mode: desktop/);
    // Now run Cats (two parallel sessions) no longer fits its desktop bot: the workspace has errors, so deploying is refused.
    refused(await bot(['deploy', 'Cats']), /Deploying Cats refused: .*runs\.rpa:\d+:\d+: desktop-parallel: Run configuration 'Cats'/s);
    assert.equal((await bot(['mode', 'TestBot', 'secure'])).code, 0);
    assert.equal(botsFile().bots.TestBot.mode, 'secure');
  });

  it('desktop mode: deploying needs the bot user logged in to the console', async () => {
    const out = await bot(['console', 'Desk', 'logged-out', '--json']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal((JSON.parse(out.stdout) as BotStateOut).state.console, 'logged-out');
    refused(await bot(['deploy', 'DeskWait']), /Bot "Desk" is in desktop mode, but its bot user is not logged in to the console\..*`rpa-sessions bot console Desk open`/s);
    assert.match((await bot(['console', 'Desk', 'open'])).stdout, /^Bot Desk: console open\.$/m);
    assert.equal((await bot(['deploy', 'DeskWait'])).code, 0);
  });

  it('one licensed secure session: deploying needs the bot user signed out, not disconnected', async () => {
    assert.match((await bot(['disconnect', 'OneLicence'])).stdout, /^Bot OneLicence: bot user disconnected \(not signed out\)\.$/m);
    refused(await bot(['deploy', 'Waiting']), /one licensed secure session, and its bot user's Windows session is disconnected.*`rpa-sessions bot signout OneLicence`/s);
    assert.match((await bot(['signout', 'OneLicence'])).stdout, /bot user session: signed out/);
    assert.equal((await bot(['deploy', 'Waiting'])).code, 0);
  });

  it('signing in as the bot user of a one-licence bot ends the secure session another run is running', async () => {
    const run = new LiveCli(['run', 'runs.rpa', '--run', 'Waiting'], tmp.path);
    try {
      await run.waitFor(/^w-1: log: waiting$/m);
      const signin = await bot(['signin', 'OneLicence']);
      assert.equal(signin.code, 0, signin.stderr);
      assert.match(signin.stdout, /^Bot OneLicence: bot user signed in interactively\.$/m);
      assert.equal(await run.exit(), 1, run.stderr);
      assert.match(run.stdout, /^w-1: failed — .*Secure session "w-1" on bot "OneLicence" ended: the bot user signed in interactively/m);
    } finally {
      run.kill();
    }
  });

  it('minimizing the console of a desktop bot stops the desktop session another run is running', async () => {
    const run = new LiveCli(['run', 'runs.rpa', '--run', 'DeskWait'], tmp.path);
    try {
      await run.waitFor(/^d-1: log: waiting$/m);
      assert.equal((await bot(['console', 'Desk', 'minimized'])).code, 0);
      assert.equal(await run.exit(), 1, run.stderr);
      assert.match(run.stdout, /^d-1: failed — .*the console was minimized/m);
    } finally {
      run.kill();
    }
  });

  it('usage errors: a mode or console state that does not exist (exit 2)', async () => {
    const mode = await bot(['mode', 'TestBot', 'hidden']);
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /value 'hidden' is invalid for argument 'mode'\. Allowed choices are desktop, secure\./);
    const consoleState = await bot(['console', 'Desk', 'closed']);
    assert.equal(consoleState.code, 2);
    assert.match(consoleState.stderr, /Allowed choices are logged-out, open, minimized, locked\./);
  });
});
