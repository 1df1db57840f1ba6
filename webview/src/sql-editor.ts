// The panel's Monaco SQL editor (bundled, no CDN, no web workers): SQL highlighting, completion of
// the store's tables and columns, Ctrl/Cmd+Enter to run, and an error marker where SQLite points.
import 'monaco-editor/esm/vs/editor/edcore.main';
import 'monaco-editor/esm/vs/basic-languages/sql/sql.contribution';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import type { PanelError, StoreTable } from '../../runtime/src/panel-protocol';
import { followVsCodeTheme } from './monaco-theme';

// SQL needs no language worker; Monaco then runs its small editor worker on the main thread.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => {
    throw new Error('The Sessions panel runs Monaco without web workers.');
  },
};

const KEYWORDS = ['SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'OFFSET', 'JOIN', 'LEFT JOIN', 'ON', 'AS', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'IS NULL', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'DISTINCT', 'WITH', 'HAVING', 'DESC', 'ASC', 'EXPLAIN QUERY PLAN'];

/** A table name as SQL needs it: dataset tables ("Agent.dataset") must be quoted. */
function sqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export class SqlEditor {
  private readonly editor: monaco.editor.IStandaloneCodeEditor;
  private tables: StoreTable[] = [];

  constructor(container: HTMLElement, text: string, onRun: () => void, onChange: (text: string) => void) {
    followVsCodeTheme();
    this.editor = monaco.editor.create(container, {
      value: text,
      language: 'sql',
      theme: 'rpa-vscode',
      minimap: { enabled: false },
      automaticLayout: true,
      scrollBeyondLastLine: false,
      lineNumbers: 'on',
      wordBasedSuggestions: 'off',
      fontSize: 13,
      ariaLabel: 'SQL query over the session store (read-only). Ctrl+Enter or Cmd+Enter runs it.',
    });
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, onRun);
    this.editor.onDidChangeModelContent(() => {
      monaco.editor.setModelMarkers(this.model(), 'rpa-sql', []);
      onChange(this.text);
    });
    monaco.languages.registerCompletionItemProvider('sql', {
      triggerCharacters: ['.', '"', ' '],
      provideCompletionItems: (model, position) => this.complete(model, position),
    });
  }

  get text(): string {
    return this.editor.getValue();
  }

  setTables(tables: StoreTable[]): void {
    this.tables = tables;
  }

  /** Marks the error at its place in the text (the whole text when SQLite names no token). */
  showError(error: PanelError | undefined): void {
    const model = this.model();
    if (!error) return monaco.editor.setModelMarkers(model, 'rpa-sql', []);
    const start = model.getPositionAt(error.offset ?? 0);
    const end = model.getPositionAt(error.offset === undefined ? model.getValueLength() : error.offset + Math.max(1, error.length ?? 1));
    monaco.editor.setModelMarkers(model, 'rpa-sql', [
      { severity: monaco.MarkerSeverity.Error, message: error.message, startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
    ]);
  }

  focus(): void {
    this.editor.focus();
  }

  private model(): monaco.editor.ITextModel {
    return this.editor.getModel()!;
  }

  private complete(model: monaco.editor.ITextModel, position: monaco.Position): monaco.languages.CompletionList {
    const word = model.getWordUntilPosition(position);
    const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
    const kinds = monaco.languages.CompletionItemKind;
    const suggestions: monaco.languages.CompletionItem[] = [];
    for (const t of this.tables) {
      suggestions.push({ label: t.name, kind: kinds.Struct, insertText: sqlName(t.name), detail: `table · ${t.columns.length} columns`, range });
      for (const c of t.columns) suggestions.push({ label: { label: c, description: t.name }, kind: kinds.Field, insertText: sqlName(c), detail: `column of ${t.name}`, range });
    }
    for (const k of KEYWORDS) suggestions.push({ label: k, kind: kinds.Keyword, insertText: k, range });
    return { suggestions };
  }
}
