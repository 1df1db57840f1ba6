// The panel's filter box as SQL: the text, case-insensitively, anywhere in a column as the grid shows
// it; numeric and date columns only for text that can occur in them, booleans only for true/false.
import type { GridColumn } from '../../panel-protocol';
import { quoteIdent } from '../../store/sql-names';

/** SQL's text for a stored value as the grid shows it (booleans are stored as 1/0). */
function textOf(column: GridColumn): string {
  const c = quoteIdent(column.name);
  if (column.type === 'boolean') return `CASE ${c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
  return column.type === 'text' || column.type === 'date' ? c : `CAST(${c} AS TEXT)`;
}

/** Whether a column's shown values can contain the text at all. */
function canContain(column: GridColumn, text: string): boolean {
  if (column.type === 'number' || column.type === 'integer') return /^[-+]?[\d.eE+-]*$/.test(text);
  if (column.type === 'boolean') return 'true'.includes(text.toLowerCase()) || 'false'.includes(text.toLowerCase());
  if (column.type === 'date') return /^[\d\-:.TZ+ ]*$/i.test(text);
  return true;
}

/** A LIKE pattern matching the text anywhere, with LIKE's own wildcards taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
}

/** The condition (with `?N` for its one parameter) and that parameter, or undefined for no filter. */
export function filterCondition(columns: GridColumn[], filter: string | undefined, param: number): { sql: string; value: string } | undefined {
  const text = filter?.trim();
  if (!text) return undefined;
  const tested = columns.filter((c) => canContain(c, text));
  const sql = tested.length ? `(${tested.map((c) => `${textOf(c)} LIKE ?${param} ESCAPE '\\'`).join(' OR ')})` : '0';
  return { sql, value: containsPattern(text) };
}
