// The end of `run` and `demo`: one row per session (status, pages, records per dataset, run time),
// each failure's reason in full below the table, and the same as one JSON object for --json.
import type { SessionInfo, SessionStatus } from '../../../runtime/src/session-types';
import type { SessionStoreApi } from '../../../runtime/src/store/store-api';
import { plural, type Styler } from '../cli-context';
import { STATUS_STYLE } from './progress-view';
import { elapsed, renderTable } from './table';

export interface SessionSummary {
  id: string;
  status: SessionStatus;
  pages: number;
  records: number;
  /** Records per dataset still in the store (empty once removed after an export). */
  datasets: Record<string, number>;
  /** The internal records were removed after the external export (Remove Session = Immediately). */
  recordsRemoved: boolean;
  durationMs?: number;
  error?: string;
}

export function summarizeSession(info: SessionInfo, store: SessionStoreApi): SessionSummary {
  const datasets: Record<string, number> = {};
  for (const d of store.datasets(info.id)) datasets[d.dataset] = d.count;
  const summary: SessionSummary = {
    id: info.id,
    status: info.status,
    pages: info.progress.pages,
    records: info.progress.records,
    datasets,
    recordsRemoved: info.recordsRemovedAt !== undefined,
  };
  if (info.startedAt !== undefined && info.endedAt !== undefined) summary.durationMs = info.endedAt - info.startedAt;
  if (info.error) summary.error = info.error;
  return summary;
}

/** "completed" counts as success; anything else a run ends with is a failed session (exit 1). */
export function allCompleted(summaries: readonly SessionSummary[]): boolean {
  return summaries.every((s) => s.status === 'completed');
}

function datasetsText(s: SessionSummary): string {
  const parts = Object.entries(s.datasets).map(([name, n]) => `${name} ${n}`);
  if (s.recordsRemoved) parts.push('removed after export');
  return parts.join(', ');
}

/** "3 sessions: 2 completed, 1 failed". */
export function tally(summaries: readonly SessionSummary[]): string {
  const counts = new Map<SessionStatus, number>();
  for (const s of summaries) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return `${plural(summaries.length, 'session')}: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`;
}

/**
 * `seeRecords`: the command that shows a session's records (with --workspace when the current folder
 * would not find the workspace); no hint without it (e.g. a demo workspace that is deleted afterwards).
 */
export function formatSummaryText(title: string, summaries: readonly SessionSummary[], s: Styler, seeRecords?: (id: string) => string): string {
  const rows = summaries.map((x) => [
    x.id,
    STATUS_STYLE[x.status] ? s.paint(STATUS_STYLE[x.status]!, x.status) : x.status,
    x.pages,
    x.records,
    datasetsText(x),
    x.durationMs === undefined ? undefined : elapsed(x.durationMs),
  ]);
  const table = renderTable(
    [
      { title: 'SESSION', max: 40 },
      { title: 'STATUS' },
      { title: 'PAGES', align: 'right' },
      { title: 'RECORDS', align: 'right' },
      { title: 'DATASETS', max: 50 },
      { title: 'TIME', align: 'right' },
    ],
    rows,
    s,
  );
  const failures = summaries.filter((x) => x.error).map((x) => `${s.paint('bold', x.id)} ${x.status}: ${x.error}\n`);
  const head = s.paint(allCompleted(summaries) ? ['bold', 'green'] : ['bold', 'red'], `${title} — ${tally(summaries)}`);
  const withData = summaries.find((x) => Object.values(x.datasets).some((n) => n > 0));
  const hint = withData && seeRecords ? s.paint('dim', `See a session's records with: ${seeRecords(withData.id)}`) + '\n' : '';
  return `\n${head}\n${table}${failures.length ? '\n' + failures.join('') : ''}${hint}`;
}

export function formatSummaryJson(title: string, summaries: readonly SessionSummary[], exitCode: number): string {
  return JSON.stringify({ type: 'run-summary', title, sessions: summaries, exitCode }) + '\n';
}

/** A session ID as a shell argument (IDs are any text). */
export function quoteArg(text: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
