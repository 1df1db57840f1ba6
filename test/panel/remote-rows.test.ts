// The panel's grid rows (webview/src/remote-rows.ts) against a fake host store: blocks fetched as they
// come into view, and blocks read from an older store read again when they scroll back into view.
import { strict as assert } from 'node:assert';
import type { GridPage, GridSource } from '../../runtime/src/panel-protocol';
import { RemoteRows } from '../../webview/src/remote-rows';

/** A store of `total` rows whose values carry the store generation they were read at. */
function hostStore(total: number) {
  const state = { generation: 1, fetched: [] as number[] };
  const fetch = async (_source: GridSource, offset: number, limit: number): Promise<GridPage> => {
    state.fetched.push(offset);
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => [offset + i, state.generation]);
    return { columns: [{ name: 'n', type: 'integer' }, { name: 'gen', type: 'integer' }], rows, total, generation: state.generation } as unknown as GridPage;
  };
  return { state, fetch };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the panel grid rows', () => {
  it('reads a block again when it scrolls back into view after the store changed', async () => {
    const { state, fetch } = hostStore(10_000);
    const rows = new RemoteRows({ session: 's' } as unknown as GridSource, fetch, () => undefined, (e) => assert.fail(String(e)));
    await rows.reset({ session: 's' } as unknown as GridSource);
    rows.ensure(0, 50);
    rows.ensure(5000, 5050);
    await settle();
    assert.deepEqual(rows.getItem(10), [10, 1]);
    state.generation = 2;
    rows.stale(2); // the rows in view (5000…) are read again now
    await settle();
    assert.deepEqual(rows.getItem(5010), [5010, 2]);
    assert.deepEqual(rows.getItem(10), [10, 1], 'the block out of view is not read yet');
    state.fetched.length = 0;
    rows.ensure(0, 50);
    await settle();
    assert.deepEqual(state.fetched, [0], 'scrolled back: read again');
    assert.deepEqual(rows.getItem(10), [10, 2]);
    rows.ensure(0, 50);
    await settle();
    assert.deepEqual(state.fetched, [0], 'and not again while the store stays the same');
  });
});
