// Pages of one session's dataset for the panel grid, sorted by any column and filtered by a text:
// keyset paging on rowid (anchored at rows already served), indexed OFFSET paging when sorted.
import type { SqlValue } from 'sql.js';
import type { GridColumn, GridPage, GridSource, SortSpec } from '../../panel-protocol';
import type { FieldValue } from '../../session-types';
import { INTERNAL_PREFIX, quoteIdent } from '../../store/sql-names';
import { RpaUserError } from '../../user-error';
import type { StoreView } from './store-view';

type DatasetSource = Extract<GridSource, { kind: 'dataset' }>;

/** One view's statement parts: `SELECT rowid, columns FROM table`, its conditions and their parameters (?1, ?2). */
interface ViewQuery {
  select: string;
  where: string[];
  params: Array<string | number>;
}

/** What is known about one sorted and filtered view of a dataset in one store generation. */
interface ViewCache {
  generation: number;
  total?: number;
  /** Offsets (ascending) of rows already served, and their rowids: keyset starting points. */
  anchorOffsets: number[];
  anchorRowids: Map<number, number>;
}

/** SQL's text for a stored value as the grid shows it (booleans are stored as 1/0). */
function textOf(column: GridColumn): string {
  const c = quoteIdent(column.name);
  return column.type === 'boolean' ? `CASE ${c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END` : `CAST(${c} AS TEXT)`;
}

/** A LIKE pattern matching the text anywhere, with LIKE's own wildcards taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
}

export function fieldValue(column: GridColumn, v: SqlValue): FieldValue {
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
    const where = ['session_id = ?1'];
    const params: Array<string | number> = [source.sessionId];
    if (source.filter?.trim()) {
      where.push(`(${columns.map((c) => `${textOf(c)} LIKE ?2 ESCAPE '\\'`).join(' OR ')})`);
      params.push(containsPattern(source.filter.trim()));
    }
    const cache = this.cacheOf(source, generation);
    cache.total ??= Number(this.view.db.exec(`SELECT count(*) FROM ${quoteIdent(table)} WHERE ${where.join(' AND ')}`, params)[0].values[0][0]);
    const total = cache.total;
    const start = Math.max(0, Math.min(Math.floor(offset), total));
    const count = Math.max(0, Math.min(Math.floor(limit), total - start));
    const q: ViewQuery = { select: `SELECT rowid, ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(table)}`, where, params };
    const raw = count === 0 ? [] : sort ? this.sortedRows(table, q, sort, start, count) : this.keysetRows(cache, q, start, count, total);
    if (raw.length) {
      this.remember(cache, start, Number(raw[0][0]));
      this.remember(cache, start + raw.length - 1, Number(raw[raw.length - 1][0]));
    }
    const rows = raw.map((r) => columns.map((c, k) => fieldValue(c, r[k + 1])));
    return { columns, rows, offset: start, total, generation };
  }

  /** Sorted pages: an index on (session_id, column) built on first use makes OFFSET a walk of the index. */
  private sortedRows(table: string, q: ViewQuery, sort: SortSpec, start: number, count: number): SqlValue[][] {
    this.ensureIndex(table, sort.column);
    const dir = sort.descending ? 'DESC' : 'ASC';
    return this.select(q, [], `${quoteIdent(sort.column)} ${dir}, rowid ${dir}`, count, start);
  }

  /**
   * Record order (rowid): starts from the nearest row already served at or before the offset (keyset),
   * or reads backwards from the end when that is nearer, so neither scrolling on nor jumping to the end walks the whole table.
   */
  private keysetRows(cache: ViewCache, q: ViewQuery, start: number, count: number, total: number): SqlValue[][] {
    const fromEnd = total - start - count;
    const anchor = this.nearestAnchor(cache, start) ?? { offset: 0, rowid: -Infinity };
    if (fromEnd < start - anchor.offset) return this.select(q, [], 'rowid DESC', count, fromEnd).reverse();
    if (anchor.rowid === -Infinity) return this.select(q, [], 'rowid', count, start);
    return this.select(q, [['rowid >= ', anchor.rowid]], 'rowid', count, start - anchor.offset);
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

  private cacheOf(source: DatasetSource, generation: number): ViewCache {
    const key = JSON.stringify([source.sessionId, source.dataset, source.sort ?? null, source.filter?.trim() ?? '']);
    let cache = this.views.get(key);
    if (!cache || cache.generation !== generation) {
      cache = { generation, anchorOffsets: [], anchorRowids: new Map() };
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
