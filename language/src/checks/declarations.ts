// Linked checks on names across the workspace: duplicate-declaration (two bots, agents or runs with
// one name, in any files) and unresolved-reference (a run's `bot:` or `agent:` that names nothing).
import type * as A from '../ast';
import { property } from '../model';
import { comparePositions } from '../ranges';
import { closest } from '../suggest';
import type { CheckContext } from './check';
import { fix, replace } from './edits';
import { relativeUri } from '../relative-uri';

const KIND_WORDS: Record<A.DeclarationKind, string> = {
  bot: 'bot',
  agent: 'agent',
  run: 'run configuration',
};

const WHY_UNIQUE: Record<A.DeclarationKind, string> = {
  bot: 'run configurations are deployed to a bot by its name, as in the RPA Manager',
  agent: 'run configurations and the Agent API start an agent by its name',
  run: 'a run configuration is deployed and started by its name',
};

/** Declaration order across the workspace that does not depend on the order files were opened in. */
export function byLocation(a: { uri: string; range: A.Range }, b: { uri: string; range: A.Range }): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : comparePositions(a.range.start, b.range.start);
}

export function checkDeclarations(ctx: CheckContext): void {
  for (const decl of ctx.file.ast.declarations) {
    if (!decl.name) continue;
    checkDuplicate(ctx, decl);
    if (decl.kind === 'run') {
      checkReference(ctx, decl, 'bot');
      checkReference(ctx, decl, 'agent');
    }
  }
}

function checkDuplicate({ ws, accept }: CheckContext, decl: A.Declaration): void {
  const named = ws.declarationsNamed(decl.kind, decl.name);
  if (named.length < 2) return;
  const first = [...named].sort(byLocation)[0];
  if (first === decl) return;
  const what = KIND_WORDS[decl.kind];
  const article = /^[aeiou]/.test(what) ? 'an' : 'a';
  const at = `${first.nameRange.start.line + 1}:${first.nameRange.start.character + 1}`;
  const elsewhere = first.uri === decl.uri ? `earlier in this file (line ${first.nameRange.start.line + 1})` : `in ${relativeUri(decl.uri, first.uri)}:${at}`;
  accept({
    code: 'duplicate-declaration',
    range: decl.nameRange,
    message:
      `There is already ${article} ${what} named '${decl.name}' ${elsewhere}: names are global across the workspace and ` +
      `${WHY_UNIQUE[decl.kind]}, so it would be ambiguous. Rename one of them or delete the copy.`,
    related: [{ uri: first.uri, range: first.nameRange, message: `'${decl.name}' is first declared here` }],
    fixes: fix(`Rename this ${what} to '${freeName(ws, decl)}'`, replace(decl.uri, decl.nameRange, freeName(ws, decl))),
  });
}

/** The first of NAME2, NAME3, … that no declaration of the same kind uses. */
function freeName(ws: CheckContext['ws'], decl: A.Declaration): string {
  let n = 2;
  while (ws.declarationsNamed(decl.kind, `${decl.name}${n}`).length) n++;
  return `${decl.name}${n}`;
}

function checkReference({ ws, file, accept }: CheckContext, run: A.Declaration, target: 'bot' | 'agent'): void {
  const p = property(run, target);
  if (!p || p.value.kind !== 'word') return; // missing or mistyped: reported by the schema checks
  const name = p.value.value;
  if (ws.resolve(target, name)) return;
  const known = [...ws.symbols().declarations[target].keys()];
  const guess = closest(name, known);
  const why = target === 'bot'
    ? 'a run configuration can only be deployed to a bot that exists (MuleSoft RPA Manager)'
    : 'a run configuration must name the agent its sessions run';
  const how = guess
    ? `Did you mean '${guess}'?`
    : known.length
      ? `Known ${target}s: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}.`
      : `Declare it with '${target} ${name} { … }' in any .rpa file of the workspace.`;
  accept({
    code: 'unresolved-reference',
    range: p.value.range,
    message: `No ${target} named '${name}' is declared in the workspace: ${why}. ${how}`,
    fixes: guess ? fix(`Change to '${guess}'`, replace(file.uri, p.value.range, guess)) : undefined,
  });
}
