// rpa.debug (the Debug code lens): starts exactly that run under the `rpa` debugger; when the run's
// session IDs are still taken by finished sessions, offers to close them (CloseSession) and debug.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { refuseWorkspaceErrors } from '../runtime/folder-runtimes';
import { guarded } from '../runtime/refusal';
import { resolveRunRequest, type RunRequest } from '../runtime/run-target';
import { takenSessions, takenSessionsRefusal } from '../runtime/taken-sessions';
import { launchConfiguration } from './debug-configurations';

async function startDebugging(req: RunRequest, replaceSessions: boolean): Promise<void> {
  const decl = req.runtime.workspace.resolve('run', req.run);
  const program = decl ? vscode.Uri.parse(decl.uri).fsPath : (req.file?.fsPath ?? '');
  await vscode.debug.startDebugging(req.folder, launchConfiguration(req.folder, req.run, program, replaceSessions ? { replaceSessions } : {}));
}

export const debugCommand = (ctx: Ctx) =>
  guarded(ctx.output, 'Debug', async (...args: unknown[]) => {
    const req = await resolveRunRequest(ctx.runtimes, args, 'debug');
    if (!req) return;
    refuseWorkspaceErrors(req.runtime, `Debug ${req.run}`);
    const taken = takenSessions(req);
    if (taken.length) throw takenSessionsRefusal(req, taken, 'Debug', () => startDebugging(req, true));
    await startDebugging(req, false);
  });
