// Reads an agent's session settings (sessionTimeout, removeSession, cleanupExternalSessionData,
// export) into the cleanup policy the store persists with each session (SPEC §3).
import type { Declaration } from '../../../language/src/ast';
import { boolOf, durationOf, exportOf, property, wordOf } from '../../../language/src/model';
import { EXPORT_FORMATS, type ExportFormat, type ExportTarget } from '../store/export-api';
import type { CleanupPolicy } from '../store/store-api';
import { datasetSchemas } from './dataset-schemas';

/** The agent's export target, or undefined without a usable `export FORMAT "PATH"` line. */
export function exportTargetOf(agent: Declaration, baseDir: string): ExportTarget | undefined {
  const entry = exportOf(agent);
  if (!entry || !(EXPORT_FORMATS as readonly string[]).includes(entry.format) || entry.path.kind !== 'string') return undefined;
  const datasets = datasetSchemas(agent).map((s) => s.dataset);
  return { format: entry.format as ExportFormat, path: entry.path.value, baseDir, datasets };
}

/** `baseDir`: the workspace folder relative export PATHs start at. */
export function cleanupPolicyOf(agent: Declaration, baseDir: string): CleanupPolicy {
  const policy: CleanupPolicy = {
    removeSession: wordOf(property(agent, 'removeSession')) === 'immediately' ? 'immediately' : 'afterTimeout',
    cleanupExternalSessionData: boolOf(property(agent, 'cleanupExternalSessionData')) ?? true,
  };
  const timeout = durationOf(property(agent, 'sessionTimeout'));
  if (timeout !== undefined) policy.sessionTimeoutMs = timeout;
  const target = exportTargetOf(agent, baseDir);
  if (target) policy.export = target;
  return policy;
}

/** A one-line description of the export target, for logs. */
export function describeTarget(target: ExportTarget): string {
  return `${target.format} ${JSON.stringify(target.path)}`;
}
