// What `sessions cleanup` prints, for a workspace's own store and for the fleet's: the sessions it
// cleaned up now, and those still waiting for their session timeout or for CloseSession.
import type { SessionInfo } from '../../../runtime/src/session-types';
import { plural } from '../cli-context';
import { relativeTime } from './table';

/** `all`: every session of the store; those finished but not cleaned up are the ones still waiting. */
export function formatCleanupReport(cleaned: readonly SessionInfo[], all: readonly SessionInfo[], now: number, json: boolean): string {
  const waiting = all.filter((s) => s.status !== 'closed' && s.status !== 'expired' && s.status !== 'queued' && s.status !== 'running');
  if (json) {
    return JSON.stringify({ cleanedUp: cleaned.map((s) => ({ id: s.id, status: s.status })), waiting: waiting.map((s) => ({ id: s.id, status: s.status, cleanupAt: s.cleanupAt ?? null })) }, null, 2) + '\n';
  }
  let out = cleaned.length ? `Cleaned up ${plural(cleaned.length, 'session')} (records and logs removed; status kept):\n${cleaned.map((s) => `  ${s.id}  ${s.status}\n`).join('')}` : 'No cleanup was due.\n';
  const timed = waiting.filter((s) => s.cleanupAt !== undefined).sort((a, b) => a.cleanupAt! - b.cleanupAt!);
  const untimed = waiting.length - timed.length;
  if (timed.length) out += `Waiting for their session timeout: ${timed.map((s) => `${s.id} (${relativeTime(s.cleanupAt!, now)})`).join(', ')}.\n`;
  if (untimed) out += `${plural(untimed, 'session')} without a session timeout ${untimed === 1 ? 'is' : 'are'} kept until closed (rpa-sessions sessions close ID).\n`;
  return out;
}
