// The debugger's plain data, shared by the engine side (session-debugger.ts) and the session's own
// thread (step-gate.ts): breakpoints on step lines, how a session resumes, why and where it stopped.
import type { Step } from '../../../language/src/ast';
import type { ElementMatch, StepFrame } from '../interpreter/host';
import type { FieldValue } from '../session-types';

/** A breakpoint as a session checks it: on the step whose keyword is on `line` (0-based) of the agent's file. */
export interface StepBreakpoint {
  id: number;
  line: number;
  /** A condition in the field-expression language (`input.category == "travel"`); stops only when true. */
  condition?: string;
  /** `3`, `>= 3`, `% 2`: stops only on the matching hits (counted per session). */
  hitCondition?: string;
  /** A logpoint: this message (with `{expression}` parts) goes to the session log instead of stopping. */
  logMessage?: string;
}

/** How a stopped session goes on: to the next breakpoint, the next step at the same nesting, into, or out of its block. */
export type ResumeMode = 'continue' | 'next' | 'stepIn' | 'stepOut';

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception';

/** What the debugger shows of the current page (cookies by name only). */
export interface PageInfo {
  url: string;
  status: number;
  title: string;
  /** Bytes of the page's HTML. */
  size: number;
  cookies: string[];
}

/** A session stopped before a step (or at a step's problem), with everything a debugger shows; secrets masked. */
export interface DebugStop {
  reason: StopReason;
  /** The breakpoints that stopped it (reason breakpoint). */
  breakpointIds?: number[];
  /** Why, in words: the failure or conversion problem for reason exception. */
  text?: string;
  frame: StepFrame;
  page?: PageInfo;
}

/** What evaluating an expression in a stopped session gives: a selector's matches or a field value. */
export type Evaluation =
  /** `total` matches, the first of them listed in `matches`. */
  | { kind: 'matches'; selector: string; total: number; matches: ElementMatch[] }
  | { kind: 'value'; expression: string; value: FieldValue };

/** What a session's debugger may do to it while it runs (its worker applies it in the session's thread). */
export interface SessionDebugControl {
  setBreakpoints(breakpoints: StepBreakpoint[]): void;
  setBreakOnProblems(on: boolean): void;
  /** Stop before the next step. */
  pause(): void;
  resume(mode: ResumeMode): void;
  /** Only while stopped: a CSS selector or a field expression against the session's current page. */
  evaluate(expression: string): Promise<Evaluation>;
}

/** How a session is started under the debugger. */
export interface DebugOptions {
  breakpoints: StepBreakpoint[];
  stopOnEntry: boolean;
  /** The "Step failures" exception filter: stop at a step's problem before it fails the session. */
  breakOnProblems: boolean;
}

/** The keyword line of a step (0-based): the line its breakpoints sit on. */
export function stepLine(step: Step): number {
  return step.keywordRange.start.line;
}
