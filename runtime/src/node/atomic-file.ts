// Durable file writes: a new version is written to a temporary file, fsync'ed and renamed over the
// old one, then the folder is fsync'ed, so a crash leaves either the old or the new file, never a mix.
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** fsync a folder so a rename or a new file in it survives a crash (a no-op where unsupported). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (e) {
    // Windows cannot open or fsync folders; there a rename is already durable.
    if (!isUnsupported(e)) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isUnsupported(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EACCES';
}

/**
 * Writes all chunks to `path` atomically and durably. `mode` sets the new file's permissions exactly
 * (umask aside), e.g. to keep those of the file being replaced.
 */
export function writeFileAtomic(path: string, chunks: Uint8Array | Iterable<Uint8Array>, mode?: number): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    if (mode !== undefined) fchmodSync(fd, mode);
    for (const chunk of chunks instanceof Uint8Array ? [chunks] : chunks) writeAll(fd, chunk);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  fsyncDir(dir);
}

/** writeSync may write less than asked; loop until the whole chunk is on its way. */
export function writeAll(fd: number, data: Uint8Array, position?: number): void {
  let off = 0;
  while (off < data.length) {
    const n = writeSync(fd, data, off, data.length - off, position === undefined ? null : position + off);
    off += n;
  }
}
