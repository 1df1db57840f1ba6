// The Agent API's remote option: sessions start on the fleet (BullMQ queue, PostgreSQL store) instead
// of in this process, and each handle reads only its own session there, bound to that one instance.
import { setTimeout as delay } from 'node:timers/promises';
import type { SessionView } from '../api/session-handle';
import { cleanedUpError, closedHereError, eventSessionId } from '../api/session-handle';
import { tokenApi, type TokenApi } from '../api/token-api';
import type { EngineEvent } from '../events';
import { FINISHED_STATUSES, type LogEntry, type SessionInfo } from '../session-types';
import type { PageRequest, RecordPage } from '../store/store-api';
import { RpaUserError } from '../user-error';
import { cancelOnFleet, type FleetPlace } from './cancel-session';
import { FleetFollower, FOLLOW_POLL_MS } from './fleet-follower';
import { PgSessionStore } from './pg-session-store';
import { submitSession } from './submit-run';

export interface RemoteAgentApiOptions {
  /** The workspace whose run configurations the sessions come from (its rules apply when starting one). */
  workspaceDir: string;
  /** The fleet: its workers' queue (redis://…) and its session store (postgres://…). */
  remote: { queue: string; store: string };
}

/** A session on the fleet, as SessionHandle is locally; every read goes to the fleet's store, so each returns a promise. */
export interface RemoteSessionHandle {
  readonly id: string;
  /** Unguessable; give it to the web app's client and get the handle back with api.session(token). */
  readonly token: string;
  status(): Promise<SessionView>;
  datasets(): Promise<Array<{ dataset: string; count: number }>>;
  data(dataset: string, page?: PageRequest): Promise<RecordPage>;
  logs(page?: PageRequest): Promise<LogEntry[]>;
  /** Resolves once the session has ended (completed, failed, cancelled or interrupted). */
  wait(): Promise<SessionView>;
  /** This session's events, read back from the fleet's store as they are written. */
  onEvent(listener: (e: EngineEvent) => void): { dispose(): void };
  /** Cancels it if queued (taken off the queue) or running (its worker stops it within about a second); false otherwise. */
  cancel(): Promise<boolean>;
  /** CloseSession: cancels it if needed, waits for it to end, removes its data; the handle refuses from then on. */
  close(): Promise<SessionView>;
}

/** startSession() starts one session of a run configuration on the fleet; close() closes the connection to the store (the sessions go on). */
export type RemoteAgentApi = TokenApi<RemoteSessionHandle>;

export async function createRemoteAgentApi(options: RemoteAgentApiOptions): Promise<RemoteAgentApi> {
  const store = await PgSessionStore.open(options.remote.store);
  return tokenApi(
    async (request, token) => {
      if (!request.run) {
        throw new RpaUserError('unknown-declaration', `On the fleet, sessions run on a bot: start one session of a run configuration (startSession({ run: NAME })), not an agent alone${request.agent ? ` ("${request.agent}")` : ''}.`);
      }
      const info = await submitSession({ workspaceDir: options.workspaceDir, run: request.run, sessionId: request.sessionId, inputs: request.inputs, queueUrl: options.remote.queue, store });
      return remoteHandle(info, token, { store, queueUrl: options.remote.queue, workspaceDir: options.workspaceDir });
    },
    () => store.close(),
  );
}

function remoteHandle(session: SessionInfo, token: string, place: FleetPlace): RemoteSessionHandle {
  const { store } = place;
  const { id, instanceId } = session;
  let closedHere = false;
  const current = async (): Promise<SessionInfo> => {
    if (closedHere) throw closedHereError(id);
    const info = await store.getSession(id);
    if (!info || info.instanceId !== instanceId || info.status === 'closed' || info.status === 'expired') throw cleanedUpError(id);
    return info;
  };
  const view = async (): Promise<SessionView> => {
    const info = await current();
    if (info.status !== 'queued') return info;
    const ahead = (await store.listSessions({ status: 'queued' })).filter((s) => s.bot === info.bot);
    return { ...info, queuePosition: ahead.findIndex((s) => s.id === id) + 1 };
  };
  const wait = async (): Promise<SessionView> => {
    while (!FINISHED_STATUSES.has((await current()).status)) await delay(FOLLOW_POLL_MS);
    return view();
  };
  const cancel = async (reason = 'Cancelled by the user.'): Promise<boolean> => cancelOnFleet(place, await current(), reason);
  return {
    id,
    token,
    status: view,
    datasets: async () => (await current(), store.datasets(id)),
    data: async (dataset, page) => (await current(), store.records(id, dataset, page)),
    logs: async (page) => (await current(), store.logs(id, page)),
    wait,
    onEvent(listener) {
      const follower = new FleetFollower(store, [session]);
      const listening = follower.events.on((e) => {
        if (eventSessionId(e) === id && !closedHere) listener(e);
      });
      void follower.follow().catch(() => undefined).finally(() => listening.dispose());
      return { dispose: () => (follower.stop(), listening.dispose()) };
    },
    cancel: () => cancel(),
    async close() {
      await cancel('Closed while it was queued or running (CloseSession).');
      await wait();
      await store.closeSession(id);
      const last = await store.getSession(id);
      closedHere = true;
      return last!;
    },
  };
}
