// Typed readings of declarations: a bot's limits and defaults, an agent's session settings, a run's
// resolved settings. Shared by the checks, hover, inlay hints and the runtime.
import type * as A from './ast';

export type SessionMode = 'desktop' | 'secure';

// The lookups below run for every declaration a check reads, mostly before the JIT has optimized them:
// indexed loops there, since for…of allocates an iterator and a result per member in unoptimized code.

export function property(container: { members: A.Member[] } | undefined, key: string): A.Property | undefined {
  if (!container) return undefined;
  const members = container.members;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (m.kind === 'property' && m.key === key) return m;
  }
  return undefined;
}

export function block(container: { members: A.Member[] } | undefined, key: string): A.Block | undefined {
  if (!container) return undefined;
  const members = container.members;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (m.kind === 'block' && m.key === key) return m;
  }
  return undefined;
}

export function stepsOf(decl: { members: A.Member[] }): A.StepsBlock | undefined {
  return decl.members.find((m): m is A.StepsBlock => m.kind === 'steps');
}

export function exportOf(decl: { members: A.Member[] }): A.ExportEntry | undefined {
  return decl.members.find((m): m is A.ExportEntry => m.kind === 'export' && m.key === 'export');
}

export function sessionEntries(decl: { members: A.Member[] }): A.SessionEntry[] {
  return decl.members.filter((m): m is A.SessionEntry => m.kind === 'session' && m.key === 'session');
}

export function wordOf(p: A.Property | undefined): string | undefined {
  return p?.value.kind === 'word' ? p.value.value : undefined;
}

export function intOf(p: A.Property | undefined): number | undefined {
  return p?.value.kind === 'number' && Number.isInteger(p.value.value) ? p.value.value : undefined;
}

export function numberOf(p: A.Property | undefined): number | undefined {
  return p?.value.kind === 'number' ? p.value.value : undefined;
}

export function boolOf(p: A.Property | undefined): boolean | undefined {
  return p?.value.kind === 'boolean' ? p.value.value : undefined;
}

export function durationOf(p: A.Property | undefined): number | undefined {
  return p?.value.kind === 'duration' ? p.value.ms : undefined;
}

export function stringOf(p: A.Property | undefined): string | undefined {
  return p?.value.kind === 'string' ? p.value.value : undefined;
}

/** A list of strings (`allowHosts: ["a", "b"]`); undefined unless every item is a string. */
export function stringListOf(p: A.Property | undefined): string[] | undefined {
  const v = p?.value;
  if (v?.kind !== 'list' || !v.items.every((i) => i.kind === 'string')) return undefined;
  return v.items.map((i) => (i as A.StringValue).value);
}

export function modeOf(p: A.Property | undefined): SessionMode | undefined {
  const w = wordOf(p);
  return w === 'desktop' || w === 'secure' ? w : undefined;
}

export type LimitSource = 'configurator' | 'manager' | 'license';

export interface LimitBound {
  source: LimitSource;
  value: number;
  property: A.Property;
}

export interface EffectiveLimit {
  /** The smallest of the set bounds, or undefined when none is set. */
  limit: number | undefined;
  bounds: LimitBound[];
  /** The bound that decides the limit. */
  decidedBy?: LimitBound;
}

export const LIMIT_SOURCE_LABEL: Record<LimitSource, string> = {
  configurator: 'Bot Configurator (configurator.maxSecureSessions)',
  manager: 'RPA Manager (manager.maxSecureSessions)',
  license: 'licence (licensedSecureSessions)',
};

/** The effective secure-session limit: min(configurator, manager, licensed) over those that are set. */
export function effectiveLimit(bot: A.Declaration): EffectiveLimit {
  const bounds: LimitBound[] = [];
  const add = (source: LimitSource, p: A.Property | undefined) => {
    const v = intOf(p);
    if (p && v !== undefined && v >= 1) bounds.push({ source, value: v, property: p });
  };
  add('configurator', property(block(bot, 'configurator'), 'maxSecureSessions'));
  add('manager', property(block(bot, 'manager'), 'maxSecureSessions'));
  add('license', property(bot, 'licensedSecureSessions'));
  let decidedBy: LimitBound | undefined;
  for (const b of bounds) if (!decidedBy || b.value < decidedBy.value) decidedBy = b;
  return { limit: decidedBy?.value, bounds, decidedBy };
}

/** Describes an effective limit and each bound's source, for hover and inlay hints. */
export function describeLimit(l: EffectiveLimit): string {
  if (l.limit === undefined) return 'No secure-session limit is set (configurator, manager or licence).';
  const parts = l.bounds.map((b) => `${LIMIT_SOURCE_LABEL[b.source]}: ${b.value}${b === l.decidedBy ? ' ← decides' : ''}`);
  return `Effective secure-session limit: ${l.limit}\n\n` + parts.map((p) => `- ${p}`).join('\n');
}

export interface ResolvedRun {
  mode: SessionMode | undefined;
  /** Where the mode came from. */
  modeFrom: 'run' | 'bot' | 'none';
  /** Parallel sessions asked for, if known. */
  sessions: number | undefined;
  sessionsFrom: 'run' | 'configurator' | 'desktop-default' | 'none';
  login: A.Block | undefined;
  loginFrom: 'run' | 'configurator' | 'none';
}

/** A run's settings after applying the bot's default session settings (SPEC §1). */
export function resolveRun(run: A.Declaration, bot: A.Declaration | undefined): ResolvedRun {
  const runMode = modeOf(property(run, 'mode'));
  const botMode = bot ? modeOf(property(bot, 'mode')) : undefined;
  const mode = runMode ?? botMode;
  const modeFrom = runMode ? 'run' : botMode ? 'bot' : 'none';
  const configurator = bot ? block(bot, 'configurator') : undefined;
  let sessions = intOf(property(run, 'sessions'));
  let sessionsFrom: ResolvedRun['sessionsFrom'] = sessions !== undefined ? 'run' : 'none';
  if (sessions === undefined) {
    const fromConfigurator = intOf(property(configurator, 'maxSecureSessions'));
    if (mode === 'desktop') { sessions = 1; sessionsFrom = 'desktop-default'; }
    else if (fromConfigurator !== undefined) { sessions = fromConfigurator; sessionsFrom = 'configurator'; }
  }
  const runLogin = block(run, 'login');
  const defaultLogin = block(configurator, 'login');
  const login = runLogin ?? defaultLogin;
  const loginFrom = runLogin ? 'run' : defaultLogin ? 'configurator' : 'none';
  return { mode, modeFrom, sessions, sessionsFrom, login, loginFrom };
}

/** The names an agent declares in its `input` block. */
export function inputNames(agent: A.Declaration): Map<string, A.Property> {
  const out = new Map<string, A.Property>();
  const input = block(agent, 'input');
  if (input) for (const m of input.members) if (m.kind === 'property' && !out.has(m.key)) out.set(m.key, m);
  return out;
}

export type SessionSupport = 'single' | 'multiple';

/** An agent's Support Sessions setting; omitted, an agent supports a single session (Sequentum's default). */
export function sessionSupport(agent: A.Declaration): SessionSupport {
  return wordOf(property(agent, 'sessions')) === 'multiple' ? 'multiple' : 'single';
}

/** Every step of a block, nested ones included, in source order. */
export function allSteps(steps: readonly A.Step[]): A.Step[] {
  const out: A.Step[] = [];
  const walk = (list: readonly A.Step[]) => {
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      out.push(s);
      if (s.kind === 'paginate' || s.kind === 'visit') walk(s.body);
    }
  };
  walk(steps);
  return out;
}

/** The values a step holds itself (not those of nested steps), field expressions included. */
export function stepValues(step: A.Step): A.Value[] {
  switch (step.kind) {
    case 'open': return [step.url];
    case 'paginate': return [step.next, step.max];
    case 'visit': return step.max ? [step.selector, step.max] : [step.selector];
    case 'extract': return [...(step.each ? [step.each] : []), ...step.fields.map((f) => f.expr)];
    case 'fill': return [step.selector, step.value];
    case 'click':
    case 'submit': return [step.selector];
    case 'wait': return [step.duration];
    case 'log': return [step.message];
  }
}
