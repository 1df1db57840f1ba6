// The Agent API for web apps (Sequentum's Agent API over simulated secure sessions): start an agent,
// or one session of a run configuration, with a session ID and inputs, and get a handle to that session only.
import { randomBytes } from 'node:crypto';
import type { Inputs } from '../session-types';
import type { SessionRuntime, SessionRuntimeOptions } from '../node/session-runtime';
import { openSessionRuntime } from '../node/session-runtime';
import { validateSessionId } from '../store/session-rows';
import { RpaUserError } from '../user-error';
import type { SessionHandle } from './session-handle';
import { API_CLOSED, createSessionHandle, handleByToken } from './session-handle';
import type { RemoteAgentApi, RemoteAgentApiOptions } from '../fleet/remote-agent-api';

export type { SessionHandle, SessionView } from './session-handle';
export type { RemoteAgentApi, RemoteAgentApiOptions, RemoteSessionHandle } from '../fleet/remote-agent-api';

export type AgentApiOptions = SessionRuntimeOptions;

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

export interface AgentApi {
  /** Starts the session (queued if its bot is at its limit) and returns the handle to it. */
  startSession(request: StartSessionRequest): Promise<SessionHandle>;
  /** The handle of a session started through this API, from the token it was given; any other token is refused. */
  session(token: string): SessionHandle;
  /** Stops sessions still running (as interrupted) and closes the store and the workers. */
  close(): Promise<void>;
}

/**
 * The Agent API on this machine's runtime, or with `remote: { queue, store }` on the fleet: sessions
 * then run on its workers and the handles read the fleet's PostgreSQL store (each read a promise).
 */
export function createAgentApi(options: RemoteAgentApiOptions): Promise<RemoteAgentApi>;
export function createAgentApi(options: AgentApiOptions): Promise<AgentApi>;
export async function createAgentApi(options: AgentApiOptions | RemoteAgentApiOptions): Promise<AgentApi | RemoteAgentApi> {
  if ('remote' in options) {
    // Loaded only for the remote option, so a local Agent API never loads BullMQ or pg.
    const { createRemoteAgentApi } = await import('../fleet/remote-agent-api');
    return createRemoteAgentApi(options);
  }
  const runtime: SessionRuntime = await openSessionRuntime(options);
  const handles = new Map<string, SessionHandle>();
  let closed = false;
  const deps = { engine: runtime.engine, store: runtime.store };

  return {
    async startSession(request) {
      if (closed) throw new RpaUserError('unknown-session', API_CLOSED);
      if (request.sessionId !== undefined) validateSessionId(request.sessionId, 'give startSession() another sessionId, or none to get a generated one');
      await runtime.reload();
      const info = runtime.engine.startSession({ agent: request.agent, run: request.run, sessionId: request.sessionId, inputs: request.inputs });
      const token = randomBytes(32).toString('base64url');
      const handle = createSessionHandle(info, token, deps);
      handles.set(token, handle);
      return handle;
    },

    session: (token) => handleByToken(handles, token),

    async close() {
      if (closed) return;
      closed = true;
      handles.clear();
      await runtime.close();
    },
  };
}
