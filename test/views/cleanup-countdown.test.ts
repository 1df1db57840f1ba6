// The cleanup countdown the RPA Sessions view shows on finished sessions, and when it next changes.
import { strict as assert } from 'node:assert';
import { cleanupCountdown, countdownText, nextCountdownChange } from '../../client/src/views/cleanup-countdown';
import { sessionDescription } from '../../client/src/views/session-nodes';
import { EMPTY_PROGRESS, type SessionInfo } from '../../runtime/src/session-types';

const session = (patch: Partial<SessionInfo>): SessionInfo => ({ id: 's', agent: 'A', status: 'completed', inputs: {}, progress: EMPTY_PROGRESS, queuedAt: 0, ...patch });

describe('RPA Sessions view: cleanup countdown', () => {
  it('counts down in whole minutes (rounded up), hours and minutes, and seconds in the last minute', () => {
    assert.equal(countdownText(30 * 60_000), '30m');
    assert.equal(countdownText(29 * 60_000 + 1), '30m');
    assert.equal(countdownText(60_000), '1m');
    assert.equal(countdownText(59_001), '60s');
    assert.equal(countdownText(45_000), '45s');
    assert.equal(countdownText(2 * 3600_000), '2h00m');
    assert.equal(countdownText(65 * 60_000), '1h05m');
  });

  it('says nothing while a session runs, and "kept until closed" without a session timeout', () => {
    assert.equal(cleanupCountdown(session({ status: 'running', cleanupAt: 10 }), 0), undefined);
    assert.equal(cleanupCountdown(session({}), 0), 'kept until closed');
    assert.equal(cleanupCountdown(session({ cleanupAt: 90_000 }), 0), 'cleanup in 2m');
    assert.equal(cleanupCountdown(session({ cleanupAt: 90_000 }), 90_000), 'cleanup due');
  });

  it('says "finishing…" while an ended session is still being exported in this window (no countdown yet)', () => {
    const progress = { pages: 2, records: 40, errors: 1 };
    assert.equal(sessionDescription({ info: session({ progress }), local: true }, 0), '2 pages · 40 records · 1 error · finishing…');
    assert.equal(sessionDescription({ info: session({ progress, cleanupAt: 60_000 }), local: false }, 0), '2 pages · 40 records · 1 error · cleanup in 1m');
    assert.equal(sessionDescription({ info: session({ status: 'queued' }), local: true, position: 2 }, 0), 'queued #2');
  });

  it('redraws when the shown text changes next: at the minute boundary, then every second', () => {
    assert.equal(nextCountdownChange([session({})], 0), undefined);
    assert.equal(nextCountdownChange([session({ cleanupAt: 90_000 })], 0), 30_000);
    assert.equal(nextCountdownChange([session({ cleanupAt: 90_000 }), session({ cleanupAt: 30_500 })], 0), 500);
    assert.equal(nextCountdownChange([session({ cleanupAt: 60_000 })], 0), 1000);
    assert.equal(nextCountdownChange([session({ cleanupAt: 10 })], 10), undefined);
  });
});
