// Where a workspace keeps its session store: `.rpa/` in the workspace folder unless the user names
// another folder (CLI --store or RPA_STORE, VS Code's rpa.store.location), relative to the workspace.
import { isAbsolute, join, resolve } from 'node:path';
import { RpaUserError } from '../user-error';
import { STORE_DIR } from './open-store';

/** The environment variable the CLI and the debug adapter read the store's folder from. */
export const STORE_ENV = 'RPA_STORE';

/**
 * The store folder for `location` (absolute, or relative to the workspace folder; empty: `.rpa`).
 * A URL is refused: the session store is a folder on this machine.
 */
export function storeDirOf(workspaceDir: string, location?: string): string {
  const given = location?.trim();
  if (!given) return join(workspaceDir, STORE_DIR);
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(given)) {
    throw new RpaUserError('invalid-store-location', `The session store location "${given.replace(/\/\/[^@/]*@/, '//…@')}" is a URL; give a folder on this machine (absolute, or relative to the workspace folder), or leave it empty for the workspace's .rpa/ folder.`);
  }
  return isAbsolute(given) ? given : resolve(workspaceDir, given);
}
