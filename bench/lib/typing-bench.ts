// Typing as VS Code does it, for the server benchmark: each key an edit then a completion request,
// with the background requests editors send (semantic tokens, symbols, folding, hints, lenses) every n-th key.
import { performance } from 'node:perf_hooks';
import {
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  InlayHintRequest,
  SemanticTokensDeltaRequest,
  SemanticTokensRequest,
  type Position,
} from 'vscode-languageserver-protocol/node';
import type { LspClient } from '../../test/server/lsp-client';

/** How the background requests of one run ended: answered, or refused as outdated or cancelled. */
export interface BackgroundOutcome {
  answered: number;
  refused: number;
}

/**
 * Completion latencies (sorted) over `keys` keys that alternately insert and delete a space on a
 * `timeout:` line; `every` = send the background requests every n-th key (0: never). The background
 * answers are not waited for key by key, as an editor does not wait for them before the next key.
 */
export async function typing(client: LspClient, uri: string, at: Position, keys: number, every: number): Promise<{ samples: number[]; background: BackgroundOutcome }> {
  const c = client.connection;
  const textDocument = { uri };
  const samples: number[] = [];
  const pending: Promise<unknown>[] = [];
  const background: BackgroundOutcome = { answered: 0, refused: 0 };
  const track = (p: Promise<unknown>) =>
    pending.push(p.then(() => background.answered++, () => background.refused++));
  let resultId: string | undefined;
  for (let i = 0; i < keys; i++) {
    const [from, to] = i % 2 === 0 ? ['  timeout: ', '  timeout:  '] : ['  timeout:  ', '  timeout: '];
    const t0 = performance.now();
    await client.edit(uri, from, to);
    if (every && i % every === 0) {
      const tokens = resultId
        ? c.sendRequest(SemanticTokensDeltaRequest.type, { textDocument, previousResultId: resultId })
        : c.sendRequest(SemanticTokensRequest.type, { textDocument });
      track(tokens.then((t) => (resultId = t?.resultId ?? resultId)));
      track(c.sendRequest(DocumentSymbolRequest.type, { textDocument }));
      track(c.sendRequest(FoldingRangeRequest.type, { textDocument }));
      const visible = { start: { line: Math.max(0, at.line - 30), character: 0 }, end: { line: at.line + 30, character: 0 } };
      track(c.sendRequest(InlayHintRequest.type, { textDocument, range: visible }));
      track(c.sendRequest(CodeLensRequest.type, { textDocument }));
    }
    await c.sendRequest(CompletionRequest.type, { textDocument, position: at });
    samples.push(performance.now() - t0);
  }
  await Promise.all(pending);
  return { samples: samples.sort((a, b) => a - b), background };
}
