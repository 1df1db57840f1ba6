// Persisted per-workspace bot state (SPEC §3): current mode, deployed run configurations, the desktop
// console and the bot user's session. Stored as `.rpa/bots.json`; the runtime writes it, checks read it.
import type { DeploymentState } from '../workspace';
import type { SessionMode } from '../model';

export type ConsoleState = 'logged-out' | 'open' | 'minimized' | 'locked';
export type UserSession = 'signed-out' | 'signed-in' | 'disconnected';

export interface Deployment {
  run: string;
  mode: SessionMode;
  deployedAt: number;
}

export interface BotState {
  mode: SessionMode;
  deployments: Deployment[];
  /** Desktop mode: is the bot user logged in to the console, and is it open, minimized or locked. */
  console: ConsoleState;
  /** The bot user's interactive Windows session. */
  userSession: UserSession;
}

export interface BotStateFile {
  version: 1;
  bots: Record<string, BotState>;
}

export const BOT_STATE_FILE = 'bots.json';

/** An empty state; `bots` has no prototype, so a bot named like an Object property is just a key. */
export function emptyBotStateFile(): BotStateFile {
  return { version: 1, bots: Object.create(null) as Record<string, BotState> };
}

/** Several state files as one (all files form one workspace); undefined when there are none. */
export function mergeDeploymentStates(states: readonly DeploymentState[]): DeploymentState | undefined {
  return states.length ? { deployments: (bot) => states.flatMap((s) => s.deployments(bot)) } : undefined;
}

/** The deployment seam the language core's `mode-switch-while-deployed` check reads. */
export function deploymentStateOf(file: BotStateFile): DeploymentState {
  return {
    deployments: (botName) => (Object.prototype.hasOwnProperty.call(file.bots, botName) ? file.bots[botName].deployments : []),
  };
}
