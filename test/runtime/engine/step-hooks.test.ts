// The debugger's seam through the worker protocol: a session started under the debugger stops where its
// job's breakpoints and stepping say (and nowhere else), and evaluates on its page while it waits.
import * as assert from 'node:assert/strict';
import type { DebugStop, Evaluation } from '../../../runtime/src/debug/debug-types';
import { ended, useSiteHarness } from './engine-harness';

const workspace = (url: string) => `
agent Site {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}", tag: "dbg" }
  steps {
    open "{base}/items?tag={tag}&n=3"
    extract items each "li.item" { name: text("span") }
    log "done"
  }
}
`;

describe('session engine: the debugger seam', function () {
  this.timeout(30_000);
  const { h } = useSiteHarness(workspace);

  it('stops on entry, then before each step when stepping in, with the page available to evaluate', async () => {
    const stops: Array<{ kind: string; url?: string; storedBefore: number }> = [];
    let matches: Evaluation | undefined;
    let badSelector: unknown;
    h.engine.startSession({
      agent: 'Site',
      sessionId: 'debugged',
      debug: {
        options: () => ({ breakpoints: [], stopOnEntry: true, breakOnProblems: false }),
        onStopped: async (id, stop) => {
          assert.equal(id, 'debugged');
          stops.push({ kind: stop.frame.step.kind, url: stop.page?.url, storedBefore: h.store.records('debugged', 'items').total });
          const control = h.engine.debugControl(id)!;
          if (stop.frame.step.kind === 'extract') {
            matches = await control.evaluate('li.item span');
            badSelector = await control.evaluate('li[').catch((e: unknown) => e);
          }
          control.resume('stepIn');
        },
      },
    });
    const end = await h.next(ended('debugged'));
    assert.equal(end.status, 'completed', end.error);
    assert.deepEqual(stops.map((p) => p.kind), ['open', 'extract', 'log']);
    assert.equal(stops[0].url, undefined, 'no page before the first open');
    assert.match(stops[1].url ?? '', /\/items\?tag=dbg&n=3$/);
    assert.equal(stops[1].storedBefore, 0, 'the extract step had not run while stopped before it');
    assert.equal(matches?.kind, 'matches');
    assert.deepEqual(matches?.kind === 'matches' && matches.matches.map((m) => m.text), ['dbg-1', 'dbg-2', 'dbg-3']);
    assert.match(String(badSelector), /is not a valid CSS selector/, 'an invalid selector is reported to the caller');
    assert.equal(h.store.records('debugged', 'items').total, 3);
  });

  it('stops only at its breakpoints: a step that hits none sends nothing', async () => {
    const stops: DebugStop[] = [];
    h.engine.startSession({
      agent: 'Site',
      sessionId: 'breakpoints',
      debug: {
        options: () => ({ breakpoints: [{ id: 7, line: 7 }], stopOnEntry: false, breakOnProblems: false }),
        onStopped: (id, stop) => {
          stops.push(stop);
          h.engine.debugControl(id)!.resume('continue');
        },
      },
    });
    const end = await h.next(ended('breakpoints'));
    assert.equal(end.status, 'completed', end.error);
    assert.deepEqual(stops.map((s) => [s.reason, s.breakpointIds, s.frame.step.kind]), [['breakpoint', [7], 'extract']]);
  });
});
