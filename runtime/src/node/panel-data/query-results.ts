// Read-only SQL queries of the panel: run through the store's read-only query entry, their results
// kept in the worker and served to the grid in pages (sorted and filtered here), errors located in the text.
import type { GridColumn, GridPage, GridSource, PanelError, QueryOutcome } from '../../panel-protocol';
import type { ColumnType, FieldValue } from '../../session-types';
import { RpaUserError } from '../../user-error';
import type { StoreView } from './store-view';

/** Rows of one result the panel keeps; a larger result is cut here and marked truncated. */
const QUERY_MAX_ROWS = 250_000;
/** Results kept for the grid (older ones are dropped; their tabs run the query again). */
const KEPT_RESULTS = 8;

type QuerySource = Extract<GridSource, { kind: 'query' }>;

interface KeptResult {
  columns: GridColumn[];
  rows: FieldValue[][];
  /** The row order of the last sort/filter asked for, so paging through it does not sort again. */
  order?: { key: string; indexes: number[] };
}

function typeOf(rows: unknown[][], i: number): ColumnType {
  const v = rows.find((r) => r[i] !== null && r[i] !== undefined)?.[i];
  if (typeof v === 'number') return Number.isInteger(v) && rows.every((r) => r[i] === null || Number.isInteger(r[i])) ? 'integer' : 'number';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return 'date';
  return 'text';
}

function compare(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * Where SQLite's message points in the text: `near "X"` (the token it stopped at) or the unknown
 * column/table it names. sql.js has no sqlite3_error_offset, so the first occurrence is taken.
 */
function locateError(sql: string, message: string): { offset: number; length: number } | undefined {
  const token = /near "(.*)": syntax error/.exec(message)?.[1] ?? /no such (?:column|table|function): (?:main\.)?([^\s.,]+(?:\.[^\s,]+)??)\.?(?:\s|$)/.exec(message)?.[1];
  if (message.includes('incomplete input')) return { offset: sql.trimEnd().length, length: 0 };
  if (!token) return undefined;
  const at = sql.toLowerCase().indexOf(token.toLowerCase());
  return at < 0 ? undefined : { offset: at, length: token.length };
}

export class QueryResults {
  private readonly kept = new Map<number, KeptResult>();
  private next = 1;

  constructor(private readonly view: StoreView) {}

  /** Runs the query; a refusal or an SQL error comes back as a PanelError thrown. */
  run(sql: string): QueryOutcome {
    const started = performance.now();
    let result;
    try {
      result = this.view.store.query(sql, [], { maxRows: QUERY_MAX_ROWS });
    } catch (e) {
      if (!(e instanceof RpaUserError)) throw e;
      throw { code: e.code, message: e.message, ...locateError(sql, e.message) } satisfies PanelError;
    }
    const columns = result.columns.map((name, i) => ({ name, type: typeOf(result.rows, i) }));
    const rows = result.rows.map((r) => r.map((v) => (v === undefined ? null : Array.isArray(v) ? `[${v.length} bytes]` : (v as FieldValue))));
    const queryId = this.next++;
    this.kept.set(queryId, { columns, rows });
    for (const id of this.kept.keys()) if (this.kept.size > KEPT_RESULTS) this.kept.delete(id);
    return { queryId, columns, total: rows.length, truncated: result.truncated, ms: Math.round(performance.now() - started) };
  }

  page(source: QuerySource, offset: number, limit: number): GridPage {
    const kept = this.require(source.queryId);
    const order = this.orderOf(kept, source);
    const start = Math.max(0, Math.min(Math.floor(offset), order.length));
    const rows = order.slice(start, start + Math.max(0, Math.floor(limit))).map((i) => kept.rows[i]);
    return { columns: kept.columns, rows, offset: start, total: order.length, generation: this.view.generation };
  }

  /** Every row of the result in grid order (for exports). */
  allRows(source: QuerySource): { columns: GridColumn[]; rows: FieldValue[][] } {
    const kept = this.require(source.queryId);
    return { columns: kept.columns, rows: this.orderOf(kept, source).map((i) => kept.rows[i]) };
  }

  private orderOf(kept: KeptResult, source: QuerySource): number[] {
    const filter = source.filter?.trim().toLowerCase() ?? '';
    const key = JSON.stringify([source.sort ?? null, filter]);
    if (kept.order?.key === key) return kept.order.indexes;
    let indexes = kept.rows.map((_, i) => i);
    if (filter) indexes = indexes.filter((i) => kept.rows[i].some((v) => v !== null && String(v).toLowerCase().includes(filter)));
    const sort = source.sort;
    const col = sort ? kept.columns.findIndex((c) => c.name === sort.column) : -1;
    if (sort && col >= 0) indexes.sort((a, b) => (sort.descending ? -1 : 1) * compare(kept.rows[a][col], kept.rows[b][col]) || a - b);
    kept.order = { key, indexes };
    return indexes;
  }

  private require(queryId: number): KeptResult {
    const kept = this.kept.get(queryId);
    if (!kept) throw new RpaUserError('query-refused', 'This query result is no longer kept (the panel keeps the last few, and the data worker restarts after a query is stopped). Run the query again.');
    return kept;
  }
}
