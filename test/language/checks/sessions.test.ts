// Session entries of runs: duplicate-session-id anywhere in the workspace (same run, other runs, other
// files) and unknown-input for entry inputs the agent (maybe in another file) does not declare.
import * as assert from 'node:assert/strict';
import { MAIN, afterFix, applyFix, expectCodes, expectDiagnostic, expectNo, fixOf, multiAgent, secureBot, workspace } from './helpers';

const BASE = secureBot('Sec') + multiAgent('Books');
const AGENTS = 'file:///ws/agents.rpa';
const RUNS = 'file:///ws/runs.rpa';

describe('checks: session entries', () => {
  describe('duplicate-session-id', () => {
    it('flags the second use of an ID in one run and renames it to a free ID', () => {
      const ws = workspace(`${BASE}run R { bot: Sec, agent: Books, sessions: 2, session "t-1" {}, session "t-1" {}, session "t-1-2" {} }\n`);
      const d = expectDiagnostic(ws, 'duplicate-session-id', '"t-1"');
      assert.ok(d.range.start.offset > (ws.getFile(MAIN)?.text ?? '').indexOf('"t-1"'), 'the later one is flagged');
      assert.match(d.message, /already used earlier in this run.*unique/);
      assert.equal(fixOf(d).edits[0].newText, '"t-1-3"');
      expectCodes(afterFix(ws, fixOf(d)), []);
    });

    it('flags an ID reused by another run in another file, pointing at the first use', () => {
      const ws = workspace({
        [MAIN]: BASE,
        'file:///ws/a-runs.rpa': 'run First { bot: Sec, agent: Books, sessions: 1, session "travel-1" { category: "travel" } }\n',
        [RUNS]: 'run Second { bot: Sec, agent: Books, sessions: 1, session "travel-1" { category: "poetry" } }\n',
      });
      const d = expectDiagnostic(ws, 'duplicate-session-id', '"travel-1"', RUNS);
      assert.match(d.message, /in run 'First'/);
      assert.equal(d.related?.[0].uri, 'file:///ws/a-runs.rpa');
    });

    it('accepts distinct IDs, and IDs that differ only in case are distinct strings', () => {
      expectNo(workspace(`${BASE}run R { bot: Sec, agent: Books, sessions: 2, session "a" {}, session "A" {}, session "b" {} }\n`), 'duplicate-session-id');
    });
  });

  describe('unknown-input', () => {
    it('flags an input the agent in another file does not declare, with fixes in both files', () => {
      const ws = workspace({
        [MAIN]: secureBot('Sec'),
        [AGENTS]: multiAgent('Books'),
        [RUNS]: 'run R {\n  bot: Sec\n  agent: Books\n  sessions: 1\n  session "p-1" { categori: "poetry", maxPages: 3 }\n}\n',
      });
      const typo = expectDiagnostic(ws, 'unknown-input', 'categori', RUNS);
      assert.match(typo.message, /Session 'p-1' uses the input 'categori'.*Did you mean 'category'/);
      assert.match(applyFix(ws, fixOf(typo, 'Change'))[RUNS], /session "p-1" \{ category: "poetry", maxPages: 3 \}/);
      const extra = expectDiagnostic(ws, 'unknown-input', 'maxPages', RUNS);
      const declare = fixOf(extra, 'Declare');
      assert.deepEqual(declare.edits.map((e) => e.uri), [AGENTS]);
      assert.match(applyFix(ws, declare)[AGENTS], /input \{ baseUrl: "http:\/\/127\.0\.0\.1:8080", category: "travel", maxPages: 3 \}/);
    });

    it('accepts entries that set declared inputs or none', () => {
      expectNo(workspace(`${BASE}run R { bot: Sec, agent: Books, sessions: 2, session "c-1" { category: "crime" }, session "c-2" {} }\n`), 'unknown-input');
    });

    it('says nothing about inputs while the agent is unresolved', () => {
      const ws = workspace(`${secureBot('Sec')}run R { bot: Sec, agent: Nope, sessions: 1, session "x" { any: 1 } }\n`);
      expectCodes(ws, ['unresolved-reference']);
    });
  });
});
