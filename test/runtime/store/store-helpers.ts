// Shared helpers of the store, cleanup and export suites: session infos, temporary workspaces,
// a seeded random generator, and assertions on user errors.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionInfo, SessionStatus } from '../../../runtime/src/session-types';
import { EMPTY_PROGRESS } from '../../../runtime/src/session-types';
import { isUserError, type UserErrorCode } from '../../../runtime/src/user-error';

export function sessionInfo(id: string, status: SessionStatus = 'running', extra: Partial<SessionInfo> = {}): SessionInfo {
  return { id, agent: 'BookScraper', run: 'NightlyBooks', bot: 'FinanceBot', status, inputs: { category: 'travel' }, progress: { ...EMPTY_PROGRESS }, queuedAt: 1000, ...extra };
}

export function tempWorkspace(prefix = 'rpa-store-'): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Expects fn to throw a user error with this code; returns its message. */
export function expectUserError(fn: () => unknown, code: UserErrorCode): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isUserError(e), `expected a user error ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e.message;
  }
  assert.fail(`expected a user error ${code}, but nothing was thrown`);
}

export async function expectUserErrorAsync(p: Promise<unknown>, code: UserErrorCode): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(isUserError(e), `expected a user error ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e.message;
  }
  assert.fail(`expected a user error ${code}, but the promise resolved`);
}

/** A small seeded PRNG (mulberry32), so random crash points repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every file under dir whose bytes contain the text (to prove a secret never reached the disk). */
export function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (readFileSync(p).includes(needle)) out.push(p);
    }
  };
  walk(dir);
  return out;
}
