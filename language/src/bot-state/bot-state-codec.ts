// Reads and writes the `.rpa/bots.json` bot state: validates every field of a parsed file so a
// hand-edited or truncated file is reported as a user error that names the fix, never a crash.
import type { SessionMode } from '../model';
import type { BotState, BotStateFile, ConsoleState, Deployment, UserSession } from './bot-state';
import { emptyBotStateFile } from './bot-state';

export const MODES: readonly SessionMode[] = ['desktop', 'secure'];
export const CONSOLE_STATES: readonly ConsoleState[] = ['logged-out', 'open', 'minimized', 'locked'];
export const USER_SESSIONS: readonly UserSession[] = ['signed-out', 'signed-in', 'disconnected'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): v is T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v);
}

/** A `.rpa/bots.json` that can't be read as bot state: a user error (its message names the fix). */
export class BotStateFormatError extends Error {
  readonly code = 'invalid-bot-state';
  constructor(message: string) {
    super(message);
    this.name = 'BotStateFormatError';
  }
}

function problem(location: string, what: string): BotStateFormatError {
  return new BotStateFormatError(
    `The bot state file ${location} is not valid: ${what}. It records each bot's mode, deployments, console and ` +
      `bot-user session (the simulated RPA Manager and Bot Configurator state). Fix the file, or delete it to ` +
      `re-initialize every bot from its .rpa declaration (deployments are then forgotten).`,
  );
}

function parseDeployment(v: unknown, at: string, location: string): Deployment {
  if (!isRecord(v)) throw problem(location, `${at} is not an object`);
  if (typeof v.run !== 'string' || !v.run) throw problem(location, `${at}.run must be a run configuration name`);
  if (!oneOf(v.mode, MODES)) throw problem(location, `${at}.mode must be "desktop" or "secure"`);
  if (typeof v.deployedAt !== 'number' || !Number.isFinite(v.deployedAt)) throw problem(location, `${at}.deployedAt must be a timestamp`);
  return { run: v.run, mode: v.mode, deployedAt: v.deployedAt };
}

function parseBot(v: unknown, name: string, location: string): BotState {
  const at = `bots["${name}"]`;
  if (!isRecord(v)) throw problem(location, `${at} is not an object`);
  if (!oneOf(v.mode, MODES)) throw problem(location, `${at}.mode must be "desktop" or "secure"`);
  if (!Array.isArray(v.deployments)) throw problem(location, `${at}.deployments must be a list`);
  if (!oneOf(v.console, CONSOLE_STATES)) throw problem(location, `${at}.console must be one of ${CONSOLE_STATES.join(', ')}`);
  if (!oneOf(v.userSession, USER_SESSIONS)) throw problem(location, `${at}.userSession must be one of ${USER_SESSIONS.join(', ')}`);
  const deployments = v.deployments.map((d, i) => parseDeployment(d, `${at}.deployments[${i}]`, location));
  return { mode: v.mode, deployments, console: v.console, userSession: v.userSession };
}

/**
 * Parses the file's text. Empty or blank text is malformed like any other damage: the file is only
 * ever replaced whole, so an empty one lost its deployments (only a missing file means "no state").
 */
export function parseBotStateFile(text: string, location: string): BotStateFile {
  if (!text.trim()) throw problem(location, 'it is empty, so the deployments it recorded are lost');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw problem(location, `it is not JSON (${(e as Error).message})`);
  }
  if (!isRecord(json)) throw problem(location, 'the top level is not an object');
  if (json.version !== 1) throw problem(location, `version ${JSON.stringify(json.version)} is not supported (expected 1)`);
  if (!isRecord(json.bots)) throw problem(location, '"bots" is not an object');
  const state = emptyBotStateFile();
  for (const [name, bot] of Object.entries(json.bots)) state.bots[name] = parseBot(bot, name, location);
  return state;
}

export function serializeBotStateFile(file: BotStateFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

export function cloneBotState(s: BotState): BotState {
  return { ...s, deployments: s.deployments.map((d) => ({ ...d })) };
}

export function sameBotState(a: BotState | undefined, b: BotState | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.mode === b.mode &&
    a.console === b.console &&
    a.userSession === b.userSession &&
    a.deployments.length === b.deployments.length &&
    a.deployments.every((d, i) => d.run === b.deployments[i].run && d.mode === b.deployments[i].mode && d.deployedAt === b.deployments[i].deployedAt)
  );
}
