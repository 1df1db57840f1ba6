// Typed field conversion for `as number|integer|boolean|date`: tolerant of how sites print values
// ("£51.77", "1,234", "In stock (22 available)", "12 March 2019") and precise about why one fails.
import type { ColumnType, FieldValue } from '../session-types';

export type FieldType = Exclude<ColumnType, 'text'>;

export const FIELD_TYPES: readonly FieldType[] = ['number', 'integer', 'boolean', 'date'];

export function isFieldType(t: string): t is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(t);
}

/** The result of a conversion: the value, or why the text cannot be read as the type. */
export type Converted = { ok: true; value: FieldValue } | { ok: false; reason: string };

/** Converts a raw field value; null (nothing matched) stays null. */
export function convert(raw: FieldValue, type: FieldType): Converted {
  if (raw === null) return { ok: true, value: null };
  switch (type) {
    case 'number': return toNumber(raw);
    case 'integer': return toInteger(raw);
    case 'boolean': return toBoolean(raw);
    case 'date': return toDate(raw);
  }
}

const NUMBER_RUN = /[-+\u2212]?\d+(?:[.,']\d+|[\u00a0\u202f ]\d{3}(?!\d))*/;

/**
 * The first number in a text. Currency symbols, units and words around it are ignored. Thousands
 * separators (`,` `.` `'` and spaces) are understood: with both `,` and `.` present, the last one is the
 * decimal point; a lone `,` followed by exactly three digits groups thousands, otherwise it is decimal.
 */
export function parseNumber(text: string): number | undefined {
  const m = NUMBER_RUN.exec(text);
  if (!m) return undefined;
  let s = m[0].replace(/[\u00a0\u202f ']/g, '').replace('\u2212', '-');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    s = s.split(group).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    const groups = s.split(',');
    const thousands = groups.length > 2 || groups[1].length === 3;
    s = thousands ? groups.join('') : groups.join('.');
  } else if (s.split('.').length > 2) {
    s = s.split('.').join('');
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function toNumber(raw: string | number | boolean): Converted {
  if (typeof raw === 'number') return { ok: true, value: raw };
  if (typeof raw === 'boolean') return { ok: false, reason: 'it is true/false (from exists()), not a number; drop the "as number"' };
  const n = parseNumber(raw);
  if (n === undefined) return { ok: false, reason: raw.trim() === '' ? 'the text is empty' : 'it contains no digits' };
  return { ok: true, value: n };
}

function toInteger(raw: string | number | boolean): Converted {
  const n = toNumber(raw);
  if (!n.ok) return n;
  if (!Number.isInteger(n.value)) return { ok: false, reason: `${n.value} is not a whole number; use "as number" for decimals` };
  return n;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1', 'checked', 'enabled']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0', 'unchecked', 'disabled']);

function toBoolean(raw: string | number | boolean): Converted {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'number') {
    if (raw === 0 || raw === 1) return { ok: true, value: raw === 1 };
    return { ok: false, reason: 'only 0 and 1 are booleans' };
  }
  const w = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return { ok: true, value: true };
  if (FALSE_WORDS.has(w)) return { ok: true, value: false };
  return { ok: false, reason: 'a boolean must read true/false, yes/no, on/off or 1/0; to test whether an element is there, use exists(SELECTOR)' };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(word: string): number | undefined {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i + 1;
}

function isoDate(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Dates become ISO-8601: `YYYY-MM-DD` for a day, a full UTC timestamp for an ISO date-time. Accepted:
 * ISO (`2019-03-12`, `2019-03-12T10:00:00Z`), `12 March 2019`, `March 12, 2019`, and `12/03/2019` when the
 * order is unambiguous (one part > 12); otherwise the reason names the ambiguity.
 */
function toDate(raw: string | number | boolean): Converted {
  if (typeof raw !== 'string') return { ok: false, reason: 'only text can be read as a date' };
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return dateResult(isoDate(+m[1], +m[2], +m[3]));
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const t = Date.parse(s.replace(' ', 'T'));
    return Number.isNaN(t) ? { ok: false, reason: 'the ISO date-time is not valid' } : { ok: true, value: new Date(t).toISOString() };
  }
  m = /(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})/.exec(s);
  if (m && monthOf(m[2])) return dateResult(isoDate(+m[3], monthOf(m[2])!, +m[1]));
  m = /([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/.exec(s);
  if (m && monthOf(m[1])) return dateResult(isoDate(+m[3], monthOf(m[1])!, +m[2]));
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    if (a > 12 && b <= 12) return dateResult(isoDate(+m[3], b, a));
    if (b > 12 && a <= 12) return dateResult(isoDate(+m[3], a, b));
    if (a !== b) return { ok: false, reason: `'${s}' could be day/month or month/day; the site should print an ISO date (YYYY-MM-DD) or a month name` };
    return dateResult(isoDate(+m[3], a, b));
  }
  return { ok: false, reason: 'it is not a date in a known form (2019-03-12, 12 March 2019, March 12, 2019, 12/03/2019)' };
}

function dateResult(iso: string | undefined): Converted {
  return iso ? { ok: true, value: iso } : { ok: false, reason: 'there is no such day in the calendar' };
}
