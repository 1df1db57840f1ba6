// Resolves an export PATH for one session: `{session}` and input placeholders become safe file-name
// components, `{dataset}` a dataset name; the result must stay inside the folder named before them.
import { createHash } from 'node:crypto';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { exportPlaceholder, exportPlaceholderNames } from '../../../../language/src/export-paths';
import type { Inputs } from '../../session-types';
import type { ExportTarget } from '../../store/export-api';
import { RpaUserError } from '../../user-error';

const SAFE = /[^A-Za-z0-9._-]/g;
const MAX_COMPONENT = 80;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A session ID as one file-name component: letters, digits, `.`, `_` and `-` only, no leading dot,
 * bounded length. When anything had to change, a short hash of the ID keeps different IDs apart
 * ("a/b" and "a_b" must not share a file).
 */
export function sessionFileComponent(id: string): string {
  let safe = id.replace(SAFE, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  if (safe.length > MAX_COMPONENT) safe = safe.slice(0, MAX_COMPONENT);
  if (safe === id && safe.length > 0) return safe;
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 8);
  return `${safe || 'session'}-${hash}`;
}

function pathError(target: ExportTarget, why: string): RpaUserError {
  return new RpaUserError(
    'export-failed',
    `The export PATH ${JSON.stringify(target.path)} (export ${target.format}) ${why} ` +
      "Fix the PATH in the agent's `export` line: it may use {session}, {dataset} for csv and json, and the agent's inputs, inside a folder of your workspace.",
  );
}

/** The session an export is for: its ID and its inputs (for input placeholders). */
export interface ExportSession {
  id: string;
  inputs: Inputs;
}

/**
 * The absolute file for this session (and dataset). Throws a user error for placeholders the PATH
 * may not use (export-paths.ts in the language core) and for PATHs that would lead outside their folder.
 */
export function resolveExportPath(target: ExportTarget, session: ExportSession, dataset?: string): string {
  const template = target.path;
  if (!template.trim()) throw pathError(target, 'is empty.');
  const inputs = new Set(Object.keys(session.inputs));
  for (const name of exportPlaceholderNames(template)) {
    const use = exportPlaceholder(name, target.format, inputs);
    if (use.kind === 'not-here') throw pathError(target, `uses {${name}}: ${use.reason}`);
    if (use.kind === 'unknown') throw pathError(target, `uses the placeholder {${name}}, which is neither {session}, {dataset} nor an input of this session.`);
  }
  const absolute = (p: string) => (isAbsolute(p) ? resolve(p) : resolve(target.baseDir, p));
  const firstPlaceholder = template.indexOf('{');
  const fixed = firstPlaceholder < 0 ? template : template.slice(0, firstPlaceholder);
  // The folder the PATH names before any placeholder: "out/{session}.csv" and "out/books-{session}.csv" → out.
  const folder = dirname(absolute(fixed + 'x'));
  let filled = template.replace(/\{([^}]*)\}/g, (whole, name: string) => {
    if (name === 'session') return sessionFileComponent(session.id);
    if (name === 'dataset') return whole;
    return sessionFileComponent(String(session.inputs[name]));
  });
  if (dataset !== undefined) {
    filled = filled.includes('{dataset}') ? filled.split('{dataset}').join(dataset) : withDataset(filled, dataset);
  }
  const file = absolute(filled);
  const rel = relative(folder, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw pathError(target, `leads outside its folder ${folder} for session ${JSON.stringify(session.id)}.`);
  return file;
}

/** "out/books.csv" + details → "out/books.details.csv" (one file per dataset). */
function withDataset(path: string, dataset: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.${dataset}${ext}`);
}
