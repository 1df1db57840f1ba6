// The shape every check has: a function of the file being checked and the workspace, reporting
// diagnostics through `accept`. Local checks read only the file; linked checks read the index too.
import type { Accept } from '../diagnostics';
import type { Workspace, WorkspaceFile } from '../workspace';

export interface CheckContext {
  ws: Workspace;
  file: WorkspaceFile;
  accept: Accept;
}

export type Check = (ctx: CheckContext) => void;
