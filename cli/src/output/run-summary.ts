// The end of `run` and `demo`: one row per session (status, pages, records per dataset, run time),
// each failure's reason in full below the table, and the same as one JSON object for --json.
import { allCompleted, elapsed, tally, type SessionSummary } from '../../../runtime/src/node/run-report';
import type { Styler } from '../cli-context';
import { STATUS_STYLE } from './progress-view';
import { renderTable } from './table';

export { allCompleted, summarizeSession, type SessionSummary } from '../../../runtime/src/node/run-report';

function datasetsText(s: SessionSummary): string {
  const parts = Object.entries(s.datasets).map(([name, n]) => `${name} ${n}`);
  if (s.recordsRemoved) parts.push('removed after export');
  return parts.join(', ');
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
