// Semantic tokens and the outline kept per declaration over a real stdio LSP connection: after edits
// inside, above and between declarations, the answers equal those for the same text parsed afresh.
import * as assert from 'node:assert/strict';
import { DocumentSymbolRequest, SemanticTokensDeltaRequest, SemanticTokensRequest, type SemanticTokens, type SemanticTokensDelta } from 'vscode-languageserver-protocol/node';
import { AGENTS, BOTS, RUNS, TempWorkspace } from './temp-workspace';
import { useServer } from './use-server';

function applyDelta(data: readonly number[], delta: SemanticTokens | SemanticTokensDelta): number[] {
  if ('data' in delta) return delta.data;
  const out = [...data];
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

/** [search, replacement] edits: in one declaration, adding lines, on a doc comment, between declarations, breaking and mending. */
const EDITS: Array<[string, string]> = [
  ['  timeout: 10m', '  timeout: 20m'],
  ['  mode: desktop', '  mode: desktop\n  // a note\n'],
  ['// Every night', '// Each night, at two'],
  ['bot ReportsBot {', '// Reports.\n\nbot ReportsBot {'],
  ['  sessions: multiple', '  sessions:   multiple'],
  ['run QuickBooks {', 'run QuickBooks {{'],
  ['run QuickBooks {{', 'run QuickBooks {'],
  ['agent BookScraper {', '/* a block\n   comment */ agent BookScraper {'],
];

describe('server: answers kept per declaration', function () {
  const { ws, client } = useServer({ workspace: () => new TempWorkspace() });

  it('gives after every edit the tokens and outline of the text parsed afresh, by full and delta requests', async () => {
    const uri = ws.uri('all.rpa');
    await client.open(uri, `${BOTS}\n${AGENTS}\n${RUNS}`);
    const textDocument = { uri };
    let tokens = (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument })) as SemanticTokens;
    await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
    for (const [i, [search, replacement]] of EDITS.entries()) {
      await client.edit(uri, search, replacement);
      const delta = await client.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument, previousResultId: tokens.resultId ?? '' });
      assert.ok(delta, `tokens after edit ${i}`);
      const data = applyDelta(tokens.data, delta);
      const full = (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument })) as SemanticTokens;
      const outline = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });

      const copy = ws.uri(`copy${i}.rpa`);
      await client.open(copy, client.text(uri));
      const fresh = (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: copy } })) as SemanticTokens;
      assert.deepEqual(data, fresh.data, `delta after edit ${i}: ${JSON.stringify(replacement)}`);
      assert.deepEqual(full.data, fresh.data, `full tokens after edit ${i}`);
      assert.deepEqual(outline, await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: copy } }), `outline after edit ${i}`);
      await client.close(copy);
      tokens = full;
    }
    await client.close(uri);
  });
});
