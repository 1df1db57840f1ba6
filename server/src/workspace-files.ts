// The .rpa files on disk: indexes every file under the workspace folders at start, follows files
// created, changed, deleted or renamed (workspace/didChangeWatchedFiles) and the `.rpa/bots.json` state.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileChangeType, type FileEvent, type WorkspaceFolder } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { DeploymentState } from '../../language/src/index';
import { BOT_STATE_FILE, deploymentStateOf } from '../../language/src/bot-state/bot-state';
import { BotStateFormatError, parseBotStateFile } from '../../language/src/bot-state/bot-state-codec';
import type { ServerContext } from './context';
import type { DiagnosticsScheduler } from './diagnostics';

/** Folders never searched for .rpa files. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const STATE_SUFFIX = `/.rpa/${BOT_STATE_FILE}`;

export const WATCHED_GLOBS = ['**/*.rpa', `**/.rpa/${BOT_STATE_FILE}`];

export class WorkspaceFiles {
  /** Folder key → its path on disk. */
  private readonly folders = new Map<string, string>();
  /** Folder key → the deployments of its `.rpa/bots.json`. */
  private readonly deployments = new Map<string, DeploymentState>();

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
      await this.loadState(this.ctx.key(f.uri), uri.fsPath);
    }
    return count;
  }

  removeFolders(folders: readonly WorkspaceFolder[]): void {
    for (const f of folders) {
      const key = this.ctx.key(f.uri);
      this.folders.delete(key);
      this.deployments.delete(key);
      this.forgetUnder(key);
    }
    this.applyState();
  }

  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    for (const change of changes) {
      const key = this.ctx.key(change.uri);
      if (key.endsWith(STATE_SUFFIX)) {
        const folder = [...this.folders.keys()].find((f) => key === f + STATE_SUFFIX);
        if (folder) await this.loadState(folder, this.folders.get(folder) as string);
      } else if (key.endsWith('.rpa')) {
        if (change.type === FileChangeType.Deleted) this.forget(key);
        else await this.load(key);
      } else if (change.type === FileChangeType.Deleted) {
        this.forgetUnder(key); // a folder was deleted or moved away
      } else if (change.type === FileChangeType.Created) {
        for (const path of await rpaFilesUnder(URI.parse(key).fsPath, this.warn)) await this.load(this.ctx.keyOfPath(path));
      }
    }
  }

  /** After an editor closes a document: back to the text on disk, or out of the index if there is none. */
  async closed(key: string): Promise<void> {
    if (!(await this.load(key))) this.forget(key);
  }

  /** Reads a file from disk into the index unless it is open; false when it cannot be read. */
  private async load(key: string): Promise<boolean> {
    if (this.ctx.isOpen(key)) return true;
    const uri = URI.parse(key);
    if (uri.scheme !== 'file' || !this.inFolder(key)) return false;
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

  private inFolder(key: string): boolean {
    for (const folder of this.folders.keys()) if (key.startsWith(folder + '/')) return true;
    return false;
  }

  private forget(key: string): void {
    if (this.ctx.isOpen(key)) return; // the editor's buffer stays authoritative while open
    if (this.ctx.ws.removeFile(key)) this.diagnostics.fileChanged(key);
  }

  private forgetUnder(prefix: string): void {
    for (const key of this.ctx.ws.uris()) if (key.startsWith(prefix + '/')) this.forget(key);
  }

  private async loadState(folderKey: string, folderPath: string): Promise<void> {
    const path = join(folderPath, '.rpa', BOT_STATE_FILE);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (!isMissing(err)) this.ctx.warn(`Cannot read the bot state ${path}: ${(err as Error).message}. Deployed run configurations are not checked (mode-switch-while-deployed) until it can be read.`);
    }
    this.deployments.delete(folderKey);
    if (text !== undefined) {
      try {
        this.deployments.set(folderKey, deploymentStateOf(parseBotStateFile(text, path)));
      } catch (err) {
        if (!(err instanceof BotStateFormatError)) throw err;
        this.ctx.warn(err.message);
      }
    }
    this.applyState();
  }

  private applyState(): void {
    const states = [...this.deployments.values()];
    this.ctx.ws.deploymentState = states.length ? { deployments: (bot) => states.flatMap((s) => s.deployments(bot)) } : undefined;
    this.diagnostics.checkAll();
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * Every .rpa file under a directory (hidden folders and node_modules skipped); none if it is not a
 * directory. Unreadable folders are reported through `warn` and skipped.
 */
export async function rpaFilesUnder(dir: string, warn: (message: string) => void): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) return [];
  } catch (err) {
    if (!isMissing(err)) warn(`Cannot read ${dir}: ${(err as Error).message}. Its .rpa files are left out of the workspace.`);
    return [];
  }
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      warn(`Cannot list ${d}: ${(err as Error).message}. Its .rpa files are left out of the workspace.`);
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(join(d, e.name));
      } else if (e.isFile() && e.name.endsWith('.rpa')) out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out.sort();
}
