// Errors a user can act on (a failed step with its line, a page the fetcher could not load) and the
// redaction that keeps secrets (login.password) out of every message that leaves a session.
import type { Step } from '../../../language/src/ast';
import { secretForms } from './secret-forms';

/**
 * A problem with the agent or the site that ends the session: the message says what, why and how to
 * fix it. `line` is 1-based, the line of the step's keyword.
 */
export class StepError extends Error {
  constructor(
    readonly reason: string,
    readonly step?: Step,
    /** The agent's file, when known: the message then says `at FILE:LINE`. */
    readonly file?: string,
  ) {
    const line = step && step.keywordRange.start.line + 1;
    super(step ? `${reason} (step '${step.kind}' ${file ? `at ${file}:${line}` : `on line ${line}`})` : reason);
    this.name = 'StepError';
  }

  /** The same error naming the agent's file too (once; the innermost step that failed keeps its place). */
  in(file: string | undefined): StepError {
    return file && this.step && !this.file ? new StepError(this.reason, this.step, file) : this;
  }

  get line(): number | undefined {
    return this.step ? this.step.keywordRange.start.line + 1 : undefined;
  }
}

/** What kind of failure a FetchError is (for tests and for tools that treat some kinds specially). */
export type FetchFailure =
  | 'connection-refused'
  | 'dns'
  | 'network'
  | 'connect-timeout'
  | 'response-timeout'
  | 'too-large'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'bad-url'
  | 'unsupported-scheme'
  | 'host-not-allowed'
  | 'file-not-found'
  | 'file-error';

/**
 * A page the fetcher could not load (network, timeout, size limit, redirects, missing file): a
 * PageFetcher rejects with it, its message is for the user, and the interpreter turns it into a failed step.
 */
export class FetchError extends Error {
  constructor(
    readonly failure: FetchFailure,
    readonly url: string,
    message: string,
    /** How many attempts were made (retries included). */
    readonly attempts = 1,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/** Whether an error is the session's abort signal firing (a cancel or the run-time limit). */
export function isAbortError(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && err.name === 'AbortError');
}

/** Throws an AbortError when the session has been cancelled. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    const e = new Error('The session was cancelled.');
    e.name = 'AbortError';
    throw e;
  }
}

export const REDACTED = '***';

/** Replaces every occurrence of the session's secrets in a text with `***`. */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Array<string | undefined>) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = secrets.filter((s): s is string => !!s).sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** The password in every form it can take in URLs, forms, JSON and HTML (secret-forms.ts). */
  static forPassword(password: string | undefined): Redactor {
    return new Redactor(password ? secretForms(password) : []);
  }
}
