// Reads a workspace folder's .rpa files into the language core's Workspace for the runtime (Agent API,
// session runtime): every .rpa file below the folder, strict UTF-8, re-read cheaply when files change.
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Workspace } from '../../../language/src/workspace';
import { RpaUserError } from '../user-error';

/** Folders never searched: dependencies, VCS data, the runtime's own state and build output. */
const SKIPPED = new Set(['node_modules', '.git', '.rpa', 'dist']);

async function rpaFilesUnder(dir: string, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new RpaUserError('invalid-workspace', `The workspace folder ${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Give the folder that holds your .rpa files.`);
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) await rpaFilesUnder(join(dir, entry.name), out);
    else if (entry.isFile() && entry.name.endsWith('.rpa')) out.push(join(dir, entry.name));
  }
}

async function readUtf8(path: string): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch (e) {
    const why = e instanceof TypeError ? 'it is not valid UTF-8 text; re-save it as UTF-8' : `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    throw new RpaUserError('invalid-workspace', `The workspace file ${path} can't be loaded: ${why}.`);
  }
}

/**
 * Brings `ws` in line with the .rpa files under `dir`: new and changed files are (re)parsed, files
 * that are gone are removed, unchanged ones are kept as they are. Returns how many files there are.
 */
export async function syncWorkspaceFolder(ws: Workspace, dir: string): Promise<number> {
  const paths: string[] = [];
  await rpaFilesUnder(dir, paths);
  if (!paths.length) {
    throw new RpaUserError('invalid-workspace', `There are no .rpa files in ${dir} or its subfolders (${[...SKIPPED].join(', ')} are not searched). Give the folder that holds your bots, agents and runs.`);
  }
  const current = new Set<string>();
  for (const path of paths.sort()) {
    const uri = pathToFileURL(path).href;
    current.add(uri);
    const text = await readUtf8(path);
    if (ws.getFile(uri)?.text !== text) ws.setFile(uri, text);
  }
  for (const uri of ws.uris()) if (!current.has(uri)) ws.removeFile(uri);
  return paths.length;
}
