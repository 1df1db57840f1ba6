// The contract between the step interpreter and whatever hosts it (a session worker, a test):
// how pages are fetched, where records, logs and progress go, and the hooks a debugger uses.
import type { Step } from '../../../language/src/ast';
import type { Inputs, LogLevel, RecordValues, SessionProgress } from '../session-types';
import type { Page } from './page';

export interface FetchRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** application/x-www-form-urlencoded body for POST. */
  body?: string;
}

export interface FetchResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** How many attempts the fetcher made (more than 1 when it retried a 5xx or a network error). */
  attempts?: number;
}

/** Fetches pages for one session: its own cookie jar, timeouts, bounded redirects, retries. */
export interface PageFetcher {
  /** Rejects with a FetchError (interpreter/errors.ts) when the page cannot be loaded. */
  fetch(req: FetchRequest, signal: AbortSignal): Promise<FetchResponse>;
}

/** One element a selector matched, as a debugger shows it. */
export interface ElementMatch {
  tag: string;
  text: string;
  /** Outer HTML, shortened. */
  html: string;
  /** Absolute href/src, if the element has one. */
  url?: string;
}

/** A paginate or visit block a step runs in: which page (0-based) or link (of how many) it is on. */
export interface BlockFrame {
  step: Step;
  iteration: number;
  /** visit each: how many links it visits. */
  total?: number;
}

/** Where the interpreter stands when a step is about to run (what a debugger shows); secrets masked. */
export interface StepFrame {
  step: Step;
  /** Nesting of paginate/visit blocks, outermost first, with the current page/link index. */
  stack: BlockFrame[];
  pageUrl?: string;
  /** The record the session extracted most recently (the debugger's "current record"), if any. */
  record?: RecordValues;
}

/** What a debugger may look at while the session waits in a hook (in the session's own thread). */
export interface StepScope {
  session: SessionContext;
  /** The current page, if one is open. */
  page?: Page;
  /** Masks the session's secrets: apply it to anything taken from the page before it leaves the session. */
  redact(text: string): string;
}

/** A problem a step ran into: one that fails the session, or a field stored as null. */
export interface StepProblem {
  message: string;
  fails: boolean;
}

export interface StepHooks {
  /** Called before each step; a debugger pauses here by not resolving until told to continue. */
  beforeStep?(frame: StepFrame, scope: StepScope): Promise<void> | void;
  /** Called when a step runs into a problem, before it fails the session or the field is stored as null. */
  stepProblem?(frame: StepFrame, scope: StepScope, problem: StepProblem): Promise<void> | void;
}

export interface StepHost {
  fetcher: PageFetcher;
  record(dataset: string, values: RecordValues): void;
  log(level: LogLevel, message: string): void;
  progress(update: Partial<SessionProgress>): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  hooks?: StepHooks;
}

export interface SessionContext {
  id: string;
  inputs: Inputs;
  /** The agent's file as users name it, for step errors (`at agents/books.rpa:15`). */
  source?: string;
  /** The bot's login data; the password is a secret and must never be logged, stored or exported. */
  login?: { user?: string; password?: string };
}
