// Reads one session's records from the store for an export, dataset by dataset and page by page,
// so exporting a large session never holds more than one page per dataset in memory.
import type { DatasetSchema, RecordValues } from '../../session-types';
import type { SessionStoreApi } from '../../store/store-api';

const PAGE = 5000;

export interface DatasetExport {
  schema: DatasetSchema;
  count: number;
  pages(): Generator<RecordValues[]>;
}

/** The datasets to export: the named ones (an agent's datasets), else those the session has records in. */
export function sessionDatasets(store: SessionStoreApi, sessionId: string, names?: string[]): DatasetExport[] {
  const agent = store.getSession(sessionId)?.agent ?? '';
  const list = names ?? store.datasets(sessionId).map((d) => d.dataset);
  return list.map((dataset) => {
    const schema = store.datasetSchema(agent, dataset) ?? { agent, dataset, columns: [] };
    const count = schema.columns.length ? store.records(sessionId, dataset, { limit: 0 }).total : 0;
    return {
      schema,
      count,
      *pages() {
        for (let offset = 0; offset < count; offset += PAGE) yield store.records(sessionId, dataset, { offset, limit: PAGE }).rows;
      },
    };
  });
}

/** Every record of the session by dataset name (for export scripts, which get them all at once). */
export function allRecords(datasets: DatasetExport[]): Record<string, RecordValues[]> {
  const out: Record<string, RecordValues[]> = {};
  for (const d of datasets) out[d.schema.dataset] = [...d.pages()].flat();
  return out;
}
