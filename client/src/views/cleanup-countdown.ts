// The countdown to a finished session's cleanup (its session timeout), as the view shows it, and when
// that text next changes (so the view redraws exactly then, not on a busy timer).
import type { SessionInfo } from '../../../runtime/src/session-types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** "45s", "29m", "1h05m": rounded up, so "1m" means under a minute and a bit. */
export function countdownText(ms: number): string {
  if (ms < MINUTE) return `${Math.ceil(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.ceil(ms / MINUTE)}m`;
  const minutes = Math.ceil(ms / MINUTE);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A finished session's cleanup, e.g. "cleanup in 29m", "cleanup due", "kept until closed"; undefined while it runs. */
export function cleanupCountdown(info: SessionInfo, now: number): string | undefined {
  if (info.status === 'queued' || info.status === 'running') return undefined;
  if (info.cleanupAt === undefined) return 'kept until closed';
  const left = info.cleanupAt - now;
  return left > 0 ? `cleanup in ${countdownText(left)}` : 'cleanup due';
}

/** Milliseconds until some session's countdown text changes, or undefined when none counts down. */
export function nextCountdownChange(sessions: readonly SessionInfo[], now: number): number | undefined {
  let next: number | undefined;
  for (const s of sessions) {
    if (s.cleanupAt === undefined || s.status === 'queued' || s.status === 'running') continue;
    const left = s.cleanupAt - now;
    if (left <= 0) continue;
    const step = left <= MINUTE ? SECOND : MINUTE;
    const wait = ((left - 1) % step) + 1;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}
