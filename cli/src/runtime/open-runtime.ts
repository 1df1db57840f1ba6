// How the runtime commands open a workspace's runtime: the engine for `run` and `demo`, the session
// store (read-only while another process records) for `sessions`, and refusals mapped to exit codes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { openSessionStore, SNAPSHOT_FILE, WAL_FILE } from '../../../runtime/src/node/open-store';
import { openSessionRuntime, type SessionRuntime } from '../../../runtime/src/node/session-runtime';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import { isUserError, type UserErrorCode } from '../../../runtime/src/user-error';
import { CliError, EXIT, stylerFor, type CliContext } from '../cli-context';
import type { StorePlace } from './store-place';

/**
 * User errors where the rules refuse what was asked (a deploy in the wrong mode, a session ID still
 * taken): exit 1, like failed sessions. Other user errors (unknown names, unusable files) are exit 2.
 */
const REFUSALS: ReadonlySet<UserErrorCode> = new Set<UserErrorCode>([
  'mode-mismatch',
  'console-not-logged-in',
  'single-license-disconnected',
  'mode-switch-while-deployed',
  'not-deployed',
  'duplicate-session-id',
  'session-still-running',
  'multiple-sessions-not-supported',
  'missing-secret',
  'export-failed',
]);

/** Runs `fn`; a rule refusal becomes a CliError with exit 1 (its message already names the fix). */
export async function refusalsExitOne<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUserError(e) && REFUSALS.has(e.code)) throw new CliError(e.message, EXIT.findings);
    throw e;
  }
}

/** How long opening waits for a short-lived holder of the store lock (another `sessions list`) to let go. */
export const LOCK_WAIT_MS = 3000;
const LOCK_RETRY_MS = 100;

/**
 * Opens the workspace's runtime (store, bots, cleanup, workers, engine). `holder`: what this command
 * does, shown to another process its store lock refuses. `warm`: idle workers to keep
 * ready (0 for commands that only change sessions). Problems nobody waits for are printed as warnings.
 * A store another process holds is retried for up to LOCK_WAIT_MS; then its "in use" error stands.
 */
export async function openRuntime(ctx: CliContext, place: StorePlace, holder: string, warm?: number): Promise<SessionRuntime> {
  const s = stylerFor(ctx.stderr, ctx.env);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await openSessionRuntime({
        workspaceDir: place.root,
        storeDir: place.storeDir,
        env: ctx.env,
        holder,
        pool: warm === undefined ? undefined : { warm },
        onWarning: (message) => ctx.stderr.write(`rpa-sessions: ${s.paint(['bold', 'yellow'], 'warning')}: ${message}\n`),
      });
    } catch (e) {
      if (!isUserError(e) || e.code !== 'store-locked' || Date.now() >= deadline) throw e;
      await delay(LOCK_RETRY_MS);
    }
  }
}

export function hasSessionStore(storeDir: string): boolean {
  return existsSync(join(storeDir, SNAPSHOT_FILE)) || existsSync(join(storeDir, WAL_FILE));
}

export interface StoreView {
  store: SessionStoreApi;
  /** Set when another process records sessions right now: what is shown is a snapshot of that moment. */
  liveElsewhere: boolean;
  close(): Promise<void>;
}

/**
 * Opens the store to read sessions. Normally with the lock, so sessions a crash left `running` are
 * marked interrupted first; while another process (a run, VS Code) records, read-only instead.
 */
export async function openSessionsForReading({ root, storeDir }: StorePlace): Promise<StoreView | undefined> {
  if (!hasSessionStore(storeDir)) return undefined;
  try {
    const { store } = await openSessionStore(root, { storeDir, holder: 'rpa-sessions sessions (reading)' });
    return { store, liveElsewhere: false, close: () => store.close() };
  } catch (e) {
    if (!isUserError(e) || e.code !== 'store-locked') throw e;
    const { store } = await openSessionStore(root, { storeDir, readOnly: true });
    return { store, liveElsewhere: true, close: () => store.close() };
  }
}
