// Opens the workspace's session store under .rpa/: locks it, loads the last snapshot, replays the
// journal (dropping a torn last entry), marks sessions a crash interrupted, and keeps it durable.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { systemClock, type Clock } from '../clock';
import { SqlSessionStore, type SqlSessionStoreOptions } from '../store/sql-session-store';
import { RpaUserError } from '../user-error';
import { FileJournal } from './file-journal';
import { loadSqlJs } from './sql-wasm';
import { acquireStoreLock } from './lock-files';
import { readWal, WalWriter, type WalContents } from './wal-file';

export const STORE_DIR = '.rpa';
export const SNAPSHOT_FILE = 'sessions.sqlite';
export const WAL_FILE = 'sessions.wal';
export const LOCK_FILE = 'sessions.lock';

export interface OpenStoreOptions {
  /** Folder of the store files; default `<workspace>/.rpa`. */
  storeDir?: string;
  clock?: Clock;
  /** Look without taking the lock (another process may be writing); every change is refused. */
  readOnly?: boolean;
  /** What this process does with the store, shown to another process the lock refuses (e.g. "rpa-sessions run --run NightlyBooks"). */
  holder?: string;
  /** Snapshot once the journal reaches this many bytes (default 64 MiB). */
  checkpointBytes?: number;
  wasmPath?: string;
}

export interface StoreRecovery {
  /** Sessions that were queued or running when the last process stopped; now `interrupted`. */
  interrupted: string[];
  /** Journal entries applied on top of the snapshot. */
  replayedOps: number;
  /** Bytes of a torn last journal entry that were dropped (never a committed op). */
  droppedBytes: number;
}

export interface OpenedStore {
  store: SqlSessionStore;
  recovery: StoreRecovery;
  storeDir: string;
}

export async function openSessionStore(workspaceRoot: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const storeDir = options.storeDir ?? join(workspaceRoot, STORE_DIR);
  const SQL = await loadSqlJs(options.wasmPath);
  if (options.readOnly) return openReadOnly(SQL, storeDir);
  mkdirSync(storeDir, { recursive: true });
  const lock = acquireStoreLock(join(storeDir, LOCK_FILE), storeDir, options.holder);
  let store: SqlSessionStore | undefined;
  try {
    removeTemporaryFiles(storeDir);
    const snapshotPath = join(storeDir, SNAPSHOT_FILE);
    const walPath = join(storeDir, WAL_FILE);
    store = loadSnapshot(SQL, snapshotPath);
    const wal = readWal(walPath);
    const replayedOps = replay(store, wal, walPath);
    const opened = store;
    store.setJournal(
      new FileJournal({
        wal: WalWriter.open(walPath, wal.validBytes),
        snapshotPath,
        snapshot: () => opened.exportSnapshot(),
        checkpointBytes: options.checkpointBytes,
        snapshotBytes: existsSync(snapshotPath) ? statSync(snapshotPath).size : 0,
        onClose: () => lock.release(),
      }),
    );
    const interrupted = store.recoverInterrupted((options.clock ?? systemClock).now());
    await store.commit();
    return { store, recovery: { interrupted, replayedOps, droppedBytes: wal.droppedBytes }, storeDir };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** A store that lives only in memory: for tests, previews and the read-only panel. */
export async function openMemoryStore(wasmPath?: string): Promise<SqlSessionStore> {
  const SQL = await loadSqlJs(wasmPath);
  return new SqlSessionStore(new SQL.Database());
}

function loadSnapshot(SQL: SqlJsStatic, path: string, options?: SqlSessionStoreOptions): SqlSessionStore {
  const bytes = existsSync(path) ? readFileSync(path) : undefined;
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    return new SqlSessionStore(db, options);
  } catch (e) {
    db?.close();
    if (e instanceof RpaUserError) throw e;
    throw new RpaUserError(
      'store-unreadable',
      `The session store snapshot ${path} cannot be read (${e instanceof Error ? e.message : String(e)}). It is only ever replaced atomically, ` +
        'so it was changed from outside RPA Sessions. Move it and sessions.wal out of the .rpa folder to start with an empty store.',
    );
  }
}

function replay(store: SqlSessionStore, wal: WalContents, walPath: string): number {
  let applied = 0;
  for (const { seq, op } of wal.entries) {
    if (seq <= store.appliedSeq) continue;
    try {
      store.replay(seq, op);
    } catch (e) {
      throw new RpaUserError(
        'store-unreadable',
        `The session store journal ${walPath} does not continue its snapshot (entry ${seq}: ${e instanceof Error ? e.message : String(e)}). ` +
          'The files were mixed up or changed from outside RPA Sessions; move sessions.sqlite and sessions.wal out of the .rpa folder to start with an empty store.',
      );
    }
    applied++;
  }
  return applied;
}

/** A snapshot write interrupted by a crash leaves its temporary file behind; it was never renamed in. */
function removeTemporaryFiles(storeDir: string): void {
  for (const name of readdirSync(storeDir)) {
    if (name.startsWith(`.${SNAPSHOT_FILE}.`) && name.endsWith('.tmp')) rmSync(join(storeDir, name), { force: true });
  }
}

/**
 * Reads snapshot and journal without the lock. A writer may checkpoint in between (new snapshot,
 * emptied journal); then the journal no longer continues the snapshot read, so both are read again.
 */
function openReadOnly(SQL: SqlJsStatic, storeDir: string): OpenedStore {
  const snapshotPath = join(storeDir, SNAPSHOT_FILE);
  const walPath = join(storeDir, WAL_FILE);
  const owner = existsSync(join(storeDir, LOCK_FILE)) ? 'another process is recording sessions in it' : 'it was opened for reading only';
  const readOnly = { reason: `${owner}. Change sessions from the process that records them (or after it stops).` };
  const stamp = () => (existsSync(snapshotPath) ? statSync(snapshotPath).mtimeMs : 0);
  for (let attempt = 1; ; attempt++) {
    const before = stamp();
    const store = loadSnapshot(SQL, snapshotPath, { readOnly });
    const wal = readWal(walPath);
    try {
      if (stamp() !== before) throw new RpaUserError('store-unreadable', `The session store in ${storeDir} kept changing while it was read; retry.`);
      const replayedOps = replay(store, wal, walPath);
      return { store, recovery: { interrupted: [], replayedOps, droppedBytes: wal.droppedBytes }, storeDir };
    } catch (e) {
      void store.close();
      if (attempt >= 5) throw e;
    }
  }
}
