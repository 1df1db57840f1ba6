// Hover over a real stdio LSP connection: properties explained in MuleSoft RPA / Sequentum terms,
// effective secure-session limits with their sources, doc comments, steps and field functions.
import * as assert from 'node:assert/strict';
import { HoverRequest, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { position } from './lsp-client';
import { AGENTS, BOTS, RUNS } from './temp-workspace';
import { useServer } from './use-server';

describe('server: hover', function () {
  const { ws, client } = useServer();

  async function hover(rel: string, at: Position): Promise<string> {
    const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: ws.uri(rel) }, position: at });
    return result ? (result.contents as MarkupContent).value : '';
  }

  it('explains properties in the seed products’ terms', async () => {
    assert.match(await hover('bots.rpa', position(BOTS, 'mode: secure')), /Session mode.*hidden desktop sessions/s);
    assert.match(await hover('bots.rpa', position(BOTS, 'configurator')), /RPA Bot Configurator/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'sessionTimeout')), /cleanup of a session's data starts automatically/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'removeSession', 3)), /Remove Session/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'multiple')), /Support Sessions/);
  });

  it('shows the effective limit and the source of each bound on a bot name', async () => {
    const text = await hover('bots.rpa', position(BOTS, 'FinanceBot', 2));
    assert.match(text, /Finance bot in the Frankfurt data centre\.\nContact rpa-ops@example\.com/);
    assert.match(text, /Effective secure-session limit: 3/);
    assert.match(text, /Bot Configurator \(configurator\.maxSecureSessions\): 3 ← decides/);
    assert.match(text, /RPA Manager \(manager\.maxSecureSessions\): 4/);
    assert.match(text, /licence \(licensedSecureSessions\): 4/);
  });

  it("shows the effective limit on a run's sessions", async () => {
    const text = await hover('runs.rpa', position(RUNS, 'sessions: 3'));
    assert.match(text, /How many sessions run in parallel/);
    assert.match(text, /asks for 3 session\(s\) \(set by the run\) on bot \*\*FinanceBot\*\*/);
    assert.match(text, /Effective secure-session limit: 3/);
    assert.match(await hover('runs.rpa', position(RUNS, '3', 0)), /Effective secure-session limit: 3/);
  });

  it("shows a declaration's doc comment on references to it", async () => {
    const onRef = await hover('runs.rpa', position(RUNS, 'BookScraper', 1));
    assert.match(onRef, /agent BookScraper/);
    assert.match(onRef, /Scrapes the catalogue of the example book shop/);
    assert.match(onRef, /Support Sessions: multiple/);
    const onRun = await hover('runs.rpa', position(RUNS, 'QuickBooks'));
    assert.match(onRun, /Sessions: 3 \(the bot's default from the Bot Configurator\)/);
  });

  it('explains step keywords, field functions, inputs and members', async () => {
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'paginate')), /paginate next SELECTOR max N/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'attr(')), /attr\(SELECTOR, NAME\)/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'exists(')), /Whether an element matches/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, '{category}', 2)), /Input \*\*category\*\* of agent `BookScraper` — default `"travel"`/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'input.category', 8)), /Input \*\*category\*\*/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, '{session}', 2)), /the session's ID/);
    assert.match(await hover('agents/books.rpa', position(AGENTS, 'as number', 4)), /Converts the text to a number/);
    assert.match(await hover('runs.rpa', position(RUNS, 'category: "poetry"')), /Input \*\*category\*\* of agent `BookScraper`/);
  });

  it('answers nothing on blank space', async () => {
    assert.equal(await hover('runs.rpa', { line: 11, character: 0 }), '');
  });
});
