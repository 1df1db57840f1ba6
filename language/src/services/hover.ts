// Hover contents (Markdown): every property explained in MuleSoft RPA / Sequentum terms from the
// schema, declarations with their doc comments, the effective secure-session limit with its bounds.
import type * as A from '../ast';
import { describeLimit, effectiveLimit, exportOf, inputNames, modeOf, property, resolveRun, wordOf } from '../model';
import { describeType, FIELD_FUNCTIONS, MEMBER_OBJECTS, STEP_DOCS, type MemberSpec } from '../schema';
import type { Workspace } from '../workspace';
import { linked, offsetAt, SESSION_PLACEHOLDER, valueText, type LineCharacter } from './context';
import { leafAt, symbolOfLeaf } from './locate';
import { blockSpecAt, memberKey, memberSpecAt, type Container, type Leaf } from './walk';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: A.Range;
}

const AS_TYPES: Record<string, string> = {
  number: 'Converts the text to a number (thousands separators and currency signs are dropped).',
  integer: 'Converts the text to a whole number.',
  boolean: 'Converts the text to `true` or `false`.',
  date: 'Converts the text to an ISO date.',
};

export function hover(ws: Workspace, uri: string, pos: LineCharacter): HoverResult | undefined {
  const file = ws.getFile(uri);
  const leaf = file && leafAt(file, offsetAt(file, pos));
  if (!leaf) return undefined;
  const contents = hoverText(ws, leaf);
  return contents ? { contents, range: leaf.range } : undefined;
}

function hoverText(ws: Workspace, leaf: Leaf): string | undefined {
  const { decl } = leaf;
  switch (leaf.kind) {
    case 'decl-keyword':
      return `**${decl.kind}** — ${blockSpecAt(decl.kind, [])?.doc ?? ''}`;
    case 'decl-name':
      return declarationHover(ws, decl);
    case 'key':
      return keyHover(ws, leaf.decl, leaf.member, leaf.parents);
    case 'export-format':
      return specHover('export', memberSpecAt('agent', [], 'export'));
    case 'literal':
      return literalHover(ws, leaf);
    case 'placeholder':
    case 'member-name': {
      if (leaf.kind === 'member-name' && leaf.value.object !== 'input') return memberObjectHover(leaf.value.object);
      if (leaf.kind === 'placeholder' && leaf.owner.kind === 'export-path' && leaf.name === SESSION_PLACEHOLDER)
        return "`{session}` — the session's ID, so every session exports to its own file.";
      const symbol = symbolOfLeaf(ws, leaf);
      return symbol?.kind === 'input' ? inputHover(symbol.name, symbol.agent) : undefined;
    }
    case 'member-object':
      return memberObjectHover(leaf.value.object);
    case 'callee':
      return calleeHover(leaf.value.callee);
    case 'step-keyword': {
      const step = STEP_DOCS[leaf.step.kind];
      return step && `\`${step.syntax}\`\n\n${step.doc}`;
    }
    case 'dataset':
      return `Dataset **${leaf.step.dataset}** — one table in the session store (and in a database export) with a \`session_id\` column; each session sees only its own rows.\n\nFields: ${leaf.step.fields.map((f) => `\`${f.name}\``).join(', ') || 'none yet'}.`;
    case 'field-name':
      return `Field **${leaf.field.name}** of dataset \`${leaf.step.dataset}\`${leaf.field.as ? `, converted to ${leaf.field.as.type}` : ''}.`;
    case 'as-type':
      return `\`as ${leaf.field.as?.type}\` — ${AS_TYPES[leaf.field.as?.type ?? ''] ?? `Unknown type: use ${Object.keys(AS_TYPES).join(', ')}.`}`;
  }
}

function specHover(key: string, spec: MemberSpec | undefined, extra?: string): string | undefined {
  if (!spec) return undefined;
  const type = spec.kind === 'property' ? ` — ${describeType(spec.type)}` : '';
  return `**${key}**${type}\n\n${spec.doc}${extra ? `\n\n${extra}` : ''}`;
}

function keyHover(ws: Workspace, decl: A.Declaration, member: A.Member, parents: Container[]): string | undefined {
  const key = memberKey(member);
  const parent = parents[parents.length - 1];
  if (member.kind === 'property' && parents.length === 1 && (parent.kind === 'session' || (parent.key === 'input' && decl.kind === 'agent'))) {
    const symbol = symbolOfLeaf(ws, { kind: 'key', decl, member, parents, range: member.keyRange });
    return symbol?.kind === 'input' ? inputHover(symbol.name, symbol.agent) : undefined;
  }
  if (member.kind === 'session') return specHover('session', memberSpecAt(decl.kind, parents, 'session'));
  return specHover(key, memberSpecAt(decl.kind, parents, key), limitNote(ws, decl, key, parents));
}

/** The effective limit, for the properties that bound or use it. */
function limitNote(ws: Workspace, decl: A.Declaration, key: string, parents: Container[]): string | undefined {
  if (decl.kind === 'bot' && (key === 'maxSecureSessions' || (key === 'licensedSecureSessions' && !parents.length)))
    return describeLimit(effectiveLimit(decl));
  if (decl.kind === 'run' && key === 'sessions' && !parents.length) return runSessionsNote(ws, decl);
  return undefined;
}

function runSessionsNote(ws: Workspace, run: A.Declaration): string {
  const bot = linked(ws, run, 'bot');
  if (!bot) return `The run's bot${wordOf(property(run, 'bot')) ? ` '${wordOf(property(run, 'bot'))}' is not declared` : ' is not set'}, so its limit is unknown.`;
  const resolved = resolveRun(run, bot);
  const asked = resolved.sessions === undefined ? 'no session count is set' : `${resolved.sessions} session(s) (${SESSIONS_FROM[resolved.sessionsFrom]})`;
  if (resolved.mode === 'desktop') return `This run asks for ${asked}. Bot **${bot.name}** runs in desktop mode: one process at a time, in the console session.`;
  return `This run asks for ${asked} on bot **${bot.name}**.\n\n${describeLimit(effectiveLimit(bot))}`;
}

const SESSIONS_FROM: Record<string, string> = {
  run: 'set by the run',
  configurator: "the bot's default from the Bot Configurator",
  'desktop-default': 'desktop mode runs one',
  none: 'not set',
};

function literalHover(ws: Workspace, leaf: Extract<Leaf, { kind: 'literal' }>): string | undefined {
  const symbol = symbolOfLeaf(ws, leaf);
  if (symbol && symbol.kind !== 'input') {
    const target = ws.resolve(symbol.kind, symbol.name);
    return target ? declarationHover(ws, target) : `No ${symbol.kind} named '${symbol.name}' is declared in the workspace.`;
  }
  if (leaf.owner.kind !== 'property') return undefined;
  const { property: p, parents } = leaf.owner;
  if (leaf.decl.kind === 'agent' && parents.length === 1 && parents[0].key === 'input') return inputHover(p.key, leaf.decl);
  return keyHover(ws, leaf.decl, p, parents);
}

function inputHover(name: string, agent: A.Declaration | undefined): string {
  if (!agent) return `Input **${name}** — the run names no declared agent, so this input is not known.`;
  const input = inputNames(agent).get(name);
  if (!input) return `Input **${name}** — agent \`${agent.name}\` does not declare it: add it to the agent's \`input\` block.`;
  return `Input **${name}** of agent \`${agent.name}\` — default ${'`'}${valueText(input.value)}${'`'}.\n\nEach session gets its own value: from a run's \`session "ID" { ${name}: … }\` entry or \`--input ${name}=…\` on the command line.`;
}

function memberObjectHover(object: string): string | undefined {
  const doc = MEMBER_OBJECTS[object];
  return doc && `\`${object}\` — ${doc.doc}`;
}

function calleeHover(callee: string): string | undefined {
  if (callee === 'secret') return '`secret("ENV_NAME")` — the password is read from the environment variable ENV_NAME when the session starts; it is never logged, stored, exported or shown in the debugger.';
  const fn = FIELD_FUNCTIONS[callee];
  return fn && `\`${callee}(${fn.params.join(', ')})\` — ${fn.doc}`;
}

/** A declaration's header, its doc comment and a summary of its session settings. */
export function declarationHover(ws: Workspace, decl: A.Declaration): string {
  const parts = ['```rpa\n' + `${decl.kind} ${decl.name}` + '\n```'];
  if (decl.doc) parts.push(decl.doc);
  if (decl.kind === 'bot') {
    const mode = modeOf(property(decl, 'mode'));
    parts.push(`Mode: ${mode ?? 'not set'}${mode === 'desktop' ? ' (one process at a time, in the console session)' : ''}`);
    parts.push(describeLimit(effectiveLimit(decl)));
    const deployed = ws.deploymentState?.deployments(decl.name) ?? [];
    parts.push(`Deployed: ${deployed.length ? deployed.map((d) => `${d.run} (${d.mode} mode)`).join(', ') : 'nothing'}`);
  } else if (decl.kind === 'agent') {
    const inputs = [...inputNames(decl).keys()];
    const exp = exportOf(decl);
    parts.push(
      [
        `Support Sessions: ${wordOf(property(decl, 'sessions')) ?? 'single'}`,
        `Inputs: ${inputs.length ? inputs.map((i) => `\`${i}\``).join(', ') : 'none'}`,
        `Export: ${exp ? `${exp.format} ${valueText(exp.path)}` : 'none'}`,
      ].join('  \n'),
    );
  } else {
    const bot = linked(ws, decl, 'bot');
    const resolved = resolveRun(decl, bot);
    parts.push(
      [
        `Bot: ${wordOf(property(decl, 'bot')) ?? 'not set'} · Agent: ${wordOf(property(decl, 'agent')) ?? 'not set'}`,
        `Mode: ${resolved.mode ?? 'unknown'}${resolved.modeFrom === 'bot' ? " (the bot's)" : ''}`,
        `Sessions: ${resolved.sessions ?? 'unknown'} (${SESSIONS_FROM[resolved.sessionsFrom]})`,
        `Login: ${resolved.loginFrom === 'run' ? 'set by the run' : resolved.loginFrom === 'configurator' ? "the bot's default (configurator.login)" : 'none'}`,
      ].join('  \n'),
    );
    if (bot && resolved.mode === 'secure') parts.push(describeLimit(effectiveLimit(bot)));
  }
  return parts.join('\n\n');
}
