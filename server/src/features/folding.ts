// textDocument/foldingRange: declarations, nested blocks, session entries, steps and step bodies,
// block comments and runs of comment lines, as the language service finds them.
import { FoldingRangeKind } from 'vscode-languageserver/node';
import { foldingRanges } from '../../../language/src/services/index';
import type { Feature } from '../context';

export const foldingFeature: Feature = {
  capabilities: () => ({ foldingRangeProvider: true }),
  register(ctx) {
    ctx.connection.onFoldingRanges((params, token) =>
      ctx.request(params.textDocument.uri, token, [], (file) =>
        foldingRanges(file).map((r) => ({
          startLine: r.startLine,
          endLine: r.endLine,
          kind: r.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region,
        })),
        { background: 'folding' },
      ),
    );
  },
};
