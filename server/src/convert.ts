// Translations between the language core's plain data and LSP types: ranges, diagnostics (code,
// severity, source "rpa", related information) and text edits grouped into a workspace edit.
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Position as LspPosition,
  type Range as LspRange,
  type SnippetTextEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Range, Severity, TextEdit } from '../../language/src/index';

export function toPosition(p: { line: number; character: number }): LspPosition {
  return { line: p.line, character: p.character };
}

export function toRange(r: Range): LspRange {
  return { start: toPosition(r.start), end: toPosition(r.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(d: Diagnostic, clientUri: (key: string) => string): LspDiagnostic {
  const out: LspDiagnostic = { range: toRange(d.range), severity: SEVERITY[d.severity], code: d.code, source: 'rpa', message: d.message };
  if (d.related?.length)
    out.relatedInformation = d.related.map((r) => ({ location: { uri: clientUri(r.uri), range: toRange(r.range) }, message: r.message }));
  return out;
}

/**
 * Groups edits by file into a workspace edit. With `snippets` (the client takes snippet edits), an edit
 * with a snippet form is sent as one (placeholders, choices); otherwise as its plain text.
 */
export function toWorkspaceEdit(edits: readonly TextEdit[], clientUri: (key: string) => string, snippets = false): WorkspaceEdit {
  if (!snippets || !edits.some((e) => e.snippet !== undefined)) {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of edits) (changes[clientUri(e.uri)] ??= []).push({ range: toRange(e.range), newText: e.newText });
    return { changes };
  }
  const byUri = new Map<string, Array<LspTextEdit | SnippetTextEdit>>();
  for (const e of edits) {
    const list = byUri.get(clientUri(e.uri)) ?? [];
    list.push(e.snippet !== undefined ? { range: toRange(e.range), snippet: { kind: 'snippet', value: e.snippet } } : { range: toRange(e.range), newText: e.newText });
    byUri.set(clientUri(e.uri), list);
  }
  return { documentChanges: [...byUri].map(([uri, list]) => ({ textDocument: { uri, version: null }, edits: list })) };
}

/** Whether two ranges share at least one position (ends included). */
export function overlaps(a: LspRange, b: LspRange): boolean {
  const before = (p: LspPosition, q: LspPosition) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
