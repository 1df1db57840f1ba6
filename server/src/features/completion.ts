// textDocument/completion: translates the language service's completion entries to LSP items
// (snippets when the client supports them, Markdown documentation, replace ranges).
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver/node';
import { complete, type CompletionEntry, type CompletionKind } from '../../../language/src/services/index';
import type { Feature } from '../context';
import { toRange } from '../convert';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  property: CompletionItemKind.Property,
  block: CompletionItemKind.Module,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  type: CompletionItemKind.TypeParameter,
};

function toItem(e: CompletionEntry, snippets: boolean): CompletionItem {
  const snippet = snippets && e.snippet;
  const text = e.insertText && (snippet || !e.snippet) ? e.insertText : e.label;
  return {
    label: e.label,
    kind: KIND[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: 'markdown', value: e.documentation } : undefined,
    sortText: e.sortText,
    filterText: e.filterText,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: toRange(e.range), newText: text },
  };
}

export const completionFeature: Feature = {
  capabilities: () => ({ completionProvider: { triggerCharacters: ['.', '{', ':'], resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCompletion((params, token) => {
      const snippets = ctx.client.textDocument?.completion?.completionItem?.snippetSupport === true;
      return ctx.request(params.textDocument.uri, token, [], (_file, key) =>
        complete(ctx.ws, key, params.position).map((e) => toItem(e, snippets)),
      );
    });
  },
};
