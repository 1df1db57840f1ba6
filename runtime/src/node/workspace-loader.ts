// Reads a workspace folder's .rpa files into the language core's Workspace for the runtime (Agent API,
// session runtime), through the same finder and strict UTF-8 reader as the CLI; re-parses only changes.
import type { Workspace } from '../../../language/src/workspace';
import { RpaUserError } from '../user-error';
import { readRpaFiles } from './rpa-files';

/**
 * Brings `ws` in line with the .rpa files under `dir`: new and changed files are (re)parsed, files
 * that are gone are removed, unchanged ones are kept as they are. Returns how many files there are.
 */
export async function syncWorkspaceFolder(ws: Workspace, dir: string): Promise<number> {
  const { files, problems } = readRpaFiles([dir], dir);
  if (problems.length) throw new RpaUserError('invalid-workspace', `The workspace ${dir} can't be loaded: ${problems.join(' ')}`);
  const current = new Set<string>();
  for (const f of files) {
    current.add(f.uri);
    if (ws.getFile(f.uri)?.text !== f.text) ws.setFile(f.uri, f.text);
  }
  for (const uri of ws.uris()) if (!current.has(uri)) ws.removeFile(uri);
  return files.length;
}
