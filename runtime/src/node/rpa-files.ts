// The .rpa files on disk, for the CLI and the session runtime: which files paths name (folders searched
// recursively, tool folders skipped, symbolic links followed once), strict UTF-8 reading, atomic replacement.
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from './atomic-file';
import { isSearchedFolder, SKIPPED_FOLDERS_SHOWN } from './workspace-scope';

export type ReadResult = { text: string } | { problem: string };

/** Why a file-system call failed, in words (errno codes are for programmers). */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links (a symbolic link loop)';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'ENAMETOOLONG': return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    default: return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The 1-based line holding the first invalid UTF-8 sequence, for the message (TextDecoder does not
 * say where). A newline byte never occurs inside a multi-byte sequence, so lines decode separately.
 */
function firstInvalidLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for (let start = 0; start <= bytes.length; line++) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return line;
}

/** Reads a regular file as strict UTF-8 (a leading BOM is dropped unless `keepBom`). Never throws. */
export function readUtf8File(absPath: string, shownAs: string, keepBom = false): ReadResult {
  let bytes: Buffer;
  try {
    // A FIFO or device would block or never end: only regular files are read.
    if (!statSync(absPath).isFile()) {
      return { problem: `${shownAs}: not a regular file (a FIFO, socket or device). Only .rpa text files can be read; remove it or give the path of a real file.` };
    }
    bytes = readFileSync(absPath);
  } catch (err) {
    return { problem: `${shownAs}: cannot read it: ${describeFsError(err)}. Check that the file exists and that you may read it.` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes) };
  } catch {
    return {
      problem:
        `${shownAs}: not valid UTF-8 text (an invalid byte sequence on line ${firstInvalidLine(bytes)}). ` +
        '.rpa files must be UTF-8: re-save it as UTF-8 (in VS Code: "Save with Encoding" > UTF-8).',
    };
  }
}


export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** Relative to the current directory, with `/` separators: how output names the file. */
  shown: string;
  /** The folder the user named (for a named file: its own folder); state files are looked up to here. */
  root: string;
}

export interface FoundFiles {
  files: FoundFile[];
  problems: string[];
}

/** A path as output shows it: relative to `cwd`, POSIX separators. */
export function shownPath(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export function isRpaFile(name: string): boolean {
  return name.endsWith('.rpa');
}

interface Walk {
  cwd: string;
  root: string;
  /** Real paths of folders already searched (symbolic links may lead back into them). */
  visited: Set<string>;
  out: FoundFile[];
  problems: string[];
}

function walk(dir: string, w: Walk): void {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    if (w.visited.has(real)) return;
    w.visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    w.problems.push(`${shownPath(w.cwd, dir)}: cannot search this folder: ${describeFsError(err)}. Check that you may read it, or name a different folder.`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (isSearchedFolder(e.name)) walk(p, w);
    } else if (e.isSymbolicLink()) {
      walkLink(p, e.name, w);
    } else if (isRpaFile(e.name)) {
      // Regular files, and FIFOs/devices named *.rpa (reading reports those clearly).
      w.out.push({ path: p, shown: shownPath(w.cwd, p), root: w.root });
    }
  }
}

/** Follows a symbolic link found while searching; broken links matter only when named *.rpa. */
function walkLink(p: string, name: string, w: Walk): void {
  let isDir: boolean;
  try {
    isDir = statSync(p).isDirectory();
  } catch (err) {
    if (isRpaFile(name)) w.problems.push(`${shownPath(w.cwd, p)}: cannot read it: ${describeFsError(err)}. Fix or remove the symbolic link.`);
    return;
  }
  if (isDir) {
    if (isSearchedFolder(name)) walk(p, w);
  } else if (isRpaFile(name)) {
    w.out.push({ path: p, shown: shownPath(w.cwd, p), root: w.root });
  }
}

/**
 * Every .rpa file found by searching the folder `dir` (as `check` searches a folder it is given), with
 * a problem for each folder or link that cannot be followed; paths are shown relative to `cwd`.
 */
export function searchFolder(dir: string, cwd: string): FoundFiles {
  const w: Walk = { cwd, root: dir, visited: new Set(), out: [], problems: [] };
  walk(dir, w);
  return { files: w.out, problems: w.problems };
}

/**
 * Every .rpa file under `paths` (files are taken as given, whatever their extension), each once,
 * sorted by shown path. A path that does not exist or cannot be read, and a folder without any
 * .rpa file, is a problem naming the path and what to do.
 */
export function findRpaFiles(paths: readonly string[], cwd: string): FoundFiles {
  const problems: string[] = [];
  const byReal = new Map<string, FoundFile>();
  for (const given of paths) {
    const abs = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (err) {
      problems.push(`${given}: cannot read it: ${describeFsError(err)}. Give the path of a .rpa file or of a folder that contains .rpa files.`);
      continue;
    }
    const found: FoundFile[] = [];
    if (isDir) {
      const searched = searchFolder(abs, cwd);
      found.push(...searched.files);
      problems.push(...searched.problems);
      if (!found.length && !searched.problems.length) {
        problems.push(
          `${given}: no .rpa files in this folder or its subfolders (${SKIPPED_FOLDERS_SHOWN} are not searched). ` +
            'Give the folder that holds your bots, agents and runs, or create a .rpa file there.',
        );
      }
    } else {
      found.push({ path: abs, shown: shownPath(cwd, abs), root: dirname(abs) });
    }
    for (const f of found) {
      let real = f.path;
      try {
        real = realpathSync(f.path);
      } catch {
        // Unresolvable: kept under its own path; reading it reports the problem.
      }
      if (!byReal.has(real)) byReal.set(real, f);
    }
  }
  const files = [...byReal.values()].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  return { files, problems };
}

export interface LoadedFile extends FoundFile {
  uri: string;
  text: string;
}

/**
 * Finds and reads every .rpa file under `paths`, with a problem (naming the path and the fix) for
 * each unusable path or file. A leading byte-order mark is dropped unless `keepBom`.
 */
export function readRpaFiles(paths: readonly string[], cwd: string, opts: { keepBom?: boolean } = {}): { files: LoadedFile[]; problems: string[] } {
  const { files, problems } = findRpaFiles(paths, cwd);
  const loaded: LoadedFile[] = [];
  for (const f of files) {
    const read = readUtf8File(f.path, f.shown, opts.keepBom === true);
    if ('problem' in read) problems.push(read.problem);
    else loaded.push({ ...f, uri: pathToFileURL(f.path).href, text: read.text });
  }
  return { files: loaded, problems };
}

/**
 * Replaces a file's content atomically (readers see the old or the new text, never half of it) and
 * keeps its permissions: temp file in the same folder, fsync, rename. A symbolic link is kept: the
 * file it points to is the one replaced.
 */
export function replaceFileAtomic(absPath: string, text: string): void {
  const target = realpathSync(absPath);
  writeFileAtomic(target, Buffer.from(text, 'utf8'), statSync(target).mode & 0o7777);
}
