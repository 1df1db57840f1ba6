// Which run configuration a command acts on, in which workspace folder: code lenses pass (uri, runName);
// from the Command Palette the active .rpa file's runs (else the folder's) are offered in a quick pick.
import { fileURLToPath } from 'node:url';
import * as vscode from 'vscode';
import { property, wordOf, type Declaration } from '../../../language/src/index';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import type { FolderRuntimes } from './folder-runtimes';
import { Refusal } from './refusal';

/** The arguments a command got: code lenses pass `(uri, runName)`; the palette passes none. */
export interface RunTarget {
  uri?: string;
  name?: string;
}

export function runTargetOf(args: readonly unknown[]): RunTarget {
  const [uri, name] = args;
  return {
    uri: uri instanceof vscode.Uri ? uri.toString() : typeof uri === 'string' ? uri : undefined,
    name: typeof name === 'string' ? name : undefined,
  };
}

/** The workspace folder a command acts on, with its runtime (files re-read just now). */
export interface FolderRequest {
  target: RunTarget;
  /** The file the command was invoked from (the code lens's, else the active editor's), if any. */
  file?: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  runtime: SessionRuntime;
}

/** A run configuration to act on, in its folder. */
export interface RunRequest extends FolderRequest {
  run: string;
}

/** The .rpa file of the active editor, if there is one. */
function activeRpaFile(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'rpa' ? doc.uri : undefined;
}

/** The workspace folder of `file`, or (without a file) the only folder or the one the user picks. */
async function folderFor(file: vscode.Uri | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  if (file) {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    if (folder) return folder;
    throw new Refusal(
      `${file.scheme === 'file' ? file.fsPath : file.toString()} is not inside a workspace folder. A run configuration runs with the bots and ` +
        "agents of its workspace folder (every .rpa file in it), and the folder's .rpa/ folder keeps the bot state and the session store. " +
        'Open the folder that holds the file (File > Open Folder…), then try again.',
    );
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    throw new Refusal('No folder is open, so there are no bots, agents or run configurations. Open the folder that holds your .rpa files (File > Open Folder…), then try again.');
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The workspace folder whose bots and run configurations to use' });
}

function sameFile(declUri: string, file: vscode.Uri): boolean {
  return file.scheme === 'file' && fileURLToPath(declUri) === file.fsPath;
}

/** What the quick pick says about a run: where it is declared, its bot and its agent. */
function runItem(decl: Declaration): vscode.QuickPickItem {
  const bot = wordOf(property(decl, 'bot')) ?? '(no bot)';
  const agent = wordOf(property(decl, 'agent')) ?? '(no agent)';
  return { label: decl.name, description: vscode.workspace.asRelativePath(vscode.Uri.parse(decl.uri)), detail: `bot ${bot} · agent ${agent}` };
}

/** The run to act on: the only one declared in `file` (else in the folder), or the one the user picks. */
export async function pickRun(runtime: SessionRuntime, file: vscode.Uri | undefined, verb: string): Promise<string | undefined> {
  const all = runtime.workspace.allDeclarations('run').filter((d) => d.name);
  const inFile = file ? all.filter((d) => sameFile(d.uri, file)) : [];
  const candidates = inFile.length ? inFile : all;
  if (!candidates.length) {
    throw new Refusal(
      `The workspace folder declares no run configuration to ${verb}. A run configuration names the bot and the agent to run, ` +
        'e.g. `run Nightly { bot: FinanceBot, agent: BookScraper }`: declare one in a .rpa file, then try again.',
    );
  }
  if (candidates.length === 1) return candidates[0].name;
  const pick = await vscode.window.showQuickPick(candidates.map(runItem), { placeHolder: `The run configuration to ${verb}`, matchOnDetail: true });
  return pick?.label;
}

/**
 * The folder of the command's file (else of the workspace) with its runtime loaded, unsaved .rpa files
 * saved first. Undefined when the user dismissed the folder pick.
 */
export async function resolveFolder(runtimes: FolderRuntimes, args: readonly unknown[]): Promise<FolderRequest | undefined> {
  const target = runTargetOf(args);
  const file = target.uri ? vscode.Uri.parse(target.uri) : activeRpaFile();
  const folder = await folderFor(file);
  if (!folder) return undefined;
  return { target, file, folder, runtime: await runtimes.load(folder) };
}

/** As resolveFolder, plus the run: the one the code lens named, else the one the user picks. */
export async function resolveRunRequest(runtimes: FolderRuntimes, args: readonly unknown[], verb: string): Promise<RunRequest | undefined> {
  const found = await resolveFolder(runtimes, args);
  if (!found) return undefined;
  const run = found.target.name ?? (await pickRun(found.runtime, found.file, verb));
  return run === undefined ? undefined : { ...found, run };
}
