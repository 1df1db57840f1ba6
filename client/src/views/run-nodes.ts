// The view's Runs section: each run configuration with its bot, agent, mode and parallel sessions,
// and whether it is deployed (its context offers Run, Deploy and Undeploy).
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FolderData, RunData } from './folder-data';
import type { ViewNode } from './view-node';

function runDescription(r: RunData): string {
  const parts = [r.bot ? `bot ${r.bot}` : 'no bot', r.agent ? `agent ${r.agent}` : 'no agent'];
  if (r.mode) parts.push(r.mode);
  if (r.sessions !== undefined) parts.push(`${r.sessions} in parallel`);
  if (r.deployedTo) parts.push('deployed');
  return parts.join(' · ');
}

export function runNode(f: FolderData, r: RunData): ViewNode {
  const file = r.uri.startsWith('file:') ? relative(f.dir, fileURLToPath(r.uri)) : r.uri;
  const ids = r.sessionIds.length ? `sessions ${r.sessionIds.join(', ')}` : 'sessions with generated IDs';
  return {
    id: `${f.uri}#run:${r.name}`,
    kind: 'run',
    folderUri: f.uri,
    run: r.name,
    runUri: r.uri,
    bot: r.bot,
    label: r.name,
    description: runDescription(r),
    tooltip: [`Run configuration ${r.name} (${file})`, runDescription(r), ids, r.deployedTo ? `Deployed to bot ${r.deployedTo}.` : 'Not deployed.'].join('\n'),
    icon: { id: r.deployedTo ? 'cloud' : 'play-circle' },
    contextValue: r.deployedTo ? 'rpaRun.deployed' : 'rpaRun',
  };
}
