// textDocument/semanticTokens/full: the language service's classification encoded against the
// legend announced in `initialize`.
import { SemanticTokensBuilder } from 'vscode-languageserver/node';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../language/src/services/index';
import type { Feature } from '../context';

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const MODIFIER_BIT = new Map<string, number>(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

export const semanticTokensFeature: Feature = {
  capabilities: () => ({
    semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true, range: false },
  }),
  register(ctx) {
    ctx.connection.languages.semanticTokens.on((params, token) =>
      ctx.request(params.textDocument.uri, token, { data: [] }, (file) => {
        const builder = new SemanticTokensBuilder();
        for (const t of semanticTokens(file)) {
          const modifiers = t.modifiers.reduce((bits, m) => bits | (MODIFIER_BIT.get(m) ?? 0), 0);
          builder.push(t.line, t.character, t.length, TYPE_INDEX.get(t.type) ?? 0, modifiers);
        }
        return builder.build();
      }),
    );
  },
};
