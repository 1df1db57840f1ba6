// VS Code runs the `rpa` debug adapter in the extension host, on the workspace folder's own session
// runtime (held for the debug session), so Run, Debug and the store never fight over the store's lock.
import * as vscode from 'vscode';
import type { FolderRuntimes } from '../runtime/folder-runtimes';
import { Refusal } from '../runtime/refusal';
import { RpaDebugSession, type RuntimeLease } from './rpa-debug-session';

export class InlineDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly runtimes: FolderRuntimes) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const session = new RpaDebugSession((dir) => this.lease(dir));
    return new vscode.DebugAdapterInlineImplementation(session as unknown as vscode.DebugAdapter);
  }

  private async lease(workspaceDir: string): Promise<RuntimeLease> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(workspaceDir));
    if (!folder || folder.uri.fsPath !== vscode.Uri.file(workspaceDir).fsPath) {
      const open = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath).join(', ') || 'none';
      throw new Refusal(
        `"workspace" ${workspaceDir} is not a folder open in VS Code (open: ${open}). A debug session runs on a workspace folder's bots, agents and session store: ` +
          'leave "workspace" out (the program\'s folder is used) or open that folder.',
      );
    }
    return this.runtimes.hold(folder);
  }
}
