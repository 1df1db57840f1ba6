// One Sessions panel per workspace folder: the WebviewPanel (CSP, local resources only), its data
// service and message router, save dialogs for exports, and Close session through the folder's runtime.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PanelDataService } from '../../../runtime/src/node/panel-data/panel-data-service';
import type { ExportFormat, GridSource, HostToWebview, WebviewToHost } from '../../../runtime/src/panel-protocol';
import type { Ctx } from '../ctx';
import { reportFailure } from '../runtime/refusal';
import { storeDirFor } from '../runtime/store-setting';
import { panelHtml } from './panel-html';
import { PanelRouter, type PanelActions } from './panel-router';

export const PANEL_VIEW_TYPE = 'rpa.sessionsPanel';
/** Engine events re-read the store at most this often (the runtime commits what sessions record every 250 ms). */
const REFRESH_EVERY_MS = 200;

/** What VS Code keeps of a panel across a window reload (the webview keeps the rest itself). */
export interface PanelRestoreState {
  folder: string;
}

export class SessionsPanel {
  private readonly router: PanelRouter;
  private readonly service: PanelDataService;
  private readonly disposables: vscode.Disposable[] = [];
  /** Posted once the webview says it is ready (messages sent before are lost). */
  private readonly queued: HostToWebview[] = [];
  private ready = false;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: Ctx,
    readonly folder: vscode.WorkspaceFolder,
    readonly panel: vscode.WebviewPanel,
    private readonly onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.title = `Sessions — ${folder.name}`;
    this.service = new PanelDataService({ storeDir: storeDirFor(folder), workerScript: join(dist.fsPath, 'panel-data-worker.js') });
    this.router = new PanelRouter(this.service, this.actions(), (m) => this.post(m));
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: panel.title,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => {
        if (m.type === 'ready') return this.flush();
        void this.router.handle(m);
      }),
      panel.onDidDispose(() => this.dispose()),
      ctx.runtimes.engineEvents.on((e) => e.folder === folder.uri.toString() && this.refreshSoon()),
    );
  }

  /** Shows the panel (and the session, if one is named). */
  reveal(sessionId?: string): void {
    this.panel.reveal(undefined, false);
    if (sessionId) this.post({ type: 'select', sessionId });
  }

  /**
   * A session of this folder changed in this window (status, progress, records): the data worker re-reads
   * the store now rather than when the file watcher notices; it then tells the webview what changed.
   */
  private refreshSoon(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.service.call('refresh', []).catch((e: unknown) => this.ctx.output.warn(`Sessions panel: re-reading the session store failed: ${e instanceof Error ? e.message : String(e)}`));
    }, REFRESH_EVERY_MS);
  }

  private post(m: HostToWebview): void {
    if (!this.ready) return void this.queued.push(m);
    void this.panel.webview.postMessage(m);
  }

  private flush(): void {
    this.ready = true;
    this.post({ type: 'folder', name: this.folder.name, uri: this.folder.uri.toString() });
    for (const m of this.queued.splice(0)) this.post(m);
  }

  private actions(): PanelActions {
    return {
      exportFile: async (source: GridSource, format: ExportFormat) => {
        const base = source.kind === 'dataset' ? `${source.sessionId}-${source.dataset}` : 'query-result';
        const uri = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(this.folder.uri, `${base}.${format}`),
          filters: format === 'csv' ? { 'CSV files': ['csv'] } : { 'JSON files': ['json'] },
          title: `Export ${source.kind === 'dataset' ? `the ${source.dataset} records of session ${source.sessionId}` : 'the query result'} to ${format.toUpperCase()}`,
        });
        return uri?.fsPath;
      },
      closeSession: async (sessionId: string) => {
        const choice = await vscode.window.showWarningMessage(
          `Close session ${sessionId}?`,
          {
            modal: true,
            detail:
              'Its records in the session store (and its rows in a database export, when Cleanup External Session Data is on) are removed now; ' +
              'its status stays, as closed. CSV, JSON and script exports are kept.',
          },
          'Close Session',
        );
        if (choice !== 'Close Session') return false;
        try {
          const runtime = await this.ctx.runtimes.load(this.folder);
          await runtime.engine.closeSession(sessionId);
          return true;
        } catch (e) {
          await reportFailure(this.ctx.output, `Closing session ${sessionId}`, e);
          return false;
        }
      },
    };
  }

  private dispose(): void {
    clearTimeout(this.refreshTimer);
    this.router.dispose();
    void this.service.close();
    for (const d of this.disposables) d.dispose();
    this.onDispose();
  }
}
