// A session worker's outgoing side: batches records, log lines and progress (RECORD_BATCH_SIZE rows or
// FLUSH_INTERVAL_MS, whichever comes first) and redacts the session's secrets from every value sent.
import type { MessagePort } from 'node:worker_threads';
import type { Redactor } from '../interpreter/errors';
import type { LogEntry, LogLevel, RecordValues, SessionProgress } from '../session-types';
import { EMPTY_PROGRESS } from '../session-types';
import type { SessionToEngine } from './worker-protocol';
import { FLUSH_INTERVAL_MS, RECORD_BATCH_SIZE } from './worker-protocol';

/** Every string inside the value with the secrets masked (structure and other types kept). */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redactor)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redactor);
    return out as T;
  }
  return value;
}

export class SessionOutbox {
  private readonly pendingRecords = new Map<string, RecordValues[]>();
  private pendingCount = 0;
  private pendingLogs: LogEntry[] = [];
  private readonly current: SessionProgress = { ...EMPTY_PROGRESS };
  private progressDirty = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly port: MessagePort,
    private readonly redactor: Redactor,
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

  /** Sends everything pending now: records first, then logs, then the latest progress. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [dataset, rows] of this.pendingRecords) this.send({ type: 'rpa/records', dataset, rows });
    this.pendingRecords.clear();
    this.pendingCount = 0;
    if (this.pendingLogs.length) this.send({ type: 'rpa/logs', entries: this.pendingLogs });
    this.pendingLogs = [];
    if (this.progressDirty) this.send({ type: 'rpa/progress', progress: { ...this.current } });
    this.progressDirty = false;
  }

  /** Flushes, then sends one message right away (a pause, a reply, the session's end). */
  send(message: SessionToEngine): void {
    if (message.type === 'rpa/pausedAtStep' || message.type === 'rpa/sessionEnded') this.flush();
    this.port.postMessage(redactDeep(message, this.redactor));
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }
}
