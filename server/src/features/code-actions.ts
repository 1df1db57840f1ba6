// textDocument/codeAction: every mechanical fix the checks attach to a diagnostic in the requested
// range becomes a quick fix (edits may reach other files, e.g. declaring an input in the agent's file).
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { checkFile } from '../../../language/src/index';
import type { Feature } from '../context';
import { overlaps, toDiagnostic, toRange, toWorkspaceEdit } from '../convert';

export const codeActionFeature: Feature = {
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } }),
  register(ctx) {
    ctx.connection.onCodeAction((params, token) =>
      ctx.request<CodeAction[]>(params.textDocument.uri, token, [], (_file, key) => {
        const only = params.context.only;
        if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
        const clientUri = (u: string) => ctx.clientUri(u);
        const snippets = ctx.client.workspace?.workspaceEdit?.snippetEditSupport === true;
        const actions: CodeAction[] = [];
        for (const d of checkFile(ctx.ws, key)) {
          if (!d.fixes?.length || !overlaps(toRange(d.range), params.range)) continue;
          const diagnostic = toDiagnostic(d, clientUri);
          for (const fix of d.fixes) {
            actions.push({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              isPreferred: fix.preferred,
              edit: toWorkspaceEdit(fix.edits, clientUri, snippets),
            });
          }
        }
        return actions;
      }),
    );
  },
};
