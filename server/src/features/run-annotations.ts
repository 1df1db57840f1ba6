// textDocument/inlayHint (the effective secure-session limit beside each run) and
// textDocument/codeLens (Run | Debug | Deploy on each run, invoking rpa.run / rpa.debug / rpa.deploy).
import { InlayHintKind, type CodeLens, type InlayHint } from 'vscode-languageserver/node';
import { codeLenses, inlayHints } from '../../../language/src/services/index';
import type { Feature } from '../context';
import { toPosition, toRange } from '../convert';

export const inlayHintFeature: Feature = {
  capabilities: () => ({ inlayHintProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.languages.inlayHint.on((params, token) =>
      ctx.request<InlayHint[]>(params.textDocument.uri, token, [], (_file, key) =>
        inlayHints(ctx.ws, key, params.range.start.line, params.range.end.line).map((h) => ({
          position: toPosition(h.position),
          label: h.label,
          kind: InlayHintKind.Type,
          tooltip: { kind: 'markdown', value: h.tooltip },
          paddingLeft: true,
        })),
        { background: 'inlayHints', variant: `${params.range.start.line}-${params.range.end.line}` },
      ),
    );
  },
};

export const codeLensFeature: Feature = {
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens((params, token) =>
      ctx.request<CodeLens[]>(params.textDocument.uri, token, [], (_file, key) =>
        codeLenses(ctx.ws, key).map((l) => ({
          range: toRange(l.range),
          command: { title: l.title, command: l.command, arguments: [ctx.clientUri(l.arguments[0]), l.arguments[1]] },
        })),
        { background: 'codeLenses' },
      ),
    );
  },
};
