// textDocument/documentSymbol (the outline, with children) and workspace/symbol (every bot, agent
// and run in the workspace, fuzzy-matched).
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import { documentSymbols, workspaceSymbols, type OutlineKind, type OutlineSymbol } from '../../../language/src/services/index';
import { throwIfCancelled } from '../cancellation';
import type { Feature } from '../context';
import { toRange } from '../convert';

const KIND: Record<OutlineKind, SymbolKind> = {
  bot: SymbolKind.Class,
  agent: SymbolKind.Interface,
  run: SymbolKind.Function,
  property: SymbolKind.Property,
  block: SymbolKind.Namespace,
  session: SymbolKind.Object,
  export: SymbolKind.Property,
  steps: SymbolKind.Array,
  step: SymbolKind.Event,
  dataset: SymbolKind.Struct,
  field: SymbolKind.Field,
};

/** One outline symbol; an empty `children` and a missing `detail` are left out (a 10,000-line outline is mostly leaves). */
function toSymbol(s: OutlineSymbol): DocumentSymbol {
  const symbol: DocumentSymbol = { name: s.name, kind: KIND[s.kind], range: toRange(s.range), selectionRange: toRange(s.selectionRange) };
  if (s.detail !== undefined) symbol.detail = s.detail;
  if (s.children.length) symbol.children = s.children.map(toSymbol);
  return symbol;
}

export const documentSymbolFeature: Feature = {
  capabilities: () => ({ documentSymbolProvider: { label: 'RPA' } }),
  register(ctx) {
    ctx.connection.onDocumentSymbol((params, token) =>
      ctx.request(params.textDocument.uri, token, [], (_file, key) => documentSymbols(ctx.ws, key).map(toSymbol), { background: 'documentSymbols' }),
    );
  },
};

export const workspaceSymbolFeature: Feature = {
  capabilities: () => ({ workspaceSymbolProvider: true }),
  register(ctx) {
    ctx.connection.onWorkspaceSymbol(async (params, token): Promise<SymbolInformation[]> => {
      await ctx.ready;
      await new Promise((resolve) => setImmediate(resolve));
      throwIfCancelled(token);
      ctx.syncAll();
      return workspaceSymbols(ctx.ws, params.query).map((s) => ({
        name: s.name,
        kind: KIND[s.kind],
        location: { uri: ctx.clientUri(s.uri), range: toRange(s.range) },
        containerName: s.container,
      }));
    });
  },
};
