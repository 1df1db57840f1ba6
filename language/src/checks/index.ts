// The one place checks are registered, and the entry points that run them: checkFile for one file
// (local results cached per declaration, linked ones recomputed from the index) and checkWorkspace.
import type { Diagnostic } from '../diagnostics';
import { severityOf } from '../diagnostics';
import { comparePositions } from '../ranges';
import type { Workspace, WorkspaceFile } from '../workspace';
import type { Check } from './check';
import { localDiagnostics } from './local-cache';
import { checkAgents } from './agent';
import { checkBots, checkDeployedMode } from './bot';
import { checkDeclarations } from './declarations';
import { checkRuns } from './run';
import { checkRunTargets } from './run-targets';
import { checkSchema } from './schema';
import { checkSessions } from './sessions';
import { checkSteps } from './steps';
import { checkSyntax } from './syntax';

/** Checks that read only one declaration of the file (cached per declaration), after its syntax errors. */
export const LOCAL_CHECKS: Check[] = [checkSchema, checkBots, checkAgents, checkSteps];
/** Checks that read other files through the workspace index, or the deployment state: never cached. */
export const LINKED_CHECKS: Check[] = [checkDeclarations, checkRunTargets, checkRuns, checkSessions, checkDeployedMode];

const localCache = new WeakMap<WorkspaceFile, Diagnostic[]>();

/** The syntax errors, then each declaration's local diagnostics (every local check on it alone). */
function runLocal(ws: Workspace, file: WorkspaceFile): Diagnostic[] {
  const out = run([checkSyntax], ws, file);
  for (const decl of file.ast.declarations) {
    const alone = { ...file, ast: { ...file.ast, declarations: [decl] } };
    out.push(...localDiagnostics(decl, () => run(LOCAL_CHECKS, ws, alone)));
  }
  return out;
}

function run(checks: Check[], ws: Workspace, file: WorkspaceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = {
    ws,
    file,
    accept: (d: Omit<Diagnostic, 'severity' | 'uri'> & { uri?: string }) =>
      out.push({ ...d, uri: d.uri ?? file.uri, severity: severityOf(d.code) }),
  };
  for (const check of checks) check(ctx);
  return out;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return comparePositions(a.range.start, b.range.start) || a.code.localeCompare(b.code);
}

/** All diagnostics of one file, sorted by position. */
export function checkFile(ws: Workspace, uri: string): Diagnostic[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  let local = localCache.get(file);
  if (!local) {
    local = runLocal(ws, file);
    localCache.set(file, local);
  }
  return [...local, ...run(LINKED_CHECKS, ws, file)].sort(byPosition);
}

export function checkWorkspace(ws: Workspace): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const uri of ws.uris()) out.set(uri, checkFile(ws, uri));
  return out;
}
