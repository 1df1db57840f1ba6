// Outline, workspace symbols, semantic tokens, folding, formatting, inlay hints and code lenses
// over a real stdio LSP connection.
import * as assert from 'node:assert/strict';
import {
  CodeLensRequest,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  InlayHintRequest,
  SemanticTokensRequest,
  SymbolKind,
  WorkspaceSymbolRequest,
  type DocumentSymbol,
  type InitializeResult,
  type InlayHint,
  type SemanticTokensLegend,
  type SymbolInformation,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { position } from './lsp-client';
import { AGENTS, BOTS, RUNS } from './temp-workspace';
import { useServer } from './use-server';

/** Applies LSP edits to a text (edits do not overlap). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('server: outline, symbols, tokens, folding, formatting, hints and lenses', function () {
  const { ws, client } = useServer();

  const doc = (rel: string) => ({ textDocument: { uri: ws.uri(rel) } });

  it('gives an outline of declarations with their blocks, properties, steps and datasets', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, doc('agents/books.rpa'))) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['BookScraper', SymbolKind.Interface]]);
    const children = symbols[0].children ?? [];
    assert.deepEqual(children.map((c) => c.name), ['sessions', 'sessionTimeout', 'removeSession', 'cleanupExternalSessionData', 'input', 'export', 'steps']);
    const steps = children.find((c) => c.name === 'steps');
    const paginate = steps?.children?.find((c) => c.name === 'paginate');
    const books = paginate?.children?.find((c) => c.name === 'books');
    assert.equal(books?.kind, SymbolKind.Struct);
    assert.deepEqual(books?.children?.map((c) => c.name), ['title', 'price', 'inStock', 'link', 'category']);
    const bots = (await client.connection.sendRequest(DocumentSymbolRequest.type, doc('bots.rpa'))) as DocumentSymbol[];
    const login = bots[0].children?.find((c) => c.name === 'configurator')?.children?.find((c) => c.name === 'login');
    const password = login?.children?.find((c) => c.name === 'password');
    assert.equal(password?.detail, undefined, 'password values stay out of the outline');
  });

  it('finds bots, agents and runs of every file by a fuzzy query', async () => {
    const found = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'fnbot' })) as SymbolInformation[];
    assert.deepEqual(found.map((s) => [s.name, s.kind, s.location.uri]), [['FinanceBot', SymbolKind.Class, ws.uri('bots.rpa')]]);
    const all = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
    assert.deepEqual(all.map((s) => s.name).sort(), ['BookScraper', 'FinanceBot', 'NightlyBooks', 'QuickBooks', 'ReportsBot']);
  });

  it('classifies tokens against the announced legend', async () => {
    const legend = (client.initializeResult as InitializeResult).capabilities.semanticTokensProvider?.legend as SemanticTokensLegend;
    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, doc('runs.rpa'));
    const decoded: Array<{ text: string; type: string; modifiers: string[] }> = [];
    const lines = RUNS.split('\n');
    let line = 0;
    let char = 0;
    const data = tokens?.data ?? [];
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
      const modifiers = legend.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
      decoded.push({ text: lines[line].slice(char, char + data[i + 2]), type: legend.tokenTypes[data[i + 3]], modifiers });
    }
    const find = (text: string) => decoded.find((t) => t.text === text);
    assert.deepEqual(find('run'), { text: 'run', type: 'keyword', modifiers: [] });
    assert.deepEqual(find('NightlyBooks'), { text: 'NightlyBooks', type: 'function', modifiers: ['declaration'] });
    assert.deepEqual(find('FinanceBot'), { text: 'FinanceBot', type: 'class', modifiers: [] });
    assert.deepEqual(find('secure'), { text: 'secure', type: 'enumMember', modifiers: [] });
    assert.deepEqual(find('10m'), { text: '10m', type: 'number', modifiers: [] });
    assert.deepEqual(find('category'), { text: 'category', type: 'parameter', modifiers: [] });
    assert.equal(find('// Every night: three categories in parallel secure sessions.')?.type, 'comment');
    assert.ok(decoded.every((t) => t.text.length > 0));
  });

  it('folds blocks, steps and comment runs', async () => {
    const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, doc('bots.rpa'));
    const spans = (ranges ?? []).map((r) => [r.startLine, r.endLine, r.kind]);
    assert.deepEqual(spans, [
      [0, 1, 'comment'],
      [2, 14, 'region'],
      [6, 8, 'region'],
      [10, 12, 'region'],
      [17, 20, 'region'],
    ]);
    const agent = await client.connection.sendRequest(FoldingRangeRequest.type, doc('agents/books.rpa'));
    const paginate = position(AGENTS, 'paginate').line;
    assert.ok(agent?.some((r) => r.startLine === paginate), 'a step body folds');
  });

  it('formats a document and a range with the core formatter', async () => {
    const messy = 'bot   MessyBot{\nmode:desktop,host:"h"\n    manager {description:"d"}}\n';
    const uri = ws.uri('messy.rpa');
    await client.open(uri, messy);
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options });
    assert.equal(apply(messy, edits ?? []), 'bot MessyBot {\n  mode: desktop\n  host: "h"\n  manager { description: "d" }\n}\n');
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } };
    const ranged = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range, options });
    assert.ok((ranged ?? []).length > 0);
    await client.close(uri);
  });

  it('leaves a file with syntax errors alone and says which error to fix', async () => {
    const uri = ws.uri('broken.rpa');
    await client.open(uri, 'bot Broken {\n  mode: \n}\n');
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(edits, []);
    const message = await client.waitFor('a warning about formatting', () => client.messages.find((m) => m.message.startsWith('Cannot format')));
    assert.match(message.message, /line 3, column 1 has a syntax error/);
    await client.close(uri);
  });

  it("shows the effective limit beside a run's sessions and beside a run that omits them", async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
    const hints = (await client.connection.sendRequest(InlayHintRequest.type, { ...doc('runs.rpa'), range })) as InlayHint[];
    assert.deepEqual(
      hints.map((h) => [h.position, h.label]),
      [
        [{ line: 5, character: 13 }, 'limit 3 (Bot Configurator)'],
        [position(RUNS, ' {\n  bot: FinanceBot\n  agent: BookScraper\n}'), 'sessions: 3 from Bot Configurator · limit 3 (Bot Configurator)'],
      ],
    );
    assert.match(typeof hints[0].tooltip === 'object' ? hints[0].tooltip.value : '', /Effective secure-session limit: 3/);
  });

  it('puts Run | Debug | Deploy lenses on every run', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, doc('runs.rpa'));
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [1, 'Run', 'rpa.run', [ws.uri('runs.rpa'), 'NightlyBooks']],
        [1, 'Debug', 'rpa.debug', [ws.uri('runs.rpa'), 'NightlyBooks']],
        [1, 'Deploy', 'rpa.deploy', [ws.uri('runs.rpa'), 'NightlyBooks']],
        [12, 'Run', 'rpa.run', [ws.uri('runs.rpa'), 'QuickBooks']],
        [12, 'Debug', 'rpa.debug', [ws.uri('runs.rpa'), 'QuickBooks']],
        [12, 'Deploy', 'rpa.deploy', [ws.uri('runs.rpa'), 'QuickBooks']],
      ],
    );
    const none = await client.connection.sendRequest(CodeLensRequest.type, doc('bots.rpa'));
    assert.deepEqual(none, []);
    void BOTS;
  });
});
