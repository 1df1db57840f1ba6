// A handle on one session for a web app: status, data, logs, events, cancel and close of that session
// only. It closes over its session's ID, so no method takes an ID through which to reach another's data.
import type { SessionEngine } from '../engine/session-engine';
import type { EngineEvent } from '../events';
import type { LogEntry, SessionInfo } from '../session-types';
import type { PageRequest, RecordPage, SessionStoreApi } from '../store/store-api';
import { RpaUserError } from '../user-error';

/** What a caller sees of its own session: its info plus where it waits in the queue, if it does. */
export interface SessionView extends SessionInfo {
  queuePosition?: number;
}

export interface SessionHandle {
  readonly id: string;
  /** Unguessable; give it to the web app's client (e.g. in a cookie) and get the handle back with api.session(token). */
  readonly token: string;
  status(): SessionView;
  /** The datasets this session has records in, with their counts. */
  datasets(): Array<{ dataset: string; count: number }>;
  /** A page of this session's records in one dataset. */
  data(dataset: string, page?: PageRequest): RecordPage;
  logs(page?: PageRequest): LogEntry[];
  /** Resolves once the session has ended (completed, failed, cancelled or interrupted). */
  wait(): Promise<SessionView>;
  /** This session's events only. */
  onEvent(listener: (e: EngineEvent) => void): { dispose(): void };
  /** Cancels the session if it is queued or running; false otherwise. */
  cancel(): boolean;
  /** CloseSession: cancels it if needed and removes its data at once; status stays readable as `closed`. */
  close(): Promise<SessionView>;
}

export interface HandleDeps {
  engine: SessionEngine;
  store: SessionStoreApi;
}

export function eventSessionId(e: EngineEvent): string {
  return 'session' in e ? e.session.id : e.id;
}

export function createSessionHandle(id: string, token: string, deps: HandleDeps): SessionHandle {
  const { engine, store } = deps;
  const view = (): SessionView => {
    const info = engine.session(id);
    if (!info) {
      throw new RpaUserError('unknown-session', `Session "${id}" no longer exists: it was cleaned up (closed, or its session timeout passed) and its data removed. Start a new session.`);
    }
    const queuePosition = engine.queuePosition(id);
    return queuePosition === undefined ? info : { ...info, queuePosition };
  };
  return {
    id,
    token,
    status: view,
    datasets: () => store.datasets(id),
    data: (dataset, page) => store.records(id, dataset, page),
    logs: (page) => store.logs(id, page),
    wait: async () => {
      await engine.whenEnded(id);
      return view();
    },
    onEvent: (listener) => engine.events.on((e) => {
      if (eventSessionId(e) === id) listener(e);
    }),
    cancel: () => engine.cancel(id),
    close: async () => {
      await engine.closeSession(id);
      return view();
    },
  };
}
