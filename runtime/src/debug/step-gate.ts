// Decides, in the session's own thread, whether the session stops before a step: breakpoints (with
// conditions, hit counts, logpoints), stepping by nesting depth, pause requests and step problems.
// A step that hits nothing returns at once, so an unhit breakpoint costs no message to the engine.
import type { StepFrame, StepProblem, StepScope } from '../interpreter/host';
import type { Page } from '../interpreter/page';
import type { DebugOptions, DebugStop, Evaluation, PageInfo, ResumeMode, StepBreakpoint, StopReason } from './debug-types';
import { stepLine } from './debug-types';
import { evaluateExpr, evaluateForDebugger, isTrue, renderTemplate, type EvalScope } from './expression-eval';
import { parseExpression, type Expr } from './expressions';
import { parseHitCondition, type HitTest } from './hit-conditions';

/** What the gate needs from the session it runs in. */
export interface GateHost {
  /** The session stopped: tell the engine (the gate then waits for resume()). */
  stopped(stop: DebugStop): void;
  /** A logpoint's message, for the session log. */
  log(message: string): void;
  /** What the debugger shows of a page: its cookies come from the session's fetcher. */
  pageInfo(page: Page): PageInfo;
}

interface ArmedBreakpoint {
  bp: StepBreakpoint;
  condition?: Expr;
  hit?: HitTest;
}

export class StepGate {
  private readonly byLine = new Map<number, ArmedBreakpoint[]>();
  private readonly hits = new Map<number, number>();
  private entryPending: boolean;
  private breakOnProblems: boolean;
  private pauseRequested = false;
  private stepping: { mode: Exclude<ResumeMode, 'continue'>; depth: number } | undefined;
  private stoppedAt: { resume(): void; scope: EvalScope; depth: number } | undefined;

  constructor(options: DebugOptions, private readonly host: GateHost) {
    this.entryPending = options.stopOnEntry;
    this.breakOnProblems = options.breakOnProblems;
    this.setBreakpoints(options.breakpoints);
  }

  /** Replaces the breakpoints; those that do not parse were refused when they were set, and are left out. */
  setBreakpoints(breakpoints: StepBreakpoint[]): void {
    this.byLine.clear();
    for (const bp of breakpoints) {
      const armed: ArmedBreakpoint = { bp };
      try {
        if (bp.condition) armed.condition = parseExpression(bp.condition);
        const hit = bp.hitCondition ? parseHitCondition(bp.hitCondition) : undefined;
        if (hit && 'error' in hit) continue;
        armed.hit = hit?.test;
      } catch {
        continue;
      }
      const list = this.byLine.get(bp.line) ?? [];
      list.push(armed);
      this.byLine.set(bp.line, list);
    }
  }

  setBreakOnProblems(on: boolean): void {
    this.breakOnProblems = on;
  }

  pause(): void {
    this.pauseRequested = true;
  }

  resume(mode: ResumeMode): void {
    const at = this.stoppedAt;
    if (!at) return;
    this.stoppedAt = undefined;
    this.stepping = mode === 'continue' ? undefined : { mode, depth: at.depth };
    at.resume();
  }

  /** Lets a stopped session go on without stepping (it is being cancelled). */
  release(): void {
    this.resume('continue');
  }

  get isStopped(): boolean {
    return this.stoppedAt !== undefined;
  }

  evaluate(expression: string): Evaluation {
    if (!this.stoppedAt) throw new Error('The session is running; pause it (or wait for a breakpoint) to evaluate on its page.');
    return evaluateForDebugger(expression, this.stoppedAt.scope);
  }

  /** The interpreter's before-step hook. */
  beforeStep(frame: StepFrame, scope: StepScope): Promise<void> | void {
    const depth = frame.stack.length;
    let reason: StopReason | undefined;
    if (this.entryPending) {
      this.entryPending = false;
      reason = 'entry';
    }
    if (!reason && this.pauseRequested) reason = 'pause';
    if (!reason && this.stepping) {
      const { mode, depth: from } = this.stepping;
      if (mode === 'stepIn' || (mode === 'next' && depth <= from) || (mode === 'stepOut' && depth < from)) reason = 'step';
    }
    const armed = this.byLine.get(stepLine(frame.step));
    let evalScope: EvalScope | undefined;
    const hitIds: number[] = [];
    let text: string | undefined;
    for (const a of armed ?? []) {
      evalScope ??= this.evalScope(frame, scope);
      try {
        if (a.condition && !isTrue(evaluateExpr(a.condition, evalScope))) continue;
      } catch (e) {
        text = `The condition ${JSON.stringify(a.bp.condition)} of the breakpoint on line ${a.bp.line + 1} could not be evaluated: ${(e as Error).message}.`;
        hitIds.push(a.bp.id);
        continue;
      }
      const hits = (this.hits.get(a.bp.id) ?? 0) + 1;
      this.hits.set(a.bp.id, hits);
      if (a.hit && !a.hit(hits)) continue;
      if (a.bp.logMessage !== undefined) this.host.log(`Logpoint (line ${a.bp.line + 1}): ${renderTemplate(a.bp.logMessage, evalScope)}`);
      else hitIds.push(a.bp.id);
    }
    if (hitIds.length) reason = 'breakpoint';
    if (!reason) return undefined;
    return this.stop({ reason, breakpointIds: hitIds.length ? hitIds : undefined, text, frame }, evalScope ?? this.evalScope(frame, scope), depth);
  }

  /** The interpreter's step-problem hook: with "Step failures" on, the session stops before the problem takes effect. */
  stepProblem(frame: StepFrame, scope: StepScope, problem: StepProblem): Promise<void> | void {
    if (!this.breakOnProblems) return undefined;
    const text = problem.fails ? `The step fails: ${problem.message}` : `A field is stored as null: ${problem.message}`;
    return this.stop({ reason: 'exception', text, frame }, this.evalScope(frame, scope), frame.stack.length);
  }

  private stop(stop: Omit<DebugStop, 'page'>, scope: EvalScope, depth: number): Promise<void> {
    this.pauseRequested = false;
    this.stepping = undefined;
    return new Promise<void>((resolve) => {
      this.stoppedAt = { resume: resolve, scope, depth };
      this.host.stopped({ ...stop, page: scope.pageInfo });
    });
  }

  private evalScope(frame: StepFrame, scope: StepScope): EvalScope {
    return { session: scope.session, page: scope.page, pageInfo: scope.page && this.host.pageInfo(scope.page), record: frame.record, redact: scope.redact };
  }
}
