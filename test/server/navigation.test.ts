// Go to definition, find references and rename over a real stdio LSP connection, across files:
// bots and agents named by runs, agent inputs; renames refused for invalid and clashing names.
import * as assert from 'node:assert/strict';
import {
  DefinitionRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type Location,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { position } from './lsp-client';
import { AGENTS, BOTS, RUNS } from './temp-workspace';
import { useServer } from './use-server';

describe('server: definition, references, rename', function () {
  const { ws, client } = useServer();

  const at = (rel: string, p: Position) => ({ textDocument: { uri: ws.uri(rel) }, position: p });
  const where = (l: Location) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line}:${l.range.start.character}`;

  function textAt(text: string, r: Range): string {
    const lines = text.split('\n');
    return lines[r.start.line].slice(r.start.character, r.end.character);
  }

  it("goes from a run's bot and agent to their declarations in other files", async () => {
    const bot = await client.connection.sendRequest(DefinitionRequest.type, at('runs.rpa', position(RUNS, 'FinanceBot')));
    assert.deepEqual((bot as Location[]).map(where), [`bots.rpa:${position(BOTS, 'FinanceBot').line}:4`]);
    const agent = await client.connection.sendRequest(DefinitionRequest.type, at('runs.rpa', position(RUNS, 'BookScraper', 4)));
    assert.deepEqual((agent as Location[]).map(where), ['books.rpa:1:6']);
  });

  it("goes from placeholders, input.NAME and session-entry keys to the agent's input", async () => {
    const input = position(AGENTS, 'category: "travel"');
    const expected = [`books.rpa:${input.line}:${input.character}`];
    for (const [rel, p] of [
      ['agents/books.rpa', position(AGENTS, '{category}', 1)],
      ['agents/books.rpa', position(AGENTS, 'input.category', 7)],
      ['runs.rpa', position(RUNS, 'category: "crime"')],
    ] as const) {
      const found = await client.connection.sendRequest(DefinitionRequest.type, at(rel, p));
      assert.deepEqual((found as Location[]).map(where), expected, `${rel} ${JSON.stringify(p)}`);
    }
  });

  it('finds every reference to a bot across files, with or without its declaration', async () => {
    const params = { ...at('bots.rpa', position(BOTS, 'FinanceBot')), context: { includeDeclaration: true } };
    const all = await client.connection.sendRequest(ReferencesRequest.type, params);
    assert.deepEqual(all?.map(where).sort(), ['bots.rpa:2:4', 'runs.rpa:13:7', 'runs.rpa:2:7']);
    const uses = await client.connection.sendRequest(ReferencesRequest.type, { ...params, context: { includeDeclaration: false } });
    assert.deepEqual(uses?.map(where).sort(), ['runs.rpa:13:7', 'runs.rpa:2:7']);
  });

  it("finds every use of an input: placeholders, input.NAME and the runs' session entries", async () => {
    const params = { ...at('runs.rpa', position(RUNS, 'category: "travel"')), context: { includeDeclaration: true } };
    const refs = await client.connection.sendRequest(ReferencesRequest.type, params);
    assert.equal(refs?.filter((l) => l.uri === ws.uri('runs.rpa')).length, 3);
    assert.equal(refs?.filter((l) => l.uri === ws.uri('agents/books.rpa')).length, 3);
    for (const l of refs ?? []) {
      const text = l.uri.endsWith('runs.rpa') ? RUNS : AGENTS;
      assert.equal(textAt(text, l.range), 'category');
    }
  });

  it('renames a bot across files (prepareRename gives the name)', async () => {
    const p = at('runs.rpa', position(RUNS, 'FinanceBot', 3));
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, p);
    assert.deepEqual(prepared && 'placeholder' in prepared ? prepared.placeholder : undefined, 'FinanceBot');
    const edit = await client.connection.sendRequest(RenameRequest.type, { ...p, newName: 'LedgerBot' });
    const changes = edit?.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), [ws.uri('bots.rpa'), ws.uri('runs.rpa')].sort());
    assert.equal(changes[ws.uri('runs.rpa')].length, 2);
    const edits: TextEdit[] = changes[ws.uri('bots.rpa')];
    assert.deepEqual(edits.map((e) => [textAt(BOTS, e.range), e.newText]), [['FinanceBot', 'LedgerBot']]);
  });

  it('renames an input everywhere it is used', async () => {
    const edit = await client.connection.sendRequest(RenameRequest.type, { ...at('agents/books.rpa', position(AGENTS, '{category}', 3)), newName: 'genre' });
    const changes = edit?.changes ?? {};
    assert.equal(changes[ws.uri('agents/books.rpa')].length, 3);
    assert.equal(changes[ws.uri('runs.rpa')].length, 3);
    assert.ok(Object.values(changes).flat().every((e) => e.newText === 'genre'));
  });

  async function refusal(request: Promise<unknown>): Promise<string> {
    try {
      await request;
    } catch (err) {
      assert.ok(err instanceof ResponseError, String(err));
      return err.message;
    }
    assert.fail('the server accepted the rename');
  }

  it('refuses names that are invalid or clash with a declaration of the same kind', async () => {
    const p = at('bots.rpa', position(BOTS, 'FinanceBot'));
    assert.match(await refusal(client.connection.sendRequest(RenameRequest.type, { ...p, newName: 'ReportsBot' })), /A bot named 'ReportsBot' already exists \(bots\.rpa:18\)/);
    assert.match(await refusal(client.connection.sendRequest(RenameRequest.type, { ...p, newName: '9lives' })), /not a valid name for a bot/);
    assert.match(await refusal(client.connection.sendRequest(RenameRequest.type, { ...p, newName: 'true' })), /is a boolean/);
    const input = at('agents/books.rpa', position(AGENTS, '{category}', 3));
    assert.match(await refusal(client.connection.sendRequest(RenameRequest.type, { ...input, newName: 'baseUrl' })), /already has an input 'baseUrl'/);
    // A run may share its name with a bot: only the same kind clashes.
    const run = await client.connection.sendRequest(RenameRequest.type, { ...at('runs.rpa', position(RUNS, 'QuickBooks')), newName: 'ReportsBot' });
    assert.equal(run?.changes?.[ws.uri('runs.rpa')]?.length, 1);
  });

  it('refuses to prepare a rename where there is no name to rename', async () => {
    const message = await refusal(client.connection.sendRequest(PrepareRenameRequest.type, at('bots.rpa', position(BOTS, 'host'))));
    assert.match(message, /Only the names of bots, agents, runs and agent inputs can be renamed/);
  });
});
