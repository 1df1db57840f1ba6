// duplicate-declaration and unresolved-reference, and cross-file linking: a run in one file resolves a
// bot and an agent declared in others; removing or editing a file makes the reference unresolved.
import * as assert from 'node:assert/strict';
import { checkFile } from '../../../language/src/index';
import { applyFix, desktopBot, expectCodes, expectDiagnostic, expectNo, fixOf, multiAgent, secureBot, workspace } from './helpers';

const BOTS = 'file:///ws/bots.rpa';
const AGENTS = 'file:///ws/agents/books.rpa';
const RUNS = 'file:///ws/runs.rpa';

function threeFiles(runText = 'run Nightly { bot: FinanceBot, agent: BookScraper, sessions: 3 }\n') {
  return workspace({ [BOTS]: secureBot('FinanceBot'), [AGENTS]: multiAgent('BookScraper'), [RUNS]: runText });
}

describe('checks: declarations and linking', () => {
  describe('cross-file linking', () => {
    it('resolves a run to a bot and an agent declared in other files', () => {
      expectCodes(threeFiles(), []);
    });

    it('applies the bot and agent of other files in linked checks', () => {
      const ws = threeFiles('run Nightly { bot: FinanceBot, agent: BookScraper, mode: desktop, sessions: 9 }\n');
      const d = expectDiagnostic(ws, 'mode-mismatch', 'desktop', RUNS);
      assert.equal(d.related?.[0].uri, BOTS);
    });

    it('makes the references unresolved when the declaring files are removed, and resolved again when re-added', () => {
      const ws = threeFiles();
      ws.removeFile(BOTS);
      expectDiagnostic(ws, 'unresolved-reference', 'FinanceBot', RUNS);
      ws.removeFile(AGENTS);
      expectDiagnostic(ws, 'unresolved-reference', 'BookScraper', RUNS);
      ws.setFile(BOTS, secureBot('FinanceBot'));
      ws.setFile(AGENTS, multiAgent('BookScraper'));
      expectCodes(ws, []);
    });

    it('re-checks a file whose text did not change when another file changes (linked results are not cached)', () => {
      const ws = threeFiles();
      assert.deepEqual(checkFile(ws, RUNS), []);
      ws.setFile(BOTS, secureBot('RenamedBot'));
      assert.deepEqual(checkFile(ws, RUNS).map((d) => d.code), ['unresolved-reference']);
    });
  });

  describe('unresolved-reference', () => {
    it('flags an unknown bot with a did-you-mean fix', () => {
      const ws = threeFiles('run Nightly { bot: FinanceBto, agent: BookScraper, sessions: 3 }\n');
      const d = expectDiagnostic(ws, 'unresolved-reference', 'FinanceBto');
      assert.match(d.message, /No bot named 'FinanceBto'.*Did you mean 'FinanceBot'/);
      assert.equal(applyFix(ws, fixOf(d))[RUNS], 'run Nightly { bot: FinanceBot, agent: BookScraper, sessions: 3 }\n');
    });

    it('flags an unknown agent and lists the known ones when nothing is close', () => {
      const ws = threeFiles('run Nightly { bot: FinanceBot, agent: Zzz, sessions: 3 }\n');
      const d = expectDiagnostic(ws, 'unresolved-reference', 'Zzz');
      assert.match(d.message, /Known agents: BookScraper/);
      assert.equal(d.fixes, undefined);
    });

    it('does not resolve a bot name to an agent of that name', () => {
      const ws = workspace({ [AGENTS]: multiAgent('Shared'), [RUNS]: 'run R { bot: Shared, agent: Shared }\n' });
      expectDiagnostic(ws, 'unresolved-reference', 'Shared');
    });

    it('does not flag references that resolve', () => {
      expectNo(threeFiles(), 'unresolved-reference');
    });
  });

  describe('duplicate-declaration', () => {
    it('flags a second bot with the same name in another file and points at the first', () => {
      const ws = workspace({ [BOTS]: secureBot('FinanceBot'), 'file:///ws/more-bots.rpa': desktopBot('FinanceBot') });
      const d = expectDiagnostic(ws, 'duplicate-declaration', 'FinanceBot', 'file:///ws/more-bots.rpa');
      assert.equal(d.related?.[0].uri, BOTS);
      assert.match(d.message, /already a bot named 'FinanceBot' in bots\.rpa:\d+:/);
      assert.doesNotMatch(d.message, /file:/, 'the other file is named by its path, not its URI');
    });

    it('names the first copy by its path relative to the file that repeats it', () => {
      const ws = workspace({ [AGENTS]: multiAgent('A'), 'file:///ws/more/twice%20over.rpa': multiAgent('A') });
      assert.match(expectDiagnostic(ws, 'duplicate-declaration', 'A', 'file:///ws/more/twice%20over.rpa').message, /already an agent named 'A' in \.\.\/agents\/books\.rpa:\d+:/);
      assert.match(expectDiagnostic(workspace({ 'file:///ws/more/twice%20over.rpa': multiAgent('A'), [BOTS]: multiAgent('A') }), 'duplicate-declaration', 'A', 'file:///ws/more/twice%20over.rpa').message, /in \.\.\/bots\.rpa:\d+:/);
    });

    it('reports the later one of two in the same file', () => {
      const text = `${multiAgent('A')}\n${multiAgent('A')}`;
      const ws = workspace(text);
      const d = expectDiagnostic(ws, 'duplicate-declaration', 'A');
      assert.ok(d.range.start.offset > text.indexOf('agent A'));
    });

    it('reports the same copy whatever order the files were opened in', () => {
      const other = 'file:///ws/more-bots.rpa';
      const forward = workspace({ [BOTS]: secureBot('FinanceBot'), [other]: desktopBot('FinanceBot') });
      const backward = workspace({ [other]: desktopBot('FinanceBot'), [BOTS]: secureBot('FinanceBot') });
      expectDiagnostic(forward, 'duplicate-declaration', 'FinanceBot', other);
      expectDiagnostic(backward, 'duplicate-declaration', 'FinanceBot', other);
    });

    it('does not flag a bot, an agent and a run sharing one name', () => {
      const ws = workspace(`${desktopBot('Same')}\n${multiAgent('Same')}\nrun Same { bot: Same, agent: Same }\n`);
      expectNo(ws, 'duplicate-declaration');
    });
  });
});
