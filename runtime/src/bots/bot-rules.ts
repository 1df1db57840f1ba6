// The simulated MuleSoft RPA rules for bots: what refuses a deployment, what stops a session from
// starting, and which bot changes end a running session. Pure: reads declarations and bot state only.
import type { Declaration } from '../../../language/src/ast';
import type { ResolvedRun, SessionMode } from '../../../language/src/model';
import { intOf, property, resolveRun, wordOf } from '../../../language/src/model';
import { didYouMean } from '../../../language/src/suggest';
import type { Workspace } from '../../../language/src/workspace';
import { RpaUserError } from '../user-error';
import type { BotState } from '../../../language/src/bot-state/bot-state';

export interface RunTarget {
  run: Declaration;
  bot: Declaration;
  agent: Declaration;
  resolved: ResolvedRun;
}

/** The declaration of that kind and name, or a user error that suggests the closest name. */
export function declarationOrError(ws: Workspace, kind: 'bot' | 'agent' | 'run', name: string): Declaration {
  const decl = ws.resolve(kind, name);
  if (decl) return decl;
  const names = ws.allDeclarations(kind).map((d) => d.name);
  const known = names.length ? ` Declared ${kind}s: ${names.join(', ')}.` : ` The workspace declares no ${kind}.`;
  throw new RpaUserError('unknown-declaration', `There is no ${kind} named "${name}" in the workspace's .rpa files.${didYouMean(name, names)}${known}`);
}

/** A run configuration with its bot and agent, or a user error naming what is missing. */
export function runTarget(ws: Workspace, runName: string): RunTarget {
  const run = declarationOrError(ws, 'run', runName);
  const ref = (key: 'bot' | 'agent'): Declaration => {
    const name = wordOf(property(run, key));
    if (!name) {
      throw new RpaUserError('unknown-declaration', `Run configuration "${runName}" does not name its ${key}. Add \`${key}: NAME\` to run ${runName}.`);
    }
    return declarationOrError(ws, key, name);
  };
  const bot = ref('bot');
  const agent = ref('agent');
  return { run, bot, agent, resolved: resolveRun(run, bot) };
}

export function licensedSecureSessions(bot: Declaration): number | undefined {
  return intOf(property(bot, 'licensedSecureSessions'));
}

function isSingleLicence(bot: Declaration, state: BotState): boolean {
  return state.mode === 'secure' && licensedSecureSessions(bot) === 1;
}

/** Why this run configuration can't be deployed to (or run on) its bot now, if it can't. */
export function deployProblem(target: RunTarget, state: BotState): RpaUserError | undefined {
  const { run, bot, resolved } = target;
  const runMode: SessionMode | undefined = resolved.mode;
  if (runMode && runMode !== state.mode) {
    const from = resolved.modeFrom === 'run' ? `its \`mode: ${runMode}\`` : `bot ${bot.name}'s declaration (the run sets no mode)`;
    const locked = state.deployments.length
      ? ` The bot stays in ${state.mode} mode because run configurations are deployed to it (${state.deployments.map((d) => d.run).join(', ')}) and a bot's mode can't be switched while any is deployed: undeploy them first.`
      : '';
    return new RpaUserError(
      'mode-mismatch',
      `Run configuration "${run.name}" runs in ${runMode} mode (from ${from}), but bot "${bot.name}" is in ${state.mode} mode. ` +
        `MuleSoft RPA deploys a run configuration only to a bot in the same session mode.${locked} ` +
        `Fix: set \`mode: ${state.mode}\` in run ${run.name}, or switch the bot with \`rpa-sessions bot mode ${bot.name} ${runMode}\`.`,
    );
  }
  if (state.mode === 'desktop' && state.console === 'logged-out') {
    return new RpaUserError(
      'console-not-logged-in',
      `Bot "${bot.name}" is in desktop mode, but its bot user is not logged in to the console. Desktop Session mode runs ` +
        `processes in the visible console session of a logged-in user. Fix: log the bot user in to the console ` +
        `(\`rpa-sessions bot console ${bot.name} open\`), then deploy "${run.name}" again.`,
    );
  }
  if (isSingleLicence(bot, state) && state.userSession === 'disconnected') {
    return new RpaUserError(
      'single-license-disconnected',
      `Bot "${bot.name}" has one licensed secure session, and its bot user's Windows session is disconnected instead of ` +
        `signed out. A disconnected session still holds the only licence, so no secure session can start. Fix: sign the ` +
        `bot user out (don't disconnect): \`rpa-sessions bot signout ${bot.name}\`, then deploy "${run.name}" again.`,
    );
  }
  return undefined;
}

/**
 * Why a session of this bot can't start now or must stop while running (checked when it leaves the
 * queue, and again on every bot change), if it can't: the desktop console must be open, and a
 * one-licence secure bot's user must not be signed in interactively.
 */
export function runningProblem(bot: Declaration, state: BotState, sessionId: string): string | undefined {
  if (state.mode === 'desktop' && state.console !== 'open') {
    const what = state.console === 'logged-out' ? 'logged out of' : state.console === 'minimized' ? 'minimized' : 'locked';
    const subject = state.console === 'logged-out' ? `the bot user ${what} the console` : `the console was ${what}`;
    return (
      `Desktop session "${sessionId}" on bot "${bot.name}" stopped: ${subject}. Desktop Session mode runs the process in ` +
      `the visible console session, which must stay open (not minimized or locked) for the whole run. Fix: open the ` +
      `console (\`rpa-sessions bot console ${bot.name} open\`) and run again, or use a bot in secure mode.`
    );
  }
  if (isSingleLicence(bot, state) && state.userSession === 'signed-in') {
    return (
      `Secure session "${sessionId}" on bot "${bot.name}" ended: the bot user signed in interactively. The bot has one ` +
      `licensed secure session, and an interactive sign-in as the bot user takes it over. Fix: sign the bot user out ` +
      `(\`rpa-sessions bot signout ${bot.name}\`) and don't sign in as that user while a process runs, then run again.`
    );
  }
  return undefined;
}
