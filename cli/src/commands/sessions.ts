// `rpa-sessions sessions list|show|data|close|cleanup`: the workspace's recorded sessions (the session
// store in .rpa/): status and progress, a session's records, CloseSession, and due cleanups now.
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { STORE_DIR } from '../../../runtime/src/node/open-store';
import type { SessionInfo, SessionStatus } from '../../../runtime/src/session-types';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import { action, CliError, EXIT, stylerFor, type CliContext, type ExitCode, type RegisterCommand } from '../cli-context';
import {
  formatPageCsv,
  formatPagesJson,
  formatPageTable,
  formatSessionDetail,
  formatSessionList,
  readDatasetPage,
  sessionDetail,
  type DatasetPage,
} from '../output/session-report';
import { formatCleanupReport } from '../output/cleanup-report';
import { formatTime } from '../output/table';
import { closeSessionSaying } from '../runtime/close-session';
import { hasSessionStore, openRuntime, openSessionsForReading, refusalsExitOne, type StoreView } from '../runtime/open-runtime';
import { reportOpening } from '../runtime/watch-sessions';
import { fleetCleanup, fleetClose, fleetData, fleetList, fleetShow, isFleetStore } from './sessions-fleet';
import { storePlace, STORE_OPTION_HELP, type StorePlace } from '../runtime/store-place';
import { nearestStateRoot, shownFolder, workspaceRoot } from '../workspace/workspace-root';

interface CommonOptions {
  workspace?: string;
  store?: string;
  json?: boolean;
}

interface ListOptions extends CommonOptions {
  status?: SessionStatus;
  run?: string;
}

interface DataOptions extends CommonOptions {
  dataset?: string;
  format: 'table' | 'csv' | 'json';
  offset: number;
  limit?: number;
}

const STATUSES: SessionStatus[] = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted', 'closed', 'expired'];
/** Rows a `data` table shows when --limit is not given (CSV and JSON give every row). */
const TABLE_ROWS = 50;

function placeOf(ctx: CliContext, opts: CommonOptions): StorePlace {
  return storePlace(ctx, workspaceRoot(ctx.cwd, opts.workspace, nearestStateRoot(ctx.cwd) ?? ctx.cwd), opts.store);
}

function noStore(ctx: CliContext, { root, storeDir }: StorePlace): string {
  const where = storeDir === join(root, STORE_DIR) ? 'it has no .rpa/ session store yet' : `its session store folder ${shownFolder(ctx.cwd, storeDir)} holds no session store yet`;
  return `No sessions are recorded in ${shownFolder(ctx.cwd, root)} (${where}). Run some with rpa-sessions run FILE --run NAME, or give the workspace with --workspace DIR (and its store with --store DIR).`;
}

/** The session, or a CliError (exit 2) naming the ID and how to find the right one. */
function sessionOrError(ctx: CliContext, store: SessionStoreApi, root: string, id: string): SessionInfo {
  const info = store.getSession(id);
  if (info) return info;
  const known = store.listSessions().map((s) => s.id);
  const some = known.length ? ` Sessions there: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}.` : ' It has no sessions.';
  throw new CliError(`There is no session "${id}" in the session store of ${shownFolder(ctx.cwd, root)}.${some} List them with rpa-sessions sessions list.`);
}

/** Reads with the store open (read-only while another process records); the store is closed after. */
async function reading<T>(ctx: CliContext, opts: CommonOptions, read: (view: StoreView, root: string) => T, empty: (place: StorePlace) => T): Promise<T> {
  const place = placeOf(ctx, opts);
  const view = await openSessionsForReading(place);
  if (!view) return empty(place);
  try {
    if (view.liveElsewhere && !opts.json) ctx.stderr.write('rpa-sessions: note: another process is recording sessions here; this is how they stood a moment ago.\n');
    return read(view, place.root);
  } finally {
    await view.close();
  }
}

function list(ctx: CliContext, opts: ListOptions): Promise<ExitCode> {
  if (isFleetStore(opts.store)) return fleetList(ctx, opts.store, opts);
  return reading(
    ctx,
    opts,
    ({ store }) => {
      const sessions = store.listSessions({ status: opts.status, run: opts.run });
      if (opts.json) ctx.stdout.write(JSON.stringify({ sessions }, null, 2) + '\n');
      else if (!sessions.length) ctx.stdout.write(`No sessions${opts.status || opts.run ? ' match' : ' are recorded'}.\n`);
      else ctx.stdout.write(formatSessionList(sessions, Date.now(), stylerFor(ctx.stdout, ctx.env)));
      return EXIT.ok;
    },
    (place) => {
      ctx.stdout.write(opts.json ? JSON.stringify({ sessions: [] }) + '\n' : noStore(ctx, place) + '\n');
      return EXIT.ok;
    },
  );
}

function show(ctx: CliContext, id: string, opts: CommonOptions & { logs: number }): Promise<ExitCode> {
  if (isFleetStore(opts.store)) return fleetShow(ctx, opts.store, id, opts);
  return reading(
    ctx,
    opts,
    ({ store }, root) => {
      const detail = sessionDetail(store, sessionOrError(ctx, store, root, id), opts.logs);
      ctx.stdout.write(opts.json ? JSON.stringify(detail, null, 2) + '\n' : formatSessionDetail(detail, Date.now(), stylerFor(ctx.stdout, ctx.env)));
      return EXIT.ok;
    },
    (place) => {
      throw new CliError(noStore(ctx, place));
    },
  );
}

function readPages(store: SessionStoreApi, info: SessionInfo, opts: DataOptions): DatasetPage[] {
  const present = store.datasets(info.id);
  let names = present.map((d) => d.dataset);
  if (opts.dataset !== undefined) {
    if (!names.includes(opts.dataset) && !store.datasetSchema(info.agent, opts.dataset)) {
      throw new CliError(`Session "${info.id}" has no dataset "${opts.dataset}". ${names.length ? `Its datasets: ${names.join(', ')}.` : 'It has no records in the store.'} Give one of them with --dataset.`);
    }
    names = [opts.dataset];
  }
  if (opts.format === 'csv' && names.length > 1) {
    throw new CliError(`Session "${info.id}" has ${names.length} datasets (${names.join(', ')}) and CSV holds one table: choose one with --dataset, e.g. --dataset ${names[0]}.`);
  }
  const limit = opts.limit ?? (opts.format === 'table' ? TABLE_ROWS : undefined);
  return names.map((dataset) => readDatasetPage(store, info, dataset, opts.offset, limit));
}

function data(ctx: CliContext, id: string, opts: DataOptions): Promise<ExitCode> {
  if (isFleetStore(opts.store)) return fleetData(ctx, opts.store, id, opts);
  return reading(
    ctx,
    opts,
    ({ store }, root) => {
      const info = sessionOrError(ctx, store, root, id);
      const pages = readPages(store, info, opts);
      if (opts.format === 'json') ctx.stdout.write(formatPagesJson(info.id, pages));
      else if (opts.format === 'csv') ctx.stdout.write(pages.length ? formatPageCsv(pages[0]) : '');
      else if (!pages.length) ctx.stdout.write(`Session "${info.id}" has no records in the store${info.recordsRemovedAt !== undefined ? ' (they were removed after the export or at cleanup)' : ''}.\n`);
      else ctx.stdout.write(pages.map((p) => formatPageTable(p, stylerFor(ctx.stdout, ctx.env))).join('\n'));
      return EXIT.ok;
    },
    (place) => {
      throw new CliError(noStore(ctx, place));
    },
  );
}

async function close(ctx: CliContext, id: string, opts: CommonOptions): Promise<ExitCode> {
  if (isFleetStore(opts.store)) return fleetClose(ctx, opts.store, id);
  const place = placeOf(ctx, opts);
  if (!hasSessionStore(place.storeDir)) throw new CliError(noStore(ctx, place));
  const runtime = await openRuntime(ctx, place, `rpa-sessions sessions close ${id}`, 0);
  try {
    reportOpening(ctx, runtime);
    const before = sessionOrError(ctx, runtime.store, place.root, id);
    if (before.status === 'closed' || before.status === 'expired') {
      ctx.stdout.write(`Session "${id}" is already ${before.status}: its data was cleaned up ${formatTime(before.recordsRemovedAt)}. Nothing to do.\n`);
      return EXIT.ok;
    }
    ctx.stdout.write(`${await closeSessionSaying(runtime, before)}\n`);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

async function cleanup(ctx: CliContext, opts: CommonOptions): Promise<ExitCode> {
  if (isFleetStore(opts.store)) return fleetCleanup(ctx, opts.store, opts.json === true);
  const place = placeOf(ctx, opts);
  if (!hasSessionStore(place.storeDir)) {
    ctx.stdout.write(noStore(ctx, place) + '\n');
    return EXIT.ok;
  }
  // Opening the runtime resumes every cleanup: what is due (session timeout passed) is done now.
  const runtime = await openRuntime(ctx, place, 'rpa-sessions sessions cleanup', 0);
  try {
    const cleaned = runtime.recovery.cleanedUp.map((id) => runtime.store.getSession(id)).filter((s): s is SessionInfo => !!s);
    ctx.stdout.write(formatCleanupReport(cleaned, runtime.store.listSessions(), Date.now(), opts.json === true));
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

function nonNegative(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0.`);
    return n;
  };
}

export const registerSessions: RegisterCommand = (program: Command, ctx: CliContext) => {
  const sessions = program
    .command('sessions')
    .summary('list, read, close and clean up recorded sessions')
    .description(
      "The workspace's recorded sessions (the session store in .rpa/), like Sequentum's session IDs: each " +
        "session's status, progress and extracted data, CloseSession, and cleanup once the agent's session timeout " +
        'has passed. The workspace is --workspace DIR, else the nearest folder above the current one holding .rpa/.\n\n' +
        'Exit code: 0 ok, 1 refused by a rule (e.g. closing a session another run is still running), 2 usage or I/O ' +
        'error (including an unknown session ID).',
    );
  const located = (c: Command) => c.option('--workspace <dir>', 'the workspace folder').option('--store <dir|url>', `${STORE_OPTION_HELP}; or the fleet's postgres://… store`);
  const common = (c: Command) => located(c).option('--json', 'print JSON');
  common(sessions.command('list').description('list the recorded sessions'))
    .addOption(new Option('--status <status>', 'only sessions with this status').choices(STATUSES))
    .option('--run <name>', 'only sessions of this run configuration')
    .action(action(ctx, (opts: ListOptions) => list(ctx, opts)));
  common(sessions.command('show').description("show a session's status, progress, datasets and latest log lines"))
    .argument('<id>', 'the session ID')
    .option('--logs <n>', 'how many of the latest log lines to show', nonNegative('--logs'), 20)
    .action(action(ctx, (id: string, opts: CommonOptions & { logs: number }) => show(ctx, id, opts)));
  located(sessions.command('data'))
    .description("print a session's records: every dataset as a table (50 rows unless --limit), or one dataset as CSV or JSON")
    .argument('<id>', 'the session ID')
    .option('--dataset <name>', 'only this dataset')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--offset <n>', 'skip this many records', nonNegative('--offset'), 0)
    .option('--limit <n>', 'at most this many records (default: 50 for a table, all for csv and json)', nonNegative('--limit'))
    .action(action(ctx, (id: string, opts: DataOptions) => data(ctx, id, opts)));
  located(sessions.command('close'))
    .description("CloseSession: remove a session's records and logs now (and its rows in a database export when Cleanup External Session Data is on)")
    .argument('<id>', 'the session ID')
    .action(action(ctx, (id: string, opts: CommonOptions) => refusalsExitOne(() => close(ctx, id, opts))));
  common(sessions.command('cleanup').description("clean up now every session whose session timeout has passed, and say what still waits"))
    .action(action(ctx, (opts: CommonOptions) => refusalsExitOne(() => cleanup(ctx, opts))));
};
