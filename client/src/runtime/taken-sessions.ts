// A run whose named session IDs are still taken by an earlier run's sessions: which they are, and the
// refusal that says so, offering Sequentum's CloseSession for them (Run and Debug both offer it).
import { sessionEntries } from '../../../language/src/index';
import { plural } from '../../../runtime/src/node/run-report';
import type { SessionInfo } from '../../../runtime/src/session-types';
import { Refusal } from './refusal';
import type { RunRequest } from './run-target';

/** The run's named sessions that still exist (not cleaned up), which keep their IDs taken. */
export function takenSessions(req: RunRequest): SessionInfo[] {
  const decl = req.runtime.workspace.resolve('run', req.run);
  if (!decl) return [];
  return sessionEntries(decl)
    .map((e) => req.runtime.engine.session(e.id.value))
    .filter((s): s is SessionInfo => !!s && s.status !== 'closed' && s.status !== 'expired');
}

function whenCleanedUp(s: SessionInfo): string {
  return s.cleanupAt === undefined ? 'not scheduled for cleanup' : `cleaned up automatically at ${new Date(s.cleanupAt).toLocaleTimeString()}`;
}

/**
 * Why the run can't start while `taken` keep its IDs: still running (wait or cancel), or finished (a
 * button closes them and does `verb` again through `retry`).
 */
export function takenSessionsRefusal(req: RunRequest, taken: readonly SessionInfo[], verb: 'Run' | 'Debug', retry: () => unknown): Refusal {
  const ids = taken.map((s) => `"${s.id}"`).join(', ');
  if (taken.some((s) => s.status === 'queued' || s.status === 'running')) {
    return new Refusal(`Run ${req.run} is already running (sessions ${ids}). Wait for it to finish, or cancel it (its progress notification, or stop its debug session), then ${verb.toLowerCase()} it again.`);
  }
  return new Refusal(
    `Run ${req.run} can't start: its session IDs ${ids} are still taken by an earlier run (${taken.map((s) => `${s.id} ${s.status}, ${whenCleanedUp(s)}`).join('; ')}). ` +
      "A session ID stays taken until the session is cleaned up (Sequentum's CloseSession, or its session timeout). " +
      `Fix: close those sessions (their records in the session store go, and their rows in a database export when cleanupExternalSessionData is on), then ${verb.toLowerCase()} again.`,
    [{ title: `Close ${plural(taken.length, 'Session')} and ${verb === 'Run' ? 'Run Again' : 'Debug'}`, run: retry }],
  );
}
