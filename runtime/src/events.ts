// Typed events the session engine emits; the CLI, the debug adapter and the Sessions panel listen.
// Secrets never appear in any event: values are redacted before an event is built.
import type { LogEntry, SessionInfo, SessionProgress, SessionStatus } from './session-types';

export type EngineEvent =
  | { type: 'session-queued'; session: SessionInfo; position: number }
  | { type: 'session-started'; session: SessionInfo }
  | { type: 'session-progress'; id: string; progress: SessionProgress }
  | { type: 'session-log'; id: string; entry: LogEntry }
  | { type: 'session-records'; id: string; dataset: string; count: number }
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
