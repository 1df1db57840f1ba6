// Which workspace a runtime command (run, sessions, bot) works on: the folder given by --workspace,
// else the nearest folder holding `.rpa/` above the starting point, else the starting folder itself.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkWorkspace, type Workspace } from '../../../language/src/index';
import { STORE_DIR } from '../../../runtime/src/node/open-store';
import { CliError, EXIT, plural } from '../cli-context';
import { describeFsError, shownPath, type LoadedFile } from '../../../runtime/src/node/rpa-files';
import { collectFindings } from '../output/check-report';
import { loadWorkspace } from './load-workspace';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest folder at or above `start` that holds a `.rpa/` folder (the runtime's state), if any. */
export function nearestStateRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isDirectory(resolve(dir, STORE_DIR))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The workspace folder: `--workspace DIR` when given (it must be a folder), else the nearest folder
 * holding `.rpa/` at or above `start`, else `start`.
 */
export function workspaceRoot(cwd: string, given: string | undefined, start: string): string {
  if (given !== undefined) {
    const dir = resolve(cwd, given);
    let ok: boolean;
    try {
      ok = statSync(dir).isDirectory();
    } catch (err) {
      throw new CliError(`--workspace ${given}: cannot use it: ${describeFsError(err)}. Give the folder that holds your .rpa files (and their .rpa/ state folder).`);
    }
    if (!ok) throw new CliError(`--workspace ${given}: not a folder. Give the folder that holds your .rpa files, not a file.`);
    return dir;
  }
  return nearestStateRoot(start) ?? start;
}

/** A folder as messages name it: relative to the current folder, or "the current folder". */
export function shownFolder(cwd: string, dir: string): string {
  const shown = shownPath(cwd, dir);
  return shown === '.' ? 'the current folder' : shown;
}

export interface RuntimeWorkspace {
  root: string;
  ws: Workspace;
  files: LoadedFile[];
}

/** How a declaration's file is shown: the path the loader gave it (relative to the current folder). */
export function shownFileOf(loaded: RuntimeWorkspace, uri: string): string {
  return loaded.files.find((f) => f.uri === uri)?.shown ?? uri;
}

/** Loads every .rpa file under the workspace folder as one workspace (problems are a CliProblems). */
export function loadRuntimeWorkspace(cwd: string, root: string): RuntimeWorkspace {
  const { ws, files } = loadWorkspace([root], cwd);
  return { root, ws, files };
}

/**
 * Refuses to work on a workspace with errors (a run would behave differently from what the checks
 * promise): throws a CliError (exit 1) listing each error on one line, `file:line:col: code: message`.
 */
export function refuseWorkspaceErrors(loaded: RuntimeWorkspace, cwd: string, what: string): void {
  const errors = collectFindings(checkWorkspace(loaded.ws), loaded.files).filter((f) => f.diagnostic.severity === 'error');
  if (!errors.length) return;
  const lines = errors.map(({ file, diagnostic: d }) => `  ${file.shown}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
  const shown = shownPath(cwd, loaded.root);
  throw new CliError(
    `${what} refused: the workspace in ${shownFolder(cwd, loaded.root)} has ${plural(errors.length, 'error')}. ` +
      `Sessions run only from a workspace that passes the session-rule checks. Fix these (details: rpa-sessions check ${shown}):\n` +
      lines.join('\n'),
    EXIT.findings,
  );
}
