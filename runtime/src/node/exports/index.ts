// The Node exporter: writes a session's records to its agent's export target (database, csv, json,
// script) and removes them from database exports at cleanup. File and script exports are never deleted.
import type { ExportResult, ExportTarget, SessionExporter } from '../../store/export-api';
import type { SessionStoreApi } from '../../store/store-api';
import { exportToDatabase, removeFromDatabase } from './database-export';
import { resolveExportPath, type ExportSession } from './export-paths';
import { exportCsv, exportJson } from './file-exports';
import { allRecords, sessionDatasets } from './session-data';
import { DEFAULT_SCRIPT_TIMEOUT_MS, runExportScript } from './script-export';

export { resolveExportPath, sessionFileComponent } from './export-paths';

export interface ExporterOptions {
  store: SessionStoreApi;
  /** Time limit of an export script (default 30s). */
  scriptTimeoutMs?: number;
}

/** The session's ID and inputs, which an export PATH's placeholders use. */
function exportSessionOf(store: SessionStoreApi, sessionId: string): ExportSession {
  return { id: sessionId, inputs: store.getSession(sessionId)?.inputs ?? {} };
}

export function createExporter(options: ExporterOptions): SessionExporter {
  const { store } = options;
  return {
    async exportSession(sessionId: string, target: ExportTarget): Promise<ExportResult> {
      const session = exportSessionOf(store, sessionId);
      const datasets = sessionDatasets(store, sessionId, target.datasets);
      const records = datasets.reduce((n, d) => n + d.count, 0);
      switch (target.format) {
        case 'database': {
          const file = resolveExportPath(target, session);
          await exportToDatabase(file, sessionId, datasets);
          return { format: 'database', files: [file], records };
        }
        case 'csv':
        case 'json': {
          const perDataset = datasets.length > 1 || target.path.includes('{dataset}');
          const files: string[] = [];
          for (const d of datasets) {
            const file = resolveExportPath(target, session, perDataset ? d.schema.dataset : undefined);
            await (target.format === 'csv' ? exportCsv : exportJson)(file, sessionId, d);
            files.push(file);
          }
          return { format: target.format, files, records };
        }
        case 'script': {
          const script = resolveExportPath(target, session);
          const output = await runExportScript(script, { sessionId, datasets: allRecords(datasets) }, options.scriptTimeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS);
          return { format: 'script', files: [script], records, ...(output ? { output } : {}) };
        }
      }
    },

    async removeSessionRows(sessionId: string, target: ExportTarget): Promise<number> {
      if (target.format !== 'database') return 0;
      return removeFromDatabase(resolveExportPath(target, exportSessionOf(store, sessionId)), sessionId);
    },
  };
}
