// Writes what a panel grid shows (a whole dataset or a query result, in grid order) to a CSV or JSON
// file chosen by the user, page by page so a million rows never sit in memory as one string.
import { stringify } from 'csv-stringify/sync';
import type { ExportFormat, GridColumn } from '../../panel-protocol';
import type { FieldValue } from '../../session-types';
import { writeFileAtomic } from '../atomic-file';
import { csvCell } from '../exports/file-exports';

export interface GridChunk {
  columns: GridColumn[];
  rows: FieldValue[][];
}

function* encode(format: ExportFormat, chunks: Iterable<GridChunk>, counted: { rows: number }): Generator<Uint8Array> {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  let headed = false;
  for (const { columns, rows } of chunks) {
    if (format === 'csv') {
      yield utf8(stringify([...(headed ? [] : [columns.map((c) => c.name)]), ...rows.map((r) => r.map(csvCell))], { record_delimiter: 'windows' }));
      headed = true;
    } else if (rows.length) {
      const items = rows.map((r) => '  ' + JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, r[i]]))));
      yield utf8((counted.rows ? ',\n' : '[\n') + items.join(',\n'));
    }
    counted.rows += rows.length;
  }
  if (format === 'json') yield utf8(counted.rows ? '\n]\n' : '[]\n');
}

/** Writes the chunks to the file atomically (a temporary file renamed in); returns the rows written. */
export function writeGridFile(file: string, format: ExportFormat, chunks: Iterable<GridChunk>): number {
  const counted = { rows: 0 };
  writeFileAtomic(file, encode(format, chunks, counted));
  return counted.rows;
}
