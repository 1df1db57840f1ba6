// Typed events the session engine emits; the CLI, the debug adapter and the Sessions panel listen.
// Secrets never appear in any event: values are redacted before an event is built.
import type { LogEntry, SessionInfo, SessionProgress, SessionStatus } from './session-types';

export type EngineEvent =
  | { type: 'session-queued'; session: SessionInfo; position: number }
  | { type: 'session-started'; session: SessionInfo }
  | { type: 'session-progress'; id: string; progress: SessionProgress }
  | { type: 'session-log'; id: string; entry: LogEntry }
  /** Records reported by the session (not yet durable: see session-committed). */
  | { type: 'session-records'; id: string; dataset: string; count: number }
  /**
   * The store committed: these are the session's records per dataset that are durable now (all it
   * recorded so far, not just since the last one). A crash after it loses none of them.
   */
  | { type: 'session-committed'; id: string; datasets: Record<string, number>; records: number }
  | { type: 'session-ended'; session: SessionInfo; status: SessionStatus; error?: string }
  | { type: 'session-cleaned'; id: string; reason: 'closed' | 'expired' | 'removed-after-export' };

export type EngineEventListener = (e: EngineEvent) => void;

/** A minimal typed event hub (synchronous delivery, listener errors isolated). */
export class EventHub<E> {
  private listeners = new Set<(e: E) => void>();

  on(listener: (e: E) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(e: E): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        queueMicrotask(() => { throw err; });
      }
    }
  }
}
