// The `export csv PATH` and `export json PATH` targets: one file per dataset with a session_id per
// record, so sessions can share a file; each write replaces only that session's rows, atomically.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldValue, RecordValues } from '../../session-types';
import { RpaUserError } from '../../user-error';
import { writeFileAtomic } from '../atomic-file';
import { withFileLock } from '../lock-files';
import type { DatasetExport } from './session-data';

function notOurs(file: string, why: string): RpaUserError {
  return new RpaUserError(
    'export-failed',
    `${file} ${why}, so it was not written by RPA Sessions and this session's rows cannot be replaced in it safely. ` +
      'Export into another file (the PATH may use {session} for one file per session), or move that file away.',
  );
}

/** A CSV cell as RPA Sessions writes it: empty for null, booleans as true/false. */
export function csvCell(v: FieldValue | undefined): string {
  return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

/** Writes the dataset to a CSV file (RFC 4180: CRLF, quotes where needed, header row), keeping other sessions' rows. */
export function exportCsv(file: string, sessionId: string, data: DatasetExport): Promise<number> {
  return withFileLock(file, () => {
    let header = ['session_id', ...data.schema.columns.map((c) => c.name)];
    let kept: string[][] = [];
    if (existsSync(file)) {
      let rows: string[][];
      try {
        rows = parse(readFileSync(file, 'utf8'), { bom: true, skip_empty_lines: true }) as string[][];
      } catch (e) {
        throw notOurs(file, `is not valid CSV (${e instanceof Error ? e.message : String(e)})`);
      }
      const old = rows[0] ?? [];
      const at = old.indexOf('session_id');
      if (rows.length && at < 0) throw notOurs(file, 'has no session_id column');
      // Columns the file has that this dataset no longer writes stay, at the end.
      header = [...header, ...old.filter((c) => !header.includes(c))];
      const index = header.map((c) => old.indexOf(c));
      kept = rows.slice(1).filter((r) => r[at] !== sessionId).map((r) => index.map((i) => (i < 0 ? '' : r[i])));
    }
    const names = header.slice(1);
    const fresh: string[][] = [];
    for (const page of data.pages()) for (const rec of page) fresh.push([sessionId, ...names.map((n) => csvCell(rec[n]))]);
    writeFileAtomic(file, Buffer.from(stringify([header, ...kept, ...fresh], { record_delimiter: 'windows' }), 'utf8'));
    return fresh.length;
  });
}

/** Writes the dataset to a JSON file (an array of records with session_id), keeping other sessions' records. */
export function exportJson(file: string, sessionId: string, data: DatasetExport): Promise<number> {
  return withFileLock(file, () => {
    let kept: RecordValues[] = [];
    if (existsSync(file)) {
      let old: unknown;
      try {
        old = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        throw notOurs(file, 'is not JSON');
      }
      if (!Array.isArray(old) || old.some((r) => r === null || typeof r !== 'object' || !('session_id' in r))) throw notOurs(file, 'is not an array of records with a session_id');
      kept = (old as RecordValues[]).filter((r) => r.session_id !== sessionId);
    }
    const fresh: RecordValues[] = [];
    for (const page of data.pages()) for (const rec of page) fresh.push({ session_id: sessionId, ...rec });
    writeFileAtomic(file, Buffer.from(JSON.stringify([...kept, ...fresh], null, 2) + '\n', 'utf8'));
    return fresh.length;
  });
}
