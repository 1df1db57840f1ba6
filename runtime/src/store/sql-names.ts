// SQL identifiers of the store: validates dataset and field names before they become table and
// column names, quotes them as identifiers, and maps field types to SQLite column types.
import type { ColumnType } from '../session-types';
import { RpaUserError } from '../user-error';

/** Dataset and field names as the .rpa language writes them (SPEC §1), bounded in length. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Internal tables start with this prefix; datasets may not. */
export const INTERNAL_PREFIX = 'rpa_';

const RESERVED_COLUMNS = new Set(['session_id', 'rowid', 'oid', '_rowid_']);

export const COLUMN_TYPES: readonly ColumnType[] = ['text', 'number', 'integer', 'boolean', 'date'];

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'TEXT',
  number: 'REAL',
  integer: 'INTEGER',
  boolean: 'INTEGER',
  date: 'TEXT',
};

/** Quotes a validated name as an SQL identifier (never splice an unvalidated name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlType(type: ColumnType): string {
  return SQL_TYPE[type];
}

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && (COLUMN_TYPES as readonly string[]).includes(value);
}

export function validateDatasetName(dataset: string): void {
  if (typeof dataset !== 'string' || !NAME.test(dataset)) {
    throw new RpaUserError(
      'invalid-dataset',
      `The dataset name ${JSON.stringify(dataset)} cannot be stored: a dataset becomes a table of the session store, ` +
        'so its name must start with a letter or "_" and use only letters, digits, "_" and "-" (at most 64 characters). ' +
        'Rename it in the extract step (extract NAME { … }).',
    );
  }
  const lower = dataset.toLowerCase();
  if (lower.startsWith(INTERNAL_PREFIX) || lower.startsWith('sqlite_')) {
    throw new RpaUserError(
      'invalid-dataset',
      `The dataset name "${dataset}" is reserved: names starting with "${INTERNAL_PREFIX}" or "sqlite_" are the session store's own tables ` +
        '(sessions, progress, logs). Rename the dataset in the extract step.',
    );
  }
}

/** The table that holds an agent's dataset: datasets are per agent, so two agents never share one. */
export function datasetTable(agent: string, dataset: string): string {
  return `${agent}.${dataset}`;
}

export function validateAgentName(agent: string): void {
  if (typeof agent !== 'string' || !NAME.test(agent)) {
    throw new RpaUserError('invalid-dataset', `The agent name ${JSON.stringify(agent)} cannot name session store tables: agent names start with a letter or "_" and use only letters, digits, "_" and "-" (at most 64 characters).`);
  }
}

export function validateColumnName(dataset: string, column: string): void {
  if (typeof column !== 'string' || !NAME.test(column)) {
    throw new RpaUserError(
      'invalid-dataset',
      `The field name ${JSON.stringify(column)} of dataset "${dataset}" cannot be stored: a field becomes a column, so its name must start ` +
        'with a letter or "_" and use only letters, digits, "_" and "-" (at most 64 characters). Rename the field in the extract step.',
    );
  }
  if (RESERVED_COLUMNS.has(column.toLowerCase())) {
    throw new RpaUserError(
      'invalid-dataset',
      `The field name "${column}" of dataset "${dataset}" is reserved: every dataset table has a session_id column that keeps each ` +
        "session's records apart (Sequentum: each session sees only its own data), and rowid orders the records. Rename the field.",
    );
  }
}

/** SQLite identifiers are case-insensitive: two names differing only in case would be one table or column. */
export function sameIdent(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
