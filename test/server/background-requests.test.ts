// Background requests over a real stdio LSP connection: semantic tokens delta and range agree with full
// requests, and a request overtaken by an edit is answered for its own version or refused, never queued.
import * as assert from 'node:assert/strict';
import {
  DocumentSymbolRequest,
  LSPErrorCodes,
  SemanticTokensDeltaRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  type SemanticTokens,
  type SemanticTokensDelta,
} from 'vscode-languageserver-protocol/node';
import { AGENTS } from './temp-workspace';
import { useServer } from './use-server';

/** Absolute tokens [line, character, length, type, modifiers] from LSP's relative encoding. */
function decode(data: readonly number[]): number[][] {
  const out: number[][] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    out.push([line, character, data[i + 2], data[i + 3], data[i + 4]]);
  }
  return out;
}

function applyDelta(data: readonly number[], delta: SemanticTokensDelta): number[] {
  const out = [...data];
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

describe('server: background requests', function () {
  const { ws, client } = useServer();

  it('gives by semantic tokens delta and range the tokens a full request gives', async () => {
    const uri = ws.uri('agents.rpa');
    await client.open(uri, AGENTS);
    const textDocument = { uri };
    const before = (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument })) as SemanticTokens;
    await client.edit(uri, 'steps {', 'steps {\n    log "inserted {baseUrl}"');
    const delta = await client.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument, previousResultId: before.resultId ?? '' });
    assert.ok(delta && 'edits' in delta, 'a delta against the tokens sent before');
    const full = (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument })) as SemanticTokens;
    assert.notDeepEqual(full.data, before.data);
    assert.deepEqual(applyDelta(before.data, delta), full.data);

    const range = { start: { line: 3, character: 0 }, end: { line: 12, character: 0 } };
    const inRange = await client.connection.sendRequest(SemanticTokensRangeRequest.type, { textDocument, range });
    const expected = decode(full.data).filter(([line]) => line >= 3 && line < 12);
    assert.ok(expected.length > 0);
    assert.deepEqual(decode(inRange?.data ?? []), expected);
    const everything = { start: { line: 0, character: 0 }, end: { line: AGENTS.split('\n').length + 1, character: 0 } };
    assert.deepEqual((await client.connection.sendRequest(SemanticTokensRangeRequest.type, { textDocument, range: everything }))?.data, full.data);
    await client.close(uri);
  });

  it('answers a request an edit overtook for its own version, or refuses it as outdated, before re-checking', async () => {
    const uri = ws.uri('agents.rpa');
    await client.open(uri, AGENTS);
    const textDocument = { uri };
    const outline = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
    let settledBeforeCheck: boolean | undefined;
    const outcomes: Array<'same outline' | 'outdated'> = [];
    for (let i = 0; i < 2; i++) {
      const published = client.published.length;
      const request = client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
      // An unknown property: every edit changes the diagnostics, so each is published.
      const version = await client.edit(uri, 'steps {', `bogus${i}: 1\n  steps {`);
      try {
        const answer = await request;
        if (i === 0) assert.deepEqual(answer, outline, 'the outline of the text the request was sent for');
        outcomes.push('same outline');
      } catch (err) {
        assert.equal((err as { code?: number }).code, LSPErrorCodes.ContentModified, String(err));
        outcomes.push('outdated');
      }
      settledBeforeCheck ??= !client.published.slice(published).some((p) => p.uri === uri && p.version === version);
      await client.diagnostics(uri, (_d, p) => p.version === version);
    }
    assert.equal(outcomes[0], 'same outline', 'the outline of the version was computed already: answered from it');
    assert.equal(settledBeforeCheck, true, 'settled before the re-check of the edit was published');
    await client.close(uri);
  });
});
