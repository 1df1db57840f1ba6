// textDocument/hover: the language service's Markdown explanation of whatever is under the cursor
// (properties in the seed products' terms, effective limits, doc comments, steps and functions).
import type { Hover } from 'vscode-languageserver/node';
import { hover } from '../../../language/src/services/index';
import type { Feature } from '../context';
import { toRange } from '../convert';

export const hoverFeature: Feature = {
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover((params, token) =>
      ctx.request<Hover | null>(params.textDocument.uri, token, null, (_file, key) => {
        const h = hover(ctx.ws, key, params.position);
        return h ? { contents: { kind: 'markdown', value: h.contents }, range: toRange(h.range) } : null;
      }),
    );
  },
};
