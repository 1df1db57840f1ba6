// Every command the extension contributes, each a small factory `(ctx) => handler`, registered in one
// place. Run, Debug, Deploy and Undeploy go through the folder's session runtime (client/src/runtime/).
import * as vscode from 'vscode';
import { SHOW_OUTPUT_COMMAND, type Ctx } from './ctx';
import { debugCommand } from './debug/debug-command';
import { copySampleCommand } from './onboarding/copy-sample';
import { serveExampleSiteCommand } from './onboarding/example-site';
import { deployCommand, undeployCommand } from './runtime/deploy-commands';
import { runCommand } from './runtime/run-command';

type Handler = (...args: unknown[]) => unknown;
type CommandFactory = (ctx: Ctx) => Handler;

const restartServer: CommandFactory = (ctx) => async () => {
  await ctx.restart();
};

const showOutput: CommandFactory = (ctx) => () => {
  ctx.output.show(true);
};

export const COMMANDS: Record<string, CommandFactory> = {
  'rpa.run': runCommand,
  'rpa.debug': debugCommand,
  'rpa.copySampleWorkspace': copySampleCommand,
  'rpa.serveExampleSite': serveExampleSiteCommand,
  'rpa.deploy': deployCommand,
  'rpa.undeploy': undeployCommand,
  'rpa.restartServer': restartServer,
  [SHOW_OUTPUT_COMMAND]: showOutput,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    ctx.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
