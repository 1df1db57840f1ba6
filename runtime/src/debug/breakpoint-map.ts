// The breakpoints a user set, by source file: each is verified on the step line it sits on (a blank or
// non-step line moves to the next step of the same agent), or refused with the reason; sessions get
// the verified ones of their agent's file.
import type { Declaration, Step } from '../../../language/src/ast';
import { allSteps, stepsOf } from '../../../language/src/model';
import type { Workspace } from '../../../language/src/workspace';
import { stepLine, type StepBreakpoint } from './debug-types';
import { ExpressionError, parseExpression } from './expressions';
import { parseHitCondition } from './hit-conditions';

/** A breakpoint as the editor sends it; lines are 0-based. */
export interface BreakpointRequest {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

/** What the editor shows for it: where it sits, or why it does not. */
export interface BreakpointResult {
  id: number;
  verified: boolean;
  line: number;
  message?: string;
}

interface SetBreakpoint extends StepBreakpoint {
  verified: boolean;
}

/** The agents declared in a file, with their step lines in order. */
function agentsIn(ws: Workspace, uri: string): Array<{ agent: Declaration; lines: number[]; start: number; end: number }> {
  const file = ws.getFile(uri);
  if (!file) return [];
  return file.ast.declarations.flatMap((d) => {
    const block = d.kind === 'agent' ? stepsOf(d) : undefined;
    if (!block) return [];
    const lines = [...new Set(allSteps(block.steps).map((s: Step) => stepLine(s)))].sort((a, b) => a - b);
    return [{ agent: d, lines, start: block.range.start.line, end: block.range.end.line }];
  });
}

function problemOf(req: BreakpointRequest): string | undefined {
  if (req.condition?.trim()) {
    try {
      parseExpression(req.condition);
    } catch (e) {
      if (e instanceof ExpressionError) return `The condition does not parse: ${e.message} (at character ${e.offset + 1}).`;
      throw e;
    }
  }
  const hit = req.hitCondition?.trim() ? parseHitCondition(req.hitCondition) : undefined;
  return hit && 'error' in hit ? `The hit count does not parse: ${hit.error}.` : undefined;
}

export class BreakpointMap {
  private readonly bySource = new Map<string, SetBreakpoint[]>();
  private nextId = 1;

  /** Replaces the breakpoints of one file; returns each one's verification, in the order given. */
  set(ws: Workspace, uri: string, requests: readonly BreakpointRequest[]): BreakpointResult[] {
    const agents = agentsIn(ws, uri);
    const results: BreakpointResult[] = [];
    const kept: SetBreakpoint[] = [];
    for (const req of requests) {
      const id = this.nextId++;
      const problem = problemOf(req);
      const where = agents.find((a) => req.line >= a.start && req.line <= a.end);
      const line = where?.lines.find((l) => l >= req.line);
      let message = problem;
      if (!where) message ??= `Line ${req.line + 1} is not in an agent's steps block: breakpoints sit on steps (open, paginate, visit, extract, fill, click, submit, wait, log).`;
      else if (line === undefined) message ??= `No step of agent ${where.agent.name} is on or after line ${req.line + 1}: put the breakpoint on one of its steps.`;
      const verified = message === undefined;
      results.push({ id, verified, line: line ?? req.line, message });
      kept.push({ id, line: line ?? req.line, condition: req.condition?.trim() || undefined, hitCondition: req.hitCondition?.trim() || undefined, logMessage: req.logMessage, verified });
    }
    this.bySource.set(uri, kept);
    return results;
  }

  /** The verified breakpoints a session of this agent checks (those in its file, on its steps). */
  forAgent(ws: Workspace, agent: Declaration): StepBreakpoint[] {
    const lines = new Set(agentsIn(ws, agent.uri).find((a) => a.agent === agent)?.lines ?? []);
    return (this.bySource.get(agent.uri) ?? [])
      .filter((b) => b.verified && lines.has(b.line))
      .map(({ verified: _verified, ...bp }) => bp);
  }

  /** The lines in [from, to] where a breakpoint can sit (step lines), for the editor's breakpoint locations. */
  locations(ws: Workspace, uri: string, from: number, to: number): number[] {
    return agentsIn(ws, uri).flatMap((a) => a.lines.filter((l) => l >= from && l <= to));
  }
}
