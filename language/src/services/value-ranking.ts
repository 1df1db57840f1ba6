// Which enum values completion puts first: the ones that would raise no diagnostic where they go
// (a run's mode: its bot's; a bot's mode: the one it is deployed in; removeSession without export: afterTimeout).
import type * as A from '../ast';
import { exportOf, modeOf, property } from '../model';
import type { Workspace } from '../workspace';
import { linked } from './context';

/** The values of `key` (a property of the declaration itself) that fit best, best first; empty when all fit alike. */
export function preferredValues(ws: Workspace, decl: A.Declaration, key: string): string[] {
  if (decl.kind === 'run' && key === 'mode') {
    const bot = linked(ws, decl, 'bot');
    const mode = bot && modeOf(property(bot, 'mode'));
    return mode ? [mode] : [];
  }
  if (decl.kind === 'bot' && key === 'mode') {
    const deployed = decl.name ? ws.deploymentState?.deployments(decl.name) ?? [] : [];
    return [...new Set(deployed.map((d) => d.mode))];
  }
  if (decl.kind === 'agent' && key === 'removeSession' && !exportOf(decl)) return ['afterTimeout'];
  return [];
}
