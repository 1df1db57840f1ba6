// The store patch that ends a fleet session outside a worker's run of it (interrupted after its
// attempts, cancelled while queued), with its agent's session timeout started as for any ended session.
import type { Workspace } from '../../../language/src/workspace';
import { cleanupPolicyOf } from '../engine/cleanup-policy';
import type { SessionStatus } from '../session-types';
import type { SessionPatch } from '../store/store-ops';

export function endedPatch(workspace: Workspace, workspaceDir: string, agent: string, status: SessionStatus, error: string): SessionPatch {
  const endedAt = Date.now();
  const decl = workspace.resolve('agent', agent);
  const timeoutMs = decl && cleanupPolicyOf(decl, workspaceDir).sessionTimeoutMs;
  return { status, endedAt, error, ...(timeoutMs !== undefined ? { cleanupAt: endedAt + timeoutMs } : {}) };
}
