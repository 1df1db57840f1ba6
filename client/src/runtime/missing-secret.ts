// A run whose login reads secret("NAME") that is set nowhere: the refusal offers to enter it (kept in
// VS Code's secret storage) or to choose an env file for the folder (the rpa.envFile setting), then retries.
import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { FolderRuntimes } from './folder-runtimes';
import { Refusal } from './refusal';

async function enterSecret(runtimes: FolderRuntimes, name: string): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: `RPA Sessions: ${name}`,
    prompt: `The password secret("${name}") stands for. It is kept in VS Code's secret storage (never in settings or files) and given only to the sessions that read it.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Enter the password (it is not empty).'),
  });
  if (value === undefined) return false;
  await runtimes.secrets.store(name, value);
  return true;
}

async function chooseEnvFile(folder: vscode.WorkspaceFolder): Promise<boolean> {
  const [picked] = (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: folder.uri, openLabel: 'Use as Env File', title: 'An env file of NAME=value lines' })) ?? [];
  if (!picked) return false;
  const rel = relative(folder.uri.fsPath, picked.fsPath);
  const setting = rel && !rel.startsWith('..') ? rel : picked.fsPath;
  await vscode.workspace.getConfiguration('rpa', folder).update('envFile', setting, vscode.ConfigurationTarget.WorkspaceFolder);
  return true;
}

/** The refusal for `run` needing secret NAME; `retry` runs once the user has given it one way or the other. */
export function missingSecretRefusal(runtimes: FolderRuntimes, folder: vscode.WorkspaceFolder, run: string, name: string, retry: () => unknown): Refusal {
  const file = runtimes.secrets.envFile(folder);
  const where = file.path ? `, in the env file ${file.path}${file.problem ? ` (${file.problem})` : ''}` : '';
  const then = (given: () => Promise<boolean>) => async () => {
    if (!(await given())) return;
    await runtimes.secrets.environment(folder); // refills the environment the folder's sessions read
    await retry();
  };
  return new Refusal(
    `Run ${run} needs the secret ${name} (its login's password is secret("${name}")), and it is set nowhere: not in VS Code's environment${where}, ` +
      "and not entered yet. Enter it (kept in VS Code's secret storage, never in settings or files), or choose an env file of NAME=value lines for this folder.",
    [
      { title: `Enter ${name}…`, run: then(() => enterSecret(runtimes, name)) },
      { title: 'Choose Env File…', run: then(() => chooseEnvFile(folder)) },
    ],
  );
}
