// textDocument/prepareRename and textDocument/rename across files; a refused rename (invalid name,
// clash with an existing declaration or input) fails with the language service's explanation.
import { LSPErrorCodes, ResponseError, type PrepareRenameResult, type WorkspaceEdit } from 'vscode-languageserver/node';
import { prepareRename, rename } from '../../../language/src/services/index';
import type { Feature } from '../context';
import { toRange, toWorkspaceEdit } from '../convert';

export const renameFeature: Feature = {
  capabilities: (client) => ({ renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true }),
  register(ctx) {
    ctx.connection.onPrepareRename((params, token) =>
      ctx.request<PrepareRenameResult | null>(params.textDocument.uri, token, null, (_file, key) => {
        const result = prepareRename(ctx.ws, key, params.position);
        if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
        return { range: toRange(result.range), placeholder: result.placeholder };
      }),
    );
    ctx.connection.onRenameRequest((params, token) =>
      ctx.request<WorkspaceEdit | null>(
        params.textDocument.uri,
        token,
        null,
        (_file, key) => {
          const result = rename(ctx.ws, key, params.position, params.newName);
          if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
          return toWorkspaceEdit(result.edits, (u) => ctx.clientUri(u));
        },
        { yieldFirst: true },
      ),
    );
  },
};
