// The whole RPA Sessions view as plain nodes: per workspace folder the Bots, Runs and Sessions sections
// (the folder level is left out when only one folder is open), from what folder-data.ts read.
import { plural } from '../../../runtime/src/node/run-report';
import { botNode } from './bot-nodes';
import type { FolderData } from './folder-data';
import { runNode } from './run-nodes';
import { sessionGroups } from './session-nodes';
import type { ViewNode } from './view-node';

function message(f: FolderData, key: string, label: string, icon = 'info', tooltip?: string): ViewNode {
  return { id: `${f.uri}#message:${key}`, kind: 'message', folderUri: f.uri, label, tooltip: tooltip ?? label, icon: { id: icon } };
}

function section(f: FolderData, key: string, label: string, icon: string, description: string, children: ViewNode[], empty: ViewNode): ViewNode {
  return { id: `${f.uri}#${key}`, kind: 'section', folderUri: f.uri, label, description, icon: { id: icon }, expanded: true, children: children.length ? children : [empty] };
}

function sessionsDescription(f: FolderData): string {
  const active = f.sessions.filter((s) => s.info.status === 'queued' || s.info.status === 'running').length;
  const parts = [plural(f.sessions.length, 'session')];
  if (active) parts.push(`${active} active`);
  if (f.liveElsewhere) parts.push('recorded by another process');
  return parts.join(' · ');
}

/** The three sections of one folder, after a line per problem reading it. */
export function folderSections(f: FolderData, now: number): ViewNode[] {
  const problems = f.problems.map((p, i) => message(f, `problem${i}`, p, 'error'));
  return [
    ...problems,
    section(f, 'bots', 'Bots', 'server', plural(f.bots.length, 'bot'), f.bots.map((b) => botNode(f, b)), message(f, 'no-bots', 'No bots declared: add `bot NAME { mode: secure … }` to a .rpa file')),
    section(f, 'runs', 'Runs', 'run-all', plural(f.runs.length, 'run configuration'), f.runs.map((r) => runNode(f, r)), message(f, 'no-runs', 'No run configurations: add `run NAME { bot: …, agent: … }` to a .rpa file')),
    section(f, 'sessions', 'Sessions', 'list-tree', sessionsDescription(f), sessionGroups(f, now), message(f, 'no-sessions', 'No sessions yet: run a run configuration (▷ on a run above)')),
  ];
}

export function buildTree(folders: readonly FolderData[], now: number): ViewNode[] {
  if (folders.length === 1) return folderSections(folders[0], now);
  return folders.map((f) => ({
    id: `${f.uri}#folder`,
    kind: 'folder' as const,
    folderUri: f.uri,
    label: f.name,
    description: sessionsDescription(f),
    tooltip: f.dir,
    icon: { id: 'root-folder' },
    expanded: true,
    children: folderSections(f, now),
  }));
}
