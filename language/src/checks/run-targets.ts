// missing-property for a run's `bot` and `agent` (linked: the fixes offer the declared names that fit
// the run), one fix per candidate when there are few, otherwise one snippet with a choice.
import type * as A from '../ast';
import type { Fix, TextEdit } from '../diagnostics';
import { effectiveLimit, inputNames, modeOf, property, resolveRun, sessionEntries, sessionSupport } from '../model';
import type { Workspace } from '../workspace';
import type { CheckContext } from './check';
import { insertAfter, insertFirst, withSnippet } from './edits';

type Target = 'bot' | 'agent';

/** Up to this many candidates get a fix each; more share one fix with a choice. */
const FIX_PER_CANDIDATE = 3;

export function checkRunTargets({ ws, file, accept }: CheckContext): void {
  for (const run of file.ast.declarations) {
    if (run.kind !== 'run' || !run.name) continue;
    for (const target of ['bot', 'agent'] as const) {
      if (run.members.some((m) => m.kind !== 'steps' && m.key === target)) continue;
      accept({
        code: 'missing-property',
        range: run.nameRange,
        message: `run '${run.name}' has no '${target}': a run configuration must name the ${target} it uses. Add '${target}: NAME'.`,
        fixes: targetFixes(ws, file.uri, file.text, run, target),
      });
    }
  }
}

function targetFixes(ws: Workspace, uri: string, text: string, run: A.Declaration, target: Target): Fix[] | undefined {
  const names = candidates(ws, run, target);
  if (!names.length) return undefined;
  const entry = (name: string) => `${target}: ${name}`;
  const anchor = target === 'agent' ? property(run, 'bot') : undefined;
  const edit = (name: string): TextEdit | undefined => (anchor ? insertAfter(uri, text, anchor, entry(name)) : insertFirst(uri, text, run, [entry(name)]));
  if (names.length <= FIX_PER_CANDIDATE) {
    return names.flatMap((name) => {
      const e = edit(name);
      return e ? [{ title: `Add '${entry(name)}'`, edits: [e], preferred: names.length === 1 }] : [];
    });
  }
  const first = edit(names[0]);
  if (!first) return undefined;
  const choice = withSnippet(first, entry(names[0]), `${target}: \${1|${names.join(',')}|}`);
  return [{ title: `Add '${target}' (one of ${names.length} ${target}s)`, edits: [choice], preferred: true }];
}

/** The uniquely named declarations of `target` the run could name without raising another problem, by name. */
function candidates(ws: Workspace, run: A.Declaration, target: Target): string[] {
  const fits = target === 'bot' ? (d: A.Declaration) => botFits(ws, run, d) : (d: A.Declaration) => agentFits(ws, run, d);
  const names = ws.allDeclarations(target).filter((d) => d.name && ws.declarationsNamed(target, d.name).length === 1 && fits(d)).map((d) => d.name);
  return [...new Set(names)].sort();
}

function botFits(ws: Workspace, run: A.Declaration, bot: A.Declaration): boolean {
  const runMode = modeOf(property(run, 'mode'));
  const settings = resolveRun(run, bot);
  if (!settings.mode || (runMode && runMode !== modeOf(property(bot, 'mode')))) return false;
  if (settings.loginFrom === 'none' || settings.sessions === undefined) return false;
  if (settings.mode === 'desktop' ? settings.sessions > 1 : settings.sessions > (effectiveLimit(bot).limit ?? 0)) return false;
  const agentRef = property(run, 'agent');
  const agent = agentRef?.value.kind === 'word' ? ws.resolve('agent', agentRef.value.value) : undefined;
  return !agent || sessionSupport(agent) === 'multiple' || settings.sessions <= 1;
}

function agentFits(ws: Workspace, run: A.Declaration, agent: A.Declaration): boolean {
  const entries = sessionEntries(run);
  const botRef = property(run, 'bot');
  const bot = botRef?.value.kind === 'word' ? ws.resolve('bot', botRef.value.value) : undefined;
  const sessions = resolveRun(run, bot).sessions;
  if (sessionSupport(agent) === 'single' && (entries.length || (sessions ?? 1) > 1)) return false;
  const inputs = inputNames(agent);
  return entries.every((e) => e.members.every((m) => m.kind !== 'property' || inputs.has(m.key)));
}
