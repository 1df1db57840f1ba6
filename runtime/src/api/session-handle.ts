// A handle on one session for a web app: status, data, logs, events, cancel and close of that session
// only. It is bound to one session instance, so no method reaches another's data, not even a later
// session started with the same ID.
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
  /**
   * CloseSession: cancels it if needed and removes its data at once; resolves with its last status
   * (`closed`). From then on every method of the handle refuses: this session was closed.
   */
  close(): Promise<SessionView>;
}

export interface HandleDeps {
  engine: SessionEngine;
  store: SessionStoreApi;
}

/** Refusals shared by local and remote handles: closed through this handle, or cleaned up (or replaced by a later session with its ID). */
export function closedHereError(id: string): RpaUserError {
  return new RpaUserError('unknown-session', `This session ("${id}") was closed through this handle (CloseSession) and its data removed. Start a new session to go on.`);
}

export function cleanedUpError(id: string): RpaUserError {
  return new RpaUserError(
    'unknown-session',
    `This session ("${id}") was closed: it was cleaned up (CloseSession, or its session timeout passed) and its data removed. ` +
      'A session started later with the same ID belongs to whoever started it. Start a new session to go on.',
  );
}

export function eventSessionId(e: EngineEvent): string {
  return 'session' in e ? e.session.id : e.id;
}

/** `session`: the instance the handle is bound to, as it was started. */
export function createSessionHandle(session: SessionInfo, token: string, deps: HandleDeps): SessionHandle {
  const { engine, store } = deps;
  const { id, instanceId } = session;
  let closedHere = false;
  /** This handle's session as it is now; refuses once it was closed or replaced by a later one with its ID. */
  const current = (): SessionInfo => {
    if (closedHere) throw closedHereError(id);
    const info = engine.session(id);
    if (!info || info.instanceId !== instanceId) throw cleanedUpError(id);
    return info;
  };
  const view = (): SessionView => {
    const info = current();
    const queuePosition = engine.queuePosition(id);
    return queuePosition === undefined ? info : { ...info, queuePosition };
  };
  const mine = (): boolean => !closedHere && engine.session(id)?.instanceId === instanceId;
  return {
    id,
    token,
    status: view,
    datasets: () => (current(), store.datasets(id)),
    data: (dataset, page) => (current(), store.records(id, dataset, page)),
    logs: (page) => (current(), store.logs(id, page)),
    wait: async () => {
      current();
      await engine.whenEnded(id);
      return view();
    },
    onEvent: (listener) => engine.events.on((e) => {
      if (eventSessionId(e) === id && mine()) listener(e);
    }),
    cancel: () => (current(), engine.cancel(id)),
    close: async () => {
      current();
      await engine.closeSession(id);
      const last = view();
      closedHere = true;
      return last;
    },
  };
}
