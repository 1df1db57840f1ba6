// Background requests (semantic tokens, symbols, folding, inlay hints, code lenses): run once no message
// waits and typing paused; superseded by an edit, answered from what was computed or refused as outdated.
import { LSPErrorCodes, ResponseError, type CancellationToken, type MessageStrategy } from 'vscode-languageserver/node';
import { throwIfCancelled } from './cancellation';

/** Background work waits this long after the last edit: while someone types, only the latest text is worth it. */
const QUIET_AFTER_EDIT_MS = 50;

interface Job {
  key: string;
  /** The document's editor version when the request arrived: what the answer is about. */
  version: number | undefined;
  settle: () => void;
}

interface Result {
  variant: string;
  version: number | undefined;
  generation: number;
  value: unknown;
}

/** Counts the messages a connection dispatches (its message strategy), to tell when none is waiting. */
export class MessageCounter {
  dispatched = 0;
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.dispatched++;
      return next(message);
    },
  };
}

export class BackgroundRequests {
  private readonly jobs: Job[] = [];
  private draining = false;
  /** Background work waits until then: set by an edit, and by a costly answer (see drain). */
  private quietUntil = 0;
  /** The last answer of each feature for each document. */
  private readonly results = new Map<string, Result>();

  /**
   * @param messages the connection's message counter
   * @param version a document's current editor version (undefined when it is not open)
   * @param generation changes whenever any file of the workspace or the deployment state changes
   * @param sync parses a document's latest text into the index
   */
  constructor(
    private readonly messages: MessageCounter,
    private readonly version: (key: string) => number | undefined,
    private readonly generation: () => number,
    private readonly sync: (key: string) => void,
  ) {}

  /**
   * Answers `feature` (for `variant` of its parameters) for a document once the server is idle: the
   * last answer again when nothing changed since, `compute()` otherwise. When an edit arrives first,
   * the answer computed for the version the request was about, if any, or a ContentModified error.
   */
  run<T>(feature: string, variant: string, key: string, token: CancellationToken, compute: () => T): Promise<T> {
    const version = this.version(key);
    const id = `${feature} ${key}`;
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        try {
          const last = this.results.get(id);
          if (this.version(key) !== version) {
            if (last && last.variant === variant && last.version === version) return resolve(last.value as T);
            throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed: this answer is about an older version.');
          }
          throwIfCancelled(token);
          this.sync(key);
          const generation = this.generation();
          if (last && last.variant === variant && last.version === version && last.generation === generation) return resolve(last.value as T);
          const value = compute();
          this.results.set(id, { variant, version, generation, value });
          resolve(value);
        } catch (err) {
          reject(err);
        }
      };
      this.jobs.push({ key, version, settle });
      void this.drain();
    });
  }

  /** A document changed: its waiting requests are settled now rather than after the others. */
  superseded(key: string): void {
    this.quietUntil = Math.max(this.quietUntil, performance.now() + QUIET_AFTER_EDIT_MS);
    const stale = this.jobs.filter((j) => j.key === key && j.version !== this.version(key));
    for (const job of stale) this.jobs.splice(this.jobs.indexOf(job), 1);
    for (const job of stale) job.settle();
  }

  /** The document closed: its answers are no longer needed. */
  forget(key: string): void {
    for (const id of this.results.keys()) if (id.endsWith(` ${key}`)) this.results.delete(id);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.jobs.length) {
        await this.idle();
        const started = performance.now();
        this.jobs.shift()?.settle();
        // The answer is serialised in a later turn (the connection's write queue): two turns take it in.
        for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
        // The next answer waits as long as this one took: a pause in typing is not spent on every
        // kind back to back (the outline of a 10,000-line file alone is 2 MB of JSON; answering all
        // five in one pause put 100-200 ms before the next key on a busy machine), cheap ones follow at once.
        this.quietUntil = Math.max(this.quietUntil, 2 * performance.now() - started);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Resolves in the first turn of the event loop in which the connection dispatched no message, once quiet. */
  private async idle(): Promise<void> {
    for (;;) {
      const seen = this.messages.dispatched;
      await new Promise((resolve) => setImmediate(resolve));
      if (seen !== this.messages.dispatched) continue;
      const wait = this.quietUntil - performance.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
