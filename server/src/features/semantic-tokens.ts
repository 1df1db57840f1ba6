// textDocument/semanticTokens/full, /full/delta and /range: the language service's classification
// encoded against the legend announced in `initialize`, computed once per document version from per-declaration segments.
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver/node';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../language/src/services/index';
import type { Feature } from '../context';
import { tokenEdits, tokensInRange } from '../token-data';
import { TokenEncoder } from '../token-cache';

let nextResultId = 0;

/** A version's tokens as the server keeps them (typed: see token-cache.ts); sent as a plain array. */
interface Encoded {
  resultId: string;
  data: Uint32Array;
}

const EMPTY: Encoded = { resultId: '0', data: new Uint32Array(0) };
const plain = (t: Encoded): SemanticTokens => ({ resultId: t.resultId, data: Array.from(t.data) });

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
    const sent = new Map<string, Encoded>();
    const encoder = new TokenEncoder();
    const full = (uri: string, token: Parameters<typeof ctx.request>[1]) =>
      ctx.request<Encoded>(uri, token, EMPTY, (file) => ({ resultId: String(++nextResultId), data: encoder.encode(file) }), { background: 'semanticTokens' });
    ctx.connection.languages.semanticTokens.on(async (params, token) => {
      const tokens = await full(params.textDocument.uri, token);
      sent.set(ctx.key(params.textDocument.uri), tokens);
      return plain(tokens);
    });
    ctx.connection.languages.semanticTokens.onDelta(async (params, token): Promise<SemanticTokens | SemanticTokensDelta> => {
      const key = ctx.key(params.textDocument.uri);
      const tokens = await full(params.textDocument.uri, token);
      const previous = sent.get(key);
      sent.set(key, tokens);
      if (previous?.resultId !== params.previousResultId) return plain(tokens);
      return { resultId: tokens.resultId, edits: tokenEdits(previous.data, tokens.data) };
    });
    ctx.connection.languages.semanticTokens.onRange(async (params, token) => {
      const tokens = await full(params.textDocument.uri, token);
      return { data: tokensInRange(tokens.data, params.range) };
    });
    ctx.documents.onDidClose((e) => sent.delete(ctx.key(e.document.uri)));
  },
};
