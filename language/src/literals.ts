// Decoding of literal tokens: string escapes and placeholders, and duration texts like `1h30m`.
// Problems are returned, never thrown, so a bad literal becomes an `invalid-value` diagnostic.
import type { Placeholder, Range, ValueProblem } from './ast';
import { subRange } from './ranges';

export interface DecodedString {
  value: string;
  placeholders: Placeholder[];
  problems: ValueProblem[];
}

// Shared by every plain string (most of them), so the AST holds no empty arrays of its own.
const NO_PLACEHOLDERS = Object.freeze([]) as unknown as Placeholder[];
const NO_PROBLEMS = Object.freeze([]) as unknown as ValueProblem[];

/** Decodes the image of a string token (quotes included); ranges are relative to `range`. */
export function decodeString(image: string, range: Range): DecodedString {
  if (!/[\\{]/.test(image)) return { value: image.slice(1, -1), placeholders: NO_PLACEHOLDERS, problems: NO_PROBLEMS };
  const problems: ValueProblem[] = [];
  const placeholders: Placeholder[] = [];
  let value = '';
  const end = image.length - 1;
  // Plain characters are copied a run at a time (from `run` up to the escape or placeholder at `i`).
  let run = 1;
  for (let i = 1; i < end; i++) {
    const ch = image[i];
    if (ch !== '\\' && ch !== '{') continue;
    value += image.slice(run, i);
    if (ch === '\\') {
      const next = image[i + 1];
      if (next === '"' || next === '\\') { value += next; i++; }
      else if (next === 'n') { value += '\n'; i++; }
      else if (next === 't') { value += '\t'; i++; }
      else if (next === 'u' && image[i + 2] === '{') {
        const close = image.indexOf('}', i + 3);
        const hex = close > 0 ? image.slice(i + 3, close) : '';
        const code = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(code) || code > 0x10ffff) {
          const stop = close > 0 ? close + 1 : i + 3;
          problems.push({ message: `Invalid unicode escape '${image.slice(i, stop)}': write \\u{XXXX} with 1 to 6 hex digits up to 10FFFF.`, range: subRange(range, i, stop) });
          i = stop - 1;
        } else {
          value += String.fromCodePoint(code);
          i = close;
        }
      } else {
        problems.push({ message: `Unknown escape '\\${next ?? ''}': strings allow \\" \\\\ \\n \\t and \\u{XXXX}; write \\\\ for a backslash.`, range: subRange(range, i, i + 2) });
        value += next ?? '';
        i++;
      }
    } else if (ch === '{') {
      const close = image.indexOf('}', i + 1);
      const name = close > 0 ? image.slice(i + 1, close) : '';
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
        placeholders.push({ name, range: subRange(range, i + 1, close) });
        value += image.slice(i, close + 1);
        i = close;
      } else {
        value += ch;
      }
    }
    run = i + 1;
  }
  value += image.slice(run, end);
  return { value, placeholders, problems };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNIT_ORDER = ['d', 'h', 'm', 's', 'ms'];

/** Milliseconds of a duration such as `500ms`, `45s`, `1h30m`; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let pos = 0;
  let total = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    const unit = UNIT_ORDER.indexOf(m[2]);
    if (unit <= lastUnit) return undefined;
    lastUnit = unit;
    total += parseFloat(m[1]) * UNIT_MS[m[2]];
    pos = re.lastIndex;
  }
  return pos > 0 ? total : undefined;
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of UNIT_ORDER) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) { out += `${n}${unit}`; rest -= n * UNIT_MS[unit]; }
  }
  return out;
}

/** The source text of a string literal holding `value` (inverse of decodeString for plain text). */
export function encodeString(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}
