// The Sessions panel webview (bundled to dist/webview.js): wires the sessions list, dataset tabs,
// grid and SQL editor to the extension host, and keeps its state across hide/restore and reloads.
import '@vscode/codicons/dist/codicon.css';
import 'slickgrid/dist/styles/css/slick.grid.css';
import './panel.css';
import type { DatasetInfo, GridSource, PanelSession, QueryOutcome, SortSpec } from '../../runtime/src/panel-protocol';
import { Host, HostError } from './host';
import { buildView, renderTabs, type TabInfo } from './panel-view';
import { RecordsGrid } from './records-grid';
import { SessionsList } from './sessions-list';
import { SqlEditor } from './sql-editor';

/** "1 row", "1,000 rows". */
function rowsText(n: number): string {
  return `${n.toLocaleString('en')} row${n === 1 ? '' : 's'}`;
}

const QUERY_TAB = '\u0000query';
/** The filter applies this long after the last keystroke. */
const FILTER_DEBOUNCE_MS = 200;

interface PanelState {
  /** The workspace folder's URI: VS Code hands this state to the extension to restore the panel after a reload. */
  folder: string;
  sessionId: string;
  tab: string;
  /** Per view (a session's dataset, or the query result): the filter text and the sort. */
  filters: Record<string, string>;
  sorts: Record<string, SortSpec>;
  sql: string;
  firstRow: number;
}

const host = new Host();
const view = buildView(document.getElementById('app')!);
const state: Partial<PanelState> = host.state<PanelState>();
const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
let sessions: PanelSession[] = [];
let datasets: DatasetInfo[] = [];
let query: QueryOutcome | undefined;
let queryRequest: number | undefined;
let grid: RecordsGrid | undefined;
let filterTimer: number | undefined;
let scrollSaveTimer: number | undefined;
/** The selected session's record count when its datasets were last read. */
let shownRecords: number | undefined;

const save = () => host.saveState(state);
const say = (text: string): void => void (view.status.textContent = text);
const message = (e: unknown) => (e instanceof HostError ? e.message : e instanceof Error ? e.message : String(e));

const list = new SessionsList(view.sessions, (id) => void openSession(id, id === state.sessionId ? state.firstRow ?? 0 : 0));
const editor = new SqlEditor(view.editor, state.sql ?? 'SELECT id, agent, status FROM rpa_sessions ORDER BY queued_at', () => void runQuery(), (text) => {
  state.sql = text;
  save();
});

/** Filters and sorts belong to one session's dataset (or to the query result). */
function viewKey(tab: string): string {
  return tab === QUERY_TAB ? QUERY_TAB : JSON.stringify([state.sessionId, tab]);
}

function sourceFor(tab: string): GridSource | undefined {
  const sort = state.sorts?.[viewKey(tab)];
  const filter = state.filters?.[viewKey(tab)] || undefined;
  if (!tab) return undefined;
  if (tab === QUERY_TAB) return query && { kind: 'query', queryId: query.queryId, sort, filter };
  return state.sessionId ? { kind: 'dataset', sessionId: state.sessionId, dataset: tab, sort, filter } : undefined;
}

function tabs(): TabInfo[] {
  const out: TabInfo[] = datasets.map((d) => ({ id: d.dataset, label: d.dataset, count: d.count }));
  if (query) out.push({ id: QUERY_TAB, label: 'Query result', count: query.total });
  return out;
}

async function showTab(tab: string, firstRow = 0): Promise<void> {
  state.tab = tab;
  save();
  renderTabs(view.tabs, tabs(), tab, (id) => void showTab(id));
  view.filter.value = state.filters?.[viewKey(tab)] ?? '';
  const source = sourceFor(tab);
  view.empty.hidden = !!source;
  view.empty.textContent = state.sessionId ? 'This session has no records yet.' : 'Select a session to see its records.';
  if (!source) return;
  grid ??= new RecordsGrid(view.grid, source, (s, offset, limit) => host.request({ method: 'page', request: { source: s, offset, limit } }), gridEvents, nonce);
  try {
    await grid.show(source, firstRow);
  } catch (e) {
    say(message(e));
  }
}

const gridEvents = {
  onSort: (sort: SortSpec) => {
    state.sorts = { ...state.sorts, [viewKey(state.tab!)]: sort };
    void showTab(state.tab!);
  },
  onRows: (total: number) => say(`${total.toLocaleString('en')} ${total === 1 ? 'row' : 'rows'}${state.filters?.[viewKey(state.tab!)] ? ` matching "${state.filters[viewKey(state.tab!)]}"` : ''}`),
  onError: (e: unknown) => say(message(e)),
  onScroll: (firstRow: number) => {
    state.firstRow = firstRow;
    // Scrolling fires every frame; the state is kept once it settles.
    clearTimeout(scrollSaveTimer);
    scrollSaveTimer = window.setTimeout(save, 300);
  },
};

async function openSession(id: string, firstRow = 0): Promise<void> {
  const switched = state.sessionId !== id;
  state.sessionId = id;
  save();
  shownRecords = sessions.find((s) => s.id === id)?.progress.records;
  datasets = await host.request({ method: 'datasets', sessionId: id }).catch((e: unknown) => (say(message(e)), []));
  const keep = state.tab && (state.tab === QUERY_TAB || datasets.some((d) => d.dataset === state.tab)) && !switched;
  await showTab(keep ? state.tab! : datasets[0]?.dataset ?? '', keep ? firstRow : 0);
}

async function runQuery(): Promise<void> {
  view.run.disabled = true;
  view.stop.disabled = false;
  view.sqlStatus.textContent = 'Running…';
  editor.showError(undefined);
  const pending = host.request({ method: 'query', sql: editor.text });
  queryRequest = host.lastId;
  try {
    query = await pending;
    state.filters = { ...state.filters, [QUERY_TAB]: '' };
    delete state.sorts?.[QUERY_TAB];
    view.sqlStatus.textContent = `${rowsText(query.total)} in ${query.ms} ms${query.truncated ? ' (more rows left out: narrow the query)' : ''}`;
    await showTab(QUERY_TAB);
  } catch (e) {
    view.sqlStatus.textContent = message(e);
    if (e instanceof HostError) editor.showError(e.error);
  } finally {
    queryRequest = undefined;
    view.run.disabled = false;
    view.stop.disabled = true;
  }
}

async function exportGrid(format: 'csv' | 'json'): Promise<void> {
  const source = grid?.rows.current;
  if (!source) return say('Nothing to export: select a session or run a query first.');
  try {
    const done = await host.request({ method: 'export', source, format });
    if (done) say(`Exported ${rowsText(done.rows)} to ${done.file}`);
  } catch (e) {
    say(message(e));
  }
}

view.run.onclick = () => void runQuery();
view.stop.onclick = () => queryRequest !== undefined && void host.request({ method: 'cancel', requestId: queryRequest });
view.copy.onclick = () => void grid?.copy().then(say, (e: unknown) => say(`Copying failed: ${message(e)}`));
view.exportCsv.onclick = () => void exportGrid('csv');
view.exportJson.onclick = () => void exportGrid('json');
view.closeSession.onclick = () => state.sessionId && void host.request({ method: 'closeSession', sessionId: state.sessionId }).catch((e: unknown) => say(message(e)));
view.filter.oninput = () => {
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => {
    if (!state.tab) return;
    state.filters = { ...state.filters, [viewKey(state.tab)]: view.filter.value.trim() };
    void showTab(state.tab);
  }, FILTER_DEBOUNCE_MS);
};
window.addEventListener('resize', () => grid?.resize());

host.on((e) => {
  if (e.type === 'changed') {
    sessions = e.sessions;
    list.update(sessions);
    grid?.rows.stale(e.generation);
    const records = sessions.find((s) => s.id === state.sessionId)?.progress.records;
    if (records !== undefined && records !== shownRecords) void refreshCounts(records);
  } else if (e.type === 'select') list.select(e.sessionId);
  else if (e.type === 'folder') {
    document.title = `Sessions — ${e.name}`;
    state.folder = e.uri;
    save();
  }
});

/** The selected session recorded more: tab counts update, and its first dataset shows once it has one. */
async function refreshCounts(records: number): Promise<void> {
  shownRecords = records;
  const had = datasets.length;
  datasets = await host.request({ method: 'datasets', sessionId: state.sessionId! });
  if (!had && datasets.length && state.tab !== QUERY_TAB) return showTab(datasets[0].dataset);
  renderTabs(view.tabs, tabs(), state.tab, (id) => void showTab(id));
}

async function start(): Promise<void> {
  host.ready();
  sessions = await host.request({ method: 'sessions' });
  list.update(sessions);
  void host.request({ method: 'tables' }).then((t) => editor.setTables(t));
  if (state.sessionId && sessions.some((s) => s.id === state.sessionId)) {
    list.select(state.sessionId);
  } else {
    view.empty.hidden = false;
  }
}

void start().catch((e: unknown) => say(message(e)));
