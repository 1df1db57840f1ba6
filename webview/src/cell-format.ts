// How grid cells show typed values: numbers right-aligned, booleans as a check or a dash, dates as
// written, http(s) URLs as links; everything escaped, and a placeholder while a row is loading.
import type { GridColumn } from '../../runtime/src/panel-protocol';
import type { FieldValue } from '../../runtime/src/session-types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function cellClass(column: GridColumn): string {
  return column.type === 'number' || column.type === 'integer' ? 'cell-number' : column.type === 'boolean' ? 'cell-boolean' : '';
}

export function formatCell(column: GridColumn, value: FieldValue | undefined, loading: boolean): string {
  if (loading) return '<span class="cell-loading" aria-busy="true">…</span>';
  if (value === null || value === undefined) return '<span class="cell-null">null</span>';
  if (column.type === 'boolean' || typeof value === 'boolean') {
    return value ? '<span class="codicon codicon-check" aria-label="true"></span>' : '<span class="codicon codicon-dash" aria-label="false"></span>';
  }
  const text = String(value);
  if (typeof value === 'string' && /^https?:\/\/\S+$/.test(value)) return `<a href="${escapeHtml(value)}" title="${escapeHtml(value)}">${escapeHtml(text)}</a>`;
  return escapeHtml(text);
}

/** Text of a value as it is copied: tab-separated rows, so it pastes into spreadsheets. */
export function copyText(value: FieldValue | undefined): string {
  return value === null || value === undefined ? '' : String(value).replace(/[\t\r\n]+/g, ' ');
}
