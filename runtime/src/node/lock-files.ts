// Lock files holding the owner's process ID: one writer per session store (refused at once while the
// owner lives), and read-modify-write cycles on an export file (waited for). A dead owner's lock is taken over.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RpaUserError } from '../user-error';

export interface StoreLock {
  release(): void;
}

/** How long an export waits for another process's lock on the same file. */
const EXPORT_WAIT_LIMIT_MS = 30_000;

/**
 * This boot's ID on Linux ('' elsewhere): a lock written before a reboot is stale even when its pid
 * belongs to a live process again.
 */
let cachedBootId: string | undefined;
function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = ''; // Not Linux: only the pid tells whether the owner is alive.
    }
  }
  return cachedBootId;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds a lock: its pid, and (store locks) what that process is and since when. */
interface LockOwner {
  pid: number;
  holder?: string;
  since?: number;
}

/** The owner in the lock file if it was written since the last boot, or undefined when there is no such lock. */
function ownerOf(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const [pidText, boot = '', holder = '', since = ''] = text.split('\n');
  const pid = Number.parseInt(pidText, 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (boot && bootId() && boot !== bootId()) return undefined;
  return { pid, holder: holder || undefined, since: Number(since) || undefined };
}

/**
 * Creates the lock file with our pid if it does not exist; false when someone holds it. The file is
 * written under another name and hard-linked into place, so nobody ever sees it empty.
 */
function tryCreate(path: string, holder = ''): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  const content = lockText(holder);
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return createExclusive(path, content);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** For file systems without hard links: exclusive create, then write (a reader may briefly see it empty). */
function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** pid, boot ID, what holds the lock (one line) and since when. */
function lockText(holder: string): string {
  return `${process.pid}\n${bootId()}\n${holder.replace(/[\r\n]+/g, ' ')}\n${Date.now()}\n`;
}

/** A live owner, or undefined after removing a lock whose owner is gone (crash, kill -9). */
function liveOwner(path: string): LockOwner | undefined {
  const owner = ownerOf(path);
  if (owner !== undefined && alive(owner.pid)) return owner;
  rmSync(path, { force: true });
  return undefined;
}

function releaseIfOurs(path: string): void {
  if (ownerOf(path)?.pid === process.pid) rmSync(path, { force: true });
}

/** "rpa-sessions run --run NightlyBooks (pid 4242, since 14:03:12)". */
function describeOwner(owner: LockOwner): string {
  const what = owner.holder ?? 'another RPA Sessions process';
  const since = owner.since ? `, since ${new Date(owner.since).toLocaleTimeString()}` : '';
  return `${what} (pid ${owner.pid}${owner.pid === process.pid ? ', this process' : ''}${since})`;
}

/**
 * Takes the store's writer lock or throws a user error naming who has it. `holder` says what this
 * process is doing with it (e.g. "rpa-sessions run --run NightlyBooks"), for whoever is refused.
 */
export function acquireStoreLock(path: string, storeDir: string, holder = ''): StoreLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, holder)) return { release: () => releaseIfOurs(path) };
    const owner = liveOwner(path);
    if (owner !== undefined) {
      throw new RpaUserError(
        'store-locked',
        `The session store in ${storeDir} is in use by ${describeOwner(owner)}. One process at a time records a workspace's sessions, so records and cleanups stay consistent; ` +
          'VS Code holds it only while its sessions run or clean up, an rpa-sessions command until it ends. ' +
          `Wait for that to finish (or stop it), then try again; reading sessions (rpa-sessions sessions list) works meanwhile. If no RPA Sessions process is running, delete ${path}.`,
      );
    }
  }
  throw new RpaUserError('store-locked', `Could not lock the session store in ${storeDir}: another process keeps taking the lock file ${path}. Retry once other RPA Sessions processes have stopped.`);
}

const queues = new Map<string, Promise<unknown>>();

/** Waits (bounded, with backoff) for another process's lock on the file. */
async function acquireFileLock(file: string): Promise<string> {
  const lockPath = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  const started = Date.now();
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    if (tryCreate(lockPath) || (liveOwner(lockPath) === undefined && tryCreate(lockPath))) return lockPath;
    if (Date.now() - started > EXPORT_WAIT_LIMIT_MS) {
      throw new RpaUserError(
        'export-failed',
        `Another process has been writing ${file} for more than ${EXPORT_WAIT_LIMIT_MS / 1000}s (lock file ${lockPath}). ` +
          'Wait for its sessions to finish exporting, or remove the lock file if no RPA Sessions process is running.',
      );
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Runs fn while holding the file's lock; calls for the same file in this process run one after another. */
export function withFileLock<T>(file: string, fn: () => Promise<T> | T): Promise<T> {
  const locked = async () => {
    const lockPath = await acquireFileLock(file);
    try {
      return await fn();
    } finally {
      rmSync(lockPath, { force: true });
    }
  };
  const run = (queues.get(file) ?? Promise.resolve()).then(locked, locked);
  // The queue only orders calls; each caller gets its own result or error from `run`.
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(file, tail);
  void tail.then(() => {
    if (queues.get(file) === tail) queues.delete(file);
  });
  return run;
}
