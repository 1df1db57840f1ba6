// The rpa.store.location setting: where a workspace folder's session store is kept (default the
// folder's .rpa/), resolved the same way as the CLI's --store; a bad value is refused with the fix.
import * as vscode from 'vscode';
import { storeDirOf } from '../../../runtime/src/node/store-location';
import { isUserError } from '../../../runtime/src/user-error';
import { Refusal } from './refusal';

export const STORE_SETTING = 'store.location';

/** The session store's folder for `folder`, or a Refusal naming the setting to fix. */
export function storeDirFor(folder: vscode.WorkspaceFolder): string {
  const location = vscode.workspace.getConfiguration('rpa', folder).get<string>(STORE_SETTING, '');
  try {
    return storeDirOf(folder.uri.fsPath, location);
  } catch (e) {
    if (isUserError(e)) {
      throw new Refusal(`${e.message} Fix the setting rpa.${STORE_SETTING} of ${folder.name}.`, [
        { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', `rpa.${STORE_SETTING}`) },
      ]);
    }
    throw e;
  }
}
