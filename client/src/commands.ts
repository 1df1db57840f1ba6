// Every command the extension contributes, each a small factory `(ctx) => handler`, registered in one
// place. Run, Debug and Deploy (the code lenses on runs) explain that they arrive with the runtime.
import * as vscode from 'vscode';
import { SHOW_OUTPUT_COMMAND, type Ctx } from './ctx';

type Handler = (...args: unknown[]) => unknown;
type CommandFactory = (ctx: Ctx) => Handler;

/** The run configuration a command targets: code lenses pass `(uri, runName)`; the palette passes none. */
export interface RunTarget {
  uri?: string;
  name?: string;
}

export function runTargetOf(args: readonly unknown[]): RunTarget {
  const [uri, name] = args;
  return {
    uri: uri instanceof vscode.Uri ? uri.toString() : typeof uri === 'string' ? uri : undefined,
    name: typeof name === 'string' ? name : undefined,
  };
}

const ACTIONS = {
  run: { verb: 'Running', what: 'runs each session in its own isolated worker, with the queue and live progress' },
  debug: { verb: 'Debugging', what: 'stops on breakpoints in steps, with each session as a thread' },
  deploy: { verb: 'Deploying', what: 'deploys to the simulated bot after checking its mode, console and sign-in state' },
} as const;

/** rpa.run / rpa.debug / rpa.deploy until the session runtime lands. */
function arrivesWithRuntime(action: keyof typeof ACTIONS): CommandFactory {
  return (ctx) => (...args) => {
    const { verb, what } = ACTIONS[action];
    const target = runTargetOf(args);
    const subject = target.name ? `run configuration "${target.name}"` : 'a run configuration';
    const message =
      `RPA Sessions: ${verb} ${subject} arrives with the session runtime (it ${what}). ` +
      'Until then the editor checks it as you type: see the Problems panel, or "rpa-sessions check" on the command line.';
    ctx.output.info(message);
    void vscode.window.showInformationMessage(message);
  };
}

const restartServer: CommandFactory = (ctx) => async () => {
  await ctx.restart();
};

const showOutput: CommandFactory = (ctx) => () => {
  ctx.output.show(true);
};

export const COMMANDS: Record<string, CommandFactory> = {
  'rpa.run': arrivesWithRuntime('run'),
  'rpa.debug': arrivesWithRuntime('debug'),
  'rpa.deploy': arrivesWithRuntime('deploy'),
  'rpa.restartServer': restartServer,
  [SHOW_OUTPUT_COMMAND]: showOutput,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    ctx.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
