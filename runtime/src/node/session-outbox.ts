// A session worker's outgoing side: batches records, log lines and progress (RECORD_BATCH_SIZE rows or
// FLUSH_INTERVAL_MS, whichever comes first) into one message, with the session's secrets redacted.
import type { MessagePort } from 'node:worker_threads';
import type { Redactor } from '../interpreter/errors';
import type { LogEntry, LogLevel, RecordValues, SessionProgress } from '../session-types';
import { EMPTY_PROGRESS } from '../session-types';
import type { SessionBatch, SessionToEngine } from './worker-protocol';
import { FLUSH_INTERVAL_MS, RECORD_BATCH_SIZE } from './worker-protocol';

/**
 * The value with the secrets masked in every string inside it. Copy on write: objects and arrays
 * without a secret in them are returned as they are, so a batch without secrets is not copied.
 */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.redact(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const r = redactDeep(v, redactor);
      if (r !== v) (out ??= value.slice())[i] = r;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v: unknown = value[k];
    const r = redactDeep(v, redactor);
    if (r !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = r;
  }
  return (out ?? value) as T;
}

export class SessionOutbox {
  private pendingRecords = new Map<string, RecordValues[]>();
  private pendingCount = 0;
  private pendingLogs: LogEntry[] = [];
  private readonly current: SessionProgress = { ...EMPTY_PROGRESS };
  private progressDirty = false;
  private timer: NodeJS.Timeout | undefined;

  /** `redactor`: the session's secrets (login.password); none when the session has no secret to hide. */
  constructor(
    private readonly port: MessagePort,
    private readonly redactor: Redactor | undefined,
  ) {}

  record(dataset: string, values: RecordValues): void {
    let rows = this.pendingRecords.get(dataset);
    if (!rows) this.pendingRecords.set(dataset, (rows = []));
    rows.push(values);
    if (++this.pendingCount >= RECORD_BATCH_SIZE) this.flush();
    else this.schedule();
  }

  log(level: LogLevel, message: string): void {
    this.pendingLogs.push({ time: Date.now(), level, message });
    this.schedule();
  }

  progress(update: Partial<SessionProgress>): void {
    Object.assign(this.current, update);
    this.progressDirty = true;
    this.schedule();
  }

  /** Sends everything pending now, as one batch: records, then logs, then the latest progress. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pendingCount && !this.pendingLogs.length && !this.progressDirty) return;
    const batch: SessionBatch = { type: 'rpa/batch' };
    if (this.pendingCount) {
      batch.records = [...this.pendingRecords].map(([dataset, rows]) => ({ dataset, rows }));
      this.pendingRecords = new Map();
      this.pendingCount = 0;
    }
    if (this.pendingLogs.length) {
      batch.logs = this.pendingLogs;
      this.pendingLogs = [];
    }
    if (this.progressDirty) {
      batch.progress = { ...this.current };
      this.progressDirty = false;
    }
    this.post(batch);
  }

  /** Flushes, then sends one message right away (a pause, a reply, the session's end). */
  send(message: SessionToEngine): void {
    if (message.type === 'rpa/stopped' || message.type === 'rpa/sessionEnded') this.flush();
    this.post(message);
  }

  private post(message: SessionToEngine): void {
    this.port.postMessage(this.redactor ? redactDeep(message, this.redactor) : message);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }
}
