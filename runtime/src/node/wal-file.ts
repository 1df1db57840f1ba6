// The session store's write-ahead log on disk: a header, then frames of [length][crc32][JSON op].
// Reading stops at the first torn or corrupt frame (a crash mid-write); writing is append + fdatasync.
import { closeSync, existsSync, fdatasync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import type { StoreOp } from '../store/store-ops';
import { RpaUserError } from '../user-error';
import { fsyncDir, writeAll } from './atomic-file';

const MAGIC = Buffer.from('RPAWAL1\n', 'latin1');
export const WAL_HEADER_BYTES = MAGIC.length;
const FRAME_HEADER_BYTES = 8;
/** A frame longer than this is a torn length field, not a real op. */
const MAX_FRAME_BYTES = 1 << 30;

const fdatasyncAsync = promisify(fdatasync);

export interface WalEntry {
  seq: number;
  op: StoreOp;
}

export interface WalContents {
  entries: WalEntry[];
  /** Bytes of header plus complete, intact frames. */
  validBytes: number;
  /** Bytes after the last intact frame (a torn write), dropped on open. */
  droppedBytes: number;
}

export function encodeFrame(seq: number, op: StoreOp): Buffer {
  const json = `{"seq":${seq},"op":${JSON.stringify(op)}}`;
  const length = Buffer.byteLength(json, 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

/** Reads every intact frame; a missing file is an empty log. */
export function readWal(path: string): WalContents {
  if (!existsSync(path)) return { entries: [], validBytes: 0, droppedBytes: 0 };
  const data = readFileSync(path);
  if (data.length < WAL_HEADER_BYTES) return { entries: [], validBytes: 0, droppedBytes: data.length };
  if (!data.subarray(0, WAL_HEADER_BYTES).equals(MAGIC)) {
    throw new RpaUserError(
      'store-unreadable',
      `${path} is not a session store journal (its header is wrong), so the session store cannot be opened safely. ` +
        'Move the file out of the .rpa folder if it does not belong there; RPA Sessions never overwrites it on its own.',
    );
  }
  return readFrames(data, WAL_HEADER_BYTES, 0);
}

/**
 * Reads the intact frames after `fromByte` (the validBytes of an earlier read, so a frame boundary),
 * for a reader following the log; undefined when the log is now shorter than that (it was reset).
 */
export function readWalTail(path: string, fromByte: number): WalContents | undefined {
  if (!existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < fromByte) return undefined;
    const data = Buffer.allocUnsafe(size - fromByte);
    let got = 0;
    while (got < data.length) {
      const n = readSync(fd, data, got, data.length - got, fromByte + got);
      if (!n) break;
      got += n;
    }
    return readFrames(data.subarray(0, got), 0, fromByte);
  } finally {
    closeSync(fd);
  }
}

/** The intact frames of `data` from `start`; `base` is where `data` begins in the file. */
function readFrames(data: Buffer, start: number, base: number): WalContents {
  const entries: WalEntry[] = [];
  let pos = start;
  while (pos + FRAME_HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(pos);
    const sum = data.readUInt32LE(pos + 4);
    const end = pos + FRAME_HEADER_BYTES + length;
    if (length > MAX_FRAME_BYTES || end > data.length) break;
    const payload = data.subarray(pos + FRAME_HEADER_BYTES, end);
    if (crc32(payload) !== sum) break;
    const entry = parseEntry(payload);
    if (!entry) break;
    entries.push(entry);
    pos = end;
  }
  return { entries, validBytes: base + pos, droppedBytes: data.length - pos };
}

function parseEntry(payload: Buffer): WalEntry | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as Partial<WalEntry>;
    return typeof v.seq === 'number' && v.op && typeof v.op.op === 'string' ? { seq: v.seq, op: v.op } : undefined;
  } catch {
    return undefined;
  }
}

/** Appends frames to the log; group-commits fdatasync calls; resets the log after a snapshot. */
export class WalWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** File offset where the next frame goes. */
  private position: number;
  /** Bytes handed to the OS so far, and how many of them are known durable (monotonic counters). */
  private written = 0;
  private synced = 0;
  private syncing: Promise<void> | undefined;

  private constructor(
    private readonly fd: number,
    position: number,
  ) {
    this.position = position;
  }

  /** Opens the log for appending after `validBytes` (dropping a torn tail), creating it if needed. */
  static open(path: string, validBytes: number): WalWriter {
    const fresh = !existsSync(path) || validBytes < WAL_HEADER_BYTES;
    const fd = openSync(path, fresh ? 'w+' : 'r+');
    try {
      if (fresh) {
        writeAll(fd, MAGIC, 0);
        ftruncateSync(fd, WAL_HEADER_BYTES);
        fsyncSync(fd);
        fsyncDir(dirname(path));
        return new WalWriter(fd, WAL_HEADER_BYTES);
      }
      ftruncateSync(fd, validBytes);
      fsyncSync(fd);
      return new WalWriter(fd, validBytes);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Size of the log including frames not yet written. */
  get size(): number {
    return this.position + this.pendingBytes;
  }

  get pendingSize(): number {
    return this.pendingBytes;
  }

  append(frame: Buffer): void {
    this.pending.push(frame);
    this.pendingBytes += frame.length;
  }

  /** Hands pending frames to the OS; a failed write is cut off again so no torn frame stays behind. */
  flush(): void {
    if (!this.pendingBytes) return;
    const bytes = this.pendingBytes;
    try {
      writeChunks(this.fd, this.pending, this.position);
    } catch (e) {
      cutTornTail(this.fd, this.position);
      throw ioError('write to', e);
    }
    this.position += bytes;
    this.written += bytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Resolves once every byte flushed before the call is on disk; concurrent callers share fdatasyncs. */
  async sync(): Promise<void> {
    const target = this.written;
    while (this.synced < target) {
      if (!this.syncing) {
        const upto = this.written;
        this.syncing = fdatasyncAsync(this.fd)
          .then(() => {
            this.synced = Math.max(this.synced, upto);
          }, (e: unknown) => {
            throw ioError('sync', e);
          })
          .finally(() => {
            this.syncing = undefined;
          });
      }
      await this.syncing;
    }
  }

  /** Empties the log after a snapshot made every frame in it redundant. */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    ftruncateSync(this.fd, WAL_HEADER_BYTES);
    fsyncSync(this.fd);
    this.position = WAL_HEADER_BYTES;
    this.synced = this.written;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Writes the chunks in order from `position` with writev, resuming after short writes. */
function writeChunks(fd: number, chunks: Buffer[], position: number): void {
  let queue = chunks.slice();
  let pos = position;
  while (queue.length) {
    let n = writevSync(fd, queue.slice(0, 1024), pos);
    pos += n;
    let i = 0;
    while (i < queue.length && n >= queue[i].length) n -= queue[i++].length;
    queue = queue.slice(i);
    if (n > 0) queue[0] = queue[0].subarray(n);
  }
}

/**
 * Cuts a partial frame off after a failed write. If even that fails, the write error is the one
 * reported: the next flush writes over the same position, and readers stop at a bad checksum.
 */
function cutTornTail(fd: number, position: number): void {
  try {
    ftruncateSync(fd, position);
  } catch {
    // See above: harmless, and the caller already reports the write error.
  }
}

function ioError(what: string, e: unknown): RpaUserError {
  const detail = e instanceof Error ? e.message : String(e);
  return new RpaUserError(
    'store-unreadable',
    `Could not ${what} the session store journal: ${detail}. Changes since the last successful commit are not durable yet. ` +
      'Check free disk space and permissions of the workspace\'s .rpa folder, then retry.',
  );
}
