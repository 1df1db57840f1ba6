// Durability of the session store: ops go to the write-ahead log (fdatasync'ed on commit), and a
// snapshot of the whole database replaces the log atomically when it grows or after deletions.
import { DELETING_OPS, type StoreJournal, type StoreOp } from '../store/store-ops';
import { RpaUserError } from '../user-error';
import { writeFileAtomic } from './atomic-file';
import { encodeFrame, type WalWriter } from './wal-file';

/** Pending frames are handed to the OS once they reach this size, to bound memory between commits. */
const FLUSH_BYTES = 4 << 20;
export const DEFAULT_CHECKPOINT_BYTES = 64 << 20;

export interface FileJournalOptions {
  wal: WalWriter;
  snapshotPath: string;
  /** The database as an SQLite file, stamped with the last applied op. */
  snapshot: () => Uint8Array;
  /**
   * Write a snapshot once the log reaches this many bytes, or the size of the last snapshot if that
   * is larger (so rewriting a big store costs at most as much as the data logged since).
   */
  checkpointBytes?: number;
  /** Size of the snapshot the store was opened from. */
  snapshotBytes?: number;
  /** Called once, after the final snapshot, when the journal closes. */
  onClose?: () => void;
}

export class FileJournal implements StoreJournal {
  private readonly checkpointBytes: number;
  private snapshotBytes: number;
  /** Data was deleted since the last snapshot: write one at the next commit so it leaves the disk. */
  private deleted = false;
  private closed = false;

  constructor(private readonly options: FileJournalOptions) {
    this.checkpointBytes = options.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES;
    this.snapshotBytes = options.snapshotBytes ?? 0;
  }

  append(seq: number, op: StoreOp): void {
    if (this.closed) throw new RpaUserError('store-read-only', 'The session store is closed; reopen it to record sessions.');
    this.options.wal.append(encodeFrame(seq, op));
    if (DELETING_OPS.has(op.op)) this.deleted = true;
    if (this.options.wal.pendingSize >= FLUSH_BYTES) this.options.wal.flush();
  }

  async commit(): Promise<void> {
    const wal = this.options.wal;
    wal.flush();
    await wal.sync();
    if (this.deleted || wal.size >= Math.max(this.checkpointBytes, this.snapshotBytes)) this.checkpoint();
  }

  /** Writes a snapshot of everything applied so far and empties the log. */
  checkpoint(): void {
    let bytes: Uint8Array;
    try {
      bytes = this.options.snapshot();
      writeFileAtomic(this.options.snapshotPath, bytes);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new RpaUserError(
        'store-unreadable',
        `Could not write the session store snapshot ${this.options.snapshotPath}: ${detail}. Committed records are safe in the journal next to it, ` +
          'but it keeps growing until a snapshot succeeds. Check free disk space and permissions of the .rpa folder.',
      );
    }
    this.options.wal.reset();
    this.snapshotBytes = bytes.length;
    this.deleted = false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.options.wal.flush();
      await this.options.wal.sync();
      this.checkpoint();
    } finally {
      this.closed = true;
      this.options.wal.close();
      this.options.onClose?.();
    }
  }
}
