// Cancels a session of the fleet: a queued one is taken off its bot's queue and recorded cancelled at
// once; a running one (or one a worker is just taking) gets a cancel request its worker acts on.
import type { Workspace } from '../../../language/src/workspace';
import type { SessionInfo } from '../session-types';
import { endedPatch } from './ended-patch';
import type { PgSessionStore } from './pg-session-store';
import { removeQueuedJob } from './session-queue';
import { loadWorkspaceRules } from './workspace-rules';

export interface FleetPlace {
  store: PgSessionStore;
  queueUrl: string;
  /** The workspace the session's run comes from (its agent's session timeout starts when it is cancelled). */
  workspaceDir: string;
}

/** The workspace of a place, read once however many of its sessions are cancelled (Ctrl-C on a whole run). */
const workspaces = new WeakMap<FleetPlace, Promise<Workspace>>();

function workspaceOf(place: FleetPlace): Promise<Workspace> {
  let loaded = workspaces.get(place);
  if (!loaded) workspaces.set(place, (loaded = loadWorkspaceRules(place.workspaceDir).then((r) => r.workspace)));
  return loaded;
}

/** False when the session has already ended. */
export async function cancelOnFleet(place: FleetPlace, info: SessionInfo, reason: string): Promise<boolean> {
  if (info.status === 'queued' && (await removeQueuedJob(place.queueUrl, info.bot!, info.run!, info.id))) {
    await place.store.commit(info.id, [], endedPatch(await workspaceOf(place), place.workspaceDir, info.agent, 'cancelled', reason));
    return true;
  }
  if (info.status !== 'queued' && info.status !== 'running') return false;
  await place.store.requestCancel(info.id, reason);
  return true;
}
