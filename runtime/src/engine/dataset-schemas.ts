// The datasets an agent's extract steps produce, with a typed column per field: `as TYPE` gives the
// type, else the type of what the expression yields (exists() → boolean, most others → text).
import type { Declaration, Field } from '../../../language/src/ast';
import { allSteps, stepsOf } from '../../../language/src/model';
import type { ColumnType, DatasetSchema } from '../session-types';

const COLUMN_TYPES: ReadonlySet<string> = new Set<ColumnType>(['number', 'integer', 'boolean', 'date']);

/**
 * The column type of a field. Without `as` it is the type of what the interpreter yields
 * (interpreter/fields.ts): true/false for exists(…) and for a true/false literal, a number for a
 * number literal, text or null for the rest. input.NAME is text: an input given on the command line
 * may be text even where its default is a number, so its column keeps whatever it gets as text.
 */
export function columnTypeOf(field: Field): ColumnType {
  if (field.as) return COLUMN_TYPES.has(field.as.type) ? (field.as.type as ColumnType) : 'text';
  const expr = field.expr;
  if (expr.kind === 'call' && expr.callee === 'exists') return 'boolean';
  if (expr.kind === 'boolean') return 'boolean';
  if (expr.kind === 'number') return 'number';
  return 'text';
}

/** One schema per dataset of the agent; fields of several extract steps into the same dataset are merged. */
export function datasetSchemas(agent: Declaration): DatasetSchema[] {
  const byName = new Map<string, DatasetSchema>();
  for (const step of allSteps(stepsOf(agent)?.steps ?? [])) {
    if (step.kind !== 'extract' || !step.dataset) continue;
    let schema = byName.get(step.dataset);
    if (!schema) {
      schema = { agent: agent.name, dataset: step.dataset, columns: [] };
      byName.set(step.dataset, schema);
    }
    for (const field of step.fields) {
      if (!field.name || schema.columns.some((c) => c.name === field.name)) continue;
      schema.columns.push({ name: field.name, type: columnTypeOf(field) });
    }
  }
  return [...byName.values()];
}
