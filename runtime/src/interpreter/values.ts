// Reads step arguments from the AST at run time: strings with `{name}` placeholders filled from the
// session's inputs (`{session}` is the session ID), whole-number bounds, durations and scalar values.
import type { Step, Value } from '../../../language/src/ast';
import type { FieldValue } from '../session-types';
import type { SessionContext } from './host';
import { StepError } from './errors';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

function hasInput(session: SessionContext, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(session.inputs, name);
}

/**
 * Fills `{name}` placeholders: `{session}` is the session ID; any other name is an input. Values are
 * inserted as they are (no URL encoding), so `"{baseUrl}/catalogue"` works with a base URL input.
 */
export function substitute(text: string, session: SessionContext, step?: Step): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    if (name === 'session') return session.id;
    if (!hasInput(session, name)) {
      const known = Object.keys(session.inputs);
      throw new StepError(
        `'{${name}}' is not an input of this session (inputs: ${known.length ? known.join(', ') : 'none'}). ` +
          `Declare it in the agent's input block (input { ${name}: "…" }) or pass it with --input ${name}=…`,
        step,
      );
    }
    return String(session.inputs[name]);
  });
}

/** A string argument (selector, URL, message) with its placeholders filled. */
export function stringArg(value: Value, what: string, session: SessionContext, step: Step): string {
  if (value.kind !== 'string') throw new StepError(`${what} must be a string in double quotes, for example "li.next a".`, step);
  return substitute(value.value, session, step);
}

/** A `max N` bound: a whole number ≥ 1. */
export function maxArg(value: Value | undefined, step: Step): number | undefined {
  if (!value) return undefined;
  if (value.kind !== 'number' || !Number.isInteger(value.value) || value.value < 1) {
    throw new StepError(`'max' must be a whole number ≥ 1, for example 'max 50': it bounds how many pages or links the step opens.`, step);
  }
  return value.value;
}

/** A `wait` duration in milliseconds. */
export function durationArg(value: Value, step: Step): number {
  if (value.kind !== 'duration' || value.ms === undefined) {
    throw new StepError(`'wait' needs a duration such as 500ms, 2s or 1m.`, step);
  }
  return value.ms;
}

/** Whether a value reads the bot's password (`login.password`), which must never be stored or shown. */
export function isSecretValue(value: Value): boolean {
  return value.kind === 'member' && value.object === 'login' && value.member === 'password';
}

/**
 * A value that does not depend on the page: a literal, `input.NAME`, `session.id`, `login.user`,
 * `login.password`. Returns undefined for page expressions (calls), which fields.ts evaluates.
 */
export function contextValue(value: Value, session: SessionContext, step: Step): { value: FieldValue } | undefined {
  switch (value.kind) {
    case 'string': return { value: substitute(value.value, session, step) };
    case 'number': return { value: value.value };
    case 'boolean': return { value: value.value };
    case 'member': return { value: memberValue(value.object, value.member, session, step) };
    default: return undefined;
  }
}

function memberValue(object: string, member: string, session: SessionContext, step: Step): FieldValue {
  if (object === 'input') {
    if (!hasInput(session, member)) {
      throw new StepError(`'input.${member}' is not an input of this session. Declare it in the agent's input block or pass it with --input ${member}=…`, step);
    }
    return session.inputs[member];
  }
  if (object === 'session' && member === 'id') return session.id;
  if (object === 'login' && (member === 'user' || member === 'password')) {
    const v = session.login?.[member];
    if (v === undefined) {
      throw new StepError(
        `'login.${member}' is not set for this session. Give the run configuration a login block ` +
          `(login { user: "…", password: secret("ENV_NAME") }) or set the bot's default session settings in configurator { login { … } }.`,
        step,
      );
    }
    return v;
  }
  throw new StepError(`'${object}.${member}' is not a value the agent can read: use input.NAME, session.id, login.user or login.password.`, step);
}
