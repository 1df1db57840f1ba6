// The `export database PATH` target: an SQLite file written with sql.js, one table per dataset with a
// session_id column. Sessions share the file: each write replaces only its own rows, atomically.
import { existsSync, readFileSync } from 'node:fs';
import type { Database } from 'sql.js';
import type { DatasetSchema } from '../../session-types';
import { quoteIdent, sqlType } from '../../store/sql-names';
import { RpaUserError } from '../../user-error';
import { writeFileAtomic } from '../atomic-file';
import { loadSqlJs } from '../sql-wasm';
import { withFileLock } from '../lock-files';
import type { DatasetExport } from './session-data';

async function openExportFile(file: string): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(existsSync(file) ? readFileSync(file) : undefined);
  try {
    db.exec('PRAGMA secure_delete = ON; SELECT count(*) FROM sqlite_master');
    return db;
  } catch (e) {
    db.close();
    throw new RpaUserError(
      'export-failed',
      `${file} is not an SQLite database (${e instanceof Error ? e.message : String(e)}), so session records cannot be exported into it. ` +
        'Point `export database` at a new file or an SQLite file written by RPA Sessions.',
    );
  }
}

/** Tables of the export file that have a session_id column (the ones sessions write). */
function sessionTables(db: Database): string[] {
  const tables = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")[0]?.values ?? []).map((r) => String(r[0]));
  return tables.filter((t) => columnsOf(db, t).includes('session_id'));
}

function columnsOf(db: Database, table: string): string[] {
  return (db.exec('SELECT name FROM pragma_table_info(?)', [table])[0]?.values ?? []).map((r) => String(r[0]));
}

/**
 * Which agent each dataset table of the file belongs to: datasets are per agent, so two agents that
 * export a dataset of the same name into one file would mix their columns; the second is refused.
 */
function claimTable(db: Database, file: string, schema: DatasetSchema): void {
  db.run('CREATE TABLE IF NOT EXISTS rpa_export_datasets (dataset TEXT PRIMARY KEY, agent TEXT NOT NULL)');
  const owner = db.exec('SELECT agent FROM rpa_export_datasets WHERE dataset = ?', [schema.dataset])[0]?.values[0]?.[0];
  if (owner === undefined) db.run('INSERT INTO rpa_export_datasets (dataset, agent) VALUES (?, ?)', [schema.dataset, schema.agent]);
  else if (owner !== schema.agent) {
    throw new RpaUserError(
      'export-failed',
      `${file} already holds the dataset "${schema.dataset}" of agent ${String(owner)}, and datasets are per agent: agent ${schema.agent}'s "${schema.dataset}" has columns of its own. ` +
        `Export agent ${schema.agent} into another file, or rename its dataset in the extract step.`,
    );
  }
}

/** Creates the dataset's table or adds the columns it lacks; refuses a same-named table of someone else. */
function ensureTable(db: Database, file: string, schema: DatasetSchema): void {
  claimTable(db, file, schema);
  const table = quoteIdent(schema.dataset);
  const existing = columnsOf(db, schema.dataset);
  if (!existing.length) {
    const cols = schema.columns.map((c) => `, ${quoteIdent(c.name)} ${sqlType(c.type)}`).join('');
    db.run(`CREATE TABLE ${table} (session_id TEXT NOT NULL${cols})`);
    db.run(`CREATE INDEX ${quoteIdent(`${schema.dataset}__session_id`)} ON ${table} (session_id)`);
    return;
  }
  if (!existing.includes('session_id')) {
    throw new RpaUserError(
      'export-failed',
      `${file} already has a table "${schema.dataset}" without a session_id column, so it was not written by RPA Sessions and its rows cannot be told apart by session. ` +
        'Export into another file, or rename that table.',
    );
  }
  for (const c of schema.columns) {
    if (!existing.some((e) => e.toLowerCase() === c.name.toLowerCase())) db.run(`ALTER TABLE ${table} ADD COLUMN ${quoteIdent(c.name)} ${sqlType(c.type)}`);
  }
}

function deleteSessionRows(db: Database, sessionId: string): number {
  let removed = 0;
  for (const t of sessionTables(db)) {
    db.run(`DELETE FROM ${quoteIdent(t)} WHERE session_id = ?`, [sessionId]);
    removed += db.getRowsModified();
  }
  return removed;
}

async function rewrite<T>(file: string, change: (db: Database) => T): Promise<T> {
  return withFileLock(file, async () => {
    const db = await openExportFile(file);
    try {
      db.exec('BEGIN');
      let result: T;
      try {
        result = change(db);
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
      writeFileAtomic(file, db.export());
      return result;
    } finally {
      db.close();
    }
  });
}

/** Replaces the session's rows in the file with its current records; returns how many were written. */
export function exportToDatabase(file: string, sessionId: string, datasets: DatasetExport[]): Promise<number> {
  return rewrite(file, (db) => {
    deleteSessionRows(db, sessionId);
    let written = 0;
    for (const d of datasets) {
      if (!d.schema.columns.length) continue;
      ensureTable(db, file, d.schema);
      const names = d.schema.columns.map((c) => c.name);
      const insert = db.prepare(`INSERT INTO ${quoteIdent(d.schema.dataset)} (session_id${names.map((n) => ', ' + quoteIdent(n)).join('')}) VALUES (?${', ?'.repeat(names.length)})`);
      try {
        for (const page of d.pages()) {
          for (const rec of page) {
            insert.run([sessionId, ...names.map((n) => { const v = rec[n]; return typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null; })]);
          }
          written += page.length;
        }
      } finally {
        insert.free();
      }
    }
    return written;
  });
}

/** Deletes the session's rows from every session table of the file (Cleanup External Session Data). */
export async function removeFromDatabase(file: string, sessionId: string): Promise<number> {
  if (!existsSync(file)) return 0;
  return rewrite(file, (db) => deleteSessionRows(db, sessionId));
}
