// What the editor shows beside a run: inlay hints with the effective secure-session limit (next to
// `sessions`, or next to the run's name when it takes its sessions from the bot) and Run|Debug|Deploy lenses.
import type * as A from '../ast';
import { describeLimit, effectiveLimit, property, resolveRun, wordOf, type LimitSource } from '../model';
import type { Workspace } from '../workspace';
import { linked } from './context';

export interface InlayHintData {
  position: A.Position;
  label: string;
  /** Markdown. */
  tooltip: string;
}

export interface CodeLensData {
  range: A.Range;
  title: string;
  command: string;
  /** The file URI and the run's name. */
  arguments: [string, string];
}

/** Command ids the lenses invoke (registered by the extension with the runtime). */
export const RUN_COMMANDS = [
  { title: 'Run', command: 'rpa.run' },
  { title: 'Debug', command: 'rpa.debug' },
  { title: 'Deploy', command: 'rpa.deploy' },
] as const;
/** In place of Deploy on a run that is deployed to its bot. */
const UNDEPLOY_COMMAND = { title: 'Undeploy', command: 'rpa.undeploy' } as const;

/** Whether the deployment state says `run` is deployed to the bot it names. */
function isDeployed(ws: Workspace, run: A.Declaration): boolean {
  const bot = wordOf(property(run, 'bot'));
  return !!bot && !!ws.deploymentState?.deployments(bot).some((d) => d.run === run.name);
}

const SHORT_SOURCE: Record<LimitSource, string> = { configurator: 'Bot Configurator', manager: 'RPA Manager', license: 'licence' };

/** Hints for the runs whose lines fall in [fromLine, toLine]. */
export function inlayHints(ws: Workspace, uri: string, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): InlayHintData[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const out: InlayHintData[] = [];
  for (const run of file.ast.declarations) {
    if (run.kind !== 'run' || !run.name || run.range.end.line < fromLine || run.range.start.line > toLine) continue;
    const hint = runHint(ws, run);
    if (hint) out.push(hint);
  }
  return out;
}

function runHint(ws: Workspace, run: A.Declaration): InlayHintData | undefined {
  const bot = linked(ws, run, 'bot');
  if (!bot) return undefined;
  const resolved = resolveRun(run, bot);
  const limit = effectiveLimit(bot);
  const bound =
    resolved.mode === 'desktop'
      ? 'desktop: one at a time'
      : limit.limit === undefined || !limit.decidedBy
        ? 'no limit set'
        : `limit ${limit.limit} (${SHORT_SOURCE[limit.decidedBy.source]})`;
  const tooltip = resolved.mode === 'desktop'
    ? `Bot **${bot.name}** runs in desktop mode: one process at a time, in the console session.`
    : `Bot **${bot.name}**\n\n${describeLimit(limit)}`;
  const sessions = property(run, 'sessions');
  if (sessions && sessions.value.kind !== 'missing') return { position: sessions.value.range.end, label: bound, tooltip };
  const taken =
    resolved.sessionsFrom === 'configurator'
      ? `sessions: ${resolved.sessions} from Bot Configurator`
      : resolved.sessionsFrom === 'desktop-default'
        ? 'sessions: 1'
        : 'sessions: not set';
  return { position: run.nameRange.end, label: `${taken} · ${bound}`, tooltip };
}

export function codeLenses(ws: Workspace, uri: string): CodeLensData[] {
  const file = ws.getFile(uri);
  if (!file) return [];
  const out: CodeLensData[] = [];
  for (const run of file.ast.declarations) {
    if (run.kind !== 'run' || !run.name) continue;
    const range = { start: run.keywordRange.start, end: run.nameRange.end };
    const deployed = isDeployed(ws, run);
    for (const c of RUN_COMMANDS) {
      const lens = c.command === 'rpa.deploy' && deployed ? UNDEPLOY_COMMAND : c;
      out.push({ range, title: lens.title, command: lens.command, arguments: [uri, run.name] });
    }
  }
  return out;
}
