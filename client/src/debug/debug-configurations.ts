// The `rpa` debug configurations: launch.json gets one entry per run of the active file (else of the
// folder), F5 with no launch.json debugs the active file's run (picked when there are several).
import * as vscode from 'vscode';
import type { Declaration } from '../../../language/src/index';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import type { FolderRuntimes } from '../runtime/folder-runtimes';
import { Refusal, reportFailure } from '../runtime/refusal';
import { pickRun } from '../runtime/run-target';
import { missingSecretRefusal } from '../runtime/missing-secret';
import { takenSessions, takenSessionsRefusal } from '../runtime/taken-sessions';

export const DEBUG_TYPE = 'rpa';

/** A launch configuration that debugs `run` (declared in `program`) in `folder`. */
export function launchConfiguration(folder: vscode.WorkspaceFolder, run: string, program: string, extra: Record<string, unknown> = {}): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${run}`, program, workspace: folder.uri.fsPath, run, ...extra };
}

function runs(runtime: SessionRuntime): Declaration[] {
  return runtime.workspace.allDeclarations('run').filter((d) => d.name);
}

function activeRpaFile(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'rpa' && doc.uri.scheme === 'file' ? doc.uri : undefined;
}

export class RpaDebugConfigurations implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly runtimes: FolderRuntimes,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** For a new launch.json (and the Run and Debug view's list): the runs of the active file, else of the folder. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    if (!folder) return [];
    const all = runs(await this.runtimes.load(folder));
    const file = activeRpaFile();
    const inFile = file ? all.filter((d) => vscode.Uri.parse(d.uri).fsPath === file.fsPath) : [];
    return (inFile.length ? inFile : all).map((d) => {
      const rel = vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri), false);
      return launchConfiguration(folder, d.name, `\${workspaceFolder}/${rel}`, { workspace: '${workspaceFolder}' });
    });
  }

  /** Fills in what F5 without a launch.json (or an entry without a program) leaves out. */
  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.program) return { ...config, type: DEBUG_TYPE, request: config.request ?? 'launch', name: config.name ?? 'Debug' };
    try {
      const file = activeRpaFile();
      if (!file) {
        throw new Refusal('To debug, open the .rpa file with the run configuration to debug (or choose one of its runs in the Run and Debug view), then press F5 again.');
      }
      const target = vscode.workspace.getWorkspaceFolder(file) ?? folder;
      if (!target) throw new Refusal(`${file.fsPath} is not inside a workspace folder: open the folder that holds it (File > Open Folder…), then debug again.`);
      const runtime = await this.runtimes.load(target);
      const run = await pickRun(runtime, file, 'debug');
      if (run === undefined) return undefined;
      const decl = runtime.workspace.resolve('run', run)!;
      return launchConfiguration(target, run, vscode.Uri.parse(decl.uri).fsPath, { ...config, type: DEBUG_TYPE, request: 'launch', name: `Debug ${run}` });
    } catch (err) {
      await reportFailure(this.output, 'Debug', err);
      return undefined;
    }
  }

  /**
   * Completes a launch before it starts: `workspace` defaults to the program's folder; without `run`, the
   * program's only run, else the one the user picks; a secret the run needs and nothing sets is asked for,
   * and finished sessions that still hold the run's IDs are offered to be closed (as Run does).
   * Undefined when the user declined.
   */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (typeof config.program !== 'string') return config;
    const program = vscode.Uri.file(config.program);
    const target = vscode.workspace.getWorkspaceFolder(program) ?? folder;
    const resolved = { ...config, workspace: config.workspace ?? target?.uri.fsPath };
    if (!target) return resolved;
    try {
      const runtime = await this.runtimes.load(target);
      const inProgram = runs(runtime).filter((d) => vscode.Uri.parse(d.uri).fsPath === program.fsPath);
      const run = typeof config.run === 'string' ? config.run : inProgram.length === 1 ? inProgram[0].name : await pickRun(runtime, program, 'debug');
      if (run === undefined) return undefined;
      const req = { target: {}, file: program, folder: target, runtime, run };
      const secret = runtime.engine.missingSecretOf(run);
      if (secret !== undefined) {
        let given = false;
        await reportFailure(this.output, 'Debug', missingSecretRefusal(this.runtimes, target, run, secret, () => (given = true)));
        if (!given) return undefined;
      }
      const taken = config.replaceSessions === true ? [] : takenSessions(req);
      if (!taken.length) return { ...resolved, run };
      let replace = false;
      await reportFailure(this.output, 'Debug', takenSessionsRefusal(req, taken, 'Debug', () => (replace = true)));
      return replace ? { ...resolved, run, replaceSessions: true } : undefined;
    } catch (err) {
      await reportFailure(this.output, 'Debug', err);
      return undefined;
    }
  }
}
