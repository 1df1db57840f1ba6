// Bot checks (MuleSoft RPA secure sessions): secure-session limits, licence, terminal server, RAM capacity,
// single licence, description, plaintext passwords, and mode-switch-while-deployed against deployment state.
import * as assert from 'node:assert/strict';
import { MAIN, afterFix, applyFix, desktopBot, expectCodes, expectDiagnostic, expectNo, fixOf, multiAgent, secureBot, workspace } from './helpers';

describe('checks: bots', () => {
  it('accepts a complete secure bot and a complete desktop bot', () => {
    expectCodes(workspace(secureBot('Sec') + desktopBot('Desk')), []);
  });

  describe('no-secure-session-limit', () => {
    it('flags a secure bot with maxSecureSessions neither in configurator nor manager', () => {
      const ws = workspace(secureBot('Sec', { licensed: 2 }));
      const d = expectDiagnostic(ws, 'no-secure-session-limit', 'secure');
      assert.match(d.message, /RPA Manager.*Bot Configurator/);
    });

    it('adds the limit to the existing manager block, using the licensed count', () => {
      const ws = workspace(secureBot('Sec', { licensed: 2 }));
      const fixed = afterFix(ws, fixOf(expectDiagnostic(ws, 'no-secure-session-limit', 'secure')));
      assert.match(fixed.getFile(MAIN)?.text ?? '', /manager \{\n {4}description: "[^"]*"\n {4}maxSecureSessions: 2\n {2}\}/);
      expectCodes(fixed, []);
    });

    it('creates the manager block when the bot has none', () => {
      const text = 'bot Sec {\n  mode: secure\n  system { terminalServer: true }\n}\n';
      const ws = workspace(text);
      const d = expectDiagnostic(ws, 'no-secure-session-limit', 'secure');
      assert.equal(applyFix(ws, fixOf(d))[MAIN], 'bot Sec {\n  mode: secure\n  system { terminalServer: true }\n  manager { maxSecureSessions: 1 }\n}\n');
    });

    it('accepts a limit set in only one of the two places, and desktop bots without one', () => {
      expectNo(workspace(secureBot('A', { manager: 2 }) + secureBot('B', { configurator: 2 }) + desktopBot('C')), 'no-secure-session-limit');
    });
  });

  describe('configurator-exceeds-license', () => {
    it('warns when the Configurator allows more than the licence and lowers it', () => {
      const ws = workspace(secureBot('Sec', { configurator: 6, manager: 2, licensed: 4 }));
      const d = expectDiagnostic(ws, 'configurator-exceeds-license', '6');
      assert.equal(d.severity, 'warning');
      assert.equal(d.related?.length, 1);
      assert.match(applyFix(ws, fixOf(d))[MAIN], /maxSecureSessions: 4\n/);
    });

    it('does not warn when the Configurator is within the licence or no licence is given', () => {
      expectNo(workspace(secureBot('A', { configurator: 4, licensed: 4 }) + secureBot('B', { configurator: 9 })), 'configurator-exceeds-license');
    });
  });

  describe('terminal-server-required', () => {
    it('warns on terminalServer: false when the effective limit is above 1', () => {
      const ws = workspace(secureBot('Sec').replace('terminalServer: true', 'terminalServer: false'));
      const d = expectDiagnostic(ws, 'terminal-server-required', 'false');
      assert.match(d.message, /3 secure sessions in parallel.*Bot Configurator/);
    });

    it('warns at the deciding limit when the system block does not mention a terminal server', () => {
      const ws = workspace(secureBot('Sec', { configurator: 3, manager: 2, licensed: 4 }).replace(', terminalServer: true', ''));
      const d = expectDiagnostic(ws, 'terminal-server-required', '2');
      assert.match(d.message, /RPA Manager/);
    });

    it('does not warn with an effective limit of 1 or on a desktop bot', () => {
      const one = secureBot('One', { manager: 1, licensed: 4 }).replace('terminalServer: true', 'terminalServer: false');
      expectNo(workspace(one + desktopBot('Desk', 'licensedSecureSessions: 4')), 'terminal-server-required');
    });
  });

  describe('capacity-exceeded', () => {
    it('warns when limit × RAM per session exceeds the RAM', () => {
      const ws = workspace(secureBot('Sec', { manager: 4 }).replace('ramGb: 64, ramPerSessionGb: 4', 'ramGb: 12, ramPerSessionGb: 4'));
      const d = expectDiagnostic(ws, 'capacity-exceeded', '4');
      assert.match(d.message, /4 parallel secure sessions × 4 GB each need 16 GB.*12 GB.*Lower the secure-session limit to 3/);
      assert.equal(d.related?.length, 2);
    });

    it('does not warn when the sessions fit exactly', () => {
      expectNo(workspace(secureBot('Sec', { manager: 4 }).replace('ramGb: 64', 'ramGb: 16')), 'capacity-exceeded');
    });
  });

  describe('single-license', () => {
    it('informs about signing out on a bot with one licensed secure session', () => {
      const ws = workspace(secureBot('Sec', { manager: 1, licensed: 1 }));
      const d = expectDiagnostic(ws, 'single-license', '1');
      assert.equal(d.severity, 'info');
      assert.match(d.message, /sign the bot user out.*don't just disconnect/);
    });

    it('says nothing with two licences', () => {
      expectNo(workspace(secureBot('Sec', { manager: 1, licensed: 2 })), 'single-license');
    });
  });

  describe('missing-description', () => {
    it('informs when the bot has no manager description', () => {
      const ws = workspace(desktopBot('Desk').replace(/ {2}manager \{[^\n]*\n/, ''));
      const d = expectDiagnostic(ws, 'missing-description', 'Desk');
      assert.equal(d.severity, 'info');
    });

    it('says nothing when the description is set', () => {
      expectNo(workspace(desktopBot('Desk')), 'missing-description');
    });
  });

  describe('plaintext-secret', () => {
    it('warns on a plaintext password in the Bot Configurator login and derives FINANCEBOT_PASSWORD', () => {
      const ws = workspace(secureBot('FinanceBot').replace('secret("RPA_PASSWORD")', '"S3cret!"'));
      const d = expectDiagnostic(ws, 'plaintext-secret', '"S3cret!"');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /plain text.*secret\("FINANCEBOT_PASSWORD"\)/);
      assert.ok(!d.message.includes('S3cret!'), 'the message never repeats the password');
      const fixed = afterFix(ws, fixOf(d));
      assert.match(fixed.getFile(MAIN)?.text ?? '', /password: secret\("FINANCEBOT_PASSWORD"\)/);
      expectCodes(fixed, []);
    });

    it('warns on a plaintext password in a run\'s own login', () => {
      const text = `${secureBot('B')}${multiAgent('A')}run month-end_Books { bot: B, agent: A, sessions: 1, login { user: "u", password: "pw" } }\n`;
      const ws = workspace(text);
      const d = expectDiagnostic(ws, 'plaintext-secret', '"pw"');
      assert.match(applyFix(ws, fixOf(d))[MAIN], /password: secret\("MONTH_END_BOOKS_PASSWORD"\)/);
    });

    it('accepts secret("…") and a login without password', () => {
      const noPassword = secureBot('B').replace(', password: secret("RPA_PASSWORD")', '');
      expectNo(workspace(secureBot('A') + noPassword), 'plaintext-secret');
    });

    it('does not treat a user name as a secret', () => {
      expectNo(workspace(secureBot('A')), 'plaintext-secret');
    });
  });

  describe('mode-switch-while-deployed', () => {
    const bots = secureBot('Fin');

    it('flags the mode when a run was deployed in the other mode, and keeps the deployed mode as fix', () => {
      const text = bots.replace('mode: secure', 'mode: desktop');
      const ws = workspace(text, { Fin: [{ run: 'Nightly', mode: 'secure' }, { run: 'Weekly', mode: 'secure' }] });
      const d = expectDiagnostic(ws, 'mode-switch-while-deployed', 'desktop');
      assert.match(d.message, /'Nightly', 'Weekly' are deployed to it in secure mode.*can't be switched/);
      assert.equal(applyFix(ws, fixOf(d))[MAIN], bots);
    });

    it('says nothing when the deployments are in the bot\'s mode, when nothing is deployed, or without deployment state', () => {
      expectNo(workspace(bots, { Fin: [{ run: 'Nightly', mode: 'secure' }] }), 'mode-switch-while-deployed');
      expectNo(workspace(bots.replace('mode: secure', 'mode: desktop'), { Other: [{ run: 'X', mode: 'secure' }] }), 'mode-switch-while-deployed');
      expectNo(workspace(bots.replace('mode: secure', 'mode: desktop')), 'mode-switch-while-deployed');
    });

    it('follows the deployment state as it changes (it is never cached)', () => {
      const deployed: Array<{ run: string; mode: 'secure' | 'desktop' }> = [];
      const ws = workspace(bots.replace('mode: secure', 'mode: desktop'), { Fin: deployed });
      expectNo(ws, 'mode-switch-while-deployed');
      deployed.push({ run: 'Nightly', mode: 'secure' });
      expectDiagnostic(ws, 'mode-switch-while-deployed', 'desktop');
    });
  });
});
