// What the local and the remote Agent API share: session IDs checked, an unguessable token per
// started session as the only way back to its handle, and nothing started once the API is closed.
import { randomBytes } from 'node:crypto';
import type { Inputs } from '../session-types';
import { validateSessionId } from '../store/session-rows';
import { RpaUserError } from '../user-error';

export interface StartSessionRequest {
  /** Run this agent alone (no bot; up to `localParallel` such sessions at once) … */
  agent?: string;
  /** … or one session of this run configuration, on its bot with its mode, login and timeout. */
  run?: string;
  /** Any unique string (Sequentum session ID); generated when omitted. */
  sessionId?: string;
  /** Override the agent's input defaults (and, for a run, the session entry's values). */
  inputs?: Inputs;
}

export interface TokenApi<H> {
  /** Starts the session (queued if its bot is at its limit) and returns the handle to it. */
  startSession(request: StartSessionRequest): Promise<H>;
  /** The handle of a session started through this API, from the token it was given; any other token is refused. */
  session(token: string): H;
  close(): Promise<void>;
}

/** `start` starts the session and builds its handle with the token; `close` releases what the API holds. */
export function tokenApi<H>(start: (request: StartSessionRequest, token: string) => Promise<H>, close: () => Promise<void>): TokenApi<H> {
  const handles = new Map<string, H>();
  let closed = false;
  return {
    async startSession(request) {
      if (closed) throw new RpaUserError('unknown-session', 'This Agent API was closed; create a new one with createAgentApi().');
      if (request.sessionId !== undefined) validateSessionId(request.sessionId, 'give startSession() another sessionId, or none to get a generated one');
      const token = randomBytes(32).toString('base64url');
      const handle = await start(request, token);
      handles.set(token, handle);
      return handle;
    },
    session(token) {
      const handle = handles.get(token);
      if (!handle) {
        throw new RpaUserError(
          'unknown-session',
          'No session belongs to this token. Each caller sees only the sessions it started: keep the token returned with the session handle (it is not the session ID).',
        );
      }
      return handle;
    },
    async close() {
      if (closed) return;
      closed = true;
      handles.clear();
      await close();
    },
  };
}
