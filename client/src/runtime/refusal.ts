// How the runtime-backed commands fail: a refusal or a runtime user error is an error message that
// says what, why and how to fix it (with buttons that do the fix); anything else is a bug, logged in full.
import * as vscode from 'vscode';
import { isUserError } from '../../../runtime/src/user-error';

/** A button on an error message that carries out the fix it names. */
export interface FixAction {
  title: string;
  run(): unknown;
}

/** A problem the user can act on, found by the extension itself (no folder open, nothing deployed…). */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly actions: readonly FixAction[] = [],
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const SHOW_PROBLEMS: FixAction = {
  title: 'Show Problems',
  run: () => vscode.commands.executeCommand('workbench.actions.view.problems'),
};

/**
 * Shows why a command did not do what was asked. Refusals and runtime user errors (a deploy in the
 * wrong mode, a session ID still taken) show their message alone; an unexpected error is logged with
 * its stack in `output` and shown as a bug in RPA Sessions, never as the user's fault.
 */
export async function reportFailure(output: vscode.LogOutputChannel, what: string, err: unknown): Promise<void> {
  if (err instanceof Refusal || isUserError(err)) {
    output.info(`${what} did not go ahead: ${err.message}`);
    const actions = err instanceof Refusal ? err.actions : [];
    const choice = await vscode.window.showErrorMessage(`RPA Sessions: ${err.message}`, ...actions.map((a) => a.title));
    const action = actions.find((a) => a.title === choice);
    try {
      await action?.run();
    } catch (fixErr) {
      await reportFailure(output, `${what} (${action?.title})`, fixErr);
    }
    return;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  output.error(`${what} failed unexpectedly: ${detail}`);
  const reason = err instanceof Error ? err.message : String(err);
  const choice = await vscode.window.showErrorMessage(
    `RPA Sessions: ${what} failed unexpectedly (${reason}). This is a problem in RPA Sessions, not in your .rpa files; ` +
      'the details are in the "RPA Sessions" output. Please report it with those details.',
    'Show Output',
  );
  if (choice) output.show(true);
}

/** Wraps a command handler so every failure is reported as above (and never left as a rejected promise). */
export function guarded<A extends unknown[]>(output: vscode.LogOutputChannel, what: string, handler: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await handler(...args);
    } catch (err) {
      await reportFailure(output, what, err);
    }
  };
}
