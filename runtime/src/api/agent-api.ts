// The Agent API for web apps (Sequentum's Agent API over simulated secure sessions): start an agent,
// or one session of a run configuration, with a session ID and inputs, and get a handle to that session only.
import type { SessionRuntimeOptions } from '../node/session-runtime';
import { openSessionRuntime } from '../node/session-runtime';
import type { RemoteAgentApi, RemoteAgentApiOptions } from '../fleet/remote-agent-api';
import type { SessionHandle } from './session-handle';
import { createSessionHandle } from './session-handle';
import { tokenApi, type TokenApi } from './token-api';

export type { SessionHandle, SessionView } from './session-handle';
export type { StartSessionRequest } from './token-api';
export type { RemoteAgentApi, RemoteAgentApiOptions, RemoteSessionHandle } from '../fleet/remote-agent-api';

export type AgentApiOptions = SessionRuntimeOptions;

/** startSession() starts the session (queued if its bot is at its limit); close() stops sessions still running (as interrupted) and closes the store and the workers. */
export type AgentApi = TokenApi<SessionHandle>;

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
  const runtime = await openSessionRuntime(options);
  const deps = { engine: runtime.engine, store: runtime.store };
  return tokenApi(
    async (request, token) => {
      await runtime.reload();
      const info = runtime.engine.startSession({ agent: request.agent, run: request.run, sessionId: request.sessionId, inputs: request.inputs });
      return createSessionHandle(info, token, deps);
    },
    () => runtime.close(),
  );
}
