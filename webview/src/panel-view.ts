// The panel's layout and its controls: dataset tabs (plus the query result), the filter box, copy,
// export and Close session buttons, the grid, a status line and the SQL editor below.
import { escapeHtml } from './escape-html';

export interface PanelView {
  sessions: HTMLElement;
  tabs: HTMLElement;
  filter: HTMLInputElement;
  grid: HTMLElement;
  empty: HTMLElement;
  status: HTMLElement;
  editor: HTMLElement;
  run: HTMLButtonElement;
  stop: HTMLButtonElement;
  copy: HTMLButtonElement;
  exportCsv: HTMLButtonElement;
  exportJson: HTMLButtonElement;
  closeSession: HTMLButtonElement;
  sqlStatus: HTMLElement;
}

export interface TabInfo {
  id: string;
  label: string;
  count?: number;
}

export function buildView(root: HTMLElement): PanelView {
  root.innerHTML = `
    <div class="layout">
      <aside class="sidebar"></aside>
      <main class="content">
        <div class="toolbar">
          <div class="tabs" role="tablist" aria-label="Datasets"></div>
          <input class="filter" type="search" placeholder="Filter rows" aria-label="Filter rows (text in any column)">
          <button class="icon copy" title="Copy the selected rows, or the active cell (Ctrl+C)" aria-label="Copy"><span class="codicon codicon-copy"></span></button>
          <button class="export-csv" title="Export what the grid shows to a CSV file"><span class="codicon codicon-export"></span> CSV</button>
          <button class="export-json" title="Export what the grid shows to a JSON file"><span class="codicon codicon-export"></span> JSON</button>
          <button class="close-session secondary" title="Close the session: its records are removed now"><span class="codicon codicon-trash"></span> Close session</button>
        </div>
        <div class="grid-area">
          <div class="grid" role="grid" aria-label="Records"></div>
          <div class="empty">Select a session to see its records.</div>
        </div>
        <div class="status" role="status" aria-live="polite"></div>
        <section class="sql" aria-label="SQL query">
          <div class="sql-toolbar">
            <button class="run" title="Run the query (Ctrl+Enter / Cmd+Enter)"><span class="codicon codicon-play"></span> Run</button>
            <button class="stop secondary" disabled title="Stop the running query"><span class="codicon codicon-debug-stop"></span> Stop</button>
            <span class="sql-status" role="status" aria-live="polite"></span>
          </div>
          <div class="editor"></div>
        </section>
      </main>
    </div>`;
  const q = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  return {
    sessions: q('.sidebar'),
    tabs: q('.tabs'),
    filter: q<HTMLInputElement>('.filter'),
    grid: q('.grid'),
    empty: q('.empty'),
    status: q('.status'),
    editor: q('.editor'),
    run: q<HTMLButtonElement>('.run'),
    stop: q<HTMLButtonElement>('.stop'),
    copy: q<HTMLButtonElement>('.copy'),
    exportCsv: q<HTMLButtonElement>('.export-csv'),
    exportJson: q<HTMLButtonElement>('.export-json'),
    closeSession: q<HTMLButtonElement>('.close-session'),
    sqlStatus: q('.sql-status'),
  };
}

/** Renders the tabs (role=tab, arrow keys move between them) and calls onPick with the chosen id. */
export function renderTabs(el: HTMLElement, tabs: TabInfo[], selected: string | undefined, onPick: (id: string) => void): void {
  el.innerHTML = tabs
    .map((t) => {
      const sel = t.id === selected;
      const count = t.count === undefined ? '' : ` <span class="count">${t.count.toLocaleString('en')}</span>`;
      return `<button role="tab" class="tab" data-id="${escapeHtml(t.id)}" aria-selected="${sel}" tabindex="${sel ? 0 : -1}">${escapeHtml(t.label)}${count}</button>`;
    })
    .join('');
  el.onclick = (e) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[role=tab]')?.dataset.id;
    if (id) onPick(id);
  };
  el.onkeydown = (e) => {
    const ids = tabs.map((t) => t.id);
    const at = selected ? ids.indexOf(selected) : 0;
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step || !ids.length) return;
    const id = ids[(at + step + ids.length) % ids.length];
    onPick(id);
    el.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`)?.focus();
  };
}
