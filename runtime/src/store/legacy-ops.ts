// Journal entries written before datasets were per agent: their defineDataset has no agent and their
// insertRecords none either, so the agent comes from the session and the table is defined on the way.
import type { DatasetSchema } from '../session-types';
import type { DatasetTables } from './dataset-tables';
import type { StoreOp } from './store-ops';

type InsertOp = Extract<StoreOp, { op: 'insertRecords' }>;

export class LegacyOps {
  /** Column types the old journal declared, by dataset name. */
  private readonly declared = new Map<string, DatasetSchema['columns']>();

  constructor(private readonly tables: DatasetTables) {}

  /** An agent-less dataset definition: its column types are kept for the inserts that follow. */
  defineDataset(schema: Pick<DatasetSchema, 'dataset' | 'columns'>): void {
    const columns = this.declared.get(schema.dataset) ?? [];
    for (const c of schema.columns) if (!columns.some((k) => k.name === c.name)) columns.push({ ...c });
    this.declared.set(schema.dataset, columns);
  }

  /**
   * The insert as this version stores it: in the session's agent's table, without the columns that
   * only other agents filled (all null here), which the table gains if it lacks them.
   */
  upgradeInsert(op: InsertOp, agent: string | undefined): Required<InsertOp> {
    if (agent === undefined) throw new Error(`the journal inserts records of session ${op.sessionId}, which it never created`);
    const known = this.tables.get(agent, op.dataset);
    const has = (c: string) => !!known?.columns.some((k) => k.name === c);
    const width = op.columns.length;
    const filled = (i: number) => op.values.some((v, k) => k % width === i && v !== null);
    const keep = op.columns.map((c, i) => has(c) || filled(i));
    const columns = op.columns.filter((_, i) => keep[i]);
    const values = op.values.filter((_, k) => keep[k % width]);
    const missing = columns.filter((c) => !has(c));
    if (!known || missing.length) {
      const types = this.declared.get(op.dataset) ?? [];
      const merged = this.tables.merge({ agent, dataset: op.dataset, columns: missing.map((name) => ({ name, type: types.find((t) => t.name === name)?.type ?? 'text' })) });
      if (merged) this.tables.apply(merged);
    }
    return { ...op, agent, columns, values };
  }
}
