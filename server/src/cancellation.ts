// A request the client cancelled fails with RequestCancelled instead of computing a result nobody
// reads; shared by the request guard (context.ts) and the background requests (background.ts).
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}
