// `rpa-sessions run FILE [--run NAME] [--replace] [--session-id ID] [--input k=v …] [--json] [--workspace DIR]`:
// runs a run configuration's sessions in simulated secure sessions (RunAgent.exe of this product).
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sessionEntries } from '../../../language/src/index';
import type { SessionRuntime } from '../../../runtime/src/node/session-runtime';
import { FINISHED_STATUSES, type Inputs } from '../../../runtime/src/session-types';
import { validateSessionId } from '../../../runtime/src/store/session-rows';
import { action, CliError, type CliContext, type ExitCode, type RegisterCommand } from '../cli-context';
import { describeFsError, shownPath } from '../../../runtime/src/node/rpa-files';
import { quoteArg } from '../output/run-summary';
import { closeSessionSaying } from '../runtime/close-session';
import { chooseRun } from './run-choice';
import { openRuntime } from '../runtime/open-runtime';
import { storePlace, STORE_OPTION_HELP } from '../runtime/store-place';
import { runOnFleet, type FleetRunRequest } from './run-fleet';
import { isFleetStore } from './sessions-fleet';
import { reportOpening, watchSessions } from '../runtime/watch-sessions';
import { loadRuntimeWorkspace, nearestStateRoot, refuseWorkspaceErrors, shownFileOf, shownFolder, workspaceRoot, type RuntimeWorkspace } from '../workspace/workspace-root';

export interface RunOptions {
  run?: string;
  replace?: boolean;
  sessionId?: string;
  input: string[];
  json?: boolean;
  workspace?: string;
  store?: string;
  queue?: string;
}

/** `--input k=v`, repeatable: collects the raw texts; parseInputs() checks them. */
export function collectInput(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** key=value pairs; values stay text here, the engine types them like the agent's defaults. */
export function parseInputs(pairs: readonly string[]): Inputs {
  const out: Inputs = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (!key) {
      throw new CliError(`--input ${JSON.stringify(pair)}: expected NAME=VALUE, for example --input category=poetry (the NAME is one of the agent's inputs).`);
    }
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

function fileOrError(ctx: CliContext, file: string): string {
  const abs = resolve(ctx.cwd, file);
  let isFile: boolean;
  try {
    isFile = statSync(abs).isFile();
  } catch (err) {
    throw new CliError(`${file}: cannot read it: ${describeFsError(err)}. Give the .rpa file that declares the run configuration.`);
  }
  if (!isFile) throw new CliError(`${file}: not a file. Give the .rpa file that declares the run configuration (the workspace is the folder around it).`);
  return abs;
}

/**
 * The run must be declared in FILE (that is what FILE names), and `--session-id` must be one of the
 * run's session IDs when it names some: those IDs carry the session's inputs.
 */
function checkRequest(ctx: CliContext, loaded: RuntimeWorkspace, file: string, opts: RunOptions & { run: string }): void {
  const rel = relative(loaded.root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new CliError(`${shownPath(ctx.cwd, file)} is not inside the workspace folder ${shownFolder(ctx.cwd, loaded.root)} given by --workspace. Give a workspace folder that contains the file.`);
  }
  const run = loaded.ws.resolve('run', opts.run);
  if (!run) return; // The engine reports an unknown run with the closest names.
  const uri = pathToFileURL(file).href;
  if (run.uri !== uri) {
    const where = shownFileOf(loaded, run.uri);
    throw new CliError(`Run configuration "${opts.run}" is declared in ${where}, not in ${shownPath(ctx.cwd, file)}. Run it with: rpa-sessions run ${quoteArg(where)} --run ${quoteArg(opts.run)}`);
  }
  const named = sessionEntries(run).map((e) => e.id.value);
  if (opts.sessionId !== undefined && named.length && !named.includes(opts.sessionId)) {
    throw new CliError(
      `--session-id ${JSON.stringify(opts.sessionId)}: run ${opts.run} names its sessions (${named.map((n) => JSON.stringify(n)).join(', ')}), so --session-id selects one of them ` +
        `(with that session's inputs). Give one of these IDs, or drop --session-id to run them all.`,
    );
  }
}

/** The session IDs this run is about to use that it knows in advance: --session-id, else the run's named sessions. */
function idsToUse(loaded: RuntimeWorkspace, run: string, sessionId: string | undefined): string[] {
  const decl = loaded.ws.resolve('run', run);
  return sessionId !== undefined ? [sessionId] : decl ? sessionEntries(decl).map((e) => e.id.value) : [];
}

/** --replace: closes (CloseSession) the finished sessions that hold the IDs this run is about to use, saying so. */
async function closeTakenSessions(runtime: SessionRuntime, ids: readonly string[], say: (line: string) => void): Promise<void> {
  for (const id of ids) {
    const s = runtime.engine.session(id);
    if (s && FINISHED_STATUSES.has(s.status) && s.status !== 'closed' && s.status !== 'expired') say(`--replace: ${await closeSessionSaying(runtime, s)}`);
  }
}

/** ` --workspace DIR` when commands run from the current folder would not find this workspace. */
export function workspaceArg(ctx: CliContext, root: string): string {
  return (nearestStateRoot(ctx.cwd) ?? ctx.cwd) === root ? '' : ` --workspace ${quoteArg(shownPath(ctx.cwd, root))}`;
}

/** A run for the fleet needs both servers. */
function fleetRequest(loaded: RuntimeWorkspace, run: string, inputs: Inputs, opts: RunOptions): FleetRunRequest {
  if (!opts.queue) throw new CliError('A postgres:// session store is the fleet\'s: add --queue redis://HOST:PORT to run on its workers (start one with rpa-sessions worker).');
  if (!isFleetStore(opts.store)) throw new CliError('A run on the fleet keeps its sessions in the fleet\'s PostgreSQL store: add --store postgres://USER@HOST:PORT/DB (bash scripts/services.sh start DIR prints one for trying it).');
  const replace = opts.replace ? idsToUse(loaded, run, opts.sessionId) : [];
  return { root: loaded.root, run, inputs, sessionId: opts.sessionId, replace, queue: opts.queue, store: opts.store!, json: opts.json === true };
}

export async function runRun(ctx: CliContext, file: string, opts: RunOptions): Promise<ExitCode> {
  if (opts.sessionId !== undefined) validateSessionId(opts.sessionId, 'pass another --session-id');
  const abs = fileOrError(ctx, file);
  const inputs = parseInputs(opts.input);
  const root = workspaceRoot(ctx.cwd, opts.workspace, dirname(abs));
  const loaded = loadRuntimeWorkspace(ctx.cwd, root);
  // Notes for people; with --json, stdout carries only the events.
  const say = (line: string) => (opts.json ? ctx.stderr : ctx.stdout).write(`${line}\n`);
  const run = chooseRun(ctx, loaded, abs, opts.run, say);
  checkRequest(ctx, loaded, abs, { ...opts, run });
  refuseWorkspaceErrors(loaded, ctx.cwd, `Run ${run}`);
  if (opts.queue || isFleetStore(opts.store)) return runOnFleet(ctx, fleetRequest(loaded, run, inputs, opts));
  const place = storePlace(ctx, root, opts.store);
  const runtime = await openRuntime(ctx, place, `rpa-sessions run --run ${run}`);
  try {
    reportOpening(ctx, runtime);
    const { engine } = runtime;
    if (opts.replace) await closeTakenSessions(runtime, idsToUse(loaded, run, opts.sessionId), say);
    const result = await watchSessions(ctx, runtime, {
      title: `Run ${run}`,
      json: opts.json === true,
      seeRecords: (id) => `rpa-sessions sessions data ${quoteArg(id)}${workspaceArg(ctx, root)}${place.flag ? ` --store ${quoteArg(place.flag)}` : ''}`,
      start: () =>
        opts.sessionId !== undefined
          ? [engine.startSession({ run, sessionId: opts.sessionId, inputs })]
          : engine.startRun(run, { inputs }),
    });
    return result.exitCode;
  } finally {
    await runtime.close();
  }
}

export const registerRun: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('run')
    .summary('run a run configuration in simulated secure sessions')
    .description(
      "Run a run configuration's sessions on its bot, like RunAgent.exe: each session runs in its own isolated " +
        "worker, at most the bot's effective secure-session limit at once; the others wait in a visible queue. " +
        'Records, logs and status go to the session store in the workspace\'s .rpa/ folder.\n\n' +
        'The workspace is the folder given by --workspace, else the nearest folder above FILE that holds a .rpa/ ' +
        'folder, else the folder of FILE. A workspace with errors (see `rpa-sessions check`) is refused.\n\n' +
        'Output: a progress bar per session on a terminal, plain lines otherwise (one per state change and every ' +
        '50 records), then a summary per session. With --json: JSON Lines, one engine event per line ' +
        '(session-queued, session-started, session-progress, session-log, session-records, session-committed, session-ended, ' +
        'session-cleaned) and a last line {"type":"run-summary","title","sessions":[…],"exitCode"}. session-records reports ' +
        'records as they arrive; session-committed {"id","datasets":{NAME:N},"records"} says how many of them are durable ' +
        '(a crash after it loses none of them).\n\n' +
        'With --queue and --store postgres://…, the sessions run on the fleet\'s workers (rpa-sessions worker) under the ' +
        'same rules; the output is the same, read back from the fleet\'s store (without session-records: a record ' +
        'is seen there once committed), and Ctrl-C cancels them on the fleet.\n\n' +
        "Without --run, FILE's only run configuration runs; when FILE declares several, they are listed. " +
        "A session ID stays taken until its session is closed or cleaned up: --replace first closes (Sequentum's " +
        'CloseSession) the finished sessions holding the IDs this run uses, saying so; their records and logs go.\n\n' +
        '--session-id runs one session with that ID: when the run names its sessions, it selects one of them ' +
        '(with its inputs); otherwise it is the new session\'s ID. --input NAME=VALUE overrides an agent input for ' +
        'every session (numbers and true/false are typed like the input\'s default). Ctrl-C cancels the sessions ' +
        '(status cancelled; committed records are kept).\n\n' +
        'Exit code: 0 every session completed, 1 a session failed or was cancelled, the workspace has errors, or ' +
        'the session rules refuse the run; 2 usage or I/O error.',
    )
    .argument('<file>', 'the .rpa file that declares the run configuration')
    .option('--run <name>', "the run configuration to run (default: FILE's only one; FILE's runs are listed when it has several)")
    .option('--replace', 'first close (CloseSession) the finished sessions that still hold the IDs this run uses, saying so')
    .option('--session-id <id>', 'run one session with this ID')
    .option('--input <name=value>', 'override an agent input (repeatable)', collectInput, [])
    .option('--json', 'print JSON Lines (events, then a summary) instead of progress for people')
    .option('--workspace <dir>', 'the workspace folder (default: found from FILE)')
    .option('--store <dir|url>', `${STORE_OPTION_HELP}; with --queue, the fleet's postgres://… store`)
    .option('--queue <url>', "run on the fleet: the workers' queue, redis://HOST:PORT (with --store postgres://…)")
    .action(action(ctx, (file: string, opts: RunOptions) => runRun(ctx, file, opts)));
};
