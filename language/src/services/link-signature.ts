// What other files can see of a file: a signature that changes whenever something the linked checks
// of other files read may have changed (names, settings, inputs, session IDs) — not on edits inside steps.
import type * as A from '../ast';
import type { WorkspaceFile } from '../workspace';

const signatures = new WeakMap<WorkspaceFile, string>();

/** Names steps can refer to across files: placeholders and `input.` / `login.` / `session.` members. */
const STEP_REFERENCES = /\{[A-Za-z_][A-Za-z0-9_-]*\}|\b(?:input|login|session)\s*\.\s*[A-Za-z_][A-Za-z0-9_-]*/g;

/**
 * Two versions of a file with equal signatures give every other file the same linked diagnostics.
 * The signature is each declaration's source text with its `steps { … }` cut out, plus the sorted
 * names the steps refer to. It is conservative: an edit to a comment or the spacing of a property
 * changes it (other files are then re-checked for nothing), while typing inside steps, or moving
 * declarations by inserting lines above them, does not.
 */
export function linkSignature(file: WorkspaceFile): string {
  let sig = signatures.get(file);
  if (sig === undefined) {
    sig = file.ast.declarations.map((d) => declarationSignature(file.text, d)).join('\u0000');
    signatures.set(file, sig);
  }
  return sig;
}

function declarationSignature(text: string, decl: A.Declaration): string {
  const steps = decl.members.find((m) => m.kind === 'steps');
  const start = decl.range.start.offset;
  const end = decl.range.end.offset;
  if (!steps) return text.slice(start, end);
  const from = steps.range.start.offset;
  const to = steps.range.end.offset;
  const used = [...new Set(text.slice(from, to).match(STEP_REFERENCES) ?? [])].sort();
  return `${text.slice(start, from)}${text.slice(to, end)}\u0001${used.join(' ')}`;
}
