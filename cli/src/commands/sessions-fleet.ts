// `rpa-sessions sessions list|show|data|close|cleanup --store postgres://…`: the fleet's sessions, records,
// CloseSession and due cleanups, on its PostgreSQL store with the same output as for a workspace's own store.
import type { PgSessionStore } from '../../../runtime/src/fleet/pg-session-store';
import type { SessionInfo, SessionStatus } from '../../../runtime/src/session-types';
import { CliError, EXIT, stylerFor, type CliContext, type ExitCode } from '../cli-context';
import { formatPageCsv, formatPagesJson, formatPageTable, formatSessionDetail, formatSessionList, type DatasetPage } from '../output/session-report';
import { formatCleanupReport } from '../output/cleanup-report';
import { loadFleet } from '../runtime/load-fleet';

/** Rows a `data` table shows when --limit is not given, as for a local store. */
const TABLE_ROWS = 50;

export function isFleetStore(store: string | undefined): store is string {
  return /^postgres(ql)?:\/\//i.test(store ?? '');
}

async function withStore<T>(url: string, read: (store: PgSessionStore) => Promise<T>): Promise<T> {
  const store = await loadFleet().PgSessionStore.open(url);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

export function fleetList(ctx: CliContext, url: string, opts: { status?: SessionStatus; run?: string; json?: boolean }): Promise<ExitCode> {
  return withStore(url, async (store) => {
    const sessions = await store.listSessions({ status: opts.status, run: opts.run });
    if (opts.json) ctx.stdout.write(JSON.stringify({ sessions }, null, 2) + '\n');
    else if (!sessions.length) ctx.stdout.write(`No sessions${opts.status || opts.run ? ' match' : ` are recorded in ${store.shownUrl}`}.\n`);
    else ctx.stdout.write(formatSessionList(sessions, Date.now(), stylerFor(ctx.stdout, ctx.env)));
    return EXIT.ok;
  });
}

export function fleetData(ctx: CliContext, url: string, id: string, opts: { dataset?: string; format: 'table' | 'csv' | 'json'; offset: number; limit?: number }): Promise<ExitCode> {
  return withStore(url, async (store) => {
    const info = await sessionOrError(store, id);
    const present = (await store.datasets(id)).map((d) => d.dataset);
    const names = opts.dataset === undefined ? present : [opts.dataset];
    if (opts.format === 'csv' && names.length > 1) throw new CliError(`Session "${id}" has ${names.length} datasets (${names.join(', ')}) and CSV holds one table: choose one with --dataset.`);
    const limit = opts.limit ?? (opts.format === 'table' ? TABLE_ROWS : 1_000_000);
    const pages: DatasetPage[] = await Promise.all(
      names.map(async (dataset) => {
        const { rows, total } = await store.records(id, dataset, { offset: opts.offset, limit });
        return { dataset, columns: store.datasetSchema(info.agent, dataset)?.columns.map((c) => c.name) ?? [], total, offset: opts.offset, rows };
      }),
    );
    if (opts.format === 'json') ctx.stdout.write(formatPagesJson(id, pages));
    else if (opts.format === 'csv') ctx.stdout.write(pages.length ? formatPageCsv(pages[0]) : '');
    else if (!pages.length) ctx.stdout.write(`Session "${id}" has no records in the store.\n`);
    else ctx.stdout.write(pages.map((p) => formatPageTable(p, stylerFor(ctx.stdout, ctx.env))).join('\n'));
    return EXIT.ok;
  });
}

async function sessionOrError(store: PgSessionStore, id: string): Promise<SessionInfo> {
  const info = await store.getSession(id);
  if (!info) throw new CliError(`There is no session "${id}" in the session store at ${store.shownUrl}. List them with rpa-sessions sessions list --store URL.`);
  return info;
}

export function fleetShow(ctx: CliContext, url: string, id: string, opts: { logs: number; json?: boolean }): Promise<ExitCode> {
  return withStore(url, async (store) => {
    const info = await sessionOrError(store, id);
    const logs = await store.logs(id, { limit: 1_000_000 });
    const detail = { session: info, datasets: await store.datasets(id), logs: logs.slice(Math.max(0, logs.length - opts.logs)), logTotal: logs.length };
    ctx.stdout.write(opts.json ? JSON.stringify(detail, null, 2) + '\n' : formatSessionDetail(detail, Date.now(), stylerFor(ctx.stdout, ctx.env)));
    return EXIT.ok;
  });
}

/** CloseSession on the fleet's store: a finished session's records and logs go, its status row says closed, its ID is free again. */
export function fleetClose(ctx: CliContext, url: string, id: string): Promise<ExitCode> {
  return withStore(url, async (store) => {
    const info = await sessionOrError(store, id);
    if (info.status === 'closed' || info.status === 'expired') {
      ctx.stdout.write(`Session "${id}" is already ${info.status}. Nothing to do.\n`);
      return EXIT.ok;
    }
    if (info.status === 'queued' || info.status === 'running') {
      throw new CliError(`Session "${id}" is still ${info.status} on the fleet, so it cannot be closed yet. Close it once it has ended (rpa-sessions sessions list --store URL shows when).`, EXIT.findings);
    }
    ctx.stdout.write(`${await closeOnFleet(store, id)}\n`);
    return EXIT.ok;
  });
}

/** CloseSession of a finished session on the fleet's store; says what it did. */
export async function closeOnFleet(store: PgSessionStore, id: string): Promise<string> {
  if ((await store.closeSession(id)) === 'expired') return `Session "${id}" was expired by its session timeout just now (a worker cleaned it up). Nothing to do.`;
  return `Closed session "${id}" (status closed): its records and logs in the session store at ${store.shownUrl} are removed. Its ID can be used again.`;
}

/** Cleanup on the fleet's store: what the workers would expire at their next heartbeat, done now (each session once). */
export function fleetCleanup(ctx: CliContext, url: string, json: boolean): Promise<ExitCode> {
  return withStore(url, async (store) => {
    const now = Date.now();
    const cleaned = await store.sessionsById(await store.expireDue(now, Number.MAX_SAFE_INTEGER));
    ctx.stdout.write(formatCleanupReport(cleaned, await store.listSessions(), now, json));
    return EXIT.ok;
  });
}
