// Run-configuration checks against the bot and the agent they name: mode-mismatch, desktop-parallel,
// sessions-exceed-limit, no-default-session-settings and multiple-sessions-not-supported.
import * as assert from 'node:assert/strict';
import { MAIN, afterFix, applyFix, desktopBot, diagnostics, textOf, expectCodes, expectDiagnostic, expectNo, fixOf, multiAgent, secureBot, workspace } from './helpers';

const AGENT = multiAgent('Books');
const SINGLE_AGENT = 'agent Single {\n  sessions: single\n  steps { open "http://127.0.0.1:8080/" }\n}\n';

function ws(run: string, bots = secureBot('Sec') + desktopBot('Desk')) {
  return workspace(`${bots}${AGENT}${SINGLE_AGENT}${run}\n`);
}

describe('checks: runs', () => {
  it('accepts runs that match their bots and agents', () => {
    expectCodes(ws('run A { bot: Sec, agent: Books, sessions: 3 }\nrun B { bot: Desk, agent: Single, mode: desktop }\nrun C { bot: Sec, agent: Books }'), []);
  });

  describe('mode-mismatch', () => {
    it('flags a run mode that differs from the bot\'s, points at the bot\'s mode and takes it as fix', () => {
      const w = ws('run R { bot: Sec, agent: Books, mode: desktop, sessions: 1 }');
      const d = expectDiagnostic(w, 'mode-mismatch', 'desktop');
      assert.match(d.message, /uses desktop mode but bot 'Sec' runs in secure mode/);
      assert.equal(d.related?.[0].range.start.line, (w.getFile(MAIN)?.text ?? '').split('\n').findIndex((l) => l.includes('mode: secure')));
      assert.match(applyFix(w, fixOf(d))[MAIN], /run R \{ bot: Sec, agent: Books, mode: secure, sessions: 1 \}/);
    });

    it('does not flag a run that omits its mode or repeats the bot\'s', () => {
      expectNo(ws('run R { bot: Desk, agent: Books }\nrun S { bot: Sec, agent: Books, mode: secure, sessions: 1 }'), 'mode-mismatch');
    });
  });

  describe('desktop-parallel', () => {
    it('flags more than one session on a desktop run, even when the mode comes from the bot', () => {
      const w = ws('run R { bot: Desk, agent: Books, sessions: 2 }');
      const d = expectDiagnostic(w, 'desktop-parallel', '2');
      assert.match(d.message, /one process runs at a time/);
      assert.equal(d.related?.[0].message, "run 'R' takes desktop mode from bot 'Desk'");
      expectCodes(afterFix(w, fixOf(d)), []);
    });

    it('does not flag one desktop session, several session entries run one after another, or a secure run', () => {
      expectNo(ws('run R { bot: Desk, agent: Books, sessions: 1, session "d-1" {} session "d-2" {} }\nrun S { bot: Sec, agent: Books, sessions: 2 }'), 'desktop-parallel');
    });
  });

  describe('sessions-exceed-limit', () => {
    it('flags more sessions than the effective limit and lowers them to it', () => {
      const w = ws('run R { bot: Sec, agent: Books, sessions: 5 }', secureBot('Sec', { configurator: 4, manager: 2, licensed: 4 }));
      const d = expectDiagnostic(w, 'sessions-exceed-limit', '5');
      assert.match(d.message, /at most 2 secure sessions.*RPA Manager/);
      assert.equal(d.related?.length, 3, 'each bound is shown');
      expectCodes(afterFix(w, fixOf(d)), []);
    });

    it('accepts exactly the limit and ignores desktop runs', () => {
      expectNo(ws('run R { bot: Sec, agent: Books, sessions: 3 }\nrun S { bot: Desk, agent: Books, sessions: 9 }'), 'sessions-exceed-limit');
    });
  });

  describe('no-default-session-settings', () => {
    const noConfigurator = 'bot Bare {\n  mode: secure\n  manager { maxSecureSessions: 2, description: "ops" }\n  system { terminalServer: true }\n}\n';

    it('flags a run without login or sessions on a bot whose configurator provides neither', () => {
      const w = ws('run R {\n  bot: Bare\n  agent: Books\n}', noConfigurator);
      const found = diagnostics(w).filter((d) => d.code === 'no-default-session-settings');
      assert.deepEqual(found.map((d) => textOf(w, d)), ['R', 'R']);
      assert.match(found[0].message, /no login data/);
      assert.match(found[1].message, /how many sessions/);
      assert.equal(found[0].fixes, undefined, 'login data is not invented');
    });

    it('adds sessions at the effective limit after the agent reference', () => {
      const w = ws('run R {\n  bot: Bare\n  agent: Books\n  login { user: "u", password: secret("R_PASSWORD") }\n}', noConfigurator);
      const d = expectDiagnostic(w, 'no-default-session-settings', 'R');
      assert.match(d.message, /maximum number of secure sessions/);
      const fixed = afterFix(w, fixOf(d));
      assert.match(fixed.getFile(MAIN)?.text ?? '', /agent: Books\n {2}sessions: 2\n {2}login/);
      expectCodes(fixed, []);
    });

    it('accepts a run that takes login and sessions from the configurator, or sets its own', () => {
      const own = 'run S { bot: Bare, agent: Books, sessions: 1, login { user: "u", password: secret("S_PASSWORD") } }';
      expectNo(ws(`run R { bot: Sec, agent: Books }\n${own}`, secureBot('Sec') + noConfigurator), 'no-default-session-settings');
    });

    it('does not ask a desktop run for sessions (it runs one)', () => {
      expectNo(ws('run R { bot: Desk, agent: Books }'), 'no-default-session-settings');
    });
  });

  describe('multiple-sessions-not-supported', () => {
    it('flags a run asking for several sessions of a single-session agent, and makes the agent multiple', () => {
      const w = ws('run R { bot: Sec, agent: Single, sessions: 2 }');
      const d = expectDiagnostic(w, 'multiple-sessions-not-supported', '2');
      assert.match(d.message, /Support Sessions = Multiple Sessions/);
      const fixed = afterFix(w, fixOf(d));
      assert.match(fixed.getFile(MAIN)?.text ?? '', /agent Single \{\n {2}sessions: multiple\n {2}sessionTimeout: 30m\n/);
      expectCodes(fixed, []);
    });

    it('flags session IDs on an agent that does not set sessions, fixing the agent in its own file', () => {
      const agentUri = 'file:///ws/agents/plain.rpa';
      const agent = 'agent Plain {\n  steps { open "http://127.0.0.1:8080/" }\n}\n';
      const w = workspace({ [MAIN]: `${secureBot('Sec')}run R { bot: Sec, agent: Plain, sessions: 1, session "p-1" {} }\n`, [agentUri]: agent });
      const d = expectDiagnostic(w, 'multiple-sessions-not-supported', '"p-1"');
      assert.match(d.message, /single unless set/);
      assert.equal(d.related?.[0].uri, agentUri);
      assert.equal(applyFix(w, fixOf(d))[agentUri], 'agent Plain {\n  sessions: multiple\n  sessionTimeout: 30m\n  steps { open "http://127.0.0.1:8080/" }\n}\n');
    });

    it('flags sessions taken from the Bot Configurator default at the agent reference, or runs one session', () => {
      const w = ws('run R {\n  bot: Sec\n  agent: Single\n}');
      const d = expectDiagnostic(w, 'multiple-sessions-not-supported', 'Single');
      assert.match(d.message, /asks for 3 sessions \(the bot's Bot Configurator default\)/);
      const fixed = afterFix(w, fixOf(d, 'Run one session'));
      assert.match(fixed.getFile(MAIN)?.text ?? '', /run R \{\n {2}bot: Sec\n {2}agent: Single\n {2}sessions: 1\n\}/);
      expectCodes(fixed, []);
    });

    it('accepts one session of a single-session agent and any number of a multiple-session agent', () => {
      expectNo(ws('run R { bot: Sec, agent: Single, sessions: 1 }\nrun S { bot: Sec, agent: Books, sessions: 3, session "m-1" {} }\nrun T { bot: Desk, agent: Single }'), 'multiple-sessions-not-supported');
    });
  });
});
