// Quick fixes that add a run's missing bot or agent (the declared names that fit the run) and remove a
// duplicated property with its separator: each leaves the file without the diagnostic and adds none.
import * as assert from 'node:assert/strict';
import { afterFix, applyFix, desktopBot, diagnostics, MAIN, multiAgent, secureBot, workspace } from './helpers';

function missing(text: string, key: string) {
  const ws = workspace(text);
  const d = diagnostics(ws).find((x) => x.code === 'missing-property' && x.message.includes(`no '${key}'`));
  assert.ok(d, `a missing ${key}`);
  return { ws, d };
}

describe("checks: fixes for a run's missing bot or agent, and duplicate properties", () => {
  it('offers one fix per fitting bot when there are few (a desktop run is not offered a secure bot)', () => {
    const { ws, d } = missing(`${desktopBot('Desk')}\n${secureBot('Safe')}\n${multiAgent('A')}\nrun R {\n  agent: A\n  mode: desktop\n}\n`, 'bot');
    assert.deepEqual(d.fixes?.map((f) => f.title), ["Add 'bot: Desk'"]);
    const fixed = afterFix(ws, d.fixes![0]);
    assert.deepEqual(diagnostics(fixed).map((x) => x.code), []);
    assert.match(applyFix(ws, d.fixes![0])[MAIN], /run R \{\n {2}bot: Desk\n {2}agent: A\n/);
  });

  it('puts the agent after the bot and offers only agents that support the sessions the run names', () => {
    const single = 'agent Solo {\n  steps { open "http://127.0.0.1/" }\n}\n';
    const { ws, d } = missing(`${secureBot('Safe')}\n${multiAgent('Multi')}\n${single}\nrun R { bot: Safe, sessions: 2 }\n`, 'agent');
    assert.deepEqual(d.fixes?.map((f) => f.title), ["Add 'agent: Multi'"]);
    assert.match(applyFix(ws, d.fixes![0])[MAIN], /run R \{ bot: Safe, agent: Multi, sessions: 2 \}/);
    assert.deepEqual(diagnostics(afterFix(ws, d.fixes![0])).map((x) => x.code), []);
  });

  it('offers no fix when no declared agent fits', () => {
    const { d } = missing(`${desktopBot('Desk')}\nrun R {\n  bot: Desk\n}\n`, 'agent');
    assert.equal(d.fixes, undefined);
  });

  for (const [where, block, after] of [
    ['first', '{ maxSecureSessions: 2, maxSecureSessions: 2, description: "ops" }', '{ maxSecureSessions: 2, description: "ops" }'],
    ['last', '{ description: "ops", maxSecureSessions: 2, maxSecureSessions: 2 }', '{ description: "ops", maxSecureSessions: 2 }'],
  ] as const) {
    it(`removes a duplicate property with its comma in a one-line block (${where} of two)`, () => {
      const text = secureBot('B').replace(/manager \{[^}]*\}/, `manager ${block}`);
      const ws = workspace(text);
      const d = diagnostics(ws).find((x) => x.code === 'duplicate-property');
      assert.ok(d?.fixes?.length === 1);
      assert.ok(applyFix(ws, d.fixes[0])[MAIN].includes(`manager ${after}`), applyFix(ws, d.fixes[0])[MAIN]);
      assert.deepEqual(diagnostics(afterFix(ws, d.fixes[0])).map((x) => x.code), []);
    });
  }

  it('removes a duplicate property standing on its own line with that line', () => {
    const text = secureBot('B').replace('  mode: secure\n', '  mode: secure\n  mode: secure\n');
    const ws = workspace(text);
    const d = diagnostics(ws).find((x) => x.code === 'duplicate-property');
    assert.ok(d?.fixes?.length === 1);
    assert.equal(applyFix(ws, d.fixes[0])[MAIN], secureBot('B'));
  });
});
