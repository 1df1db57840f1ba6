// Resolves what to run: a run configuration's sessions (IDs, inputs = agent defaults ← session entry
// ← explicit inputs, login, timeout) and the scheduler slots each needs (bot limit, run, agent).
import type { Declaration, Member, Value } from '../../../language/src/ast';
import type { SessionMode } from '../../../language/src/model';
import { durationOf, effectiveLimit, inputNames, property, sessionEntries, sessionSupport, stepsOf, stringListOf } from '../../../language/src/model';
import { didYouMean } from '../../../language/src/suggest';
import type { BotState } from '../../../language/src/bot-state/bot-state';
import type { RunTarget } from '../bots/bot-rules';
import type { InputValue, Inputs } from '../session-types';
import { RpaUserError } from '../user-error';
import type { Slot } from './scheduler';
import { loginSpecOf } from './login-spec';
import { shownFile } from './shown-file';
import type { DebugOptions } from '../debug/debug-types';
import type { LoginSpec, SessionJob } from './session-runner';

export interface SessionPlan {
  id: string;
  agent: Declaration;
  run?: Declaration;
  bot?: Declaration;
  mode?: SessionMode;
  inputs: Inputs;
  login?: LoginSpec;
  timeoutMs?: number;
  slots: Slot[];
}

function inputValue(v: Value): InputValue | undefined {
  switch (v.kind) {
    case 'string': return v.value;
    case 'number': return v.value;
    case 'boolean': return v.value;
    case 'duration': return v.text;
    case 'word': return v.value;
    default: return undefined;
  }
}

/** The value an explicit input takes: text from a command line becomes a number or boolean when the default is one. */
function coerce(given: InputValue, like: InputValue | undefined): InputValue {
  if (typeof given !== 'string') return given;
  if (typeof like === 'number' && given.trim() !== '' && Number.isFinite(Number(given))) return Number(given);
  if (typeof like === 'boolean' && (given === 'true' || given === 'false')) return given === 'true';
  return given;
}

function unknownInput(agent: Declaration, name: string, where: string): RpaUserError {
  const declared = [...inputNames(agent).keys()];
  return new RpaUserError(
    'unknown-input',
    `${where} sets input "${name}", which agent ${agent.name} does not declare.${didYouMean(name, declared)} ` +
      (declared.length ? `Its inputs are: ${declared.join(', ')}.` : 'It declares no inputs.') +
      ` Fix: declare it in the agent's \`input { … }\` block or remove it.`,
  );
}

/** Agent defaults, overridden by a session entry's values, then by explicit inputs. */
export function resolveInputs(agent: Declaration, entry: { members: Member[]; label: string } | undefined, explicit: Inputs | undefined): Inputs {
  const declared = inputNames(agent);
  const out: Inputs = {};
  for (const [name, p] of declared) {
    const v = inputValue(p.value);
    if (v !== undefined) out[name] = v;
  }
  for (const m of entry?.members ?? []) {
    if (m.kind !== 'property') continue;
    if (!declared.has(m.key)) throw unknownInput(agent, m.key, entry!.label);
    const v = inputValue(m.value);
    if (v !== undefined) out[m.key] = v;
  }
  for (const [name, v] of Object.entries(explicit ?? {})) {
    if (!declared.has(name)) throw unknownInput(agent, name, 'The start request');
    out[name] = coerce(v, out[name]);
  }
  return out;
}


function stepsOrError(agent: Declaration): void {
  if (!stepsOf(agent)) throw new RpaUserError('unknown-declaration', `Agent "${agent.name}" has no \`steps { … }\` block, so it has nothing to run. Fix: add its steps.`);
}

function agentSlot(agent: Declaration): Slot[] {
  return sessionSupport(agent) === 'single' ? [{ key: `agent:${agent.name}`, limit: 1 }] : [];
}

/** How many of the bot's sessions may run at once: one on a desktop bot, else its effective limit. */
export function botParallelLimit(bot: Declaration, state: BotState): number {
  if (state.mode === 'desktop') return 1;
  const { limit } = effectiveLimit(bot);
  if (limit === undefined) {
    throw new RpaUserError(
      'no-session-limit',
      `Bot "${bot.name}" is in secure mode but sets no limit on parallel secure sessions. Set \`maxSecureSessions\` in its ` +
        `\`configurator\` or \`manager\` block (or \`licensedSecureSessions\`); the effective limit is the smallest of them.`,
    );
  }
  return limit;
}

/** One planned session of a run configuration (checked by the bot rules before it gets here). */
function runSession(target: RunTarget, state: BotState, id: string, entry: Member[] | undefined, inputs: Inputs | undefined): SessionPlan {
  const { run, bot, agent, resolved } = target;
  const botLimit = botParallelLimit(bot, state);
  return {
    id,
    agent,
    run,
    bot,
    mode: state.mode,
    inputs: resolveInputs(agent, entry && { members: entry, label: `Session "${id}" of run ${run.name}` }, inputs),
    login: loginSpecOf(resolved.login),
    timeoutMs: durationOf(property(run, 'timeout')),
    slots: [
      { key: `bot:${bot.name}`, limit: botLimit },
      { key: `run:${run.name}`, limit: Math.min(resolved.sessions ?? botLimit, botLimit) },
      ...agentSlot(agent),
    ],
  };
}

/** Every session of a run configuration: its session entries, or `sessions` generated IDs. */
export function planRun(target: RunTarget, state: BotState, inputs: Inputs | undefined, newId: () => string): SessionPlan[] {
  const { run, agent, resolved } = target;
  stepsOrError(agent);
  const entries = sessionEntries(run);
  const count = entries.length || resolved.sessions;
  if (!count) {
    throw new RpaUserError(
      'no-sessions',
      `Run configuration "${run.name}" names no sessions and sets no \`sessions\` count, and bot ${target.bot.name}'s configurator ` +
        `gives no default (maxSecureSessions). Fix: add \`sessions: N\` or \`session "id" { … }\` entries to run ${run.name}.`,
    );
  }
  if (sessionSupport(agent) === 'single' && count > 1) {
    throw new RpaUserError(
      'multiple-sessions-not-supported',
      `Run configuration "${run.name}" asks for ${count} sessions, but agent ${agent.name} supports a single session (Support Sessions = single). ` +
        `Fix: set \`sessions: multiple\` in agent ${agent.name}, or run one session.`,
    );
  }
  if (entries.length) return entries.map((e) => runSession(target, state, e.id.value, e.members, inputs));
  return Array.from({ length: count }, () => runSession(target, state, newId(), undefined, inputs));
}

/** One session of a run configuration: its entry's inputs when the ID names one. */
export function planRunSession(target: RunTarget, state: BotState, id: string, inputs: Inputs | undefined): SessionPlan {
  stepsOrError(target.agent);
  const entry = sessionEntries(target.run).find((e) => e.id.value === id);
  return runSession(target, state, id, entry?.members, inputs);
}

/** A session of an agent alone (the Agent API without a run): no bot, `localLimit` in parallel. */
export function planAgentSession(agent: Declaration, id: string, inputs: Inputs | undefined, localLimit: number): SessionPlan {
  stepsOrError(agent);
  return {
    id,
    agent,
    inputs: resolveInputs(agent, undefined, inputs),
    slots: [{ key: 'local', limit: localLimit }, ...agentSlot(agent)],
  };
}

/** The job a worker runs; `baseDir` names the agent's file in step errors (agents/books.rpa:15). */
export function jobOf(plan: SessionPlan, baseDir: string, debug?: DebugOptions): SessionJob {
  return {
    id: plan.id,
    agent: plan.agent.name,
    source: shownFile(plan.agent.uri, baseDir),
    steps: stepsOf(plan.agent)?.steps ?? [],
    inputs: plan.inputs,
    login: plan.login,
    allowHosts: stringListOf(property(plan.agent, 'allowHosts')),
    debug,
  };
}
