// How grid cells show typed values: numbers right-aligned, booleans as a check or a dash, dates as
// written, http(s) URLs as links, a placeholder while a row is loading; values are text, never HTML.
import type { GridColumn } from '../../runtime/src/panel-protocol';
import type { FieldValue } from '../../runtime/src/session-types';

/** What a cell holds: its text (SlickGrid sets it as textContent), or an element for links, icons and placeholders. */
export type CellContent = string | HTMLElement;

function template(html: string): () => HTMLElement {
  const t = document.createElement('template');
  t.innerHTML = html;
  const node = t.content.firstElementChild as HTMLElement;
  return () => node.cloneNode(true) as HTMLElement;
}

// Cloned rather than parsed: a scroll frame renders some 250 cells, and an HTML parse per cell took
// ≈3 ms of each frame (bench:panel, 1M rows).
const LOADING = template('<span class="cell-loading" aria-busy="true">…</span>');
const NULL = template('<span class="cell-null">null</span>');
const TRUE = template('<span class="codicon codicon-check" aria-label="true"></span>');
const FALSE = template('<span class="codicon codicon-dash" aria-label="false"></span>');
const URL_PATTERN = /^https?:\/\/\S+$/;

export function cellClass(column: GridColumn): string {
  return column.type === 'number' || column.type === 'integer' ? 'cell-number' : column.type === 'boolean' ? 'cell-boolean' : '';
}

export function formatCell(column: GridColumn, value: FieldValue | undefined, loading: boolean): CellContent {
  if (loading) return LOADING();
  if (value === null || value === undefined) return NULL();
  if (column.type === 'boolean' || typeof value === 'boolean') return value ? TRUE() : FALSE();
  if (typeof value === 'string' && URL_PATTERN.test(value)) {
    const a = document.createElement('a');
    a.href = value;
    a.title = value;
    a.textContent = value;
    return a;
  }
  return String(value);
}

/** Text of a value as it is copied: tab-separated rows, so it pastes into spreadsheets. */
export function copyText(value: FieldValue | undefined): string {
  return value === null || value === undefined ? '' : String(value).replace(/[\t\r\n]+/g, ' ');
}
