// The placeholders of an agent's `export FORMAT "PATH"`: one definition for the checks (as you type)
// and for the runtime that fills them in when a session is exported.

/** What `{name}` in an export PATH stands for, or why it can't be used there. */
export type ExportPlaceholder =
  | { kind: 'session' }
  | { kind: 'dataset' }
  | { kind: 'input' }
  | { kind: 'not-here'; reason: string }
  | { kind: 'unknown' };

/** Formats that write one file per dataset, so `{dataset}` names the file. */
const PER_DATASET: ReadonlySet<string> = new Set(['csv', 'json']);

/**
 * `{session}` is the session ID, `{dataset}` the dataset name (csv and json only: they write a file
 * per dataset), any other name an input of the agent (its value in the session). Values become safe
 * file-name components.
 */
export function exportPlaceholder(name: string, format: string, inputs: ReadonlySet<string> | ReadonlyMap<string, unknown>): ExportPlaceholder {
  if (name === 'session') return { kind: 'session' };
  if (name === 'dataset') {
    if (PER_DATASET.has(format)) return { kind: 'dataset' };
    return {
      kind: 'not-here',
      reason:
        `'{dataset}' names the file of one dataset, but a ${format} export writes ${format === 'database' ? 'every dataset into one file (a table each)' : 'all datasets through one script'}; ` +
        `it applies to csv and json exports only. Remove it from the PATH.`,
    };
  }
  return inputs.has(name) ? { kind: 'input' } : { kind: 'unknown' };
}

/** Every `{name}` in a PATH, in order. */
export function exportPlaceholderNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
}
