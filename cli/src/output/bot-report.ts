// What `bot status` and the other bot subcommands print: each bot's simulated state (mode, deployed
// run configurations, effective secure-session limit, console, bot user's session) as text or JSON.
import type { Declaration } from '../../../language/src/ast';
import { effectiveLimit, LIMIT_SOURCE_LABEL, property, stringOf } from '../../../language/src/index';
import type { BotState, ConsoleState, UserSession } from '../../../language/src/bot-state/bot-state';
import type { Styler } from '../cli-context';
import { formatTime } from './table';

export const CONSOLE_TEXT: Record<ConsoleState, string> = {
  'logged-out': 'bot user logged out of the console',
  open: 'open (bot user logged in)',
  minimized: 'minimized',
  locked: 'locked',
};

export const USER_SESSION_TEXT: Record<UserSession, string> = {
  'signed-out': 'signed out',
  'signed-in': 'signed in interactively',
  disconnected: 'disconnected (not signed out)',
};

export interface BotJson {
  mode: BotState['mode'];
  host?: string;
  effectiveLimit?: number;
  deployments: BotState['deployments'];
  console: ConsoleState;
  userSession: UserSession;
}

function limitText(decl: Declaration | undefined, state: BotState): string {
  if (state.mode === 'desktop') return '1 (desktop mode: one process at a time in the console session)';
  if (!decl) return 'unknown (the bot is no longer declared)';
  const l = effectiveLimit(decl);
  if (l.limit === undefined) return 'not set (set maxSecureSessions in configurator or manager)';
  return `${l.limit} — ${l.bounds.map((b) => `${LIMIT_SOURCE_LABEL[b.source]} ${b.value}`).join(', ')}`;
}

export function botJson(decl: Declaration | undefined, state: BotState): BotJson {
  const out: BotJson = { mode: state.mode, deployments: state.deployments, console: state.console, userSession: state.userSession };
  const host = stringOf(property(decl, 'host'));
  if (host) out.host = host;
  const limit = state.mode === 'desktop' ? 1 : decl ? effectiveLimit(decl).limit : undefined;
  if (limit !== undefined) out.effectiveLimit = limit;
  return out;
}

/** One bot as an indented block: name and host, then one line per part of its state. */
export function formatBot(name: string, decl: Declaration | undefined, state: BotState, s: Styler): string {
  const host = stringOf(property(decl, 'host'));
  const deployed = state.deployments.length
    ? state.deployments.map((d) => `${d.run} (${d.mode} mode, since ${formatTime(d.deployedAt)})`).join(', ')
    : 'nothing';
  const consoleNote = state.mode === 'desktop' ? '' : s.paint('dim', ' (matters in desktop mode only)');
  const lines = [
    `${s.paint('bold', name)}${host ? ` on ${host}` : ''}${decl ? '' : s.paint('yellow', ' — not declared in the workspace any more')}`,
    `  mode:             ${state.mode}`,
    `  secure sessions:  ${limitText(decl, state)}`,
    `  deployed:         ${deployed}`,
    `  console:          ${CONSOLE_TEXT[state.console]}${consoleNote}`,
    `  bot user session: ${USER_SESSION_TEXT[state.userSession]}`,
  ];
  return lines.join('\n') + '\n';
}
