// Where "Open data" goes: the Sessions panel when it is installed (rpa.sessionsPanel.open); else a
// read-only JSON document of the session's records (as `rpa-sessions sessions data ID --format json`).
import * as vscode from 'vscode';
import { formatPagesJson, readDatasetPage } from '../../../cli/src/output/session-report';
import type { Ctx } from '../ctx';
import { guarded } from '../runtime/refusal';
import { readingStore, sessionOrRefusal } from './folder-store';

export const PANEL_OPEN_COMMAND = 'rpa.sessionsPanel.open';
export const OPEN_SESSION_DATA_COMMAND = 'rpa.openSessionData';
const SCHEME = 'rpa-session-data';
/** The JSON document shows at most this many records per dataset (the export writes them all). */
export const DOCUMENT_ROWS = 10_000;

/** A session's records as JSON (read when "Open data" is chosen), as read-only virtual documents. */
class SessionDataDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Reads the session's records now (a refusal when it is gone) and returns its document's URI. */
  async load(ctx: Ctx, folderUri: string, id: string): Promise<vscode.Uri> {
    const text = await readingStore(ctx, folderUri, (store) => {
      const info = sessionOrRefusal(ctx, folderUri, store, id);
      return formatPagesJson(id, store.datasets(id).map((d) => readDatasetPage(store, info, d.dataset, 0, DOCUMENT_ROWS)));
    });
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${id}.json`, query: new URLSearchParams({ folder: folderUri }).toString() });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '{}\n';
  }
}

const documents = new SessionDataDocuments();

export function openSessionData(ctx: Ctx): (folderUri: string, sessionId: string) => Promise<void> {
  return guarded(ctx.output, 'Open session data', async (folderUri: string, sessionId: string) => {
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(PANEL_OPEN_COMMAND)) {
      await vscode.commands.executeCommand(PANEL_OPEN_COMMAND, { folder: folderUri, sessionId });
      return;
    }
    const doc = await vscode.workspace.openTextDocument(await documents.load(ctx, folderUri, sessionId));
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    void vscode.window.showInformationMessage(
      `RPA Sessions: The Sessions panel is not installed, so session "${sessionId}"'s records are shown as read-only JSON (at most ${DOCUMENT_ROWS.toLocaleString('en-US')} per dataset; Export CSV / JSON writes them all).`,
    );
  });
}

/** The read-only documents, and rpa.openSessionData(folderUri, sessionId) unless something else registered it. */
export async function registerSessionData(ctx: Ctx): Promise<void> {
  ctx.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents));
  if ((await vscode.commands.getCommands(true)).includes(OPEN_SESSION_DATA_COMMAND)) return;
  ctx.push(vscode.commands.registerCommand(OPEN_SESSION_DATA_COMMAND, openSessionData(ctx)));
}
