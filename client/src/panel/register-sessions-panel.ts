// Registers the Sessions panel: the rpa.sessionsPanel.open command (from the RPA Sessions view, the
// palette or the status bar), one panel per workspace folder, and its restore after a window reload.
import * as vscode from 'vscode';
import { OPEN_PANEL_COMMAND } from '../../../runtime/src/panel-protocol';
import type { Ctx } from '../ctx';
import { guarded, Refusal } from '../runtime/refusal';
import { PANEL_VIEW_TYPE, SessionsPanel, type PanelRestoreState } from './sessions-panel';

export interface OpenPanelArgs {
  /** The workspace folder's URI (a string); default: the only folder, or one the user picks. */
  folder?: string;
  sessionId?: string;
}

async function pickFolder(folder?: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (folder) {
    const found = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(folder));
    if (!found) throw new Refusal(`${vscode.Uri.parse(folder).fsPath} is not a folder of this workspace, so it has no Sessions panel. Open the folder, then try again.`);
    return found;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new Refusal('The Sessions panel shows the sessions of a workspace folder, and no folder is open. Open the folder that holds your .rpa files.');
  return folders.length === 1 ? folders[0] : vscode.window.showWorkspaceFolderPick({ placeHolder: 'Show the sessions of which folder?' });
}

export function registerSessionsPanel(ctx: Ctx): void {
  const panels = new Map<string, SessionsPanel>();
  const create = (folder: vscode.WorkspaceFolder, panel: vscode.WebviewPanel) => {
    const key = folder.uri.toString();
    const created = new SessionsPanel(ctx, folder, panel, () => panels.delete(key));
    panels.set(key, created);
    return created;
  };
  const open = async (args: OpenPanelArgs = {}) => {
    const folder = await pickFolder(args.folder);
    if (!folder) return;
    const existing = panels.get(folder.uri.toString());
    if (existing) return existing.reveal(args.sessionId);
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Sessions — ${folder.name}`, vscode.ViewColumn.Active, { retainContextWhenHidden: false, enableFindWidget: false });
    create(folder, panel).reveal(args.sessionId);
  };
  ctx.push(vscode.commands.registerCommand(OPEN_PANEL_COMMAND, guarded(ctx.output, 'Opening the Sessions panel', (args?: OpenPanelArgs) => open(args))));
  ctx.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const folderUri = (state as Partial<PanelRestoreState> | undefined)?.folder;
        const folder = folderUri ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(folderUri)) : vscode.workspace.workspaceFolders?.[0];
        if (!folder) return panel.dispose();
        create(folder, panel);
      },
    }),
  );
}
