// The view's Bots section: each bot's mode, effective secure-session limit with the bound each source
// sets, console and bot-user state, and the runs deployed to it (each with Undeploy).
import { LIMIT_SOURCE_LABEL } from '../../../language/src/index';
import { CONSOLE_TEXT, USER_SESSION_TEXT } from '../../../cli/src/output/bot-report';
import { formatTime } from '../../../cli/src/output/table';
import { plural } from '../../../runtime/src/node/run-report';
import type { BotData, FolderData } from './folder-data';
import type { ViewNode } from './view-node';

/** "3", or why there is no number. */
function limitLabel(b: BotData): string {
  if (b.state.mode === 'desktop') return 'Sessions: 1';
  return b.limit === undefined ? 'Secure sessions: no limit set' : `Secure sessions: ${b.limit}`;
}

function limitNode(f: FolderData, b: BotData): ViewNode {
  const id = `${f.uri}#bot:${b.name}:limit`;
  const base = { folderUri: f.uri, bot: b.name, kind: 'bot-detail' as const, icon: { id: 'dashboard' } };
  if (b.state.mode === 'desktop') {
    return { ...base, id, label: limitLabel(b), description: 'desktop mode: one process at a time in the console session' };
  }
  if (!b.bounds.length) {
    return { ...base, id, label: limitLabel(b), description: 'set maxSecureSessions in configurator or manager', icon: { id: 'warning', color: 'problemsWarningIcon.foreground' } };
  }
  const decider = b.bounds.find((x) => x.decides);
  return {
    ...base,
    id,
    label: limitLabel(b),
    description: decider ? `decided by ${LIMIT_SOURCE_LABEL[decider.source]}` : undefined,
    tooltip: 'The effective secure-session limit is the smallest of the Bot Configurator\'s, the RPA Manager\'s and the licensed count.',
    children: b.bounds.map((x) => ({
      id: `${id}:${x.source}`,
      kind: 'limit-bound',
      folderUri: f.uri,
      bot: b.name,
      label: LIMIT_SOURCE_LABEL[x.source],
      description: `${x.value}${x.decides ? ' ← decides' : ''}`,
      icon: { id: x.decides ? 'arrow-right' : 'dash' },
    })),
  };
}

function deploymentNodes(f: FolderData, b: BotData): ViewNode {
  const id = `${f.uri}#bot:${b.name}:deployed`;
  const base = { folderUri: f.uri, bot: b.name, kind: 'bot-detail' as const, icon: { id: 'cloud' } };
  if (!b.state.deployments.length) return { ...base, id, label: 'Deployed: nothing', icon: { id: 'circle-outline' } };
  return {
    ...base,
    id,
    label: `Deployed runs: ${b.state.deployments.length}`,
    description: 'mode locked while deployed',
    expanded: true,
    children: b.state.deployments.map((d) => ({
      id: `${id}:${d.run}`,
      kind: 'deployment',
      folderUri: f.uri,
      bot: b.name,
      run: d.run,
      runUri: f.runs.find((r) => r.name === d.run)?.uri,
      label: d.run,
      description: `${d.mode} mode · since ${formatTime(d.deployedAt)}`,
      icon: { id: 'cloud-upload' },
      contextValue: 'rpaDeployment',
    })),
  };
}

function botDescription(b: BotData): string {
  const parts = [`${b.state.mode}`];
  if (b.state.mode === 'secure') parts.push(b.limit === undefined ? 'no limit' : `limit ${b.limit}`);
  parts.push(b.state.deployments.length ? `${plural(b.state.deployments.length, 'run')} deployed` : 'nothing deployed');
  if (!b.declared) parts.push('not declared any more');
  return parts.join(' · ');
}

export function botNode(f: FolderData, b: BotData): ViewNode {
  const id = `${f.uri}#bot:${b.name}`;
  const detail = (key: string, label: string, icon: string, description?: string): ViewNode => ({
    id: `${id}:${key}`,
    kind: 'bot-detail',
    folderUri: f.uri,
    bot: b.name,
    label,
    description,
    icon: { id: icon },
  });
  const consoleMatters = b.state.mode === 'desktop' ? undefined : 'matters in desktop mode only';
  return {
    id,
    kind: 'bot',
    folderUri: f.uri,
    bot: b.name,
    label: b.name,
    description: botDescription(b),
    tooltip: [`Bot ${b.name}${b.host ? ` on ${b.host}` : ''}`, botDescription(b)].join('\n'),
    icon: { id: b.state.mode === 'desktop' ? 'device-desktop' : 'shield' },
    contextValue: `rpaBot.${b.state.mode}`,
    children: [
      detail('mode', `Mode: ${b.state.mode}`, 'symbol-enum', b.state.deployments.length ? "can't switch while runs are deployed" : undefined),
      limitNode(f, b),
      detail('console', `Console: ${CONSOLE_TEXT[b.state.console]}`, 'terminal', consoleMatters),
      detail('user', `Bot user: ${USER_SESSION_TEXT[b.state.userSession]}`, 'account'),
      deploymentNodes(f, b),
    ],
  };
}
