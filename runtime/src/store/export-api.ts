// The contract of external exports (SPEC §3): where a session's records go after it completes, and
// the exporter the cleanup uses. The Node implementation lives in runtime/src/node/exports/.

export type ExportFormat = 'database' | 'csv' | 'json' | 'script';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['database', 'csv', 'json', 'script'];

/** An agent's `export FORMAT PATH`, with the folder relative paths are resolved against. */
export interface ExportTarget {
  format: ExportFormat;
  /** The PATH as written; may contain `{session}` (and `{dataset}` for csv/json). */
  path: string;
  /** Absolute folder a relative PATH is resolved against (the workspace root). */
  baseDir: string;
  /**
   * The agent's datasets (its extract steps). csv and json write one file per dataset: PATH itself
   * when there is one, else PATH with `.DATASET` before the extension (or where `{dataset}` is).
   * Default: the datasets the session has records in.
   */
  datasets?: string[];
}

export interface ExportResult {
  format: ExportFormat;
  /** Files written (database, csv, json) or the script that was called. */
  files: string[];
  /** Records exported, over all datasets. */
  records: number;
  /** What an export script printed (bounded), for the session log. */
  output?: string;
}

/** Exports sessions' records and removes them from external databases; each call is for one session. */
export interface SessionExporter {
  /**
   * Writes the session's records to the target. Re-exporting a session replaces its earlier rows in
   * database, csv and json targets, so a retry after a crash never duplicates records.
   */
  exportSession(sessionId: string, target: ExportTarget): Promise<ExportResult>;
  /**
   * Deletes the session's rows from a database export (Cleanup External Session Data). File and
   * script exports are never touched: returns 0 for them.
   */
  removeSessionRows(sessionId: string, target: ExportTarget): Promise<number>;
}
