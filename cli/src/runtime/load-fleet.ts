// Loads dist/fleet.js (BullMQ, pg and the fleet runtime) beside the CLI bundle when a fleet command
// needs it, so every other command starts without them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-context';

export type FleetModule = typeof import('../../../runtime/src/fleet/index');

export function loadFleet(): FleetModule {
  const file = join(__dirname, 'fleet.js');
  if (!existsSync(file)) throw new CliError(`The fleet module ${file} is missing. Build it with npm run build.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded on demand
  return require(file) as FleetModule;
}
