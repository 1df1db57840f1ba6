// The one "workspace has errors" gate: the engine refuses to start sessions from a workspace that
// fails the session-rule checks, so the CLI, VS Code, the debugger and the Agent API all share it.
import { checkWorkspace } from '../../../language/src/checks';
import type { Workspace } from '../../../language/src/workspace';
import { RpaUserError } from '../user-error';
import { shownFile } from './shown-file';

/** Errors listed in the refusal; the rest are counted. */
const LISTED = 10;

/** Throws one user error listing the workspace's errors (file:line:column: code: message), if it has any. */
export function refuseWorkspaceErrors(workspace: Workspace, baseDir: string, what: string): void {
  const errors = [...checkWorkspace(workspace).values()].flat().filter((d) => d.severity === 'error');
  if (!errors.length) return;
  const lines = errors.slice(0, LISTED).map((d) => `  ${shownFile(d.uri, baseDir)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
  const more = errors.length > LISTED ? `\n  … and ${errors.length - LISTED} more (rpa-sessions check lists them all)` : '';
  throw new RpaUserError(
    'invalid-workspace',
    `${what} refused: the workspace has ${errors.length} error${errors.length === 1 ? '' : 's'}. Sessions run only from a workspace that passes the ` +
      `session-rule checks, so they behave as the checks promise. Fix these, then try again:\n${lines.join('\n')}${more}`,
  );
}
