// The panel's sessions list: live status icon, progress (pages · records, current URL, errors), queue
// position and cleanup countdown; filtered by run and status; a listbox driven by arrow keys.
import type { PanelSession } from '../../runtime/src/panel-protocol';
import type { SessionStatus } from '../../runtime/src/session-types';
import { escapeHtml } from './escape-html';

const ICONS: Record<SessionStatus, string> = {
  queued: 'clock',
  running: 'sync codicon-modifier-spin',
  completed: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  interrupted: 'debug-disconnect',
  closed: 'close',
  expired: 'history',
};

function countdown(ms: number): string {
  if (ms <= 0) return 'cleanup due';
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `cleanup in ${h ? `${h}h ` : ''}${h || m ? `${m}m ` : ''}${s % 60}s`;
}

function detail(s: PanelSession, now: number): string {
  const p = s.progress;
  const parts = [`${p.pages} pages · ${p.records} records`];
  if (p.errors) parts.push(`${p.errors} errors`);
  if (s.status === 'queued' && s.queuePosition) parts.push(`#${s.queuePosition} in queue`);
  if (s.status === 'running' && p.currentUrl) parts.push(p.currentUrl);
  if (s.cleanupAt && !['closed', 'expired'].includes(s.status)) parts.push(countdown(s.cleanupAt - now));
  return parts.join(' · ');
}

export class SessionsList {
  private sessions: PanelSession[] = [];
  private selected: string | undefined;
  private readonly list: HTMLElement;
  private readonly runFilter: HTMLSelectElement;
  private readonly statusFilter: HTMLSelectElement;
  /** The inner HTML last written to each option, so unchanged ones are left alone. */
  private readonly shown = new WeakMap<HTMLElement, string>();

  constructor(
    root: HTMLElement,
    private readonly onSelect: (id: string) => void,
  ) {
    root.innerHTML = `
      <div class="list-filters">
        <select class="run-filter" aria-label="Filter sessions by run"></select>
        <select class="status-filter" aria-label="Filter sessions by status"><option value="">All statuses</option>${Object.keys(ICONS).map((s) => `<option>${s}</option>`).join('')}</select>
      </div>
      <div class="sessions" role="listbox" tabindex="0" aria-label="Sessions"></div>`;
    this.list = root.querySelector('.sessions')!;
    this.runFilter = root.querySelector('.run-filter')!;
    this.statusFilter = root.querySelector('.status-filter')!;
    this.runFilter.addEventListener('change', () => this.render());
    this.statusFilter.addEventListener('change', () => this.render());
    this.list.addEventListener('click', (e) => {
      const id = (e.target as HTMLElement).closest<HTMLElement>('[role=option]')?.dataset.id;
      if (id) this.select(id);
    });
    this.list.addEventListener('keydown', (e) => this.key(e));
    setInterval(() => this.render(), 1000);
  }

  get selection(): string | undefined {
    return this.selected;
  }

  update(sessions: PanelSession[]): void {
    this.sessions = sessions;
    const runs = [...new Set(sessions.map((s) => s.run ?? '(no run)'))].sort();
    const current = this.runFilter.value;
    this.runFilter.innerHTML = `<option value="">All runs</option>${runs.map((r) => `<option>${escapeHtml(r)}</option>`).join('')}`;
    this.runFilter.value = runs.includes(current) ? current : '';
    this.render();
  }

  select(id: string): void {
    this.selected = id;
    this.render();
    this.onSelect(id);
  }

  private visible(): PanelSession[] {
    const run = this.runFilter.value;
    const status = this.statusFilter.value;
    return this.sessions.filter((s) => (!run || (s.run ?? '(no run)') === run) && (!status || s.status === status));
  }

  /**
   * Updates the options in place (each keeps its element; only text that changed is rewritten), so a
   * click is never lost to the once-a-second countdown or a live update replacing what was pressed.
   */
  private render(): void {
    const now = Date.now();
    const visible = this.visible();
    const keep = new Set(visible.map((s) => s.id));
    for (const el of Array.from(this.list.children) as HTMLElement[]) if (!keep.has(el.dataset.id ?? '')) el.remove();
    visible.forEach((s, i) => {
      const el = this.optionFor(s.id);
      const sel = s.id === this.selected;
      el.setAttribute('aria-selected', String(sel));
      el.classList.toggle('selected', sel);
      el.title = s.error ?? s.status;
      const inner = `<span class="codicon codicon-${ICONS[s.status]} status-${s.status}" aria-label="${s.status}"></span>
        <span class="session-text"><span class="session-id">${escapeHtml(s.id)}</span> <span class="session-agent">${escapeHtml(s.agent)}${s.run ? ' · ' + escapeHtml(s.run) : ''} · ${s.status}</span>
        <span class="session-detail">${escapeHtml(detail(s, now))}</span></span>`;
      if (this.shown.get(el) !== inner) (el.innerHTML = inner), this.shown.set(el, inner);
      if (this.list.children[i] !== el) this.list.insertBefore(el, this.list.children[i] ?? null);
    });
    if (this.selected) this.list.setAttribute('aria-activedescendant', `session-${this.selected}`);
  }

  private optionFor(id: string): HTMLElement {
    const found = Array.from(this.list.children).find((c) => (c as HTMLElement).dataset.id === id) as HTMLElement | undefined;
    if (found) return found;
    const el = document.createElement('div');
    el.setAttribute('role', 'option');
    el.id = `session-${id}`;
    el.dataset.id = id;
    el.className = 'session';
    return el;
  }

  private key(e: KeyboardEvent): void {
    const ids = this.visible().map((s) => s.id);
    const at = this.selected ? ids.indexOf(this.selected) : -1;
    const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? ids.length - 1 : undefined;
    if (next === undefined || !ids.length) return;
    e.preventDefault();
    this.select(ids[Math.max(0, Math.min(ids.length - 1, next))]);
  }
}
