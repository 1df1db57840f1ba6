// The debugger's seam through the worker protocol: a session started with a beforeStep hook pauses
// before every step until the hook resolves, and a selector can be run on its page while it waits.
import * as assert from 'node:assert/strict';
import type { ElementMatch } from '../../../runtime/src/interpreter/host';
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

describe('session engine: step hooks', function () {
  this.timeout(30_000);
  const { h } = useSiteHarness(workspace);

  it('pauses before each step until the hook resolves, with the page available to selectors', async () => {
    const paused: Array<{ kind: string; url?: string; storedBefore: number }> = [];
    let matches: ElementMatch[] = [];
    let badSelector: unknown;
    h.engine.startSession({
      agent: 'Site',
      sessionId: 'debugged',
      beforeStep: async (id, frame) => {
        assert.equal(id, 'debugged');
        paused.push({ kind: frame.step.kind, url: frame.pageUrl, storedBefore: h.store.records('debugged', 'items').total });
        if (frame.step.kind === 'extract') {
          matches = await frame.select('li.item span');
          badSelector = await frame.select('li[').catch((e: unknown) => e);
        }
      },
    });
    const end = await h.next(ended('debugged'));
    assert.equal(end.status, 'completed', end.error);
    assert.deepEqual(paused.map((p) => p.kind), ['open', 'extract', 'log']);
    assert.equal(paused[0].url, undefined, 'no page before the first open');
    assert.match(paused[1].url ?? '', /\/items\?tag=dbg&n=3$/);
    assert.equal(paused[1].storedBefore, 0, 'the extract step had not run while paused before it');
    assert.deepEqual(matches.map((m) => m.text), ['dbg-1', 'dbg-2', 'dbg-3']);
    assert.ok(badSelector instanceof Error, 'an invalid selector is reported to the caller');
    assert.equal(h.store.records('debugged', 'items').total, 3);
  });
});
