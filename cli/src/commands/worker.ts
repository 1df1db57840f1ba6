// `rpa-sessions worker --queue redis://… --store postgres://…`: one machine of the fleet. Runs the
// sessions it takes from the bots' queues until SIGTERM or Ctrl-C, then lets running ones finish.
import { InvalidArgumentError, type Command } from 'commander';
import { shownUrl } from '../../../runtime/src/fleet/pg-url';
import { action, plural, stylerFor, type CliContext, type ExitCode, EXIT, type RegisterCommand } from '../cli-context';
import { relativeTime, renderTable } from '../output/table';
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
    say(`worker ${worker.name} ready: workspace ${shownFolder(ctx.cwd, root)}, queue ${shownUrl(opts.queue)}, store ${store.shownUrl}, up to ${plural(opts.concurrency, 'session')} at a time over all bots. SIGTERM or Ctrl-C stops it after its running sessions.`);
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
    // Stopped means done: a client still retrying an unreachable server must not keep the process alive.
    setTimeout(() => process.exit(ctx.exitCode), EXIT_AFTER_STOP_MS).unref();
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** How long a stopped worker process lets its output drain before it ends itself. */
const EXIT_AFTER_STOP_MS = 1000;

/** A worker whose heartbeat is older than this has stopped without leaving the list (killed, or cut off). */
const SILENT_AFTER_MS = 15_000;

export async function listWorkers(ctx: CliContext, opts: { store: string; json?: boolean }): Promise<ExitCode> {
  const store = await loadFleet().PgSessionStore.open(opts.store);
  try {
    const workers = await store.workers();
    const now = Date.now();
    if (opts.json) ctx.stdout.write(JSON.stringify({ workers: workers.map((w) => ({ ...w, silent: now - w.heartbeatAt > SILENT_AFTER_MS })) }, null, 2) + '\n');
    else if (!workers.length) ctx.stdout.write(`No workers are running on ${store.shownUrl}. Start one with rpa-sessions worker --queue redis://… --store ${store.shownUrl}\n`);
    else {
      const rows = workers.map((w) => [w.name, `${w.host}:${w.pid}`, w.bots.join(', '), w.concurrency, w.running.join(', ') || '–', now - w.heartbeatAt > SILENT_AFTER_MS ? `silent since ${relativeTime(w.heartbeatAt, now)}` : relativeTime(w.heartbeatAt, now)]);
      ctx.stdout.write(renderTable([{ title: 'WORKER' }, { title: 'PROCESS' }, { title: 'BOTS' }, { title: 'CONCURRENCY', align: 'right' }, { title: 'RUNNING' }, { title: 'LAST SEEN' }], rows, stylerFor(ctx.stdout, ctx.env)));
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export const registerWorker: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('workers')
    .summary("list the fleet's workers: what each runs now and when it was last seen")
    .description('The workers registered in the fleet\'s PostgreSQL store, each refreshing its heartbeat every few seconds while it runs; one not seen for 15 s is shown as silent (killed, or cut off from the store).\n\nExit code: 0 ok, 2 usage error or a store it cannot reach.')
    .requiredOption('--store <url>', 'the session store, postgres://USER@HOST:PORT/DB')
    .option('--json', 'print JSON')
    .action(action(ctx, (opts: { store: string; json?: boolean }) => listWorkers(ctx, opts)));
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
    .option('--concurrency <n>', "sessions this worker runs at once, over all its bots (each bot's limit holds across the fleet too)", positive, 1)
    .option('--name <name>', 'this worker\'s name in logs (default HOST-PID)')
    .option('--workspace <dir>', 'this machine\'s copy of the workspace (default: the nearest folder above the current one holding .rpa/, else the current folder)')
    .action(action(ctx, (opts: WorkerOptions) => runWorker(ctx, opts)));
};
