// The workspace a runtime command works on and the folder of its session store: `.rpa/` in the
// workspace, or the folder given by --store (else the RPA_STORE environment variable).
import { storeDirOf, STORE_ENV } from '../../../runtime/src/node/store-location';
import type { CliContext } from '../cli-context';

export interface StorePlace {
  root: string;
  storeDir: string;
  /** The --store value, repeated in the commands a message suggests. */
  flag?: string;
}

/** Help text of the --store option, shared by every command that opens the session store. */
export const STORE_OPTION_HELP = `the session store's folder, absolute or relative to the workspace (default: $${STORE_ENV}, else the workspace's .rpa/)`;

export function storePlace(ctx: CliContext, root: string, store?: string): StorePlace {
  return { root, storeDir: storeDirOf(root, store ?? ctx.env[STORE_ENV]), flag: store };
}
