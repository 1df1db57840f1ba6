// Each dataset column gets the type of what its field yields: exists() is a boolean column (true/false
// back from the store, 1/0 in SQL), `as TYPE` wins, literals keep their type, the rest is text.
import * as assert from 'node:assert/strict';
import { parse } from '../../../language/src/parse';
import { datasetSchemas } from '../../../runtime/src/engine/dataset-schemas';
import { ended, useSiteHarness } from './engine-harness';

const FIELDS = `
      name: text("span")
      markup: html("span")
      listed: exists("span")
      onSale: exists(".sale")
      flagged: exists("span") as boolean
      size: input.pages as integer
      who: session.id
      tag: input.tag
      pages: input.pages
      kind: "listing"
      missing: text(".nothing")`;

const workspace = (url: string) => `
agent Typed {
  sessions: multiple
  sessionTimeout: 30m
  input { base: "${url}", tag: "book", pages: 2 }
  steps {
    open "{base}/items?tag={tag}&n=2"
    extract items each "li.item" {${FIELDS}
    }
  }
}
`;

describe('session engine: dataset column types', function () {
  this.timeout(30_000);
  const { h } = useSiteHarness(workspace);

  it('types each column from its field: exists() boolean, `as` first, literals as written, the rest text', () => {
    const agent = parse(workspace('http://127.0.0.1:1'), 'file:///typed.rpa').ast.declarations[0];
    assert.deepEqual(datasetSchemas(agent), [
      {
        agent: 'Typed',
        dataset: 'items',
        columns: [
          { name: 'name', type: 'text' },
          { name: 'markup', type: 'text' },
          { name: 'listed', type: 'boolean' },
          { name: 'onSale', type: 'boolean' },
          { name: 'flagged', type: 'boolean' },
          { name: 'size', type: 'integer' },
          { name: 'who', type: 'text' },
          { name: 'tag', type: 'text' },
          { name: 'pages', type: 'text' },
          { name: 'kind', type: 'text' },
          { name: 'missing', type: 'text' },
        ],
      },
    ]);
  });

  it('stores what the interpreter extracts in those columns and gives it back with the same types', async () => {
    h.engine.startSession({ agent: 'Typed', sessionId: 'typed-1' });
    const end = await h.next(ended('typed-1'));
    assert.equal(end.status, 'completed', end.error);
    const row = (i: number) => ({
      name: `book-${i}`,
      markup: `book-${i}`,
      listed: true,
      onSale: false,
      flagged: true,
      size: 2,
      who: 'typed-1',
      tag: 'book',
      pages: '2',
      kind: 'listing',
      missing: null,
    });
    assert.deepEqual(h.store.records('typed-1', 'items').rows, [row(1), row(2)]);
  });

  it('keeps exists() as 1/0 integers in SQL, so read-only queries can filter on it', () => {
    const result = h.store.query('SELECT typeof(listed), count(*) FROM "Typed.items" WHERE session_id = ? AND listed = 1 AND onSale = 0 GROUP BY 1', ['typed-1']);
    assert.deepEqual(result.rows, [['integer', 2]]);
  });
});
