// Redis and PostgreSQL for the scale-out tests: started on free loopback ports by
// scripts/services.sh in a temporary folder, and stopped (data removed) afterwards.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '..', '..', 'scripts', 'services.sh');
const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface FleetServices {
  queueUrl: string;
  storeUrl: string;
  /** Stops Redis and starts it again on the same port (its queue kept in its append-only file). */
  restartRedis(): void;
  /** Stops PostgreSQL (its data kept); restartPostgres() starts it again on its port. */
  stopPostgres(): void;
  restartPostgres(): void;
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
    const script = (command: string) => () => void execFileSync('bash', [SCRIPT, command, dir], { stdio: 'ignore', timeout: 30_000 });
    return { queueUrl: env.RPA_QUEUE, storeUrl: env.RPA_STORE, restartRedis: script('restart-redis'), stopPostgres: script('stop-postgres'), restartPostgres: script('restart-postgres'), stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Polls `done` every 100 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`not done after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** `rpa-sessions worker` on the services for `workspaceDir`, resolved once it says it is ready. */
export async function startWorkerProcess(services: FleetServices, workspaceDir: string, name: string, concurrency = 1, env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const args = ['worker', '--queue', services.queueUrl, '--store', services.storeUrl, '--name', name, '--workspace', workspaceDir, '--concurrency', String(concurrency)];
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await until(`worker ${name} is ready`, () => / ready: /.test(out) || child.exitCode !== null);
  assert.match(out, new RegExp(`worker ${name} ready: .*store postgres://rpa@127\\.0\\.0\\.1:\\d+/rpa_sessions`), out);
  return { child, output: () => out };
}
