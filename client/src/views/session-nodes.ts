// The view's Sessions section, grouped by run: each session with a status icon, its progress (pages ·
// records) and, once finished, the countdown to its cleanup; context values select its actions.
import { formatTime } from '../../../cli/src/output/table';
import { plural } from '../../../runtime/src/node/run-report';
import type { SessionStatus } from '../../../runtime/src/session-types';
import { cleanupCountdown } from './cleanup-countdown';
import type { FolderData, SessionData } from './folder-data';
import type { NodeIcon, ViewNode } from './view-node';

export const STATUS_ICONS: Record<SessionStatus, NodeIcon> = {
  queued: { id: 'clock' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
  interrupted: { id: 'debug-disconnect', color: 'problemsWarningIcon.foreground' },
  closed: { id: 'trash' },
  expired: { id: 'history' },
};

/** "2 pages · 40 records" (· "1 error"), then the cleanup countdown once finished, or the queue position. */
export function sessionDescription(s: SessionData, now: number): string {
  const { info } = s;
  if (info.status === 'queued') return s.position ? `queued #${s.position}` : 'queued';
  const p = info.progress;
  const parts = [plural(p.pages, 'page'), plural(p.records, 'record')];
  if (p.errors) parts.push(plural(p.errors, 'error'));
  if (info.recordsRemovedAt !== undefined && info.status !== 'running') parts.push('records removed after export');
  // Ended but still in this window's engine: its export and cleanup are being scheduled (no countdown yet).
  const cleanup = s.local && info.status !== 'running' ? 'finishing…' : cleanupCountdown(info, now);
  if (cleanup) parts.push(cleanup);
  return parts.join(' · ');
}

function sessionTooltip(s: SessionData, f: FolderData): string {
  const { info } = s;
  const inputs = Object.entries(info.inputs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const where = s.local ? 'in this window' : f.liveElsewhere && (info.status === 'running' || info.status === 'queued') ? 'in another process (the CLI)' : undefined;
  const lines = [
    `Session ${info.id}: ${info.status}${where ? ` ${where}` : ''}`,
    `agent ${info.agent}${info.run ? ` · run ${info.run}` : ''}${info.bot ? ` · bot ${info.bot}` : ''}`,
    `inputs: ${inputs || '–'}`,
    `progress: ${plural(info.progress.pages, 'page')}, ${plural(info.progress.records, 'record')}, ${plural(info.progress.errors, 'error')}`,
  ];
  if (info.progress.currentUrl) lines.push(`last page: ${info.progress.currentUrl}`);
  lines.push(`queued ${formatTime(info.queuedAt)} · started ${formatTime(info.startedAt)} · ended ${formatTime(info.endedAt)}`);
  if (info.cleanupAt !== undefined) lines.push(`cleanup at ${formatTime(info.cleanupAt)}`);
  if (info.error) lines.push(`error: ${info.error}`);
  return lines.join('\n');
}

export function sessionNode(f: FolderData, s: SessionData, now: number): ViewNode {
  const { info } = s;
  const active = info.status === 'queued' || info.status === 'running';
  return {
    id: `${f.uri}#session:${info.id}`,
    kind: 'session',
    folderUri: f.uri,
    sessionId: info.id,
    run: info.run,
    label: info.id,
    description: sessionDescription(s, now),
    tooltip: sessionTooltip(s, f),
    icon: STATUS_ICONS[info.status],
    // rpaSession.running.local: cancellable here; rpaSession.completed: open, export, close.
    contextValue: `rpaSession.${info.status}${active && s.local ? '.local' : ''}`,
  };
}

/** "1 running · 2 completed". */
function tallyText(sessions: readonly SessionData[]): string {
  const counts = new Map<string, number>();
  for (const s of sessions) counts.set(s.info.status, (counts.get(s.info.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(' · ');
}

/** One group per run (in the order of each run's first session), agent-only sessions last. */
export function sessionGroups(f: FolderData, now: number): ViewNode[] {
  const groups = new Map<string, SessionData[]>();
  for (const s of f.sessions) {
    const key = s.info.run ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : 0));
  return keys.map((run) => {
    const sessions = groups.get(run)!;
    return {
      id: `${f.uri}#sessions:${run}`,
      kind: 'session-group',
      folderUri: f.uri,
      run: run || undefined,
      label: run ? `Run ${run}` : 'Agents run alone',
      description: tallyText(sessions),
      icon: { id: run ? 'layers' : 'person' },
      contextValue: 'rpaSessionGroup',
      expanded: true,
      children: sessions.map((s) => sessionNode(f, s, now)),
    };
  });
}
