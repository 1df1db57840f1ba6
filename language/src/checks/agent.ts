// Agent checks (Sequentum agent sessions): session timeout, Remove Session, Cleanup External Session
// Data, and unknown-input for `{placeholder}`s and `input.NAME` in steps and the export path.
import type * as A from '../ast';
import type { Accept, Fix } from '../diagnostics';
import { allSteps, boolOf, exportOf, inputNames, property, stepValues, stepsOf, wordOf } from '../model';
import { exportPlaceholder } from '../export-paths';
import { closest } from '../suggest';
import type { CheckContext } from './check';
import { addToBlock, fix, insertAfter, replace } from './edits';

export function checkAgents({ file, accept }: CheckContext): void {
  for (const agent of file.ast.declarations) {
    if (agent.kind !== 'agent' || !agent.name) continue;
    checkSessionTimeout(agent, file.uri, file.text, accept);
    checkRemoveSession(agent, file.uri, accept);
    checkCleanupExternal(agent, file.uri, accept);
    checkInputUses(agent, file.text, accept);
  }
}

function checkSessionTimeout(agent: A.Declaration, uri: string, text: string, accept: Accept): void {
  const sessions = property(agent, 'sessions');
  if (!sessions || wordOf(sessions) !== 'multiple' || property(agent, 'sessionTimeout')) return;
  accept({
    code: 'missing-session-timeout',
    range: sessions.value.range,
    message:
      `Agent '${agent.name}' supports multiple sessions but has no 'sessionTimeout': a session's data is cleaned up ` +
      `automatically only once the session has completed and its session timeout has passed, so without one the data ` +
      `of every session stays until someone calls CloseSession. Add for example 'sessionTimeout: 30m'.`,
    fixes: fix("Add 'sessionTimeout: 30m'", insertAfter(uri, text, sessions, 'sessionTimeout: 30m')),
  });
}

function checkRemoveSession(agent: A.Declaration, uri: string, accept: Accept): void {
  const remove = property(agent, 'removeSession');
  if (!remove || wordOf(remove) !== 'immediately' || exportOf(agent)) return;
  accept({
    code: 'remove-immediately-without-export',
    range: remove.value.range,
    message:
      `Agent '${agent.name}' uses 'removeSession: immediately' but has no export: Remove Session = Immediately deletes ` +
      `a session's internal data right after it has been exported externally, and without an export the extracted ` +
      `data would be lost. Add an export (e.g. 'export json "out/{session}.json"') or use 'removeSession: afterTimeout'.`,
    fixes: fix("Change to 'afterTimeout'", replace(uri, remove.value.range, 'afterTimeout')),
  });
}

function checkCleanupExternal(agent: A.Declaration, uri: string, accept: Accept): void {
  const cleanup = property(agent, 'cleanupExternalSessionData');
  const exp = exportOf(agent);
  if (!cleanup || boolOf(cleanup) !== true || !exp || !['csv', 'json', 'script'].includes(exp.format)) return;
  accept({
    code: 'cleanup-external-not-database',
    range: cleanup.value.range,
    message:
      `'cleanupExternalSessionData: true' has no effect with a ${exp.format} export: Cleanup External Session Data ` +
      `only deletes a session's rows from an external database; ${exp.format === 'script' ? 'what an export script writes' : 'exported files'} ` +
      `are never cleaned up, that is your responsibility. Export to a database, or set it to false to make that explicit.`,
    related: [{ uri, range: exp.formatRange, message: `the export is ${exp.format}` }],
    fixes: fix('Set to false', replace(uri, cleanup.value.range, 'false')),
  });
}

/** One use of an input name that the agent may not declare. */
export interface InputUse {
  name: string;
  /** Range of the name itself (inside a placeholder, after `input.`, or a session entry key). */
  range: A.Range;
  uri: string;
  /** How the use is written, for the message: `'{category}'`, `'input.category'`, … */
  written: string;
  /** Default value text for the quick fix that declares the input. */
  defaultText: string;
}

/** Reports one unknown-input use, with did-you-mean and "declare it in the agent's input block" fixes. */
export function reportUnknownInput(agent: A.Declaration, agentText: string, use: InputUse, accept: Accept): void {
  const declared = [...inputNames(agent).keys()];
  const guess = closest(use.name, declared);
  const fixes: Fix[] = [];
  if (guess) fixes.push({ title: `Change to '${guess}'`, edits: [replace(use.uri, use.range, guess)], preferred: true });
  const declare = addToBlock(agent.uri, agentText, agent, 'input', `${use.name}: ${use.defaultText}`);
  if (declare) fixes.push({ title: `Declare input '${use.name}' in agent '${agent.name}'`, edits: [declare], preferred: !guess });
  const known = declared.length ? `It declares: ${declared.join(', ')}.` : 'It declares no inputs.';
  accept({
    code: 'unknown-input',
    uri: use.uri,
    range: use.range,
    message:
      `${use.written} uses the input '${use.name}', which agent '${agent.name}' does not declare: each session gets only ` +
      `the inputs declared in the agent's 'input' block (with their defaults). ${known}` +
      `${guess ? ` Did you mean '${guess}'?` : ''} Otherwise declare it: 'input { ${use.name}: ${use.defaultText} }'.`,
    fixes: fixes.length ? fixes : undefined,
  });
}

function checkInputUses(agent: A.Declaration, text: string, accept: Accept): void {
  const declared = inputNames(agent);
  const report = (name: string, range: A.Range, written: string, allowed?: Set<string>) => {
    if (!declared.has(name) && !allowed?.has(name))
      reportUnknownInput(agent, text, { name, range, uri: agent.uri, written, defaultText: '""' }, accept);
  };
  // Indexed loops: this runs for every step value, mostly before the JIT has optimized it (see model.ts).
  const visit = (v: A.Value) => {
    if (v.kind === 'string') {
      for (let i = 0; i < v.placeholders.length; i++) {
        const p = v.placeholders[i];
        report(p.name, p.range, `The placeholder '{${p.name}}'`);
      }
    } else if (v.kind === 'member' && v.object === 'input' && v.member) report(v.member, v.memberRange, `'input.${v.member}'`);
    else if (v.kind === 'call' || v.kind === 'list') {
      const items = v.kind === 'call' ? v.args : v.items;
      for (let i = 0; i < items.length; i++) visit(items[i]);
    }
  };
  const steps = stepsOf(agent);
  if (steps) {
    const all = allSteps(steps.steps);
    for (let i = 0; i < all.length; i++) {
      const values = stepValues(all[i]);
      for (let j = 0; j < values.length; j++) visit(values[j]);
    }
  }
  const exp = exportOf(agent);
  if (exp?.path.kind === 'string') checkExportPlaceholders(agent, exp, exp.path, text, accept);
}

/** `{session}`, `{dataset}` (csv and json) and the agent's inputs, as the runtime fills them in (export-paths.ts). */
function checkExportPlaceholders(agent: A.Declaration, exp: A.ExportEntry, path: A.StringValue, text: string, accept: Accept): void {
  const declared = inputNames(agent);
  for (const p of path.placeholders) {
    const use = exportPlaceholder(p.name, exp.format, declared);
    if (use.kind === 'unknown') {
      reportUnknownInput(agent, text, { name: p.name, range: p.range, uri: agent.uri, written: `The export path placeholder '{${p.name}}' (an export path may use {session}, {dataset} for csv and json, and the agent's inputs)`, defaultText: '""' }, accept);
    } else if (use.kind === 'not-here') {
      const braces = { start: { ...p.range.start, character: p.range.start.character - 1, offset: p.range.start.offset - 1 }, end: { ...p.range.end, character: p.range.end.character + 1, offset: p.range.end.offset + 1 } };
      accept({ code: 'invalid-value', range: braces, message: use.reason, fixes: fix(`Remove '{${p.name}}'`, replace(agent.uri, braces, '')) });
    }
  }
}
