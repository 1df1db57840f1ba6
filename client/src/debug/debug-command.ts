// rpa.debug (the Debug code lens): starts exactly that run under the `rpa` debugger (the configuration
// provider then offers to close finished sessions that still hold the run's IDs).
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { refuseWorkspaceErrors } from '../runtime/folder-runtimes';
import { guarded } from '../runtime/refusal';
import { resolveRunRequest, type RunRequest } from '../runtime/run-target';
import { launchConfiguration } from './debug-configurations';

async function startDebugging(req: RunRequest): Promise<void> {
  const decl = req.runtime.workspace.resolve('run', req.run);
  const program = decl ? vscode.Uri.parse(decl.uri).fsPath : (req.file?.fsPath ?? '');
  await vscode.debug.startDebugging(req.folder, launchConfiguration(req.folder, req.run, program));
}

export const debugCommand = (ctx: Ctx) =>
  guarded(ctx.output, 'Debug', async (...args: unknown[]) => {
    const req = await resolveRunRequest(ctx.runtimes, args, 'debug');
    if (!req) return;
    refuseWorkspaceErrors(req.runtime, `Debug ${req.run}`);
    await startDebugging(req);
  });
