// Every command the extension contributes, each a small factory `(ctx) => handler`, registered in one
// place. Run, Deploy and Undeploy go through the folder's session runtime (client/src/runtime/).
import * as vscode from 'vscode';
import { SHOW_OUTPUT_COMMAND, type Ctx } from './ctx';
import { deployCommand, undeployCommand } from './runtime/deploy-commands';
import { runCommand } from './runtime/run-command';
import { runTargetOf } from './runtime/run-target';

type Handler = (...args: unknown[]) => unknown;
type CommandFactory = (ctx: Ctx) => Handler;

/** rpa.debug: the debugger is a later piece of work; say so plainly and what works today. */
const debugNotYet: CommandFactory = (ctx) => (...args) => {
  const target = runTargetOf(args);
  const subject = target.name ? `run configuration "${target.name}"` : 'a run configuration';
  const message =
    `RPA Sessions: Debugging ${subject} is not available yet: the debugger (breakpoints on steps, each session as a thread) ` +
    'is a later piece of work. Use Run to run its sessions now; each session\'s log is in the "RPA Sessions: Runs" output.';
  ctx.output.info(message);
  void vscode.window.showInformationMessage(message);
};

const restartServer: CommandFactory = (ctx) => async () => {
  await ctx.restart();
};

const showOutput: CommandFactory = (ctx) => () => {
  ctx.output.show(true);
};

export const COMMANDS: Record<string, CommandFactory> = {
  'rpa.run': runCommand,
  'rpa.debug': debugNotYet,
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
