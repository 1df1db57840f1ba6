// What the `sessions` commands print: the sessions table, one session in detail with its datasets
// and latest log lines, and a dataset's records as a table, CSV or JSON.
import { stringify } from 'csv-stringify/sync';
import type { LogEntry, RecordValues, SessionInfo } from '../../../runtime/src/session-types';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import { plural, type Styler } from '../cli-context';
import { elapsed, progressText } from '../../../runtime/src/node/run-report';
import { STATUS_STYLE } from './progress-view';
import { formatTime, recordCells, relativeTime, renderTable } from './table';

function statusText(info: SessionInfo, s: Styler): string {
  const style = STATUS_STYLE[info.status];
  return style ? s.paint(style, info.status) : info.status;
}

/** When and how the session's data goes: "in 29m", "due now", "kept until closed", "records removed". */
export function cleanupText(info: SessionInfo, now: number): string {
  if (info.status === 'closed' || info.status === 'expired') return `cleaned up ${info.recordsRemovedAt !== undefined ? relativeTime(info.recordsRemovedAt, now) : ''}`.trim();
  const removed = info.recordsRemovedAt !== undefined ? 'records removed after export; ' : '';
  if (info.cleanupAt !== undefined) return `${removed}${info.cleanupAt <= now ? 'due now (run: rpa-sessions sessions cleanup)' : relativeTime(info.cleanupAt, now)}`;
  if (info.status === 'queued' || info.status === 'running') return '–';
  return `${removed}kept until closed`;
}

export function formatSessionList(sessions: readonly SessionInfo[], now: number, s: Styler): string {
  return renderTable(
    [
      { title: 'SESSION', max: 40 },
      { title: 'STATUS' },
      { title: 'AGENT' },
      { title: 'RUN' },
      { title: 'PAGES', align: 'right' },
      { title: 'RECORDS', align: 'right' },
      { title: 'ENDED' },
      { title: 'CLEANUP', max: 50 },
    ],
    sessions.map((x) => [x.id, statusText(x, s), x.agent, x.run, x.progress.pages, x.progress.records, formatTime(x.endedAt), cleanupText(x, now)]),
    s,
  );
}

/** Every log line of the session, read page by page. */
export function allLogs(store: SessionStoreApi, id: string): LogEntry[] {
  const out: LogEntry[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = store.logs(id, { offset, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

export interface SessionDetail {
  session: SessionInfo;
  datasets: Array<{ dataset: string; count: number }>;
  logs: LogEntry[];
  logTotal: number;
}

export function sessionDetail(store: SessionStoreApi, info: SessionInfo, lastLogs: number): SessionDetail {
  const logs = allLogs(store, info.id);
  return { session: info, datasets: store.datasets(info.id), logs: logs.slice(Math.max(0, logs.length - lastLogs)), logTotal: logs.length };
}

export function formatSessionDetail(d: SessionDetail, now: number, s: Styler): string {
  const x = d.session;
  const inputs = Object.entries(x.inputs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const took = x.startedAt !== undefined && x.endedAt !== undefined ? ` (ran ${elapsed(x.endedAt - x.startedAt)})` : '';
  const lines = [
    `${s.paint('bold', `Session ${x.id}`)}: ${statusText(x, s)}`,
    `  agent:     ${x.agent}${x.run ? `   run: ${x.run}` : ''}${x.bot ? `   bot: ${x.bot}` : ''}`,
    `  inputs:    ${inputs || '–'}`,
    `  progress:  ${progressText(x.progress)}${x.progress.currentUrl ? ` — last page ${x.progress.currentUrl}` : ''}`,
    `  queued:    ${formatTime(x.queuedAt)}   started: ${formatTime(x.startedAt)}   ended: ${formatTime(x.endedAt)}${took}`,
    `  cleanup:   ${cleanupText(x, now)}${x.cleanupAt !== undefined ? ` (${formatTime(x.cleanupAt)})` : ''}`,
    `  datasets:  ${d.datasets.length ? d.datasets.map((ds) => `${ds.dataset} ${ds.count}`).join(', ') : 'no records in the store'}`,
  ];
  if (x.error) lines.push(`  ${s.paint('red', 'error')}:     ${x.error}`);
  lines.push('', s.paint('bold', d.logTotal > d.logs.length ? `Log (last ${d.logs.length} of ${d.logTotal} lines):` : `Log (${plural(d.logTotal, 'line')}):`));
  for (const l of d.logs) {
    const level = l.level === 'info' ? 'info ' : s.paint(l.level === 'error' ? 'red' : 'yellow', l.level.padEnd(5));
    lines.push(`  ${formatTime(l.time).slice(11)} ${level} ${l.message}`);
  }
  return lines.join('\n') + '\n';
}

/** One page of one dataset of one session. */
export interface DatasetPage {
  dataset: string;
  columns: string[];
  total: number;
  offset: number;
  rows: RecordValues[];
}

export function formatPageTable(page: DatasetPage, s: Styler): string {
  const head = s.paint('bold', `${page.dataset}`) + s.paint('dim', ` — ${pageRange(page)}`);
  if (!page.rows.length) return `${head}\n`;
  const table = renderTable(page.columns.map((c) => ({ title: c, max: 40 })), page.rows.map((r) => recordCells(page.columns, r)), s);
  const next = page.offset + page.rows.length < page.total ? s.paint('dim', `next page: --offset ${page.offset + page.rows.length}\n`) : '';
  return `${head}\n${table}${next}`;
}

/**
 * The session's records in one dataset from `offset`: `limit` of them, or without a limit every one
 * (read page by page). What `sessions data` prints and the RPA Sessions view exports.
 */
export function readDatasetPage(store: SessionStoreApi, info: SessionInfo, dataset: string, offset = 0, limit?: number): DatasetPage {
  const columns = store.datasetSchema(info.agent, dataset)?.columns.map((c) => c.name) ?? [];
  const first = store.records(info.id, dataset, { offset, limit: limit ?? 1000 });
  const rows = [...first.rows];
  while (limit === undefined && offset + rows.length < first.total) {
    const more = store.records(info.id, dataset, { offset: offset + rows.length, limit: 1000 }).rows;
    if (!more.length) break;
    rows.push(...more);
  }
  return { dataset, columns, total: first.total, offset, rows };
}

function pageRange(page: DatasetPage): string {
  if (!page.rows.length) return page.total ? `no rows from offset ${page.offset} (${plural(page.total, 'record')} in all)` : 'no records';
  return `records ${page.offset + 1}–${page.offset + page.rows.length} of ${page.total}`;
}

/** RFC 4180 CSV with a header row; booleans as true/false, null as an empty field. */
export function formatPageCsv(page: DatasetPage): string {
  const cell = (v: RecordValues[string] | undefined) => (v === null || v === undefined ? '' : String(v));
  return stringify([page.columns, ...page.rows.map((r) => page.columns.map((c) => cell(r[c])))]);
}

export function formatPagesJson(sessionId: string, pages: readonly DatasetPage[]): string {
  return JSON.stringify({ session: sessionId, datasets: pages.map(({ dataset, total, offset, rows }) => ({ dataset, total, offset, rows })) }, null, 2) + '\n';
}
