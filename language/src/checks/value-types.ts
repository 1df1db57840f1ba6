// Validates one value against the type the schema expects, returning what is wrong and, where the
// fix is mechanical, the replacement text. Used for properties, inputs and step arguments.
import type { Value } from '../ast';
import { formatDuration } from '../literals';
import { parseHostPattern } from '../host-patterns';
import { describeType, type ValueType } from '../schema';
import { closest } from '../suggest';

export interface ValueProblemReport {
  message: string;
  /** Replacement text for the whole value, when the fix is mechanical. */
  replacement?: string;
}

function describeValue(v: Value): string {
  switch (v.kind) {
    case 'string': return `the string ${JSON.stringify(v.value)}`;
    case 'number': return `the number ${v.text}`;
    case 'duration': return `'${v.text}'`;
    case 'boolean': return `'${v.value}'`;
    case 'word': return `'${v.value}'`;
    case 'member': return `'${v.object}.${v.member}'`;
    case 'call': return `'${v.callee}(…)'`;
    case 'list': return 'a list';
    case 'missing': return 'nothing';
  }
}

/** "WHAT must be TYPE": built only for a problem (most values have none). */
function expectedOf(what: string, type: ValueType): string {
  return `${what} must be ${describeType(type)}`;
}

export function checkValueType(v: Value, type: ValueType, what: string): ValueProblemReport | undefined {
  if (v.kind === 'missing') return undefined; // the parser already reported it
  switch (type.kind) {
    case 'string':
      if (v.kind === 'string') return undefined;
      if (v.kind === 'word' || v.kind === 'number' || v.kind === 'duration') {
        const text = v.kind === 'word' ? v.value : v.text;
        return { message: `${expectedOf(what, type)}, not ${describeValue(v)}: put it in quotes.`, replacement: JSON.stringify(text) };
      }
      return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
    case 'integer':
    case 'number': {
      if (v.kind === 'string' && /^-?\d+(\.\d+)?$/.test(v.value))
        return { message: `${expectedOf(what, type)}, not ${describeValue(v)}: remove the quotes.`, replacement: v.value };
      if (v.kind !== 'number') return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
      if (type.kind === 'integer' && !Number.isInteger(v.value)) return { message: `${expectedOf(what, type)}, not ${v.text}.`, replacement: String(Math.round(v.value)) };
      if (type.kind === 'integer' && type.min !== undefined && v.value < type.min)
        return { message: `${expectedOf(what, type)}, not ${v.text}.`, replacement: String(type.min) };
      if (type.kind === 'integer' && type.max !== undefined && v.value > type.max)
        return { message: `${expectedOf(what, type)} and at most ${type.max}, not ${v.text}.`, replacement: String(type.max) };
      if (type.kind === 'number' && type.exclusiveMin !== undefined && v.value <= type.exclusiveMin)
        return { message: `${expectedOf(what, type)}, not ${v.text}.` };
      return undefined;
    }
    case 'boolean':
      if (v.kind === 'boolean') return undefined;
      if (v.kind === 'string' && (v.value === 'true' || v.value === 'false'))
        return { message: `${expectedOf(what, type)}, not ${describeValue(v)}: remove the quotes.`, replacement: v.value };
      return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
    case 'duration':
      if (v.kind === 'duration') {
        if (v.ms === undefined)
          return { message: `'${v.text}' is not a valid duration: use whole or decimal numbers with the units ms, s, m, h, d, largest first (e.g. 1h30m).` };
        if (type.minMs !== undefined && v.ms < type.minMs) return { message: `${expectedOf(what, type)} longer than zero, not ${v.text}.` };
        return undefined;
      }
      if (v.kind === 'number') {
        const replacement = v.value > 0 ? formatDuration(v.value * 1000) : undefined;
        return { message: `${expectedOf(what, type)}: ${v.text} has no unit; write for example ${v.text}s or ${v.text}m.`, replacement };
      }
      return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
    case 'enum': {
      const word = v.kind === 'word' ? v.value : v.kind === 'string' ? v.value : undefined;
      if (v.kind === 'word' && type.values.includes(v.value)) return undefined;
      if (v.kind === 'string' && type.values.includes(v.value))
        return { message: `${expectedOf(what, type)}, written without quotes.`, replacement: v.value };
      const guess = word !== undefined ? closest(word, type.values) : undefined;
      return {
        message: `${expectedOf(what, type)}, not ${describeValue(v)}.${guess ? ` Did you mean '${guess}'?` : ''}`,
        replacement: guess,
      };
    }
    case 'reference':
      if (v.kind === 'word') return undefined;
      if (v.kind === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(v.value))
        return { message: `${expectedOf(what, type)}, written without quotes.`, replacement: v.value };
      return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
    case 'secret':
      if (v.kind === 'string') return undefined; // plaintext-secret warns about it
      if (v.kind === 'call' && v.callee === 'secret') {
        const arg = v.args[0];
        if (v.args.length !== 1 || arg.kind !== 'string')
          return { message: 'secret(…) takes one string: the name of the environment variable that holds the password, e.g. secret("BOT_PASSWORD").' };
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.value))
          return { message: `'${arg.value}' is not a valid environment variable name: use letters, digits and underscores, not starting with a digit.` };
        return undefined;
      }
      return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
    case 'scalar':
      if (v.kind === 'string' || v.kind === 'number' || v.kind === 'duration' || v.kind === 'boolean') return undefined;
      if (v.kind === 'word') return { message: `${expectedOf(what, type)}, not ${describeValue(v)}: put text in quotes.`, replacement: JSON.stringify(v.value) };
      return { message: `${expectedOf(what, type)}, not ${describeValue(v)}.` };
    case 'hosts':
      return checkHosts(v, expectedOf(what, type));
  }
}

/** `allowHosts`: a list of quoted host patterns, each one well-formed. */
function checkHosts(v: Value, expected: string): ValueProblemReport | undefined {
  if (v.kind === 'string') {
    const parsed = parseHostPattern(v.value);
    return 'error' in parsed ? { message: parsed.error } : { message: `${expected}: put the host in brackets.`, replacement: `[${JSON.stringify(v.value)}]` };
  }
  if (v.kind !== 'list') return { message: `${expected}, not ${describeValue(v)}.` };
  if (!v.items.length) return { message: `${expected}: an empty list would let the sessions reach no host at all; list the hosts, or remove allowHosts to allow any.` };
  for (const item of v.items) {
    if (item.kind !== 'string') return { message: `${expected}; ${describeValue(item)} is not a host in quotes.` };
    const parsed = parseHostPattern(item.value);
    if ('error' in parsed) return { message: parsed.error };
  }
  return undefined;
}
