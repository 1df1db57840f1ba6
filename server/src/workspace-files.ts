// The .rpa files on disk: indexes every file under the workspace folders at start, follows files
// created, changed, deleted or renamed (workspace/didChangeWatchedFiles) and the `.rpa/bots.json` state
// files that apply to them, by the same rules as `check` (workspace-scope.ts).
import { readFile, stat } from 'node:fs/promises';
import { FileChangeType, type FileEvent, type WorkspaceFolder } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { DeploymentState } from '../../language/src/index';
import { BOT_STATE_FILE, deploymentStateOf, mergeDeploymentStates } from '../../language/src/bot-state/bot-state';
import { BotStateFormatError, parseBotStateFile } from '../../language/src/bot-state/bot-state-codec';
import { searchFolder } from '../../runtime/src/node/rpa-files';
import { botStateCandidates, isSearchedPath } from '../../runtime/src/node/workspace-scope';
import type { ServerContext } from './context';
import type { DiagnosticsScheduler } from './diagnostics';

const STATE_SUFFIX = `/.rpa/${BOT_STATE_FILE}`;

export const WATCHED_GLOBS = ['**/*.rpa', `**/.rpa/${BOT_STATE_FILE}`];

export class WorkspaceFiles {
  /** Folder key → its path on disk. */
  private readonly folders = new Map<string, string>();
  /** Path of each state file that applies to an indexed file → its deployments (undefined: none there, or unreadable). */
  private states = new Map<string, DeploymentState | undefined>();

  constructor(private readonly ctx: ServerContext, private readonly diagnostics: DiagnosticsScheduler) {}

  private readonly warn = (message: string): void => this.ctx.connection.console.warn(message);

  /** Reads every .rpa file under the folders into the index (open documents keep their editor text). */
  async addFolders(folders: readonly WorkspaceFolder[]): Promise<number> {
    let count = 0;
    for (const f of folders) {
      const uri = URI.parse(f.uri);
      if (uri.scheme !== 'file') continue;
      this.folders.set(this.ctx.key(f.uri), uri.fsPath);
      for (const path of await rpaFilesUnder(uri.fsPath, this.warn)) if (await this.load(this.ctx.keyOfPath(path))) count++;
    }
    await this.refreshStates();
    return count;
  }

  removeFolders(folders: readonly WorkspaceFolder[]): void {
    for (const f of folders) {
      const key = this.ctx.key(f.uri);
      this.folders.delete(key);
      this.forgetUnder(key);
    }
    void this.refreshStates();
  }

  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    let stateChanged = false;
    for (const change of changes) {
      const key = this.ctx.key(change.uri);
      if (key.endsWith(STATE_SUFFIX)) {
        stateChanged = true;
      } else if (key.endsWith('.rpa')) {
        if (change.type === FileChangeType.Deleted) this.forget(key);
        else await this.load(key);
      } else if (change.type === FileChangeType.Deleted) {
        this.forgetUnder(key); // a folder was deleted or moved away
      } else if (change.type === FileChangeType.Created) {
        for (const path of await rpaFilesUnder(URI.parse(key).fsPath, this.warn)) await this.load(this.ctx.keyOfPath(path));
      }
    }
    await this.refreshStates(stateChanged);
  }

  /** After an editor closes a document: back to the text on disk, or out of the index if there is none. */
  async closed(key: string): Promise<void> {
    if (!(await this.load(key))) this.forget(key);
  }

  /** Reads a file from disk into the index unless it is open; false when it cannot be read. */
  private async load(key: string): Promise<boolean> {
    if (this.ctx.isOpen(key)) return true;
    const uri = URI.parse(key);
    if (uri.scheme !== 'file' || !this.searched(key, uri.fsPath)) return false;
    let text: string;
    try {
      text = await readFile(uri.fsPath, 'utf8');
    } catch (err) {
      if (!isMissing(err)) this.warn(`Cannot read ${uri.fsPath}: ${(err as Error).message}. Its bots, agents and runs are left out until it can be read.`);
      this.forget(key);
      return false;
    }
    if (this.ctx.isOpen(key)) return true; // opened while reading
    if (this.ctx.ws.getFile(key)?.text === text) return true;
    this.ctx.ws.setFile(key, text);
    this.diagnostics.fileChanged(key);
    return true;
  }

  /** Whether `check` of a workspace folder would find the file (under it, and not in a skipped folder). */
  private searched(key: string, path: string): boolean {
    for (const [folder, root] of this.folders) if (key.startsWith(folder + '/') && isSearchedPath(root, path)) return true;
    return false;
  }

  private forget(key: string): void {
    if (this.ctx.isOpen(key)) return; // the editor's buffer stays authoritative while open
    if (this.ctx.ws.removeFile(key)) this.diagnostics.fileChanged(key);
  }

  private forgetUnder(prefix: string): void {
    for (const key of this.ctx.ws.uris()) if (key.startsWith(prefix + '/')) this.forget(key);
  }

  /** The indexed files on disk, each with the workspace folder it is under. */
  private filesOnDisk(): Array<{ path: string; root: string }> {
    const out: Array<{ path: string; root: string }> = [];
    for (const key of this.ctx.ws.uris()) {
      const folder = [...this.folders.keys()].find((f) => key.startsWith(f + '/'));
      if (folder) out.push({ path: URI.parse(key).fsPath, root: this.folders.get(folder) as string });
    }
    return out;
  }

  /**
   * Reads the state files that apply to the indexed files again when that set changed, or always when
   * `reread` (a state file changed on disk), and re-checks if the deployments may differ.
   */
  private async refreshStates(reread = false): Promise<void> {
    const paths = botStateCandidates(this.filesOnDisk());
    if (!reread && paths.length === this.states.size && paths.every((p) => this.states.has(p))) return;
    const states = new Map<string, DeploymentState | undefined>();
    for (const path of paths) states.set(path, await this.readState(path));
    this.states = states;
    this.ctx.ws.deploymentState = mergeDeploymentStates([...states.values()].filter((s) => s !== undefined));
    this.diagnostics.checkAll();
    this.ctx.refreshCodeLenses();
  }

  private async readState(path: string): Promise<DeploymentState | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (!isMissing(err)) this.ctx.warn(`Cannot read the bot state ${path}: ${(err as Error).message}. Deployed run configurations are not checked (mode-switch-while-deployed) until it can be read.`);
      return undefined;
    }
    try {
      return deploymentStateOf(parseBotStateFile(text, path));
    } catch (err) {
      if (!(err instanceof BotStateFormatError)) throw err;
      this.ctx.warn(err.message);
      return undefined;
    }
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * Every .rpa file under a directory, found as `check` finds them (the same skipped folders, symbolic
 * links followed once); none if it is not a directory. Unreadable folders are reported through `warn`.
 */
export async function rpaFilesUnder(dir: string, warn: (message: string) => void): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
  } catch (err) {
    if (!isMissing(err)) warn(`Cannot read ${dir}: ${(err as Error).message}. Its .rpa files are left out of the workspace.`);
    return [];
  }
  const { files, problems } = searchFolder(dir, dir);
  for (const p of problems) warn(p);
  return files.map((f) => f.path).sort();
}
