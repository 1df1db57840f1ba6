// Redis and PostgreSQL for the scale-out tests: started on free loopback ports by
// scripts/services.sh in a temporary folder, and stopped (data removed) afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '..', '..', 'scripts', 'services.sh');

export interface FleetServices {
  queueUrl: string;
  storeUrl: string;
  /** Stops Redis and starts it again on the same port (its queue kept in its append-only file). */
  restartRedis(): void;
  stop(): void;
}

export function startFleetServices(): FleetServices {
  const dir = mkdtempSync(join(tmpdir(), 'rpa-fleet-'));
  const stop = () => {
    execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const out = execFileSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8', timeout: 60_000 });
    const env = Object.fromEntries(out.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    const restartRedis = () => execFileSync('bash', [SCRIPT, 'restart-redis', dir], { stdio: 'ignore', timeout: 30_000 });
    return { queueUrl: env.RPA_QUEUE, storeUrl: env.RPA_STORE, restartRedis, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
