// textDocument/formatting and rangeFormatting with the core's formatter. A file with syntax errors
// is left as it is and the user is told which error to fix first.
import type { FormattingOptions, TextEdit } from 'vscode-languageserver/node';
import { format, formatEdits, formatRange, type FormatEdit, type FormatOptions, type ParseResult, type WorkspaceFile } from '../../../language/src/index';
import type { Feature, ServerContext } from '../context';
import { toRange } from '../convert';

function options(o: FormattingOptions): FormatOptions {
  return { indent: Math.min(8, Math.max(1, Math.round(o.tabSize || 2))) };
}

function formatted(ctx: ServerContext, file: WorkspaceFile, opts: FormatOptions, edits: (parsed: ParseResult) => FormatEdit[]): TextEdit[] {
  if (file.parseErrors.length) {
    const result = format(file.text, opts);
    if ('error' in result) ctx.warn(result.error);
    return [];
  }
  return edits({ ast: file.ast, errors: file.parseErrors }).map((e) => ({ range: toRange(e.range), newText: e.newText }));
}

export const formattingFeature: Feature = {
  capabilities: () => ({ documentFormattingProvider: true, documentRangeFormattingProvider: true }),
  register(ctx) {
    ctx.connection.onDocumentFormatting((params, token) =>
      ctx.request(params.textDocument.uri, token, [], (file) => {
        const opts = options(params.options);
        return formatted(ctx, file, opts, (parsed) => formatEdits(file.text, opts, parsed));
      }),
    );
    ctx.connection.onDocumentRangeFormatting((params, token) =>
      ctx.request(params.textDocument.uri, token, [], (file) => {
        const opts = options(params.options);
        return formatted(ctx, file, opts, (parsed) => formatRange(file.text, params.range, opts, parsed));
      }),
    );
  },
};
