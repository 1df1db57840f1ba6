// Pages of one session's dataset for the panel grid, sorted by any column and filtered by a text:
// keyset paging on rowid, top-N then indexed paging when sorted, a cached row list when filtered.
import type { SqlValue } from 'sql.js';
import type { GridColumn, GridPage, GridSource, SortSpec } from '../../panel-protocol';
import type { FieldValue } from '../../session-types';
import { INTERNAL_PREFIX, quoteIdent } from '../../store/sql-names';
import { RpaUserError } from '../../user-error';
import { filterCondition } from './row-filter';
import type { StoreView } from './store-view';

type DatasetSource = Extract<GridSource, { kind: 'dataset' }>;

/**
 * Sorted pages before this offset come from SQLite's top-N sort (no index: ~0.3 s on 1M rows);
 * deeper ones from an index on (session_id, column), built once (~2 s on 1M rows) when first needed.
 */
const TOP_N_ROWS = 2_000;

/** One view's statement parts: `SELECT rowid, columns FROM table`, its conditions and their parameters (?1, ?2). */
interface ViewQuery {
  select: string;
  where: string[];
  params: Array<string | number>;
}

/** What is known about one sorted and filtered view of a dataset at one data version. */
interface ViewCache {
  version: string;
  /** Filtered views: the rowids of every matching record, in view order. */
  list?: Float64Array;
  /** Record order: offsets (ascending) of rows already served and their rowids, as keyset starting points. */
  anchorOffsets: number[];
  anchorRowids: Map<number, number>;
}

function fieldValue(column: GridColumn, v: SqlValue): FieldValue {
  if (v === null || v === undefined) return null;
  if (column.type === 'boolean') return v === 1 || v === '1';
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return v;
}

export class DatasetPages {
  private readonly views = new Map<string, ViewCache>();
  /** Indexes added to the view's database, by database number, so each is built once. */
  private readonly indexed = new Set<string>();

  constructor(private readonly view: StoreView) {}

  page(source: DatasetSource, offset: number, limit: number): GridPage {
    const found = this.view.datasetTable(source.sessionId, source.dataset);
    const generation = this.view.generation;
    if (!found) return { columns: [], rows: [], offset, total: 0, generation };
    const { table, columns } = found;
    const sort = source.sort && this.sortColumn(columns, source.sort);
    const q: ViewQuery = { select: `SELECT rowid, ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(table)}`, where: ['session_id = ?1'], params: [source.sessionId] };
    const filter = filterCondition(columns, source.filter, 2);
    if (filter) (q.where.push(filter.sql), q.params.push(filter.value));
    const cache = this.cacheOf(source);
    const dir = sort?.descending ? 'DESC' : 'ASC';
    const order = sort ? `${quoteIdent(sort.column)} ${dir}, rowid ${dir}` : 'rowid';
    // `+column`: a filter scans every record anyway, so sorting what matches beats walking an index.
    if (filter) cache.list ??= this.rowList(table, q, sort ? `+${order}` : order);
    const total = cache.list ? cache.list.length : this.view.count(source.sessionId, source.dataset, table);
    const start = Math.max(0, Math.min(Math.floor(offset), total));
    const count = Math.max(0, Math.min(Math.floor(limit), total - start));
    let raw: SqlValue[][] = [];
    if (count && cache.list) raw = this.listedRows(q, cache.list.subarray(start, start + count));
    else if (count && sort) raw = this.listedRows(q, this.sortedRowids(table, q, sort.column, order, start, count));
    else if (count) raw = this.keysetRows(cache, q, start, count, total);
    return { columns, rows: raw.map((r) => columns.map((c, k) => fieldValue(c, r[k + 1]))), offset: start, total, generation };
  }

  /** Every matching rowid in view order, read once per data version (one scan of the session's records). */
  private rowList(table: string, q: ViewQuery, order: string): Float64Array {
    const stmt = this.view.db.prepare(`SELECT rowid FROM ${quoteIdent(table)} WHERE ${q.where.join(' AND ')} ORDER BY ${order}`, q.params);
    const ids: number[] = [];
    try {
      while (stmt.step()) ids.push(stmt.get()[0] as number);
    } finally {
      stmt.free();
    }
    return Float64Array.from(ids);
  }

  private listedRows(q: ViewQuery, ids: ArrayLike<number>): SqlValue[][] {
    const rows = this.all(`${q.select} WHERE rowid IN (${Array.from(ids, () => '?').join(', ')})`, Array.from(ids));
    const byId = new Map(rows.map((r) => [r[0] as number, r]));
    return Array.from(ids, (id) => byId.get(id)!).filter(Boolean);
  }

  /** Sorted pages sort rowids alone (the top-N sorter then carries no other columns); rows are read by rowid. */
  private sortedRowids(table: string, q: ViewQuery, column: string, order: string, start: number, count: number): number[] {
    if (start + count > TOP_N_ROWS) this.ensureIndex(table, column);
    return this.select({ ...q, select: `SELECT rowid FROM ${quoteIdent(table)}` }, [], order, count, start).map((r) => r[0] as number);
  }

  /**
   * Record order (rowid): starts from the nearest row already served at or before the offset (keyset),
   * or reads backwards from the end when that is nearer, so neither scrolling on nor jumping to the end walks the whole table.
   */
  private keysetRows(cache: ViewCache, q: ViewQuery, start: number, count: number, total: number): SqlValue[][] {
    const fromEnd = total - start - count;
    const anchor = this.nearestAnchor(cache, start);
    let rows: SqlValue[][];
    if (fromEnd < start - (anchor?.offset ?? 0)) rows = this.select(q, [], 'rowid DESC', count, fromEnd).reverse();
    else if (!anchor) rows = this.select(q, [], 'rowid', count, start);
    else rows = this.select(q, [['rowid >= ', anchor.rowid]], 'rowid', count, start - anchor.offset);
    if (rows.length) {
      this.remember(cache, start, Number(rows[0][0]));
      this.remember(cache, start + rows.length - 1, Number(rows[rows.length - 1][0]));
    }
    return rows;
  }

  /** Runs the view's SELECT with extra conditions (SQL prefix + bound value), an order, LIMIT and OFFSET. */
  private select(q: ViewQuery, extra: Array<[string, number]>, order: string, limit: number, offset: number): SqlValue[][] {
    const params = [...q.params];
    const where = [...q.where, ...extra.map(([sql, value]) => `${sql}?${params.push(value)}`)];
    const tail = `LIMIT ?${params.push(limit)} OFFSET ?${params.push(offset)}`;
    return this.all(`${q.select} WHERE ${where.join(' AND ')} ORDER BY ${order} ${tail}`, params);
  }

  private nearestAnchor(cache: ViewCache, offset: number): { offset: number; rowid: number } | undefined {
    const offs = cache.anchorOffsets;
    let lo = 0;
    let hi = offs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offs[mid] <= offset) (best = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    return best < 0 ? undefined : { offset: offs[best], rowid: cache.anchorRowids.get(offs[best])! };
  }

  private remember(cache: ViewCache, offset: number, rowid: number): void {
    if (cache.anchorRowids.has(offset)) return;
    cache.anchorRowids.set(offset, rowid);
    const offs = cache.anchorOffsets;
    let i = offs.length;
    while (i > 0 && offs[i - 1] > offset) i--;
    offs.splice(i, 0, offset);
  }

  /** The view's cache, emptied when the session's records (or the database) changed since it was filled. */
  private cacheOf(source: DatasetSource): ViewCache {
    const key = JSON.stringify([source.sessionId, source.dataset, source.sort ?? null, source.filter?.trim() ?? '']);
    const version = this.view.dataVersion(source.sessionId);
    let cache = this.views.get(key);
    if (!cache || cache.version !== version) {
      cache = { version, anchorOffsets: [], anchorRowids: new Map() };
      this.views.set(key, cache);
    }
    return cache;
  }

  private sortColumn(columns: GridColumn[], sort: SortSpec): SortSpec {
    if (!columns.some((c) => c.name === sort.column)) throw new RpaUserError('invalid-dataset', `The dataset has no column "${sort.column}" to sort by; it has ${columns.map((c) => c.name).join(', ')}.`);
    return sort;
  }

  /** The index lives only in this worker's copy of the store; the files on disk are never written. */
  private ensureIndex(table: string, column: string): void {
    const key = JSON.stringify([this.view.database, table, column]);
    if (this.indexed.has(key)) return;
    const name = `${INTERNAL_PREFIX}panel_${table}_${column}`;
    this.view.db.run(`CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${quoteIdent(table)} (session_id, ${quoteIdent(column)})`);
    this.indexed.add(key);
  }

  private all(sql: string, params: Array<string | number>): SqlValue[][] {
    const stmt = this.view.db.prepare(sql, params);
    const out: SqlValue[][] = [];
    try {
      while (stmt.step()) out.push(stmt.get());
    } finally {
      stmt.free();
    }
    return out;
  }
}
