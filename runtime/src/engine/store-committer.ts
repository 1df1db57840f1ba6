// Commits the session store while sessions run, so other processes (`sessions list`, another window's
// panel) see them: at once after a state change, within `intervalMs` of new data; never overlapping.
import type { Clock } from '../clock';
import type { SessionStoreApi } from '../store/store-api';

export interface StoreCommitterOptions {
  store: Pick<SessionStoreApi, 'commit'>;
  clock: Clock;
  /** How long what sessions report may wait before it is committed. */
  intervalMs: number;
  /**
   * Runs right before each commit: writes what is kept in memory between commits (live progress).
   * What it returns runs once that commit is durable (it tells who waits what is safe now).
   */
  beforeCommit?: () => (() => void) | void;
  /**
   * Commits nobody awaits started failing (each next change retries); called once per failure streak,
   * so a full disk is reported once rather than at every interval.
   */
  onError: (error: Error) => void;
}

export class StoreCommitter {
  private timer: { cancel(): void } | undefined;
  /** The commit that runs after the current synchronous work: changes made until then share it. */
  private queued: Promise<void> | undefined;
  /** The commit in flight (settles either way); the next one starts after it. */
  private running: Promise<void> | undefined;
  private disposed = false;
  private failing = false;

  constructor(private readonly options: StoreCommitterOptions) {}

  /** Something was recorded: it is committed within intervalMs. */
  soon(): void {
    if (this.timer || this.queued || this.disposed) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.report(this.commit());
    }, this.options.intervalMs);
  }

  /** A state change others should see at once: committed right after the current synchronous work. */
  now(): void {
    this.report(this.commit());
  }

  /**
   * Commits everything recorded before the call (after the current synchronous work, so several
   * changes share one commit); waits for a commit in flight first. Rejects when the commit fails.
   */
  commit(): Promise<void> {
    this.queued ??= Promise.resolve()
      .then(() => this.running)
      .then(() => {
        this.queued = undefined;
        this.timer?.cancel();
        this.timer = undefined;
        const durable = this.options.beforeCommit?.();
        const running = this.options.store.commit();
        this.running = running.then(
          () => {
            this.failing = false;
            durable?.();
          },
          () => undefined,
        );
        return running.then(() => this.running);
      });
    return this.queued;
  }

  /** Stops periodic commits; later changes are committed only by explicit commit() calls. */
  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private report(commit: Promise<void>): void {
    commit.catch((e: unknown) => {
      if (this.failing) return;
      this.failing = true;
      this.options.onError(e instanceof Error ? e : new Error(String(e)));
    });
  }
}
