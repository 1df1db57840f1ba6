// The session runtime of each workspace folder (its .rpa files, bots, session store, workers, engine):
// opened when a command needs it, held while sessions run or someone holds it, released when idle.
import * as vscode from 'vscode';
import { checkWorkspace } from '../../../language/src/index';
import { plural } from '../../../runtime/src/node/run-report';
import { openSessionRuntime, type SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { EventHub, type EngineEvent } from '../../../runtime/src/events';
import { Refusal, SHOW_PROBLEMS } from './refusal';
import type { RunsOutput } from './runs-output';
import type { SecretEnv } from './secret-env';
import { storeDirFor, STORE_SETTING } from './store-setting';

/**
 * An idle runtime (no session queued or running, nobody holding it) is closed this long after its last
 * use, so the session store's lock is free for the CLI (`rpa-sessions run`, `sessions close`) in between.
 */
export const IDLE_CLOSE_MS = 5_000;
/** Timers longer than this overflow in Node; a later cleanup is reached in several hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One folder's opened runtime and what keeps it open. */
interface OpenedFolder {
  runtime: Promise<SessionRuntime>;
  /** Holders that keep it open whatever its sessions do (a debug session). */
  holds: number;
  /** The runtime once it has opened. */
  opened?: SessionRuntime;
  idleTimer?: NodeJS.Timeout;
  events?: { dispose(): void };
}

export class FolderRuntimes {
  /** Folder URI → its runtime (a promise while it opens; forgotten again if opening fails). */
  private readonly opened = new Map<string, OpenedFolder>();
  /** Folder URI → the close of its previous runtime, while it is under way. */
  private readonly closing = new Map<string, Promise<void>>();
  /** Folder URI → the timer that reopens it when its next session cleanup is due. */
  private readonly wakeUps = new Map<string, NodeJS.Timeout>();
  private readonly folderListener: vscode.Disposable;
  private readonly settingListener: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a folder's URI when its runtime has opened or has been closed (the RPA Sessions view follows). */
  readonly onDidOpenOrClose = this.changed.event;
  /** Every opened runtime's engine events, with the URI of its folder (the Sessions panel follows them). */
  readonly engineEvents = new EventHub<{ folder: string; event: EngineEvent }>();

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly runs: RunsOutput,
    /** Where sessions find secret("NAME") values. */
    readonly secrets: SecretEnv,
  ) {
    this.folderListener = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) void this.closeFolder(f.uri.toString());
    });
    // A new store location applies once the folder's runtime (holding the old store) has closed: now when idle, else after its runs.
    this.settingListener = vscode.workspace.onDidChangeConfiguration((e) => {
      for (const [key, entry] of this.opened) if (e.affectsConfiguration(`rpa.${STORE_SETTING}`, vscode.Uri.parse(key))) void this.closeIfIdle(key, entry);
    });
  }

  /**
   * The folder's runtime with its .rpa files re-read. The folder's unsaved .rpa documents are saved
   * first (as VS Code saves before a debug session), so what runs or deploys is what the editor shows.
   */
  async load(folder: vscode.WorkspaceFolder): Promise<SessionRuntime> {
    await this.saveRpaDocuments(folder);
    const runtime = await this.get(folder).runtime;
    await runtime.reload();
    this.idleSoon(folder.uri.toString());
    return runtime;
  }

  /**
   * The folder's runtime, kept open until release() whatever its sessions do (a debug session that
   * starts, restarts and inspects sessions). Files are re-read as for load().
   */
  async hold(folder: vscode.WorkspaceFolder): Promise<{ runtime: SessionRuntime; release(): void }> {
    const entry = this.get(folder);
    entry.holds++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      entry.holds--;
      this.idleSoon(folder.uri.toString());
    };
    try {
      await this.saveRpaDocuments(folder);
      const runtime = await entry.runtime;
      await runtime.reload();
      return { runtime, release };
    } catch (e) {
      release();
      throw e;
    }
  }

  /** Closes every runtime: sessions still running are recorded as interrupted, the store is flushed. */
  /** The folder's runtime if it is open right now; never opens one (so never takes the store's lock). */
  current(folderUri: string): SessionRuntime | undefined {
    return this.opened.get(folderUri)?.opened;
  }

  async close(): Promise<void> {
    this.folderListener.dispose();
    this.settingListener.dispose();
    for (const t of this.wakeUps.values()) clearTimeout(t);
    this.wakeUps.clear();
    await Promise.all([...this.opened.keys()].map((key) => this.closeFolder(key)));
    this.changed.dispose();
  }

  private get(folder: vscode.WorkspaceFolder): OpenedFolder {
    const key = folder.uri.toString();
    const existing = this.opened.get(key);
    if (existing) {
      clearTimeout(existing.idleTimer);
      return existing;
    }
    clearTimeout(this.wakeUps.get(key));
    this.wakeUps.delete(key);
    const entry: OpenedFolder = { runtime: this.open(folder), holds: 0 };
    this.opened.set(key, entry);
    entry.runtime.then(
      (runtime) => {
        entry.opened = runtime;
        this.changed.fire(key);
        // Each session's end may leave the runtime idle.
        entry.events = runtime.engine.events.on((e) => {
          if (e.type === 'session-ended') this.idleSoon(key);
          this.engineEvents.emit({ folder: key, event: e });
        });
      },
      () => {
        if (this.opened.get(key) === entry) this.opened.delete(key);
      },
    );
    return entry;
  }

  /** Closes the folder's runtime IDLE_CLOSE_MS from now unless it is in use by then. */
  private idleSoon(key: string): void {
    const entry = this.opened.get(key);
    if (!entry) return;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => void this.closeIfIdle(key, entry), IDLE_CLOSE_MS);
  }

  private async closeIfIdle(key: string, entry: OpenedFolder): Promise<void> {
    if (this.opened.get(key) !== entry || entry.holds > 0) return;
    const runtime = await entry.runtime.catch(() => undefined);
    if (!runtime || this.opened.get(key) !== entry || entry.holds > 0 || runtime.engine.activeSessions().length) return;
    const due = runtime.store.pendingCleanups().map((c) => c.dueAt).filter((t): t is number => t !== undefined);
    await this.closeFolder(key);
    if (due.length) this.wakeUpAt(key, Math.min(...due));
  }

  /** Reopens the folder when a session cleanup is due (opening resumes due cleanups), then idles again. */
  private wakeUpAt(key: string, dueAt: number): void {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(key));
    if (!folder) return;
    const delay = Math.min(Math.max(0, dueAt - Date.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.wakeUps.delete(key);
      if (Date.now() < dueAt) return this.wakeUpAt(key, dueAt);
      this.get(folder);
      this.idleSoon(key);
    }, delay);
    timer.unref();
    this.wakeUps.set(key, timer);
  }

  private async open(folder: vscode.WorkspaceFolder): Promise<SessionRuntime> {
    // A runtime of this folder that is still closing holds the store's lock until it has closed.
    await this.closing.get(folder.uri.toString());
    if (folder.uri.scheme !== 'file') {
      throw new Refusal(
        `The workspace folder "${folder.name}" is not on this machine's file system (${folder.uri.scheme}:), and sessions run ` +
          'in workers on this machine with their session store in the folder\'s .rpa/ folder. Open a local copy of the folder to run or deploy its run configurations.',
      );
    }
    const storeDir = storeDirFor(folder);
    const environment = await this.secrets.environment(folder);
    const runtime = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `RPA Sessions: opening the session runtime of ${folder.name}` },
      () =>
        openSessionRuntime({
          workspaceDir: folder.uri.fsPath,
          storeDir,
          env: environment,
          holder: `VS Code (RPA Sessions extension) in ${folder.name}`,
          onWarning: (message) => this.output.warn(message),
        }),
    );
    this.output.info(`Session runtime opened for ${folder.uri.fsPath} (session store in ${storeDir}).`);
    const { interrupted, cleanedUp } = runtime.recovery;
    if (interrupted.length) {
      this.runs.line(
        `${folder.name}: ${plural(interrupted.length, 'session')} of an earlier run did not finish (that process stopped) and ` +
          `${interrupted.length === 1 ? 'is' : 'are'} now marked interrupted: ${interrupted.join(', ')}.`,
      );
    }
    if (cleanedUp.length) this.runs.line(`${folder.name}: cleaned up ${plural(cleanedUp.length, 'session')} whose session timeout had passed: ${cleanedUp.join(', ')}.`);
    return runtime;
  }

  private async closeFolder(key: string): Promise<void> {
    const entry = this.opened.get(key);
    this.opened.delete(key);
    if (!entry) return;
    clearTimeout(entry.idleTimer);
    entry.events?.dispose();
    const closed = (async () => {
      try {
        await (await entry.runtime).close();
      } catch (err) {
        // Opening failed (already reported to whoever asked) or closing did: either way, say so in the log.
        this.output.warn(`Closing the session runtime of ${vscode.Uri.parse(key).fsPath}: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
    this.closing.set(key, closed);
    await closed;
    if (this.closing.get(key) === closed) this.closing.delete(key);
    if (entry.opened) this.changed.fire(key);
  }

  private async saveRpaDocuments(folder: vscode.WorkspaceFolder): Promise<void> {
    const dirty = vscode.workspace.textDocuments.filter(
      (d) => d.isDirty && d.uri.scheme === 'file' && d.uri.path.endsWith('.rpa') && vscode.workspace.getWorkspaceFolder(d.uri)?.uri.toString() === folder.uri.toString(),
    );
    for (const doc of dirty) {
      if (!(await doc.save())) {
        throw new Refusal(
          `${vscode.workspace.asRelativePath(doc.uri)} has unsaved changes that could not be saved, and sessions run from the .rpa files on disk. ` +
            'Save the file (or undo its changes), then try again.',
        );
      }
      this.runs.line(`Saved ${vscode.workspace.asRelativePath(doc.uri)}, so the run configuration is used as the editor shows it.`);
    }
  }
}

/**
 * Refuses to run or deploy from a workspace with errors: sessions would not behave as the checks
 * promise. Says how many errors there are, in which files, and points to the Problems panel.
 */
export function refuseWorkspaceErrors(runtime: SessionRuntime, what: string): void {
  const errors = [...checkWorkspace(runtime.workspace).values()].flat().filter((d) => d.severity === 'error');
  if (!errors.length) return;
  const files = [...new Set(errors.map((d) => d.uri))].map((uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
  const where = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${plural(files.length - 3, 'more file')}`;
  const codes = [...new Set(errors.map((d) => d.code))].join(', ');
  throw new Refusal(
    `${what} refused: the workspace has ${plural(errors.length, 'error')} in ${where} (${codes}). Sessions run and deploy only from a ` +
      'workspace that passes the session-rule checks, so they behave as the checks promise. Fix the errors listed in the Problems panel, then try again.',
    [SHOW_PROBLEMS],
  );
}
