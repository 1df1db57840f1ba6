// Which files on disk form a workspace — one rule for `check`, the runtime and the language server:
// the folders never searched for .rpa files, and the bot state files (`.rpa/bots.json`) that apply to a file.
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { BOT_STATE_FILE } from '../../../language/src/bot-state/bot-state';

/** Folders never searched: dependencies, VCS data, the runtime's own state and build output. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.rpa', 'dist']);

/** Whether a folder met while searching is searched for .rpa files (tool folders and hidden folders are not). */
export function isSearchedFolder(name: string): boolean {
  return !SKIPPED_FOLDERS.has(name) && !name.startsWith('.');
}

/** Whether searching `root` reaches `path` (no folder between them is skipped). */
export function isSearchedPath(root: string, path: string): boolean {
  const rel = relative(root, dirname(path));
  return within(root, dirname(path)) && (rel === '' || rel.split(sep).every(isSearchedFolder));
}

/** How messages name the folders that are not searched. */
export const SKIPPED_FOLDERS_SHOWN = `${[...SKIPPED_FOLDERS].join(', ')} and other hidden folders`;

function within(root: string, dir: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The bot state files that may apply to these .rpa files, each once and sorted: `.rpa/bots.json` in
 * each file's folder and in every parent up to its root (the folder the user named or the editor opened).
 */
export function botStateCandidates(files: Iterable<{ path: string; root: string }>): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  for (const f of files) {
    for (let dir = dirname(f.path); within(f.root, dir) && !seen.has(`${f.root}\0${dir}`); dir = dirname(dir)) {
      seen.add(`${f.root}\0${dir}`);
      found.add(join(dir, '.rpa', BOT_STATE_FILE));
      if (dir === dirname(dir)) break;
    }
  }
  return [...found].sort();
}
