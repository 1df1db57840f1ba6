// `rpa-sessions worker --queue redis://… --store postgres://…`: one machine of the fleet. Runs the
// sessions it takes from the bots' queues until SIGTERM or Ctrl-C, then lets running ones finish.
import { InvalidArgumentError, type Command } from 'commander';
import { shownUrl } from '../../../runtime/src/fleet/pg-url';
import { action, type CliContext, type ExitCode, EXIT, type RegisterCommand } from '../cli-context';
import { loadFleet } from '../runtime/load-fleet';
import { nearestStateRoot, shownFolder, workspaceRoot } from '../workspace/workspace-root';

interface WorkerOptions {
  queue: string;
  store: string;
  concurrency: number;
  name?: string;
  workspace?: string;
}

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--concurrency must be a whole number ≥ 1.');
  return n;
}

export async function runWorker(ctx: CliContext, opts: WorkerOptions): Promise<ExitCode> {
  const root = workspaceRoot(ctx.cwd, opts.workspace, nearestStateRoot(ctx.cwd) ?? ctx.cwd);
  const { FleetWorker, PgSessionStore } = loadFleet();
  const store = await PgSessionStore.open(opts.store);
  try {
    const say = (line: string) => ctx.stdout.write(`${new Date().toISOString()} ${line}\n`);
    const worker = await FleetWorker.start({ workspaceDir: root, queueUrl: opts.queue, store, concurrency: opts.concurrency, name: opts.name, env: ctx.env, say });
    say(`worker ${worker.name} ready: workspace ${shownFolder(ctx.cwd, root)}, queue ${shownUrl(opts.queue)}, store ${store.shownUrl}, ${opts.concurrency} session(s) at a time per bot. SIGTERM or Ctrl-C stops it after its running sessions.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    say(`worker ${worker.name} stopping: taking no new sessions, finishing the running ones… (signal again to stop now; its running sessions are then retried by another worker)`);
    const stopNow = () => {
      say(`worker ${worker.name} stopped at once.`);
      process.exit(EXIT.findings);
    };
    process.once('SIGINT', stopNow);
    process.once('SIGTERM', stopNow);
    await worker.stop();
    say(`worker ${worker.name} stopped.`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export const registerWorker: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('worker')
    .summary('run sessions from the fleet queue (Redis) into the shared session store (PostgreSQL)')
    .description(
      'One machine of a fleet: takes sessions from the bots\' queues (BullMQ on Redis) and runs each in its own worker ' +
        'thread exactly as a local run, with secret("ENV") read from this machine\'s environment; records and status go to ' +
        'the PostgreSQL session store. A session whose worker is killed is retried on another one. SIGTERM or Ctrl-C stops ' +
        'taking sessions and lets the running ones finish.\n\nExit code: 0 stopped, 2 usage error or a server it cannot reach.',
    )
    .requiredOption('--queue <url>', 'the queue, redis://HOST:PORT')
    .requiredOption('--store <url>', 'the session store, postgres://USER@HOST:PORT/DB')
    .option('--concurrency <n>', 'sessions run at once per bot on this worker', positive, 1)
    .option('--name <name>', 'this worker\'s name in logs (default HOST-PID)')
    .option('--workspace <dir>', 'this machine\'s copy of the workspace (default: the nearest folder above the current one holding .rpa/, else the current folder)')
    .action(action(ctx, (opts: WorkerOptions) => runWorker(ctx, opts)));
};
