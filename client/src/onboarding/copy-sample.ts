// rpa.copySampleWorkspace: copies the sample workspace (its bots, agents and run configurations)
// into a folder the user picks, then offers to open it.
import * as vscode from 'vscode';
import { copySampleWorkspace, findExamples } from '../../../runtime/src/node/examples';
import type { Ctx } from '../ctx';
import { guarded, Refusal } from '../runtime/refusal';

export const copySampleCommand = (ctx: Ctx) =>
  guarded(ctx.output, 'Copy the sample workspace', async () => {
    const sample = findExamples('workspace', 'runs.rpa');
    if (!sample) throw new Refusal('The sample workspace is missing from this installation of RPA Sessions (examples/workspace). Reinstall the extension.');
    const [parent] =
      (await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Copy the Sample Here', title: 'The folder to copy the RPA Sessions sample workspace into' })) ?? [];
    if (!parent) return;
    const copy = copySampleWorkspace(sample, parent.fsPath);
    ctx.output.info(`Copied the sample workspace to ${copy}.`);
    const choice = await vscode.window.showInformationMessage(
      `RPA Sessions: the sample workspace is in ${copy}: bots.rpa, agents/ and runs.rpa (NightlyBooks, HourlyPrices, MonthEndOrders). Its agents read the example site: serve it with "RPA Sessions: Serve the Example Site".`,
      'Open Folder',
      'Add to Workspace',
    );
    const uri = vscode.Uri.file(copy);
    if (choice === 'Open Folder') await vscode.commands.executeCommand('vscode.openFolder', uri);
    else if (choice === 'Add to Workspace') vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri });
  });
