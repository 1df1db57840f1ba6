// textDocument/semanticTokens/full, /full/delta and /range: the language service's classification
// encoded against the legend announced in `initialize`, computed once per document version.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensDelta } from 'vscode-languageserver/node';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../language/src/services/index';
import type { WorkspaceFile } from '../../../language/src/index';
import type { Feature } from '../context';
import { tokenEdits, tokensInRange } from '../token-data';

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const MODIFIER_BIT = new Map<string, number>(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

let nextResultId = 0;

function encode(file: WorkspaceFile): Required<SemanticTokens> {
  const builder = new SemanticTokensBuilder();
  for (const t of semanticTokens(file)) {
    const modifiers = t.modifiers.reduce((bits, m) => bits | (MODIFIER_BIT.get(m) ?? 0), 0);
    builder.push(t.line, t.character, t.length, TYPE_INDEX.get(t.type) ?? 0, modifiers);
  }
  return { resultId: String(++nextResultId), data: builder.build().data };
}

const EMPTY: Required<SemanticTokens> = { resultId: '0', data: [] };

export const semanticTokensFeature: Feature = {
  capabilities: () => ({
    semanticTokensProvider: {
      legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
      full: { delta: true },
      range: true,
    },
  }),
  register(ctx) {
    /** The tokens last sent for each document, which a delta request may name. */
    const sent = new Map<string, Required<SemanticTokens>>();
    const full = (uri: string, token: Parameters<typeof ctx.request>[1]) =>
      ctx.request(uri, token, EMPTY, (file) => encode(file), { background: 'semanticTokens' });
    ctx.connection.languages.semanticTokens.on(async (params, token) => {
      const tokens = await full(params.textDocument.uri, token);
      sent.set(ctx.key(params.textDocument.uri), tokens);
      return tokens;
    });
    ctx.connection.languages.semanticTokens.onDelta(async (params, token): Promise<SemanticTokens | SemanticTokensDelta> => {
      const key = ctx.key(params.textDocument.uri);
      const tokens = await full(params.textDocument.uri, token);
      const previous = sent.get(key);
      sent.set(key, tokens);
      if (previous?.resultId !== params.previousResultId) return tokens;
      return { resultId: tokens.resultId, edits: tokenEdits(previous.data, tokens.data) };
    });
    ctx.connection.languages.semanticTokens.onRange(async (params, token) => {
      const tokens = await full(params.textDocument.uri, token);
      return { data: tokensInRange(tokens.data, params.range) };
    });
    ctx.documents.onDidClose((e) => sent.delete(ctx.key(e.document.uri)));
  },
};
