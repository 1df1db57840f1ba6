// The datasets an agent's extract steps produce, with a typed column per field (`as number` → number,
// no `as` → text), so the store can create each dataset's table before the first record arrives.
import type { Step } from '../../../language/src/ast';
import { allSteps } from '../../../language/src/model';
import type { ColumnType, DatasetSchema } from '../session-types';

const COLUMN_TYPES: ReadonlySet<string> = new Set<ColumnType>(['number', 'integer', 'boolean', 'date']);

/** One schema per dataset name; fields of several extract steps into the same dataset are merged. */
export function datasetSchemas(steps: readonly Step[]): DatasetSchema[] {
  const byName = new Map<string, DatasetSchema>();
  for (const step of allSteps(steps)) {
    if (step.kind !== 'extract' || !step.dataset) continue;
    let schema = byName.get(step.dataset);
    if (!schema) {
      schema = { dataset: step.dataset, columns: [] };
      byName.set(step.dataset, schema);
    }
    for (const field of step.fields) {
      if (!field.name || schema.columns.some((c) => c.name === field.name)) continue;
      const type = field.as && COLUMN_TYPES.has(field.as.type) ? (field.as.type as ColumnType) : 'text';
      schema.columns.push({ name: field.name, type });
    }
  }
  return [...byName.values()];
}
