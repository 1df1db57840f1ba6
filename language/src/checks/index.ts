// The one place checks are registered, and the entry points that run them: checkFile for one file
// (local results cached per parsed file, linked ones recomputed from the index) and checkWorkspace.
import type { Diagnostic } from '../diagnostics';
import { severityOf } from '../diagnostics';
import { comparePositions } from '../ranges';
import type { Workspace, WorkspaceFile } from '../workspace';
import type { Check } from './check';
import { checkAgents } from './agent';
import { checkBots, checkDeployedMode } from './bot';
import { checkDeclarations } from './declarations';
import { checkRuns } from './run';
import { checkRunTargets } from './run-targets';
import { checkSchema } from './schema';
import { checkSessions } from './sessions';
import { checkSteps } from './steps';
import { checkSyntax } from './syntax';

/** Checks that read only the file itself (cached per parsed file). */
export const LOCAL_CHECKS: Check[] = [checkSyntax, checkSchema, checkBots, checkAgents, checkSteps];
/** Checks that read other files through the workspace index, or the deployment state: never cached. */
export const LINKED_CHECKS: Check[] = [checkDeclarations, checkRunTargets, checkRuns, checkSessions, checkDeployedMode];

const localCache = new WeakMap<WorkspaceFile, Diagnostic[]>();

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
    local = run(LOCAL_CHECKS, ws, file);
    localCache.set(file, local);
  }
  return [...local, ...run(LINKED_CHECKS, ws, file)].sort(byPosition);
}

export function checkWorkspace(ws: Workspace): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const uri of ws.uris()) out.set(uri, checkFile(ws, uri));
  return out;
}
