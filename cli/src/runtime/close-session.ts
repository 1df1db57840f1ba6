// CloseSession from the CLI (`sessions close ID`, `run --replace`): closes one session in an open
// runtime and says what went: its records and logs, and its export rows only when it was exported.
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import type { SessionInfo } from '../../../runtime/src/session-types';

/** Closes `before` (a session not closed or expired yet); returns the sentence that says what was removed. */
export async function closeSessionSaying(runtime: SessionRuntime, before: SessionInfo): Promise<string> {
  const external = runtime.store.pendingCleanups().find((p) => p.sessionId === before.id)?.policy;
  const info = await runtime.engine.closeSession(before.id);
  // Only a completed session was exported (a failed export fails the session).
  const exported = before.status === 'completed' && external?.export?.format === 'database' && external.cleanupExternalSessionData;
  const db = exported ? ` and its rows in the database export ${external.export!.path}` : '';
  return `Closed session "${before.id}" (status ${info?.status ?? 'closed'}): its records and logs in the session store${db} are removed. Its ID can be used again.`;
}
