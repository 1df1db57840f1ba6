// The virtual-scrolling grid of the panel (SlickGrid over RemoteRows): typed columns, sort by a
// header click, column resize, keyboard navigation, copy of cells or rows; only rows in view are fetched.
import { SlickGrid, SlickRowSelectionModel, type CellViewportRange, type Column, type SingleColumnSort } from 'slickgrid';
import Sortable from 'sortablejs';
import type { GridSource, SortSpec } from '../../runtime/src/panel-protocol';
import type { FieldValue } from '../../runtime/src/session-types';
import { cellClass, copyText, formatCell } from './cell-format';
import { FetchPacer } from './fetch-pacer';
import { RemoteRows, type FetchPage } from './remote-rows';

// SlickGrid looks for a global Sortable (its column reorder and grouping plugins use it).
(window as unknown as { Sortable: typeof Sortable }).Sortable = Sortable;

const ROW_HEIGHT = 24;

/** Rows rendered above and below those in view. */
const ROW_BUFFER = 3;

/**
 * SlickGrid rendering ROW_BUFFER rows around the view, rather than a whole viewport more ahead of a
 * scroll: a jump (a scrollbar drag) renders every row anew, and those ahead doubled the rows built
 * and laid out in its frame (bench:panel, 1M rows: scroll frame p95 ≈20 → ≈12 ms).
 */
class PanelGrid extends SlickGrid<FieldValue[]> {
  override getRenderedRange(viewportTop?: number, viewportLeft?: number): CellViewportRange {
    const visible = this.getVisibleRange(viewportTop, viewportLeft);
    const range = super.getRenderedRange(viewportTop, viewportLeft);
    return { ...range, top: Math.max(range.top, visible.top - ROW_BUFFER), bottom: Math.min(range.bottom, visible.bottom + ROW_BUFFER) };
  }
}

interface GridEvents {
  onSort(sort: SortSpec): void;
  onRows(total: number): void;
  onError(e: unknown): void;
  onScroll(firstRow: number): void;
}

export class RecordsGrid {
  readonly rows: RemoteRows;
  private readonly grid: PanelGrid;
  private columnKey = '';
  /**
   * A drag through the grid asks for the rows where it rests, not for a block per frame: those
   * answers, stale on arrival, took CPU from the grid's frames (bench:panel's scroll on 2 cores,
   * 1M rows: frame p95 ≈14 → ≈12 ms).
   */
  private readonly pacer = new FetchPacer(() => this.fetchVisible());
  private shown = { top: 0, bottom: 0 };

  constructor(
    private readonly container: HTMLElement,
    source: GridSource,
    fetch: FetchPage,
    private readonly events: GridEvents,
    nonce: string,
  ) {
    this.rows = new RemoteRows(source, fetch, (from, to, sizeChanged) => this.rowsArrived(from, to, sizeChanged), events.onError);
    this.grid = new PanelGrid(container, this.rows, [], {
      rowHeight: ROW_HEIGHT,
      headerRowHeight: ROW_HEIGHT,
      enableCellNavigation: true,
      enableColumnReorder: false,
      enableTextSelectionOnCells: true,
      forceFitColumns: false,
      minRowBuffer: ROW_BUFFER,
      multiColumnSort: false,
      // Render at once on a long jump (a scrollbar drag) rather than 50 ms later: placeholders show
      // in the frame the jump happens, and rows replace them as they arrive.
      forceSyncScrolling: true,
      // Cell text is set as textContent and links or icons come as elements (see cell-format.ts).
      enableHtmlRendering: false,
      nonce,
    });
    this.grid.setSelectionModel(new SlickRowSelectionModel({ selectActiveRow: true }));
    this.grid.onViewportChanged.subscribe(() => {
      const r = this.grid.getRenderedRange();
      this.pacer.moved(r.top > this.shown.bottom || r.bottom < this.shown.top);
      this.shown = r;
    });
    this.grid.onRendered.subscribe(() => this.markRowIndexes());
    this.grid.onScroll.subscribe(() => this.events.onScroll(this.grid.getViewport().top));
    this.grid.onSort.subscribe((_e, args) => {
      const a = args as SingleColumnSort;
      if (a.sortCol) this.events.onSort({ column: String(a.sortCol.id), descending: !a.sortAsc });
    });
    this.grid.onKeyDown.subscribe((e) => {
      const ev = e.getNativeEvent<KeyboardEvent>();
      if (ev && (ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'c') void this.copy();
    });
    container.setAttribute('aria-label', 'Records');
    container.querySelectorAll('.slick-header-columns[role=row]').forEach((header) => header.setAttribute('aria-rowindex', '1'));
  }

  /** Shows a source (another dataset, sort or filter, or a query result), scrolled to firstRow. */
  async show(source: GridSource, firstRow = 0): Promise<void> {
    this.grid.scrollRowToTop(firstRow);
    await this.rows.reset(source);
    this.grid.setSortColumns(source.sort ? [{ columnId: source.sort.column, sortAsc: !source.sort.descending }] : []);
    this.grid.scrollRowToTop(firstRow);
    this.fetchVisible();
  }

  resize(): void {
    this.grid.resizeCanvas();
  }

  /** Copies the selected rows (or the active cell alone) as tab-separated text; says what was copied. */
  async copy(): Promise<string> {
    const selected = this.grid.getSelectedRows().sort((a, b) => a - b);
    const cell = this.grid.getActiveCell();
    const single = selected.length <= 1 && cell;
    const text = single ? copyText(this.rows.getItem(cell.row)[cell.cell]) : selected.map((r) => this.rows.getItem(r).map(copyText).join('\t')).join('\n');
    await navigator.clipboard.writeText(text);
    return single ? 'Copied the cell.' : `Copied ${selected.length} ${selected.length === 1 ? 'row' : 'rows'}.`;
  }

  focus(): void {
    this.grid.focus();
  }

  private fetchVisible(): void {
    const r = this.grid.getRenderedRange();
    this.rows.ensure(r.top, r.bottom);
  }

  private rowsArrived(from: number, to: number, sizeChanged: boolean): void {
    const key = JSON.stringify(this.rows.columns);
    if (key !== this.columnKey) {
      this.columnKey = key;
      this.grid.setColumns(this.columnDefs());
    }
    if (sizeChanged) {
      this.grid.updateRowCount();
      this.container.setAttribute('aria-rowcount', String(this.rows.total + 1));
      this.events.onRows(this.rows.total);
    }
    // Rows in view get their cells' content in place rather than new row and cell elements: less to
    // build, style and lay out as blocks arrive (with text cells: bench:panel's scroll frame p95
    // 21.9 → ≈19 ms, 1M rows).
    const cache = this.grid.getRowCache();
    for (const r of Object.keys(cache).map(Number)) if (r >= from && r <= to) this.grid.updateRow(r);
    this.grid.render();
  }

  /** ARIA grid practice: rows say their 1-based place in the dataset, the header row being row 1. */
  private markRowIndexes(): void {
    const cache = this.grid.getRowCache();
    for (const r of Object.keys(cache)) {
      const row = cache[Number(r)]?.rowNode?.[0];
      if (row && !row.hasAttribute('aria-rowindex')) row.setAttribute('aria-rowindex', String(Number(r) + 2));
    }
  }

  private columnDefs(): Column[] {
    return this.rows.columns.map((c, i) => ({
      id: c.name,
      name: c.name,
      field: String(i),
      toolTip: `${c.name} (${c.type})`,
      sortable: true,
      resizable: true,
      minWidth: 50,
      width: c.type === 'text' ? 220 : c.type === 'boolean' ? 80 : 120,
      cssClass: cellClass(c),
      headerCssClass: cellClass(c),
      formatter: (row: number, _cell: number, value: FieldValue | undefined) => formatCell(c, value, !this.rows.isLoaded(row)),
    }));
  }
}
