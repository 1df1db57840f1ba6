// The error type for problems a user can fix (a refused deploy, a duplicate session ID, an unknown
// input): surfaces print its message alone, never a stack trace; `code` lets callers branch on it.
import { BotStateFormatError } from '../../language/src/bot-state/bot-state-codec';

export type UserErrorCode =
  | 'unknown-declaration'
  | 'invalid-workspace'
  | 'mode-mismatch'
  | 'console-not-logged-in'
  | 'single-license-disconnected'
  | 'mode-switch-while-deployed'
  | 'not-deployed'
  | 'invalid-bot-state'
  | 'no-session-limit'
  | 'no-sessions'
  | 'multiple-sessions-not-supported'
  | 'unknown-input'
  | 'duplicate-session-id'
  | 'invalid-session-id'
  | 'unknown-session'
  | 'missing-secret'
  | 'store-locked'
  | 'store-unreadable'
  | 'store-read-only'
  | 'secret-refused'
  | 'invalid-dataset'
  | 'invalid-record'
  | 'query-refused'
  | 'session-still-running'
  | 'export-failed'
  | 'example-site-unavailable'
  | 'invalid-store-location'
  | 'store-unavailable'
  | 'queue-unavailable';

export class RpaUserError extends Error {
  constructor(
    public readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpaUserError';
  }
}

/** A user error from the runtime, or an unreadable `.rpa/bots.json` reported by the language core. */
export function isUserError(e: unknown): e is RpaUserError | BotStateFormatError {
  return e instanceof RpaUserError || e instanceof BotStateFormatError || isUserErrorOfAnotherBundle(e);
}

/** An RpaUserError thrown by code of another bundle (dist/fleet.js has its own copy of the class). */
function isUserErrorOfAnotherBundle(e: unknown): e is RpaUserError {
  return e instanceof Error && e.name === 'RpaUserError' && typeof (e as { code?: unknown }).code === 'string';
}
