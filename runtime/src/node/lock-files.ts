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

/** The pid in the lock file if it was written since the last boot, or undefined when there is no such lock. */
function ownerOf(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const [pidText, boot = ''] = text.split('\n');
  const pid = Number.parseInt(pidText, 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return boot && bootId() && boot !== bootId() ? undefined : pid;
}

/**
 * Creates the lock file with our pid if it does not exist; false when someone holds it. The file is
 * written under another name and hard-linked into place, so nobody ever sees it empty.
 */
function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n${bootId()}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return createExclusive(path);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** For file systems without hard links: exclusive create, then write (a reader may briefly see it empty). */
function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid}\n${bootId()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid of a live owner, or undefined after removing a lock whose owner is gone (crash, kill -9). */
function liveOwner(path: string): number | undefined {
  const owner = ownerOf(path);
  if (owner !== undefined && alive(owner)) return owner;
  rmSync(path, { force: true });
  return undefined;
}

function releaseIfOurs(path: string): void {
  if (ownerOf(path) === process.pid) rmSync(path, { force: true });
}

/** Takes the store's writer lock or throws a user error naming the process that has it. */
export function acquireStoreLock(path: string, storeDir: string): StoreLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path)) return { release: () => releaseIfOurs(path) };
    const owner = liveOwner(path);
    if (owner !== undefined) {
      throw new RpaUserError(
        'store-locked',
        `The session store in ${storeDir} is in use by another RPA Sessions process (pid ${owner}${owner === process.pid ? ', this one' : ''}: ` +
          "the VS Code extension or an rpa-sessions run). One process at a time records a workspace's sessions, so records and cleanups stay consistent. " +
          `Wait for that run to finish or stop it, or open the store read-only to look at sessions. If no RPA Sessions process is running, delete ${path}.`,
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
