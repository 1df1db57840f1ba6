// The bot service over a real `.rpa/bots.json`: initialization from declarations, every deploy,
// undeploy, mode, console and sign-in rule with its error, and state shared between two services.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../../language/src/workspace';
import { checkWorkspace } from '../../../language/src/checks';
import type { BotEvent } from '../../../runtime/src/bots/bot-service';
import { BotService } from '../../../runtime/src/bots/bot-service';
import { ManualClock } from '../../../runtime/src/clock';
import { BotStateJsonFile } from '../../../runtime/src/node/bot-state-file';
import type { BotStateFormatError } from '../../../language/src/bot-state/bot-state-codec';
import { isUserError, type RpaUserError } from '../../../runtime/src/user-error';

const BOTS = `
bot SecureBot {
  mode: secure
  licensedSecureSessions: 4
  configurator { maxSecureSessions: 3 }
  manager { maxSecureSessions: 4, description: "ops" }
}
bot OneLicence {
  mode: secure
  licensedSecureSessions: 1
  manager { maxSecureSessions: 1, description: "ops" }
}
bot DeskBot {
  mode: desktop
  manager { description: "ops" }
}
agent A {
  sessions: multiple
  sessionTimeout: 5m
  steps { log "hi" }
}
run SecureRun { bot: SecureBot, agent: A, sessions: 2 }
run DesktopOnSecure { bot: SecureBot, agent: A, mode: desktop, sessions: 1 }
run OneRun { bot: OneLicence, agent: A, sessions: 1 }
run DeskRun { bot: DeskBot, agent: A }
`;

function expectUserError(fn: () => unknown, code: string, ...mentions: string[]): RpaUserError | BotStateFormatError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(isUserError(caught), `expected a user error ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const m of mentions) assert.ok(caught.message.includes(m), `message should mention ${JSON.stringify(m)}: ${caught.message}`);
  return caught;
}

describe('bot service', () => {
  let dir: string;
  let ws: Workspace;
  let file: BotStateJsonFile;
  let clock: ManualClock;
  let bots: BotService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpa-bots-'));
    ws = new Workspace();
    ws.setFile('file:///w/main.rpa', BOTS);
    file = BotStateJsonFile.inWorkspace(dir);
    clock = new ManualClock(1_000);
    bots = new BotService(file, ws, clock);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const stored = () => JSON.parse(readFileSync(join(dir, '.rpa', 'bots.json'), 'utf8'));

  it('initializes a bot from its declaration the first time it is seen, and persists it', () => {
    assert.equal(existsSync(join(dir, '.rpa', 'bots.json')), false);
    assert.deepEqual(bots.state('DeskBot'), { mode: 'desktop', deployments: [], console: 'open', userSession: 'signed-out' });
    assert.deepEqual(bots.state('SecureBot'), { mode: 'secure', deployments: [], console: 'logged-out', userSession: 'signed-out' });
    assert.equal(stored().bots.SecureBot.mode, 'secure');
    assert.deepEqual(Object.keys(bots.all()).sort(), ['DeskBot', 'OneLicence', 'SecureBot']);
    assert.deepEqual(readdirSync(join(dir, '.rpa')), ['bots.json'], 'no temp files are left behind');
  });

  it('refuses an unknown bot or run with a suggestion', () => {
    expectUserError(() => bots.state('SecureBt'), 'unknown-declaration', 'SecureBot');
    expectUserError(() => bots.deploy('SecurRun'), 'unknown-declaration', "Did you mean 'SecureRun'?");
  });

  it('deploys a run configuration in the bot mode and feeds the mode-switch check', () => {
    const d = bots.deploy('SecureRun');
    assert.deepEqual(d, { run: 'SecureRun', mode: 'secure', deployedAt: 1_000 });
    assert.deepEqual(stored().bots.SecureBot.deployments, [d]);

    // The language check reads the same deployment state: editing the bot's mode is now an error.
    const edited = new Workspace(bots.deploymentState());
    edited.setFile('file:///w/main.rpa', BOTS.replace('mode: secure\n  licensedSecureSessions: 4', 'mode: desktop\n  licensedSecureSessions: 4'));
    const codes = [...checkWorkspace(edited).values()].flat().map((x) => x.code);
    assert.ok(codes.includes('mode-switch-while-deployed'), codes.join(', '));
  });

  it('refuses to deploy a run whose mode differs from the bot, naming both fixes', () => {
    expectUserError(() => bots.deploy('DesktopOnSecure'), 'mode-mismatch', 'desktop mode', 'secure mode', 'mode: secure', 'rpa-sessions bot mode SecureBot desktop');
    assert.deepEqual(bots.state('SecureBot').deployments, []);
  });

  it('refuses to deploy to a desktop bot whose user is not logged in to the console', () => {
    bots.setConsole('DeskBot', 'logged-out');
    expectUserError(() => bots.deploy('DeskRun'), 'console-not-logged-in', 'not logged in to the console', 'bot console DeskBot open');
    bots.setConsole('DeskBot', 'open');
    assert.equal(bots.deploy('DeskRun').mode, 'desktop');
  });

  it('refuses to deploy to a one-licence secure bot whose user is disconnected rather than signed out', () => {
    bots.signIn('OneLicence');
    bots.disconnect('OneLicence');
    expectUserError(() => bots.deploy('OneRun'), 'single-license-disconnected', 'disconnected', "don't disconnect", 'bot signout OneLicence');
    bots.signOut('OneLicence');
    assert.equal(bots.deploy('OneRun').run, 'OneRun');
  });

  it('allows a disconnected user on a bot with more than one licensed secure session', () => {
    bots.disconnect('SecureBot');
    assert.equal(bots.deploy('SecureRun').run, 'SecureRun');
  });

  it('refuses a mode switch while any configuration is deployed, and allows it after undeploying', () => {
    bots.deploy('SecureRun');
    expectUserError(() => bots.setMode('SecureBot', 'desktop'), 'mode-switch-while-deployed', 'SecureRun', 'bot undeploy SecureRun');
    assert.equal(bots.state('SecureBot').mode, 'secure');

    assert.equal(bots.undeploy('SecureRun').run, 'SecureRun');
    const { declarationEdit } = bots.setMode('SecureBot', 'desktop');
    assert.equal(declarationEdit?.newText, 'desktop');
    assert.equal(BOTS.slice(declarationEdit!.range.start.offset, declarationEdit!.range.end.offset), 'secure');
    assert.equal(bots.state('SecureBot').mode, 'secure', 'until the declaration changes too, the declared mode is adopted again');
  });

  it('adopts an edited declaration mode while nothing is deployed, but not while deployed', () => {
    bots.deploy('SecureRun');
    ws.setFile('file:///w/main.rpa', BOTS.replace('bot SecureBot {\n  mode: secure', 'bot SecureBot {\n  mode: desktop'));
    assert.equal(bots.state('SecureBot').mode, 'secure');
    bots.undeploy('SecureRun');
    assert.equal(bots.state('SecureBot').mode, 'desktop');
  });

  it('refuses to undeploy a run that is not deployed', () => {
    expectUserError(() => bots.undeploy('SecureRun'), 'not-deployed', 'not deployed');
  });

  it('reports a malformed state file with the fix, and never overwrites it silently', () => {
    writeFileSync(join(dir, 'broken.json'), '{"version":1,"bots":{"X":{"mode":"hybrid"}}}');
    const broken = new BotStateJsonFile(join(dir, 'broken.json'));
    expectUserError(() => new BotService(broken, ws, clock), 'invalid-bot-state', 'bots["X"].mode', 'delete it');
    writeFileSync(join(dir, 'broken.json'), '{"version":1,');
    expectUserError(() => broken.read(), 'invalid-bot-state', 'not JSON');
  });

  it('treats an emptied or blank state file as malformed: deployments are not forgotten and the mode switch stays refused', () => {
    bots.deploy('SecureRun');
    const file = join(dir, '.rpa', 'bots.json');
    for (const text of ['', '  \n\t\n']) {
      writeFileSync(file, text);
      const fresh = new BotStateJsonFile(file);
      expectUserError(() => fresh.read(), 'invalid-bot-state', 'it is empty', 'bots.json', 'delete it');
      expectUserError(() => bots.setMode('SecureBot', 'desktop'), 'invalid-bot-state', 'it is empty');
      assert.equal(readFileSync(file, 'utf8'), text, 'the damaged file is left as it is, for the user to fix');
    }
  });

  it('shares state between two services on the same file and reports changes made by the other', () => {
    const other = new BotService(BotStateJsonFile.inWorkspace(dir), ws, clock);
    bots.state('SecureBot');
    const seen: BotEvent[] = [];
    other.events.on((e) => seen.push(e));
    other.refresh();
    bots.signIn('OneLicence');
    other.refresh();
    const signIn = seen.find((e) => e.bot === 'OneLicence' && e.state.userSession === 'signed-in');
    assert.ok(signIn, JSON.stringify(seen));
    assert.equal(other.state('OneLicence').userSession, 'signed-in');
    bots.deploy('SecureRun');
    expectUserError(() => other.setMode('SecureBot', 'desktop'), 'mode-switch-while-deployed');
  });

  it('emits a typed event for every change', () => {
    const changes: string[] = [];
    bots.events.on((e) => changes.push(`${e.bot}:${e.change}`));
    bots.setConsole('DeskBot', 'minimized');
    bots.setConsole('DeskBot', 'open');
    bots.deploy('DeskRun');
    bots.undeploy('DeskRun');
    assert.deepEqual(changes, ['DeskBot:initialized', 'DeskBot:console', 'DeskBot:deployed', 'DeskBot:undeployed']);
  });
});
