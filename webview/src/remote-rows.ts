// The grid's rows as SlickGrid data: blocks of rows fetched from the host when they come into view,
// at most a few hundred blocks kept, refetched when the store changed or the sort or filter did.
import type { GridColumn, GridPage, GridSource } from '../../runtime/src/panel-protocol';
import type { FieldValue } from '../../runtime/src/session-types';

const BLOCK_ROWS = 200;
const KEPT_BLOCKS = 300;
const EMPTY: FieldValue[] = [];

interface Block {
  rows: FieldValue[][];
  generation: number;
}

export type FetchPage = (source: GridSource, offset: number, limit: number) => Promise<GridPage>;

export class RemoteRows {
  columns: GridColumn[] = [];
  total = 0;
  private blocks = new Map<number, Block>();
  private pending = new Set<number>();
  /** Bumped on every reset, so answers for an earlier source are dropped. */
  private epoch = 0;
  private generation = 0;
  private wanted = { from: 0, to: 0 };
  /** The first page of the current source has arrived (columns and total are known). */
  loaded: Promise<void> = Promise.resolve();

  constructor(
    private source: GridSource,
    private readonly fetch: FetchPage,
    private readonly onRows: (from: number, to: number, sizeChanged: boolean) => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  get current(): GridSource {
    return this.source;
  }

  getLength(): number {
    return this.total;
  }

  /** A row as an array in column order (SlickGrid reads item[field], fields are column indexes). */
  getItem(i: number): FieldValue[] {
    return this.blocks.get(Math.floor(i / BLOCK_ROWS))?.rows[i % BLOCK_ROWS] ?? EMPTY;
  }

  isLoaded(i: number): boolean {
    return this.blocks.has(Math.floor(i / BLOCK_ROWS));
  }

  getItemMetadata(): null {
    return null;
  }

  /** Shows another source: everything is fetched again, starting with the rows in view. */
  reset(source: GridSource): Promise<void> {
    this.source = source;
    this.epoch++;
    this.blocks.clear();
    this.pending.clear();
    this.loaded = this.load(Math.floor(this.wanted.from / BLOCK_ROWS));
    return this.loaded;
  }

  /** The store changed: rows in view are read again (others when they come into view). */
  stale(generation: number): void {
    if (generation <= this.generation) return;
    this.generation = generation;
    this.ensure(this.wanted.from, this.wanted.to);
  }

  /** Rows from..to are in view: fetches the blocks not loaded yet (or loaded from an older store). */
  ensure(from: number, to: number): void {
    this.wanted = { from, to };
    const last = Math.max(0, Math.min(to, this.total - 1));
    for (let b = Math.floor(from / BLOCK_ROWS); b <= Math.floor(last / BLOCK_ROWS); b++) {
      const block = this.blocks.get(b);
      if (this.pending.has(b) || (block && block.generation >= this.generation)) continue;
      void this.load(b);
    }
  }

  private async load(b: number): Promise<void> {
    const epoch = this.epoch;
    this.pending.add(b);
    try {
      const page = await this.fetch(this.source, b * BLOCK_ROWS, BLOCK_ROWS);
      if (epoch !== this.epoch) return;
      const sizeChanged = page.total !== this.total || page.columns.length !== this.columns.length;
      this.columns = page.columns;
      this.total = page.total;
      this.generation = Math.max(this.generation, page.generation);
      this.blocks.delete(b);
      this.blocks.set(b, { rows: page.rows, generation: page.generation });
      this.evict(b);
      this.onRows(b * BLOCK_ROWS, b * BLOCK_ROWS + page.rows.length - 1, sizeChanged);
    } catch (e) {
      if (epoch === this.epoch) this.onError(e);
    } finally {
      if (epoch === this.epoch) this.pending.delete(b);
    }
  }

  /** Drops the blocks farthest from the one just loaded once more than KEPT_BLOCKS are held. */
  private evict(near: number): void {
    if (this.blocks.size <= KEPT_BLOCKS) return;
    const far = [...this.blocks.keys()].sort((x, y) => Math.abs(y - near) - Math.abs(x - near));
    for (const b of far.slice(0, this.blocks.size - KEPT_BLOCKS)) this.blocks.delete(b);
  }
}
