// The status bar item: the language server's state (starting, ready, stopped, error) and the
// workspace's error and warning counts in .rpa files; clicking it shows the RPA Sessions output.
import * as vscode from 'vscode';
import { plural } from '../../runtime/src/node/run-report';

export type ServerState =
  | { kind: 'starting' }
  | { kind: 'ready' }
  | { kind: 'stopped' }
  | { kind: 'error'; message: string };

interface Counts {
  errors: number;
  warnings: number;
}

const RPA_FILE = /\.rpa$/i;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly diagnosticsListener: vscode.Disposable;
  /** Error and warning counts per .rpa file, updated only for the files whose diagnostics changed. */
  private readonly counts = new Map<string, Counts>();
  private state: ServerState = { kind: 'starting' };

  constructor(showOutputCommand: string) {
    this.item = vscode.window.createStatusBarItem('rpa.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'RPA Sessions';
    this.item.command = showOutputCommand;
    this.diagnosticsListener = vscode.languages.onDidChangeDiagnostics((e) => this.recount(e.uris));
    this.recount(vscode.languages.getDiagnostics().map(([uri]) => uri));
    this.render();
    this.item.show();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  dispose(): void {
    this.diagnosticsListener.dispose();
    this.item.dispose();
  }

  private recount(uris: readonly vscode.Uri[]): void {
    let changed = false;
    for (const uri of uris) {
      if (!RPA_FILE.test(uri.path)) continue;
      const counts: Counts = { errors: 0, warnings: 0 };
      for (const d of vscode.languages.getDiagnostics(uri)) {
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      }
      const key = uri.toString();
      if (counts.errors || counts.warnings) this.counts.set(key, counts);
      else this.counts.delete(key);
      changed = true;
    }
    if (changed) this.render();
  }

  private totals(): Counts {
    const total: Counts = { errors: 0, warnings: 0 };
    for (const c of this.counts.values()) {
      total.errors += c.errors;
      total.warnings += c.warnings;
    }
    return total;
  }

  private render(): void {
    const { errors, warnings } = this.totals();
    const problems = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in .rpa files`;
    this.item.backgroundColor = undefined;
    switch (this.state.kind) {
      case 'starting':
        this.item.text = '$(sync~spin) RPA';
        this.item.tooltip = 'RPA Sessions: the language server is starting…';
        break;
      case 'ready':
        this.item.text = errors || warnings ? `$(check) RPA $(error) ${errors} $(warning) ${warnings}` : '$(check) RPA';
        this.item.tooltip = `RPA Sessions: the language server is ready. ${problems}. Click to show the output.`;
        break;
      case 'stopped':
        this.item.text = '$(debug-stop) RPA';
        this.item.tooltip =
          'RPA Sessions: the language server is stopped, so .rpa files are not checked. Run "RPA Sessions: Restart Language Server" to start it again.';
        break;
      case 'error':
        this.item.text = '$(error) RPA';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        this.item.tooltip = `RPA Sessions: ${this.state.message} Click to show the output; then run "RPA Sessions: Restart Language Server".`;
        break;
    }
    this.item.accessibilityInformation = { label: `RPA Sessions language server ${this.state.kind}; ${problems}` };
  }
}
