// The panel's sessions list: live status icon, progress (pages · records, current URL, errors), queue
// position and cleanup countdown; filtered by run and status; a listbox driven by arrow keys.
import type { PanelSession } from '../../runtime/src/panel-protocol';
import type { SessionStatus } from '../../runtime/src/session-types';
import { escapeHtml } from './cell-format';

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

export function countdown(ms: number): string {
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

  private render(): void {
    const now = Date.now();
    this.list.innerHTML = this.visible()
      .map((s) => {
        const sel = s.id === this.selected;
        return `<div role="option" id="session-${escapeHtml(s.id)}" data-id="${escapeHtml(s.id)}" aria-selected="${sel}" class="session${sel ? ' selected' : ''}" title="${escapeHtml(s.error ?? s.status)}">
          <span class="codicon codicon-${ICONS[s.status]} status-${s.status}" aria-label="${s.status}"></span>
          <span class="session-text"><span class="session-id">${escapeHtml(s.id)}</span> <span class="session-agent">${escapeHtml(s.agent)}${s.run ? ' · ' + escapeHtml(s.run) : ''} · ${s.status}</span>
          <span class="session-detail">${escapeHtml(detail(s, now))}</span></span></div>`;
      })
      .join('');
    if (this.selected) this.list.setAttribute('aria-activedescendant', `session-${this.selected}`);
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
