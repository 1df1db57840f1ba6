// The language server's own protocol: initialization options and the custom `rpa/…` messages.
// Clients (the VS Code extension, tests, benchmarks) import the types from here; no code crosses.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/** `initializationOptions` the server understands. */
export interface RpaInitializationOptions {
  /**
   * Milliseconds between the last edit and re-checking (0–150, default 120). Edits inside the delay
   * supersede each other; only the last text is checked.
   */
  diagnosticsDelay?: number;
}

export const DEFAULT_DIAGNOSTICS_DELAY = 120;
export const MAX_DIAGNOSTICS_DELAY = 150;

export interface RpaServerStatus {
  /** Whether every .rpa file under the workspace folders has been read and indexed. */
  indexed: boolean;
  /** .rpa files in the index (files on disk and open documents). */
  files: number;
  /** Files waiting to be re-checked. */
  pending: number;
  errors: number;
  warnings: number;
  infos: number;
  /**
   * The last check pass: milliseconds from the debounce firing to its last publish, the CPU time the
   * server process spent meanwhile (close to `ms` unless other processes compete), and files re-checked.
   */
  lastPass: { ms: number; cpuMs: number; files: number } | undefined;
}

/** `rpa/status`: the server's state, answered at once (also a cheap round trip for benchmarks). */
export const StatusRequest = new RequestType0<RpaServerStatus, void>('rpa/status');

/** `rpa/statusChanged`: sent when indexing finishes and when a check pass changes the counts. */
export const StatusNotification = new NotificationType<RpaServerStatus>('rpa/statusChanged');
