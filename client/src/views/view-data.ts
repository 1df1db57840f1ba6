// Keeps what the RPA Sessions view shows up to date: each folder is re-read (debounced, one read at a
// time) when something says it changed; no `vscode` import, so the refresh logic runs under mocha.
import { Workspace } from '../../../language/src/workspace';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { nextCountdownChange } from './cleanup-countdown';
import { readFolderData, type FolderData, type FolderRef, type SessionData } from './folder-data';
import { buildTree } from './tree-model';
import type { ViewNode } from './view-node';

export interface ViewDataOptions {
  /** This window's runtime of the folder when it is open (never opens one). */
  runtimeOf(folderUri: string): SessionRuntime | undefined;
  /** Called after the data changed (the tree is redrawn). */
  onChange(): void;
  /** Re-reads wait this long for more changes (engine progress comes in bursts); default 150 ms. */
  delayMs?: number;
}

interface FolderEntry {
  ref: FolderRef;
  ws: Workspace;
  data?: FolderData;
  filesStale: boolean;
}

export class SessionsViewData {
  private readonly entries = new Map<string, FolderEntry>();
  private readonly stale = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: ViewDataOptions) {}

  /** The workspace folders to show (folders that stay keep what was read, with their store's folder updated). */
  setFolders(folders: readonly FolderRef[]): void {
    const keep = new Set(folders.map((f) => f.uri));
    for (const uri of this.entries.keys()) if (!keep.has(uri)) this.entries.delete(uri);
    for (const ref of folders) {
      const entry = this.entries.get(ref.uri);
      if (entry) entry.ref = ref;
      else this.entries.set(ref.uri, { ref, ws: new Workspace(), filesStale: true });
    }
    this.invalidate();
    this.options.onChange();
  }

  /** Re-reads the folder (every folder without one) soon; `files` also re-reads its .rpa files. */
  invalidate(folderUri?: string, files = false): void {
    if (this.disposed) return;
    const uris = folderUri ? [folderUri] : [...this.entries.keys()];
    for (const uri of uris) {
      const e = this.entries.get(uri);
      if (!e) continue;
      if (files || !folderUri) e.filesStale = true;
      this.stale.add(uri);
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.refreshNow();
    }, this.options.delayMs ?? 150);
  }

  /** Reads every stale folder now (after a read already under way); resolves when the data is current. */
  async refreshNow(): Promise<void> {
    while (this.reading) await this.reading;
    if (!this.stale.size || this.disposed) return;
    const uris = [...this.stale];
    this.stale.clear();
    this.reading = (async () => {
      for (const uri of uris) {
        const e = this.entries.get(uri);
        if (!e) continue;
        const syncFiles = e.filesStale;
        e.filesStale = false;
        e.data = await readFolderData(e.ref, e.ws, this.options.runtimeOf(uri), syncFiles);
      }
    })();
    try {
      await this.reading;
    } finally {
      this.reading = undefined;
    }
    if (!this.disposed) this.options.onChange();
  }

  /** What was read, folder by folder, in the order of setFolders (folders not read yet are left out). */
  folders(): FolderData[] {
    return [...this.entries.values()].flatMap((e) => (e.data ? [e.data] : []));
  }

  folder(folderUri: string): FolderData | undefined {
    return this.entries.get(folderUri)?.data;
  }

  session(folderUri: string, sessionId: string): SessionData | undefined {
    return this.folder(folderUri)?.sessions.find((s) => s.info.id === sessionId);
  }

  tree(now: number): ViewNode[] {
    return buildTree(this.folders(), now);
  }

  /** Milliseconds until a cleanup countdown shown in the view changes, if any is shown. */
  nextTick(now: number): number | undefined {
    return nextCountdownChange(this.folders().flatMap((f) => f.sessions.map((s) => s.info)), now);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
