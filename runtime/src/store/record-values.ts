// Turns extracted records into rows for a dataset table: checks each value against its column type,
// refuses secrets, and infers the type of fields a dataset has not declared yet.
import type { ColumnType, DatasetSchema, FieldValue, RecordValues } from '../session-types';
import { RpaUserError } from '../user-error';
import type { SecretGuard } from './secret-guard';
import type { BindValue } from './store-ops';

/** ISO-8601 date or date-time, as `as date` produces. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A field nobody declared: booleans and numbers keep their kind (a first 3 may be followed by 2.5). */
function inferType(v: FieldValue): ColumnType {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return 'number';
  return 'text';
}

/** Fields used by the rows but missing from the schema, typed from their first non-null value. */
export function undeclaredColumns(schema: DatasetSchema | undefined, rows: RecordValues[]): DatasetSchema['columns'] {
  const known = new Set(schema?.columns.map((c) => c.name));
  const found = new Map<string, ColumnType | undefined>();
  for (const row of rows) {
    for (const name in row) {
      if (known.has(name) || !Object.prototype.hasOwnProperty.call(row, name)) continue;
      const v = row[name];
      if (found.get(name) === undefined) found.set(name, v === null || v === undefined ? undefined : inferType(v));
    }
  }
  return [...found].map(([name, type]) => ({ name, type: type ?? 'text' }));
}

/**
 * The rows' values in the schema's column order, one row after another in a single array; throws a
 * user error naming the record and field when a value has the wrong type or contains a secret.
 * Nothing is written when it throws.
 */
export function toBindValues(schema: DatasetSchema, sessionId: string, rows: RecordValues[], guard: SecretGuard): BindValue[] {
  const names = schema.columns.map((c) => c.name);
  const types = schema.columns.map((c) => c.type);
  const width = names.length;
  const checkSecrets = guard.size > 0;
  const out: BindValue[] = new Array(rows.length * width);
  let p = 0;
  for (let r = 0; r < rows.length; r++) {
    const rec = rows[r];
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      throw new RpaUserError('invalid-record', `Record ${r + 1} for dataset "${schema.dataset}" (session "${sessionId}") is not an object of field values.`);
    }
    for (let c = 0; c < width; c++) {
      const v = rec[names[c]];
      const bound = v === undefined || v === null ? null : bindValue(types[c], v);
      if (bound === undefined) throw wrongType(schema.dataset, sessionId, r, names[c], types[c], v);
      if (checkSecrets && typeof bound === 'string' && guard.contains(bound)) {
        guard.check(bound, `field "${names[c]}" of dataset "${schema.dataset}" (session "${sessionId}")`);
      }
      out[p++] = bound;
    }
  }
  return out;
}

/** YYYY-MM-DD checked by character codes (fast path); anything longer goes through ISO_DATE. */
function isIsoDate(v: string): boolean {
  if (v.length === 10) {
    for (let i = 0; i < 10; i++) {
      const ch = v.charCodeAt(i);
      if (i === 4 || i === 7 ? ch !== 45 : ch < 48 || ch > 57) return false;
    }
    return true;
  }
  return ISO_DATE.test(v);
}

/** The value as SQLite stores it in a column of this type, or undefined when it does not fit. */
function bindValue(type: ColumnType, v: FieldValue): BindValue | undefined {
  switch (type) {
    case 'text':
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
    case 'date':
      return typeof v === 'string' && isIsoDate(v) ? v : undefined;
  }
}

function wrongType(dataset: string, sessionId: string, index: number, field: string, type: ColumnType, v: unknown): RpaUserError {
  const got = typeof v === 'string' ? `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}` : typeof v === 'number' ? `the number ${v}` : `a ${typeof v}`;
  const want: Record<ColumnType, string> = {
    text: 'text',
    number: 'a finite number',
    integer: 'a whole number',
    boolean: 'true or false',
    date: 'an ISO-8601 date such as 2024-05-01 or 2024-05-01T09:30:00Z',
  };
  return new RpaUserError(
    'invalid-record',
    `Record ${index + 1} of dataset "${dataset}" (session "${sessionId}"): field "${field}" is stored as ${type} and needs ${want[type]}, but got ${got}. ` +
      `Check the field's expression and its \`as ${type === 'text' ? 'TYPE' : type}\` conversion in the extract step; the record batch was not stored.`,
  );
}
