// Plain-text tables for the runtime commands (sessions list, data, bot status, run summaries): a
// header, a rule, aligned columns, long cells shortened with an ellipsis; times and durations in words.
import { formatDuration } from '../../../language/src/index';
import type { FieldValue } from '../../../runtime/src/session-types';
import type { Styler } from '../cli-context';

export interface TableColumn {
  title: string;
  align?: 'left' | 'right';
  /** Cells longer than this are shortened with "…" (default 60). */
  max?: number;
}

export type TableCell = string | number | boolean | null | undefined;

/** A cell as text: null and undefined as "–", everything on one line. */
export function cellText(v: TableCell): string {
  if (v === null || v === undefined || v === '') return '–';
  return String(v).replace(/\s*[\r\n]+\s*/g, ' ');
}

const ANSI_STYLE = /\u001b\[[0-9;]*m/g;

function shorten(text: string, max: number): string {
  if (width(text) <= max) return text;
  return Array.from(text.replace(ANSI_STYLE, '')).slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** Display width in terminal columns: code points, colour codes left out (close enough for our text). */
function width(text: string): number {
  return Array.from(text.replace(ANSI_STYLE, '')).length;
}

export function renderTable(columns: readonly TableColumn[], rows: readonly TableCell[][], s?: Styler): string {
  const texts = rows.map((r) => columns.map((c, i) => shorten(cellText(r[i]), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(width(c.title), ...texts.map((r) => width(r[i]))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i] - width(text));
    return columns[i].align === 'right' ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  const header = line(columns.map((c) => c.title));
  return [s ? s.paint('bold', header) : header, widths.map((w) => '-'.repeat(w)).join('  '), ...texts.map(line)].join('\n') + '\n';
}

/** A record's fields in dataset-column order, as table cells. */
export function recordCells(columns: readonly string[], row: Record<string, FieldValue>): TableCell[] {
  return columns.map((c) => row[c]);
}

/** "2025-01-31 14:05:09" in local time, or "–". */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '–';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "in 4m58s", "in 30m", "3m ago", "now": when `at` is relative to `now` (whole minutes from 10m on). */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds === 0) return 'now';
  const abs = Math.abs(seconds);
  const span = formatDuration((abs >= 600 ? Math.round(abs / 60) * 60 : abs) * 1000);
  return seconds > 0 ? `in ${span}` : `${span} ago`;
}
