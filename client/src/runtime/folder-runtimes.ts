// The session runtime of each workspace folder (its .rpa files, bots, session store, workers, engine),
// opened the first time a command needs it and closed on deactivate or when the folder is removed.
import * as vscode from 'vscode';
import { checkWorkspace } from '../../../language/src/index';
import { plural } from '../../../runtime/src/node/run-report';
import { openSessionRuntime, type SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { Refusal, SHOW_PROBLEMS } from './refusal';
import type { RunsOutput } from './runs-output';

export class FolderRuntimes {
  /** Folder URI → its runtime (a promise while it opens; forgotten again if opening fails). */
  private readonly opened = new Map<string, Promise<SessionRuntime>>();
  private readonly folderListener: vscode.Disposable;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly runs: RunsOutput,
  ) {
    this.folderListener = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) void this.closeFolder(f.uri.toString());
    });
  }

  /**
   * The folder's runtime with its .rpa files re-read. The folder's unsaved .rpa documents are saved
   * first (as VS Code saves before a debug session), so what runs or deploys is what the editor shows.
   */
  async load(folder: vscode.WorkspaceFolder): Promise<SessionRuntime> {
    await this.saveRpaDocuments(folder);
    const runtime = await this.get(folder);
    await runtime.reload();
    return runtime;
  }

  /** Closes every runtime: sessions still running are recorded as interrupted, the store is flushed. */
  async close(): Promise<void> {
    this.folderListener.dispose();
    await Promise.all([...this.opened.keys()].map((key) => this.closeFolder(key)));
  }

  private get(folder: vscode.WorkspaceFolder): Promise<SessionRuntime> {
    const key = folder.uri.toString();
    let runtime = this.opened.get(key);
    if (!runtime) {
      const opening = this.open(folder);
      this.opened.set(key, opening);
      opening.catch(() => {
        if (this.opened.get(key) === opening) this.opened.delete(key);
      });
      runtime = opening;
    }
    return runtime;
  }

  private async open(folder: vscode.WorkspaceFolder): Promise<SessionRuntime> {
    if (folder.uri.scheme !== 'file') {
      throw new Refusal(
        `The workspace folder "${folder.name}" is not on this machine's file system (${folder.uri.scheme}:), and sessions run ` +
          'in workers on this machine with their session store in the folder\'s .rpa/ folder. Open a local copy of the folder to run or deploy its run configurations.',
      );
    }
    const runtime = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `RPA Sessions: opening the session runtime of ${folder.name}` },
      () => openSessionRuntime({ workspaceDir: folder.uri.fsPath, onWarning: (message) => this.output.warn(message) }),
    );
    this.output.info(`Session runtime opened for ${folder.uri.fsPath} (session store in its .rpa/ folder).`);
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
    const opening = this.opened.get(key);
    this.opened.delete(key);
    if (!opening) return;
    try {
      await (await opening).close();
    } catch (err) {
      // Opening failed (already reported to whoever asked) or closing did: either way, say so in the log.
      this.output.warn(`Closing the session runtime of ${vscode.Uri.parse(key).fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
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
