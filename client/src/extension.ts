// Entry point of the VS Code extension (bundled to dist/extension.js): a thin activate that builds
// the context object, registers the commands and the debugger, and starts the language server.
import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerDebugging } from './debug/register-debugging';
import { registerSessionsView } from './views/register-sessions-view';
import { registerSessionsPanel } from './panel/register-sessions-panel';

let ctx: Ctx | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(extension);
  registerCommands(ctx);
  registerDebugging(ctx);
  registerSessionsView(ctx);
  registerSessionsPanel(ctx);
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  const current = ctx;
  ctx = undefined;
  await current?.dispose();
}
